"""Import jobs: an upload becomes an ImporJob, run inline when small, in Celery when large.

States: antri → berjalan → selesai | gagal | dibatalkan (and antri → gagal when the queue
cannot be reached). Each transition is a conditional UPDATE, so a task delivered twice runs
once.

Never older over newer. A broker redelivers an unacknowledged message after its visibility
timeout (1 hour by default, docs/operations.md) — long after the user, seeing the import
stuck, may have uploaded a corrected file that was written. So inside its write transaction
a run checks, under the import lock, that (1) it still holds the job's latest claim and (2)
no import of the same kind uploaded after it has written its rows; otherwise the job ends
"dibatalkan" with a message and nothing of its file is written. The write marks the job
`ditulis` in the same transaction, so (2) sees exactly the imports that committed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.models import ImporJob

from .hasil import galat_berkas
from .reader import perkiraan_baris
from .service import impor_file
from .writer import KUNCI_ADVISORY

logger = logging.getLogger(__name__)

GALAT_DISIMPAN_MAKS = 2000  # errors kept on the job; the count says how many there were
JEDA_LAPOR = 0.5  # seconds between progress writes
# A job still "berjalan" without progress for this long was lost with its worker.
BASI_SETELAH = dt.timedelta(minutes=15)
# Share of the progress bar per stage: reading an .xlsx is the slow part.
TAHAP_RENTANG = {"membaca": (0, 55), "memeriksa": (55, 90), "menulis": (90, 100)}
S = ImporJob.Status


class PenyimpananGagal(Exception):
    """The upload could not be stored (disk full, read-only or missing storage)."""


PESAN_PENYIMPANAN = _(
    "Berkas tidak dapat disimpan di server: ruang penyimpanan penuh atau tidak dapat "
    "ditulis (%(e)s). Tidak ada data yang ditulis. Hubungi admin BKD untuk memeriksa "
    "penyimpanan (MEDIA_ROOT), lalu unggah ulang.")


def impor_job_submit(*, berkas, jenis: str, user) -> ImporJob:
    """Store the upload under a generated name and start it (see module doc).

    PenyimpananGagal when the file cannot be stored; nothing is left behind then."""
    job = ImporJob(jenis=jenis, nama_file=os.path.basename(berkas.name)[:255], dibuat_oleh=user)
    try:
        job.berkas.save(berkas.name, berkas, save=False)
    except OSError as e:
        logger.warning("impor: unggahan tidak dapat disimpan: %s", e)
        if job.berkas.name:
            try:
                job.berkas.storage.delete(job.berkas.name)  # a partly written file
            except OSError:
                pass
        raise PenyimpananGagal(PESAN_PENYIMPANAN % {"e": e.strerror or type(e).__name__}) from e
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


class ImporDibatalkan(Exception):
    """Raised by the write guard: this run must not write (see the module doc)."""


def _klaim(job_id: int) -> int | None:
    """Take the job: returns the claim number this run holds, or None when it is not ours
    (finished, or running with recent progress)."""
    now = timezone.now()
    kondisi = (Q(status=S.ANTRI)
               | Q(status=S.BERJALAN, diperbarui__lt=now - BASI_SETELAH))
    with transaction.atomic():
        job = (ImporJob.objects.select_for_update().filter(kondisi, pk=job_id)
               .values("klaim").first())
        if job is None:
            return None
        klaim = job["klaim"] + 1
        ImporJob.objects.filter(pk=job_id).update(
            status=S.BERJALAN, mulai=now, diperbarui=now, tahap="membaca", persen=0,
            klaim=klaim)
    return klaim


PESAN_KLAIM_HILANG = _(
    "Impor ini dibatalkan: pekerjaannya sudah diambil alih atau dihentikan sementara "
    "berjalan. Tidak ada data dari berkas ini yang ditulis. Bila datanya masih diperlukan, "
    "unggah ulang berkasnya.")
PESAN_TERSUSUL = _(
    "Impor ini dibatalkan: impor %(jenis)s lain yang diunggah sesudahnya (%(nama)s, "
    "%(waktu)s) sudah ditulis lebih dulu, jadi berkas ini lebih lama dan tidak boleh "
    "menimpanya. Tidak ada data dari berkas ini yang ditulis.")


def _penjaga(job: ImporJob, klaim: int):
    """The write guard (module doc), run inside the import's write transaction."""

    def jaga() -> None:
        if connection.vendor == "postgresql":
            # The writers' lock (writer.py): imports of every kind write one at a time, so
            # no import can commit between this check and this run's own write.
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [KUNCI_ADVISORY])
        milik = ImporJob.objects.select_for_update().filter(
            pk=job.pk, status=S.BERJALAN, klaim=klaim).exists()
        if not milik:
            raise ImporDibatalkan(PESAN_KLAIM_HILANG)
        lebih_baru = (ImporJob.objects.filter(jenis=job.jenis, pk__gt=job.pk,
                                              ditulis__isnull=False)
                      .order_by("pk").first())
        if lebih_baru is not None:
            raise ImporDibatalkan(PESAN_TERSUSUL % {
                "jenis": job.get_jenis_display().lower(), "nama": lebih_baru.nama_file,
                "waktu": timezone.localtime(lebih_baru.ditulis).strftime("%d-%m-%Y %H:%M")})
        ImporJob.objects.filter(pk=job.pk).update(ditulis=timezone.now())

    return jaga


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
    klaim = _klaim(job_id)
    if klaim is None:
        return
    job = ImporJob.objects.get(pk=job_id)
    try:
        hasil = impor_file(fileobj_or_path=job.berkas.path, nama_file=job.nama_file,
                           jenis=job.jenis, progress=_pelapor(job_id),
                           penjaga=_penjaga(job, klaim))
    except ImporDibatalkan as e:
        now = timezone.now()
        # Only if the claim is still ours: a run that lost it leaves the job to its owner.
        if ImporJob.objects.filter(pk=job_id, klaim=klaim, status=S.BERJALAN).update(
                status=S.DIBATALKAN, tahap="", selesai=now, diperbarui=now, pesan=str(e)):
            _hapus_berkas(job)
        return
    except (OperationalError, InterfaceError):
        # Transient database trouble (connection terminated, server restarted): drop the
        # dead connection so what follows and the task's retry get a fresh one, and put the
        # job back in the queue for that retry. If even that fails, the sweep repairs it.
        connection.close()
        try:
            ImporJob.objects.filter(pk=job_id, klaim=klaim, status=S.BERJALAN).update(
                status=S.ANTRI, diperbarui=timezone.now())
        except DatabaseError:
            logger.warning("impor %s: status belum dapat dikembalikan ke antrian", job_id)
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
    _hapus_berkas(job)


def _hapus_berkas(job: ImporJob) -> None:
    # The upload holds personal data; the job keeps the outcome, not the file.
    try:
        job.berkas.delete(save=False)
        ImporJob.objects.filter(pk=job.pk).update(berkas="")
    except OSError:
        logger.warning("impor %s: berkas tidak dapat dihapus", job.pk)


# --- the sweep ------------------------------------------------------------------------
# A job is in a final state (selesai, gagal, dibatalkan) or owned by a live run: "berjalan"
# with progress within BASI_SETELAH (the lease), or "antri" since less than ANTRI_ULANG_SETELAH.
# The sweep (beat, every SAPU_SETIAP) puts a job whose lease ran out back in the queue and
# publishes it again (the claim accepts it; a late redelivery of the old message finds it
# taken or finished), at most ANTRI_ULANG_MAKS times; then, or when its file is gone, the
# job fails with a message that asks for a new upload, and its file is deleted.
ANTRI_ULANG_SETELAH = dt.timedelta(minutes=5)
ANTRI_ULANG_MAKS = 3
SAPU_SETIAP = 5 * 60  # seconds

PESAN_MENYERAH = _(
    "Impor tidak dapat diselesaikan: pekerja latar berhenti atau antrian tugas hilang "
    "berulang kali. Tidak ada data dari berkas ini yang ditulis. Unggah ulang berkasnya; "
    "bila berulang, hubungi admin BKD.")


def sapu_impor(*, sekarang: dt.datetime | None = None) -> dict:
    """Repair jobs left behind by a lost worker or a lost message (see above)."""
    now = sekarang or timezone.now()
    basi = Q(status=S.BERJALAN, diperbarui__lt=now - BASI_SETELAH) | Q(
        status=S.ANTRI, dibuat__lt=now - ANTRI_ULANG_SETELAH,
    ) & (Q(diperbarui__isnull=True) | Q(diperbarui__lt=now - ANTRI_ULANG_SETELAH))
    hasil = {"diantrekan": 0, "gagal": 0}
    for job in ImporJob.objects.filter(basi).only("id", "status", "berkas", "antre_ulang"):
        ada_berkas = bool(job.berkas.name) and job.berkas.storage.exists(job.berkas.name)
        if job.antre_ulang >= ANTRI_ULANG_MAKS or not ada_berkas:
            n = ImporJob.objects.filter(basi, pk=job.pk).update(
                status=S.GAGAL, tahap="", selesai=now, diperbarui=now, pesan=PESAN_MENYERAH)
            if n:
                hasil["gagal"] += 1
                _hapus_berkas(job)
            continue
        n = ImporJob.objects.filter(basi, pk=job.pk).update(
            status=S.ANTRI, diperbarui=now, antre_ulang=F("antre_ulang") + 1)
        if n:
            hasil["diantrekan"] += 1
            _antrikan(job.pk)
    return hasil
