"""Twenty BKD clicks on "approve" at the same moment give exactly one approval."""

import threading

import pytest
from django.db import connection, connections

from bebankerja.models import UnitPerluHitung
from bebankerja.tests.test_outbox import broker_down
from mutasi import workflow
from mutasi.models import PermohonanMutasi, RiwayatPermohonan, Status
from mutasi.tests.factories import buat_permohonan, jadikan_layak

N = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_approving_the_same_request_give_one_approval(cast, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on one file lock; the race needs PostgreSQL "
                    "(set DATABASE_URL)")
    jadikan_layak(cast.pegawai)
    p = buat_permohonan(cast, Status.DITERIMA_TUJUAN)
    sebelum = list(UnitPerluHitung.objects.values_list("id", flat=True))
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
    # No broker: the outbox marks stay in their table instead of being consumed at once.
    with broker_down(monkeypatch):
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert salah == []
    assert hasil.count("ok") == 1
    assert all("sudah diproses oleh pengguna lain" in h for h in hasil if h != "ok")
    assert len(hasil) == N
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DISETUJUI_BKD
    assert RiwayatPermohonan.objects.filter(permohonan=p, aksi="approve").count() == 1
    # one recompute: the two units marked once, by the one approval that committed
    marks = UnitPerluHitung.objects.exclude(id__in=sebelum).order_by("unit_id")
    assert list(marks.values_list("unit_id", flat=True)) == sorted([cast.dinkes.pk,
                                                                    cast.dishub.pk])
