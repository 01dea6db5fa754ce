"""Spreadsheet import of employees, units and positions (issue 2, item 8).

    from pegawai.impor import impor_file
    hasil = impor_file(fileobj_or_path="pegawai.xlsx", nama_file="pegawai.xlsx",
                       jenis="pegawai")
    hasil.berhasil, hasil.baru, hasil.diubah, hasil.tetap, hasil.unit_berubah, hasil.galat

See docs/impor.md for the rules (columns, formats, all-or-nothing, formulas, speed).
"""

from .hasil import BerkasDitolak, Galat, HasilImpor
from .kolom import JENIS_IMPOR, KOLOM
from .service import impor_file
from .template import template_xlsx

__all__ = ["impor_file", "template_xlsx", "HasilImpor", "Galat", "BerkasDitolak",
           "JENIS_IMPOR", "KOLOM"]
