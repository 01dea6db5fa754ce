"""What every import check shares: the column map, the result, dates, the final sort.

`validators.py` is the entry (`PERIKSA`); each kind of file has its own module
(`validators_pegawai.py`, `validators_unit.py`) built on these helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .hasil import BerkasDitolak, Galat
from .kolom import KOLOM, NilaiTidakSah, tanggal

_MISSING = object()


@dataclass
class Diperiksa:
    """Rows that passed, in the writer's field order, and which optional columns were given."""

    jenis: str
    baris: list = field(default_factory=list)
    ada: set = field(default_factory=set)
    galat: list = field(default_factory=list)
    # nip → spreadsheet row, built on demand (for problems the writer finds).
    nomor: object = None


def peta_kolom(tabel, jenis: str, spec=None) -> dict[str, int]:
    """Column name → index, or BerkasDitolak listing every header problem.

    `spec` is the column list (default KOLOM[jenis]); other imports (ABK) pass their own.
    """
    spec = KOLOM[jenis] if spec is None else spec
    dikenal = {k.nama for k in spec}
    galat = []
    idx: dict[str, int] = {}
    for i, (h, asli) in enumerate(zip(tabel.header, tabel.header_asli, strict=True)):
        if not h:
            galat.append(Galat(1, _("kolom ke-%(i)s") % {"i": i + 1}, "",
                               _("kolom berisi data tetapi tidak berjudul")))
        elif h not in dikenal:
            galat.append(Galat(1, asli, asli, _(
                "judul kolom tidak dikenal untuk impor %(j)s; kolom yang dikenal: %(d)s")
                % {"j": jenis, "d": ", ".join(k.nama for k in spec)}))
        elif h in idx:
            galat.append(Galat(1, asli, asli, _("judul kolom muncul dua kali")))
        else:
            idx[h] = i
    for k in spec:
        if k.wajib and k.nama not in idx:
            galat.append(Galat(1, k.nama, "", _("kolom wajib “%(k)s” tidak ada di baris judul")
                               % {"k": k.nama}))
    if galat:
        raise BerkasDitolak(galat)
    return idx


class Tanggal:
    """Parses dates with a cache: a big file repeats the same few thousand dates."""

    def __init__(self, hari_ini):
        self.cache = {}
        self.hari_ini = hari_ini

    def __call__(self, v):
        r = self.cache.get(v, _MISSING)
        if r is _MISSING:
            try:
                r = tanggal(v)
                if r > self.hari_ini:
                    r = NilaiTidakSah(_("tanggal di masa depan"))
                elif r.year < 1900:
                    r = NilaiTidakSah(_("tanggal sebelum tahun 1900"))
            except NilaiTidakSah as e:
                r = e
            self.cache[v] = r
        return r


def kosong(v) -> bool:
    return v is None or v == ""


def hint_angka(v) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return _(" (sel berformat angka sehingga nol di depan bisa hilang; format kolom "
                 "sebagai Teks)")
    return ""


def selesai(tabel, d: Diperiksa, urutan: list[str]) -> Diperiksa:
    """Merge the reader's cell problems, drop echoes of them, sort by row and column."""
    sudah = {(g.baris, g.kolom) for g in tabel.galat}
    galat = list(tabel.galat) + [g for g in d.galat if (g.baris, g.kolom) not in sudah]
    pos = {k: i for i, k in enumerate(urutan)}
    galat.sort(key=lambda g: (g.baris or 0, pos.get(g.kolom, 99), g.kolom))
    d.galat = galat
    return d
