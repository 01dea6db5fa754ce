"""Import jobs: an upload becomes an ImporJob, run inline when small, in Celery when large.

States: antri → berjalan → selesai | gagal (and antri → gagal when the queue cannot be
reached). Each transition is a conditional UPDATE, so a task delivered twice runs once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.models import ImporJob

from .hasil import galat_berkas
from .reader import perkiraan_baris
from .service import impor_file

logger = logging.getLogger(__name__)

GALAT_DISIMPAN_MAKS = 2000  # errors kept on the job; the count says how many there were
JEDA_LAPOR = 0.5  # seconds between progress writes
# A job still "berjalan" without progress for this long was lost with its worker.
BASI_SETELAH = dt.timedelta(minutes=15)
# Share of the progress bar per stage: reading an .xlsx is the slow part.
TAHAP_RENTANG = {"membaca": (0, 55), "memeriksa": (55, 90), "menulis": (90, 100)}
S = ImporJob.Status


def impor_job_submit(*, berkas, jenis: str, user) -> ImporJob:
    """Store the upload under a generated name and start it (see module doc)."""
    job = ImporJob(jenis=jenis, nama_file=os.path.basename(berkas.name)[:255], dibuat_oleh=user)
    job.berkas.save(berkas.name, berkas, save=False)
    perkiraan = perkiraan_baris(job.berkas.path, job.nama_file)
    latar = perkiraan is None or perkiraan > settings.IMPOR_BATAS_LATAR
    with transaction.atomic():
        job.save()
        if latar:
            # Queued only once the job row is committed (CONTRIBUTING.md, five things).
            transaction.on_commit(lambda: _antrikan(job.pk))
    if not latar:
        # Small files run in the request: the user sees the outcome right away.
        impor_job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def _antrikan(job_id: int) -> None:
    from pegawai.tasks import impor_jalankan

    try:
        impor_jalankan.delay(job_id)
    except Exception:
        # Publishing failed (broker down, celery#4296): say so rather than leave it waiting.
        logger.exception("impor %s: tugas latar tidak dapat diantrikan", job_id)
        ImporJob.objects.filter(pk=job_id, status=S.ANTRI).update(
            status=S.GAGAL, selesai=timezone.now(),
            pesan=_("Layanan antrian tugas latar (Celery/Redis) tidak dapat dihubungi, impor "
                    "belum dijalankan dan tidak ada data yang ditulis. Unggah ulang beberapa "
                    "saat lagi."))


def _klaim(job_id: int) -> bool:
    now = timezone.now()
    baru = ImporJob.objects.filter(pk=job_id, status=S.ANTRI).update(
        status=S.BERJALAN, mulai=now, diperbarui=now, tahap="membaca", persen=0)
    if baru:
        return True
    return bool(ImporJob.objects.filter(
        pk=job_id, status=S.BERJALAN, diperbarui__lt=now - BASI_SETELAH
    ).update(diperbarui=now, tahap="membaca", persen=0))


def _pelapor(job_id: int):
    terakhir = [0.0]

    def lapor(tahap, fraksi, baris):
        now = time.monotonic()
        if now - terakhir[0] < JEDA_LAPOR and fraksi < 1.0:
            return
        terakhir[0] = now
        lo, hi = TAHAP_RENTANG.get(tahap, (0, 100))
        persen = int(lo + (hi - lo) * max(0.0, min(fraksi, 1.0)))
        fields = {"tahap": tahap, "persen": persen, "diperbarui": timezone.now()}
        if tahap == "membaca":
            fields["total_baris"] = baris
        else:
            fields["baris_diproses"] = baris
        ImporJob.objects.filter(pk=job_id, status=S.BERJALAN).update(**fields)

    return lapor


def impor_job_run(*, job_id: int) -> None:
    """Run one job (idempotent: a job already taken or finished is left alone)."""
    if not _klaim(job_id):
        return
    job = ImporJob.objects.get(pk=job_id)
    try:
        hasil = impor_file(fileobj_or_path=job.berkas.path, nama_file=job.nama_file,
                           jenis=job.jenis, progress=_pelapor(job_id))
    except OperationalError:
        # Transient database trouble: back to the queue for the task's retry.
        ImporJob.objects.filter(pk=job_id).update(status=S.ANTRI)
        raise
    except Exception as e:
        logger.exception("impor %s gagal", job_id)
        hasil = None
        galat = [galat_berkas(_("Kesalahan tak terduga saat impor: %(e)s. Tidak ada data yang "
                                "ditulis.") % {"e": type(e).__name__}).as_dict()]
    now = timezone.now()
    if hasil is None:
        ImporJob.objects.filter(pk=job_id).update(
            status=S.GAGAL, galat=galat, jumlah_galat=1, selesai=now, diperbarui=now)
    else:
        ImporJob.objects.filter(pk=job_id).update(
            status=S.SELESAI if hasil.berhasil else S.GAGAL,
            tahap="", persen=100, selesai=now, diperbarui=now,
            total_baris=hasil.total_baris,
            baris_diproses=hasil.total_baris if hasil.berhasil else 0,
            jumlah_baru=hasil.baru, jumlah_diubah=hasil.diubah, jumlah_tetap=hasil.tetap,
            jumlah_galat=len(hasil.galat),
            galat=[g.as_dict() for g in hasil.galat[:GALAT_DISIMPAN_MAKS]],
            unit_berubah=sorted(hasil.unit_berubah),
            pesan=_("Impor selesai dalam %(d)s detik.") % {"d": f"{hasil.detik:.1f}"}
            if hasil.berhasil else _("Tidak ada data yang ditulis: perbaiki kesalahan di "
                                     "bawah lalu unggah ulang."),
        )
    # The upload holds personal data; the job keeps the outcome, not the file.
    try:
        job.berkas.delete(save=False)
        ImporJob.objects.filter(pk=job_id).update(berkas="")
    except OSError:
        logger.warning("impor %s: berkas tidak dapat dihapus", job_id)
