"""Security checks: production settings, CSRF on every POST, login throttling, sessions.

POST_URLS lists every URL whose view accepts POST; a test walks the URL patterns and fails
when a view that takes POST (a class-based view with `post`, a function view behind
`require_POST`/`require_http_methods`, or one that reads `request.POST`/`request.FILES`) is
not listed, so each new form is checked for CSRF here.
"""

import inspect
import os
import secrets
import string
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from pegawai.models import LoginGagal
from tests.test_semua_url import ADMIN_NAMESPACE, EXPECTED, ROLES, user_for

BASE_DIR = Path(settings.BASE_DIR)
SANDI = "rahasia-uji-123"

# Every URL name whose view accepts POST. Add a row when you add a form or an action;
# kwargs come from tests/test_semua_url.py's EXPECTED table.
POST_URLS = [
    "login",
    "logout",
    "pegawai:impor",
    "pegawai:profil",
    "pegawai:profil_pemda",
    "bebankerja:abk_jabatan",
    "bebankerja:periode_daftar",
    "bebankerja:periode_aktifkan",
    "bebankerja:periode_salin",
    "bebankerja:periode_hapus",
    "bebankerja:impor",
    "mutasi:buat",
    "mutasi:buat_organisasi",
    "mutasi:ubah",
    "mutasi:ajukan",
    "mutasi:aksi",
    "mutasi:pengecualian",
    "mutasi:unggah",
    "mutasi:dokumen_hapus",
    "mutasi:sk_terbitkan",
    "mutasi:ganti_pegawai",
    "mutasi:perencana",
    "mutasi:perencana_skenario_baru",
    "mutasi:perencana_pindah_tambah",
    "mutasi:perencana_pindah_hapus",
    "mutasi:perencana_pindah_ganti",
    "mutasi:perencana_permohonan",
    "mutasi:perencana_abk_tambah",
    "mutasi:perencana_abk_hapus",
]


@pytest.fixture(autouse=True)
def _hasher_cepat(settings):
    # Throttling tests log in dozens of times; PBKDF2's cost is not what is under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Production settings --------------------------------------------------------------

def _manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )


def _random_key(n=50):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(n))


def test_check_deploy_is_clean_in_production_mode():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="False", DJANGO_SECRET_KEY=_random_key(),
        DJANGO_ALLOWED_HOSTS="example.go.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("key", [None, "", "   "], ids=["tidak-ada", "kosong", "spasi"])
def test_production_refuses_to_start_without_a_secret_key(key):
    extra = {} if key is None else {"DJANGO_SECRET_KEY": key}
    result = _manage("check", DJANGO_DEBUG="False", DJANGO_ALLOWED_HOSTS="example.go.id", **extra)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_cookies_are_secure_and_http_only():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT)"
    )
    result = _manage(
        "shell", "-c", code,
        DJANGO_DEBUG="False", DJANGO_SECRET_KEY=_random_key(),
        DJANGO_ALLOWED_HOSTS="example.go.id",
    )
    assert result.returncode == 0, result.stderr
    # Django's shell may print its auto-import notice first: the answer is the last line.
    assert result.stdout.strip().splitlines()[-1].split() == [
        "False", "True", "True", "True", "Lax", "True"
    ]


def test_no_url_serves_uploaded_files_directly():
    from django.views.static import serve

    def callbacks(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from callbacks(p.url_patterns)
            else:
                yield p.callback

    assert serve not in list(callbacks(get_resolver().url_patterns))
    static_dirs = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    media = Path(settings.MEDIA_ROOT).resolve()
    assert all(media != d and d not in media.parents for d in static_dirs)


# --- CSRF -----------------------------------------------------------------------------

def _patterns(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _patterns(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield prefix, (f"{prefix}{p.name}" if p.name else None), p.callback


def _accepts_post(callback):
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    func = callback
    while func is not None:
        # require_POST / require_http_methods keep the allowed methods in their closure.
        try:
            allowed = inspect.getclosurevars(func).nonlocals.get("request_method_list")
        except TypeError:
            allowed = None
        if allowed is not None:
            return "POST" in allowed
        inner = getattr(func, "__wrapped__", None)
        if inner is None:
            break
        func = inner
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return True  # cannot tell: make whoever adds it list it
    return any(s in source for s in ("request.POST", "request.FILES", '"POST"', "'POST'"))


def _project_patterns():
    # Django's admin (namespace "admin") guards its own forms; everything else is ours.
    return [
        (name, cb) for ns, name, cb in _patterns(get_resolver().url_patterns)
        if not ns.startswith(ADMIN_NAMESPACE + ":")
    ]


def test_every_view_accepting_post_is_listed_in_post_urls():
    unnamed = [cb for name, cb in _project_patterns() if name is None and _accepts_post(cb)]
    assert not unnamed, f"URL tanpa nama yang menerima POST: {unnamed}"
    accepting = sorted(name for name, cb in _project_patterns() if name and _accepts_post(cb))
    missing = [n for n in accepting if n not in POST_URLS]
    assert not missing, f"View yang menerima POST belum ada di POST_URLS: {missing}"
    stale = [n for n in POST_URLS if n not in accepting]
    assert not stale, f"Baris POST_URLS tanpa view yang menerima POST: {stale}"


def test_post_detection_sees_require_post_and_ignores_get_only_views():
    from django.views.decorators.http import require_GET, require_POST

    @require_POST
    def aksi(request):
        return None

    @require_GET
    def halaman(request):
        return None

    def formulir(request):
        return request.POST

    def biasa(request):
        return None

    assert _accepts_post(aksi)
    assert not _accepts_post(halaman)
    assert _accepts_post(formulir)
    assert not _accepts_post(biasa)


def test_no_project_view_is_csrf_exempt():
    exempt = [name for name, cb in _project_patterns() if getattr(cb, "csrf_exempt", False)]
    assert not exempt, f"View tanpa perlindungan CSRF: {exempt}"


def _url(cast, name):
    if name not in EXPECTED:
        pytest.fail(f"{name} belum punya baris di EXPECTED (tests/test_semua_url.py)")
    kwargs_builder = EXPECTED[name][0]
    return reverse(name, kwargs=kwargs_builder(cast) if kwargs_builder else None)


@pytest.mark.parametrize("name", POST_URLS)
@pytest.mark.parametrize("role", ROLES)
def test_post_without_csrf_token_is_refused(cast, name, role):
    client = Client(enforce_csrf_checks=True)
    user = user_for(cast, role)
    if user is not None:
        client.force_login(user)
    response = client.post(_url(cast, name), {})
    assert response.status_code == 403, (name, role, response.status_code)
    # Refused by the CSRF check itself, not by a role check that happens to say 403 too.
    assert "CSRF" in response.content.decode(), (name, role)
    if user is not None:
        # Refused means nothing happened: the session is still logged in.
        assert client.get(reverse("beranda")).status_code == 200


@pytest.mark.parametrize("name", POST_URLS)
def test_post_with_the_csrf_token_passes_the_csrf_check(cast, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.u_bkd)
    client.get(reverse("beranda"))  # the logout form in the menu sets the CSRF cookie
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(_url(cast, name), {"csrfmiddlewaretoken": token})
    assert not (response.status_code == 403 and "CSRF" in response.content.decode()), name


def test_login_and_logout_with_the_csrf_token_are_accepted(cast):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("login"), {"username": "pegawai", "password": SANDI, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    token = client.cookies[settings.CSRF_COOKIE_NAME].value  # rotated at login
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(reverse("beranda")).status_code == 302


# --- Login throttling -----------------------------------------------------------------

GAGAL = "Nama pengguna atau kata sandi salah."
TERKUNCI = "Terlalu banyak percobaan login yang gagal untuk akun ini."


def _login(client, username, password, ip="10.0.0.1", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password},
        REMOTE_ADDR=ip, **extra,
    )


def _fail_max_times(client, username="pegawai", ip="10.0.0.1"):
    for _ in range(settings.LOGIN_GAGAL_MAKS):
        response = _login(client, username, "salah", ip)
        assert response.status_code == 200
        assert GAGAL in response.content.decode()


def test_login_is_refused_even_with_the_right_password_after_too_many_failures(client, cast):
    _fail_max_times(client)
    assert LoginGagal.objects.filter(username="pegawai").count() == settings.LOGIN_GAGAL_MAKS

    response = _login(client, "pegawai", SANDI)

    assert response.status_code == 200
    assert TERKUNCI in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("beranda")).status_code == 302


def test_one_failure_fewer_than_the_limit_still_lets_the_right_password_in(client, cast):
    for _ in range(settings.LOGIN_GAGAL_MAKS - 1):
        _login(client, "pegawai", "salah")
    response = _login(client, "pegawai", SANDI)
    assert response.status_code == 302
    assert client.get(reverse("beranda")).status_code == 200


def test_throttling_counts_the_username_case_insensitively(client, cast):
    for i in range(settings.LOGIN_GAGAL_MAKS):
        _login(client, "PEGAWAI" if i % 2 else "Pegawai", "salah")
    response = _login(client, "pegawai", SANDI)
    assert TERKUNCI in response.content.decode()


def test_other_usernames_from_the_same_address_are_unaffected(client, cast):
    _fail_max_times(client)
    response = _login(client, "kepala_asal", SANDI)
    assert response.status_code == 302
    assert client.get(reverse("beranda")).status_code == 200


def test_same_username_from_another_address_is_unaffected(client, cast):
    _fail_max_times(client, ip="10.0.0.1")
    response = _login(client, "pegawai", SANDI, ip="10.0.0.2")
    assert response.status_code == 302


def test_forwarded_for_header_does_not_bypass_the_lock(client, cast):
    _fail_max_times(client, ip="10.0.0.1")
    response = _login(client, "pegawai", SANDI, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert TERKUNCI in response.content.decode()


def test_failures_older_than_an_hour_do_not_count(client, cast):
    _fail_max_times(client)
    LoginGagal.objects.filter(username="pegawai").update(
        waktu=timezone.now() - timedelta(hours=1, minutes=1)
    )
    response = _login(client, "pegawai", SANDI)
    assert response.status_code == 302
    assert client.get(reverse("beranda")).status_code == 200


# --- Sessions -------------------------------------------------------------------------

def test_session_expires_within_twelve_hours_and_idle_time_counts():
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE or settings.SESSION_COOKIE_AGE


def test_session_cookie_is_http_only_and_short_lived(client, cast):
    response = _login(client, "pegawai", SANDI)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert 0 < int(cookie["max-age"]) <= 12 * 3600


def test_logout_invalidates_the_session_for_whoever_kept_the_cookie(client, cast):
    assert _login(client, "pegawai", SANDI).status_code == 302
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=old_key).exists()

    assert client.post(reverse("logout")).status_code == 302

    assert not Session.objects.filter(session_key=old_key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = replay.get(reverse("beranda"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_login_rotates_the_session_key(client, cast):
    session = client.session
    session["sebelum_login"] = True
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before

    assert _login(client, "pegawai", SANDI).status_code == 302

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.get(session_key=after).get_decoded()["_auth_user_id"] == str(
        cast.u_pegawai.pk
    )


def test_session_past_its_age_is_anonymous(client, cast):
    assert _login(client, "pegawai", SANDI).status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    expired = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(session_key=key).update(expire_date=expired)
    assert client.get(reverse("beranda")).status_code == 302


def _admin_login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_admin_login_shares_the_lock_of_the_login_page(client, cast):
    """The probe found /admin/login/ accepted the right password after /masuk/ had locked."""
    _fail_max_times(client, username="admin")
    response = _admin_login(client, "admin", SANDI)
    assert response.status_code == 200
    assert TERKUNCI in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_failures_count_towards_the_lock_of_the_login_page(client, cast):
    for _ in range(settings.LOGIN_GAGAL_MAKS):
        assert _admin_login(client, "admin", "salah").status_code == 200
    assert LoginGagal.objects.filter(username="admin").count() == settings.LOGIN_GAGAL_MAKS
    assert TERKUNCI in _login(client, "admin", SANDI).content.decode()
    assert TERKUNCI in _admin_login(client, "admin", SANDI).content.decode()


def test_the_backend_refuses_a_locked_login_on_any_path(rf, cast):
    """authenticate() itself refuses: a path that forgets the form's check is still locked."""
    from django.contrib.auth import authenticate

    request = rf.post("/", REMOTE_ADDR="10.0.0.9")
    for _ in range(settings.LOGIN_GAGAL_MAKS):
        assert authenticate(request, username="pegawai", password="salah") is None
    assert authenticate(request, username="pegawai", password=SANDI) is None
    other = rf.post("/", REMOTE_ADDR="10.0.0.10")
    assert authenticate(other, username="pegawai", password=SANDI) is not None


# --- Content-Security-Policy ------------------------------------------------------------

def test_html_pages_carry_a_csp_without_unsafe_inline(client, cast):
    client.force_login(cast.u_bkd)
    for url in ("/", "/masuk/", "/pegawai/", "/admin/login/"):
        r = client.get(url)
        csp = r.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, (url, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_no_template_needs_unsafe_inline():
    """Inline handlers, style attributes, <style> and inline <script> are refused by the CSP."""
    import re

    root = Path(__file__).resolve().parent.parent
    pola = re.compile(r"\son[a-z]+\s*=|\sstyle\s*=|<style"
                      r"|<script(?![^>]*\bsrc=)(?![^>]*application/json)", re.I)
    temuan = []
    for f in root.glob("**/templates/**/*.html"):
        if ".venv" in f.parts:
            continue
        for i, baris in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if pola.search(baris):
                temuan.append(f"{f.relative_to(root)}:{i}")
    assert not temuan, temuan
