"""The balance dashboard and its drill-down, through the pages a user opens."""

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from bebankerja import hitung
from pegawai.access import GRUP_BKD
from pegawai.models import JenisJabatan
from pegawai.tests.factories import JabatanFactory, PegawaiFactory, UnitFactory, UserFactory


@pytest.fixture
def bkd_user(db):
    user = UserFactory(username="bkd_dasbor")
    user.groups.add(Group.objects.get_or_create(name=GRUP_BKD)[0])
    return user


@pytest.fixture
def kadinkes(contoh):
    """The head of the worked example's Dinas Kesehatan (head position held by a new person)."""
    j = JabatanFactory(kode="KADIS26", nama="Kepala Dinas", jenis=JenisJabatan.JPT_PRATAMA,
                       kelas=14)
    contoh.dinkes.jabatan_kepala = j
    contoh.dinkes.save()
    user = UserFactory(username="kadinkes26")
    PegawaiFactory(unit=contoh.dinkes, jabatan=j, user=user)
    return user


def test_dashboard_shows_the_worked_example_to_the_decimal(client, contoh, bkd_user):
    hitung.balance_recompute()
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:unit_peta", args=[contoh.dinkes.pk]))
    html = r.content.decode()
    assert r.status_code == 200
    peta = {row.jabatan.nama: row for row in r.context["peta"]}
    plk, pu = peta["Pengelola Layanan Kesehatan"], peta["Pengadministrasi Umum"]
    assert (str(plk.kebutuhan_exact), plk.kebutuhan, plk.bezetting, plk.selisih, str(plk.ej),
            plk.grade) == ("1.9872", 2, 1, -1, "1.9872", "A")
    assert (str(pu.kebutuhan_exact), pu.kebutuhan, pu.bezetting, pu.selisih, str(pu.ej),
            pu.grade) == ("0.8000", 1, 3, 2, "0.2667", "E")
    # The page speaks Indonesian: decimal comma.
    for figure in ["1,9872", "0,2667", "0,8000", "0,6968"]:
        assert figure in html
    snap = r.context["snap"]
    assert (snap.kebutuhan, snap.bezetting, snap.selisih, str(snap.eu), snap.grade) == (
        3, 4, 1, "0.6968", "D")


def test_moving_one_pengadministrasi_out_shows_eu_0_9291_b(client, contoh, bkd_user):
    pindah = contoh.pu_dinkes[0]
    pindah.unit = contoh.dishub
    pindah.save()
    hitung.balance_recompute()
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:unit_peta", args=[contoh.dinkes.pk]))
    snap = r.context["snap"]
    assert (str(snap.eu), snap.grade, snap.selisih) == ("0.9291", "B", 0)
    pu = {row.jabatan.nama: row for row in r.context["peta"]}["Pengadministrasi Umum"]
    assert (pu.bezetting, pu.selisih, str(pu.ej), pu.grade) == (2, 1, "0.4000", "E")


def test_dashboard_lists_units_with_index_and_charts(client, contoh, bkd_user):
    hitung.balance_recompute()
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:dasbor"))
    assert r.status_code == 200
    assert r.context["indeks"] is not None
    names = [row.unit.nama for row in r.context["page"].object_list]
    assert "Dinas Kesehatan" in names and "Dinas Perhubungan" in names
    assert sum(r.context["chart_grade"]["jumlah"]) == r.context["page"].paginator.count
    assert "chart-gap" in r.content.decode()


def test_filter_only_deficit_units(client, contoh, bkd_user):
    hitung.balance_recompute()
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:dasbor"), {"status": "kekurangan"})
    rows = r.context["page"].object_list
    assert rows and all(row.selisih < 0 for row in rows)


def test_sort_by_gap_descending_and_ascending(client, contoh, bkd_user):
    hitung.balance_recompute()
    client.force_login(bkd_user)

    def gaps(urut):
        r = client.get(reverse("bebankerja:dasbor"), {"urut": urut})
        return [row.selisih for row in r.context["page"].object_list]

    turun, naik = gaps("-selisih"), gaps("selisih")
    # Distinct gaps, so one order cannot be both: an ignored sort fails one of the two.
    assert len(set(turun)) > 1
    assert turun == sorted(turun, reverse=True)
    assert naik == sorted(naik)


def test_unit_head_sees_only_their_subtree_and_no_pemda_index(client, contoh, kadinkes):
    hitung.balance_recompute()
    client.force_login(kadinkes)
    r = client.get(reverse("bebankerja:dasbor"))
    names = {row.unit.nama for row in r.context["page"].object_list}
    assert names == {"Dinas Kesehatan", "Puskesmas Contoh"}
    assert r.context["indeks"] is None
    assert client.get(reverse("bebankerja:unit_peta", args=[contoh.dishub.pk])).status_code \
        == 404


def test_export_of_the_units_table(client, contoh, bkd_user):
    hitung.balance_recompute()
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:dasbor_ekspor"), {"status": "kekurangan"})
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("Kode unit", "Unit kerja")
    assert all(row[7] < 0 for row in rows[1:])


def test_print_view_lists_every_filtered_unit(client, contoh, bkd_user):
    hitung.balance_recompute()
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:dasbor"), {"cetak": "1"})
    assert r.status_code == 200
    assert len(r.context["rows"]) == 4  # every unit with tasks or people


def test_drill_down_to_the_employees_in_post(client, contoh, bkd_user):
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:unit_jabatan_pegawai",
                           args=[contoh.dinkes.pk, contoh.pu.pk]))
    assert {p.pk for p in r.context["pegawai_list"]} == {p.pk for p in contoh.pu_dinkes}


def test_dashboard_without_periode_explains_what_to_do(client, bkd_user):
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:dasbor"))
    assert "Belum ada periode ABK" in r.content.decode()


def test_unknown_periode_is_404(client, contoh, bkd_user):
    client.force_login(bkd_user)
    assert client.get(reverse("bebankerja:dasbor"), {"periode": "1999"}).status_code == 404
    assert client.get(reverse("bebankerja:dasbor"), {"periode": "abc"}).status_code == 404


def _grow(contoh, n_units):
    for i in range(n_units):
        u = UnitFactory(kode=f"X{i:03d}", nama=f"Bidang {i}", induk=contoh.dinkes)
        PegawaiFactory(unit=u, jabatan=contoh.pu)
    hitung.balance_recompute()


@pytest.mark.parametrize("extra_units", [0, 30])
def test_dashboard_query_count_is_constant(client, contoh, bkd_user, extra_units,
                                           django_assert_max_num_queries):
    _grow(contoh, extra_units)
    client.force_login(bkd_user)
    # +1 for the nav's "Menunggu tindakan saya" badge (mutasi.context_processors: one COUNT)
    with django_assert_max_num_queries(19):
        r = client.get(reverse("bebankerja:dasbor"), {"urut": "-selisih"})
    assert r.status_code == 200


@pytest.mark.parametrize("extra_units", [0, 30])
def test_drill_down_query_count_is_constant(client, contoh, bkd_user, extra_units,
                                            django_assert_max_num_queries):
    _grow(contoh, extra_units)
    client.force_login(bkd_user)
    # +1 for the nav's "Menunggu tindakan saya" badge (mutasi.context_processors: one COUNT)
    # +1 for the count of the paginated sub-units
    with django_assert_max_num_queries(17):
        r = client.get(reverse("bebankerja:unit_peta", args=[contoh.dinkes.pk]))
    assert r.status_code == 200


def _post_rows(rows, extra=None):
    data = {"tugas-TOTAL_FORMS": str(len(rows)), "tugas-INITIAL_FORMS": "0",
            "tugas-MIN_NUM_FORMS": "0", "tugas-MAX_NUM_FORMS": "200"}
    for i, row in enumerate(rows):
        for k, v in row.items():
            data[f"tugas-{i}-{k}"] = v
    data.update(extra or {})
    return data


ROW = {"uraian": "Mengagendakan surat", "satuan_hasil": "surat", "volume": "6000",
       "periode_volume": "tahun", "norma_waktu": "5", "satuan_norma": "menit"}


def test_bkd_saves_tasks_and_figures_are_recomputed(client, contoh, bkd_user,
                                                    django_capture_on_commit_callbacks):
    client.force_login(bkd_user)
    url = reverse("bebankerja:abk_jabatan", args=[contoh.dishub.pk, contoh.pu.pk])
    jam = dict(ROW, uraian="Rapat koordinasi", volume="10", periode_volume="bulan",
               norma_waktu="2", satuan_norma="jam")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, _post_rows([ROW, jam]))
    assert r.status_code == 302
    from bebankerja.models import SnapshotJabatan, TugasJabatan

    beban = sorted(t.beban_menit for t in TugasJabatan.objects.filter(
        unit=contoh.dishub, jabatan=contoh.pu))
    assert [int(b) for b in beban] == [14400, 30000]  # 10/bulan × 2 jam = 14,400 min/tahun
    snap = SnapshotJabatan.objects.get(unit=contoh.dishub, jabatan=contoh.pu)
    assert snap.beban_menit == 44400


def test_a_bad_row_saves_nothing_and_says_which(client, contoh, bkd_user):
    from bebankerja.models import TugasJabatan

    before = list(TugasJabatan.objects.filter(unit=contoh.dinkes).values_list("id", flat=True))
    client.force_login(bkd_user)
    url = reverse("bebankerja:abk_jabatan", args=[contoh.dinkes.pk, contoh.pu.pk])
    r = client.post(url, _post_rows([ROW, dict(ROW, volume="-3")]))
    assert r.status_code == 200
    assert "table-danger" in r.content.decode()
    after = list(TugasJabatan.objects.filter(unit=contoh.dinkes).values_list("id", flat=True))
    assert before == after


def test_unit_head_reads_but_cannot_save_tasks(client, contoh, kadinkes):
    client.force_login(kadinkes)
    url = reverse("bebankerja:abk_jabatan", args=[contoh.dinkes.pk, contoh.pu.pk])
    r = client.get(url)
    assert r.status_code == 200
    assert "Mengarsipkan dokumen" in r.content.decode()
    assert client.post(url, _post_rows([ROW])).status_code == 403


def test_bkd_creates_a_periode_and_copies_last_years_tasks(client, contoh, bkd_user):
    from bebankerja.models import PeriodeAbk, TugasJabatan

    client.force_login(bkd_user)
    r = client.post(reverse("bebankerja:periode_daftar"), {
        "tahun": "2027", "wke_menit": "72000", "pembulatan": "half_up",
        "set_band": "permendagri"})
    assert r.status_code == 302
    assert PeriodeAbk.objects.get(tahun=2027).aktif is False  # 2026 stays the active one
    r = client.post(reverse("bebankerja:periode_salin", args=[2027]), {"dari": "2026"})
    assert r.status_code == 302
    assert TugasJabatan.objects.filter(periode__tahun=2027).count() == \
        TugasJabatan.objects.filter(periode__tahun=2026).count() == 7
    r = client.post(reverse("bebankerja:periode_salin", args=[2027]), {"dari": "2026"},
                    follow=True)
    assert "sudah berisi 7 tugas" in r.content.decode()
    client.post(reverse("bebankerja:periode_aktifkan", args=[2027]))
    assert PeriodeAbk.objects.get(aktif=True).tahun == 2027


def test_unit_head_cannot_manage_periodes(client, contoh, kadinkes):
    client.force_login(kadinkes)
    assert client.post(reverse("bebankerja:periode_aktifkan", args=[2026])).status_code == 403


def test_drill_down_pages_many_sub_units(client, contoh, bkd_user):
    _grow(contoh, 55)
    client.force_login(bkd_user)
    url = reverse("bebankerja:unit_peta", args=[contoh.dinkes.pk])
    r = client.get(url)
    assert r.context["anak"].paginator.count == 56  # 55 bidang + the puskesmas
    assert len(r.context["anak"].object_list) == 50
    r = client.get(url, {"halaman": 2})
    assert len(r.context["anak"].object_list) == 6
