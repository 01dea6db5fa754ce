"""With a real Celery worker over Redis: a move in the admin updates both units, nothing else.

Run with CELERY_BROKER_URL set (its own Redis database), on PostgreSQL, e.g.
DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_abk \
CELERY_BROKER_URL=redis://127.0.0.1:6379/2 .venv/bin/pytest bebankerja
"""

import time

import pytest
from django.urls import reverse

from bebankerja import hitung
from bebankerja.models import SnapshotJabatan, SnapshotUnit, UnitPerluHitung
from config.celery import app as celery_app
from pegawai.models import Pegawai
from pegawai.tests.factories import UserFactory

from .test_outbox import admin_data

TUNGGU_DETIK = 20


def _poll(condition, timeout=TUNGGU_DETIK):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _rows_of(unit_ids):
    return (
        sorted(SnapshotUnit.objects.filter(unit_id__in=unit_ids)
               .values_list("unit_id", "bezetting", "kebutuhan", "eu", "dihitung")),
        sorted(SnapshotJabatan.objects.filter(unit_id__in=unit_ids)
               .values_list("unit_id", "jabatan_id", "bezetting", "ej", "dihitung")),
    )


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_moving_an_employee_in_the_admin_is_recomputed_by_the_worker_for_both_units_only(
    contoh, celery_worker, client
):
    assert celery_app.conf.task_always_eager is False
    hitung.balance_reconcile()  # baseline, and the fixture's marks consumed
    assert not UnitPerluHitung.objects.exists()
    lain = [contoh.puskesmas.pk, contoh.dishub.pk]
    before = _rows_of(lain)
    client.force_login(UserFactory(username="admin_abk", is_staff=True, is_superuser=True))
    p = contoh.pu_dinkes[0]

    response = client.post(reverse("admin:pegawai_pegawai_change", args=[p.pk]),
                           admin_data(p, unit=contoh.kecamatan.pk))

    assert response.status_code == 302
    assert Pegawai.objects.get(pk=p.pk).unit_id == contoh.kecamatan.pk

    def done():
        units = dict(SnapshotUnit.objects.filter(
            unit__in=[contoh.dinkes, contoh.kecamatan]).values_list("unit_id", "bezetting"))
        return (units == {contoh.dinkes.pk: 3, contoh.kecamatan.pk: 2}
                and not UnitPerluHitung.objects.exists())

    assert _poll(done), "worker tidak menghitung ulang kedua unit dalam 20 detik"
    dinkes = SnapshotUnit.objects.get(unit=contoh.dinkes)
    assert (str(dinkes.eu), dinkes.grade) == ("0.9291", "B")
    assert _rows_of(lain) == before
