"""The .xlsx template offered on the import page, one per kind of import."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from pegawai.models import Jabatan, UnitKerja
from pegawai.spreadsheet import add_instruction_sheet, safe_cell

from .kolom import KOLOM


def lembar_data(wb, columns):
    """Make `wb`'s active sheet the "Data" sheet of an import template: one bold header per
    column of `columns` (Kolom), required ones shaded, text columns formatted as Text (so that
    cells typed later in Excel keep their leading zeros), header row frozen. Returns it."""
    ws = wb.active
    ws.title = "Data"
    tebal = Font(bold=True)
    isi_wajib = PatternFill("solid", fgColor="FFF2CC")
    for i, k in enumerate(columns, start=1):
        huruf = get_column_letter(i)
        ws.column_dimensions[huruf].width = max(14, len(k.nama) + 4)
        c = ws.cell(row=1, column=i, value=k.nama)
        c.font = tebal
        if k.wajib:
            c.fill = isi_wajib
        if k.teks:
            ws.column_dimensions[huruf].number_format = "@"
    ws.freeze_panes = "A2"
    return ws


def lembar_kode(wb, *jenis: str) -> None:
    """Append the sheets listing the codes that exist, in the order given: "unit" (Kode
    unit) and/or "jabatan" (Kode jabatan)."""
    for j in jenis:
        if j == "unit":
            s = wb.create_sheet(_("Kode unit"))
            s.append([_("kode"), _("nama unit")])
            for kode, nama in UnitKerja.objects.order_by("path").values_list("kode", "nama"):
                s.append([safe_cell(kode), safe_cell(nama)])
        elif j == "jabatan":
            s = wb.create_sheet(_("Kode jabatan"))
            s.append([_("kode"), _("nama jabatan"), _("kelas")])
            for kode, nama, kelas in Jabatan.objects.order_by("kode").values_list(
                    "kode", "nama", "kelas"):
                s.append([safe_cell(kode), safe_cell(nama), kelas])
        else:
            raise ValueError(f"lembar kode tidak dikenal: {j!r}")


def template_xlsx(jenis: str) -> bytes:
    """Sheet "Data" (header + one example row), "Petunjuk", and the codes that exist."""
    spec = KOLOM[jenis]
    wb = Workbook()
    ws = lembar_data(wb, spec)
    for i, k in enumerate(spec, start=1):
        contoh = ws.cell(row=2, column=i, value=int(k.contoh) if not k.teks and k.contoh
                         else k.contoh)
        if k.teks:
            contoh.number_format = "@"

    add_instruction_sheet(
        wb,
        heading=_("Petunjuk impor %(j)s") % {"j": jenis},
        lines=(
            _("Isi lembar “Data” mulai baris 2; baris 2 adalah contoh, hapus atau timpa."),
            _("Baris 1 (judul kolom) jangan diubah. Urutan kolom bebas; kolom opsional boleh "
              "dihapus (nilai yang tersimpan untuk kolom itu tetap)."),
            _("Impor bersifat semua-atau-tidak-sama-sekali: bila ada satu baris salah, tidak "
              "ada data yang disimpan dan semua kesalahan ditampilkan (baris, kolom, alasan)."),
            _("Rumus tidak dijalankan: sel berisi rumus ditolak. Salin lalu tempel sebagai "
              "nilai."),
            _("NIP dan kode diketik sebagai Teks agar nol di depan dan 18 digit NIP tidak "
              "berubah."),
        ),
        columns=spec,
    )

    if jenis in ("pegawai", "unit"):
        lembar_kode(wb, "jabatan", "unit")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
