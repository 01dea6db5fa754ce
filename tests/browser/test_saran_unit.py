"""The transfer form's "where you are needed" panel in a real browser: the default jabatan,
the htmx refresh when the jabatan changes, and the "Pilih" link that fills the form."""


from playwright.sync_api import expect

from bebankerja.hitung import balance_recompute
from bebankerja.models import PeriodeAbk
from bebankerja.services import tugas_bulk_replace
from mutasi.models import PermohonanMutasi

from .helpers import login, url


def _tugas(orang):
    # orang × 75,000 minutes a year, at 5 minutes a letter
    return [{"uraian": "Mengagendakan surat", "satuan_hasil": "surat", "volume": 15000 * orang,
             "norma_waktu": 5}]


def test_the_panel_follows_the_jabatan_and_pilih_fills_the_form(page, live_server, pemain, shot):
    c = pemain
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    # Pengadministrasi Umum: Dishub needs 3 (has 1), Puskesmas needs 1 (has 0), the
    # employee's own Dinas Kesehatan needs 3 (has 1) and is never suggested.
    tugas_bulk_replace(periode=periode, unit=c.dishub, jabatan=c.j_pelaksana, rows=_tugas(3),
                       aktor=None)
    tugas_bulk_replace(periode=periode, unit=c.puskesmas, jabatan=c.j_pelaksana, rows=_tugas(1),
                       aktor=None)
    tugas_bulk_replace(periode=periode, unit=c.dinkes, jabatan=c.j_pelaksana, rows=_tugas(3),
                       aktor=None)
    # Kepala Puskesmas: the Puskesmas needs 2 (has 1)
    tugas_bulk_replace(periode=periode, unit=c.puskesmas, jabatan=c.j_kapus, rows=_tugas(2),
                       aktor=None)
    balance_recompute(periode=periode)

    login(page, c.u_pegawai, live_server=live_server)
    page.goto(url(live_server, "mutasi:buat"))
    jabatan = page.get_by_label("Jabatan tujuan")
    expect(jabatan).to_have_value(str(c.j_pelaksana.pk))  # the current jabatan by default
    panel = page.get_by_role("region", name="Di mana Anda dibutuhkan")
    tabel = panel.get_by_role("table", name="Unit yang kekurangan Pengadministrasi Umum")
    baris = tabel.locator("tbody tr")
    expect(baris).to_have_count(2)
    expect(baris.nth(0)).to_contain_text("Dinas Perhubungan")
    assert [t.strip() for t in baris.nth(0).locator("td").all_inner_texts()[1:4]] == [
        "3", "1", "-2"]
    expect(baris.nth(1)).to_contain_text("Puskesmas Kota")
    expect(baris.nth(1)).to_contain_text("Dinas Kesehatan")  # its OPD
    expect(panel).to_contain_text("Angka dihitung")
    expect(panel.get_by_role("link", name="Pilih Dinas Kesehatan")).to_have_count(0)
    shot(page, "formulir-dengan-saran")

    # Another jabatan: htmx swaps the panel in place.
    jabatan.select_option(label="Kepala Puskesmas")
    tabel = panel.get_by_role("table", name="Unit yang kekurangan Kepala Puskesmas")
    expect(tabel.locator("tbody tr")).to_have_count(1)
    expect(tabel).to_contain_text("Puskesmas Kota")
    shot(page, "saran-kepala-puskesmas")
    jabatan.select_option(label="Kepala Dinas")
    expect(panel).to_contain_text("Coba pilih jabatan tujuan lain")
    shot(page, "saran-kosong")

    # Back to the employee's jabatan; what was typed stays when "Pilih" fills unit and
    # jabatan in place (static/js/saran_unit.js), without leaving the page.
    jabatan.select_option(label="Pengadministrasi Umum")
    page.get_by_label("Alasan").select_option("pengembangan_karier")
    page.get_by_label("Justifikasi").fill("Dinas Perhubungan kekurangan pengadministrasi umum.")
    sebelum = page.url
    panel.get_by_role("link", name="Pilih Dinas Perhubungan").click()
    expect(page.get_by_label("Unit tujuan")).to_have_value(str(c.dishub.pk))
    expect(page.get_by_label("Jabatan tujuan")).to_have_value(str(c.j_pelaksana.pk))
    expect(panel.get_by_role("status")).to_contain_text("Dinas Perhubungan dipilih")
    assert page.url == sebelum
    expect(page.get_by_label("Justifikasi")).to_have_value(
        "Dinas Perhubungan kekurangan pengadministrasi umum.")
    shot(page, "pilih-dishub")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.locator(".alert-success")).to_contain_text("Draf permohonan #")
    p = PermohonanMutasi.objects.get(pegawai=c.pegawai)
    assert (p.unit_tujuan_id, p.jabatan_tujuan_id) == (c.dishub.pk, c.j_pelaksana.pk)
