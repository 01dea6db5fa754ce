"""The dirty-unit outbox: marks in the changing transaction, publish after commit, tasks."""

import contextlib
import logging
import time

import pytest
from django.db import transaction
from django.urls import reverse

from bebankerja import hitung, outbox, services, tasks
from bebankerja.models import PeriodeAbk, SnapshotUnit, TugasJabatan, UnitPerluHitung
from config.celery import app as celery_app
from pegawai import hooks
from pegawai.models import Pegawai


def _bezetting(c, unit):
    return SnapshotUnit.objects.get(periode=c.periode, unit=unit).bezetting


def test_units_changed_hook_writes_marks_and_recomputes_after_commit(
    contoh, django_capture_on_commit_callbacks
):
    hitung.balance_recompute()
    UnitPerluHitung.objects.all().delete()
    pindah = contoh.pu_dinkes[0]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            lama = pindah.unit_id
            pindah.unit = contoh.kecamatan
            pindah.save()
            hooks.units_changed([lama, pindah.unit_id, None])
            marks = set(UnitPerluHitung.objects.values_list("periode_id", "unit_id"))

    assert marks == {(None, contoh.dinkes.pk), (None, contoh.kecamatan.pk)}
    # The units' recompute, then (registered by it) the Pemda index follow-up.
    assert len(callbacks) == 2
    assert _bezetting(contoh, contoh.dinkes) == 3
    assert _bezetting(contoh, contoh.kecamatan) == 2
    assert not UnitPerluHitung.objects.exists()  # the task consumed its marks


def test_a_rolled_back_change_leaves_no_mark_and_queues_nothing(
    contoh, django_capture_on_commit_callbacks
):
    UnitPerluHitung.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            hooks.units_changed([contoh.dinkes.pk])
            raise RuntimeError("batal")

    assert callbacks == []
    assert not UnitPerluHitung.objects.exists()


def test_recompute_pending_consumes_exactly_the_marks_it_read(contoh):
    # The fixture's task entry left marks for four units of periode 2026.
    assert set(UnitPerluHitung.objects.values_list("unit_id", flat=True)) == {
        contoh.dinkes.pk, contoh.kecamatan.pk, contoh.dishub.pk
    }

    assert tasks.recompute_pending.delay().get() == 1

    assert not UnitPerluHitung.objects.exists()
    assert SnapshotUnit.objects.filter(periode=contoh.periode).count() == 3
    # The puskesmas had no mark (staff were created by factories, not through a hook).
    assert not SnapshotUnit.objects.filter(unit=contoh.puskesmas).exists()


def test_recompute_units_leaves_other_units_marks_for_later(contoh):
    tasks.recompute_units.delay([contoh.dinkes.pk]).get()

    assert set(UnitPerluHitung.objects.values_list("unit_id", flat=True)) == {
        contoh.kecamatan.pk, contoh.dishub.pk
    }
    assert list(SnapshotUnit.objects.values_list("unit_id", flat=True)) == [contoh.dinkes.pk]


def test_a_whole_periode_mark_recomputes_every_unit(contoh):
    UnitPerluHitung.objects.all().delete()
    outbox.periode_mark_dirty(periode=contoh.periode)

    hitung.balance_recompute_pending()

    assert SnapshotUnit.objects.filter(periode=contoh.periode).count() == 4
    assert not UnitPerluHitung.objects.exists()


def test_marks_of_another_periode_recompute_that_periode(contoh):
    UnitPerluHitung.objects.all().delete()
    baru = PeriodeAbk.objects.create(tahun=2027)
    services.abk_copy_periode(aktor=None, dari=contoh.periode, ke=baru)

    hitung.balance_recompute_pending()

    assert SnapshotUnit.objects.filter(periode=baru).count() == 4
    assert not SnapshotUnit.objects.filter(periode=contoh.periode).exists()


def test_rekonsiliasi_recomputes_everything_and_empties_the_outbox(contoh):
    SnapshotUnit.objects.all().delete()

    tasks.rekonsiliasi.delay().get()

    assert SnapshotUnit.objects.filter(periode=contoh.periode).count() == 4
    assert not UnitPerluHitung.objects.exists()


@contextlib.contextmanager
def broker_down(monkeypatch):
    """Point the Celery app at a real address where no broker listens (port 1)."""
    bad = "redis://127.0.0.1:1/0"
    conf = celery_app.conf
    # Celery prefers these environment variables over its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", bad)
    monkeypatch.setenv("CELERY_BROKER_WRITE_URL", bad)
    before = conf.task_always_eager, celery_app._pool, celery_app.amqp._producer_pool
    # The connection and producer pools are built from the broker URL on first use.
    celery_app._pool = celery_app.amqp._producer_pool = None
    conf.task_always_eager = False
    try:
        yield
    finally:
        assert celery_app.pool.connection.as_uri().endswith("127.0.0.1:1/0")
        conf.task_always_eager, celery_app._pool, celery_app.amqp._producer_pool = before
        monkeypatch.undo()


def test_publishing_with_the_broker_down_neither_fails_nor_loses_the_work(
    contoh, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    UnitPerluHitung.objects.all().delete()

    start = time.monotonic()
    with broker_down(monkeypatch), caplog.at_level(logging.ERROR, logger="bebankerja.outbox"):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                hooks.units_changed([contoh.dinkes.pk])
    elapsed = time.monotonic() - start

    assert elapsed < 15
    assert any("menunggu rekonsiliasi" in r.getMessage() for r in caplog.records)
    assert UnitPerluHitung.objects.filter(unit=contoh.dinkes).exists()
    hitung.balance_reconcile()
    assert SnapshotUnit.objects.filter(unit=contoh.dinkes).exists()
    assert not UnitPerluHitung.objects.exists()


def test_tugas_save_keeps_beban_and_marks_old_and_new_unit(contoh):
    UnitPerluHitung.objects.all().delete()
    tugas = TugasJabatan.objects.filter(unit=contoh.dishub).first()
    tugas.unit = contoh.kecamatan
    tugas.volume = 100
    tugas.satuan_norma = "jam"

    services.tugas_save(tugas=tugas)

    tugas.refresh_from_db()
    assert tugas.beban_menit == 100 * 10 * 60
    assert set(UnitPerluHitung.objects.values_list("periode_id", "unit_id")) == {
        (contoh.periode.pk, contoh.dishub.pk), (contoh.periode.pk, contoh.kecamatan.pk)
    }


def test_tugas_bulk_replace_writes_nothing_when_a_row_is_bad(contoh):
    before = list(TugasJabatan.objects.filter(unit=contoh.dishub).values_list("uraian"))

    with pytest.raises(Exception) as err:
        services.tugas_bulk_replace(aktor=None, periode=contoh.periode, unit=contoh.dishub,
                                    jabatan=contoh.pu, rows=[
            {"uraian": "Baik", "satuan_hasil": "surat", "volume": 10, "norma_waktu": 5},
            {"uraian": "Buruk", "satuan_hasil": "surat", "volume": -1, "norma_waktu": 5},
        ])

    assert "Tugas baris 2" in str(err.value) and "volume" in str(err.value)
    assert list(TugasJabatan.objects.filter(unit=contoh.dishub).values_list("uraian")) == before


def test_copying_a_periode_refuses_to_overwrite_unless_asked(contoh):
    baru = PeriodeAbk.objects.create(tahun=2027)
    assert services.abk_copy_periode(aktor=None, dari=contoh.periode, ke=baru) == 7

    with pytest.raises(Exception, match="sudah berisi 7 tugas"):
        services.abk_copy_periode(aktor=None, dari=contoh.periode, ke=baru)
    assert services.abk_copy_periode(aktor=None, dari=contoh.periode, ke=baru, ganti=True) == 7
    assert TugasJabatan.objects.filter(periode=baru).count() == 7


def test_only_one_periode_is_active(contoh):
    baru = PeriodeAbk(tahun=2027, aktif=True)

    services.periode_save(aktor=None, periode=baru)

    assert list(PeriodeAbk.objects.filter(aktif=True)) == [baru]
    services.periode_activate(aktor=None, periode=contoh.periode)
    assert list(PeriodeAbk.objects.filter(aktif=True)) == [contoh.periode]


def test_the_first_periode_saved_becomes_active(db):
    periode = services.periode_save(aktor=None, periode=PeriodeAbk(tahun=2026, hari_kerja=240,
                                                       jam_efektif=5))

    assert periode.aktif
    assert periode.wke_menit == 72000  # derived: 240 days × 5 h × 60


def test_moving_an_employee_in_the_admin_updates_both_units(
    contoh, client, django_capture_on_commit_callbacks
):
    from pegawai.tests.factories import UserFactory

    hitung.balance_recompute()
    admin = UserFactory(username="admin_abk", is_staff=True, is_superuser=True)
    client.force_login(admin)
    p = contoh.pu_dinkes[0]
    url = reverse("admin:pegawai_pegawai_change", args=[p.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, admin_data(p, unit=contoh.kecamatan.pk))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Pegawai.objects.get(pk=p.pk).unit_id == contoh.kecamatan.pk
    assert _bezetting(contoh, contoh.dinkes) == 3
    assert _bezetting(contoh, contoh.kecamatan) == 2
    assert not UnitPerluHitung.objects.filter(unit__in=[contoh.dinkes, contoh.kecamatan]).exists()


def admin_data(p, **changes):
    """The POST body of PegawaiAdmin's change form for `p`, with `changes` applied."""
    data = {
        "nip": p.nip, "nama": p.nama, "gelar_depan": p.gelar_depan,
        "gelar_belakang": p.gelar_belakang, "status_asn": p.status_asn,
        "golongan": p.golongan, "jabatan": p.jabatan_id, "unit": p.unit_id,
        "tmt_jabatan": p.tmt_jabatan.isoformat(), "tanggal_lahir": p.tanggal_lahir.isoformat(),
        "jenis_kelamin": p.jenis_kelamin, "pendidikan": p.pendidikan, "email": p.email,
        "aktif": "on", "user": "",
        "riwayat-TOTAL_FORMS": "0", "riwayat-INITIAL_FORMS": "0",
        "riwayat-MIN_NUM_FORMS": "0", "riwayat-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data
