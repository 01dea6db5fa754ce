"""Admin of periodes and tasks: saves go through the services."""

import pytest
from django.urls import reverse

from bebankerja.models import PeriodeAbk, SnapshotUnit, TugasJabatan, UnitPerluHitung
from pegawai.tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="admin_abk", is_staff=True, is_superuser=True))
    return client


def test_adding_a_task_in_the_admin_stores_its_minutes_and_recomputes_the_unit(
    admin_client, contoh, django_capture_on_commit_callbacks
):
    url = reverse("admin:bebankerja_tugasjabatan_add")
    data = {"periode": contoh.periode.pk, "unit": contoh.dishub.pk, "jabatan": contoh.pu.pk,
            "uraian": "Menyusun laporan bulanan", "satuan_hasil": "laporan", "volume": "12",
            "norma_waktu": "2", "satuan_norma": "jam", "periode_volume": "bulan",
            "urutan": "0"}

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)

    assert response.status_code == 302
    tugas = TugasJabatan.objects.get(uraian="Menyusun laporan bulanan")
    assert tugas.beban_menit == 12 * 12 * 2 * 60
    # Dinas Perhubungan: 75,000 + 17,280 minutes.
    assert SnapshotUnit.objects.get(unit=contoh.dishub).beban_menit == 92280
    assert not UnitPerluHitung.objects.filter(unit=contoh.dishub).exists()


def test_deleting_tasks_in_the_admin_recomputes_their_unit(
    admin_client, contoh, django_capture_on_commit_callbacks
):
    ids = list(TugasJabatan.objects.filter(unit=contoh.kecamatan).values_list("pk", flat=True))
    url = reverse("admin:bebankerja_tugasjabatan_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"action": "delete_selected", "_selected_action": ids,
                                           "post": "yes"})

    assert response.status_code == 302
    assert not TugasJabatan.objects.filter(unit=contoh.kecamatan).exists()
    assert SnapshotUnit.objects.get(unit=contoh.kecamatan).kebutuhan == 0


def test_a_periode_saved_in_the_admin_derives_wke_from_days_and_hours(admin_client, contoh):
    url = reverse("admin:bebankerja_periodeabk_add")
    data = {"tahun": "2027", "wke_menit": "75000", "hari_kerja": "235", "jam_efektif": "5.5",
            "pembulatan": "half_up", "set_band": "permendagri"}

    response = admin_client.post(url, data)

    assert response.status_code == 302
    baru = PeriodeAbk.objects.get(tahun=2027)
    assert baru.wke_menit == 235 * 330
    assert not baru.aktif  # 2026 stays the active periode
    assert UnitPerluHitung.objects.filter(periode=baru, unit=None).exists()


def test_the_activate_action_switches_the_active_periode(admin_client, contoh):
    baru = PeriodeAbk.objects.create(tahun=2027)
    url = reverse("admin:bebankerja_periodeabk_changelist")

    admin_client.post(url, {"action": "jadikan_aktif", "_selected_action": [baru.pk]})

    assert list(PeriodeAbk.objects.filter(aktif=True)) == [baru]


def test_snapshot_rows_are_read_only_in_the_admin(admin_client, contoh):
    from bebankerja import hitung

    hitung.balance_recompute()
    row = SnapshotUnit.objects.first()

    assert admin_client.get(reverse("admin:bebankerja_snapshotunit_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:bebankerja_snapshotunit_add")).status_code == 403
    change = admin_client.get(reverse("admin:bebankerja_snapshotunit_change", args=[row.pk]))
    assert b'name="kebutuhan"' not in change.content
