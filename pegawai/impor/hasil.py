"""What an import returns: counts, the units whose staff changed, and every error found."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Galat:
    """One problem: the spreadsheet row a user sees (header = 1), the column, the value, why.

    `baris` is None for problems of the whole file (wrong type, empty, too large).
    """

    baris: int | None
    kolom: str
    nilai: str
    alasan: str

    def __str__(self):
        if self.baris is None:
            return self.alasan
        nilai = _(" (nilai '%(v)s')") % {"v": self.nilai} if self.nilai != "" else ""
        if self.kolom:
            return _("Baris %(b)s, kolom %(k)s%(n)s: %(a)s") % {
                "b": self.baris, "k": self.kolom, "n": nilai, "a": self.alasan}
        return _("Baris %(b)s%(n)s: %(a)s") % {"b": self.baris, "n": nilai, "a": self.alasan}

    def as_dict(self):
        return {"baris": self.baris, "kolom": self.kolom, "nilai": self.nilai,
                "alasan": self.alasan}


def galat_berkas(alasan: str) -> Galat:
    return Galat(None, "", "", alasan)


def nilai_tampil(v, maks: int = 100) -> str:
    """A cell value as the user would recognise it in an error message."""
    if v is None:
        return ""
    s = v if isinstance(v, str) else str(v)
    return s if len(s) <= maks else s[: maks - 1] + "…"


class BerkasDitolak(Exception):
    """The file cannot be imported at all (type, size, header); nothing was read into rows."""

    def __init__(self, galat: list[Galat]):
        super().__init__("; ".join(str(g) for g in galat))
        self.galat = galat


class AdaGalat:
    """What every import outcome answers from its `galat` list (employees, ABK)."""

    galat: list[Galat]

    @property
    def berhasil(self) -> bool:
        return not self.galat

    @property
    def baris_bermasalah(self) -> list[int]:
        return sorted({g.baris for g in self.galat if g.baris is not None})

    def gagal_perintah(self, stderr, judul: str):
        """For a management command: write every problem to `stderr` and return the
        CommandError (exit code 1) that says nothing was written."""
        from django.core.management.base import CommandError

        for g in self.galat:
            stderr.write(str(g))
        return CommandError(
            f"{judul} dibatalkan: {len(self.galat)} kesalahan di "
            f"{len(self.baris_bermasalah)} baris; tidak ada data yang ditulis.",
            returncode=1,
        )


@dataclass
class HasilImpor(AdaGalat):
    """The outcome of `impor_file`: counts when it succeeded, or every error (nothing written)."""

    jenis: str
    total_baris: int = 0
    baru: int = 0
    diubah: int = 0
    tetap: int = 0
    galat: list[Galat] = field(default_factory=list)
    # Units whose staff (who holds which jabatan there, active or not) changed: the hook for
    # the ABK recompute. Always empty for unit and jabatan imports.
    unit_berubah: set[int] = field(default_factory=set)
    detik: float = 0.0
    # True when the rows were written in mass-import mode (foreign keys re-created).
    massal: bool = False

    def batal(self, galat: list[Galat]) -> None:
        """Nothing was written after all (the transaction rolled back): only `galat` stays."""
        self.baru = self.diubah = self.tetap = 0
        self.unit_berubah = set()
        self.massal = False
        self.galat = galat

    # English aliases for callers outside the app (bench/).
    created = property(lambda self: self.baru)
    updated = property(lambda self: self.diubah)
    unchanged = property(lambda self: self.tetap)
