"""Eligibility at its edges: which rules bind which kind of request, and the dates on which a
rule starts or stops holding (issue 11 item 26)."""

import datetime as dt

import pytest

from mutasi.eligibility import (
    ATURAN,
    aturan_berlaku,
    kelayakan_permohonan,
    periksa_kelayakan,
    tmt_cpns_dari_nip,
)
from mutasi.models import AsalPermohonan, Status
from mutasi.tests.factories import buat_permohonan
from pegawai.nip import make_nip

HARI_INI = dt.date(2026, 11, 25)
SENDIRI = AsalPermohonan.PERMINTAAN_SENDIRI
ORGANISASI = AsalPermohonan.KEBUTUHAN_ORGANISASI
SEMUA = ["cpns", "masa_ikatan", "masa_jabatan", "hukuman_disiplin", "tugas_belajar", "bup",
         "kebutuhan_tujuan", "pendidikan"]
UNTUK_ORGANISASI = ["hukuman_disiplin", "tugas_belajar", "bup", "kebutuhan_tujuan",
                    "pendidikan"]


def cek(cast, kode, *, hari_ini, asal=SENDIRI):
    hasil = periksa_kelayakan(pegawai=cast.pegawai, unit_tujuan=cast.dishub,
                              jabatan_tujuan=cast.j_pelaksana, asal_permohonan=asal,
                              hari_ini=hari_ini)
    return hasil.get(kode)


def ubah(p, **fields):
    for k, v in fields.items():
        setattr(p, k, v)
    p.save()


def nip_dengan_tmt(p, tmt_cpns):
    return make_nip(p.tanggal_lahir, tmt_cpns, p.jenis_kelamin, 11)


# --- which rules bind which request ------------------------------------------------------


def test_every_kind_of_request_has_its_exact_rule_list():
    assert list(ATURAN) == SEMUA
    assert {a.value for a in AsalPermohonan} == {SENDIRI, ORGANISASI}
    assert aturan_berlaku(SENDIRI) == SEMUA
    # Organisational need: only the rules the settings list, in the order of ATURAN. The
    # rules that protect the employee's own request (CPNS, lock-in, time in post) are out.
    assert aturan_berlaku(ORGANISASI) == UNTUK_ORGANISASI


def test_the_organisational_list_is_the_setting_and_switches_still_apply(settings):
    settings.MUTASI_ATURAN = {**settings.MUTASI_ATURAN,
                              "berlaku_kebutuhan_organisasi": ["bup", "cpns"]}
    assert aturan_berlaku(ORGANISASI) == ["cpns", "bup"]
    assert aturan_berlaku(SENDIRI) == SEMUA
    settings.MUTASI_ATURAN = {**settings.MUTASI_ATURAN, "cpns_dilarang": False}
    assert aturan_berlaku(ORGANISASI) == ["bup"]
    assert aturan_berlaku(SENDIRI) == [k for k in SEMUA if k != "cpns"]
    settings.MUTASI_ATURAN = {**settings.MUTASI_ATURAN, "berlaku_kebutuhan_organisasi": []}
    assert aturan_berlaku(ORGANISASI) == []


def _cpns_dalam_masa_ikatan(cast):
    """cast.pegawai: a CPNS since March 2025, in post since 2026 (fails the 3 own rules)."""
    p = cast.pegawai
    ubah(p, status_asn="CPNS", nip=nip_dengan_tmt(p, dt.date(2025, 3, 1)),
         tmt_jabatan=dt.date(2026, 1, 1))
    return p


def test_a_stored_organisational_request_is_checked_with_its_own_rules(layak):
    _cpns_dalam_masa_ikatan(layak)
    p = buat_permohonan(layak, Status.DIAJUKAN, asal=ORGANISASI, dokumen=False)
    hasil = kelayakan_permohonan(p, hari_ini=HARI_INI)
    assert [h.kode for h in hasil.hasil] == UNTUK_ORGANISASI
    assert hasil.layak and hasil.gagal == []


def test_the_same_persons_own_request_is_blocked_by_those_rules(layak):
    _cpns_dalam_masa_ikatan(layak)
    p = buat_permohonan(layak, Status.DIAJUKAN, asal=SENDIRI, dokumen=False)
    hasil = kelayakan_permohonan(p, hari_ini=HARI_INI)
    assert [h.kode for h in hasil.hasil] == SEMUA
    assert not hasil.layak
    assert {h.kode for h in hasil.gagal} == {"cpns", "masa_ikatan", "masa_jabatan"}


def test_a_stored_request_carries_bkds_exceptions(layak):
    _cpns_dalam_masa_ikatan(layak)
    p = buat_permohonan(layak, Status.DIAJUKAN, asal=SENDIRI, dokumen=False)
    p.aturan_dikecualikan = ["cpns", "masa_ikatan"]
    p.save()
    hasil = kelayakan_permohonan(p, hari_ini=HARI_INI)
    assert {h.kode for h in hasil.gagal} == {"masa_jabatan"}
    assert hasil.get("cpns").dikecualikan and hasil.get("cpns").lulus is False


# --- lock-in (masa ikatan) -----------------------------------------------------------------


@pytest.mark.parametrize("tmt_cpns,boleh", [
    (dt.date(2020, 11, 1), dt.date(2026, 11, 1)),  # TMT PNS 1 Nov 2021 + 5 years
    # January: TMT PNS is 1 January of the next year, not month 13 of the same one.
    (dt.date(2020, 1, 1), dt.date(2026, 1, 1)),
    # December: + 12 months stays in December, one year on.
    (dt.date(2019, 12, 1), dt.date(2025, 12, 1)),
])
def test_lock_in_ends_on_its_day_not_a_day_later(layak, tmt_cpns, boleh):
    p = layak.pegawai
    ubah(p, nip=nip_dengan_tmt(p, tmt_cpns))
    assert cek(layak, "masa_ikatan", hari_ini=boleh).lulus is True
    h = cek(layak, "masa_ikatan", hari_ini=boleh - dt.timedelta(days=1))
    assert h.lulus is False
    assert f"baru dapat diajukan mulai {boleh.day} " in h.pesan
    assert h.pesan.rstrip(".").endswith(str(boleh.year))


def test_lock_in_from_a_january_tmt_cpns_names_the_right_dates(layak):
    p = layak.pegawai
    ubah(p, nip=nip_dengan_tmt(p, dt.date(2021, 1, 1)))
    h = cek(layak, "masa_ikatan", hari_ini=HARI_INI)
    assert h.lulus is False
    assert "TMT PNS 1 Januari 2022" in h.pesan
    assert "TMT CPNS dari NIP: 1 Januari 2021" in h.pesan
    assert "mulai 1 Januari 2027" in h.pesan


@pytest.mark.parametrize("nip", [
    "199005052015001007",  # month 00
    "199005052015131007",  # month 13
    "199005051899031007",  # a year before 1900
])
def test_an_unreadable_tmt_cpns_is_none(nip):
    assert tmt_cpns_dari_nip(nip) is None


@pytest.mark.parametrize("bulan", ["00", "13"])
def test_an_unreadable_tmt_cpns_asks_for_a_manual_check_and_does_not_block(layak, bulan):
    p = layak.pegawai
    ubah(p, nip=p.nip[:12] + bulan + p.nip[14:])
    hasil = periksa_kelayakan(pegawai=p, unit_tujuan=layak.dishub,
                              jabatan_tujuan=layak.j_pelaksana, asal_permohonan=SENDIRI,
                              hari_ini=HARI_INI)
    h = hasil.get("masa_ikatan")
    assert h.lulus is None and not h.menghalangi
    assert "periksa manual" in h.pesan and p.nip_tampil in h.pesan
    assert h in hasil.peringatan and h not in hasil.gagal
    assert hasil.layak


def test_tmt_cpns_is_the_first_of_the_month_at_both_ends_of_the_year():
    assert tmt_cpns_dari_nip("199005052015011007") == dt.date(2015, 1, 1)
    assert tmt_cpns_dari_nip("199005052015121007") == dt.date(2015, 12, 1)
    assert tmt_cpns_dari_nip("199005051900011007") == dt.date(1900, 1, 1)


# --- retirement age (BUP) ------------------------------------------------------------------


def test_exactly_one_year_before_bup_is_refused_and_the_day_before_is_allowed(layak):
    # Pengadministrasi Umum: BUP 58. Born 25 Nov 1968 → BUP on 25 Nov 2026.
    ubah(layak.pegawai, tanggal_lahir=dt.date(1968, 11, 25))
    h = cek(layak, "bup", hari_ini=dt.date(2025, 11, 25))
    assert h.lulus is False and "25 November 2026" in h.pesan
    assert cek(layak, "bup", hari_ini=dt.date(2025, 11, 24)).lulus is True


def test_a_29_february_birthday_reaches_bup_on_28_february(layak):
    # Born 29 Feb 1968: 58 years later is 2026, not a leap year → 28 Feb 2026.
    ubah(layak.pegawai, tanggal_lahir=dt.date(1968, 2, 29))
    h = cek(layak, "bup", hari_ini=dt.date(2025, 2, 28))
    assert h.lulus is False and "28 Februari 2026" in h.pesan
    assert cek(layak, "bup", hari_ini=dt.date(2025, 2, 27)).lulus is True


def test_a_29_february_birthday_in_a_leap_bup_year_keeps_its_day(layak):
    # A JPT Pratama post: BUP 60. Born 29 Feb 1964 → 29 Feb 2024 (a leap year); one year
    # before is 28 Feb 2023.
    ubah(layak.pegawai, tanggal_lahir=dt.date(1964, 2, 29), jabatan=layak.j_kadis)
    h = cek(layak, "bup", hari_ini=dt.date(2023, 2, 28))
    assert h.lulus is False and "60 tahun" in h.pesan and "29 Februari 2024" in h.pesan
    assert cek(layak, "bup", hari_ini=dt.date(2023, 2, 27)).lulus is True


# --- time in post --------------------------------------------------------------------------


def test_minimum_time_in_post_ends_on_its_day_not_a_day_later(layak):
    ubah(layak.pegawai, tmt_jabatan=dt.date(2024, 11, 25))
    assert cek(layak, "masa_jabatan", hari_ini=HARI_INI).lulus is True
    h = cek(layak, "masa_jabatan", hari_ini=HARI_INI - dt.timedelta(days=1))
    assert h.lulus is False and "mulai 25 November 2026" in h.pesan


def test_a_29_february_tmt_jabatan_does_not_crash(layak):
    ubah(layak.pegawai, tmt_jabatan=dt.date(2024, 2, 29))
    h = cek(layak, "masa_jabatan", hari_ini=dt.date(2026, 2, 27))
    assert h.lulus is False and "29 Februari 2024" in h.pesan and "28 Februari 2026" in h.pesan
    assert cek(layak, "masa_jabatan", hari_ini=dt.date(2026, 2, 28)).lulus is True
