"""NIP validation at its edges (issue 11 item 26): each check must hold on its own boundary,
so that deleting or loosening any one of them fails a test here."""

import datetime as dt

import pytest

from pegawai.nip import validate_nip

HARI_INI = dt.date(2026, 11, 25)


def pesan(nip, **kw):
    kw.setdefault("hari_ini", HARI_INI)
    return validate_nip(nip, **kw)


# --- PPPK: appointment year -------------------------------------------------------------


@pytest.mark.parametrize("tahun", ["2026", "2025"])
def test_pppk_appointed_this_year_or_earlier_is_valid(tahun):
    assert pesan(f"19900101{tahun}211004", pppk=True) == []


def test_pppk_appointed_next_year_is_in_the_future():
    (e,) = pesan("199001012027211004", pppk=True)
    assert e == "tahun pengangkatan pada NIP ada di masa depan"


def test_pppk_appointed_this_year_is_valid_on_1_january():
    assert pesan("199001012026211004", pppk=True, hari_ini=dt.date(2026, 1, 1)) == []
    (e,) = pesan("199001012026211004", pppk=True, hari_ini=dt.date(2025, 12, 31))
    assert "masa depan" in e


def test_pppk_appointed_the_year_of_an_18th_birthday_in_january_is_valid():
    # Born 1 Jan 1990: 18 on 1 Jan 2008, so 2008 is the first possible year.
    assert pesan("199001012008211004", pppk=True) == []
    assert pesan("199001152008211004", pppk=True) == []
    (e,) = pesan("199001012007211004", pppk=True)
    assert e == "tahun pengangkatan pada NIP sebelum usia 18 tahun"


def test_pppk_year_0000_is_a_message():
    (e,) = pesan("199001010000211004", pppk=True)
    assert e == "digit 9–12 NIP PPPK (0000) bukan tahun pengangkatan yang sah"


def test_pppk_digits_13_14_are_not_read_as_a_month():
    # "00" and "99" there are no TMT month for a PPPK number (lenient by default).
    assert pesan("199001012022001004", pppk=True) == []
    assert pesan("199001012022991004", pppk=True) == []


# --- PNS: TMT CPNS ------------------------------------------------------------------------


def test_tmt_cpns_month_00_is_a_message_not_an_exception():
    (e,) = pesan("198503122010001004")
    assert e == "digit 9–14 NIP (201000) bukan tahun-bulan TMT CPNS yang sah"


def test_tmt_cpns_year_0000_is_a_message():
    (e,) = pesan("198503120000011004")
    assert "bukan tahun-bulan TMT CPNS yang sah" in e


def test_tmt_cpns_in_the_month_of_the_18th_birthday_is_valid():
    # Born 12 Mar 1985: TMT March 2003 (first of the month) is allowed, February is not.
    assert pesan("198503122003031004") == []
    (e,) = pesan("198503122003021004")
    assert e == "TMT CPNS pada NIP sebelum usia 18 tahun"


def test_tmt_cpns_this_month_is_valid_and_next_month_is_in_the_future():
    assert pesan("198503122026111004") == []
    assert pesan("198503122026111004", hari_ini=dt.date(2026, 11, 1)) == []
    (e,) = pesan("198503122026121004")
    assert e == "TMT CPNS pada NIP ada di masa depan"


def test_a_29_february_birth_date_is_valid_and_turns_18_in_february():
    assert pesan("199202292010021004") == []  # 18 on 28 Feb 2010 (not a leap year)
    (e,) = pesan("199202292010011004")
    assert "usia 18" in e


def test_an_invalid_birth_date_does_not_stop_the_other_checks():
    errors = pesan("198502302010013000")
    assert len(errors) == 3
    assert "bukan tanggal lahir yang sah" in errors[0]
    assert "digit ke-15" in errors[1] and "nomor urut" in errors[2]


def test_a_birth_date_of_today_is_not_in_the_future():
    errors = pesan("202611252026111004")
    assert not any("tanggal lahir pada NIP ada di masa depan" in e for e in errors)
    assert errors == ["TMT CPNS pada NIP sebelum usia 18 tahun"]
    assert "tanggal lahir pada NIP ada di masa depan" in pesan("202611262026111004")


# --- gender and sequence ------------------------------------------------------------------


@pytest.mark.parametrize("digit,jk", [("1", "L"), ("2", "P")])
def test_gender_digits_1_and_2_are_valid(digit, jk):
    assert pesan(f"19850312201001{digit}004", jenis_kelamin=jk) == []
    assert pesan(f"19900101202221{digit}004", pppk=True, jenis_kelamin=jk) == []


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_other_gender_digits_are_refused(digit):
    (e,) = pesan(f"19850312201001{digit}004")
    assert e == f"digit ke-15 NIP (jenis kelamin) harus 1 atau 2, bukan {digit}"


@pytest.mark.parametrize("urut", ["001", "999", "100", "010"])
def test_sequence_001_to_999_is_valid(urut):
    assert pesan(f"198503122010011{urut}") == []
    assert pesan(f"199001012022211{urut}", pppk=True) == []


def test_sequence_000_is_refused_for_pns_and_pppk():
    assert pesan("198503122010011000") == ["nomor urut NIP (3 digit terakhir) tidak boleh 000"]
    assert pesan("199001012022211000", pppk=True) == [
        "nomor urut NIP (3 digit terakhir) tidak boleh 000"]
