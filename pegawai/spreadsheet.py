"""Spreadsheet output shared by every export and import template."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

# OWASP CSV Injection: text starting with these is read as a formula by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise text that a spreadsheet would execute; numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_bytes(sheets):
    """Build an .xlsx from `sheets`: an iterable of (title, header, rows)."""
    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append(list(header))
        for row in rows:
            ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(nama, sheets):
    """An .xlsx download named `<nama>-YYYYmmdd-HHMM.xlsx` (local time) of `sheets`."""
    resp = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    resp["Content-Disposition"] = f'attachment; filename="{nama}-{stamp}.xlsx"'
    return resp


def add_instruction_sheet(wb, *, heading, lines, columns):
    """Add the "Petunjuk" sheet of an import template to `wb` (a normal, not write-only,
    Workbook) and return it: `heading` in large bold type, one row per line of `lines`, then a
    table with one row per column of the template.

    `columns` holds anything with `nama`, `wajib`, `petunjuk` and `contoh`, such as
    `pegawai.impor.kolom.Kolom`.
    """
    ws = wb.create_sheet("Petunjuk")
    ws.append([safe_cell(heading)])
    ws["A1"].font = Font(bold=True, size=13)
    for line in lines:
        ws.append([safe_cell(line)])
    ws.append([])
    ws.append([_("Kolom"), _("Wajib"), _("Keterangan dan nilai yang diizinkan"), _("Contoh")])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for k in columns:
        ws.append([safe_cell(k.nama), _("Ya") if k.wajib else _("Tidak"), safe_cell(k.petunjuk),
                   safe_cell(k.contoh)])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 95
    ws.column_dimensions["D"].width = min(40, max([22] + [len(str(k.contoh)) + 2
                                                         for k in columns]))
    return ws
