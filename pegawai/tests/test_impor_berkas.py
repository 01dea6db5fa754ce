"""Import of bad and tricky files: type by content, caps, header, cells read exactly."""

import datetime as dt
import re
import zipfile

import pytest
from openpyxl import Workbook

from pegawai.impor import impor_file
from pegawai.models import Pegawai, UnitKerja

from .test_impor_bantuan import (  # noqa: F401
    HEADER_PEGAWAI,
    baris_pegawai,
    celery_eager,
    nip_ke,
    tulis_csv,
    tulis_xlsx,
)

pytestmark = pytest.mark.django_db


def _impor(path, jenis="pegawai", nama=None):
    return impor_file(fileobj_or_path=path, nama_file=nama or path.name, jenis=jenis)


def _satu_galat(hasil):
    assert not hasil.berhasil
    assert len(hasil.galat) == 1, [str(g) for g in hasil.galat]
    return hasil.galat[0]


def test_a_pdf_renamed_xlsx_is_refused_by_content_with_a_clear_message(cast, tmp_path):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    g = _satu_galat(_impor(path))
    assert "PDF" in g.alasan and "pegawai.xlsx" in g.alasan
    assert Pegawai.objects.count() == 6


def test_a_word_document_renamed_xlsx_is_refused(cast, tmp_path):
    path = tmp_path / "data.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert "Word" in _satu_galat(_impor(path)).alasan


def test_a_corrupt_zip_is_refused(cast, tmp_path):
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "rusak" in _satu_galat(_impor(path)).alasan


def test_an_old_xls_file_is_refused_with_advice_to_save_as_xlsx(cast, tmp_path):
    path = tmp_path / "lama.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert ".xls" in _satu_galat(_impor(path)).alasan


def test_text_named_xlsx_is_refused(cast, tmp_path):
    path = tmp_path / "pegawai.xlsx"
    path.write_text("nip,nama\n1,2\n")
    assert "bernama .xlsx" in _satu_galat(_impor(path)).alasan


def test_an_empty_file_is_refused(cast, tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    assert "kosong" in _satu_galat(_impor(path)).alasan.lower()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_with_only_the_header_is_refused(cast, tmp_path, fmt):
    path = tmp_path / f"judul.{fmt}"
    if fmt == "csv":
        path.write_text(",".join(HEADER_PEGAWAI) + "\n")
    else:
        tulis_xlsx(path, [], header=HEADER_PEGAWAI)
    assert "tidak berisi data" in _satu_galat(_impor(path)).alasan


def test_an_empty_workbook_is_refused(cast, tmp_path):
    path = tmp_path / "kosong.xlsx"
    Workbook().save(path)
    assert "judul kolom" in _satu_galat(_impor(path)).alasan


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_wrong_columns_are_all_reported_on_row_1(cast, tmp_path, fmt):
    rows = [{"NIP": "1", "Nama Lengkap": "A", "unit": "DINKES"}]
    path = tmp_path / f"salah.{fmt}"
    (tulis_csv if fmt == "csv" else tulis_xlsx)(path, rows)
    hasil = _impor(path)
    assert not hasil.berhasil
    assert {g.baris for g in hasil.galat} == {1}
    reasons = {g.kolom: g.alasan for g in hasil.galat}
    assert "tidak dikenal" in reasons["Nama Lengkap"]
    assert "tidak dikenal" in reasons["unit"]
    for wajib in ["status_asn", "golongan", "kode_jabatan", "kode_unit", "tmt_jabatan",
                  "tanggal_lahir", "jenis_kelamin", "pendidikan"]:
        assert "tidak ada" in reasons[wajib]
    assert "nip" not in reasons  # "NIP" was recognised: headers ignore case


def test_a_repeated_column_is_reported(cast, tmp_path):
    header = HEADER_PEGAWAI + ["NIP"]
    path = tulis_csv(tmp_path / "dua.csv", [list(baris_pegawai(1).values()) + ["x"]],
                     header=header)
    g = _satu_galat(_impor(path))
    assert g.baris == 1 and "dua kali" in g.alasan


def test_a_file_over_the_size_cap_is_refused_before_parsing(cast, tmp_path, settings):
    settings.IMPOR_MAKS_BYTE = 1000
    path = tulis_csv(tmp_path / "besar.csv", [baris_pegawai(i) for i in range(20)])
    assert "terlalu besar" in _satu_galat(_impor(path)).alasan


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_over_the_row_cap_is_refused(cast, tmp_path, settings, fmt):
    settings.IMPOR_MAKS_BARIS = 5
    path = tmp_path / f"banyak.{fmt}"
    (tulis_csv if fmt == "csv" else tulis_xlsx)(path, [baris_pegawai(i) for i in range(6)])
    assert "lebih dari 5 baris" in _satu_galat(_impor(path)).alasan
    assert Pegawai.objects.count() == 6


def test_a_csv_row_with_too_many_cells_is_reported_with_its_row_number(cast, tmp_path):
    path = tmp_path / "lebih.csv"
    rows = [",".join(baris_pegawai(i).values()) for i in range(3)]
    rows[1] += ",sisa"
    path.write_text(",".join(HEADER_PEGAWAI) + "\n" + "\n".join(rows) + "\n")
    g = _satu_galat(_impor(path))
    assert g.baris == 3 and "17 kolom" in g.alasan


def test_semicolon_csv_with_bom_and_windows_1252_text_is_read(cast, tmp_path):
    rows = [baris_pegawai(1, nama="Siti Nurhalizah Müller")]
    path = tmp_path / "excel.csv"
    text = ";".join(HEADER_PEGAWAI) + "\r\n" + ";".join(rows[0].values()) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    hasil = _impor(path)
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert Pegawai.objects.get(nip=rows[0]["nip"]).nama == "Siti Nurhalizah Müller"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_formula_cell_is_reported_and_never_evaluated(cast, tmp_path, fmt):
    rows = [baris_pegawai(1), baris_pegawai(2, nama="=1+1"), baris_pegawai(3)]
    path = tmp_path / f"rumus.{fmt}"
    (tulis_csv if fmt == "csv" else tulis_xlsx)(path, rows)
    g = _satu_galat(_impor(path))
    assert (g.baris, g.kolom) == (3, "nama")
    assert "rumus" in g.alasan and g.nilai == "=1+1"
    assert not Pegawai.objects.filter(nama__in=["2", "=1+1"]).exists()
    assert Pegawai.objects.count() == 6


def test_an_excel_error_cell_is_reported(cast, tmp_path):
    path = tulis_xlsx(tmp_path / "galat.xlsx", [baris_pegawai(1, nama="#REF!")])
    g = _satu_galat(_impor(path))
    assert g.kolom == "nama" and "galat Excel" in g.alasan


def test_a_filled_cell_outside_the_titled_columns_is_reported(cast, tmp_path):
    path = tulis_xlsx(tmp_path / "lebar.xlsx", [list(baris_pegawai(1).values()) + ["x"]],
                      header=HEADER_PEGAWAI)
    g = _satu_galat(_impor(path))
    assert (g.baris, g.kolom) == (2, "Q")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_code_with_leading_zeros_is_kept_exactly(cast, tmp_path, fmt):
    UnitKerja.objects.create(kode="0101", nama="Seksi 0101", jenis="seksi", induk=cast.dinkes)
    rows = [baris_pegawai(1, kode_unit="0101")]
    path = tmp_path / f"nol.{fmt}"
    (tulis_csv if fmt == "csv" else tulis_xlsx)(path, rows)
    hasil = _impor(path)
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert Pegawai.objects.get(nip=rows[0]["nip"]).unit.kode == "0101"


def test_a_code_stored_as_a_number_says_leading_zeros_may_be_lost(cast, tmp_path):
    UnitKerja.objects.create(kode="0101", nama="Seksi 0101", jenis="seksi")
    path = tulis_xlsx(tmp_path / "angka.xlsx", [baris_pegawai(1, kode_unit=101)])
    g = _satu_galat(_impor(path))
    assert g.kolom == "kode_unit" and g.nilai == "101" and "nol di depan" in g.alasan


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_18_digit_nip_is_kept_exactly(cast, tmp_path, fmt):
    row = baris_pegawai(7)
    path = tmp_path / f"nip.{fmt}"
    (tulis_csv if fmt == "csv" else tulis_xlsx)(path, [row])
    assert _impor(path).berhasil
    assert Pegawai.objects.filter(nip=row["nip"]).exists()


def test_an_18_digit_nip_stored_as_an_exact_integer_cell_is_read_exactly(cast, tmp_path):
    # Excel and openpyxl write 15 significant digits; some generators write the integer
    # itself. Such a cell is exact and is accepted.
    row = baris_pegawai(8)
    row["nip"] = int(row["nip"])
    src = tulis_xlsx(tmp_path / "nip-src.xlsx", [row])
    path = tmp_path / "nip-int.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'(<c r="A2"[^>]*><v>)[^<]+(</v>)',
                              rb"\g<1>%d\g<2>" % row["nip"], data)
                assert b"<v>%d</v>" % row["nip"] in data
            zout.writestr(item, data)
    hasil = _impor(path)
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert Pegawai.objects.filter(nip=str(row["nip"])).exists()


def test_an_18_digit_nip_stored_as_a_float_is_reported_not_guessed(cast, tmp_path):
    row = baris_pegawai(9)
    row["nip"] = float(row["nip"])  # what Excel keeps: 15 significant digits
    path = tulis_xlsx(tmp_path / "nip-float.xlsx", [row])
    g = _satu_galat(_impor(path))
    assert g.kolom == "nip" and "tersimpan sebagai angka" in g.alasan


def test_a_nip_in_scientific_notation_in_a_csv_is_reported_as_mangled_by_excel(cast, tmp_path):
    path = tulis_csv(tmp_path / "ilmiah.csv", [baris_pegawai(1, nip="1,96001E+17")], sep=";")
    g = _satu_galat(_impor(path))
    assert (g.kolom, g.nilai) == ("nip", "1,96001E+17") and "sebagai angka" in g.alasan


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_excel_date_serials_are_understood(cast, tmp_path, fmt):
    # 45000 = 2023-03-15; 31048 = 1985-01-01
    row = baris_pegawai(10)
    lahir = dt.date.fromisoformat(row["tanggal_lahir"])
    serial_lahir = (lahir - dt.date(1899, 12, 30)).days
    row["tmt_jabatan"] = 45000 if fmt == "xlsx" else "45000"
    row["tanggal_lahir"] = serial_lahir if fmt == "xlsx" else str(serial_lahir)
    path = tmp_path / f"serial.{fmt}"
    (tulis_csv if fmt == "csv" else tulis_xlsx)(path, [row])
    hasil = _impor(path)
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    p = Pegawai.objects.get(nip=row["nip"])
    assert p.tmt_jabatan == dt.date(2023, 3, 15)
    assert p.tanggal_lahir == lahir


def test_real_date_cells_and_day_first_text_dates_are_understood(cast, tmp_path):
    a = baris_pegawai(11)
    a["tmt_jabatan"] = dt.datetime(2021, 7, 1)
    a["tanggal_lahir"] = dt.date.fromisoformat(a["tanggal_lahir"])
    b = baris_pegawai(12, tmt_jabatan="05/02/2019")
    lahir_b = dt.date.fromisoformat(b["tanggal_lahir"])
    b["tanggal_lahir"] = lahir_b.strftime("%d-%m-%Y")
    path = tulis_xlsx(tmp_path / "tanggal.xlsx", [a, b])
    hasil = _impor(path)
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert Pegawai.objects.get(nip=a["nip"]).tmt_jabatan == dt.date(2021, 7, 1)
    pb = Pegawai.objects.get(nip=b["nip"])
    assert (pb.tmt_jabatan, pb.tanggal_lahir) == (dt.date(2019, 2, 5), lahir_b)


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet(cast, tmp_path):
    path = tmp_path / "kosong.csv"
    good = ",".join(baris_pegawai(1).values())
    bad = ",".join(baris_pegawai(2, golongan="Z").values())
    path.write_text(",".join(HEADER_PEGAWAI) + f"\n{good}\n\n,,,\n{bad}\n")
    g = _satu_galat(_impor(path))
    assert (g.baris, g.kolom) == (5, "golongan")


def test_the_data_sheet_is_used_when_the_workbook_has_several(cast, tmp_path):
    wb = Workbook()
    wb.active.title = "Petunjuk"
    wb.active.append(["bukan data"])
    ws = wb.create_sheet("Data")
    row = baris_pegawai(13)
    ws.append(list(row))
    ws.append(list(row.values()))
    wb.save(tmp_path / "dua-lembar.xlsx")
    assert _impor(tmp_path / "dua-lembar.xlsx").berhasil
    assert Pegawai.objects.filter(nip=row["nip"]).exists()


def test_uploaded_file_objects_are_accepted_as_well_as_paths(cast, tmp_path):
    row = baris_pegawai(14)
    path = tulis_csv(tmp_path / "obj.csv", [row])
    with open(path, "rb") as f:
        hasil = impor_file(fileobj_or_path=f, nama_file="obj.csv", jenis="pegawai")
    assert hasil.berhasil and hasil.baru == 1
