"""Rencana redistribusi: match surpluses to deficits of the same jabatan (docs/abk.md).

No Django imports: the planner takes (unit, OPD, jabatan, selisih) rows and returns
suggested moves, so it can be tested with hypothesis and reused outside the page.

Rule, per jabatan:

1. Within each OPD, repeatedly pair the unit with the largest remaining surplus with the unit
   with the largest remaining deficit and move min(surplus, deficit) people.
2. Then do the same across the whole Pemda with what is left.

Ties are broken by the smaller unit id, so the plan is the same on every run.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = [
    "BarisSelisih",
    "Rencana",
    "RingkasanJabatan",
    "Saran",
    "opd_dari_path",
    "rencana_redistribusi",
]


class BarisSelisih(NamedTuple):
    """One (unit, jabatan) figure: selisih = bezetting − kebutuhan; opd_id None = no OPD."""

    unit_id: int
    opd_id: int | None
    jabatan_id: Hashable
    selisih: int


@dataclass(frozen=True)
class Saran:
    """Move `jumlah` holders of `jabatan_id` from `dari_unit_id` to `ke_unit_id`."""

    jabatan_id: Hashable
    dari_unit_id: int
    ke_unit_id: int
    jumlah: int
    sama_opd: bool


@dataclass(frozen=True)
class RingkasanJabatan:
    """Totals of one jabatan across the Pemda, before and after the plan."""

    jabatan_id: Hashable
    kelebihan: int
    kekurangan: int
    dipindah: int

    @property
    def kekurangan_sisa(self) -> int:
        return self.kekurangan - self.dipindah

    @property
    def kelebihan_sisa(self) -> int:
        return self.kelebihan - self.dipindah


@dataclass(frozen=True)
class Rencana:
    saran: list[Saran] = field(default_factory=list)
    per_jabatan: dict[Hashable, RingkasanJabatan] = field(default_factory=dict)

    @property
    def total_kelebihan(self) -> int:
        return sum(r.kelebihan for r in self.per_jabatan.values())

    @property
    def total_kekurangan(self) -> int:
        return sum(r.kekurangan for r in self.per_jabatan.values())

    @property
    def total_dipindah(self) -> int:
        return sum(r.dipindah for r in self.per_jabatan.values())

    @property
    def kekurangan_sisa(self) -> int:
        return self.total_kekurangan - self.total_dipindah

    @property
    def kelebihan_sisa(self) -> int:
        return self.total_kelebihan - self.total_dipindah


def opd_dari_path(path: str) -> int | None:
    """The id of the depth-1 ancestor of a unit's materialised path ("000001/000007/…" → 7).

    The unit itself for an OPD; None for the Pemda root. The snapshot's `opd` uses it too.
    """
    parts = path.split("/")
    return int(parts[1]) if len(parts) > 2 else None


def _cocokkan(lebih: dict[int, int], kurang: dict[int, int]) -> Iterator[tuple[int, int, int]]:
    """Greedy largest-first pairing; consumes `lebih` and `kurang` in place.

    Yields (dari, ke, jumlah). Each step exhausts at least one side, so there are at most
    len(lebih) + len(kurang) steps.
    """
    hl = [(-n, u) for u, n in lebih.items() if n > 0]
    hk = [(-n, u) for u, n in kurang.items() if n > 0]
    heapq.heapify(hl)
    heapq.heapify(hk)
    while hl and hk:
        nl, dari = heapq.heappop(hl)
        nk, ke = heapq.heappop(hk)
        jumlah = min(-nl, -nk)
        yield dari, ke, jumlah
        lebih[dari] -= jumlah
        kurang[ke] -= jumlah
        if lebih[dari]:
            heapq.heappush(hl, (-lebih[dari], dari))
        if kurang[ke]:
            heapq.heappush(hk, (-kurang[ke], ke))


def rencana_redistribusi(rows: Iterable[BarisSelisih | tuple[Any, ...]]) -> Rencana:
    """Suggest same-jabatan moves from surplus units to deficit units, same OPD first.

    Rows of one (unit, jabatan) given twice are summed. A unit without an OPD (the Pemda
    root) only takes part in the cross-OPD step.
    """
    selisih: dict[Hashable, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    opd_of: dict[int, int | None] = {}
    for row in rows:
        unit_id, opd_id, jabatan_id, s = row
        selisih[jabatan_id][unit_id] += s
        opd_of.setdefault(unit_id, opd_id)

    saran: list[Saran] = []
    per_jabatan: dict[Hashable, RingkasanJabatan] = {}
    for jabatan_id in sorted(selisih, key=_sort_key):
        lebih = {u: s for u, s in selisih[jabatan_id].items() if s > 0}
        kurang = {u: -s for u, s in selisih[jabatan_id].items() if s < 0}
        total_lebih, total_kurang = sum(lebih.values()), sum(kurang.values())
        dipindah = 0
        # Step 1: inside each OPD. Moves inside one OPD need no second head of OPD to agree.
        per_opd_lebih: dict[int, dict[int, int]] = defaultdict(dict)
        per_opd_kurang: dict[int, dict[int, int]] = defaultdict(dict)
        for u, n in lebih.items():
            if (opd := opd_of[u]) is not None:
                per_opd_lebih[opd][u] = n
        for u, n in kurang.items():
            if (opd := opd_of[u]) is not None:
                per_opd_kurang[opd][u] = n
        for opd_id in sorted(set(per_opd_lebih) & set(per_opd_kurang)):
            ol, ok = per_opd_lebih[opd_id], per_opd_kurang[opd_id]
            for dari, ke, jumlah in _cocokkan(ol, ok):
                saran.append(Saran(jabatan_id, dari, ke, jumlah, True))
                dipindah += jumlah
            lebih.update(ol)
            kurang.update(ok)
        # Step 2: what is left, across OPDs.
        for dari, ke, jumlah in _cocokkan(lebih, kurang):
            saran.append(Saran(jabatan_id, dari, ke, jumlah, False))
            dipindah += jumlah
        per_jabatan[jabatan_id] = RingkasanJabatan(jabatan_id, total_lebih, total_kurang,
                                                   dipindah)
    return Rencana(saran=saran, per_jabatan=per_jabatan)


def _sort_key(value: Hashable) -> tuple[str, Any]:
    # Jabatan ids are ints from the database; tests may use strings. Keep the order total.
    return (type(value).__name__, value)
