"""ABK at its edges (issue 11 item 26): a unit's EU grade with the periode's bands, `round4`
half up, and head counts that are not whole non-negative numbers."""

from decimal import Decimal

import pytest

from bebankerja import abk, hitung, services
from bebankerja.abk import (
    BANDS_KEMENTERIAN,
    BANDS_PERMENDAGRI,
    AbkSettings,
    Pembulatan,
    Tugas,
    efisiensi,
    hitung_jabatan,
    hitung_jabatan_dari_beban,
    hitung_unit,
    round4,
)
from bebankerja.keseimbangan import BarisJabatan, rekap_unit
from bebankerja.models import PeriodeAbk, SetBand, SnapshotJabatan, SnapshotUnit

D = Decimal
KEMENTERIAN = AbkSettings(bands=BANDS_KEMENTERIAN)
PERMENDAGRI = AbkSettings(bands=BANDS_PERMENDAGRI)
WKE = D(75000)


def _unit_dengan_eu(eu, settings):
    """A unit of two jabatan (1 + 1 in post) whose EU is exactly `eu`."""
    beban = D(eu) * 2 * WKE
    a = hitung_jabatan_dari_beban(beban / 4, 1, settings)
    b = hitung_jabatan_dari_beban(beban * 3 / 4, 1, settings)
    return hitung_unit([a, b], settings)


# --- a unit's grade with the periode's bands ---------------------------------------------


@pytest.mark.parametrize(("eu", "grade", "predikat"), [
    ("1.0001", "A", "sangat baik"),
    ("1.00", "B", "baik"),
    ("0.81", "B", "baik"),
    ("0.80", "C", "cukup"),
    ("0.66", "C", "cukup"),
    ("0.65", "D", "sedang"),
    ("0.50", "D", "sedang"),
    ("0.4999", "E", "kurang"),
])
def test_unit_grade_with_the_ministry_bands(eu, grade, predikat):
    unit = _unit_dengan_eu(eu, KEMENTERIAN)
    assert unit.eu == D(eu)
    assert (unit.grade, unit.predikat) == (grade, predikat)
    # The same unit as peta jabatan rows.
    rows = [BarisJabatan("u", "j1", 0, 1, D(eu) * WKE / 2),
            BarisJabatan("u", "j2", 0, 1, D(eu) * WKE * 3 / 2)]
    assert rekap_unit(rows, KEMENTERIAN)["u"].grade == grade


@pytest.mark.parametrize(("eu", "grade"), [
    ("1.0001", "A"),
    ("1.00", "B"),
    ("0.90", "B"),
    ("0.8999", "C"),
    ("0.81", "C"),
    ("0.80", "C"),
    ("0.70", "C"),
    ("0.6999", "D"),
    ("0.66", "D"),
    ("0.50", "D"),
    ("0.4999", "E"),
])
def test_unit_grade_with_the_permendagri_bands(eu, grade):
    assert _unit_dengan_eu(eu, PERMENDAGRI).grade == grade
    rows = [BarisJabatan("u", "j1", 0, 2, D(eu) * 2 * WKE)]
    assert rekap_unit(rows, PERMENDAGRI)["u"].grade == grade
    assert rekap_unit(rows)["u"].grade == grade


def test_the_periode_band_set_becomes_its_settings():
    assert PeriodeAbk(tahun=2026, set_band=SetBand.KEMENTERIAN).settings.bands == (
        BANDS_KEMENTERIAN)
    assert PeriodeAbk(tahun=2026, set_band=SetBand.PERMENDAGRI).settings.bands == (
        BANDS_PERMENDAGRI)


@pytest.mark.parametrize(("set_band", "beban", "eu", "grade"), [
    (SetBand.KEMENTERIAN, 121500, "0.8100", "B"),
    (SetBand.PERMENDAGRI, 121500, "0.8100", "C"),
    (SetBand.KEMENTERIAN, 120000, "0.8000", "C"),
    (SetBand.KEMENTERIAN, 97500, "0.6500", "D"),
    (SetBand.PERMENDAGRI, 97500, "0.6500", "D"),
    (SetBand.KEMENTERIAN, 99000, "0.6600", "C"),
])
def test_recompute_grades_a_unit_with_the_bands_of_its_periode(contoh, set_band, beban, eu,
                                                               grade):
    # Dinas Perhubungan: one jabatan, 2 in post, so EU = EJ = beban / 150,000.
    PeriodeAbk.objects.filter(pk=contoh.periode.pk).update(set_band=set_band)
    contoh.periode.refresh_from_db()
    services.tugas_bulk_replace(aktor=None, periode=contoh.periode, unit=contoh.dishub,
                                jabatan=contoh.pu, rows=[
        {"uraian": "Mengagendakan surat masuk", "satuan_hasil": "surat",
         "volume": D(beban) / 10, "norma_waktu": D(10)}])

    hitung.balance_recompute()

    unit = SnapshotUnit.objects.get(periode=contoh.periode, unit=contoh.dishub)
    assert (unit.eu, unit.grade) == (D(eu), grade)
    jab = SnapshotJabatan.objects.get(periode=contoh.periode, unit=contoh.dishub,
                                      jabatan=contoh.pu)
    assert (jab.ej, jab.grade) == (D(eu), grade)


# --- round4 --------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "rounded"), [
    ("0.00005", "0.0001"),
    ("0.00004999", "0.0000"),
    ("0.00015", "0.0002"),  # half up, not half even (which gives 0.0002 too)
    ("0.00025", "0.0003"),  # half even would give 0.0002
    ("1.99995", "2.0000"),
    ("0.12344999", "0.1234"),
    ("-0.00005", "-0.0001"),  # half away from zero
    ("-0.00004999", "0.0000"),
    ("-1.23455", "-1.2346"),
    ("7", "7.0000"),
])
def test_round4_rounds_half_up_away_from_zero(value, rounded):
    result = round4(D(value))
    assert result == D(rounded)
    assert result.as_tuple().exponent == -4


def test_round4_keeps_none():
    assert round4(None) is None


# --- head counts ---------------------------------------------------------------------------


BUKAN_JUMLAH_ORANG = [-1, True, False, 1.5, 2.0, D("1.5"), D("2"), "2"]


@pytest.mark.parametrize("n", BUKAN_JUMLAH_ORANG)
def test_a_bezetting_must_be_a_whole_number_of_people(n):
    with pytest.raises(ValueError, match="bezetting must be an int >= 0"):
        efisiensi(75000, n)
    with pytest.raises(ValueError, match="bezetting"):
        hitung_jabatan_dari_beban(75000, n)
    with pytest.raises(ValueError, match="bezetting"):
        hitung_jabatan([Tugas(D(1000), D(5))], n)
    with pytest.raises(ValueError, match="bezetting"):
        BarisJabatan("u", "j", 1, n)


@pytest.mark.parametrize("n", BUKAN_JUMLAH_ORANG)
def test_a_kebutuhan_must_be_a_whole_number_of_people(n):
    with pytest.raises(ValueError, match="kebutuhan must be an int >= 0"):
        BarisJabatan("u", "j", n, 1)
    with pytest.raises(ValueError, match="kebutuhan_tugas_ceil_sum"):
        hitung_jabatan_dari_beban(75000, 1, AbkSettings(pembulatan=Pembulatan.CEIL_TUGAS),
                                  kebutuhan_tugas_ceil_sum=n)


def test_zero_and_positive_whole_head_counts_are_taken():
    assert efisiensi(75000, 0) is None
    assert efisiensi(75000, 1) == 1
    assert round4(efisiensi(150000, 3)) == D("0.6667")
    assert hitung_unit([], KEMENTERIAN).grade is None
    assert BarisJabatan("u", "j", 0, 0).selisih == 0
    hasil = hitung_jabatan_dari_beban(75000, 0)
    assert hasil.kosong and hasil.ej is None and hasil.grade is None
    assert abk.hitung_jabatan_dari_beban(
        75000, 2, AbkSettings(pembulatan=Pembulatan.CEIL_TUGAS), kebutuhan_tugas_ceil_sum=0
    ).kebutuhan == 0
