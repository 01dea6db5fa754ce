"""Celery tasks of the ABK app: thin wrappers that take ids and call a service.

All are idempotent (they rewrite derived rows from the current data), so they are
acknowledged late and retried with backoff on transient database errors. Countdowns stay
far below Redis's visibility timeout (docs/reliability.md).
"""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import hitung

log = logging.getLogger(__name__)

_RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**_RETRY)
def recompute_units(unit_ids, periode_id=None):
    """Recompute these units (in the active periode when `periode_id` is None)."""
    hasil = hitung.balance_recompute_units(unit_ids=unit_ids, periode_id=periode_id)
    return None if hasil is None else {"unit": hasil.unit, "jabatan": hasil.jabatan}


@shared_task(**_RETRY)
def recompute_indeks(periode_id):
    """Recompute the Pemda index after an incremental recompute."""
    return hitung.indeks_refresh(periode_id=periode_id)


@shared_task(**_RETRY)
def recompute_pending():
    """Consume the dirty-unit outbox."""
    return len(hitung.balance_recompute_pending())


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=5,
             retry_backoff_max=60, max_retries=2)
def rekonsiliasi():
    """Full recompute of the active periode plus the outbox (celery beat, every 15 minutes)."""
    hasil = hitung.balance_reconcile()
    if hasil is None:
        return "dilewati"
    return len(hasil)
