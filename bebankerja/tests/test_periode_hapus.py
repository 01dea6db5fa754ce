"""ABK periode years are sane and an unused periode can be deleted (issue 11, item 9)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bebankerja.models import PeriodeAbk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("tahun", ["20270", "1999", "2101"])
def test_a_year_outside_2000_2100_is_refused_with_a_message(client, cast, tahun):
    client.force_login(cast.u_bkd)
    r = client.post(reverse("bebankerja:periode_daftar"),
                    {"tahun": tahun, "wke_menit": "75000", "pembulatan": "half_up",
                     "set_band": "permendagri"})
    assert r.status_code == 200
    assert "2100" in r.content.decode() or "2000" in r.content.decode()
    assert not PeriodeAbk.objects.filter(tahun=int(tahun)).exists()


def test_the_database_refuses_an_absurd_year(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodeAbk.objects.create(tahun=20270)


def test_an_unused_periode_is_deleted_and_leaves_the_selector(client, cast):
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    salah = PeriodeAbk.objects.create(tahun=2099)
    client.force_login(cast.u_bkd)
    r = client.post(reverse("bebankerja:periode_hapus", args=[2099]), follow=True)
    assert "Periode 2099 dihapus." in r.content.decode()
    assert not PeriodeAbk.objects.filter(pk=salah.pk).exists()


def test_the_active_periode_or_one_with_tasks_is_not_deleted(client, cast):
    from bebankerja import services

    aktif = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    with pytest.raises(ValidationError, match="sedang aktif"):
        services.periode_hapus(periode=aktif, aktor=cast.u_bkd)
    client.force_login(cast.u_bkd)
    r = client.post(reverse("bebankerja:periode_hapus", args=[2026]), follow=True)
    assert "sedang aktif" in r.content.decode()
    assert PeriodeAbk.objects.filter(pk=aktif.pk).exists()


def test_only_bkd_may_delete_a_periode(client, cast):
    PeriodeAbk.objects.create(tahun=2099)
    client.force_login(cast.u_kepala_asal)
    assert client.post(reverse("bebankerja:periode_hapus", args=[2099])).status_code == 403
    assert PeriodeAbk.objects.filter(tahun=2099).exists()
