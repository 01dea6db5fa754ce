"""The Pemda-wide balance of staff against ABK need: peta jabatan rows, per-unit sums, the
Pemda index, and what one move does to it. Pure arithmetic, no Django.

Builds on `abk` (its decimal context, settings and unit sums); definitions in docs/abk.md.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from .abk import (
    DEFAULT_SETTINGS,
    NOL,
    AbkSettings,
    HasilJabatan,
    HasilUnit,
    Kunci,
    cacah,
    desimal,
    exact,
    hasil_unit,
)


@dataclass(frozen=True)
class BarisJabatan:
    """A row of a peta jabatan: one jabatan in one unit, with its rounded kebutuhan."""

    unit_id: Hashable
    jabatan_id: Hashable
    kebutuhan: int
    bezetting: int
    beban_menit: Decimal = NOL

    def __post_init__(self) -> None:
        cacah(self.kebutuhan, "kebutuhan")
        cacah(self.bezetting, "bezetting")
        object.__setattr__(self, "beban_menit", desimal(self.beban_menit, "beban_menit"))

    @property
    def kunci(self) -> Kunci:
        """(unit_id, jabatan_id)."""
        return (self.unit_id, self.jabatan_id)

    @property
    def selisih(self) -> int:
        """bezetting - kebutuhan."""
        return self.bezetting - self.kebutuhan

    @classmethod
    def dari_hasil(
        cls, unit_id: Hashable, jabatan_id: Hashable, hasil: HasilJabatan
    ) -> BarisJabatan:
        """A row from a jabatan result."""
        return cls(unit_id, jabatan_id, hasil.kebutuhan, hasil.bezetting, hasil.beban_menit)


@dataclass(frozen=True)
class IndeksPemda:
    """Pemda-wide balance of staff against ABK need (definitions in docs/abk.md)."""

    ketidakseimbangan: int  # Σ |selisih| over (unit, jabatan)
    pindah_diperlukan: int  # Σ over jabatan of min(surplus, deficit) across units
    total_kelebihan: int
    total_kekurangan: int
    total_kebutuhan: int
    total_bezetting: int
    eu_stdev: Decimal | None  # population standard deviation of EU over staffed units
    eu_iqr: Decimal | None  # interquartile range (inclusive quartiles) of the same EUs
    skor: Decimal  # 100 x (1 - ketidakseimbangan / (Σ kebutuhan + Σ bezetting))


def _unique(rows: Iterable[BarisJabatan]) -> list[BarisJabatan]:
    """Rows as a list, refusing two rows for the same (unit, jabatan)."""
    rows = list(rows)
    if len({r.kunci for r in rows}) != len(rows):
        raise ValueError("two rows share the same (unit_id, jabatan_id)")
    return rows


@exact
def rekap_unit(
    rows: Iterable[BarisJabatan], settings: AbkSettings = DEFAULT_SETTINGS
) -> dict[Hashable, HasilUnit]:
    """Per-unit results from peta jabatan rows, in order of first appearance."""
    by_unit: dict[Hashable, list[BarisJabatan]] = {}
    for row in _unique(rows):
        by_unit.setdefault(row.unit_id, []).append(row)
    return {unit: hasil_unit(parts, settings) for unit, parts in by_unit.items()}


@exact
def indeks_pemda(
    rows: Iterable[BarisJabatan], settings: AbkSettings = DEFAULT_SETTINGS
) -> IndeksPemda:
    """The Pemda balance index of a set of peta jabatan rows."""
    rows = _unique(rows)
    kelebihan = sum(r.selisih for r in rows if r.selisih > 0)
    kekurangan = sum(-r.selisih for r in rows if r.selisih < 0)
    surplus: dict[Hashable, int] = {}
    deficit: dict[Hashable, int] = {}
    for r in rows:
        surplus[r.jabatan_id] = surplus.get(r.jabatan_id, 0) + max(r.selisih, 0)
        deficit[r.jabatan_id] = deficit.get(r.jabatan_id, 0) + max(-r.selisih, 0)
    total_kebutuhan = sum(r.kebutuhan for r in rows)
    total_bezetting = sum(r.bezetting for r in rows)
    ketidakseimbangan = kelebihan + kekurangan
    scale = total_kebutuhan + total_bezetting
    skor = Decimal(100) * (1 - Decimal(ketidakseimbangan) / scale) if scale else Decimal(100)
    eus = sorted(u.eu for u in rekap_unit(rows, settings).values() if u.eu is not None)
    eu_stdev: Decimal | None
    eu_iqr: Decimal | None
    if len(eus) >= 2:
        q1, _, q3 = statistics.quantiles(eus, n=4, method="inclusive")
        eu_stdev, eu_iqr = statistics.pstdev(eus), q3 - q1
    else:
        eu_stdev = eu_iqr = NOL if eus else None
    return IndeksPemda(
        ketidakseimbangan=ketidakseimbangan,
        pindah_diperlukan=sum(min(surplus[j], deficit[j]) for j in surplus),
        total_kelebihan=kelebihan,
        total_kekurangan=kekurangan,
        total_kebutuhan=total_kebutuhan,
        total_bezetting=total_bezetting,
        eu_stdev=eu_stdev,
        eu_iqr=eu_iqr,
        skor=min(Decimal(100), max(NOL, skor)),
    )


def delta_ketidakseimbangan(selisih_asal: int, selisih_tujuan: int) -> int:
    """Change of Σ |selisih| when one person leaves a post with `selisih_asal` for one with
    `selisih_tujuan`: −1 at an end the move eases (a surplus left, a deficit filled), +1
    at an end it deepens. −2 from a surplus to a deficit, +2 the other way round.

    `selectors.dengan_selisih_pindah` computes the same in SQL for mutasi's queues.
    """
    return (-1 if selisih_asal > 0 else 1) + (-1 if selisih_tujuan < 0 else 1)


def simulasi_pindah(
    rows: Iterable[BarisJabatan], dari: Kunci, ke: Kunci, jumlah: int = 1
) -> list[BarisJabatan]:
    """The rows after moving `jumlah` people from (unit, jabatan) `dari` to `ke`.

    Workload and kebutuhan stay with the post; a destination without a row gets one
    with kebutuhan 0 (a post the ABK does not ask for).
    """
    rows = _unique(rows)
    if cacah(jumlah, "jumlah") == 0 or tuple(dari) == tuple(ke):
        raise ValueError("a move needs jumlah >= 1 and two different (unit, jabatan)")
    keys: list[tuple[Hashable, ...]] = [r.kunci for r in rows]
    if tuple(dari) not in keys:
        raise ValueError(f"no row for origin {dari!r}")
    if tuple(ke) not in keys:
        rows.append(BarisJabatan(ke[0], ke[1], kebutuhan=0, bezetting=0))
        keys.append(tuple(ke))
    i, j = keys.index(tuple(dari)), keys.index(tuple(ke))
    if rows[i].bezetting < jumlah:
        raise ValueError(f"origin {dari!r} has only {rows[i].bezetting} in post")
    rows[i] = dataclasses.replace(rows[i], bezetting=rows[i].bezetting - jumlah)
    rows[j] = dataclasses.replace(rows[j], bezetting=rows[j].bezetting + jumlah)
    return rows
