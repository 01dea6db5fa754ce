"""Rencana redistribusi: the pure planner, and BKD's page built on the real snapshot."""

import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from bebankerja import hitung, services
from bebankerja.redistribusi import (
    BarisSelisih,
    Saran,
    opd_dari_path,
    rencana_redistribusi,
)
from pegawai.access import GRUP_BKD
from pegawai.tests.factories import PegawaiFactory, UnitFactory, UserFactory

# --- the planner -------------------------------------------------------------------------


def test_greedy_pairs_largest_surplus_with_largest_deficit_ties_by_unit_id():
    # one jabatan, one OPD: A +3, B +1, C −2, D −2
    rows = [(1, 9, "j", 3), (2, 9, "j", 1), (3, 9, "j", -2), (4, 9, "j", -2)]
    r = rencana_redistribusi(rows)
    assert r.saran == [
        Saran("j", 1, 3, 2, True),  # A (3) with C (2, smaller id than D)
        Saran("j", 1, 4, 1, True),  # A and B both +1 now: A has the smaller id
        Saran("j", 2, 4, 1, True),
    ]
    s = r.per_jabatan["j"]
    assert (s.kelebihan, s.kekurangan, s.dipindah, s.kekurangan_sisa, s.kelebihan_sisa) == (
        4, 4, 4, 0, 0)


def test_moves_inside_one_opd_come_before_larger_moves_across_opds():
    # OPD 10: unit 1 +1, unit 2 −1. OPD 20: unit 3 +5. The big surplus of unit 3 would be
    # picked first by size alone; unit 2 is served from its own OPD instead.
    rows = [(1, 10, 7, 1), (2, 10, 7, -1), (3, 20, 7, 5), (4, 30, 7, -2)]
    r = rencana_redistribusi(rows)
    assert r.saran == [Saran(7, 1, 2, 1, True), Saran(7, 3, 4, 2, False)]
    assert (r.total_kekurangan, r.total_dipindah, r.kekurangan_sisa, r.kelebihan_sisa) == (
        3, 3, 0, 3)


def test_jabatan_are_never_mixed_and_a_lone_deficit_stays_uncovered():
    rows = [BarisSelisih(1, 10, 1, 2), BarisSelisih(2, 20, 2, -3), BarisSelisih(3, 20, 1, -1)]
    r = rencana_redistribusi(rows)
    assert r.saran == [Saran(1, 1, 3, 1, False)]
    assert r.per_jabatan[2].kekurangan_sisa == 3
    assert (r.total_kekurangan, r.total_dipindah, r.kekurangan_sisa) == (4, 1, 3)


def test_the_pemda_root_has_no_opd_and_only_moves_across():
    rows = [(1, None, 1, 1), (2, None, 1, -1)]
    assert rencana_redistribusi(rows).saran == [Saran(1, 1, 2, 1, False)]


def test_nothing_to_plan():
    r = rencana_redistribusi([])
    assert (r.saran, r.total_kekurangan, r.total_dipindah) == ([], 0, 0)


def test_opd_of_a_path_is_its_depth_1_ancestor():
    assert opd_dari_path("000001/") is None
    assert opd_dari_path("000001/000007/") == 7
    assert opd_dari_path("000001/000007/000042/") == 7


# Units 0..11; the OPD is fixed per unit (unit 0 is the Pemda root, without an OPD).
def _opd(unit_id):
    return None if unit_id == 0 else unit_id % 3


baris_st = st.lists(
    st.tuples(st.integers(0, 11), st.sampled_from([1, 2, 3]), st.integers(-6, 6)),
    max_size=30,
).map(lambda xs: [BarisSelisih(u, _opd(u), j, s) for u, j, s in xs])


def _net(rows):
    net = defaultdict(int)
    for u, _o, j, s in rows:
        net[(j, u)] += s
    return net


@given(baris_st)
def test_plan_never_takes_more_than_a_surplus_nor_gives_more_than_a_deficit(rows):
    net = _net(rows)
    keluar, masuk = defaultdict(int), defaultdict(int)
    for s in rencana_redistribusi(rows).saran:
        assert s.jumlah >= 1
        assert s.dari_unit_id != s.ke_unit_id
        keluar[(s.jabatan_id, s.dari_unit_id)] += s.jumlah
        masuk[(s.jabatan_id, s.ke_unit_id)] += s.jumlah
    for key, n in keluar.items():
        assert n <= net[key]
    for key, n in masuk.items():
        assert n <= -net[key]


@given(baris_st)
def test_plan_moves_min_of_surplus_and_deficit_per_jabatan(rows):
    net = _net(rows)
    r = rencana_redistribusi(rows)
    moved = defaultdict(int)
    for s in r.saran:
        moved[s.jabatan_id] += s.jumlah
    for j in {j for j, _u in net}:
        lebih = sum(n for (jj, _u), n in net.items() if jj == j and n > 0)
        kurang = sum(-n for (jj, _u), n in net.items() if jj == j and n < 0)
        ring = r.per_jabatan[j]
        assert (ring.kelebihan, ring.kekurangan) == (lebih, kurang)
        assert ring.dipindah == moved[j] == min(lebih, kurang)
    assert r.kekurangan_sisa == r.total_kekurangan - r.total_dipindah >= 0


@given(baris_st)
def test_same_opd_pairs_are_exhausted_before_any_cross_opd_move(rows):
    net = _net(rows)
    r = rencana_redistribusi(rows)
    dalam = defaultdict(int)
    for s in r.saran:
        assert s.sama_opd == (_opd(s.dari_unit_id) is not None
                              and _opd(s.dari_unit_id) == _opd(s.ke_unit_id))
        if s.sama_opd:
            dalam[(s.jabatan_id, _opd(s.dari_unit_id))] += s.jumlah
    per_opd = defaultdict(lambda: [0, 0])
    for (j, u), n in net.items():
        if _opd(u) is not None:
            per_opd[(j, _opd(u))][0] += max(n, 0)
            per_opd[(j, _opd(u))][1] += max(-n, 0)
    for key, (lebih, kurang) in per_opd.items():
        assert dalam[key] == min(lebih, kurang), key
    # Same-OPD suggestions come first within each jabatan.
    for j in r.per_jabatan:
        flags = [s.sama_opd for s in r.saran if s.jabatan_id == j]
        assert flags == sorted(flags, reverse=True)


@given(baris_st, st.randoms(use_true_random=False))
def test_plan_does_not_depend_on_the_order_of_rows(rows, rnd):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert rencana_redistribusi(shuffled) == rencana_redistribusi(rows)


# --- the page ----------------------------------------------------------------------------


@pytest.fixture
def bkd_user(db):
    user = UserFactory(username="bkd_redistribusi")
    user.groups.add(Group.objects.get_or_create(name=GRUP_BKD)[0])
    return user


@pytest.fixture
def snapshot(contoh):
    """The worked example, recomputed. Selisih after the recompute:

    Pengelola Layanan Kesehatan: Dinas Kesehatan −1, Puskesmas Contoh +1 (same OPD);
    Pengadministrasi Umum: Dinas Kesehatan +2, Dinas Perhubungan +1, Kecamatan Contoh −1.
    """
    hitung.balance_recompute()
    return contoh


URL = "bebankerja:redistribusi"


def _pairs(rows):
    return [(b.jabatan_nama, b.dari.nama, b.ke.nama, b.jumlah, b.sama_opd) for b in rows]


def test_bkd_sees_the_plan_with_its_figures_and_links(client, snapshot, bkd_user):
    c = snapshot
    client.force_login(bkd_user)
    r = client.get(reverse(URL))
    assert r.status_code == 200
    assert _pairs(r.context["page"].object_list) == [
        ("Pengadministrasi Umum", "Dinas Kesehatan", "Kecamatan Contoh", 1, False),
        ("Pengelola Layanan Kesehatan", "Puskesmas Contoh", "Dinas Kesehatan", 1, True),
    ]
    rencana = r.context["rencana"]
    assert (rencana.total_kekurangan, rencana.total_dipindah, rencana.kekurangan_sisa,
            rencana.kelebihan_sisa) == (2, 2, 0, 2)
    html = r.content.decode()
    assert 'data-testid="total-kekurangan">2<' in html
    assert "dalam OPD yang sama" in html
    assert f'{reverse("bebankerja:unit_peta", args=[c.puskesmas.pk])}?periode=2026' in html
    assert f'{reverse("bebankerja:unit_peta", args=[c.kecamatan.pk])}?periode=2026' in html
    assert reverse("bebankerja:unit_jabatan_pegawai", args=[c.puskesmas.pk, c.plk.pk]) in html
    assert reverse("bebankerja:unit_jabatan_pegawai", args=[c.dinkes.pk, c.pu.pk]) in html
    assert reverse("mutasi:buat_organisasi") in html
    assert "Periode 2026" in html and "angka dihitung" in html
    # The OPD of each side is shown: the kecamatan is its own OPD.
    row = r.context["page"].object_list[0]
    assert (row.dari.opd_nama, row.ke.opd_nama) == ("Dinas Kesehatan", "Kecamatan Contoh")


def test_a_deficit_without_a_matching_surplus_is_left_uncovered(client, snapshot, bkd_user):
    c = snapshot
    # A second Dinas Kesehatan deficit of Pengelola Layanan Kesehatan: no surplus left for it.
    services.tugas_bulk_replace(aktor=None, periode=c.periode, unit=c.dishub, jabatan=c.plk, rows=[
        {"uraian": "Layanan", "satuan_hasil": "berkas", "volume": Decimal(1500),
         "norma_waktu": Decimal(50)}])
    hitung.balance_recompute()
    client.force_login(bkd_user)
    r = client.get(reverse(URL))
    rencana = r.context["rencana"]
    assert (rencana.total_kekurangan, rencana.total_dipindah, rencana.kekurangan_sisa) == (
        3, 2, 1)
    # The uncovered deficit is listed per jabatan under the plan, for new formations.
    sisa = r.context["sisa_per_jabatan"]
    assert [(nama, x.kekurangan, x.dipindah, x.kekurangan_sisa) for nama, x in sisa] == [
        ("Pengelola Layanan Kesehatan", 2, 1, 1)]
    assert r.context["sisa_lainnya"] == 0
    assert 'data-testid="sisa-per-jabatan"' in r.content.decode()


def test_the_uncovered_list_is_absent_when_the_plan_covers_everything(
        client, snapshot, bkd_user):
    client.force_login(bkd_user)
    r = client.get(reverse(URL))
    assert r.context["rencana"].kekurangan_sisa == 0
    assert r.context["sisa_per_jabatan"] == []
    assert 'data-testid="sisa-per-jabatan"' not in r.content.decode()


@pytest.mark.parametrize("params, expected", [
    ({"sama_opd": "on"}, [("Pengelola Layanan Kesehatan", "Puskesmas Contoh")]),
    ({"opd": "kecamatan"}, [("Pengadministrasi Umum", "Dinas Kesehatan")]),
    ({"opd": "dinkes"}, [("Pengadministrasi Umum", "Dinas Kesehatan"),
                         ("Pengelola Layanan Kesehatan", "Puskesmas Contoh")]),
    ({"opd": "dishub"}, []),
    ({"jabatan": "plk"}, [("Pengelola Layanan Kesehatan", "Puskesmas Contoh")]),
])
def test_filters_narrow_the_table_but_not_the_header(client, snapshot, bkd_user, params,
                                                     expected):
    query = {k: (getattr(snapshot, v).pk if k in ("opd", "jabatan") else v)
             for k, v in params.items()}
    client.force_login(bkd_user)
    r = client.get(reverse(URL), query)
    assert not r.context["form"].errors
    assert [(b.jabatan_nama, b.dari.nama) for b in r.context["page"].object_list] == expected
    assert r.context["rencana"].total_dipindah == 2


@pytest.mark.parametrize("urut, expected, aria", [
    ("ke", ["Dinas Kesehatan", "Kecamatan Contoh"], "naik"),
    ("-ke", ["Kecamatan Contoh", "Dinas Kesehatan"], "turun"),
    ("-jabatan", ["Dinas Kesehatan", "Kecamatan Contoh"], "turun"),
])
def test_sort_by_destination_unit_or_jabatan(client, snapshot, bkd_user, urut, expected, aria):
    client.force_login(bkd_user)
    r = client.get(reverse(URL), {"urut": urut})
    assert [b.ke.nama for b in r.context["page"].object_list] == expected
    # The sorted column says so to screen readers (aria-sort is not allowed on a link).
    assert f"(diurutkan {aria})" in r.content.decode()


def test_an_unknown_filter_value_shows_an_error_and_no_rows(client, snapshot, bkd_user):
    client.force_login(bkd_user)
    r = client.get(reverse(URL), {"opd": "999999"})
    assert r.context["form"].errors
    assert list(r.context["page"].object_list) == []
    assert "Saringan tidak valid" in r.content.decode()


def test_export_holds_the_filtered_rows(client, snapshot, bkd_user):
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:redistribusi_ekspor"), {"sama_opd": "on"})
    assert r.status_code == 200
    assert r["Content-Disposition"].startswith('attachment; filename="rencana-redistribusi-2026-')
    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb["Rencana redistribusi"].iter_rows(values_only=True))
    assert rows == [
        ("Jabatan", "Dari unit", "OPD asal", "Ke unit", "OPD tujuan", "Jumlah",
         "Dalam OPD yang sama"),
        ("Pengelola Layanan Kesehatan", "Puskesmas Contoh", "Dinas Kesehatan",
         "Dinas Kesehatan", "Dinas Kesehatan", 1, "Ya"),
    ]
    per_jabatan = list(wb["Per jabatan"].iter_rows(values_only=True))
    assert per_jabatan[1:] == [("Pengadministrasi Umum", 3, 1, 1, 0, 2),
                               ("Pengelola Layanan Kesehatan", 1, 1, 1, 0, 0)]


def test_export_cells_are_neutralised(client, snapshot, bkd_user):
    snapshot.pu.nama = "=HYPERLINK(\"http://x\")"
    snapshot.pu.save()
    client.force_login(bkd_user)
    r = client.get(reverse("bebankerja:redistribusi_ekspor"), {"jabatan": snapshot.pu.pk})
    ws = load_workbook(io.BytesIO(r.content))["Rencana redistribusi"]
    assert ws.cell(2, 1).value == "'=HYPERLINK(\"http://x\")"


def test_print_view_lists_every_filtered_row(client, snapshot, bkd_user):
    client.force_login(bkd_user)
    r = client.get(reverse(URL), {"cetak": "1", "opd": snapshot.kecamatan.pk})
    assert r.status_code == 200
    assert _pairs(r.context["baris"]) == [
        ("Pengadministrasi Umum", "Dinas Kesehatan", "Kecamatan Contoh", 1, False)]
    assert "data-cetak" in r.content.decode()  # the print button (static/js/app.js)


def test_another_periode_is_planned_from_its_own_snapshot(client, snapshot, bkd_user):
    """?periode=YYYY, as on every ABK page: 2025 has no tasks, so nothing is short there;
    the filters, the export and the reset link keep the periode."""
    from bebankerja.models import PeriodeAbk

    lama = PeriodeAbk.objects.create(tahun=2025, aktif=False)
    hitung.balance_recompute(periode=lama)
    client.force_login(bkd_user)
    r = client.get(reverse(URL), {"periode": "2025"})
    assert r.status_code == 200
    assert r.context["periode"] == lama
    assert r.context["rencana"].total_kekurangan == 0
    html = r.content.decode()
    assert 'data-testid="kosong-rencana"' in html
    assert 'id="pilih-periode"' in html and '<option value="2025" selected>' in html
    # The active periode is still the default, with its plan.
    r = client.get(reverse(URL))
    assert r.context["periode"] == snapshot.periode
    assert r.context["rencana"].total_kekurangan == 2
    # Filters and the reset link carry the periode; so does the export.
    r = client.get(reverse(URL), {"periode": "2026", "sama_opd": "on"})
    html = r.content.decode()
    assert '<input type="hidden" name="periode" value="2026">' in html
    assert f'{reverse(URL)}?periode=2026">' in html
    e = client.get(reverse("bebankerja:redistribusi_ekspor"), {"periode": "2025"})
    assert e.status_code == 200
    assert 'filename="rencana-redistribusi-2025-' in e["Content-Disposition"]


@pytest.mark.parametrize("tahun", ["1999", "abc", "2026x"])
def test_an_unknown_periode_is_not_found(client, snapshot, bkd_user, tahun):
    client.force_login(bkd_user)
    assert client.get(reverse(URL), {"periode": tahun}).status_code == 404
    assert client.get(reverse("bebankerja:redistribusi_ekspor"),
                      {"periode": tahun}).status_code == 404


def test_page_without_an_active_periode_says_so(client, bkd_user):
    client.force_login(bkd_user)
    r = client.get(reverse(URL))
    assert r.status_code == 200
    assert 'data-testid="kosong-periode"' in r.content.decode()
    assert client.get(reverse("bebankerja:redistribusi_ekspor")).status_code == 404


def test_page_when_no_jabatan_has_both_a_surplus_and_a_deficit(client, contoh, bkd_user):
    # Left over: Dinas Kesehatan short of one PLK, Dinas Perhubungan one PU too many.
    for p in [*contoh.pu_dinkes[1:], contoh.plk_puskesmas]:
        p.aktif = False
        p.save()
    PegawaiFactory(unit=contoh.kecamatan, jabatan=contoh.pu)
    hitung.balance_recompute()
    client.force_login(bkd_user)
    r = client.get(reverse(URL))
    html = r.content.decode()
    rencana = r.context["rencana"]
    assert rencana.saran == []
    assert (rencana.total_kekurangan, rencana.kekurangan_sisa, rencana.kelebihan_sisa) == (
        1, 1, 1)
    assert 'data-testid="kosong-rencana"' in html


@pytest.mark.parametrize("user", ["u_pegawai", "u_kepala_asal", "u_kepala_tujuan"])
def test_only_bkd_may_open_the_plan(client, cast, user):
    client.force_login(getattr(cast, user))
    assert client.get(reverse(URL)).status_code == 403
    assert client.get(reverse("bebankerja:redistribusi_ekspor")).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    for name in [URL, "bebankerja:redistribusi_ekspor"]:
        r = client.get(reverse(name))
        assert r.status_code == 302
        assert reverse("login") in r["Location"]


def _grow(contoh, n):
    """n more surplus units (one PU in post, no tasks) and n deficit units (tasks, nobody)."""
    for i in range(n):
        lebih = UnitFactory(kode=f"L{i:03d}", nama=f"Bidang lebih {i}", induk=contoh.dishub)
        PegawaiFactory(unit=lebih, jabatan=contoh.pu)
        kurang = UnitFactory(kode=f"K{i:03d}", nama=f"Seksi kurang {i}",
                             induk=contoh.kecamatan if i % 2 else contoh.dinkes)
        services.tugas_bulk_replace(periode=contoh.periode, unit=kurang, jabatan=contoh.pu,
                                    rows=[{"uraian": "Surat", "satuan_hasil": "surat",
                                           "volume": Decimal(7500), "norma_waktu": Decimal(10)}],
                                    aktor=None)
    hitung.balance_recompute()


@pytest.mark.parametrize("extra", [0, 30])
def test_query_count_is_constant(client, contoh, bkd_user, extra,
                                 django_assert_max_num_queries):
    _grow(contoh, extra)
    client.force_login(bkd_user)
    # 5 of the page (periode, the periode selector's list, snapshot rows, OPD names,
    # dihitung) + 8 of every page: session read and save (3 with its savepoint), user, BKD
    # group, linked employee, nav badge
    with django_assert_max_num_queries(13):
        r = client.get(reverse(URL), {"urut": "-jumlah"})
    assert r.status_code == 200
    assert r.context["rencana"].total_dipindah == 2 + extra
    with django_assert_max_num_queries(12):
        r = client.get(reverse("bebankerja:redistribusi_ekspor"))
    assert r.status_code == 200


def test_the_new_page_is_in_bkds_beban_kerja_menu(client, snapshot, bkd_user):
    client.force_login(bkd_user)
    html = client.get(reverse(URL)).content.decode()
    assert (f'class="dropdown-item active" aria-current="page" '
            f'href="{reverse(URL)}">Rencana redistribusi</a>') in html
