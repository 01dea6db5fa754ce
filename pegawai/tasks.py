"""Celery tasks of the pegawai app: thin, take ids, call a service."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
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
def rapikan_indeks_nama() -> int:
    """Merge the name-search index's pending entries (left there by a mass import) into the
    index, so searches stop reading them one by one. Autovacuum would do it too, later.
    Returns the number of pending pages merged."""
    from pegawai.impor.writer import indeks_nama_rapikan

    return indeks_nama_rapikan()
