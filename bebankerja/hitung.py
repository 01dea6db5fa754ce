"""The balance recompute: snapshot rows from tasks and staff, and the Pemda index.

The live figures of each (unit, jabatan) come from `selectors.abk_langsung` (two aggregate
queries, every formula in `abk.py`); this module upserts them as snapshot rows, keeps the
Pemda index history, serialises recomputes of one periode with an advisory lock, and
consumes the outbox (`outbox.py`) written by every change (docs/abk.md, "Hitung ulang").
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from pegawai.models import UnitKerja

from . import abk, keseimbangan, outbox, selectors
from .models import (
    IndeksPemdaRiwayat,
    PeriodeAbk,
    SnapshotJabatan,
    SnapshotUnit,
    UnitPerluHitung,
)
from .outbox import BATCH
from .redistribusi import opd_dari_path

log = logging.getLogger(__name__)

# PostgreSQL advisory-lock keys (two int4): (namespace, periode id) serialises recomputes
# of one periode; (namespace of the reconciliation, 0) keeps overlapping beats apart.
LOCK_PERIODE = 0x41424B  # "ABK"
LOCK_REKONSILIASI = 0x52454B  # "REK"
OUTBOX_BATAS = 5000  # marks consumed per run; the rest wait for the next run

_JAB_FIELDS = ["beban_menit", "kebutuhan_exact", "kebutuhan", "bezetting", "selisih", "ej",
               "grade", "dihitung"]
_UNIT_FIELDS = ["opd", "jenis", "beban_menit", "kebutuhan", "bezetting", "selisih", "kelebihan",
                "kekurangan", "eu", "grade", "dihitung"]
_INDEKS_FIELDS = ["skor", "ketidakseimbangan", "pindah_diperlukan", "total_kelebihan",
                  "total_kekurangan", "total_kebutuhan", "total_bezetting", "eu_stdev", "eu_iqr"]


# --- locks ----------------------------------------------------------------------


def advisory_lock(namespace: int, key: int, *, wait: bool = True) -> bool:
    """Take a transaction-scoped advisory lock on PostgreSQL; elsewhere always True.

    SQLite serialises writing transactions by itself, so no lock is needed there.
    """
    if connection.vendor != "postgresql":
        return True
    fn = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {fn}(%s, %s)", [namespace, key])
        row = cursor.fetchone()
    return True if wait else bool(row[0])



def kunci_periode(periode_id: int) -> None:
    """Wait for the periode's lock: writes of its tasks and its recomputes never interleave."""
    advisory_lock(LOCK_PERIODE, periode_id)


def indeks_refresh(*, periode_id: int) -> bool:
    """Recompute the Pemda index of a periode from its snapshot and record it if changed."""
    with transaction.atomic():
        periode = PeriodeAbk.objects.filter(pk=periode_id).first()
        if periode is None:
            return False
        kunci_periode(periode.pk)
        return _indeks_record(periode, periode.settings, timezone.now())


# --- recompute ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class HasilRecompute:
    """What one recompute did, for logs and the operator's command."""

    periode_id: int
    tahun: int
    unit: int  # unit rows written
    jabatan: int  # unit × jabatan rows written
    # None when an incremental recompute left the Pemda index to a follow-up task.
    indeks_berubah: bool | None


def _resolve_periode(periode: PeriodeAbk | int | None) -> PeriodeAbk | None:
    if periode is None:
        return selectors.periode_aktif()
    if isinstance(periode, PeriodeAbk):
        return periode
    return PeriodeAbk.objects.filter(pk=periode).first()


def balance_recompute(
    *, unit_ids: Iterable[int] | None = None, periode: PeriodeAbk | int | None = None
) -> HasilRecompute | None:
    """Recompute the snapshot of `unit_ids` (all units when None) in `periode` (the active one).

    Steps: lock the periode; read the live figures of every (unit, jabatan)
    (`selectors.abk_langsung`: tasks and active staff, one query each, computed by `abk`);
    upsert the rows and delete those of the same units left without tasks or people;
    recompute the Pemda index from all rows of the periode and append it to the history
    if it changed. Returns None without a periode.
    """
    if unit_ids is not None:
        unit_ids = sorted({int(i) for i in unit_ids})
        if not unit_ids:
            return None
    with transaction.atomic():
        periode = _resolve_periode(periode)
        if periode is None:
            return None
        # Serialise recomputes of one periode: the stale-row delete below assumes that
        # no other recompute writes these units in between.
        kunci_periode(periode.pk)
        settings = periode.settings
        now = timezone.now()

        langsung = selectors.abk_langsung(periode=periode, unit_ids=unit_ids)
        jab_rows, per_unit = [], defaultdict(list)
        for key, hasil in langsung.hasil.items():
            per_unit[key[0]].append(hasil)
            jab_rows.append(SnapshotJabatan(
                periode=periode, unit_id=key[0], jabatan_id=key[1],
                beban_menit=hasil.beban_menit,
                kebutuhan_exact=abk.round4(hasil.kebutuhan_exact),
                kebutuhan=hasil.kebutuhan, bezetting=hasil.bezetting, selisih=hasil.selisih,
                ej=abk.round4(hasil.ej), grade=hasil.grade or "", dihitung=now,
            ))

        units = UnitKerja.objects.order_by()
        if unit_ids is not None:
            units = units.filter(pk__in=unit_ids)
        info = {pk: (path, jenis) for pk, path, jenis in units.values_list("pk", "path", "jenis")}
        unit_rows = []
        for unit_id, parts in per_unit.items():
            hu = abk.hitung_unit(parts, settings)
            path, jenis = info[unit_id]
            unit_rows.append(SnapshotUnit(
                periode=periode, unit_id=unit_id, opd_id=opd_dari_path(path), jenis=jenis,
                beban_menit=hu.beban_menit, kebutuhan=hu.kebutuhan,
                bezetting=hu.bezetting, selisih=hu.selisih, kelebihan=hu.kelebihan,
                kekurangan=hu.kekurangan, eu=abk.round4(hu.eu), grade=hu.grade or "",
                dihitung=now,
            ))

        _upsert(SnapshotJabatan, jab_rows, ["periode", "unit", "jabatan"], _JAB_FIELDS,
                periode, unit_ids, now)
        _upsert(SnapshotUnit, unit_rows, ["periode", "unit"], _UNIT_FIELDS, periode, unit_ids,
                now)
        # The unit rows say when their figures were last confirmed, changed or not.
        dikonfirmasi = SnapshotUnit.objects.filter(periode=periode)
        if unit_ids is not None:
            dikonfirmasi = dikonfirmasi.filter(unit_id__in=unit_ids)
        dikonfirmasi.update(dihitung=now)
        if unit_ids is None:
            berubah = _indeks_record(periode, settings, now)
        else:
            # The Pemda index reads every jabatan row of the periode (~70 ms at 147,000
            # rows): an incremental recompute leaves it to a follow-up task so the two
            # units' figures are current at once (bench: recompute_incremental_ms).
            berubah = None
            outbox.indeks_mark_dirty(periode_id=periode.pk)
    return HasilRecompute(periode.pk, periode.tahun, len(unit_rows), len(jab_rows), berubah)


def _upsert(model, rows, key_fields, update_fields, periode, unit_ids, now):
    """Write only what changed: insert new rows, replace rows whose figures differ, delete
    rows of the same units this run did not produce.

    Rewriting every row on each run cost ~10 s for 147,000 jabatan rows (bench/README.md);
    a recompute usually changes a handful. A row's `dihitung` is therefore the time its
    figures were last computed *different*; the unit rows' time is refreshed separately.
    """
    attn = [model._meta.get_field(f).attname for f in key_fields if f != "periode"]
    compare = [model._meta.get_field(f).attname for f in update_fields if f != "dihitung"]
    existing = model.objects.filter(periode=periode).order_by()
    if unit_ids is not None:
        existing = existing.filter(unit_id__in=unit_ids)
    old = {
        tuple(r[1:1 + len(attn)]): (r[0], tuple(r[1 + len(attn):]))
        for r in existing.values_list("pk", *attn, *compare)
    }
    baru, hapus = [], []
    for row in rows:
        key = tuple(getattr(row, a) for a in attn)
        lama = old.pop(key, None)
        if lama is None:
            baru.append(row)
        elif lama[1] != tuple(getattr(row, a) for a in compare):
            hapus.append(lama[0])
            baru.append(row)
    hapus.extend(pk for pk, _values in old.values())
    for i in range(0, len(hapus), BATCH):
        model.objects.filter(pk__in=hapus[i:i + BATCH]).delete()
    model.objects.bulk_create(baru, batch_size=BATCH)
    return len(baru) + len(old)


def indeks_compute(
    periode: PeriodeAbk, settings: abk.AbkSettings | None = None
) -> keseimbangan.IndeksPemda:
    """The Pemda index of a periode from its snapshot, with two small aggregate queries.

    `keseimbangan.indeks_pemda` is fed exact aggregates instead of every row: per (jabatan, sign of
    selisih) the summed kebutuhan and bezetting (within one sign |Σ selisih| = Σ |selisih|,
    so every count of the index is unchanged), and for the EU spread one row per staffed
    unit with its workload and bezetting (and kebutuhan = bezetting, which only the counts
    would see).
    """
    settings = settings or periode.settings
    tanda = Case(
        When(selisih__gt=0, then=Value(1)),
        When(selisih__lt=0, then=Value(-1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    grup = (
        SnapshotJabatan.objects.filter(periode=periode)
        .order_by()
        .annotate(tanda=tanda)
        .values("jabatan_id", "tanda")
        .annotate(k=Sum("kebutuhan"), b=Sum("bezetting"))
        .values_list("jabatan_id", "tanda", "k", "b")
    )
    hitung = keseimbangan.indeks_pemda(
        [keseimbangan.BarisJabatan(("tanda", t), j, k, b) for j, t, k, b in grup], settings
    )
    units = (
        SnapshotUnit.objects.filter(periode=periode, bezetting__gt=0)
        .order_by()
        .values_list("unit_id", "beban_menit", "bezetting")
    )
    sebaran = keseimbangan.indeks_pemda(
        [keseimbangan.BarisJabatan(u, None, b, b, beban) for u, beban, b in units], settings
    )
    return dataclasses.replace(hitung, eu_stdev=sebaran.eu_stdev, eu_iqr=sebaran.eu_iqr)


def _indeks_record(periode, settings, now) -> bool:
    """Append the periode's index to its history if it differs from the last entry."""
    indeks = indeks_compute(periode, settings)
    values = {f: getattr(indeks, f) for f in _INDEKS_FIELDS}
    for f in ("skor", "eu_stdev", "eu_iqr"):
        values[f] = abk.round4(values[f])
    last = (
        IndeksPemdaRiwayat.objects.filter(periode=periode)
        .order_by("-dihitung", "-id")
        .values(*_INDEKS_FIELDS)
        .first()
    )
    if last == values:
        return False
    IndeksPemdaRiwayat.objects.create(periode=periode, dihitung=now, **values)
    return True


# --- consuming the outbox -------------------------------------------------------


def balance_recompute_units(
    *, unit_ids: Iterable[int], periode_id: int | None = None
) -> HasilRecompute | None:
    """Recompute these units in a periode (the active one) and consume their marks.

    Only the marks read before computing are deleted: a mark committed later stays for
    the next run, so a change is never lost between reading and deleting.
    """
    unit_ids = sorted({int(i) for i in unit_ids})
    periode = _resolve_periode(periode_id)
    if periode is None or not unit_ids:
        return None
    marks = UnitPerluHitung.objects.filter(unit_id__in=unit_ids)
    marks = marks.filter(Q(periode=periode) | Q(periode__isnull=True)) if periode.aktif else \
        marks.filter(periode=periode)
    mark_ids = list(marks.values_list("id", flat=True))
    hasil = balance_recompute(unit_ids=unit_ids, periode=periode)
    outbox.marks_delete(mark_ids)
    return hasil


def balance_recompute_pending(*, batas: int = OUTBOX_BATAS) -> list[HasilRecompute]:
    """Consume the outbox: recompute every marked unit (or whole periode) and delete the marks."""
    marks = list(
        UnitPerluHitung.objects.order_by("id").values_list("id", "periode_id", "unit_id")[:batas]
    )
    if not marks:
        return []
    aktif = selectors.periode_aktif()
    semua: set[int] = set()
    per_periode: defaultdict[int, set[int]] = defaultdict(set)
    for _id, mark_periode_id, unit_id in marks:
        periode_id = mark_periode_id or (aktif.pk if aktif else None)
        if periode_id is None:
            continue  # staff changed while no periode is active: nothing to show
        if unit_id is None:
            semua.add(periode_id)
        else:
            per_periode[periode_id].add(unit_id)
    periodes = PeriodeAbk.objects.in_bulk(semua | per_periode.keys())
    hasil = []
    for periode_id in sorted(periodes):
        units = None if periode_id in semua else per_periode[periode_id]
        h = balance_recompute(unit_ids=units, periode=periodes[periode_id])
        if h is not None:  # always: the periode is given
            hasil.append(h)
    outbox.marks_delete([m[0] for m in marks])
    return hasil


def balance_reconcile() -> list[HasilRecompute] | None:
    """Full recompute of the active periode plus the outbox; None if another run holds the lock.

    Runs from celery beat every 15 minutes and repairs anything a lost message missed.
    """
    with transaction.atomic():
        if not advisory_lock(LOCK_REKONSILIASI, 0, wait=False):
            log.info("Rekonsiliasi ABK dilewati: rekonsiliasi lain sedang berjalan.")
            return None
        hasil = balance_recompute_pending()
        penuh = balance_recompute()
    return hasil + ([penuh] if penuh else [])


