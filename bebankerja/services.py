"""Writes of the ABK app: periodes and tasks (uraian tugas).

The writes a page can ask for take the acting user (`aktor`) and refuse one who may not
change ABK (`access.require_ubah_abk`); `aktor=None` is the system (commands, demo, admin).

Every write marks the units whose figures it changes in the outbox (`outbox.py`), in its
own transaction; the recompute (`hitung.py`) turns the marks into snapshot rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from pegawai.models import Jabatan, UnitKerja

from . import access
from .hitung import kunci_periode
from .models import PeriodeAbk, TugasJabatan
from .outbox import BATCH, periode_mark_dirty, units_mark_dirty

# --- periode --------------------------------------------------------------------


def periode_save(*, periode: PeriodeAbk, aktor: Any) -> PeriodeAbk:
    """Validate and save a periode; recompute all its figures, whose settings may have changed.

    The first periode saved while none is active becomes the active one.
    """
    access.require_ubah_abk(aktor)
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


def periode_activate(*, periode: PeriodeAbk, aktor: Any) -> None:
    """Make `periode` the one the dashboards show, and recompute it."""
    access.require_ubah_abk(aktor)
    with transaction.atomic():
        PeriodeAbk.objects.filter(aktif=True).exclude(pk=periode.pk).update(aktif=False)
        PeriodeAbk.objects.filter(pk=periode.pk).update(aktif=True)
        periode.aktif = True
        periode_mark_dirty(periode=periode)


def periode_hapus(*, periode: PeriodeAbk, aktor: Any) -> None:
    """Delete a periode nobody uses: not the active one and without tasks (a periode entered
    by mistake, e.g. year 20270, must not stay on every selector). Its snapshot rows, which
    only mirror the tasks, go with it. ValidationError says why it cannot be deleted."""
    from django.db.models.deletion import ProtectedError

    access.require_ubah_abk(aktor)
    with transaction.atomic():
        kunci_periode(periode.pk)
        if PeriodeAbk.objects.filter(pk=periode.pk, aktif=True).exists():
            raise ValidationError(_("Periode %(t)s sedang aktif dan tidak dapat dihapus; "
                                    "aktifkan periode lain dulu.") % {"t": periode.tahun})
        n = TugasJabatan.objects.filter(periode=periode).count()
        if n:
            raise ValidationError(_("Periode %(t)s berisi %(n)s tugas dan tidak dapat dihapus.")
                                  % {"t": periode.tahun, "n": n})
        try:
            periode.delete()
        except ProtectedError as e:
            raise ValidationError(_("Periode %(t)s dipakai oleh data lain (mis. rencana mutasi) "
                                    "dan tidak dapat dihapus.") % {"t": periode.tahun}) from e


def abk_copy_periode(
    *, dari: PeriodeAbk, ke: PeriodeAbk, aktor: Any, ganti: bool = False
) -> int:
    """Copy every task of periode `dari` into periode `ke`; returns the number copied.

    Refuses when `ke` already has tasks unless `ganti` (they are then replaced).
    """
    access.require_ubah_abk(aktor)
    if dari.pk == ke.pk:
        raise ValidationError(_("Periode asal dan tujuan penyalinan ABK sama (%(tahun)s).")
                              % {"tahun": dari.tahun})
    with transaction.atomic():
        kunci_periode(ke.pk)
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
        f = TugasJabatan._meta.get_field(field)
        if isinstance(f, Field):  # always, for these names
            return str(f.verbose_name)
    return _("data")


_BARIS_FIELDS = ("uraian", "satuan_hasil", "volume", "norma_waktu", "satuan_norma",
                 "periode_volume")


def tugas_bulk_replace(
    *, periode: PeriodeAbk, unit: UnitKerja, jabatan: Jabatan, rows: Iterable[Mapping[str, Any]],
    aktor: Any,
) -> list[TugasJabatan]:
    """Replace all tasks of one jabatan in one unit and periode with `rows` (all or nothing).

    Each row is a mapping with uraian, satuan_hasil, volume, norma_waktu and optionally
    satuan_norma ("menit"/"jam") and periode_volume ("tahun"/"bulan"). Every row is
    validated first; one bad row writes nothing, and the error names the row and field.
    """
    access.require_ubah_abk(aktor)
    baru: list[TugasJabatan] = []
    errors: list[str] = []
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
