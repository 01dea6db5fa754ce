"""Celery task of the balance planner (imported by mutasi/tasks.py so autodiscover finds it)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=5,
             retry_backoff_max=60, max_retries=3)
def perencana_jalankan(rencana_id):
    """Run a stored plan (`layanan.rencana_jalankan`); a second delivery does nothing."""
    from .layanan import rencana_jalankan

    skenario = rencana_jalankan(rencana_id=rencana_id)
    return skenario.pk if skenario else None
