"""The planner's BKD pages: plan through the form, scenario page, edits, requests, compare."""

import pytest
from django.urls import reverse

from mutasi.models import PermohonanMutasi, RencanaMutasi, Skenario, SkenarioPindah
from mutasi.perencana import layanan
from mutasi.tests.test_perencana_layanan import abkdata  # noqa: F401  (fixture)
from pegawai.tests.factories import PegawaiFactory


@pytest.fixture
def bkd(client, abkdata):  # noqa: F811
    client.force_login(abkdata.u_bkd)
    return client


def test_plan_from_the_form_to_the_scenario(bkd, abkdata, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        r = bkd.post(reverse("mutasi:perencana"), {"periode": 2026, "tanggal": "2026-06-01",
                                                   "kecuali_kepala_unit": "on"})
    rencana = RencanaMutasi.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("mutasi:perencana_rencana",
                                                             args=[rencana.pk])
    r = bkd.get(r["Location"])
    assert rencana.__class__.objects.get().status == "selesai"
    assert "Buka skenario" in r.content.decode()
    # htmx polling gets the fragment only
    r = bkd.get(reverse("mutasi:perencana_rencana", args=[rencana.pk]), HTTP_HX_REQUEST="true")
    assert "<html" not in r.content.decode() and "rencana-status" in r.content.decode()
    sk = Skenario.objects.get()
    r = bkd.get(reverse("mutasi:perencana_skenario", args=[sk.pk]))
    html = r.content.decode()
    assert r.status_code == 200 and abkdata.pegawai.nip in html
    assert "4 ÷ batas 4 = 1.000" in html or "4 ÷ batas 4 = 1,000" in html
    r = bkd.get(reverse("mutasi:perencana_skenario_ekspor", args=[sk.pk]))
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = bkd.get(reverse("mutasi:perencana_skenario", args=[sk.pk]), {"cetak": 1})
    assert "data-cetak" in r.content.decode()


@pytest.mark.parametrize("isian, pesan", [
    ({"maks_pindah_per_unit": "0"}, "Maksimum pindah per unit paling sedikit 1."),
    ({"maks_pindah_total": "100001"}, "Maksimum pindah seluruhnya paling banyak 100000."),
    ({"jarak_bup_tahun": "x"}, "Jarak BUP harus bilangan bulat."),
    ({"tahun_horizon": "2050"}, "Tahun proyeksi harus antara"),
    ({"periode": "2025"}, "belum memiliki angka"),
    ({"periode": "1999"}, "Periode ABK 1999 tidak ada."),
])
def test_bad_options_are_refused_in_bahasa_and_write_nothing(bkd, isian, pesan):
    from bebankerja.models import PeriodeAbk

    PeriodeAbk.objects.create(tahun=2025)
    r = bkd.post(reverse("mutasi:perencana"), {"periode": 2026, "tanggal": "2026-06-01",
                                               **isian})
    assert r.status_code == 200
    assert pesan in r.content.decode()
    assert not RencanaMutasi.objects.exists()


def test_scenario_page_query_count_does_not_grow_with_moves(bkd, abkdata):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = abkdata
    sk = layanan.skenario_buat(nama="Besar", periode=c.periode, aktor=c.u_bkd)
    url = reverse("mutasi:perencana_skenario", args=[sk.pk])

    def hitung(n):
        orang = [PegawaiFactory(unit=c.dinkes, jabatan=c.j_pelaksana) for _ in range(n)]
        SkenarioPindah.objects.bulk_create([
            SkenarioPindah(skenario=sk, pegawai=p, dari_unit=c.dinkes,
                           dari_jabatan=c.j_pelaksana, ke_unit=c.dishub,
                           ke_jabatan=c.j_pelaksana, urutan=i + 100 * n)
            for i, p in enumerate(orang)])
        with CaptureQueriesContext(connection) as q:
            r = bkd.get(url)
        assert r.status_code == 200
        return len(q), r.context["ev"].jumlah_pindah

    satu = hitung(1)
    banyak = hitung(40)
    assert (satu[1], banyak[1]) == (1, 41)
    assert satu[0] == banyak[0] <= 30, (satu, banyak)


def test_edit_actions_and_requests(bkd, abkdata):  # noqa: F811
    c = abkdata
    sk = layanan.skenario_buat(nama="Manual", periode=c.periode, aktor=c.u_bkd)
    url = reverse("mutasi:perencana_pindah_tambah", args=[sk.pk])
    bkd.post(url, {"nip": c.pegawai.nip, "ke_unit": c.dishub.pk, "ke_jabatan": c.j_pelaksana.pk})
    r = bkd.post(url, {"nip": c.pegawai.nip, "ke_unit": c.bkd_unit.pk,
                       "ke_jabatan": c.j_pelaksana.pk}, follow=True)
    assert "sudah dipindahkan dalam skenario ini" in r.content.decode()
    bkd.post(url, {"nip": c.dihukum.nip, "ke_unit": c.dishub.pk,
                   "ke_jabatan": c.j_pelaksana.pk})
    m1, m2 = sk.pindah.order_by("urutan")
    r = bkd.post(reverse("mutasi:perencana_pindah_ganti", args=[sk.pk, m2.pk]),
                 {"nip": c.pegawai.nip}, follow=True)
    assert "sudah dipindahkan" in r.content.decode()
    r = bkd.post(reverse("mutasi:perencana_permohonan", args=[sk.pk]), {"semua": "1"},
                 follow=True)
    assert "Tidak ada permohonan yang dibuat" in r.content.decode()
    assert not PermohonanMutasi.objects.exists()
    bkd.post(reverse("mutasi:perencana_pindah_ganti", args=[sk.pk, m2.pk]), {"nip": c.dua.nip})
    r = bkd.post(reverse("mutasi:perencana_permohonan", args=[sk.pk]),
                 {"pindah": [m1.pk, m2.pk]}, follow=True)
    assert "2 draf permohonan" in r.content.decode()
    assert PermohonanMutasi.objects.count() == 2
    r = bkd.post(reverse("mutasi:perencana_pindah_hapus", args=[sk.pk, m1.pk]), follow=True)
    assert "sudah menjadi permohonan" in r.content.decode()


def test_compare_two_scenarios_and_today(bkd, abkdata):  # noqa: F811
    c = abkdata
    a = layanan.skenario_buat(nama="A", periode=c.periode, aktor=c.u_bkd)
    b = layanan.skenario_buat(nama="B", periode=c.periode, aktor=c.u_bkd)
    layanan.skenario_tambah_pindah(skenario=b, pegawai=c.pegawai, ke_unit=c.dishub,
                                   ke_jabatan=c.j_pelaksana)
    r = bkd.get(reverse("mutasi:perencana_banding"), {"a": a.pk, "b": b.pk})
    assert r.status_code == 200
    h = r.context["hasil"]
    assert h["hari_ini"].ketidakseimbangan == 5
    assert h["a"].indeks_sesudah.ketidakseimbangan == 5
    assert h["b"].indeks_sesudah.ketidakseimbangan == 3
    assert bkd.get(reverse("mutasi:perencana_banding"), {"a": "x", "b": b.pk}).status_code == 404


@pytest.mark.parametrize("user", ["u_pegawai", "u_kepala_asal"])
def test_not_for_non_bkd(client, abkdata, user):  # noqa: F811
    sk = layanan.skenario_buat(nama="A", periode=abkdata.periode, aktor=abkdata.u_bkd)
    client.force_login(getattr(abkdata, user))
    assert client.post(reverse("mutasi:perencana"), {"periode": 2026}).status_code == 403
    assert client.post(reverse("mutasi:perencana_permohonan", args=[sk.pk]),
                       {"semua": "1"}).status_code == 403
    assert not RencanaMutasi.objects.exists()
