"""ABK import from .xlsx/.csv: the worked example, units of measure, all-or-nothing, replace
semantics, the command and the BKD page."""

import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from bebankerja import services
from bebankerja.impor_abk import MAKS_BARIS, impor_abk, template_xlsx
from bebankerja.models import (
    PeriodeAbk,
    SnapshotJabatan,
    SnapshotUnit,
    TugasJabatan,
    UnitPerluHitung,
)
from pegawai.models import JenisUnit
from pegawai.tests.factories import JabatanFactory, PegawaiFactory, UnitFactory
from pegawai.tests.test_impor_bantuan import tulis_csv, tulis_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["kode_unit", "kode_jabatan", "uraian_tugas", "satuan_hasil", "volume",
          "periode_volume", "norma_waktu", "satuan_norma"]
URL = reverse("bebankerja:impor")


@pytest.fixture
def dinkes(periode):
    """Dinas Kesehatan of docs/domain.md with its staff (1 PLK, 3 PU) and no tasks yet."""
    d = SimpleNamespace(periode=periode)
    d.plk = JabatanFactory(kode="PLK", nama="Pengelola Layanan Kesehatan", kelas=7)
    d.pu = JabatanFactory(kode="PU", nama="Pengadministrasi Umum", kelas=5)
    d.pemda = UnitFactory(kode="PEMDA", nama="Pemerintah Kabupaten Contoh",
                          jenis=JenisUnit.PEMDA)
    d.unit = UnitFactory(kode="DINKES", nama="Dinas Kesehatan", induk=d.pemda)
    d.dishub = UnitFactory(kode="DISHUB", nama="Dinas Perhubungan", induk=d.pemda)
    PegawaiFactory(unit=d.unit, jabatan=d.plk)
    for _ in range(3):
        PegawaiFactory(unit=d.unit, jabatan=d.pu)
    return d


def _baris(unit, jabatan, uraian, volume, norma, satuan="dokumen", per="tahun", sat="menit"):
    return [unit, jabatan, uraian, satuan, volume, per, norma, sat]


def _figures(periode, unit):
    jab = {
        s.jabatan.kode: (s.beban_menit, s.kebutuhan_exact, s.kebutuhan, s.bezetting, s.selisih,
                         s.ej, s.grade)
        for s in SnapshotJabatan.objects.filter(periode=periode, unit=unit)
        .select_related("jabatan")
    }
    u = SnapshotUnit.objects.get(periode=periode, unit=unit)
    return jab, (u.beban_menit, u.kebutuhan, u.bezetting, u.selisih, u.eu, u.grade)


def test_the_template_example_imported_from_xlsx_gives_the_domain_figures_after_recompute(
        dinkes, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "abk.xlsx"
    path.write_bytes(template_xlsx())

    with django_capture_on_commit_callbacks(execute=True):
        hasil = impor_abk(fileobj_or_path=path)

    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert (hasil.tahun, hasil.total_baris, hasil.pasangan, hasil.tugas, hasil.unit) == \
        (2026, 5, 2, 5, 1)
    jab, unit = _figures(dinkes.periode, dinkes.unit)
    assert jab["PLK"] == (Decimal(149040), Decimal("1.9872"), 2, 1, -1, Decimal("1.9872"), "A")
    assert jab["PU"] == (Decimal(60000), Decimal("0.8000"), 1, 3, 2, Decimal("0.2667"), "E")
    assert unit == (Decimal(209040), 3, 4, 1, Decimal("0.6968"), "D")
    assert list(
        TugasJabatan.objects.filter(jabatan=dinkes.plk).values_list("urutan", "uraian")
    ) == [(1, "Memverifikasi laporan puskesmas"), (2, "Menyusun rekap data kesehatan"),
          (3, "Memproses berkas izin praktik")]


def test_hours_and_monthly_volumes_from_a_csv_give_the_same_minutes_as_the_yearly_form(
        dinkes, tmp_path):
    tahunan = [
        _baris("DINKES", "PLK", "Memverifikasi laporan", 1200, 45),
        _baris("DINKES", "PLK", "Menyusun rekap", 48, 480),
        _baris("DINKES", "PLK", "Memproses izin", 2400, 30),
    ]
    bulanan_jam = [
        _baris("DINKES", "PLK", "Memverifikasi laporan", "100", "0,75", per="bulan", sat="jam"),
        _baris("DINKES", "PLK", "Menyusun rekap", "4", "8", per="Bulan", sat="JAM"),
        _baris("DINKES", "PLK", "Memproses izin", "200", "0.5", per="per bulan", sat="jam"),
    ]
    assert impor_abk(fileobj_or_path=tulis_xlsx(tmp_path / "a.xlsx", tahunan, HEADER)).berhasil
    menit = list(TugasJabatan.objects.order_by("urutan").values_list("beban_menit", flat=True))

    hasil = impor_abk(fileobj_or_path=tulis_csv(tmp_path / "b.csv", bulanan_jam, HEADER,
                                                sep=";"))

    assert hasil.berhasil, [str(g) for g in hasil.galat]
    tugas = list(TugasJabatan.objects.order_by("urutan"))
    assert [t.beban_menit for t in tugas] == menit == [54000, 23040, 72000]
    assert [(t.satuan_norma, t.periode_volume, t.norma_waktu) for t in tugas][0] == \
        ("jam", "bulan", Decimal("0.75"))


def test_optional_unit_columns_may_be_left_out_and_mean_minutes_per_year(dinkes, tmp_path):
    header = ["kode_unit", "kode_jabatan", "uraian_tugas", "satuan_hasil", "volume",
              "norma_waktu"]
    path = tulis_xlsx(tmp_path / "abk.xlsx", [["DINKES", "PU", "Mengarsipkan", "dokumen",
                                               3000, 10]], header)

    assert impor_abk(fileobj_or_path=path).berhasil
    t = TugasJabatan.objects.get()
    assert (t.satuan_norma, t.periode_volume, t.beban_menit) == ("menit", "tahun", 30000)


def test_three_bad_rows_among_fifty_good_write_nothing_and_are_each_reported(dinkes, tmp_path):
    services.tugas_bulk_replace(periode=dinkes.periode, unit=dinkes.unit, jabatan=dinkes.pu,
                                rows=[{"uraian": "Lama", "satuan_hasil": "surat",
                                       "volume": 10, "norma_waktu": 5}], aktor=None)
    UnitPerluHitung.objects.all().delete()
    rows = [_baris("DINKES" if i % 2 else "DISHUB", "PU", f"Tugas {i}", 100 + i, 5)
            for i in range(53)]
    rows[10][4] = "seratus"          # spreadsheet row 12, volume
    rows[25][6] = -5                 # row 27, norma_waktu
    rows[40][7] = "detik"            # row 42, satuan_norma
    path = tulis_xlsx(tmp_path / "abk.xlsx", rows, HEADER)

    hasil = impor_abk(fileobj_or_path=path)

    assert not hasil.berhasil
    assert [(g.baris, g.kolom, g.nilai) for g in hasil.galat] == [
        (12, "volume", "seratus"), (27, "norma_waktu", "-5"), (42, "satuan_norma", "detik")]
    assert [g.alasan for g in hasil.galat] == [
        "bukan angka", "tidak boleh negatif", "isi dengan menit atau jam (kosong = menit)"]
    assert str(hasil.galat[0]) == "Baris 12, kolom volume (nilai 'seratus'): bukan angka"
    assert list(TugasJabatan.objects.values_list("uraian", flat=True)) == ["Lama"]
    assert not UnitPerluHitung.objects.exists()


def test_unknown_codes_empty_cells_and_thousand_separators_are_reported_by_column(
        dinkes, tmp_path):
    rows = [
        _baris("ENTAH", "PU", "Tugas", 10, 5),
        _baris("DINKES", "XYZ", "Tugas", 10, 5),
        _baris("DINKES", "PU", "", 10, 5),
        _baris("DINKES", "PU", "Tugas", "1.200", 5),
        _baris("DINKES", "PU", "Tugas", 10, 5, per="minggu"),
        _baris("DINKES", "PU", "Tugas", 10, "1,234"),
    ]
    hasil = impor_abk(fileobj_or_path=tulis_csv(tmp_path / "abk.csv", rows, HEADER))

    assert [(g.baris, g.kolom) for g in hasil.galat] == [
        (2, "kode_unit"), (3, "kode_jabatan"), (4, "uraian_tugas"), (5, "volume"),
        (6, "periode_volume"), (7, "norma_waktu")]
    assert hasil.galat[0].alasan == "kode unit kerja tidak dikenal"
    assert hasil.galat[1].alasan == "kode jabatan tidak dikenal"
    assert hasil.galat[2].alasan == "wajib diisi"
    assert "pemisah ribuan" in hasil.galat[3].alasan
    assert "2 angka di belakang koma" in hasil.galat[5].alasan
    assert not TugasJabatan.objects.exists()


def test_a_formula_cell_is_refused_and_not_read_as_its_value(dinkes, tmp_path):
    path = tulis_xlsx(tmp_path / "abk.xlsx",
                      [_baris("DINKES", "PU", "Tugas", "=10*12", 5)], HEADER)

    hasil = impor_abk(fileobj_or_path=path)

    assert [(g.baris, g.kolom) for g in hasil.galat] == [(2, "volume")]
    assert "rumus" in hasil.galat[0].alasan


def test_pairs_in_the_file_are_replaced_and_all_other_pairs_and_periodes_are_untouched(
        dinkes, tmp_path, django_assert_max_num_queries):
    lain = PeriodeAbk.objects.create(tahun=2025)
    lama = [{"uraian": f"Lama {i}", "satuan_hasil": "x", "volume": 1, "norma_waktu": 1}
            for i in range(3)]
    services.tugas_bulk_replace(periode=dinkes.periode, unit=dinkes.unit, jabatan=dinkes.plk,
                                rows=lama, aktor=None)
    services.tugas_bulk_replace(periode=dinkes.periode, unit=dinkes.unit, jabatan=dinkes.pu,
                                rows=lama[:2], aktor=None)
    services.tugas_bulk_replace(periode=dinkes.periode, unit=dinkes.dishub, jabatan=dinkes.pu,
                                rows=lama[:1], aktor=None)
    services.tugas_bulk_replace(periode=lain, unit=dinkes.unit, jabatan=dinkes.plk, rows=lama,
                                aktor=None)
    UnitPerluHitung.objects.all().delete()
    rows = [_baris("DINKES", "PLK", "Baru 1", 10, 5), _baris("DINKES", "PLK", "Baru 2", 20, 5)]
    rows += [_baris("DINKES", "PU", f"Baru PU {i}", 1, 1) for i in range(40)]
    path = tulis_xlsx(tmp_path / "abk.xlsx", rows, HEADER)

    with django_assert_max_num_queries(12):
        hasil = impor_abk(fileobj_or_path=path)

    assert (hasil.pasangan, hasil.tugas, hasil.diganti, hasil.unit) == (2, 42, 5, 1)

    def uraian(periode, unit, jabatan):
        return list(TugasJabatan.objects.filter(periode=periode, unit=unit, jabatan=jabatan)
                    .order_by("urutan").values_list("uraian", flat=True))

    assert uraian(dinkes.periode, dinkes.unit, dinkes.plk) == ["Baru 1", "Baru 2"]
    assert len(uraian(dinkes.periode, dinkes.unit, dinkes.pu)) == 40
    assert uraian(dinkes.periode, dinkes.dishub, dinkes.pu) == ["Lama 0"]
    assert uraian(lain, dinkes.unit, dinkes.plk) == ["Lama 0", "Lama 1", "Lama 2"]
    assert list(UnitPerluHitung.objects.values_list("periode_id", "unit_id")) == [
        (dinkes.periode.pk, dinkes.unit.pk)]


def test_an_explicit_periode_receives_the_tasks_instead_of_the_active_one(dinkes, tmp_path):
    lain = PeriodeAbk.objects.create(tahun=2027)
    path = tulis_xlsx(tmp_path / "abk.xlsx", [_baris("DINKES", "PU", "T", 1, 1)], HEADER)

    hasil = impor_abk(fileobj_or_path=path, periode=lain)

    assert hasil.tahun == 2027
    assert list(TugasJabatan.objects.values_list("periode__tahun", flat=True)) == [2027]


def test_without_an_active_periode_nothing_is_read_and_the_reason_is_given(tmp_path, db):
    path = tulis_xlsx(tmp_path / "abk.xlsx", [_baris("DINKES", "PU", "T", 1, 1)], HEADER)

    hasil = impor_abk(fileobj_or_path=path)

    assert "periode ABK" in hasil.galat[0].alasan and hasil.galat[0].baris is None


def test_a_pdf_renamed_xlsx_is_refused_by_content(dinkes, tmp_path):
    path = tmp_path / "abk.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")

    hasil = impor_abk(fileobj_or_path=path)

    assert len(hasil.galat) == 1
    assert "PDF" in hasil.galat[0].alasan and "abk.xlsx" in hasil.galat[0].alasan
    assert not TugasJabatan.objects.exists()


def test_a_file_over_the_abk_row_cap_is_refused(dinkes, tmp_path, monkeypatch):
    monkeypatch.setattr("bebankerja.impor_abk.MAKS_BARIS", 5)
    rows = [_baris("DINKES", "PU", f"T{i}", 1, 1) for i in range(6)]

    hasil = impor_abk(fileobj_or_path=tulis_xlsx(tmp_path / "abk.xlsx", rows, HEADER))

    assert "lebih dari 5 baris" in hasil.galat[0].alasan
    assert MAKS_BARIS == 20_000


def test_an_unknown_column_is_reported_on_the_header_row(dinkes, tmp_path):
    rows = [_baris("DINKES", "PU", "T", 1, 1) + ["x"]]
    path = tulis_xlsx(tmp_path / "abk.xlsx", rows, [*HEADER, "catatan"])

    hasil = impor_abk(fileobj_or_path=path)

    assert [(g.baris, g.kolom) for g in hasil.galat] == [(1, "catatan")]


# --- command ----------------------------------------------------------------------


def test_the_command_prints_counts_on_success(dinkes, tmp_path):
    path = tulis_xlsx(tmp_path / "abk.xlsx", [_baris("DINKES", "PU", "T", 1, 1)], HEADER)
    out = io.StringIO()

    call_command("impor_abk", str(path), stdout=out)

    assert "1 pasangan unit × jabatan diganti dengan 1 tugas" in out.getvalue()
    assert TugasJabatan.objects.count() == 1


def test_the_command_prints_every_error_to_stderr_and_exits_with_code_1(dinkes, tmp_path):
    rows = [_baris("ENTAH", "PU", "T", 1, 1), _baris("DINKES", "PU", "T", "x", 1)]
    path = tulis_xlsx(tmp_path / "abk.xlsx", rows, HEADER)
    err = io.StringIO()

    with pytest.raises(CommandError) as exc:
        call_command("impor_abk", str(path), "--tahun", "2026", stderr=err)

    assert exc.value.returncode == 1
    assert err.getvalue().splitlines() == [
        "Baris 2, kolom kode_unit (nilai 'ENTAH'): kode unit kerja tidak dikenal",
        "Baris 3, kolom volume (nilai 'x'): bukan angka",
    ]
    assert not TugasJabatan.objects.exists()


def test_the_command_refuses_a_periode_that_does_not_exist(dinkes, tmp_path):
    path = tulis_xlsx(tmp_path / "abk.xlsx", [_baris("DINKES", "PU", "T", 1, 1)], HEADER)

    with pytest.raises(CommandError, match="Periode ABK 2031 tidak ada"):
        call_command("impor_abk", str(path), "--tahun", "2031")


# --- page -------------------------------------------------------------------------


def _upload(tmp_path, rows, name="abk.xlsx"):
    tulis = tulis_csv if name.endswith(".csv") else tulis_xlsx
    path = tulis(tmp_path / name, rows, HEADER)
    return SimpleUploadedFile(name, path.read_bytes())


@pytest.mark.parametrize("nama", ["abk.xlsx", "abk.csv"])
def test_bkd_imports_a_file_and_is_redirected_with_a_message(client, cast, tmp_path, nama):
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    client.force_login(cast.u_bkd)
    assert 'value="2026" selected' in client.get(URL).content.decode()

    resp = client.post(URL, {"periode": "2026", "berkas": _upload(
        tmp_path, [_baris("DINKES", "PU", "Mengarsipkan", 3000, 10)], nama)})

    assert resp.status_code == 302 and resp["Location"] == URL
    pesan = [str(m) for m in get_messages(resp.wsgi_request)]
    assert pesan == [f"Impor ABK 2026 dari “{nama}” selesai: 1 pasangan unit × jabatan "
                     "diganti dengan 1 tugas (0 tugas lama dihapus) di 1 unit; hitung ulang "
                     "keseimbangan dijadwalkan."]
    t = TugasJabatan.objects.get()
    assert (t.unit, t.jabatan, t.beban_menit) == (cast.dinkes, cast.j_pelaksana, 30000)


def test_bkd_sees_the_error_table_on_the_same_page_and_nothing_is_written(
        client, cast, tmp_path):
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    client.force_login(cast.u_bkd)

    resp = client.post(URL, {"periode": "2026", "berkas": _upload(
        tmp_path, [_baris("DINKES", "PU", "T", 1, 1), _baris("DINKES", "ENTAH", "T", 1, 1)])})

    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Impor dibatalkan; tidak ada data yang disimpan." in html
    assert "<td>3</td><td>kode_jabatan</td><td><code>ENTAH</code></td>" \
           "<td>kode jabatan tidak dikenal</td>" in html
    assert not TugasJabatan.objects.exists()


def test_a_pdf_upload_is_refused_by_the_form(client, cast):
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    client.force_login(cast.u_bkd)
    pdf = SimpleUploadedFile("abk.xlsx", b"%PDF-1.7\n%%EOF\n")

    resp = client.post(URL, {"periode": "2026", "berkas": pdf})

    assert resp.status_code == 200
    assert "dokumen PDF" in resp.content.decode()
    assert not TugasJabatan.objects.exists()


def test_a_unit_head_gets_403_and_cannot_import(client, cast, tmp_path):
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    client.force_login(cast.u_kepala_asal)

    assert client.get(URL).status_code == 403
    resp = client.post(URL, {"periode": "2026", "berkas": _upload(
        tmp_path, [_baris("DINKES", "PU", "T", 1, 1)])})
    assert resp.status_code == 403
    assert client.get(reverse("bebankerja:impor_template")).status_code == 403
    assert not TugasJabatan.objects.exists()


def test_the_template_has_the_worked_example_and_explains_replacement(client, cast):
    client.force_login(cast.u_bkd)

    resp = client.get(reverse("bebankerja:impor_template"))

    assert resp.status_code == 200
    assert resp["Content-Disposition"] == 'attachment; filename="templat-impor-abk.xlsx"'
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames[:2] == ["Data", "Petunjuk"]
    data = list(wb["Data"].iter_rows(values_only=True))
    assert list(data[0]) == HEADER
    # The cast's Pengadministrasi Umum is coded "PU"; its Dinas Kesehatan "DINKES".
    assert data[4] == ("DINKES", "PU", "Mengagendakan surat masuk", "surat", 6000, "tahun", 5,
                       "menit")
    petunjuk = " ".join(str(c) for row in wb["Petunjuk"].iter_rows(values_only=True)
                        for c in row if c)
    assert "DIGANTI" in petunjuk and "tidak berubah" in petunjuk


def test_the_periode_list_links_to_the_import_page(client, cast):
    client.force_login(cast.u_bkd)

    html = client.get(reverse("bebankerja:periode_daftar")).content.decode()

    assert f'href="{URL}"' in html and "Impor ABK dari Excel" in html
