"""Checking every row of an import before anything is written: the entry point.

Each `periksa_<jenis>` walks the columns once in a tight loop (dict lookups, a date cache,
pegawai.nip.validate_nip) and returns the rows ready for the writer together with every
problem found, as Galat(baris, kolom, nilai, alasan). The import writes only when the list
of problems is empty.

| module | checks |
|---|---|
| `validators_umum.py` | the header (`peta_kolom`), dates, the result (`Diperiksa`) and its order |
| `validators_pegawai.py` | employees: fast path (`cepat.py`), row by row, TMT going backwards |
| `validators_unit.py` | units (parents, cycles) and jabatan |
"""

from __future__ import annotations

from .validators_pegawai import PEGAWAI_FIELDS, PEGAWAI_OPSIONAL, galat_tmt, periksa_pegawai
from .validators_umum import Diperiksa, peta_kolom
from .validators_unit import periksa_jabatan, periksa_unit

__all__ = [
    "PEGAWAI_FIELDS",
    "PEGAWAI_OPSIONAL",
    "PERIKSA",
    "Diperiksa",
    "galat_tmt",
    "periksa_jabatan",
    "periksa_pegawai",
    "periksa_unit",
    "peta_kolom",
]

PERIKSA = {"pegawai": periksa_pegawai, "unit": periksa_unit, "jabatan": periksa_jabatan}
