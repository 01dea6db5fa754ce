"""The fixed cast every test can use (CONTRIBUTING.md, How tests are written).

Pemda ─┬─ Dinas Kesehatan (head: kepala_asal) ── Puskesmas Kota (sub-unit)
       └─ Dinas Perhubungan (head: kepala_tujuan)
pegawai_biasa works in Dinas Kesehatan; outsider works in Dinas Perhubungan;
bkd is in the "Staf BKD" group and is also an employee of the BKD unit.
"""

import os

import pytest
from celery.signals import task_postrun
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connections
from hypothesis import settings as hypothesis_settings

from config.celery import app as celery_app
from pegawai.access import GRUP_BKD
from pegawai.models import JenisJabatan, JenisUnit
from pegawai.tests.factories import JabatanFactory, PegawaiFactory, UnitFactory, UserFactory

# Two busy cores make hypothesis's per-example deadline flaky; the properties are what count.
hypothesis_settings.register_profile("simutasi", deadline=None)
hypothesis_settings.load_profile("simutasi")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2 costs ~0.5 s per user on this machine; tests don't need its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Cast:
    pass


@pytest.fixture
def cast(db):
    c = Cast()
    c.j_kadis = JabatanFactory(kode="KADIS", nama="Kepala Dinas", jenis=JenisJabatan.JPT_PRATAMA,
                               kelas=14, pendidikan_minimal="S1")
    c.j_kapus = JabatanFactory(kode="KAPUS", nama="Kepala Puskesmas",
                               jenis=JenisJabatan.PENGAWAS, kelas=9, pendidikan_minimal="S1")
    c.j_pelaksana = JabatanFactory(kode="PU", nama="Pengadministrasi Umum")
    c.j_kaban = JabatanFactory(kode="KABAN", nama="Kepala Badan",
                               jenis=JenisJabatan.JPT_PRATAMA, kelas=14)
    c.pemda = UnitFactory(kode="PEMDA", nama="Pemerintah Kabupaten Contoh", jenis=JenisUnit.PEMDA)
    c.dinkes = UnitFactory(kode="DINKES", nama="Dinas Kesehatan", induk=c.pemda,
                           jabatan_kepala=c.j_kadis)
    c.puskesmas = UnitFactory(kode="PKM1", nama="Puskesmas Kota", induk=c.dinkes,
                              jenis=JenisUnit.PUSKESMAS, jabatan_kepala=c.j_kapus)
    c.dishub = UnitFactory(kode="DISHUB", nama="Dinas Perhubungan", induk=c.pemda,
                           jabatan_kepala=c.j_kadis)
    c.bkd_unit = UnitFactory(kode="BKD", nama="Badan Kepegawaian Daerah", induk=c.pemda,
                             jenis=JenisUnit.BADAN, jabatan_kepala=c.j_kaban)

    def person(username, unit, jabatan, **kw):
        user = UserFactory(username=username)
        p = PegawaiFactory(unit=unit, jabatan=jabatan, user=user, **kw)
        return user, p

    c.u_pegawai, c.pegawai = person("pegawai", c.dinkes, c.j_pelaksana)
    c.u_kepala_asal, c.kepala_asal = person("kepala_asal", c.dinkes, c.j_kadis)
    c.u_kepala_tujuan, c.kepala_tujuan = person("kepala_tujuan", c.dishub, c.j_kadis)
    c.u_outsider, c.outsider = person("outsider", c.dishub, c.j_pelaksana)
    c.u_kapus, c.kapus = person("kapus", c.puskesmas, c.j_kapus)
    c.u_bkd, c.staf_bkd = person("bkd", c.bkd_unit, c.j_pelaksana)
    c.u_bkd.groups.add(Group.objects.get_or_create(name=GRUP_BKD)[0])
    c.u_admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    return c


@pytest.fixture(autouse=True)
def _debug_dari_env(settings):
    """pytest-django runs every test with DEBUG=False. With SIMUTASI_TES_DEBUG=1 (set by
    .ci/run for the tests marked `sql_mentah`) they run with DEBUG=True, so database
    cursors are Django's debug wrappers as under `make run` and the README's PostgreSQL
    setup: a raw-SQL call the wrapper does not accept fails here, not at a user's."""
    if os.environ.get("SIMUTASI_TES_DEBUG") == "1":
        settings.DEBUG = True


@pytest.fixture(autouse=True)
def _tanpa_tugas_terjadwal(settings):
    """Beat's jobs would otherwise run before the first request of every SQLite test
    (zero-setup mode); tests/test_tugas_terjadwal.py turns them on where it tests them."""
    settings.TUGAS_TERJADWAL_DALAM_PROSES = False


@pytest.fixture(autouse=True)
def _media_root_sementara(settings, tmp_path):
    """Uploaded files written by any test go to a temporary folder, never to media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Tests run tasks in-process even when CELERY_BROKER_URL is set (CONTRIBUTING.md, trap 3).

    Tests marked `celery_worker` talk to the real broker instead.
    """
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    # A real worker started earlier in this process (any fixture) marks the process as
    # "inside a worker", which makes an eager result's .get() raise; clear it.
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


def _close_worker_connections(**kwargs):
    # Runs in the worker thread: leave no connection open to the test database, which
    # pytest-django drops at the end of the session.
    connections.close_all()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (solo pool, in a thread) consuming the configured Redis broker.

    Use with `@pytest.mark.celery_worker`; skipped when CELERY_BROKER_URL is unset. The
    queue is purged first so messages left by an earlier run cannot reach this database.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("CELERY_BROKER_URL tidak diset: uji worker Celery sungguhan dilewati.")
    from celery.contrib.testing.worker import start_worker

    celery_app.control.purge()
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False,
                          shutdown_timeout=30) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)
        # Starting a worker marks the whole process as "inside a worker", after which any
        # later test's `.get()` on an eager result raises; undo it for the tests that follow.
        from celery._state import _set_task_join_will_block

        _set_task_join_will_block(False)




# Test modules whose code path runs raw SQL (COPY, cursors, DDL): marked `sql_mentah`, and
# run a second time by .ci/run on PostgreSQL with DEBUG=True (SIMUTASI_TES_DEBUG=1).
MODUL_SQL_MENTAH = (
    "pegawai/tests/test_impor_pegawai.py",
    "pegawai/tests/test_impor_massal.py",
    "pegawai/tests/test_impor_berkas.py",
    "pegawai/tests/test_impor_views.py",
    "pegawai/tests/test_impor_basi.py",
    "pegawai/tests/test_demo.py",
    "bebankerja/tests/test_recompute.py",
    "bebankerja/tests/test_outbox.py",
    "bebankerja/tests/test_hitung_ulang.py",
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("::", 1)[0] in MODUL_SQL_MENTAH:
            item.add_marker(pytest.mark.sql_mentah)
