"""Reads of the ABK snapshot for the dashboard, scoped by `pegawai.access`.

Every function here reads summary rows kept by the recompute, never live aggregates over
employees, and runs a fixed number of queries whatever the number of units.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Min, QuerySet, Sum

from pegawai.access import is_bkd, scope_unit
from pegawai.models import UnitKerja

from . import abk
from .models import IndeksPemdaRiwayat, PeriodeAbk, SnapshotJabatan, SnapshotUnit
from .services import periode_aktif

__all__ = [
    "indeks_riwayat",
    "indeks_terkini",
    "periode_aktif",
    "peta_jabatan",
    "rekap",
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
                          agg["beban"] or 0)],
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
