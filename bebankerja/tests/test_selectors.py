"""Selectors the dashboard reads: scoped unit rows, peta jabatan, totals, the index."""

from decimal import Decimal

import pytest

from bebankerja import hitung, selectors
from bebankerja.models import PeriodeAbk
from pegawai.tests.factories import PegawaiFactory, UnitFactory


@pytest.fixture
def snapshot_cast(cast):
    """The fixed cast's units, computed (no tasks: every person is a surplus)."""
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    hitung.balance_recompute()
    return periode


def _units(user, periode, **filters):
    return {r.unit.kode for r in selectors.snapshot_units(user=user, periode=periode,
                                                          filters=filters)}


def test_bkd_sees_every_unit(cast, snapshot_cast):
    assert _units(cast.u_bkd, snapshot_cast) == {"DINKES", "PKM1", "DISHUB", "BKD"}


def test_a_unit_head_sees_their_subtree_only(cast, snapshot_cast):
    assert _units(cast.u_kepala_asal, snapshot_cast) == {"DINKES", "PKM1"}
    assert _units(cast.u_kapus, snapshot_cast) == {"PKM1"}


def test_an_employee_who_heads_nothing_sees_no_unit(cast, snapshot_cast):
    assert _units(cast.u_pegawai, snapshot_cast) == set()


def test_filters_by_opd_kind_grade_and_surplus(cast, snapshot_cast):
    bkd = cast.u_bkd
    assert _units(bkd, snapshot_cast, opd=cast.dinkes.pk) == {"DINKES", "PKM1"}
    assert _units(bkd, snapshot_cast, jenis="puskesmas") == {"PKM1"}
    assert _units(bkd, snapshot_cast, grade="E") == {"DINKES", "PKM1", "DISHUB", "BKD"}
    assert _units(bkd, snapshot_cast, status="kelebihan") == {"DINKES", "PKM1", "DISHUB", "BKD"}
    assert _units(bkd, snapshot_cast, status="kekurangan") == set()


@pytest.mark.parametrize("extra", [1, 25])
def test_the_unit_table_runs_a_constant_number_of_queries(
    cast, extra, django_assert_max_num_queries
):
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    for _ in range(extra):
        PegawaiFactory(unit=UnitFactory(induk=cast.dinkes), jabatan=cast.j_pelaksana)
    hitung.balance_recompute()

    for user in (cast.u_bkd, cast.u_kepala_asal):
        with django_assert_max_num_queries(4):  # role lookups + one select
            rows = [(r.unit.nama, r.opd.nama) for r in
                    selectors.snapshot_units(user=user, periode=periode)]
        assert len(rows) >= extra


def test_peta_jabatan_is_one_query_with_jabatan_and_figures(contoh, django_assert_num_queries):
    hitung.balance_recompute()

    with django_assert_num_queries(1):
        rows = [(r.jabatan.nama, r.jabatan.kelas, r.kebutuhan, r.bezetting, r.selisih, r.ej,
                 r.grade) for r in selectors.peta_jabatan(unit=contoh.dinkes,
                                                          periode=contoh.periode)]

    assert rows == [
        ("Pengelola Layanan Kesehatan", 7, 2, 1, -1, Decimal("1.9872"), "A"),
        ("Pengadministrasi Umum", 5, 1, 3, 2, Decimal("0.2667"), "E"),
    ]


def test_rekap_of_an_opd_sums_its_units_and_grades_the_sum(contoh, django_assert_num_queries):
    hitung.balance_recompute()
    qs = selectors.snapshot_units(user=_bkd_user(), periode=contoh.periode,
                                  filters={"opd": contoh.dinkes.pk})

    with django_assert_num_queries(1):
        total = selectors.rekap(qs, periode=contoh.periode)

    # Dinas Kesehatan (209,040 min, need 3, 4 in post) + its puskesmas (0, 0, 1).
    assert (total["kebutuhan"], total["bezetting"], total["selisih"]) == (3, 5, 2)
    assert (total["kelebihan"], total["kekurangan"]) == (3, 1)
    assert (total["eu"], total["grade"]) == (Decimal("0.5574"), "D")
    assert total["dihitung"] is not None


def test_the_index_selectors_give_the_latest_and_the_history_oldest_first(
    contoh, django_capture_on_commit_callbacks
):
    hitung.balance_recompute()
    pindah = contoh.pu_dinkes[0]
    pindah.unit = contoh.kecamatan
    pindah.save()
    with django_capture_on_commit_callbacks(execute=True):
        hitung.balance_recompute(unit_ids=[contoh.dinkes.pk, contoh.kecamatan.pk])

    riwayat = selectors.indeks_riwayat(periode=contoh.periode)
    terkini = selectors.indeks_terkini(periode=contoh.periode)

    assert len(riwayat) == 2
    assert riwayat[-1] == terkini
    assert riwayat[0].dihitung < terkini.dihitung
    assert riwayat[0].ketidakseimbangan > terkini.ketidakseimbangan


def test_the_index_is_none_before_the_first_recompute(periode):
    assert selectors.indeks_terkini(periode=periode) is None
    assert selectors.indeks_riwayat(periode=periode) == []


def _bkd_user():
    from pegawai.tests.factories import UserFactory

    return UserFactory(username="super_abk", is_superuser=True, is_staff=True)
