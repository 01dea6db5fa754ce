"""Celery tasks of the pegawai app: thin, take ids, call a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=5,
    ignore_result=True,
)
def impor_jalankan(job_id: int) -> None:
    """Run import job `job_id` (idempotent: a job taken or finished is left alone)."""
    from pegawai.impor.jobs import impor_job_run

    impor_job_run(job_id=job_id)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True,
             retry_backoff_max=60, max_retries=3, ignore_result=True)
def rapikan_setelah_impor() -> dict:
    """After a mass import (queued on commit, and hourly by beat in case that message was
    lost): validate the foreign keys the import put back NOT VALID and build the name-search
    index it dropped (pegawai/impor/massal.py). Idempotent; does nothing when nothing is left
    to do."""
    from django.db import connection

    from pegawai.impor.massal import rapikan_setelah_impor as rapikan

    if connection.vendor != "postgresql":
        return {}
    return rapikan()


@shared_task(ignore_result=True)
def sapu_impor() -> dict:
    """Beat, every few minutes: re-queue or end import jobs whose worker or message was lost
    (pegawai/impor/jobs.py, "the sweep")."""
    from pegawai.impor.jobs import sapu_impor as sapu

    return sapu()
