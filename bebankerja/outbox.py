"""The dirty-unit outbox: what must be recomputed, recorded with the change that caused it.

A change to tasks or staff marks its units (`UnitPerluHitung`) in the same transaction,
so the marks commit or roll back with it; after commit a Celery task is published, and
the periodic reconciliation (`hitung.balance_reconcile`) consumes whatever a lost message
left behind (docs/abk.md, "Hitung ulang"). The engine that consumes the marks is
`hitung.py`; this module only writes, publishes and deletes marks.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from django.db import transaction

from .models import PeriodeAbk, UnitPerluHitung

log = logging.getLogger(__name__)

BATCH = 2000  # rows per bulk insert/delete


def units_mark_dirty(
    *, unit_ids: Iterable[int | None], periode: PeriodeAbk | int | None = None
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


def indeks_mark_dirty(*, periode_id: int) -> None:
    """After commit, ask for the Pemda index of the periode to be recomputed.

    No mark is written: the reconciliation recomputes the index on every run anyway.
    """
    transaction.on_commit(functools.partial(_publish_indeks, periode_id), robust=True)


def marks_delete(ids: list[int]) -> None:
    """Delete consumed marks by id, in chunks."""
    for start in range(0, len(ids), 500):
        UnitPerluHitung.objects.filter(pk__in=ids[start:start + 500]).delete()


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
