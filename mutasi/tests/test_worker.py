"""With a real Celery worker over Redis: a BKD approval and its SK update both units' figures.

The design (docs/mutasi.md, docs/reliability.md): the approval marks both units in the outbox
(`UnitPerluHitung`) in its own transaction and the worker recomputes them; the employee
moves when the SK's TMT takes effect, which marks the units again for the worker. With the
worker stopped, everything is saved and the marks wait; the figures are right once a worker
runs (the queued messages, or the reconciliation if the messages were lost).

Run with CELERY_BROKER_URL set (its own Redis database), on PostgreSQL, e.g.
DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_worker \
CELERY_BROKER_URL=redis://127.0.0.1:6379/3 .venv/bin/pytest mutasi/tests/test_worker.py
"""

import contextlib
import time
from decimal import Decimal

import pytest
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import connections
from django.utils import timezone

from bebankerja import hitung
from bebankerja import services as abk_services
from bebankerja import tasks as abk_tasks
from bebankerja.models import PeriodeAbk, SnapshotUnit, UnitPerluHitung
from config.celery import app as celery_app
from mutasi.keputusan import sk_issue
from mutasi.models import PermohonanMutasi, RiwayatPermohonan, Status, SuratKeputusan
from mutasi.tests.factories import buat_permohonan
from mutasi.workflow import permohonan_approve, permohonan_endorse
from pegawai.models import Pegawai

TUNGGU_DETIK = 20

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker,
              pytest.mark.django_db(transaction=True)]


def _poll(condition, timeout=TUNGGU_DETIK):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _tugas(uraian, volume, norma):
    return {"uraian": uraian, "satuan_hasil": "dokumen", "volume": Decimal(volume),
            "norma_waktu": Decimal(norma)}


@pytest.fixture
def abk(layak):
    """The cast with an active ABK periode and tasks in both units of the transfer."""
    c = layak
    c.periode = PeriodeAbk.objects.create(tahun=timezone.localdate().year, aktif=True)
    for unit, volume in ((c.dinkes, 6000), (c.dishub, 20000)):
        abk_services.tugas_bulk_replace(periode=c.periode, unit=unit, jabatan=c.j_pelaksana,
                                        rows=[_tugas("Mengagendakan surat masuk", volume, 10)],
                                        aktor=None)
    c.permohonan = buat_permohonan(c, Status.DITERIMA_TUJUAN)
    return c


def _snapshot():
    """{unit id: (bezetting, dihitung)} of every unit row."""
    return {u: (b, d) for u, b, d in
            SnapshotUnit.objects.values_list("unit_id", "bezetting", "dihitung")}


def _baseline(c):
    """Every figure current and the outbox empty before the action under test."""
    hitung.balance_reconcile()
    assert not UnitPerluHitung.objects.exists()
    awal = _snapshot()
    assert awal[c.dinkes.pk][0] == 2 and awal[c.dishub.pk][0] == 2
    return awal


def _approve_and_issue_sk(c):
    p = permohonan_approve(permohonan=c.permohonan, aktor=c.u_bkd)
    hari_ini = timezone.localdate()
    sk = sk_issue(permohonan_ids=[p.pk], tanggal=hari_ini, tmt=hari_ini, oleh=c.u_bkd)
    return p, sk


def _moved(c):
    snap = _snapshot()
    return (snap.get(c.dinkes.pk, (None,))[0] == 1 and snap.get(c.dishub.pk, (None,))[0] == 3
            and not UnitPerluHitung.objects.exists())


def _assert_others_untouched(c, sebelum):
    sesudah = _snapshot()
    lain = set(sebelum) - {c.dinkes.pk, c.dishub.pk}
    assert lain, "kasus uji harus memiliki unit lain yang tidak terlibat"
    assert {u: sesudah[u] for u in lain} == {u: sebelum[u] for u in lain}


def test_an_approval_and_its_sk_are_recomputed_by_the_worker_for_both_units_only(
    abk, celery_worker
):
    c = abk
    assert celery_app.conf.task_always_eager is False
    awal = _baseline(c)

    permohonan_approve(permohonan=c.permohonan, aktor=c.u_bkd)

    def dihitung_ulang():
        snap = _snapshot()
        return (snap[c.dinkes.pk][1] > awal[c.dinkes.pk][1]
                and snap[c.dishub.pk][1] > awal[c.dishub.pk][1]
                and not UnitPerluHitung.objects.exists())

    assert _poll(dihitung_ulang), "worker tidak menghitung ulang kedua unit dalam 20 detik"
    setelah_setuju = _snapshot()
    # Approval alone does not move the employee: the move waits for the SK's TMT.
    assert (setelah_setuju[c.dinkes.pk][0], setelah_setuju[c.dishub.pk][0]) == (2, 2)
    assert Pegawai.objects.get(pk=c.pegawai.pk).unit_id == c.dinkes.pk
    _assert_others_untouched(c, awal)

    hari_ini = timezone.localdate()
    sk_issue(permohonan_ids=[c.permohonan.pk], tanggal=hari_ini, tmt=hari_ini, oleh=c.u_bkd)

    assert Pegawai.objects.get(pk=c.pegawai.pk).unit_id == c.dishub.pk
    assert PermohonanMutasi.objects.get(pk=c.permohonan.pk).status == Status.BERLAKU
    assert _poll(lambda: _moved(c)), "worker tidak memperbarui bezetting kedua unit dalam 20 detik"
    _assert_others_untouched(c, setelah_setuju)


@pytest.fixture
def worker_nanti(transactional_db):
    """Start a real Celery worker only when the test calls the returned function.

    Skipped when Celery is eager. The queue is purged at set-up so messages of an earlier
    run (or of the fixtures' data) cannot reach this test; messages the test publishes
    stay in Redis until the worker starts.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("CELERY_BROKER_URL tidak diset: uji worker Celery sungguhan dilewati.")
    from celery.contrib.testing.worker import start_worker

    def tutup_koneksi(**kwargs):
        connections.close_all()

    celery_app.control.purge()
    with contextlib.ExitStack() as stack:
        task_postrun.connect(tutup_koneksi, weak=False)
        stack.callback(task_postrun.disconnect, tutup_koneksi)

        def mulai():
            return stack.enter_context(start_worker(
                celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30))

        yield mulai


def _assert_saved_and_waiting(c, p, sk):
    p = PermohonanMutasi.objects.get(pk=p.pk)
    assert p.status == Status.BERLAKU and p.sk_id == sk.pk
    assert SuratKeputusan.objects.filter(pk=sk.pk).exists()
    assert RiwayatPermohonan.objects.filter(permohonan=p, aksi="approve",
                                            aktor=c.u_bkd).exists()
    assert Pegawai.objects.get(pk=c.pegawai.pk).unit_id == c.dishub.pk
    assert set(UnitPerluHitung.objects.values_list("periode_id", "unit_id")) == {
        (None, c.dinkes.pk), (None, c.dishub.pk)}


def test_with_the_worker_stopped_the_approval_is_saved_and_the_queued_work_runs_when_it_starts(
    abk, worker_nanti
):
    c = abk
    assert celery_app.conf.task_always_eager is False
    awal = _baseline(c)

    p, sk = _approve_and_issue_sk(c)

    _assert_saved_and_waiting(c, p, sk)
    time.sleep(1)
    assert _snapshot() == awal, "tanpa worker, angka tidak boleh berubah"

    worker_nanti()

    assert _poll(lambda: _moved(c)), "worker yang baru jalan tidak menghitung ulang kedua unit"
    _assert_others_untouched(c, awal)


def test_with_the_messages_lost_the_reconciliation_run_by_the_worker_makes_the_figures_right(
    abk, worker_nanti
):
    c = abk
    awal = _baseline(c)

    p, sk = _approve_and_issue_sk(c)
    _assert_saved_and_waiting(c, p, sk)
    celery_app.control.purge()  # the broker lost every message published meanwhile

    worker_nanti()
    abk_tasks.rekonsiliasi.delay()

    assert _poll(lambda: _moved(c)), "rekonsiliasi lewat worker tidak memperbaiki angka unit"
    sesudah = _snapshot()
    lain = set(awal) - {c.dinkes.pk, c.dishub.pk}
    assert {u: sesudah[u][0] for u in lain} == {u: awal[u][0] for u in lain}


def test_the_worker_mails_the_next_head_and_the_employee_after_an_endorsement(
    layak, celery_worker
):
    c = layak
    for peg, alamat in [(c.pegawai, "pegawai@contoh.go.id"),
                        (c.kepala_tujuan, "kadishub@contoh.go.id")]:
        peg.email = alamat
        peg.save(update_fields=["email"])
    p = buat_permohonan(c, Status.DIAJUKAN)
    mail.outbox.clear()

    permohonan_endorse(permohonan=p, aktor=c.u_kepala_asal)

    # locmem: the worker runs in a thread of this process and appends to the same outbox
    assert _poll(lambda: len(mail.outbox) == 2), "worker tidak mengirim e-mail dalam 20 detik"
    assert sorted(tuple(m.to) for m in mail.outbox) == [("kadishub@contoh.go.id",),
                                                         ("pegawai@contoh.go.id",)]
