"""Proyeksi kebutuhan: retirements per jabatan and year, the shortage left, the formation need."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bebankerja.models import PeriodeAbk, SnapshotJabatan
from bebankerja.proyeksi import hitung_proyeksi, tahun_pensiun
from pegawai.models import JenisJabatan
from pegawai.tests.factories import JabatanFactory, PegawaiFactory


def test_tmt_pensiun_is_the_month_after_the_bup_birthday():
    assert tahun_pensiun(1968, 5, 58) == 2026
    assert tahun_pensiun(1968, 12, 58) == 2027  # December birthday: January next year
    assert tahun_pensiun(1966, 1, 60) == 2026


def test_retirements_reduce_staff_year_by_year_and_leave_a_shortage():
    baris = hitung_proyeksi(
        kebutuhan={"perawat": 5, "pu": 2}, bezetting={"perawat": 6, "pu": 1},
        pensiun={("perawat", 2027): 2, ("perawat", 2029): 1, ("perawat", 2020): 9,
                 ("pu", 2026): 1},
        tahun_awal=2026, n=5)
    perawat = next(b for b in baris if b.jabatan_id == "perawat")
    assert perawat.pensiun == (0, 2, 0, 1, 0)
    assert perawat.sisa == (6, 4, 4, 3, 3)
    assert perawat.kurang == (0, 1, 1, 2, 2)
    assert (perawat.kurang_sekarang, perawat.kebutuhan_formasi) == (0, 2)
    pu = next(b for b in baris if b.jabatan_id == "pu")
    assert pu.sisa == (0, 0, 0, 0, 0) and pu.kebutuhan_formasi == 2
    with pytest.raises(ValueError):
        hitung_proyeksi(kebutuhan={}, bezetting={}, pensiun={}, tahun_awal=2026, n=0)


@pytest.mark.django_db
def test_the_page_and_excel_show_the_projection_for_bkd_only(client, cast,
                                                             django_assert_max_num_queries):
    tahun = timezone.localdate().year
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    perawat = JabatanFactory(kode="PRW", nama="Perawat Terampil", jenis=JenisJabatan.TERAMPIL)
    # Two retire within the horizon (58 in the coming years), one stays.
    for i, umur in enumerate([57, 58, 40]):
        lahir = dt.date(tahun - umur, 3, 10)
        PegawaiFactory(unit=cast.dinkes, jabatan=perawat, lahir=lahir, tanggal_lahir=lahir,
                       nama=f"Perawat {i}")
    SnapshotJabatan.objects.create(
        periode=periode, unit=cast.dinkes, jabatan=perawat, beban_menit=0,
        kebutuhan_exact=3, kebutuhan=3, bezetting=3, selisih=0, dihitung=timezone.now())
    client.force_login(cast.u_bkd)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as sedikit:
        client.get(reverse("bebankerja:proyeksi"))
    for i in range(6):  # more jabatan and staff: the same number of queries
        j = JabatanFactory(kode=f"J{i}", nama=f"Jabatan {i}")
        PegawaiFactory(unit=cast.puskesmas, jabatan=j)
    with django_assert_max_num_queries(len(sedikit)):
        r = client.get(reverse("bebankerja:proyeksi"), {"q": "perawat"})
    assert r.status_code == 200
    (b,) = r.context["page"].object_list
    assert b.bezetting == 3 and b.pensiun_total == 2 and b.kebutuhan_formasi == 2
    html = r.content.decode()
    assert "Perawat Terampil" in html and "Usulan kebutuhan ASN (Excel)" in html
    x = client.get(reverse("bebankerja:proyeksi_ekspor"), {"q": "perawat"})
    assert x.status_code == 200 and x["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    c = client.get(reverse("bebankerja:proyeksi"), {"cetak": "1"})
    assert c.status_code == 200 and "data-cetak" in c.content.decode()
    client.force_login(cast.u_kepala_asal)
    assert client.get(reverse("bebankerja:proyeksi")).status_code == 403


@pytest.mark.django_db
def test_without_a_periode_the_page_says_so(client, cast):
    client.force_login(cast.u_bkd)
    r = client.get(reverse("bebankerja:proyeksi"))
    assert r.status_code == 200 and "Belum ada periode ABK aktif" in r.content.decode()
    assert client.get(reverse("bebankerja:proyeksi_ekspor")).status_code == 404
