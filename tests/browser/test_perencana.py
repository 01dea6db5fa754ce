"""The balance planner in a real browser (issue 13): BKD plans, looks at the scenario, edits
it, compares, turns a move into a request and sends it to the employee; the employee reads
why and objects; BKD replaces the person with a proposed candidate. Screenshots of every
step; axe-core checks each page as it is shot."""

import re

import pytest
from playwright.sync_api import expect

from mutasi.models import PermohonanMutasi, Status
from mutasi.models_perencana import Skenario
from mutasi.tests.factories import PDF_KECIL
from mutasi.tests.test_perencana_layanan import abkdata  # noqa: F401

from .helpers import login, url

pytestmark = pytest.mark.browser


def _keluar(page):
    page.context.clear_cookies()


def test_bkd_plans_edits_compares_requests_employee_objects_bkd_replaces(
        page, live_server, pemain, abkdata, shot, tmp_path):  # noqa: F811
    c = abkdata
    # 1) BKD computes a plan with the default options.
    login(page, c.u_bkd, live_server=live_server)
    page.goto(url(live_server, "mutasi:perencana"))
    shot(page, "perencana-opsi")
    page.get_by_role("button", name="Hitung rencana").click()
    expect(page.get_by_role("link", name="Buka skenario")).to_be_visible()
    shot(page, "rencana-selesai")
    page.get_by_role("link", name="Buka skenario").click()
    sk = Skenario.objects.get()
    expect(page.locator("body")).to_contain_text(c.pegawai.nip)
    expect(page.locator("body")).to_contain_text(c.dua.nip)
    shot(page, "skenario")

    # 2) Edit: drop the move of `dua`, then compare with today.
    baris_dua = page.locator("tr").filter(has_text=c.dua.nip).first
    page.once("dialog", lambda d: d.accept())
    baris_dua.get_by_role("button", name="Hapus").click()
    expect(page.locator("body")).not_to_contain_text(c.dua.nip)
    assert sk.pindah.count() == 1
    shot(page, "skenario-disunting")

    # 2b) What-if ABK changes: a task's volume, then a jabatan's need; the charts follow.
    from bebankerja.models import TugasJabatan

    t = TugasJabatan(periode=c.periode, unit=c.dishub, jabatan=c.j_pelaksana,
                     uraian="Menyusun laporan lalu lintas", satuan_hasil="laporan",
                     volume=3000, norma_waktu=75)
    t.beban_menit = t.hitung_beban()
    t.save()
    page.get_by_label("Unit", exact=True).nth(1).select_option(str(c.dishub.pk))
    page.get_by_label("Jabatan", exact=True).nth(1).select_option(str(c.j_pelaksana.pk))
    page.get_by_role("button", name="Tampilkan tugas").click()
    page.get_by_label("Volume baru (kosong = tetap)").fill("4000")
    page.get_by_test_id("form-abk-tugas").get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_contain_text("Perubahan ABK")
    expect(page.get_by_test_id("perubahan-abk")).to_contain_text("3000 → 4000")
    page.get_by_label("Unit", exact=True).first.select_option(str(c.bkd_unit.pk))
    page.get_by_label("Jabatan", exact=True).first.select_option(str(c.j_pelaksana.pk))
    page.get_by_label("Kebutuhan baru (pegawai)").fill("2")
    page.get_by_role("button", name="Simpan kebutuhan").click()
    expect(page.get_by_test_id("perubahan-abk").locator("tbody tr")).to_have_count(2)
    expect(page.locator("#grafik-unit")).to_be_visible()
    assert sk.abk.count() == 2
    shot(page, "skenario-perubahan-abk")
    page.goto(url(live_server, "mutasi:perencana_banding", query=f"a={sk.pk}&b={sk.pk}"))
    shot(page, "banding")

    # 3) The remaining move becomes an organisational-need request (all or nothing).
    page.goto(url(live_server, "mutasi:perencana_skenario", pk=sk.pk))
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Buat permohonan (semua)").click()
    expect(page.locator(".alert-success")).to_contain_text("1 draf permohonan")
    p = PermohonanMutasi.objects.get(pegawai=c.pegawai)
    assert (p.status, p.asal_permohonan) == (Status.DRAFT, "kebutuhan_organisasi")
    shot(page, "permohonan-dibuat")

    # BKD adds the document organisational need asks for, then sends it to the employee.
    page.goto(url(live_server, "mutasi:detail", pk=p.pk))
    berkas = tmp_path / "sk_pangkat.pdf"
    berkas.write_bytes(PDF_KECIL)
    page.get_by_label("Jenis dokumen").select_option("sk_pangkat")
    page.get_by_label("Berkas").set_input_files(str(berkas))
    page.get_by_role("button", name="Unggah").click()
    shot(page, "dokumen-diunggah", axe=False)
    page.get_by_role("link", name=re.compile("Periksa & ajukan")).click()
    page.get_by_label(re.compile("^Saya menyatakan")).check()
    page.get_by_role("button", name="Ajukan sekarang").click()
    p.refresh_from_db()
    assert p.status == Status.MENUNGGU_PEGAWAI
    shot(page, "dikirim-ke-pegawai")
    _keluar(page)

    # 4) The employee sees it first, reads why, and objects with a reason.
    login(page, c.u_pegawai, live_server=live_server)
    expect(page.get_by_test_id("beranda-tanggapan")).to_be_visible()
    shot(page, "beranda-pegawai")
    page.get_by_role("link", name="Lihat usulan dan tanggapi").click()
    expect(page.get_by_test_id("mengapa-diusulkan")).to_contain_text("Anda diusulkan")
    page.get_by_label("Alasan keberatan (wajib)").select_option("keluarga")
    page.locator("#id_keberatan-catatan").fill("Merawat orang tua yang sakit di kota ini.")
    page.get_by_role("button", name="Ajukan keberatan").click()
    expect(page.locator(".alert-success")).to_contain_text("Pegawai keberatan")
    shot(page, "keberatan")
    _keluar(page)

    # 5) BKD replaces the person with the proposed candidate.
    login(page, c.u_bkd, live_server=live_server)
    page.goto(url(live_server, "mutasi:detail", pk=p.pk))
    expect(page.get_by_test_id("mengapa-diusulkan")).to_contain_text("Merawat orang tua")
    shot(page, "bkd-membaca-keberatan")
    page.get_by_role("link", name="Ganti pegawai (lihat kandidat)").click()
    expect(page.get_by_label(re.compile(re.escape(c.dua.nama_lengkap)))).to_be_checked()
    page.get_by_label("Alasan penggantian (wajib)").fill("Keberatan keluarga diterima.")
    shot(page, "ganti-pegawai")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Ganti pegawai").click()
    expect(page.locator(".alert-success")).to_contain_text("usulan baru")
    p.refresh_from_db()
    assert p.status == Status.DITARIK
    baru = PermohonanMutasi.objects.get(pegawai=c.dua)
    assert baru.status == Status.DRAFT and baru.unit_tujuan_id == p.unit_tujuan_id
    shot(page, "usulan-pengganti")
