"""Live figures: computed now from the tasks of a periode and the active staff, through
`abk.py`. The recompute (`hitung.py`), the ABK editing page of one unit and mutasi's impact
preview read them; the other pages read the snapshot (`snapshot.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from pegawai.models import Pegawai

from .. import abk, keseimbangan
from ..models import PeriodeAbk, TugasJabatan

Kunci = tuple[int, int]  # (unit_id, jabatan_id)


def bezetting_per_jabatan(*, unit_ids: Iterable[int] | None = None) -> dict[Kunci, int]:
    """Active employees per (unit, jabatan), of `unit_ids` (every unit when None): one query."""
    staf = Pegawai.objects.filter(aktif=True)
    if unit_ids is not None:
        staf = staf.filter(unit_id__in=unit_ids)
    return {
        (u, j): n
        for u, j, n in staf.order_by()
        .values("unit_id", "jabatan_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "jabatan_id", "n")
    }


@dataclass(frozen=True)
class BebanJabatan:
    """Tasks of a periode per (unit, jabatan): summed workload and number of tasks.

    `ceil_sum`: with pembulatan "ceil_tugas" the sum of each task's rounded-up need
    (`abk.sum_ceil_tugas`), which the summed workload cannot give; None otherwise.
    """

    beban: dict[Kunci, Decimal]
    jumlah_tugas: dict[Kunci, int]
    ceil_sum: dict[Kunci, int] | None


def beban_per_jabatan(
    *, periode: PeriodeAbk, unit_ids: Iterable[int] | None = None,
    settings: abk.AbkSettings | None = None,
) -> BebanJabatan:
    """Workload per (unit, jabatan) of `periode`'s tasks, of `unit_ids` (all when None).

    One aggregate query; with "ceil_tugas" one query over the tasks instead, because the
    ceiling of each task's need cannot be taken from the sum (docs/abk.md).
    """
    settings = settings or periode.settings
    tugas = TugasJabatan.objects.filter(periode=periode).order_by()
    if unit_ids is not None:
        tugas = tugas.filter(unit_id__in=unit_ids)
    if settings.pembulatan is not abk.Pembulatan.CEIL_TUGAS:
        total: dict[tuple[int, int], Decimal] = {}
        banyak: dict[tuple[int, int], int] = {}
        for u, j, b, n in (
            tugas.values("unit_id", "jabatan_id")
            .annotate(b=Sum("beban_menit"), n=Count("id"))
            .values_list("unit_id", "jabatan_id", "b", "n")
        ):
            total[(u, j)], banyak[(u, j)] = b, n
        return BebanJabatan(total, banyak, None)
    beban: defaultdict[tuple[int, int], Decimal] = defaultdict(Decimal)
    jumlah: defaultdict[tuple[int, int], int] = defaultdict(int)
    ceil_sum: defaultdict[tuple[int, int], int] = defaultdict(int)
    for u, j, b in tugas.values_list("unit_id", "jabatan_id", "beban_menit"):
        beban[(u, j)] += b
        jumlah[(u, j)] += 1
        # A stored task's workload is volume × norma already: one unit of norma = b minutes.
        ceil_sum[(u, j)] += abk.sum_ceil_tugas([abk.Tugas(b, Decimal(1))], settings)
    return BebanJabatan(dict(beban), dict(jumlah), dict(ceil_sum))


@dataclass(frozen=True)
class AbkLangsung:
    """Figures of every (unit, jabatan) with tasks or active staff, computed now.

    `hasil` is ordered by (unit_id, jabatan_id); `jumlah_tugas` counts each pair's tasks
    (absent: none).
    """

    periode: PeriodeAbk | None
    settings: abk.AbkSettings
    hasil: dict[Kunci, abk.HasilJabatan]
    jumlah_tugas: dict[Kunci, int]

    def baris(self) -> list[keseimbangan.BarisJabatan]:
        """The figures as peta jabatan rows (for `keseimbangan.indeks_pemda` and
        `keseimbangan.simulasi_pindah`)."""
        return [keseimbangan.BarisJabatan.dari_hasil(u, j, h) for (u, j), h in self.hasil.items()]

    def ada_tugas(self, unit_id: int) -> bool:
        """Whether the unit has at least one task in the periode (its ABK is filled in)."""
        return any(u == unit_id for u, _j in self.jumlah_tugas)


def abk_langsung(
    *, periode: PeriodeAbk | None, unit_ids: Iterable[int] | None = None
) -> AbkLangsung:
    """Live figures of `unit_ids` (every unit when None) in `periode`, through `abk.py`.

    Two queries: the tasks' workload (`beban_per_jabatan`) and the staff in post
    (`bezetting_per_jabatan`). Without a periode there are no tasks: only staff, with the
    default settings. Used by the recompute for the snapshot and by mutasi for the rows
    one move touches (`unit_ids` = the two units).
    """
    if unit_ids is not None:
        unit_ids = sorted({int(i) for i in unit_ids})
    settings = periode.settings if periode else abk.DEFAULT_SETTINGS
    beban = (beban_per_jabatan(periode=periode, unit_ids=unit_ids, settings=settings)
             if periode else BebanJabatan({}, {}, None))
    bezetting = bezetting_per_jabatan(unit_ids=unit_ids)
    hasil = {
        key: abk.hitung_jabatan_dari_beban(
            beban.beban.get(key, 0),
            bezetting.get(key, 0),
            settings,
            kebutuhan_tugas_ceil_sum=(beban.ceil_sum.get(key, 0)
                                      if beban.ceil_sum is not None else None),
        )
        for key in sorted(beban.beban.keys() | bezetting.keys())
    }
    return AbkLangsung(periode, settings, hasil, beban.jumlah_tugas)
