"""Zero-setup mode runs beat's schedule in-process (issue 11, item 15).

Without a worker and beat, a decree's future TMT never took effect under `make run`.
"""

import pytest
from django.test import RequestFactory

from config.middleware import TugasTerjadwalTanpaWorker
from mutasi.models import PermohonanMutasi, Status
from mutasi.tests.factories import buat_permohonan

pytestmark = pytest.mark.django_db


def _middleware(settings):
    settings.TUGAS_TERJADWAL_DALAM_PROSES = True
    return TugasTerjadwalTanpaWorker(lambda request: None)


def test_a_tmt_that_has_come_takes_effect_at_the_next_request(cast, settings):
    p = buat_permohonan(cast, Status.SK_TERBIT)  # TMT today, not yet applied
    mw = _middleware(settings)
    mw(RequestFactory().get("/"))
    p.refresh_from_db()
    cast.pegawai.refresh_from_db()
    assert p.status == Status.BERLAKU
    assert cast.pegawai.unit == cast.dishub


def test_each_job_runs_once_until_it_is_due_again(cast, settings):
    mw = _middleware(settings)
    pertama = mw.jalankan_yang_jatuh_tempo()
    assert "mutasi-terapkan-tmt" in pertama
    # The daily job is not due again within the day; a request created now waits for it.
    assert "mutasi-terapkan-tmt" not in mw.jalankan_yang_jatuh_tempo()
    p = buat_permohonan(cast, Status.SK_TERBIT)
    mw.terakhir["mutasi-terapkan-tmt"] -= __import__("datetime").timedelta(days=1)
    assert "mutasi-terapkan-tmt" in mw.jalankan_yang_jatuh_tempo()
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.BERLAKU


def test_with_a_broker_and_beat_the_middleware_does_nothing(cast, settings):
    settings.TUGAS_TERJADWAL_DALAM_PROSES = False
    mw = TugasTerjadwalTanpaWorker(lambda request: None)
    p = buat_permohonan(cast, Status.SK_TERBIT)
    mw(RequestFactory().get("/"))
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.SK_TERBIT
