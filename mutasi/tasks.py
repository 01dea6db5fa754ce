"""Celery tasks of mutasi: thin and idempotent. Each imports its service when it runs, the
one import that points back up (the workflow publishes `kirim_notifikasi`)."""

import logging
import smtplib

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import InterfaceError, OperationalError

log = logging.getLogger(__name__)

# A mail server or database that refused, dropped or timed out: worth another try. Socket
# errors (refused, reset, timeout) are OSError; the SMTP protocol's own are SMTPException.
GANGGUAN_SEMENTARA = (smtplib.SMTPException, OSError, OperationalError, InterfaceError)


@shared_task(acks_late=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=5,
             retry_backoff_max=60, max_retries=3)
def terapkan_tmt():
    """Requests whose TMT has come take effect (celery beat, daily). Safe to run twice."""
    from .keputusan import permohonan_apply_tmt

    return len(permohonan_apply_tmt())


@shared_task(bind=True, acks_late=True, max_retries=6)
def kirim_notifikasi(self, permohonan_id, aksi, untuk=None):
    """E-mail the next actor and the employee about `aksi` on a request.

    The messages are built here from the ids. On a transient error the task retries with
    exponential backoff (10 s doubling, at most 10 min, well inside Redis' visibility
    timeout) for the messages not yet sent only, so a retry never mails anyone twice.
    Returns how many messages were sent. `untuk`: the recipient kinds still to mail
    (`notifikasi.PENERIMA`, all of them, when None).
    """
    from . import notifikasi

    sisa = list(notifikasi.PENERIMA if untuk is None else untuk)
    terkirim = 0
    try:
        for jenis, pesan in notifikasi.pesan_transisi(permohonan_id, aksi, untuk=sisa):
            pesan.send()
            sisa.remove(jenis)
            terkirim += 1
    except GANGGUAN_SEMENTARA as exc:
        log.warning("Notifikasi e-mail permohonan mutasi #%s (%s) gagal, dicoba lagi: %s",
                    permohonan_id, aksi, exc)
        jeda = get_exponential_backoff_interval(
            factor=10, retries=self.request.retries, maximum=600, full_jitter=True)
        raise self.retry(exc=exc, countdown=jeda, args=[permohonan_id, aksi],
                         kwargs={"untuk": sisa}) from exc
    return terkirim


from .perencana.tasks import perencana_jalankan  # noqa: E402, F401  (autodiscover)
