"""BKD opens the redistribution plan from the Beban kerja menu and narrows it to one OPD."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from bebankerja import hitung, services
from bebankerja.models import PeriodeAbk
from pegawai.tests.factories import JabatanFactory, PegawaiFactory

from .helpers import login, nav_menu

pytestmark = pytest.mark.browser


def _butuh(periode, unit, jabatan, orang):
    """Tasks worth `orang` full-time people (75,000 min each) for `jabatan` in `unit`."""
    services.tugas_bulk_replace(aktor=None, periode=periode, unit=unit, jabatan=jabatan, rows=[{
        "uraian": "Mengelola administrasi kepegawaian", "satuan_hasil": "berkas",
        "volume": Decimal(7500 * orang), "norma_waktu": Decimal(10)}])


def test_bkd_reads_the_plan_and_filters_it(page, live_server, pemain, shot):
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    analis = JabatanFactory(kode="ANKEP", nama="Analis Kepegawaian", kelas=8)
    for _ in range(3):
        PegawaiFactory(unit=pemain.dinkes, jabatan=analis)  # +3, no tasks
    _butuh(periode, pemain.puskesmas, analis, 1)  # −1, same OPD as Dinas Kesehatan
    _butuh(periode, pemain.dishub, analis, 2)  # −2, another OPD
    hitung.balance_recompute()

    login(page, pemain.u_bkd, shot=shot)
    nav_menu(page, "Beban kerja").get_by_role("link", name="Rencana redistribusi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rencana redistribusi")
    expect(page.get_by_test_id("total-kekurangan")).to_have_text("3")
    expect(page.get_by_test_id("dipindah")).to_have_text("3")
    expect(page.get_by_test_id("kekurangan-sisa")).to_have_text("0")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("dalam OPD yang sama")
    expect(rows.nth(0)).to_contain_text(pemain.puskesmas.nama)
    shot(page, "rencana")

    page.get_by_label("Hanya dalam OPD yang sama").check()
    page.get_by_role("button", name="Terapkan").click()
    expect(rows).to_have_count(1)
    shot(page, "hanya-sama-opd")

    rows.nth(0).get_by_role("link", name="Calon pegawai").click()
    expect(page.locator("body")).to_contain_text("Analis Kepegawaian")
