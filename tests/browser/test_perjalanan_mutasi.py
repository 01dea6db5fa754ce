"""The whole transfer journey in a real browser: request, endorsements, approval, SK, new figures.

Dinas Perhubungan's "Pengadministrasi Umum" needs 3 people and has 1 (outsider), so the cast's
employee in Dinas Kesehatan may ask to move there. Every step is done through the pages, by
the person whose turn it is, and photographed.
"""

import re

from django.utils import timezone
from playwright.sync_api import expect

from bebankerja.hitung import balance_recompute
from bebankerja.models import PeriodeAbk
from bebankerja.services import tugas_bulk_replace
from mutasi.models import PermohonanMutasi, Status
from mutasi.tests.factories import PDF_KECIL, jadikan_layak
from mutasi.uploads import dokumen_wajib
from pegawai.models import Pegawai

from .helpers import login, url


def _tugas(volume):
    # volume × 5 minutes ÷ 75,000 minutes per person per year
    return [{"uraian": "Mengagendakan surat", "satuan_hasil": "surat", "volume": volume,
             "norma_waktu": 5}]


def _bezetting_peta(page, live_server, unit, jabatan_slug):
    page.goto(url(live_server, "bebankerja:unit_peta", pk=unit.pk, query="periode=2026"))
    row = page.get_by_test_id(f"peta-{jabatan_slug}")
    return int(row.locator("td").nth(4).inner_text().strip())


def _bezetting_dasbor(page, live_server, unit):
    page.goto(url(live_server, "bebankerja:dasbor", query="periode=2026"))
    tabel = page.get_by_role("table", name="Keseimbangan per unit")
    row = tabel.locator("tbody tr").filter(
        has=page.get_by_role("link", name=unit.nama, exact=True))
    return int(row.locator("td").nth(3).inner_text().strip())


def _keluar(page):
    """Log out by forgetting the session, so the next person logs in afresh."""
    page.context.clear_cookies()


def test_a_transfer_goes_from_request_to_sk_and_moves_the_figures(
    page, live_server, pemain, shot, tmp_path
):
    c = pemain
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    # Dinas Kesehatan needs 1 pelaksana (has 1); Dinas Perhubungan needs 3 (has 1).
    tugas_bulk_replace(aktor=None, periode=periode, unit=c.dinkes, jabatan=c.j_pelaksana,
                       rows=_tugas(15000))
    tugas_bulk_replace(aktor=None, periode=periode, unit=c.dishub, jabatan=c.j_pelaksana,
                       rows=_tugas(45000))
    balance_recompute(periode=periode)
    jadikan_layak(c.pegawai)
    slug = "pengadministrasi-umum"

    # 0) BKD notes the figures before.
    login(page, c.u_bkd, live_server=live_server)
    asal_sebelum = _bezetting_peta(page, live_server, c.dinkes, slug)
    tujuan_sebelum = _bezetting_peta(page, live_server, c.dishub, slug)
    assert (asal_sebelum, tujuan_sebelum) == (1, 1)
    shot(page, "peta-tujuan-sebelum")
    # Whole units (heads included): Dinas Kesehatan 2, Dinas Perhubungan 2.
    dasbor_sebelum = (_bezetting_dasbor(page, live_server, c.dinkes),
                      _bezetting_dasbor(page, live_server, c.dishub))
    assert dasbor_sebelum == (2, 2)
    shot(page, "dasbor-sebelum")
    _keluar(page)

    # 1) The employee files the request, uploads the documents and submits.
    login(page, c.u_pegawai, live_server=live_server, shot=shot)
    page.goto(url(live_server, "mutasi:buat"))
    # the unit list is indented as a tree: an OPD sits one step below the Pemda
    page.get_by_label("Unit tujuan").select_option(label="· Dinas Perhubungan")
    page.get_by_label("Jabatan tujuan").select_option(label="Pengadministrasi Umum")
    page.get_by_label("Alasan").select_option("pengembangan_karier")
    page.get_by_label("Justifikasi").fill(
        "Ingin mengembangkan kompetensi di bidang perhubungan; unit tujuan kekurangan "
        "pengadministrasi umum.")
    shot(page, "formulir-permohonan")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".alert-success")).to_contain_text("Draf permohonan #")
    p = PermohonanMutasi.objects.get(pegawai=c.pegawai)
    assert p.status == Status.DRAFT
    shot(page, "draf-tersimpan")

    wajib = dokumen_wajib(p.asal_permohonan, p.alasan)
    assert wajib, "MUTASI_DOKUMEN_WAJIB names no document for this request"
    for jenis in wajib:
        berkas = tmp_path / f"{jenis}.pdf"
        berkas.write_bytes(PDF_KECIL)
        page.get_by_label("Jenis dokumen").select_option(jenis)
        page.get_by_label("Berkas").set_input_files(str(berkas))
        page.get_by_role("button", name="Unggah").click()
        expect(page.locator(".alert-success")).to_contain_text(f"{jenis}.pdf")
    expect(page.get_by_text("Belum diunggah:")).to_have_count(0)
    assert p.dokumen.count() == len(wajib)
    shot(page, "dokumen-lengkap")

    page.get_by_role("link", name="Periksa & ajukan").click()
    expect(page.get_by_text("Dokumen persyaratan lengkap.")).to_be_visible()
    page.get_by_label(re.compile("^Saya menyatakan data dan dokumen")).check()
    shot(page, "konfirmasi-ajukan")
    page.get_by_role("button", name="Ajukan sekarang").click()
    expect(page.locator(".alert-success")).to_contain_text("diajukan ke kepala unit asal")
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN
    shot(page, "diajukan")
    _keluar(page)

    # 2) The origin head finds it on their home page and releases the employee.
    login(page, c.u_kepala_asal, live_server=live_server)
    page.goto(url(live_server, "beranda"))
    kartu = page.get_by_test_id("beranda-menunggu")
    expect(kartu).to_contain_text(f"#{p.pk}")
    shot(page, "beranda-kepala-asal")
    page.goto(url(live_server, "mutasi:menunggu"))
    shot(page, "menunggu-kepala-asal")
    page.goto(url(live_server, "beranda"))
    page.get_by_test_id("beranda-menunggu").get_by_role(
        "link", name=re.compile(f"^#{p.pk} ")).click()
    page.get_by_label("Catatan (opsional)").fill("Dilepas; beban unit tetap terpenuhi.")
    page.get_by_role("button", name="Setujui pelepasan (unit asal)").click()
    expect(page.locator(".alert-success")).to_contain_text("Disetujui kepala unit asal")
    p.refresh_from_db()
    assert p.status == Status.DISETUJUI_ASAL
    shot(page, "disetujui-asal")
    _keluar(page)

    # 3) The receiving head accepts.
    login(page, c.u_kepala_tujuan, live_server=live_server)
    page.goto(url(live_server, "mutasi:detail", pk=p.pk))
    page.get_by_role("button", name="Terima (unit tujuan)").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Permohonan #{p.pk}")
    p.refresh_from_db()
    assert p.status == Status.DITERIMA_TUJUAN
    shot(page, "diterima-tujuan")
    _keluar(page)

    # 4) BKD sees the impact (before and after) and approves.
    login(page, c.u_bkd, live_server=live_server)
    page.goto(url(live_server, "mutasi:detail", pk=p.pk))
    dampak = page.get_by_role("table", name="Dampak mutasi terhadap beban kerja")
    expect(dampak).to_contain_text("Sekarang")
    expect(dampak).to_contain_text("Sesudah mutasi")
    baris_tujuan = dampak.locator("tbody tr").filter(has_text="Dinas Perhubungan").first
    sel = [t.strip() for t in baris_tujuan.locator("td").all_inner_texts()]
    # kebutuhan, bezetting, selisih, EJ/EU now | the same after the move
    assert sel[0:3] == ["3", "1", "-2"], sel
    assert sel[4:7] == ["3", "2", "-1"], sel
    shot(page, "dampak-bkd")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Setujui mutasi (BKD)").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Permohonan #{p.pk}")
    p.refresh_from_db()
    assert p.status == Status.DISETUJUI_BKD
    shot(page, "disetujui-bkd")

    # 5) BKD issues the SK with TMT today and downloads it.
    page.get_by_role("link", name=re.compile("^Terbitkan SK")).click()
    page.get_by_label(c.pegawai.nama_lengkap).check()
    hari_ini = timezone.localdate().isoformat()
    page.get_by_label("Tanggal SK").fill(hari_ini)
    page.get_by_label("TMT mutasi").fill(hari_ini)
    shot(page, "sk-pilih")
    page.get_by_role("button", name="Periksa").click()
    expect(page.get_by_text("TMT sudah tiba")).to_be_visible()
    shot(page, "sk-konfirmasi")
    page.get_by_role("button", name="Terbitkan SK").click()
    expect(page.locator(".alert-success")).to_contain_text("terbit untuk 1 permohonan")
    shot(page, "sk-daftar")
    p.refresh_from_db()
    assert p.sk is not None
    # The TMT has come: the move took effect right after the SK's commit.
    assert p.status == Status.BERLAKU
    assert Pegawai.objects.get(pk=c.pegawai.pk).unit_id == c.dishub.pk

    page.goto(url(live_server, "mutasi:detail", pk=p.pk))
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh SK (PDF)").click()
    unduhan = info.value
    assert unduhan.suggested_filename.endswith(".pdf")
    unduhan.save_as(tmp_path / "sk.pdf")
    assert (tmp_path / "sk.pdf").read_bytes().startswith(b"%PDF")
    shot(page, "sk-berlaku")

    # 6) The balance pages show the employee counted in the new unit.
    assert _bezetting_peta(page, live_server, c.dinkes, slug) == asal_sebelum - 1
    shot(page, "peta-asal-sesudah")
    assert _bezetting_peta(page, live_server, c.dishub, slug) == tujuan_sebelum + 1
    shot(page, "peta-tujuan-sesudah")
    assert (_bezetting_dasbor(page, live_server, c.dinkes),
            _bezetting_dasbor(page, live_server, c.dishub)) == (
        dasbor_sebelum[0] - 1, dasbor_sebelum[1] + 1)
    shot(page, "dasbor-sesudah")
