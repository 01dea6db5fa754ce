"""Browser journeys: Playwright for Python driving Debian's Chromium against live_server.

Run them alone with `pytest -m browser` (or `pytest tests/browser`). They skip, with the
reason printed, when /usr/bin/chromium or Playwright is missing. Screenshots of every step go
to test-artifacts/screenshots/<test name>/NN-step.png; the run prints the folder.
"""

import os
from pathlib import Path

import pytest

from .helpers import SANDI, SCREENSHOT_ROOT, Shots

# Sync Playwright runs an event loop in the main thread for the whole session; without this
# every ORM call after the first `page` raises SynchronousOnlyOperation (CONTRIBUTING.md, trap 1).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's package; CHROMIUM_PATH points elsewhere on other machines.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HERE = Path(__file__).resolve().parent

try:
    import playwright.sync_api  # noqa: F401

    _PLAYWRIGHT = True
except ImportError:  # pragma: no cover - depends on the machine
    _PLAYWRIGHT = False
    # The journeys import Playwright at the top; without it they are not collected at all.
    collect_ignore_glob = ["test_*.py"]


def _skip_reason():
    if not _PLAYWRIGHT:
        return "Playwright tidak terpasang: pip install -r requirements-dev.txt"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} tidak ada: apt-get install -y chromium (lihat .ci/run)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    for item in items:
        if HERE not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own browser download does not work here: use Debian's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "id-ID",
        "timezone_id": "Asia/Jakarta",
        "viewport": {"width": 1366, "height": 900},
        "accept_downloads": True,
        # Bootstrap turns its colour transitions off then, so axe-core never measures a
        # button's contrast half-way through a hover animation.
        "reduced_motion": "reduce",
    }


@pytest.fixture
def page(page):
    """Every journey fails on a Content-Security-Policy violation the browser reports
    (an inline script, style or handler that slipped back into a template)."""
    # A broken page should fail fast, not after Playwright's 30 s default.
    page.set_default_timeout(10_000)
    pelanggaran = []
    page.on("console", lambda m: pelanggaran.append(m.text)
            if "Content Security Policy" in m.text else None)
    yield page
    assert not pelanggaran, f"pelanggaran CSP di peramban: {pelanggaran}"


_SHOT_FOLDERS = pytest.StashKey[list]()


@pytest.fixture
def shot(request):
    """shot(page, "step") saves test-artifacts/screenshots/<test name>/NN-step.png."""
    name = request.node.originalname
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None:
        # Drop pytest-playwright's browser parameter; keep the test's own ids.
        ids = [p for p in callspec.id.split("-") if p not in ("chromium", "firefox", "webkit")]
        if ids:
            name += "-" + "-".join(ids)
    shots = Shots(name)
    request.config.stash.setdefault(_SHOT_FOLDERS, []).append(shots.folder)
    return shots


@pytest.fixture(autouse=True)
def _hasher_cepat(settings):
    # Journeys log in many times; the UI is what is under test, not PBKDF2's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pemain(cast):
    """The cast with a known password for every user, ready to log in through the form."""
    for user in (cast.u_pegawai, cast.u_kepala_asal, cast.u_kepala_tujuan, cast.u_outsider,
                 cast.u_kapus, cast.u_bkd, cast.u_admin):
        user.set_password(SANDI)
        user.save(update_fields=["password"])
    return cast


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _PLAYWRIGHT:
        terminalreporter.write_line(f"browser tests not collected: {_skip_reason()}")
        return
    folders = [f for f in config.stash.get(_SHOT_FOLDERS, []) if f.is_dir()]
    if not folders:
        return
    n = sum(1 for f in folders for _ in f.glob("*.png"))
    terminalreporter.write_sep("-", "browser screenshots")
    terminalreporter.write_line(
        f"{n} screenshot(s) from {len(folders)} test(s) in {SCREENSHOT_ROOT.resolve()}"
    )

