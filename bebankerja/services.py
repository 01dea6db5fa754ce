"""Writes of the ABK app: periodes, tasks, the dirty-unit outbox and the balance recompute.

The recompute reads tasks and staff with one aggregate query each, computes every figure
with `abk.py`, and upserts the snapshot rows. Work to do is recorded in the outbox
(`UnitPerluHitung`) in the same transaction as the change, published to Celery after
commit, and picked up by the periodic reconciliation if publishing failed (docs/reliability.md).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.models import Pegawai, UnitKerja

from . import abk
from .models import (
    IndeksPemdaRiwayat,
    PeriodeAbk,
    SnapshotJabatan,
    SnapshotUnit,
    TugasJabatan,
    UnitPerluHitung,
)
from .redistribusi import opd_dari_path

log = logging.getLogger(__name__)

# PostgreSQL advisory-lock keys (two int4): (namespace, periode id) serialises recomputes
# of one periode; (namespace of the reconciliation, 0) keeps overlapping beats apart.
LOCK_PERIODE = 0x41424B  # "ABK"
LOCK_REKONSILIASI = 0x52454B  # "REK"
BATCH = 2000
OUTBOX_BATAS = 5000  # marks consumed per run; the rest wait for the next run

_JAB_FIELDS = ["beban_menit", "kebutuhan_exact", "kebutuhan", "bezetting", "selisih", "ej",
               "grade", "dihitung"]
_UNIT_FIELDS = ["opd", "jenis", "beban_menit", "kebutuhan", "bezetting", "selisih", "kelebihan",
                "kekurangan", "eu", "grade", "dihitung"]
_INDEKS_FIELDS = ["skor", "ketidakseimbangan", "pindah_diperlukan", "total_kelebihan",
                  "total_kekurangan", "total_kebutuhan", "total_bezetting", "eu_stdev", "eu_iqr"]


# --- locks ----------------------------------------------------------------------


def _advisory_lock(namespace: int, key: int, *, wait: bool = True) -> bool:
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


# --- periode --------------------------------------------------------------------


def periode_aktif() -> PeriodeAbk | None:
    """The periode the dashboards show (at most one is active)."""
    return PeriodeAbk.objects.filter(aktif=True).first()


def periode_save(*, periode: PeriodeAbk) -> PeriodeAbk:
    """Validate and save a periode; recompute all its figures, whose settings may have changed.

    The first periode saved while none is active becomes the active one.
    """
    with transaction.atomic():
        # The one-active constraint is kept by deactivating the others first.
        periode.full_clean(validate_constraints=False)
        others = PeriodeAbk.objects.exclude(pk=periode.pk)
        if periode.aktif:
            others.filter(aktif=True).update(aktif=False)
        elif not others.filter(aktif=True).exists():
            periode.aktif = True
        periode.save()
        periode_mark_dirty(periode=periode)
    return periode


def periode_activate(*, periode: PeriodeAbk) -> None:
    """Make `periode` the one the dashboards show, and recompute it."""
    with transaction.atomic():
        PeriodeAbk.objects.filter(aktif=True).exclude(pk=periode.pk).update(aktif=False)
        PeriodeAbk.objects.filter(pk=periode.pk).update(aktif=True)
        periode.aktif = True
        periode_mark_dirty(periode=periode)


def abk_copy_periode(*, dari: PeriodeAbk, ke: PeriodeAbk, ganti: bool = False) -> int:
    """Copy every task of periode `dari` into periode `ke`; returns the number copied.

    Refuses when `ke` already has tasks unless `ganti` (they are then replaced).
    """
    if dari.pk == ke.pk:
        raise ValidationError(_("Periode asal dan tujuan penyalinan ABK sama (%(tahun)s).")
                              % {"tahun": dari.tahun})
    with transaction.atomic():
        _advisory_lock(LOCK_PERIODE, ke.pk)
        ada = TugasJabatan.objects.filter(periode=ke).count()
        if ada and not ganti:
            raise ValidationError(
                _("Periode ABK %(ke)s sudah berisi %(n)s tugas; penyalinan dari %(dari)s "
                  "dibatalkan. Pilih 'ganti' untuk menimpanya.")
                % {"ke": ke.tahun, "n": ada, "dari": dari.tahun}
            )
        TugasJabatan.objects.filter(periode=ke).delete()
        salinan = [
            TugasJabatan(
                periode=ke, unit_id=t.unit_id, jabatan_id=t.jabatan_id, uraian=t.uraian,
                satuan_hasil=t.satuan_hasil, volume=t.volume, norma_waktu=t.norma_waktu,
                satuan_norma=t.satuan_norma, periode_volume=t.periode_volume,
                beban_menit=t.hitung_beban(), urutan=t.urutan,
            )
            for t in TugasJabatan.objects.filter(periode=dari).order_by("id").iterator(BATCH)
        ]
        TugasJabatan.objects.bulk_create(salinan, batch_size=BATCH)
        periode_mark_dirty(periode=ke)
    return len(salinan)


# --- tasks (uraian tugas) ---------------------------------------------------------


def tugas_save(*, tugas: TugasJabatan) -> TugasJabatan:
    """Validate and save one task, keep its `beban_menit`, and mark its unit(s) dirty."""
    with transaction.atomic():
        lama = None
        if tugas.pk:
            lama = (
                TugasJabatan.objects.filter(pk=tugas.pk)
                .values_list("periode_id", "unit_id")
                .first()
            )
        tugas.full_clean()
        tugas.beban_menit = tugas.hitung_beban()
        tugas.save()
        units_mark_dirty(unit_ids=[tugas.unit_id], periode=tugas.periode)
        if lama and lama != (tugas.periode_id, tugas.unit_id):
            units_mark_dirty(unit_ids=[lama[1]], periode=lama[0])
    return tugas


def tugas_delete(*, tugas_ids: Iterable[int]) -> int:
    """Delete tasks and mark their units dirty; returns the number deleted."""
    with transaction.atomic():
        qs = TugasJabatan.objects.filter(pk__in=list(tugas_ids))
        pairs = set(qs.values_list("periode_id", "unit_id"))
        n, _detail = qs.delete()
        for periode_id in {p for p, _u in pairs}:
            units_mark_dirty(unit_ids=[u for p, u in pairs if p == periode_id],
                             periode=periode_id)
    return n


def _label(field: str) -> str:
    if field in _BARIS_FIELDS or field == "urutan":
        return str(TugasJabatan._meta.get_field(field).verbose_name)
    return _("data")


_BARIS_FIELDS = ("uraian", "satuan_hasil", "volume", "norma_waktu", "satuan_norma",
                 "periode_volume")


def tugas_bulk_replace(*, periode: PeriodeAbk, unit: UnitKerja, jabatan, rows:
                       Iterable[Mapping]) -> list[TugasJabatan]:
    """Replace all tasks of one jabatan in one unit and periode with `rows` (all or nothing).

    Each row is a mapping with uraian, satuan_hasil, volume, norma_waktu and optionally
    satuan_norma ("menit"/"jam") and periode_volume ("tahun"/"bulan"). Every row is
    validated first; one bad row writes nothing, and the error names the row and field.
    """
    baru, errors = [], []
    for i, row in enumerate(rows, start=1):
        data = {k: row[k] for k in _BARIS_FIELDS if row.get(k) not in (None, "")}
        tugas = TugasJabatan(periode=periode, unit=unit, jabatan=jabatan, urutan=i, **data)
        try:
            tugas.full_clean(exclude=["periode", "unit", "jabatan"])
        except ValidationError as e:
            for field, messages in e.message_dict.items():
                label = _label(field)
                errors.extend(
                    _("Tugas baris %(i)s, %(field)s: %(msg)s") % {"i": i, "field": label,
                                                                 "msg": m}
                    for m in messages
                )
            continue
        tugas.beban_menit = tugas.hitung_beban()
        baru.append(tugas)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        TugasJabatan.objects.filter(periode=periode, unit=unit, jabatan=jabatan).delete()
        TugasJabatan.objects.bulk_create(baru, batch_size=BATCH)
        units_mark_dirty(unit_ids=[unit.pk], periode=periode)
    return baru


# --- outbox ---------------------------------------------------------------------


def units_mark_dirty(
    *, unit_ids: Iterable[int], periode: PeriodeAbk | int | None = None
) -> list[int]:
    """Record that these units' figures must be recomputed, and publish after commit.

    Call it inside the transaction that changed staff or ABK: the marks commit or roll back
    with the change. `periode` (instance or id) None means the active periode (staff
    changes), whichever it is when the recompute runs. Publishing
    never fails the caller: if the broker is down, the reconciliation finds the marks.
    """
    ids = sorted({int(i) for i in unit_ids if i is not None})
    if not ids:
        return ids
    periode_id = periode.pk if isinstance(periode, PeriodeAbk) else periode
    UnitPerluHitung.objects.bulk_create(
        [UnitPerluHitung(periode_id=periode_id, unit_id=i) for i in ids], batch_size=BATCH
    )
    transaction.on_commit(functools.partial(_publish_units, ids, periode_id), robust=True)
    return ids


def periode_mark_dirty(*, periode: PeriodeAbk) -> None:
    """Record that every unit of `periode` must be recomputed, and publish after commit."""
    UnitPerluHitung.objects.create(periode=periode, unit=None)
    transaction.on_commit(_publish_pending, robust=True)


def _publish_units(unit_ids: list[int], periode_id: int | None) -> None:
    from .tasks import recompute_units

    try:
        recompute_units.apply_async(args=[unit_ids], kwargs={"periode_id": periode_id},
                                    retry=False)
    except Exception:
        # The marks are committed; rekonsiliasi (celery beat) will consume them.
        log.exception("Gagal mengantrekan hitung ulang ABK unit %s; menunggu rekonsiliasi.",
                      unit_ids)


def _publish_pending() -> None:
    from .tasks import recompute_pending

    try:
        recompute_pending.apply_async(retry=False)
    except Exception:
        log.exception("Gagal mengantrekan hitung ulang ABK; menunggu rekonsiliasi.")


def _publish_indeks(periode_id: int) -> None:
    from .tasks import recompute_indeks

    try:
        recompute_indeks.apply_async(args=[periode_id], retry=False)
    except Exception:
        log.exception("Gagal mengantrekan hitung ulang indeks Pemda; menunggu rekonsiliasi.")


def indeks_refresh(*, periode_id: int) -> bool:
    """Recompute the Pemda index of a periode from its snapshot and record it if changed."""
    with transaction.atomic():
        periode = PeriodeAbk.objects.filter(pk=periode_id).first()
        if periode is None:
            return False
        _advisory_lock(LOCK_PERIODE, periode.pk)
        return _indeks_record(periode, periode.settings, timezone.now())


# --- recompute ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class HasilRecompute:
    """What one recompute did, for logs and the operator's command."""

    periode_id: int
    tahun: int
    unit: int  # unit rows written
    jabatan: int  # unit × jabatan rows written
    indeks_berubah: bool


def _resolve_periode(periode: PeriodeAbk | int | None) -> PeriodeAbk | None:
    if periode is None:
        return periode_aktif()
    if isinstance(periode, PeriodeAbk):
        return periode
    return PeriodeAbk.objects.filter(pk=periode).first()


def balance_recompute(
    *, unit_ids: Iterable[int] | None = None, periode: PeriodeAbk | int | None = None
) -> HasilRecompute | None:
    """Recompute the snapshot of `unit_ids` (all units when None) in `periode` (the active one).

    Steps: lock the periode; sum tasks and count active staff per (unit, jabatan), one
    query each; compute each row with `abk`; upsert the rows and delete those of the same
    units left without tasks or people; recompute the Pemda index from all rows of the
    periode and append it to the history if it changed. Returns None without a periode.
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
        _advisory_lock(LOCK_PERIODE, periode.pk)
        settings = periode.settings
        now = timezone.now()

        beban, ceil_sum = _beban_per_jabatan(periode, unit_ids, settings)
        staf = Pegawai.objects.filter(aktif=True)
        if unit_ids is not None:
            staf = staf.filter(unit_id__in=unit_ids)
        bezetting = {
            (u, j): n
            for u, j, n in staf.order_by()
            .values("unit_id", "jabatan_id")
            .annotate(n=Count("id"))
            .values_list("unit_id", "jabatan_id", "n")
        }

        jab_rows, per_unit = [], defaultdict(list)
        for key in sorted(beban.keys() | bezetting.keys()):
            hasil = abk.hitung_jabatan_dari_beban(
                beban.get(key, 0),
                bezetting.get(key, 0),
                settings,
                kebutuhan_tugas_ceil_sum=ceil_sum.get(key, 0) if ceil_sum is not None else None,
            )
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
            hasil = abk.hitung_unit(parts, settings)
            path, jenis = info[unit_id]
            unit_rows.append(SnapshotUnit(
                periode=periode, unit_id=unit_id, opd_id=opd_dari_path(path), jenis=jenis,
                beban_menit=hasil.beban_menit, kebutuhan=hasil.kebutuhan,
                bezetting=hasil.bezetting, selisih=hasil.selisih, kelebihan=hasil.kelebihan,
                kekurangan=hasil.kekurangan, eu=abk.round4(hasil.eu), grade=hasil.grade or "",
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
            transaction.on_commit(functools.partial(_publish_indeks, periode.pk), robust=True)
    return HasilRecompute(periode.pk, periode.tahun, len(unit_rows), len(jab_rows), berubah)


def _beban_per_jabatan(periode, unit_ids, settings):
    """Workload per (unit, jabatan), and with "ceil_tugas" the per-task ceiling sums.

    One aggregate query; with "ceil_tugas" one query over the tasks instead, because the
    ceiling of each task's need cannot be taken from the sum (docs/abk.md).
    """
    tugas = TugasJabatan.objects.filter(periode=periode).order_by()
    if unit_ids is not None:
        tugas = tugas.filter(unit_id__in=unit_ids)
    if settings.pembulatan is not abk.Pembulatan.CEIL_TUGAS:
        rows = (
            tugas.values("unit_id", "jabatan_id")
            .annotate(b=Sum("beban_menit"))
            .values_list("unit_id", "jabatan_id", "b")
        )
        return {(u, j): b for u, j, b in rows}, None
    beban, ceil_sum = defaultdict(int), defaultdict(int)
    for u, j, b in tugas.values_list("unit_id", "jabatan_id", "beban_menit"):
        beban[(u, j)] += b
        ceil_sum[(u, j)] += abk.sum_ceil_tugas([abk.Tugas(b, 1)], settings)
    return beban, ceil_sum


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


def indeks_compute(periode: PeriodeAbk, settings: abk.AbkSettings | None = None) -> abk.IndeksPemda:
    """The Pemda index of a periode from its snapshot, with two small aggregate queries.

    `abk.indeks_pemda` is fed exact aggregates instead of every row: per (jabatan, sign of
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
    hitung = abk.indeks_pemda(
        [abk.BarisJabatan(("tanda", t), j, k, b) for j, t, k, b in grup], settings
    )
    units = (
        SnapshotUnit.objects.filter(periode=periode, bezetting__gt=0)
        .order_by()
        .values_list("unit_id", "beban_menit", "bezetting")
    )
    sebaran = abk.indeks_pemda(
        [abk.BarisJabatan(u, None, b, b, beban) for u, beban, b in units], settings
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
    _delete_marks(mark_ids)
    return hasil


def balance_recompute_pending(*, batas: int = OUTBOX_BATAS) -> list[HasilRecompute]:
    """Consume the outbox: recompute every marked unit (or whole periode) and delete the marks."""
    marks = list(
        UnitPerluHitung.objects.order_by("id").values_list("id", "periode_id", "unit_id")[:batas]
    )
    if not marks:
        return []
    aktif = periode_aktif()
    semua, per_periode = set(), defaultdict(set)
    for _id, periode_id, unit_id in marks:
        periode_id = periode_id or (aktif.pk if aktif else None)
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
        hasil.append(balance_recompute(unit_ids=units, periode=periodes[periode_id]))
    _delete_marks([m[0] for m in marks])
    return hasil


def balance_reconcile() -> list[HasilRecompute] | None:
    """Full recompute of the active periode plus the outbox; None if another run holds the lock.

    Runs from celery beat every 15 minutes and repairs anything a lost message missed.
    """
    with transaction.atomic():
        if not _advisory_lock(LOCK_REKONSILIASI, 0, wait=False):
            log.info("Rekonsiliasi ABK dilewati: rekonsiliasi lain sedang berjalan.")
            return None
        hasil = balance_recompute_pending()
        penuh = balance_recompute()
    return hasil + ([penuh] if penuh else [])


def _delete_marks(ids: list[int]) -> None:
    for start in range(0, len(ids), 500):
        UnitPerluHitung.objects.filter(pk__in=ids[start:start + 500]).delete()
