"""Spreadsheet output shared by every export."""

import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

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
