"""Every read of workload figures: the active periode, live figures, and the snapshot.

- Live figures (`abk_langsung`, `bezetting_per_jabatan`, `beban_per_jabatan`): computed
  now from the tasks of a periode and the active staff; the recompute (`hitung.py`) and
  mutasi's impact preview read them.
- The snapshot (every other function): the summary rows kept by the recompute, never
  live aggregates over employees, scoped by `pegawai.access`, a fixed number of queries
  whatever the number of units. Dashboards, mutasi's queues and suggestions read it.
Every formula is in `abk.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from django.db.models import (
    Case,
    Count,
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
from pegawai.models import Jabatan, Pegawai, UnitKerja

from . import abk
from .models import (
    IndeksPemdaRiwayat,
    PeriodeAbk,
    SnapshotJabatan,
    SnapshotUnit,
    TugasJabatan,
)
from .redistribusi import BarisSelisih, Rencana, opd_dari_path, rencana_redistribusi

__all__ = [
    "AbkLangsung",
    "BebanJabatan",
    "RencanaTampil",
    "SaranUnit",
    "abk_langsung",
    "beban_per_jabatan",
    "bezetting_per_jabatan",
    "dengan_selisih_pindah",
    "indeks_riwayat",
    "indeks_terkini",
    "periode_aktif",
    "peta_jabatan",
    "rekap",
    "rencana_dari_snapshot",
    "semua_periode",
    "snapshot_units",
    "unit_kekurangan",
]

Kunci = tuple[int, int]  # (unit_id, jabatan_id)

def periode_aktif() -> PeriodeAbk | None:
    """The periode the dashboards show (at most one is active)."""
    return PeriodeAbk.objects.filter(aktif=True).first()


def semua_periode() -> list[tuple[int, bool]]:
    """(tahun, aktif) of every periode, newest first (the periode picker)."""
    return list(PeriodeAbk.objects.order_by("-tahun").values_list("tahun", "aktif"))


# --- Live figures (tasks and staff now) -------------------------------------------------


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

    def baris(self) -> list[abk.BarisJabatan]:
        """The figures as peta jabatan rows (for `abk.indeks_pemda`, `abk.simulasi_pindah`)."""
        return [abk.BarisJabatan.dari_hasil(u, j, h) for (u, j), h in self.hasil.items()]

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


# --- The snapshot ------------------------------------------------------------------------


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
    total imbalance Σ |selisih| if the move happens (`abk.delta_ketidakseimbangan`, here
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
