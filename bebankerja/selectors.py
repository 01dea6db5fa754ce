"""Reads of the ABK snapshot for the dashboard, scoped by `pegawai.access`.

Every function here reads summary rows kept by the recompute, never live aggregates over
employees, and runs a fixed number of queries whatever the number of units.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.db.models import Max, Min, QuerySet, Sum

from pegawai.access import is_bkd, scope_unit
from pegawai.models import UnitKerja

from . import abk
from .models import IndeksPemdaRiwayat, PeriodeAbk, SnapshotJabatan, SnapshotUnit
from .redistribusi import BarisSelisih, Rencana, opd_dari_path, rencana_redistribusi
from .services import periode_aktif

__all__ = [
    "RencanaTampil",
    "indeks_riwayat",
    "indeks_terkini",
    "periode_aktif",
    "peta_jabatan",
    "rekap",
    "rencana_dari_snapshot",
    "snapshot_units",
]

STATUS_FILTERS = {
    "kelebihan": {"selisih__gt": 0},
    "kekurangan": {"selisih__lt": 0},
    "seimbang": {"selisih": 0},
}


def snapshot_units(
    *, user, periode: PeriodeAbk, filters: Mapping | None = None
) -> QuerySet[SnapshotUnit]:
    """Unit rows of `periode` that `user` may see: BKD all, a unit head their subtree.

    `filters` (all optional): opd (unit id), jenis, grade ("" = empty posts), status
    ("kelebihan", "kekurangan", "seimbang"). The queryset stays lazy so django-filter
    and sorting can be applied on top; it selects the unit and its OPD.
    """
    qs = (
        SnapshotUnit.objects.filter(periode=periode)
        .select_related("unit", "opd")
        .order_by("unit__path")
    )
    if not is_bkd(user):
        qs = qs.filter(unit__in=scope_unit(UnitKerja.objects.all(), user))
    filters = filters or {}
    if filters.get("opd"):
        qs = qs.filter(opd_id=filters["opd"])
    if filters.get("jenis"):
        qs = qs.filter(jenis=filters["jenis"])
    if filters.get("grade") is not None:
        qs = qs.filter(grade=filters["grade"])
    if filters.get("status"):
        qs = qs.filter(**STATUS_FILTERS[filters["status"]])
    return qs


def peta_jabatan(*, unit: UnitKerja, periode: PeriodeAbk) -> QuerySet[SnapshotJabatan]:
    """The peta jabatan of one unit (scope the unit first): one query, highest kelas first.

    Each row has `.jabatan` (nama, kelas) and kebutuhan, kebutuhan_exact, bezetting,
    selisih, ej, grade, dihitung.
    """
    return (
        SnapshotJabatan.objects.filter(periode=periode, unit=unit)
        .select_related("jabatan")
        .order_by("-jabatan__kelas", "jabatan__nama", "jabatan_id")
    )


def rekap(qs: QuerySet[SnapshotUnit], *, periode: PeriodeAbk) -> dict:
    """Totals of a set of unit rows (a subtree, an OPD, a filtered table) in one query.

    Returns beban_menit, kebutuhan, bezetting, selisih, kelebihan, kekurangan, eu, grade
    and dihitung (the oldest row's time, so the figure never looks fresher than it is).
    """
    agg = qs.order_by().aggregate(
        beban=Sum("beban_menit"), kebutuhan=Sum("kebutuhan"), bezetting=Sum("bezetting"),
        kelebihan=Sum("kelebihan"), kekurangan=Sum("kekurangan"), dihitung=Min("dihitung"),
    )
    total = abk.rekap_unit(
        [abk.BarisJabatan("total", None, agg["kebutuhan"] or 0, agg["bezetting"] or 0,
                          agg["beban"] or Decimal(0))],
        periode.settings,
    )["total"]
    return {
        "beban_menit": total.beban_menit,
        "kebutuhan": total.kebutuhan,
        "bezetting": total.bezetting,
        "selisih": total.selisih,
        "kelebihan": agg["kelebihan"] or 0,
        "kekurangan": agg["kekurangan"] or 0,
        "eu": abk.round4(total.eu),
        "grade": total.grade or "",
        "dihitung": agg["dihitung"],
    }


def indeks_terkini(*, periode: PeriodeAbk) -> IndeksPemdaRiwayat | None:
    """The latest Pemda index of `periode`, or None before its first recompute."""
    return IndeksPemdaRiwayat.objects.filter(periode=periode).order_by("-dihitung", "-id").first()


def indeks_riwayat(*, periode: PeriodeAbk, batas: int = 500) -> list[IndeksPemdaRiwayat]:
    """The last `batas` index entries of `periode`, oldest first (for a trend chart)."""
    rows = IndeksPemdaRiwayat.objects.filter(periode=periode).order_by("-dihitung", "-id")
    return list(reversed(rows[:batas]))


# --- Rencana redistribusi (views_redistribusi) ---------------------------------------


@dataclass(frozen=True)
class Unit:
    id: int
    nama: str
    opd_id: int | None
    opd_nama: str


@dataclass(frozen=True)
class BarisRencana:
    """One suggestion ready for display: names resolved, both units with their OPD."""

    jabatan_id: int
    jabatan_nama: str
    dari: Unit
    ke: Unit
    jumlah: int
    sama_opd: bool


@dataclass(frozen=True)
class RencanaTampil:
    periode: PeriodeAbk
    rencana: Rencana
    baris: list[BarisRencana]
    opd: list[tuple[int, str]]  # every OPD, by name (filter choices)
    jabatan_nama: dict[int, str]  # every jabatan with a surplus or a deficit
    dihitung_awal: object  # oldest and newest unit recompute of the periode
    dihitung_akhir: object


def rencana_dari_snapshot(*, periode: PeriodeAbk) -> RencanaTampil:
    """Plan the active snapshot's surpluses into its deficits: three queries in all.

    1. every (unit, jabatan) row of `periode` with selisih ≠ 0, with unit and jabatan names;
    2. the OPD names (units at depth 1; a Pemda has tens, not thousands);
    3. when the snapshot was computed.
    The OPD of a unit comes from its materialised path, as in the snapshot itself.
    """
    rows = (
        SnapshotJabatan.objects.filter(periode=periode)
        .exclude(selisih=0)
        .order_by()
        .values_list("unit_id", "unit__path", "unit__nama", "jabatan_id", "jabatan__nama",
                     "selisih")
    )
    input_rows: list[BarisSelisih] = []
    unit_info: dict[int, tuple[str, int | None]] = {}
    jabatan_nama: dict[int, str] = {}
    for unit_id, path, unit_nama, jabatan_id, jab_nama, selisih in rows.iterator(
            chunk_size=5000):
        opd_id = opd_dari_path(path)
        input_rows.append(BarisSelisih(unit_id, opd_id, jabatan_id, selisih))
        unit_info[unit_id] = (unit_nama, opd_id)
        jabatan_nama[jabatan_id] = jab_nama
    opd = list(
        UnitKerja.objects.filter(kedalaman=1).order_by("nama", "id").values_list("id", "nama")
    )
    opd_nama = dict(opd)
    waktu = SnapshotUnit.objects.filter(periode=periode).aggregate(
        awal=Min("dihitung"), akhir=Max("dihitung"))

    rencana = rencana_redistribusi(input_rows)
    units: dict[int, Unit] = {}

    def unit(uid: int) -> Unit:
        if uid not in units:
            nama, opd_id = unit_info[uid]
            units[uid] = Unit(uid, nama, opd_id, opd_nama.get(opd_id, "") if opd_id else "")
        return units[uid]

    baris = [
        # Jabatan ids come from the database here: ints (the planner accepts any key).
        BarisRencana(cast(int, s.jabatan_id), jabatan_nama[cast(int, s.jabatan_id)],
                     unit(s.dari_unit_id),
                     unit(s.ke_unit_id), s.jumlah, s.sama_opd)
        for s in rencana.saran
    ]
    return RencanaTampil(periode, rencana, baris, opd, jabatan_nama, waktu["awal"],
                         waktu["akhir"])
