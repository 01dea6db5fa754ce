"""Twenty BKD clicks on "approve" at the same moment give exactly one approval."""

import threading

import pytest
from django.db import connection, connections

from mutasi import workflow
from mutasi.models import PermohonanMutasi, RiwayatPermohonan, Status
from mutasi.tests.factories import buat_permohonan, jadikan_layak
from pegawai import hooks

N = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_approving_the_same_request_give_one_approval(cast):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on one file lock; the race needs PostgreSQL "
                    "(set DATABASE_URL)")
    jadikan_layak(cast.pegawai)
    p = buat_permohonan(cast, Status.DITERIMA_TUJUAN)
    marks = []

    def count_marks(*, unit_ids):
        marks.append(tuple(unit_ids))

    hooks.register_units_changed(count_marks)
    barrier = threading.Barrier(N)
    hasil, salah = [], []

    def approve():
        try:
            copy = PermohonanMutasi.objects.select_related(
                "pegawai", "unit_asal", "unit_tujuan", "jabatan_tujuan").get(pk=p.pk)
            barrier.wait(timeout=30)
            workflow.permohonan_approve(permohonan=copy, aktor=cast.u_bkd)
            hasil.append("ok")
        except workflow.PermohonanError as exc:
            hasil.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            salah.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(N)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        hooks._receivers.remove(count_marks)
    assert salah == []
    assert hasil.count("ok") == 1
    assert all("sudah diproses oleh pengguna lain" in h for h in hasil if h != "ok")
    assert len(hasil) == N
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DISETUJUI_BKD
    assert RiwayatPermohonan.objects.filter(permohonan=p, aksi="approve").count() == 1
    # one recompute: the two units marked once, by the one approval that committed
    assert marks == [tuple(sorted([cast.dinkes.pk, cast.dishub.pk]))]
