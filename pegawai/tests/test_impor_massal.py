"""Mass import mode (PostgreSQL): foreign keys dropped around the writes and put back NOT
VALID after the import's own rows are checked, under an exclusive lock asked for with a
timeout; validated after commit by pegawai.tasks.rapikan_setelah_impor; everything else as a
normal import."""

import psycopg2
import pytest
from django.db import connection

from pegawai.impor import impor_file
from pegawai.models import Pegawai, RiwayatJabatan, UnitKerja
from pegawai.tests.factories import UnitFactory

from .test_impor_bantuan import baris_pegawai, celery_eager, tulis_csv  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="mode massal khusus PostgreSQL"),
]


def _fk():
    with connection.cursor() as c:
        c.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])"
            " ORDER BY 1, 2", [["pegawai_pegawai", "pegawai_riwayatjabatan"]])
        return c.fetchall()


def _belum_sah():
    """Names of the foreign keys of both tables that are NOT VALID (not yet validated)."""
    with connection.cursor() as c:
        c.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated"
            " AND conrelid = ANY(%s::regclass[]) ORDER BY 1",
            [["pegawai_pegawai", "pegawai_riwayatjabatan"]])
        return [r[0] for r in c.fetchall()]


def _indeks_nama():
    """(definition, valid) of the name-search index, or None when it is not there."""
    with connection.cursor() as c:
        c.execute("SELECT pg_get_indexdef(indexrelid), indisvalid FROM pg_index"
                  " WHERE indexrelid = to_regclass('pegawai_nama_trgm')")
        return c.fetchone()


def _impor(path, **kw):
    return impor_file(fileobj_or_path=path, nama_file=path.name, jenis="pegawai", **kw)


@pytest.fixture
def massal(settings):
    settings.IMPOR_BARIS_MASSAL = 1
    settings.IMPOR_KUNCI_TUNGGU_MS = 300


@pytest.fixture
def skema_utuh():
    """For transactional tests, whose schema changes are not rolled back: the test starts
    with every key validated and the name index in place, and whatever it leaves (a test
    that failed half-way) is put right after it, so the next test starts the same."""
    from pegawai.impor.massal import rapikan_setelah_impor

    assert _belum_sah() == [] and _indeks_nama()[1]
    yield
    rapikan_setelah_impor()


def test_mass_mode_writes_the_rows_and_puts_every_foreign_key_back(
        cast, tmp_path, massal, django_capture_on_commit_callbacks):
    sebelum = _fk()
    assert len(sebelum) == 6
    assert _belum_sah() == []
    p = cast.pegawai
    rows = [baris_pegawai(i) for i in range(30)] + [baris_pegawai(
        0, nip=p.nip, tanggal_lahir=p.tanggal_lahir.isoformat(), kode_unit="DISHUB",
        tmt_jabatan="2025-01-02")]
    with django_capture_on_commit_callbacks() as callbacks:
        hasil = _impor(tulis_csv(tmp_path / "a.csv", rows))
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert hasil.massal
    assert (hasil.baru, hasil.diubah) == (30, 1)
    # Back as they were, NOT VALID: the five keys to units, positions and employees.
    assert [(t, n, d.removesuffix(" NOT VALID")) for t, n, d in _fk()] == sebelum
    assert len(_belum_sah()) == 5
    # After commit the task validates them (eager here): exactly the keys of before.
    for cb in callbacks:
        cb()
    assert _fk() == sebelum
    assert _belum_sah() == []
    p.refresh_from_db()
    assert p.unit == cast.dishub
    assert RiwayatJabatan.objects.filter(keterangan="Impor data").count() == 31


@pytest.mark.django_db(transaction=True)
def test_mass_mode_gives_way_to_a_busy_table_and_checks_row_by_row(cast, tmp_path, massal,
                                                                   skema_utuh):
    """Another transaction reads the units table: the exclusive lock is not granted within
    the timeout, so the import keeps the foreign keys and still succeeds."""
    db = connection.settings_dict
    lain = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"],
                            port=db["PORT"] or 5432, password=db["PASSWORD"] or None)
    try:
        with lain.cursor() as c:
            c.execute("SELECT count(*) FROM pegawai_unitkerja")  # holds ACCESS SHARE
        hasil = _impor(tulis_csv(tmp_path / "a.csv", [baris_pegawai(i) for i in range(5)]))
    finally:
        lain.rollback()
        lain.close()
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert not hasil.massal
    assert hasil.baru == 5
    assert len(_fk()) == 6


@pytest.mark.parametrize("mode", ["massal", "biasa"])
@pytest.mark.django_db(transaction=True)
def test_a_unit_deleted_while_the_import_runs_writes_nothing(cast, tmp_path, settings, mode,
                                                              skema_utuh):
    settings.IMPOR_BARIS_MASSAL = 1 if mode == "massal" else 0
    hilang = UnitFactory(kode="HILANG", nama="Unit yang dihapus", induk=cast.pemda)
    sebelum = Pegawai.objects.count()

    def progress(tahap, fraksi, baris):
        # After every row was checked and before writing: the unit goes away.
        if tahap == "menulis" and fraksi == 0.0:
            UnitKerja.objects.filter(pk=hilang.pk).delete()

    rows = [baris_pegawai(i, kode_unit="HILANG") for i in range(3)]
    hasil = _impor(tulis_csv(tmp_path / "a.csv", rows), progress=progress)
    assert not hasil.berhasil
    assert "Tidak ada data yang ditulis" in hasil.galat[0].alasan
    assert Pegawai.objects.count() == sebelum
    assert len(_fk()) == 6


@pytest.mark.parametrize("salah", ["unit", "jabatan"])
def test_mass_mode_checks_the_rows_it_wrote_before_putting_the_keys_back(cast, massal, salah):
    """A row pointing at a unit (or position) that does not exist, as if deleted meanwhile,
    is caught before the keys come back NOT VALID; the transaction rolls back with the keys
    in place."""
    import datetime as dt

    from django.db import IntegrityError, transaction

    from pegawai.impor import writer
    from pegawai.impor.hasil import HasilImpor
    from pegawai.impor.validators import Diperiksa
    from pegawai.models import Jabatan
    from pegawai.tests.test_impor_bantuan import nip_ke

    nip, lahir = nip_ke(1)
    unit_id, jabatan_id = cast.dishub.pk, cast.j_pelaksana.pk
    if salah == "unit":
        unit_id = UnitKerja.objects.order_by("-pk").first().pk + 1000
    else:
        jabatan_id = Jabatan.objects.order_by("-pk").first().pk + 1000
    baris = (nip, "Tanpa Unit", "", "", "PNS", "III/a", jabatan_id, unit_id,
             dt.date(2020, 1, 1), lahir, "L", "S1", "", False, False, True)
    d = Diperiksa("pegawai", baris=[baris])
    sebelum = _fk()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cur:
        hasil = HasilImpor(jenis="pegawai")
        keadaan = writer.pg_mulai(cur, n_baris=1, hasil=hasil)
        assert hasil.massal
        writer.pg_irisan(cur, d, hasil, keadaan)
        writer.pg_selesai(cur, keadaan)
    assert _fk() == sebelum
    assert not Pegawai.objects.filter(nip=nip).exists()


def test_keys_put_back_not_valid_are_enforced_for_new_rows(cast, tmp_path, massal):
    """Before the task validates them, the keys still refuse a row that breaks them."""
    from django.db import IntegrityError, transaction

    hasil = _impor(tulis_csv(tmp_path / "a.csv", [baris_pegawai(i) for i in range(3)]))
    assert hasil.berhasil and hasil.massal
    assert len(_belum_sah()) == 5
    p = Pegawai.objects.get(nip=baris_pegawai(0)["nip"])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as c:
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")
        c.execute("UPDATE pegawai_pegawai SET unit_id = %s WHERE id = %s",
                  [UnitKerja.objects.order_by("-pk").first().pk + 1000, p.pk])


def test_a_second_mass_import_before_validation_puts_the_keys_back_once(
        cast, tmp_path, massal, django_capture_on_commit_callbacks):
    """The validating task has not run (its message lost): the next mass import drops and
    puts back keys that are NOT VALID, and the task later validates them all."""
    sebelum = _fk()
    with django_capture_on_commit_callbacks() as callbacks:
        for k in range(2):
            rows = [baris_pegawai(i) for i in range(10 * k, 10 * k + 10)]
            hasil = _impor(tulis_csv(tmp_path / f"{k}.csv", rows))
            assert hasil.berhasil and hasil.massal, [str(g) for g in hasil.galat]
    assert [(t, n, d.removesuffix(" NOT VALID")) for t, n, d in _fk()] == sebelum
    for cb in callbacks:
        cb()
    assert _fk() == sebelum
    from pegawai.tasks import rapikan_setelah_impor
    assert rapikan_setelah_impor.delay().get()["kunci_asing"] == 0  # nothing left to do


@pytest.mark.django_db(transaction=True)
def test_after_a_mass_import_the_task_validates_the_keys_and_builds_the_name_index(
        cast, tmp_path, massal, skema_utuh):
    """The import drops the name-search index and puts the keys back NOT VALID; the task
    queued after commit (eager here, so CREATE INDEX CONCURRENTLY outside any transaction)
    validates the keys and builds the index exactly as the migration made it."""
    fk, indeks = _fk(), _indeks_nama()
    assert indeks[1]
    rows = [baris_pegawai(i, nama=f"Sulistyowati {i}") for i in range(40)]
    hasil = _impor(tulis_csv(tmp_path / "a.csv", rows))
    assert hasil.berhasil and hasil.massal
    assert _fk() == fk
    assert _indeks_nama() == indeks
    assert Pegawai.objects.filter(nama__icontains="sulistyowati").count() == 40
    with connection.cursor() as c:
        c.execute("EXPLAIN SELECT id FROM pegawai_pegawai WHERE upper(nama) LIKE '%%SULIS%%'")
        plan = " ".join(r[0] for r in c.fetchall())
    assert "pegawai_nama_trgm" in plan or "Seq Scan" in plan  # the planner may prefer a scan
    from pegawai.tasks import rapikan_setelah_impor
    assert rapikan_setelah_impor.delay().get() == {"kunci_asing": 0, "indeks_nama": "ada"}


def test_until_the_task_runs_name_search_works_without_the_index(
        cast, tmp_path, massal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        rows = [baris_pegawai(i, nama=f"Sulistyowati {i}") for i in range(12)]
        hasil = _impor(tulis_csv(tmp_path / "a.csv", rows))
    assert hasil.berhasil and hasil.massal
    assert _indeks_nama() is None
    assert Pegawai.objects.filter(nama__icontains="SULISTYO").count() == 12
    for cb in callbacks:
        cb()  # inside the test's transaction: the plain (blocking) build
    assert _indeks_nama()[1]


def test_an_invalid_name_index_left_by_a_dead_build_is_built_again(cast):
    """A CREATE INDEX CONCURRENTLY that died leaves the index INVALID; the task drops and
    builds it again rather than taking it for done."""
    from pegawai.impor.massal import rapikan_setelah_impor

    indeks = _indeks_nama()
    with connection.cursor() as c:
        c.execute("UPDATE pg_index SET indisvalid = false"
                  " WHERE indexrelid = 'pegawai_nama_trgm'::regclass")
    assert _indeks_nama()[1] is False
    assert rapikan_setelah_impor()["indeks_nama"] == "dibangun"
    assert _indeks_nama() == indeks


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_validates_the_keys_and_builds_the_index_after_a_mass_import(
        cast, tmp_path, massal, skema_utuh, celery_worker):
    """Over Redis, as in production: the import's commit queues rapikan_setelah_impor, the
    worker (autocommit, so CREATE INDEX CONCURRENTLY) puts the schema back as it was."""
    import time

    from config.celery import app as celery_app

    assert celery_app.conf.task_always_eager is False
    fk, indeks = _fk(), _indeks_nama()
    rows = [baris_pegawai(i, nama=f"Sulistyowati {i}") for i in range(25)]
    hasil = _impor(tulis_csv(tmp_path / "a.csv", rows))
    assert hasil.berhasil and hasil.massal
    batas = time.monotonic() + 30
    while time.monotonic() < batas and (_fk() != fk or _indeks_nama() != indeks):
        time.sleep(0.2)
    assert _fk() == fk
    assert _indeks_nama() == indeks
    assert Pegawai.objects.filter(nama__icontains="sulistyowati").count() == 25


@pytest.mark.django_db(transaction=True)
def test_the_index_build_gives_up_behind_an_open_transaction_and_is_built_later(
        cast, monkeypatch, skema_utuh):
    """A transaction left open on the employee table would hold the worker's index build
    (and every task queued behind it) indefinitely: the build gives up after
    RAPIKAN_TUNGGU, and the next run (the task's retry, or beat) builds the index."""
    from django.db import OperationalError

    from pegawai.impor import massal

    indeks = _indeks_nama()
    with connection.cursor() as c:
        c.execute("DROP INDEX pegawai_nama_trgm")  # as a mass import leaves it
    monkeypatch.setattr(massal, "RAPIKAN_TUNGGU", "300ms")
    db = connection.settings_dict
    lain = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"],
                            port=db["PORT"] or 5432, password=db["PASSWORD"] or None)
    try:
        with lain.cursor() as c:
            c.execute("UPDATE pegawai_pegawai SET nama = nama WHERE id = %s", [cast.pegawai.pk])
        with connection.cursor() as c:  # without the lock timeout, this would end the wait
            c.execute("SET statement_timeout = '10s'")
        with pytest.raises(OperationalError) as gagal:
            massal.rapikan_setelah_impor()
        assert gagal.value.__cause__.pgcode == "55P03"  # lock_not_available, not the 10 s
    finally:
        lain.rollback()
        lain.close()
        with connection.cursor() as c:
            c.execute("RESET statement_timeout")
    assert massal.rapikan_setelah_impor()["indeks_nama"] == "dibangun"
    assert _indeks_nama() == indeks
