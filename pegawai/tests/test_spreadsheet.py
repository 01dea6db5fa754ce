"""The instruction sheet ("Petunjuk") shared by the import templates."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from bebankerja.impor_abk import KOLOM_ABK
from bebankerja.impor_abk import template_xlsx as template_abk
from pegawai.impor.kolom import KOLOM, Kolom
from pegawai.impor.template import template_xlsx as template_pegawai
from pegawai.spreadsheet import add_instruction_sheet

KEPALA_TABEL = ("Kolom", "Wajib", "Keterangan dan nilai yang diizinkan", "Contoh")


def _simpan_muat(wb):
    buf = io.BytesIO()
    wb.save(buf)
    return load_workbook(io.BytesIO(buf.getvalue()))


def test_instruction_sheet_has_the_heading_the_lines_then_one_row_per_column():
    wb = Workbook()
    kolom = [Kolom("kode", True, "Kode unit.", "DINKES"), Kolom("catatan", False, "Bebas.")]
    add_instruction_sheet(wb, heading="Petunjuk impor uji", lines=["Satu.", "Dua."],
                          columns=kolom)

    ws = _simpan_muat(wb)["Petunjuk"]
    rows = list(ws.iter_rows(values_only=True))
    assert [r[0] for r in rows[:3]] == ["Petunjuk impor uji", "Satu.", "Dua."]
    assert all(v is None for v in rows[3])
    assert rows[4] == KEPALA_TABEL
    assert rows[5] == ("kode", "Ya", "Kode unit.", "DINKES")
    assert rows[6][:3] == ("catatan", "Tidak", "Bebas.") and rows[6][3] in ("", None)
    assert ws["A1"].font.b and ws["A1"].font.sz == 13
    assert all(c.font.b for c in ws[5])
    assert ws.column_dimensions["C"].width == 95


def test_instruction_sheet_text_never_becomes_a_formula():
    wb = Workbook()
    add_instruction_sheet(wb, heading="=1+1", lines=["-hapus baris"],
                          columns=[Kolom("x", False, "@SUM(A1)", "+62")])
    ws = _simpan_muat(wb)["Petunjuk"]
    assert [ws["A1"].value, ws["A2"].value] == ["'=1+1", "'-hapus baris"]
    assert (ws["C5"].value, ws["D5"].value) == ("'@SUM(A1)", "'+62")
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


@pytest.mark.django_db
@pytest.mark.parametrize(("buat", "kolom"), [
    (lambda: template_pegawai("pegawai"), KOLOM["pegawai"]),
    (lambda: template_pegawai("jabatan"), KOLOM["jabatan"]),
    (template_abk, KOLOM_ABK),
], ids=["pegawai", "jabatan", "abk"])
def test_every_import_template_has_the_same_instruction_layout(buat, kolom):
    ws = load_workbook(io.BytesIO(buat()))["Petunjuk"]
    rows = list(ws.iter_rows(values_only=True))
    awal = rows.index(KEPALA_TABEL)
    assert [r[0] for r in rows[awal + 1:]] == [k.nama for k in kolom]
    assert ws["A1"].value.startswith("Petunjuk impor")
    assert all(r[0] for r in rows[1:awal - 1]), "baris petunjuk tidak boleh kosong"
