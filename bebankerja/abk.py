"""Analisis Beban Kerja (PermenPANRB 1/2020, Permendagri 12/2008): pure arithmetic.

No Django here. Every figure is a `Decimal` computed in a private context, so results
do not depend on the caller's decimal context; exact values are never rounded before
EJ/EU (`round4` is for display only). Formulas: docs/abk.md; the Pemda-wide balance
builds on this module in `keseimbangan.py`.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from typing import Literal, ParamSpec, Protocol, TypeVar, overload

_CTX = Context(prec=40)
NOL = Decimal(0)
_FOUR_DP = Decimal("0.0001")
Number = Decimal | int | str
Kunci = tuple[Hashable, Hashable]  # (unit_id, jabatan_id)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def exact(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `func` in the ABK's own decimal context (also for `keseimbangan`)."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with localcontext(_CTX):
            return func(*args, **kwargs)

    return wrapper


def desimal(value: Number | float, name: str) -> Decimal:
    """A finite Decimal >= 0 (a float goes through its shortest repr)."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, not bool")
    result = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite() or result < 0:
        raise ValueError(f"{name} must be finite and >= 0, got {value!r}")
    return result


def cacah(value: int, name: str) -> int:
    """Check a head count: an int >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be an int >= 0, got {value!r}")
    return value


@overload
def round4(value: Decimal) -> Decimal: ...
@overload
def round4(value: None) -> None: ...
def round4(value: Decimal | None) -> Decimal | None:
    """Round to 4 decimals, half up, for display (None stays None)."""
    return None if value is None else value.quantize(_FOUR_DP, rounding=ROUND_HALF_UP)


# --- settings -------------------------------------------------------------------


SatuanNorma = Literal["menit", "jam"]
PeriodeVolume = Literal["tahun", "bulan"]


class Pembulatan(StrEnum):
    """How the exact kebutuhan becomes a head count."""

    HALF_UP = "half_up"  # round the jabatan total half up: 1.49 -> 1, 1.50 -> 2
    CEIL_JABATAN = "ceil_jabatan"  # ceiling of the jabatan total
    CEIL_TUGAS = "ceil_tugas"  # ceiling per task, then sum
    FLOOR_JABATAN = "floor_jabatan"  # round the jabatan total down: 1.99 -> 1 (some Pemda)


@dataclass(frozen=True)
class Band:
    """A grade band: values above `batas_bawah` (equal too if `inklusif`)."""

    grade: str
    predikat: str
    batas_bawah: Decimal | None  # None: every value left, the last band
    inklusif: bool = True


Bands = Sequence[Band]
BANDS_PERMENDAGRI: tuple[Band, ...] = (
    Band("A", "sangat baik", Decimal("1.00"), inklusif=False),  # above 1.00
    Band("B", "baik", Decimal("0.90")),  # 0.90 to 1.00
    Band("C", "cukup", Decimal("0.70")),  # 0.70 to below 0.90
    Band("D", "sedang", Decimal("0.50")),  # 0.50 to below 0.70
    Band("E", "kurang", None),  # below 0.50
)

# The ministry guide prints two-decimal ranges (B 0.81-1.00, C 0.66-0.80, D 0.50-0.65)
# with gaps between them. Each printed upper bound stays inclusive, as 1.00 is B and not
# A, so a value in a gap goes up: 0.80 -> C, 0.8001 -> B, 0.65 -> D, 0.6501 -> C.
BANDS_KEMENTERIAN: tuple[Band, ...] = (
    Band("A", "sangat baik", Decimal("1.00"), inklusif=False),
    Band("B", "baik", Decimal("0.80"), inklusif=False),
    Band("C", "cukup", Decimal("0.65"), inklusif=False),
    Band("D", "sedang", Decimal("0.50")),
    Band("E", "kurang", None),
)


@dataclass(frozen=True)
class AbkSettings:
    """The settings a figure was computed with (one set per periode)."""

    wke_menit: Decimal = Decimal(75000)
    pembulatan: Pembulatan = Pembulatan.HALF_UP
    bands: tuple[Band, ...] = BANDS_PERMENDAGRI

    def __post_init__(self) -> None:
        wke = desimal(self.wke_menit, "wke_menit")
        if wke == 0:
            raise ValueError("wke_menit must be > 0")
        bands = tuple(self.bands)
        bounds = [b.batas_bawah for b in bands[:-1] if b.batas_bawah is not None]
        if not bands or bands[-1].batas_bawah is not None or len(bounds) < len(bands) - 1:
            raise ValueError("bands need exactly one catch-all band, the last")
        if any(hi <= lo for hi, lo in itertools.pairwise(bounds)):
            raise ValueError("bands must be ordered from the highest lower bound down")
        object.__setattr__(self, "wke_menit", wke)
        object.__setattr__(self, "pembulatan", Pembulatan(self.pembulatan))
        object.__setattr__(self, "bands", bands)


DEFAULT_SETTINGS = AbkSettings()


@exact
def wke_from_days(hari_kerja: Number, jam_efektif_per_hari: Number) -> Decimal:
    """WKE in minutes/year from working days per year and effective hours per day."""
    hari, jam = desimal(hari_kerja, "hari_kerja"), desimal(jam_efektif_per_hari, "jam")
    return hari * jam * 60


def band_for(value: Decimal | None, bands: Bands = BANDS_PERMENDAGRI) -> Band | None:
    """The band an exact EJ/EU value falls in (None for None)."""
    if value is None:
        return None
    for band in bands:
        low = band.batas_bawah
        if low is None or value > low or (band.inklusif and value == low):
            return band
    raise ValueError("bands have no catch-all band")


def grade_for(value: Decimal | None, bands: Bands = BANDS_PERMENDAGRI) -> str | None:
    """The grade letter of an exact EJ/EU value (None for None)."""
    band = band_for(value, bands)
    return None if band is None else band.grade


# --- jabatan and unit -----------------------------------------------------------


@dataclass(frozen=True)
class Tugas:
    """One uraian tugas: volume per year and norma waktu in minutes."""

    volume: Decimal
    norma_menit: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "volume", desimal(self.volume, "volume"))
        object.__setattr__(self, "norma_menit", desimal(self.norma_menit, "norma_menit"))

    @property
    @exact
    def beban_menit(self) -> Decimal:
        """Workload in minutes per year."""
        return self.volume * self.norma_menit

    @classmethod
    @exact
    def dari_form(
        cls,
        volume: Number,
        norma: Number,
        satuan_norma: SatuanNorma = "menit",
        periode_volume: PeriodeVolume = "tahun",
    ) -> Tugas:
        """A task as its form states it: norma in menit/jam, volume per tahun/bulan."""
        if satuan_norma not in ("menit", "jam"):
            raise ValueError(f"satuan_norma: 'menit' or 'jam', not {satuan_norma!r}")
        if periode_volume not in ("tahun", "bulan"):
            raise ValueError(f"periode_volume: 'tahun' or 'bulan', not {periode_volume!r}")
        volume, norma = desimal(volume, "volume"), desimal(norma, "norma")
        # A monthly volume set against WKE / 12 gives the same need as 12 x it / WKE.
        return cls(
            volume=volume * 12 if periode_volume == "bulan" else volume,
            norma_menit=norma * 60 if satuan_norma == "jam" else norma,
        )


def beban_tugas(
    volume: Number,
    norma: Number,
    satuan_norma: SatuanNorma = "menit",
    periode_volume: PeriodeVolume = "tahun",
) -> Decimal:
    """Workload in minutes per year of a task given in the units of its form."""
    return Tugas.dari_form(volume, norma, satuan_norma, periode_volume).beban_menit


@dataclass(frozen=True)
class HasilTugas:
    """The need of one task, as paper forms print it: volume x norma / WKE."""

    beban_menit: Decimal
    kebutuhan_exact: Decimal
    kebutuhan_ceil: int


@dataclass(frozen=True)
class HasilJabatan:
    """ABK result of one jabatan in one unit."""

    beban_menit: Decimal
    kebutuhan_exact: Decimal
    kebutuhan: int
    bezetting: int
    selisih: int
    ej: Decimal | None
    grade: str | None
    predikat: str | None
    kosong: bool
    settings: AbkSettings
    per_tugas: tuple[HasilTugas, ...] = ()


@dataclass(frozen=True)
class HasilUnit:
    """ABK result of one unit: sums over its jabatan, and EU."""

    beban_menit: Decimal
    kebutuhan: int
    bezetting: int
    selisih: int
    kelebihan: int
    kekurangan: int
    eu: Decimal | None
    grade: str | None
    predikat: str | None
    settings: AbkSettings


def _round_div(beban: Decimal, wke: Decimal, *, ceil: bool, floor: bool = False) -> int:
    """beban / wke rounded up (ceil), down (floor) or half up, in integers so that it is
    exact."""
    (n1, d1), (n2, d2) = beban.as_integer_ratio(), wke.as_integer_ratio()
    whole, rest = divmod(n1 * d2, d1 * n2)
    if floor:
        return whole
    return whole + (rest > 0 if ceil else 2 * rest >= d1 * n2)


@exact
def efisiensi(
    beban_menit: Number, bezetting: int, settings: AbkSettings = DEFAULT_SETTINGS
) -> Decimal | None:
    """EJ (one jabatan) or EU (a unit): workload / (staff x WKE); None without staff."""
    return _efisiensi(desimal(beban_menit, "beban_menit"), cacah(bezetting, "bezetting"),
                      settings)


def _efisiensi(beban: Decimal, bezetting: int, settings: AbkSettings) -> Decimal | None:
    """`efisiensi` of checked values; the caller holds the decimal context."""
    return beban / (bezetting * settings.wke_menit) if bezetting else None


@exact
def sum_ceil_tugas(tugas: Iterable[Tugas], settings: AbkSettings = DEFAULT_SETTINGS) -> int:
    """Σ over tasks of the ceiling of each task's need: the "ceil_tugas" kebutuhan."""
    return sum(_round_div(t.beban_menit, settings.wke_menit, ceil=True) for t in tugas)


@exact
def hitung_jabatan(
    tugas: Iterable[Tugas], bezetting: int, settings: AbkSettings = DEFAULT_SETTINGS
) -> HasilJabatan:
    """ABK of one jabatan from its tasks and the staff in post."""
    wke = settings.wke_menit
    per_tugas = tuple(
        HasilTugas(b, b / wke, _round_div(b, wke, ceil=True))
        for b in (t.beban_menit for t in tugas)
    )
    hasil = hitung_jabatan_dari_beban(
        sum((t.beban_menit for t in per_tugas), NOL),
        bezetting,
        settings,
        kebutuhan_tugas_ceil_sum=sum(t.kebutuhan_ceil for t in per_tugas),
    )
    return dataclasses.replace(hasil, per_tugas=per_tugas)


@exact
def hitung_jabatan_dari_beban(
    beban_menit: Number,
    bezetting: int,
    settings: AbkSettings = DEFAULT_SETTINGS,
    *,
    kebutuhan_tugas_ceil_sum: int | None = None,
) -> HasilJabatan:
    """ABK of one jabatan from its summed workload (minutes/year) and staff in post.

    With pembulatan "ceil_tugas" the caller passes the per-task ceiling sum (see
    `sum_ceil_tugas`), which the summed workload alone cannot give.
    """
    beban = desimal(beban_menit, "beban_menit")
    bezetting = cacah(bezetting, "bezetting")
    wke = settings.wke_menit
    if settings.pembulatan is Pembulatan.CEIL_TUGAS:
        if kebutuhan_tugas_ceil_sum is None:
            raise ValueError("pembulatan 'ceil_tugas' needs kebutuhan_tugas_ceil_sum")
        kebutuhan = cacah(kebutuhan_tugas_ceil_sum, "kebutuhan_tugas_ceil_sum")
    else:
        kebutuhan = _round_div(beban, wke, ceil=settings.pembulatan is Pembulatan.CEIL_JABATAN,
                               floor=settings.pembulatan is Pembulatan.FLOOR_JABATAN)
    ej = _efisiensi(beban, bezetting, settings)
    band = band_for(ej, settings.bands)
    return HasilJabatan(
        beban_menit=beban,
        kebutuhan_exact=beban / wke,
        kebutuhan=kebutuhan,
        bezetting=bezetting,
        selisih=bezetting - kebutuhan,
        ej=ej,
        grade=band.grade if band else None,
        predikat=band.predikat if band else None,
        kosong=bezetting == 0,
        settings=settings,
    )


class BagianUnit(Protocol):
    """One jabatan of a unit as summed into the unit: a `HasilJabatan` or a
    `keseimbangan.BarisJabatan`."""

    @property
    def beban_menit(self) -> Decimal: ...
    @property
    def kebutuhan(self) -> int: ...
    @property
    def bezetting(self) -> int: ...
    @property
    def selisih(self) -> int: ...


@exact
def hasil_unit(parts: Sequence[BagianUnit], settings: AbkSettings) -> HasilUnit:
    """Sum a unit's jabatan (results or rows) with `settings`."""
    beban = sum((p.beban_menit for p in parts), NOL)
    kebutuhan = sum(p.kebutuhan for p in parts)
    bezetting = sum(p.bezetting for p in parts)
    eu = _efisiensi(beban, bezetting, settings)
    band = band_for(eu, settings.bands)
    return HasilUnit(
        beban_menit=beban,
        kebutuhan=kebutuhan,
        bezetting=bezetting,
        selisih=bezetting - kebutuhan,
        kelebihan=sum(p.selisih for p in parts if p.selisih > 0),
        kekurangan=sum(-p.selisih for p in parts if p.selisih < 0),
        eu=eu,
        grade=band.grade if band else None,
        predikat=band.predikat if band else None,
        settings=settings,
    )


@exact
def hitung_unit(jabatan: Iterable[HasilJabatan], settings: AbkSettings | None = None) -> HasilUnit:
    """ABK of a unit from its jabatan results (all computed with the same settings)."""
    jabatan = tuple(jabatan)
    used = {j.settings for j in jabatan} | ({settings} if settings is not None else set())
    if len(used) > 1:
        raise ValueError("jabatan results were computed with different settings")
    return hasil_unit(jabatan, used.pop() if used else DEFAULT_SETTINGS)
