"""The one service that moves an employee, and the unit tree's helpers."""

import datetime as dt

import pytest
from django.urls import reverse

from pegawai import hooks
from pegawai.models import Pegawai, RiwayatJabatan, UnitKerja, opd_id_dari_path
from pegawai.services import pegawai_pindah


@pytest.fixture
def seen():
    """The unit ids announced through `hooks.units_changed`, one list per call."""
    calls = []

    def receiver(*, unit_ids):
        calls.append(sorted(unit_ids))

    hooks.register_units_changed(receiver)
    yield calls
    hooks._receivers.remove(receiver)


def _riwayat(p):
    return list(RiwayatJabatan.objects.filter(pegawai=p).order_by("tmt_mulai", "id")
                .values_list("unit_id", "jabatan_id", "tmt_mulai", "tmt_selesai", "nomor_sk"))


def test_moving_closes_the_open_post_opens_the_new_one_and_marks_both_units(cast, seen):
    p = cast.pegawai
    RiwayatJabatan.objects.create(pegawai=p, unit=cast.dinkes, jabatan=cast.j_pelaksana,
                                  tmt_mulai=dt.date(2020, 1, 1))
    tmt = dt.date(2026, 7, 1)

    baru = pegawai_pindah(pegawai_id=p.pk, unit_id=cast.dishub.pk, jabatan_id=cast.j_kadis.pk,
                          tmt=tmt, nomor_sk="800/1/2026", tanggal_sk=dt.date(2026, 6, 1),
                          keterangan="uji", unit_lain=[cast.puskesmas.pk])

    p.refresh_from_db()
    assert (p.unit_id, p.jabatan_id, p.tmt_jabatan) == (cast.dishub.pk, cast.j_kadis.pk, tmt)
    assert _riwayat(p) == [
        (cast.dinkes.pk, cast.j_pelaksana.pk, dt.date(2020, 1, 1), tmt, ""),
        (cast.dishub.pk, cast.j_kadis.pk, tmt, None, "800/1/2026"),
    ]
    assert baru.keterangan == "uji" and baru.tanggal_sk == dt.date(2026, 6, 1)
    assert seen == [sorted([cast.dinkes.pk, cast.dishub.pk, cast.puskesmas.pk])]


def test_moving_an_employee_in_the_admin_records_the_post_in_the_history(cast, client, seen):
    from bebankerja.tests.test_outbox import admin_data

    p = cast.pegawai
    client.force_login(cast.u_admin)
    url = reverse("admin:pegawai_pegawai_change", args=[p.pk])

    response = client.post(url, admin_data(p, unit=cast.dishub.pk, tmt_jabatan="2026-08-01",
                                            nama="Nama Baru"))

    assert response.status_code == 302, response.content.decode()[:2000]
    p.refresh_from_db()
    assert (p.unit_id, p.tmt_jabatan, p.nama) == (cast.dishub.pk, dt.date(2026, 8, 1),
                                                  "Nama Baru")
    assert _riwayat(p) == [(cast.dishub.pk, cast.j_pelaksana.pk, dt.date(2026, 8, 1), None, "")]
    assert [cast.dinkes.pk, cast.dishub.pk] in seen


def test_an_admin_edit_that_moves_no_one_writes_no_history(cast, client, seen):
    from bebankerja.tests.test_outbox import admin_data

    p = cast.pegawai
    client.force_login(cast.u_admin)
    url = reverse("admin:pegawai_pegawai_change", args=[p.pk])

    response = client.post(url, admin_data(p, nama="Nama Baru"))

    assert response.status_code == 302
    assert Pegawai.objects.get(pk=p.pk).nama == "Nama Baru"
    assert _riwayat(p) == []
    assert seen == [[cast.dinkes.pk]]


def test_the_unit_tree_helpers_read_the_materialised_path(cast):
    pemda, dinkes, puskesmas = (UnitKerja.objects.get(pk=u.pk)
                                for u in (cast.pemda, cast.dinkes, cast.puskesmas))

    assert set(UnitKerja.objects.subtree(dinkes)) == {dinkes, puskesmas}
    assert set(UnitKerja.objects.filter(dinkes.subtree_q())) == {dinkes, puskesmas}
    assert set(Pegawai.objects.di_subtree(dinkes)) == {
        cast.pegawai, cast.kepala_asal, cast.kapus}
    assert puskesmas.leluhur_ids == [pemda.pk, dinkes.pk, puskesmas.pk]
    assert (pemda.opd_id, dinkes.opd_id, puskesmas.opd_id) == (None, dinkes.pk, dinkes.pk)
    assert opd_id_dari_path("") is None
