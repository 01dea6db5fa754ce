"""BKD's employee list in the browser: filter, search, sort, export to Excel."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from pegawai.models import Pegawai
from pegawai.tests.factories import PegawaiFactory
from pegawai.views import EKSPOR_KOLOM

from .helpers import login, url

pytestmark = pytest.mark.browser


def _nips_on_page(page):
    return ["".join(t.split()) for t in page.locator("table tbody td.nip").all_inner_texts()]


def test_bkd_filters_by_unit_and_name_sorts_by_nip_and_downloads_the_excel(
    page, live_server, pemain, shot
):
    di_dinkes = PegawaiFactory(nama="Siti Rahayu", unit=pemain.dinkes, jabatan=pemain.j_pelaksana)
    di_puskesmas = PegawaiFactory(nama="Siti Aminah", unit=pemain.puskesmas,
                                  jabatan=pemain.j_pelaksana)
    di_dishub = PegawaiFactory(nama="Siti Nurbaya", unit=pemain.dishub, jabatan=pemain.j_pelaksana)
    # The cast's names come from Faker and may contain "Siti" too: ask the database.
    expected = list(
        Pegawai.objects.di_subtree(pemain.dinkes).filter(nama__icontains="siti")
        .order_by("nip")
        .values_list("nip", "nama")
    )
    expected_nips = [nip for nip, _ in expected]
    assert {di_dinkes.nip, di_puskesmas.nip} <= set(expected_nips)
    assert di_dishub.nip not in expected_nips

    login(page, pemain.u_bkd, shot=shot)
    page.goto(url(live_server, "pegawai:daftar"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar pegawai")
    assert di_dishub.nip in _nips_on_page(page)
    shot(page, "daftar-semua")

    unit_select = page.get_by_label("Unit kerja (termasuk sub-unit)")
    # Sub-units are shown indented ("· Dinas Kesehatan"): pick the option by its name.
    dinkes = unit_select.locator("option", has_text=pemain.dinkes.nama)
    expect(dinkes).to_have_count(1)
    unit_select.select_option(value=dinkes.get_attribute("value"))
    page.get_by_label("Cari NIP atau nama").fill("Siti")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_text(f"{len(expected)} pegawai", exact=True)).to_be_visible()
    assert sorted(_nips_on_page(page)) == sorted(expected_nips)
    shot(page, "saring-unit-dan-nama")

    page.locator("thead").get_by_role("link", name="NIP", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]urut=nip(&|$)"))
    assert _nips_on_page(page) == expected_nips
    assert "q=Siti" in page.url
    shot(page, "urut-nip-naik")

    # The sorted column's link tells screen readers its direction.
    page.locator("thead").get_by_role("link", name="NIP (diurutkan naik)", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]urut=-nip(&|$)"))
    assert _nips_on_page(page) == expected_nips[::-1]
    shot(page, "urut-nip-turun")

    page.locator("thead").get_by_role("link", name="NIP (diurutkan turun)", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]urut=nip(&|$)"))
    with page.expect_download() as info:
        page.get_by_role("link", name="Ekspor ke Excel").click()
    download = info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".xlsx")
    saved = shot.folder / download.suggested_filename
    download.save_as(saved)
    shot(page, "ekspor")

    ws = openpyxl.load_workbook(saved, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == EKSPOR_KOLOM
    assert [(r[0], r[1]) for r in rows[1:]] == expected
