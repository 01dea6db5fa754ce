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
    # Not due again until its interval (5 minutes) has passed; a request created now waits.
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


def test_a_decree_applied_in_part_is_completed_by_the_next_sweep(cast, settings):
    """The web process died after applying one of an SK's two moves: within one beat
    interval the other takes effect too (issue 16)."""
    from mutasi import keputusan, tasks
    from mutasi.tests.factories import jadikan_layak
    from pegawai.tests.factories import PegawaiFactory

    assert settings.CELERY_BEAT_SCHEDULE["mutasi-terapkan-tmt"]["schedule"] <= 5 * 60
    a = buat_permohonan(cast, Status.SK_TERBIT)
    lain = jadikan_layak(PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana))
    b = buat_permohonan(cast, Status.SK_TERBIT, pegawai=lain)
    PermohonanMutasi.objects.filter(pk=b.pk).update(sk=a.sk_id)
    keputusan.permohonan_berlaku(permohonan=PermohonanMutasi.objects.get(pk=a.pk))
    assert tasks.terapkan_tmt() == 1
    assert set(PermohonanMutasi.objects.filter(pk__in=[a.pk, b.pk])
               .values_list("status", flat=True)) == {Status.BERLAKU}
