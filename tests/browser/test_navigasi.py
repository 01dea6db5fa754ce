"""BKD's grouped navigation in a real browser: menus open with the keyboard, the waiting count
stays visible on the closed Mutasi menu, and Bootstrap's JS comes from our own static files."""

import re

import pytest
from playwright.sync_api import expect

from mutasi.models import Status
from mutasi.tests.factories import buat_permohonan

from .helpers import login, nav_items, nav_menu

pytestmark = pytest.mark.browser


def test_bkd_menus_open_and_move_with_the_keyboard(page, live_server, pemain, shot):
    buat_permohonan(pemain, Status.DITERIMA_TUJUAN)
    login(page, pemain.u_bkd, shot=shot)
    nav = page.get_by_role("navigation", name="Navigasi utama")

    src = page.locator("script[src*='bootstrap.bundle']").get_attribute("src")
    assert src.startswith("/static/"), src

    items = nav_items(page)
    for item in ["Pegawai", "Daftar pegawai", "Unit kerja", "Impor data", "Beban kerja",
                 "Keseimbangan", "Periode ABK", "Impor ABK", "Rencana redistribusi",
                 "Antrean mutasi", "Daftar SK", "Waktu proses", "Permohonan mutasi saya",
                 "Profil saya"]:
        assert item in items, items

    mutasi = nav.get_by_role("button", name=re.compile(r"^Mutasi"))
    expect(mutasi.locator(".badge")).to_have_text("1")
    expect(mutasi.locator(".badge")).to_be_visible()
    menu = page.locator("ul[aria-labelledby='nav-mutasi']")
    expect(menu).to_be_hidden()

    mutasi.focus()
    page.keyboard.press("Enter")
    expect(mutasi).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    shot(page, "menu-mutasi")
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("link", name=re.compile("^Menunggu tindakan saya"))).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("link", name="Antrean mutasi")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(mutasi).to_be_focused()

    abk = nav.get_by_role("button", name="Beban kerja", exact=True)
    abk.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Periode")
    expect(abk).to_have_class(re.compile(r"\bactive\b"))
    shot(page, "periode")

    nav_menu(page, "Pegawai").get_by_role("link", name="Unit kerja").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pohon unit kerja")


def test_head_opens_their_units_job_map_from_the_menu(page, live_server, pemain, shot):
    login(page, pemain.u_kepala_asal, shot=shot)
    nav_menu(page, "Beban kerja").get_by_role("link", name="Peta jabatan unit saya").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(pemain.dinkes.nama)
    shot(page, "peta-jabatan")
