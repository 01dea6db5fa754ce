"""Tests of the pure ABK arithmetic: the domain's worked example, boundaries, properties."""

import dataclasses
from decimal import Decimal, localcontext

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bebankerja.abk import (
    BANDS_KEMENTERIAN,
    BANDS_PERMENDAGRI,
    DEFAULT_SETTINGS,
    AbkSettings,
    Band,
    Pembulatan,
    Tugas,
    beban_tugas,
    grade_for,
    hitung_jabatan,
    hitung_jabatan_dari_beban,
    hitung_unit,
    round4,
    sum_ceil_tugas,
    wke_from_days,
)
from bebankerja.keseimbangan import BarisJabatan, indeks_pemda, rekap_unit, simulasi_pindah

D = Decimal

# Worked example of docs/domain.md: Dinas Kesehatan, periode 2026, WKE 75,000 minutes.
TUGAS_PLK = [Tugas(1200, 45), Tugas(48, 480), Tugas(2400, 30)]
TUGAS_PU = [Tugas(6000, 5), Tugas(3000, 10)]


def _settings(pembulatan):
    return AbkSettings(pembulatan=pembulatan)


def _example_rows():
    """The Pemda of docs/abk.md: Dinas Kesehatan plus one kecamatan."""
    return [
        BarisJabatan.dari_hasil("dinkes", "plk", hitung_jabatan(TUGAS_PLK, 1)),
        BarisJabatan.dari_hasil("dinkes", "pu", hitung_jabatan(TUGAS_PU, 3)),
        BarisJabatan("kecamatan", "pu", kebutuhan=2, bezetting=1, beban_menit=120000),
    ]


# --- the worked example ---------------------------------------------------------


def test_worked_example_pengelola_layanan_kesehatan():
    hasil = hitung_jabatan(TUGAS_PLK, bezetting=1)

    assert hasil.beban_menit == 149040
    assert round4(hasil.kebutuhan_exact) == D("1.9872")
    assert hasil.kebutuhan == 2
    assert hasil.bezetting == 1
    assert hasil.selisih == -1
    assert round4(hasil.ej) == D("1.9872")
    assert (hasil.grade, hasil.predikat) == ("A", "sangat baik")
    assert hasil.kosong is False


def test_worked_example_prints_the_need_of_each_task_like_the_paper_form():
    hasil = hitung_jabatan(TUGAS_PLK, bezetting=1)

    assert [t.beban_menit for t in hasil.per_tugas] == [54000, 23040, 72000]
    assert [t.kebutuhan_exact for t in hasil.per_tugas] == [
        D("0.72"),
        D("0.3072"),
        D("0.96"),
    ]
    assert sum(t.kebutuhan_exact for t in hasil.per_tugas) == hasil.kebutuhan_exact


def test_worked_example_pengadministrasi_umum():
    hasil = hitung_jabatan(TUGAS_PU, bezetting=3)

    assert hasil.beban_menit == 60000
    assert round4(hasil.kebutuhan_exact) == D("0.8000")
    assert hasil.kebutuhan == 1
    assert hasil.selisih == 2
    assert round4(hasil.ej) == D("0.2667")
    assert (hasil.grade, hasil.predikat) == ("E", "kurang")


def test_worked_example_unit_dinas_kesehatan():
    unit = hitung_unit([hitung_jabatan(TUGAS_PLK, 1), hitung_jabatan(TUGAS_PU, 3)])

    assert unit.beban_menit == 209040
    assert (unit.kebutuhan, unit.bezetting, unit.selisih) == (3, 4, 1)
    assert (unit.kelebihan, unit.kekurangan) == (2, 1)
    assert unit.eu == D("0.6968")
    assert (unit.grade, unit.predikat) == ("D", "sedang")


def test_worked_example_moving_one_pengadministrasi_umum_out():
    rows = _example_rows()[:2]
    after = simulasi_pindah(rows, dari=("dinkes", "pu"), ke=("setda", "pu"))
    pu = hitung_jabatan(TUGAS_PU, bezetting=2)
    unit = rekap_unit(after)["dinkes"]

    assert (pu.bezetting, pu.selisih, round4(pu.ej), pu.grade) == (
        2,
        1,
        D("0.4000"),
        "E",
    )
    assert unit.bezetting == 3
    assert unit.eu.quantize(D("1e-12")) == D("0.929066666667")  # 209,040 / 225,000
    assert (round4(unit.eu), unit.grade) == (D("0.9291"), "B")


def test_unit_from_rows_matches_unit_from_jabatan_results():
    from_results = hitung_unit([hitung_jabatan(TUGAS_PLK, 1), hitung_jabatan(TUGAS_PU, 3)])

    assert rekap_unit(_example_rows()[:2])["dinkes"] == from_results


# --- rounding -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exact", "half_up", "ceil"),
    [
        ("0", 0, 0),
        ("0.0001", 0, 1),
        ("0.49", 0, 1),
        ("0.5", 1, 1),
        ("1", 1, 1),
        ("1.0001", 1, 2),
        ("1.49", 1, 2),
        ("1.4999", 1, 2),
        ("1.50", 2, 2),
        ("2.5", 3, 3),
    ],
)
def test_jabatan_total_rounds_half_up_or_up(exact, half_up, ceil):
    beban = D(exact) * 75000

    rounded = hitung_jabatan_dari_beban(beban, 1)
    ceiled = hitung_jabatan_dari_beban(beban, 1, _settings(Pembulatan.CEIL_JABATAN))

    assert rounded.kebutuhan_exact == D(exact)
    assert (rounded.kebutuhan, ceiled.kebutuhan) == (half_up, ceil)


@pytest.mark.parametrize(("exact", "floor"), [
    ("0", 0), ("0.9999", 0), ("1", 1), ("1.49", 1), ("1.5", 1), ("1.99", 1), ("2", 2),
])
def test_jabatan_total_rounds_down_when_the_pemda_says_so(exact, floor):
    hasil = hitung_jabatan_dari_beban(D(exact) * 75000, 1, _settings(Pembulatan.FLOOR_JABATAN))
    assert (hasil.kebutuhan_exact, hasil.kebutuhan) == (D(exact), floor)


def test_half_up_is_exact_just_below_one_half_with_many_digits():
    beban = D("37499.99999999999999999999999999999999999999999")  # 0.4999... x WKE

    assert hitung_jabatan_dari_beban(beban, 1).kebutuhan == 0


def test_ceil_tugas_takes_the_ceiling_of_each_task_then_sums():
    settings = _settings("ceil_tugas")

    assert hitung_jabatan(TUGAS_PLK, 1, settings).kebutuhan == 3
    assert hitung_jabatan(TUGAS_PU, 3, settings).kebutuhan == 2
    assert sum_ceil_tugas(TUGAS_PLK, settings) == 3


def test_aggregated_ceil_tugas_needs_the_per_task_ceiling_sum():
    settings = _settings(Pembulatan.CEIL_TUGAS)

    with pytest.raises(ValueError, match="kebutuhan_tugas_ceil_sum"):
        hitung_jabatan_dari_beban(149040, 1, settings)
    hasil = hitung_jabatan_dari_beban(149040, 1, settings, kebutuhan_tugas_ceil_sum=3)
    assert (hasil.kebutuhan, hasil.selisih) == (3, -2)


def test_ej_uses_the_exact_need_not_the_rounded_one():
    hasil = hitung_jabatan(TUGAS_PLK, 2, _settings("ceil_jabatan"))

    assert hasil.kebutuhan == 2
    assert hasil.ej == D("0.9936")
    assert hasil.grade == "B"


def test_empty_post_has_no_ej_and_is_flagged():
    hasil = hitung_jabatan(TUGAS_PLK, 0)

    assert hasil.kosong is True
    assert (hasil.ej, hasil.grade, hasil.predikat) == (None, None, None)
    assert (hasil.kebutuhan, hasil.selisih) == (2, -2)
    assert hitung_unit([hasil]).eu is None


def test_results_do_not_depend_on_the_callers_decimal_context():
    expected = hitung_jabatan(TUGAS_PU, 3)
    with localcontext() as ctx:
        ctx.prec = 3
        assert hitung_jabatan(TUGAS_PU, 3) == expected


# --- grade bands ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("1.0001", "A"),
        ("1.00", "B"),
        ("0.95", "B"),
        ("0.90", "B"),
        ("0.8999", "C"),
        ("0.70", "C"),
        ("0.6999", "D"),
        ("0.50", "D"),
        ("0.4999", "E"),
        ("0", "E"),
    ],
)
def test_permendagri_band_boundaries(value, grade):
    assert grade_for(D(value)) == grade
    assert grade_for(D(value), BANDS_PERMENDAGRI) == grade


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("1.0001", "A"),
        ("1.00", "B"),
        ("0.81", "B"),
        ("0.8001", "B"),
        ("0.80", "C"),
        ("0.66", "C"),
        ("0.6501", "C"),
        ("0.65", "D"),
        ("0.50", "D"),
        ("0.4999", "E"),
    ],
)
def test_kementerian_band_boundaries(value, grade):
    assert grade_for(D(value), BANDS_KEMENTERIAN) == grade


def test_grade_of_no_value_is_none():
    assert grade_for(None) is None


def test_settings_carry_their_bands_into_the_grade():
    settings = AbkSettings(bands=BANDS_KEMENTERIAN)

    assert hitung_jabatan_dari_beban(60000, 1, settings).grade == "C"  # EJ 0.80
    assert hitung_jabatan_dari_beban(60000, 1).grade == "C"
    assert hitung_jabatan_dari_beban(50000, 1, settings).grade == "C"  # EJ 0.6667
    assert hitung_jabatan_dari_beban(50000, 1).grade == "D"


# --- settings and conversions ---------------------------------------------------


def test_default_settings_follow_the_domain():
    assert DEFAULT_SETTINGS.wke_menit == 75000
    assert DEFAULT_SETTINGS.pembulatan is Pembulatan.HALF_UP
    assert DEFAULT_SETTINGS.bands == BANDS_PERMENDAGRI


def test_wke_from_days_and_hours():
    assert wke_from_days(250, 5) == 75000
    assert wke_from_days(240, 5) == 72000  # Perka BKN 19/2011: 1,200 hours
    assert wke_from_days(235, D("5.5")) == 77550


@pytest.mark.parametrize(
    "kwargs",
    [
        {"wke_menit": 0},
        {"pembulatan": "floor"},
        {"bands": (Band("A", "x", D(1)), Band("B", "y", D(2)), Band("E", "z", None))},
        {"bands": (Band("A", "x", D(1)),)},
    ],
)
def test_invalid_settings_are_refused(kwargs):
    with pytest.raises(ValueError):
        AbkSettings(**kwargs)


def test_settings_accept_plain_strings_and_ints():
    settings = AbkSettings(wke_menit=72000, pembulatan="ceil_tugas")

    assert settings == AbkSettings(D(72000), Pembulatan.CEIL_TUGAS)


def test_hours_and_monthly_volume_give_the_same_results_as_minutes_per_year():
    # 100 berkas per month at 1.5 hours each = 1,200 per year at 90 minutes each.
    from_form = [Tugas.dari_form(100, D("1.5"), "jam", "bulan"), *TUGAS_PU]
    canonical = [Tugas(1200, 90), *TUGAS_PU]

    assert beban_tugas(100, D("1.5"), "jam", "bulan") == 108000
    assert beban_tugas(500, 5, periode_volume="bulan") == 30000
    assert beban_tugas(6000, D("0.5"), satuan_norma="jam") == 180000
    for pembulatan in Pembulatan:
        settings = _settings(pembulatan)
        assert hitung_jabatan(from_form, 2, settings) == hitung_jabatan(canonical, 2, settings)


def test_unknown_form_units_are_refused():
    with pytest.raises(ValueError, match="satuan_norma"):
        beban_tugas(1, 1, satuan_norma="hari")
    with pytest.raises(ValueError, match="periode_volume"):
        beban_tugas(1, 1, periode_volume="minggu")


@pytest.mark.parametrize("bad", [-1, D("NaN"), D("Infinity"), True])
def test_invalid_task_figures_are_refused(bad):
    with pytest.raises((ValueError, TypeError)):
        Tugas(bad, 10)


def test_unit_refuses_results_computed_with_different_settings():
    a = hitung_jabatan(TUGAS_PLK, 1)
    b = hitung_jabatan(TUGAS_PU, 3, AbkSettings(wke_menit=72000))

    with pytest.raises(ValueError, match="different settings"):
        hitung_unit([a, b])


# --- Pemda index and simulated moves --------------------------------------------


def test_pemda_index_of_the_documented_example():
    indeks = indeks_pemda(_example_rows())

    assert indeks.ketidakseimbangan == 4
    assert (indeks.total_kelebihan, indeks.total_kekurangan) == (2, 2)
    assert indeks.pindah_diperlukan == 1
    assert (indeks.total_kebutuhan, indeks.total_bezetting) == (5, 5)
    assert indeks.skor == 60
    assert indeks.eu_stdev == D("0.4516")
    assert indeks.eu_iqr == D("0.4516")


def test_pemda_index_after_the_documented_move():
    after = simulasi_pindah(_example_rows(), ("dinkes", "pu"), ("kecamatan", "pu"))
    indeks = indeks_pemda(after)

    assert indeks.ketidakseimbangan == 2
    assert indeks.pindah_diperlukan == 0
    assert indeks.skor == 80
    assert round4(indeks.eu_stdev) == D("0.0645")


def test_balanced_and_empty_pemda_score_100():
    balanced = [BarisJabatan("u", "j", kebutuhan=2, bezetting=2, beban_menit=150000)]

    assert indeks_pemda(balanced).skor == 100
    assert indeks_pemda(balanced).eu_stdev == 0
    assert indeks_pemda([]).skor == 100
    assert indeks_pemda([]).eu_stdev is None


def test_move_to_a_post_without_a_row_adds_one_with_no_need():
    after = simulasi_pindah(_example_rows(), ("dinkes", "pu"), ("setda", "pu"), 2)

    assert after[-1] == BarisJabatan("setda", "pu", kebutuhan=0, bezetting=2)
    assert after[1].bezetting == 1


@pytest.mark.parametrize(
    ("dari", "ke", "jumlah"),
    [
        (("dinkes", "pu"), ("dinkes", "pu"), 1),
        (("setda", "pu"), ("dinkes", "pu"), 1),
        (("dinkes", "pu"), ("kecamatan", "pu"), 4),
        (("dinkes", "pu"), ("kecamatan", "pu"), 0),
    ],
)
def test_impossible_moves_are_refused(dari, ke, jumlah):
    with pytest.raises(ValueError):
        simulasi_pindah(_example_rows(), dari, ke, jumlah)


def test_duplicate_rows_are_refused():
    with pytest.raises(ValueError, match="same"):
        indeks_pemda(_example_rows() + _example_rows()[:1])


# --- properties -----------------------------------------------------------------

figures = st.decimals(min_value=0, max_value=20000, places=2)
tugas_st = st.builds(Tugas, volume=figures, norma_menit=figures)
settings_st = st.builds(
    AbkSettings,
    wke_menit=st.sampled_from([D(75000), D(72000), D(78000), D("70500.5")]),
    pembulatan=st.sampled_from(list(Pembulatan)),
    bands=st.sampled_from([BANDS_PERMENDAGRI, BANDS_KEMENTERIAN]),
)
KEYS = [(u, j) for u in ("u1", "u2", "u3", "u4") for j in ("j1", "j2", "j3")]
rows_st = st.dictionaries(
    st.sampled_from(KEYS),
    st.tuples(st.integers(0, 6), st.integers(0, 6), figures),
    min_size=2,
).map(lambda d: [BarisJabatan(u, j, k, b, w) for (u, j), (k, b, w) in d.items()])


@given(st.lists(tugas_st, max_size=6), st.integers(0, 10), settings_st)
def test_need_is_never_negative_and_rounds_as_set(tugas, bezetting, settings):
    hasil = hitung_jabatan(tugas, bezetting, settings)

    assert hasil.kebutuhan_exact >= 0
    assert hasil.kebutuhan >= 0
    assert all(t.kebutuhan_exact >= 0 for t in hasil.per_tugas)
    if settings.pembulatan is Pembulatan.HALF_UP:
        assert -D("0.5") < hasil.kebutuhan - hasil.kebutuhan_exact <= D("0.5")
    elif settings.pembulatan is Pembulatan.FLOOR_JABATAN:
        assert hasil.kebutuhan_exact - 1 < hasil.kebutuhan <= hasil.kebutuhan_exact
    else:
        assert hasil.kebutuhan >= hasil.kebutuhan_exact


@given(st.lists(tugas_st, max_size=6), tugas_st, st.integers(0, 10), settings_st)
def test_adding_a_task_never_lowers_the_need(tugas, extra, bezetting, settings):
    before = hitung_jabatan(tugas, bezetting, settings)
    after = hitung_jabatan([*tugas, extra], bezetting, settings)

    assert after.kebutuhan_exact >= before.kebutuhan_exact
    assert after.kebutuhan >= before.kebutuhan
    assert after.selisih <= before.selisih


@given(st.lists(tugas_st, max_size=6), st.integers(0, 10), settings_st)
def test_aggregated_variant_matches_the_per_task_one(tugas, bezetting, settings):
    full = hitung_jabatan(tugas, bezetting, settings)
    aggregated = hitung_jabatan_dari_beban(
        sum((t.beban_menit for t in tugas), D(0)),
        bezetting,
        settings,
        kebutuhan_tugas_ceil_sum=sum_ceil_tugas(tugas, settings),
    )

    assert aggregated == dataclasses.replace(full, per_tugas=())


@given(rows_st, st.data())
def test_a_move_changes_the_figures_of_the_two_units_only(rows, data):
    staffed = [r.kunci for r in rows if r.bezetting > 0]
    assume(staffed)
    dari = data.draw(st.sampled_from(staffed))
    ke = data.draw(st.sampled_from([k for k in KEYS if k != dari]))
    before = rekap_unit(rows)
    after = rekap_unit(simulasi_pindah(rows, dari, ke))

    for unit in set(before) | set(after):
        if unit not in (dari[0], ke[0]):
            assert after[unit] == before[unit]
    if dari[0] == ke[0]:
        assert after[dari[0]].bezetting == before[dari[0]].bezetting
    else:
        assert after[dari[0]].bezetting == before[dari[0]].bezetting - 1
        bezetting_ke = before[ke[0]].bezetting if ke[0] in before else 0
        assert after[ke[0]].bezetting == bezetting_ke + 1


@given(rows_st, st.data())
def test_a_move_from_surplus_to_deficit_never_worsens_the_index(rows, data):
    surplus = [r for r in rows if r.selisih > 0]
    assume(surplus)
    dari = data.draw(st.sampled_from(surplus))
    deficit = [r for r in rows if r.selisih < 0 and r.jabatan_id == dari.jabatan_id]
    assume(deficit)
    ke = data.draw(st.sampled_from(deficit))
    before = indeks_pemda(rows)
    after = indeks_pemda(simulasi_pindah(rows, dari.kunci, ke.kunci))

    assert after.ketidakseimbangan == before.ketidakseimbangan - 2
    assert after.pindah_diperlukan == before.pindah_diperlukan - 1
    assert after.skor > before.skor


@given(rows_st)
def test_index_parts_add_up(rows):
    indeks = indeks_pemda(rows)

    assert indeks.ketidakseimbangan == indeks.total_kelebihan + indeks.total_kekurangan
    assert 2 * indeks.pindah_diperlukan <= indeks.ketidakseimbangan
    assert 0 <= indeks.skor <= 100
    assert indeks.total_bezetting - indeks.total_kebutuhan == (
        indeks.total_kelebihan - indeks.total_kekurangan
    )


@pytest.mark.parametrize("asal", [-2, -1, 0, 1, 2])
@pytest.mark.parametrize("tujuan", [-2, -1, 0, 1, 2])
def test_delta_of_a_move_is_the_change_of_the_total_imbalance(asal, tujuan):
    from bebankerja import keseimbangan

    rows = [keseimbangan.BarisJabatan("a", "j", kebutuhan=3, bezetting=3 + asal),
            keseimbangan.BarisJabatan("b", "j", kebutuhan=3, bezetting=3 + tujuan)]
    sebelum = keseimbangan.indeks_pemda(rows).ketidakseimbangan
    sesudah = keseimbangan.indeks_pemda(keseimbangan.simulasi_pindah(rows, ("a", "j"), ("b", "j")))
    assert keseimbangan.delta_ketidakseimbangan(asal, tujuan) == sesudah.ketidakseimbangan - sebelum
