"""Logging in and out through the real form, per role."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pegawai.models import LoginGagal

from .helpers import login, nav_items, nav_menu

pytestmark = pytest.mark.browser

UNTUK_SEMUA = ["Beranda", "Profil saya"]
UNTUK_KEPALA_DAN_BKD = ["Pegawai", "Daftar pegawai", "Unit kerja"]


@pytest.mark.parametrize(
    ("role", "boleh", "tidak_boleh"),
    [
        ("u_pegawai", UNTUK_SEMUA, UNTUK_KEPALA_DAN_BKD),
        ("u_kepala_asal", UNTUK_SEMUA + UNTUK_KEPALA_DAN_BKD, []),
        ("u_bkd", UNTUK_SEMUA + UNTUK_KEPALA_DAN_BKD, []),
    ],
    ids=["pegawai", "kepala_unit", "bkd"],
)
def test_each_role_logs_in_through_the_form_and_sees_its_own_navigation(
    page, live_server, pemain, shot, role, boleh, tidak_boleh
):
    user = getattr(pemain, role)
    login(page, user, shot=shot)

    expect(page).to_have_url(f"{live_server.url}{reverse('beranda')}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    items = nav_items(page)
    for item in boleh:
        assert item in items, (role, items)
    for item in tidak_boleh:
        assert item not in items, (role, items)

    if "Pegawai" in boleh:
        nav_menu(page, "Pegawai").get_by_role("link", name="Daftar pegawai", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Daftar pegawai")
        shot(page, "daftar-pegawai")

    # Out again through the user menu; the next page needs a fresh login.
    nav_menu(page, user.get_full_name() or user.username).get_by_role(
        "button", name="Keluar").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}")
    shot(page, "keluar")
    page.goto(f"{live_server.url}{reverse('beranda')}")
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}?next=/")


def test_wrong_password_shows_the_indonesian_error_and_keeps_the_user_out(
    page, live_server, pemain, shot
):
    login(page, pemain.u_pegawai, password="bukan-sandinya", shot=shot, expect_success=False)

    expect(page.get_by_text("Nama pengguna atau kata sandi salah.")).to_be_visible()
    shot(page, "sandi-salah")
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}")
    expect(page.get_by_role("navigation", name="Navigasi utama")).to_have_count(0)
    assert LoginGagal.objects.filter(username="pegawai").count() == 1
