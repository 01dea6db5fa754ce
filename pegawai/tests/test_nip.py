import datetime as dt

import pytest

from pegawai.nip import format_nip, make_nip, normalize_nip, validate_nip

HARI_INI = dt.date(2026, 11, 25)


def test_valid_pns_nip_has_no_errors():
    assert validate_nip("198503122010011004", tanggal_lahir=dt.date(1985, 3, 12),
                        jenis_kelamin="L", hari_ini=HARI_INI) == []


def test_valid_pppk_nip_has_no_errors():
    nip = make_nip(dt.date(1990, 1, 1), dt.date(2022, 1, 1), "P", 4, pppk=True)
    assert nip == "199001012022212004"
    assert validate_nip(nip, pppk=True, tanggal_lahir=dt.date(1990, 1, 1), jenis_kelamin="P",
                        hari_ini=HARI_INI) == []


@pytest.mark.parametrize(
    "nip", ["", "1985031220100110", "19850312201001100A", "1985031220100110045"]
)
def test_nip_must_be_18_digits(nip):
    assert validate_nip(nip, hari_ini=HARI_INI)


def test_birth_date_must_be_a_real_date():
    errors = validate_nip("198502302010011004", hari_ini=HARI_INI)
    assert any("bukan tanggal lahir yang sah" in e for e in errors)


def test_tmt_cpns_month_must_be_real():
    errors = validate_nip("198503122010131004", hari_ini=HARI_INI)
    assert any("TMT CPNS" in e for e in errors)


def test_tmt_cpns_cannot_be_in_the_future():
    errors = validate_nip("198503122027011004", hari_ini=HARI_INI)
    assert any("masa depan" in e for e in errors)


def test_tmt_cpns_before_18th_birthday_is_refused():
    errors = validate_nip("198503122002011004", hari_ini=HARI_INI)
    assert any("usia 18" in e for e in errors)


def test_gender_digit_must_be_1_or_2():
    errors = validate_nip("198503122010013004", hari_ini=HARI_INI)
    assert any("digit ke-15" in e for e in errors)


def test_sequence_000_is_refused():
    assert any("nomor urut" in e for e in validate_nip("198503122010011000", hari_ini=HARI_INI))


def test_birth_date_must_match_the_nip():
    errors = validate_nip("198503122010011004", tanggal_lahir=dt.date(1985, 3, 13),
                          hari_ini=HARI_INI)
    assert any("tidak sama dengan NIP" in e for e in errors)


def test_gender_must_match_the_nip():
    errors = validate_nip("198503122010011004", jenis_kelamin="P", hari_ini=HARI_INI)
    assert any("jenis kelamin" in e for e in errors)


def test_pppk_nip_needs_code_21_only_when_the_strict_setting_asks_for_it():
    errors = validate_nip("199001012022111004", pppk=True, hari_ini=HARI_INI,
                          kode_pppk_ketat=True)
    assert any("21" in e for e in errors)
    # Lenient by default: sources disagree on digits 13–14, a real number is never refused.
    assert validate_nip("199001012022111004", pppk=True, hari_ini=HARI_INI) == []


def test_pppk_nip_with_appointment_year_0000_is_refused():
    errors = validate_nip("199001010000211004", pppk=True, hari_ini=HARI_INI)
    assert any("bukan tahun pengangkatan yang sah" in e for e in errors)


def test_pppk_nip_in_the_future_or_before_18_is_refused():
    assert any("masa depan" in e for e in validate_nip(
        "199001012031211004", pppk=True, hari_ini=HARI_INI))
    assert any("usia 18" in e for e in validate_nip(
        "199001012005211004", pppk=True, hari_ini=HARI_INI))


def test_pns_tmt_month_00_and_13_are_messages_not_exceptions():
    for nip in ("198503122010001004", "198503122010131004"):
        assert any("bukan tahun-bulan TMT CPNS" in e for e in validate_nip(nip, hari_ini=HARI_INI))


def test_eighteen_characters_with_a_letter_say_so():
    (pesan,) = validate_nip("19850312201001100A", hari_ini=HARI_INI)
    assert "hanya boleh berisi angka" in pesan and "ke-18" in pesan and "'A'" in pesan
    (pesan,) = validate_nip("12345", hari_ini=HARI_INI)
    assert pesan == "NIP harus 18 digit (terbaca 5 karakter)"


def test_format_shows_groups():
    assert format_nip("198503122010011004") == "19850312 201001 1 004"
    assert format_nip("199001012022212004") == "19900101 2022 21 2 004"


def test_normalize_strips_spaces_and_dots():
    assert normalize_nip(" 19850312 201001 1 004 ") == "198503122010011004"
