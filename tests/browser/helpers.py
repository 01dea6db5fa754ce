"""Reusable steps for browser journeys: log in through the real form, take numbered screenshots.

    def test_something(page, live_server, cast, shot):
        login(page, cast.u_bkd, shot=shot)
        page.goto(url(live_server, "pegawai:daftar"))
        shot(page, "daftar")          # test-artifacts/screenshots/<test>/02-daftar.png
"""

import re
import shutil
from pathlib import Path

from django.conf import settings
from django.urls import reverse

# The password every browser journey gives its users (user.set_password in the fixtures).
SANDI = "rahasia-uji-123"

SCREENSHOT_ROOT = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def url(live_server, name, *args, query="", **kwargs):
    """Absolute live-server URL of a named route."""
    path = reverse(name, args=args or None, kwargs=kwargs or None)
    return f"{live_server.url}{path}{'?' + query if query else ''}"


class Shots:
    """Numbered screenshots for one test: <root>/<test name>/NN-step.png."""

    def __init__(self, test_name, root=SCREENSHOT_ROOT):
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name).strip("_")
        self.folder = root / safe
        # A rerun replaces the previous run's pictures instead of mixing with them.
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, page, step, *, axe=True):
        self.count += 1
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", step).strip("-")
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if axe:
            periksa_aksesibilitas(page, step)
        return path


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def periksa_aksesibilitas(page, step=""):
    """Run axe-core (WCAG 2 A and AA rules) on the page as it is now; fail on any violation.

    Every screenshot step calls it, so every page a journey looks at is checked. axe is
    loaded through DevTools (page.evaluate), which the page's CSP does not govern.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    hasil = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
               values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
             .then(r => r.violations.map(v => ({id: v.id, help: v.help,
               nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: "
                 + (n.failureSummary || "").split("\\n").slice(0, 2).join(" "))})))"""
    )
    assert not hasil, f"axe ({step}, {page.url}): " + "; ".join(
        f"{v['id']} ({v['help']}): {v['nodes']}" for v in hasil)


def login(page, user, *, live_server=None, password=SANDI, shot=None, expect_success=True):
    """Log `user` in through the login form, as a person would.

    Opens the login page (on `live_server`, or the context's base URL), types the username
    and password, presses "Masuk". With expect_success, waits until the navigation bar
    shows the user is in.
    """
    base = live_server.url if live_server is not None else ""
    page.goto(f"{base}{reverse('login')}")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(password)
    if shot:
        shot(page, f"login-{user.username}")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("domcontentloaded")
    if expect_success:
        nav = page.get_by_role("navigation", name="Navigasi utama")
        nav.wait_for(state="visible")
        if shot:
            shot(page, f"masuk-{user.username}")
    return page


def nav_items(page):
    """Texts of the main navigation, left to right: plain links, each group's toggle, then the
    links in its menu (read from the page, so closed menus count too)."""
    items = page.get_by_role("navigation", name="Navigasi utama").locator(
        "ul.navbar-nav.me-auto"
    ).locator("a.nav-link, .nav-link.dropdown-toggle, a.dropdown-item")
    return [" ".join(t.split()) for t in items.all_text_contents()]


def nav_menu(page, name, *, exact=True):
    """Open the navigation dropdown whose toggle reads `name` (a string or a compiled regex);
    returns its menu."""
    toggle = page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "button", name=name, exact=exact
    )
    toggle.click()
    menu = page.locator(f"ul.dropdown-menu[aria-labelledby='{toggle.get_attribute('id')}']")
    menu.wait_for(state="visible")
    return menu
