"""Celery tasks of mutasi: thin and idempotent (RELIABILITY.md)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .keputusan import permohonan_apply_tmt


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=5,
             retry_backoff_max=60, max_retries=3)
def terapkan_tmt():
    """Requests whose TMT has come take effect (celery beat, daily). Safe to run twice."""
    return len(permohonan_apply_tmt())
