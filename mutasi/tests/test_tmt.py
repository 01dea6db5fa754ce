"""The TMT: on or after it the employee moves once; before it nothing changes."""

import datetime as dt

import pytest
from django.conf import settings

from bebankerja.hitung import balance_recompute, balance_recompute_pending
from bebankerja.models import PeriodeAbk, SnapshotUnit
from mutasi import keputusan, tasks, workflow
from mutasi.models import PermohonanMutasi, RiwayatPermohonan, Status
from mutasi.tests.factories import buat_permohonan
from pegawai.models import Pegawai, RiwayatJabatan

TMT = dt.date(2026, 12, 1)


@pytest.fixture
def terbit(cast):
    """cast.pegawai's approved request with a decree of TMT 1 December 2026, and the
    employee's open post row in Dinas Kesehatan."""
    RiwayatJabatan.objects.create(pegawai=cast.pegawai, unit=cast.dinkes,
                                  jabatan=cast.j_pelaksana, tmt_mulai=dt.date(2018, 1, 1))
    p = buat_permohonan(cast, Status.DISETUJUI_BKD)
    sk = keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=dt.date(2026, 11, 20), tmt=TMT,
                            oleh=cast.u_bkd)
    p.refresh_from_db()
    return p, sk


def test_before_the_tmt_nothing_changes(cast, terbit):
    p, _sk = terbit
    assert keputusan.permohonan_apply_tmt(hari_ini=TMT - dt.timedelta(days=1)) == []
    peg = Pegawai.objects.get(pk=cast.pegawai.pk)
    assert (peg.unit_id, peg.jabatan_id) == (cast.dinkes.pk, cast.j_pelaksana.pk)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.SK_TERBIT
    assert RiwayatJabatan.objects.filter(pegawai=peg).count() == 1


def test_on_the_tmt_the_employee_moves_once_even_if_run_twice(cast, terbit):
    p, sk = terbit
    assert keputusan.permohonan_apply_tmt(hari_ini=TMT) == [p.pk]
    assert keputusan.permohonan_apply_tmt(hari_ini=TMT + dt.timedelta(days=3)) == []
    peg = Pegawai.objects.get(pk=cast.pegawai.pk)
    assert (peg.unit_id, peg.jabatan_id, peg.tmt_jabatan) == (
        cast.dishub.pk, cast.j_pelaksana.pk, TMT)
    p.refresh_from_db()
    assert p.status == Status.BERLAKU
    rows = list(RiwayatJabatan.objects.filter(pegawai=peg).order_by("tmt_mulai"))
    assert [(r.unit_id, r.tmt_mulai, r.tmt_selesai, r.nomor_sk, r.tanggal_sk) for r in rows] == [
        (cast.dinkes.pk, dt.date(2018, 1, 1), TMT, "", None),
        (cast.dishub.pk, TMT, None, sk.nomor, sk.tanggal),
    ]
    berlaku = RiwayatPermohonan.objects.filter(permohonan=p, aksi="berlaku")
    assert berlaku.count() == 1
    h = berlaku.get()
    assert (h.aktor_id, h.dari_status, h.ke_status) == (None, Status.SK_TERBIT, Status.BERLAKU)


def test_a_finished_request_lets_the_employee_file_a_new_one(cast, terbit):
    keputusan.permohonan_apply_tmt(hari_ini=TMT)
    baru = buat_permohonan(cast, Status.DRAFT, unit_tujuan=cast.dinkes)
    assert baru.pk


def test_the_beat_task_applies_due_requests_and_is_scheduled_daily(cast, terbit, monkeypatch):
    p, _sk = terbit
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TMT)
    assert tasks.terapkan_tmt.delay().get() == 1
    assert tasks.terapkan_tmt.delay().get() == 0
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.BERLAKU
    entry = settings.CELERY_BEAT_SCHEDULE["mutasi-terapkan-tmt"]
    assert entry["task"] == "mutasi.tasks.terapkan_tmt"


def test_a_decree_whose_tmt_has_passed_takes_effect_right_after_commit(
        cast, django_capture_on_commit_callbacks):
    p = buat_permohonan(cast, Status.DISETUJUI_BKD)
    with django_capture_on_commit_callbacks(execute=True):
        keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=dt.date(2026, 1, 5),
                           tmt=dt.date(2026, 1, 1), oleh=cast.u_bkd)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.BERLAKU
    assert Pegawai.objects.get(pk=cast.pegawai.pk).unit_id == cast.dishub.pk


def test_a_decree_with_a_future_tmt_waits(cast, django_capture_on_commit_callbacks):
    p = buat_permohonan(cast, Status.DISETUJUI_BKD)
    with django_capture_on_commit_callbacks(execute=True):
        keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=dt.date(2026, 1, 5),
                           tmt=dt.date(2099, 1, 1), oleh=cast.u_bkd)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.SK_TERBIT
    assert Pegawai.objects.get(pk=cast.pegawai.pk).unit_id == cast.dinkes.pk


def test_bezetting_of_both_units_follows_the_move(cast, terbit):
    p, _sk = terbit
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    balance_recompute(periode=periode)

    def bezetting(unit):
        row = SnapshotUnit.objects.filter(periode=periode, unit=unit).first()
        return row.bezetting if row else 0

    before = bezetting(cast.dinkes), bezetting(cast.dishub)
    keputusan.permohonan_apply_tmt(hari_ini=TMT)
    balance_recompute_pending()
    assert (bezetting(cast.dinkes), bezetting(cast.dishub)) == (before[0] - 1, before[1] + 1)


def test_a_request_without_decree_cannot_take_effect(cast):
    p = buat_permohonan(cast, Status.SK_TERBIT)
    PermohonanMutasi.objects.filter(pk=p.pk).update(tmt=None)
    p.refresh_from_db()
    with pytest.raises(workflow.PermohonanError, match="belum memiliki SK"):
        keputusan.permohonan_berlaku(permohonan=p)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.SK_TERBIT
