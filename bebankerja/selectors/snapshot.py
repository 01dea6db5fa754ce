"""The active periode and the snapshot: the summary rows kept by the recompute, never live
aggregates over employees, scoped by `pegawai.access`, a fixed number of queries whatever
the number of units. Dashboards, the redistribution plan, mutasi's queues and suggestions
read it. Every formula is in `abk.py` and `keseimbangan.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from django.db.models import (
    Case,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from pegawai.access import is_bkd, scope_unit
from pegawai.models import Jabatan, UnitKerja

from .. import abk, keseimbangan
from ..models import (
    IndeksPemdaRiwayat,
    PeriodeAbk,
    SnapshotJabatan,
    SnapshotUnit,
)
from ..redistribusi import BarisSelisih, Rencana, opd_dari_path, rencana_redistribusi


def periode_aktif() -> PeriodeAbk | None:
    """The periode the dashboards show (at most one is active)."""
    return PeriodeAbk.objects.filter(aktif=True).first()


def semua_periode() -> list[tuple[int, bool]]:
    """(tahun, aktif) of every periode, newest first (the periode picker)."""
    return list(PeriodeAbk.objects.order_by("-tahun").values_list("tahun", "aktif"))


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
    total = keseimbangan.rekap_unit(
        [keseimbangan.BarisJabatan("total", None, agg["kebutuhan"] or 0, agg["bezetting"] or 0,
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


# --- What a move does (mutasi's queues and suggestions) -------------------------------


def _selisih_aktif(unit: str, jabatan: str) -> Subquery:
    """The selisih of the outer row's (unit, jabatan) in the active periode's snapshot."""
    return Subquery(
        SnapshotJabatan.objects.filter(
            periode__aktif=True, unit_id=OuterRef(unit), jabatan_id=OuterRef(jabatan)
        ).values("selisih")[:1]
    )


def dengan_selisih_pindah(
    qs: QuerySet[Any], *, asal: tuple[str, str], tujuan: tuple[str, str]
) -> QuerySet[Any]:
    """Annotate rows describing a move of one person with its effect on the imbalance.

    `asal` and `tujuan` name the (unit id, jabatan id) fields of the origin and the
    destination. Annotates `selisih_asal`, `selisih_tujuan` (the posts' selisih in the
    active periode's snapshot, 0 without a row) and `dampak`, the change of the Pemda's
    total imbalance Σ |selisih| if the move happens (`keseimbangan.delta_ketidakseimbangan`, here
    in SQL): two subqueries, no query per row.
    """
    qs = qs.annotate(
        selisih_asal=Coalesce(_selisih_aktif(*asal), Value(0)),
        selisih_tujuan=Coalesce(_selisih_aktif(*tujuan), Value(0)),
    )
    return qs.annotate(
        dampak=Case(When(selisih_asal__gt=0, then=Value(-1)), default=Value(1))
        + Case(When(selisih_tujuan__lt=0, then=Value(-1)), default=Value(1))
    )


@dataclass(frozen=True)
class SaranUnit:
    """Where a jabatan is needed most: the answer of `unit_kekurangan`.

    `periode` None: no active ABK periode. `baris`: SnapshotJabatan rows, most short first,
    each with `.unit` (nama), `.opd` (the unit's OPD, None when the unit is one) and
    `.dihitung_unit` (when the unit's figures were last confirmed). `dihitung`: the oldest
    of those times, so the panel never looks fresher than its oldest figure.
    """

    periode: PeriodeAbk | None
    jabatan: Jabatan | None
    baris: list[SnapshotJabatan] = field(default_factory=list)
    dihitung: datetime | None = None


def unit_kekurangan(
    *, jabatan: Jabatan | None, kecuali_unit_id: int | None = None, batas: int = 10
) -> SaranUnit:
    """The up to `batas` units with the largest deficit of `jabatan` in the active ABK
    periode, excluding `kecuali_unit_id` (the employee's own unit).

    Aggregate snapshot figures only (kebutuhan, bezetting, selisih), never people. At most
    three queries whatever the number of units: the periode, the rows, their units' OPD.
    """
    periode = periode_aktif()
    if periode is None or jabatan is None:
        return SaranUnit(periode=periode, jabatan=jabatan)
    qs = SnapshotJabatan.objects.filter(periode=periode, jabatan=jabatan, selisih__lt=0)
    if kecuali_unit_id is not None:
        qs = qs.exclude(unit_id=kecuali_unit_id)
    baris = list(
        qs.select_related("unit")
        .only("unit__id", "unit__nama", "unit__path", "kebutuhan", "bezetting", "selisih",
              "dihitung")
        .order_by("selisih", "unit__path", "unit_id")[:batas]
    )
    if not baris:
        return SaranUnit(periode=periode, jabatan=jabatan)
    # The unit rows carry the OPD and the time the unit's figures were last confirmed (a
    # jabatan row's own `dihitung` only moves when its figures change: hitung._upsert).
    info = {
        su.unit_id: su
        for su in SnapshotUnit.objects.filter(
            periode=periode, unit_id__in=[b.unit_id for b in baris]
        ).select_related("opd").only("unit_id", "dihitung", "opd__id", "opd__nama")
    }
    for b in baris:
        su = info.get(b.unit_id)
        # Display attributes for the panel's template, set on the fetched rows.
        b.opd = su.opd if su is not None and su.opd_id != b.unit_id else None  # type: ignore[attr-defined]
        b.dihitung_unit = su.dihitung if su is not None else b.dihitung  # type: ignore[attr-defined]
    return SaranUnit(periode=periode, jabatan=jabatan, baris=baris,
                     dihitung=min(b.dihitung_unit for b in baris))  # type: ignore[attr-defined]
