"""Never older over newer: a redelivered or superseded import job writes nothing.

The probe's case (issue 16, first row): a worker dies mid-import; the user uploads a
corrected file, which is written; an hour later the broker redelivers the old job's message
and the stale file used to import, setting 15,000 employees' golongan back.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pegawai.impor import jobs
from pegawai.models import ImporJob, Pegawai

from .test_impor_bantuan import baris_pegawai, celery_eager, tulis_csv  # noqa: F401

pytestmark = pytest.mark.django_db


def _unggah(tmp_path, nama, rows, user):
    path = tulis_csv(tmp_path / nama, rows)
    berkas = SimpleUploadedFile(nama, path.read_bytes(), content_type="text/csv")
    return jobs.impor_job_submit(berkas=berkas, jenis="pegawai", user=user)


@pytest.fixture
def antri(settings, tmp_path):
    """Uploads are queued (never run inline) and queued tasks do not run here."""
    settings.IMPOR_BATAS_LATAR = 0
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_redelivered_old_import_never_overwrites_a_newer_one(cast, tmp_path, antri):
    rows = [baris_pegawai(i) for i in range(20)]
    jobs.impor_job_run(job_id=_unggah(tmp_path, "awal.csv", rows, cast.u_bkd).pk)
    lama = _unggah(tmp_path, "lama.csv", [dict(r, golongan="III/a") for r in rows], cast.u_bkd)
    # The worker takes the old job and dies before writing: the job stays "berjalan".
    assert jobs._klaim(lama.pk) == 1
    baru = _unggah(tmp_path, "koreksi.csv", [dict(r, golongan="III/b") for r in rows],
                   cast.u_bkd)
    jobs.impor_job_run(job_id=baru.pk)
    assert ImporJob.objects.get(pk=baru.pk).status == "selesai"
    # An hour later the broker redelivers the old message.
    ImporJob.objects.filter(pk=lama.pk).update(
        diperbarui=timezone.now() - dt.timedelta(hours=1))
    jobs.impor_job_run(job_id=lama.pk)

    nips = [r["nip"] for r in rows]
    assert set(Pegawai.objects.filter(nip__in=nips).values_list("golongan", flat=True)) == {
        "III/b"}
    lama.refresh_from_db()
    assert lama.status == "dibatalkan"
    assert "koreksi.csv" in lama.pesan and "Tidak ada data dari berkas ini" in lama.pesan
    assert lama.ditulis is None
    assert lama.berkas.name == ""  # the personal data of the stale file is gone


def test_an_older_upload_still_imports_when_no_later_one_was_written(cast, tmp_path, antri):
    rows = [baris_pegawai(i) for i in range(5)]
    pertama = _unggah(tmp_path, "a.csv", rows, cast.u_bkd)
    kedua = _unggah(tmp_path, "b.csv", [dict(r, golongan="III/c") for r in rows], cast.u_bkd)
    jobs.impor_job_run(job_id=pertama.pk)  # uploaded first, runs first: nothing newer written
    assert ImporJob.objects.get(pk=pertama.pk).status == "selesai"
    jobs.impor_job_run(job_id=kedua.pk)
    assert ImporJob.objects.get(pk=kedua.pk).status == "selesai"
    assert Pegawai.objects.get(nip=rows[0]["nip"]).golongan == "III/c"


def test_a_run_that_lost_its_claim_writes_nothing(cast, tmp_path, antri):
    rows = [baris_pegawai(i) for i in range(3)]
    job = _unggah(tmp_path, "x.csv", rows, cast.u_bkd)
    assert jobs._klaim(job.pk) == 1
    # The job is taken over (the lease expired and another delivery claimed it).
    ImporJob.objects.filter(pk=job.pk).update(klaim=2)
    jaga = jobs._penjaga(ImporJob.objects.get(pk=job.pk), 1)
    with pytest.raises(jobs.ImporDibatalkan), transaction.atomic():
        jaga()
    # The owner of claim 2 writes.
    with transaction.atomic():
        jobs._penjaga(ImporJob.objects.get(pk=job.pk), 2)()
    assert ImporJob.objects.get(pk=job.pk).ditulis is not None


def test_a_finished_job_is_not_claimed_again(cast, tmp_path, antri):
    job = _unggah(tmp_path, "y.csv", [baris_pegawai(1)], cast.u_bkd)
    jobs.impor_job_run(job_id=job.pk)
    assert jobs._klaim(job.pk) is None
    assert ImporJob.objects.get(pk=job.pk).klaim == 1


def test_the_status_page_says_the_job_was_cancelled_and_why(client, cast, tmp_path, antri):
    job = _unggah(tmp_path, "z.csv", [baris_pegawai(1)], cast.u_bkd)
    ImporJob.objects.filter(pk=job.pk).update(status="dibatalkan", pesan="Alasan uji.")
    client.force_login(cast.u_bkd)
    from django.urls import reverse

    html = client.get(reverse("pegawai:impor_status", args=[job.pk])).content.decode()
    assert "Impor dibatalkan, tidak ada data yang ditulis." in html and "Alasan uji." in html
    assert "kesalahan ditemukan" not in html


# --- the sweep (issue 16): no job stays queued or running past its lease ----------------


def test_the_sweep_requeues_a_job_whose_worker_died_and_it_then_imports(cast, tmp_path, antri,
                                                                        settings):
    rows = [baris_pegawai(i) for i in range(4)]
    job = _unggah(tmp_path, "mati.csv", rows, cast.u_bkd)
    assert jobs._klaim(job.pk) == 1  # the worker took it and was killed
    ImporJob.objects.filter(pk=job.pk).update(
        diperbarui=timezone.now() - jobs.BASI_SETELAH - dt.timedelta(seconds=1))
    assert jobs.sapu_impor() == {"diantrekan": 1, "gagal": 0}
    # The re-published message ran it (in-process here; a worker with a broker): once.
    job.refresh_from_db()
    assert (job.status, job.antre_ulang, job.klaim) == ("selesai", 1, 2)
    # The broker's late redelivery of the killed run's message finds it finished.
    jobs.impor_job_run(job_id=job.pk)
    assert ImporJob.objects.get(pk=job.pk).klaim == 2
    assert Pegawai.objects.filter(nip=rows[0]["nip"]).exists()
    assert jobs.sapu_impor() == {"diantrekan": 0, "gagal": 0}


def test_a_job_with_recent_progress_is_left_alone(cast, tmp_path, antri):
    job = _unggah(tmp_path, "hidup.csv", [baris_pegawai(1)], cast.u_bkd)
    jobs._klaim(job.pk)
    assert jobs.sapu_impor() == {"diantrekan": 0, "gagal": 0}
    assert ImporJob.objects.get(pk=job.pk).status == "berjalan"


def test_a_job_lost_too_often_fails_with_a_message_and_its_file_is_deleted(cast, tmp_path,
                                                                          antri):
    job = _unggah(tmp_path, "hilang.csv", [baris_pegawai(1)], cast.u_bkd)
    lama = timezone.now() - dt.timedelta(hours=1)
    ImporJob.objects.filter(pk=job.pk).update(
        dibuat=lama, diperbarui=lama, antre_ulang=jobs.ANTRI_ULANG_MAKS)
    assert jobs.sapu_impor() == {"diantrekan": 0, "gagal": 1}
    job.refresh_from_db()
    assert job.status == "gagal" and "Unggah ulang" in job.pesan
    assert job.berkas.name == ""
    assert not any((tmp_path / "media" / "impor").iterdir())


def test_a_queued_job_whose_message_was_lost_is_published_again(cast, tmp_path, antri):
    job = _unggah(tmp_path, "antri.csv", [baris_pegawai(1)], cast.u_bkd)
    lama = timezone.now() - jobs.ANTRI_ULANG_SETELAH - dt.timedelta(seconds=1)
    ImporJob.objects.filter(pk=job.pk).update(dibuat=lama)
    assert jobs.sapu_impor()["diantrekan"] == 1


def test_a_full_or_unwritable_storage_answers_with_a_message_and_leaves_no_file(
        client, cast, tmp_path, settings):
    bukan_folder = tmp_path / "berkas-biasa"
    bukan_folder.write_text("x")
    settings.MEDIA_ROOT = bukan_folder / "media"  # cannot be created: like a read-only disk
    client.force_login(cast.u_bkd)
    path = tulis_csv(tmp_path / "p.csv", [baris_pegawai(1)])
    with open(path, "rb") as f:
        r = client.post(reverse("pegawai:impor"), {"jenis": "pegawai", "berkas": f})
    assert r.status_code == 200
    assert "ruang penyimpanan penuh atau tidak dapat ditulis" in r.content.decode()
    assert not ImporJob.objects.exists()


def test_a_database_error_while_reading_an_xlsx_is_not_called_a_broken_sheet(cast, tmp_path):
    from django.db import OperationalError

    from pegawai.impor.reader import baca

    from .test_impor_bantuan import tulis_xlsx

    path = tulis_xlsx(tmp_path / "p.xlsx", [baris_pegawai(i) for i in range(3)])

    def lapor(tahap, fraksi, baris):
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        baca(path, "p.xlsx", lapor)
