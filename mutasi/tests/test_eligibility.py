"""Each eligibility rule, its default, its setting and its plain reason."""

import datetime as dt
from decimal import Decimal

import pytest

from bebankerja.models import PeriodeAbk, TugasJabatan
from mutasi.eligibility import aturan_berlaku, periksa_kelayakan, tmt_cpns_dari_nip
from mutasi.models import AsalPermohonan
from pegawai.nip import make_nip
from pegawai.tests.factories import PegawaiFactory

HARI_INI = dt.date(2026, 11, 25)
SENDIRI = AsalPermohonan.PERMINTAAN_SENDIRI


def cek(cast, kode, asal=SENDIRI, **kw):
    hasil = periksa_kelayakan(pegawai=cast.pegawai, unit_tujuan=kw.pop("unit", cast.dishub),
                              jabatan_tujuan=kw.pop("jabatan", cast.j_pelaksana),
                              asal_permohonan=asal, hari_ini=kw.pop("hari_ini", HARI_INI), **kw)
    return hasil, hasil.get(kode)


def ubah(p, **fields):
    for k, v in fields.items():
        setattr(p, k, v)
    p.save()


def test_an_eligible_employee_passes_every_rule_with_only_the_abk_warning(layak):
    hasil, _ = cek(layak, "cpns")
    assert hasil.layak
    assert [h.kode for h in hasil.peringatan] == ["kebutuhan_tujuan"]
    assert "Data ABK belum tersedia" in hasil.get("kebutuhan_tujuan").pesan


def test_cpns_cannot_request(layak):
    ubah(layak.pegawai, status_asn="CPNS")
    hasil, h = cek(layak, "cpns")
    assert h.lulus is False and not hasil.layak
    assert "CPNS tidak dapat mengajukan mutasi" in h.pesan


def test_tmt_cpns_is_read_from_nip_digits_9_to_14():
    assert tmt_cpns_dari_nip("199005052015031007") == dt.date(2015, 3, 1)
    assert tmt_cpns_dari_nip("19900505201521 1007".replace(" ", "")) is None  # PPPK code


@pytest.mark.parametrize("tmt_cpns,lulus", [
    (dt.date(2020, 11, 1), True),   # TMT PNS 1 Nov 2021 + 5 years = 1 Nov 2026 ≤ today
    (dt.date(2020, 12, 1), False),  # TMT PNS 1 Dec 2021 + 5 = 1 Dec 2026 > today
])
def test_lock_in_is_five_years_from_tmt_pns(layak, tmt_cpns, lulus):
    p = layak.pegawai
    ubah(p, nip=make_nip(p.tanggal_lahir, tmt_cpns, p.jenis_kelamin, 11))
    _, h = cek(layak, "masa_ikatan")
    assert h.lulus is lulus
    if not lulus:
        assert "masa ikatan 5 tahun" in h.pesan and "1 Desember 2026" in h.pesan


def test_lock_in_per_formation_year_is_a_setting(layak, settings):
    settings.MUTASI_ATURAN = {**settings.MUTASI_ATURAN,
                              "masa_ikatan_per_formasi": [[2010, 8], [2015, 12]]}
    _, h = cek(layak, "masa_ikatan")  # TMT CPNS March 2015 → TMT PNS March 2016 + 12 years
    assert h.lulus is False and "12 tahun" in h.pesan and "1 Maret 2028" in h.pesan


def test_minimum_two_years_in_current_post(layak):
    ubah(layak.pegawai, tmt_jabatan=dt.date(2025, 1, 1))
    _, h = cek(layak, "masa_jabatan")
    assert h.lulus is False and "Belum 2 tahun" in h.pesan and "1 Januari 2027" in h.pesan
    ubah(layak.pegawai, tmt_jabatan=dt.date(2024, 11, 25))
    assert cek(layak, "masa_jabatan")[1].lulus is True


def test_disciplinary_punishment_and_study_leave_block(layak):
    ubah(layak.pegawai, hukuman_disiplin=True, tugas_belajar=True)
    hasil, _ = cek(layak, "cpns")
    assert {h.kode for h in hasil.gagal} == {"hukuman_disiplin", "tugas_belajar"}


def test_not_within_one_year_of_retirement_age(layak):
    # pelaksana: BUP 58. Born 1 Jun 1969 → BUP 1 Jun 2027, within a year of 25 Nov 2026.
    ubah(layak.pegawai, tanggal_lahir=dt.date(1969, 6, 1))
    _, h = cek(layak, "bup")
    assert h.lulus is False and "58 tahun" in h.pesan
    ubah(layak.pegawai, tanggal_lahir=dt.date(1968, 12, 1))
    # Same birth date, a JPT Pratama post: BUP 60 → 2028, more than a year away.
    ubah(layak.pegawai, jabatan=layak.j_kadis)
    assert cek(layak, "bup")[1].lulus is True


def test_education_below_the_target_minimum_fails_competence_fit(layak):
    ubah(layak.pegawai, pendidikan="SMA")
    _, h = cek(layak, "pendidikan", jabatan=layak.j_kapus)
    assert h.lulus is False
    assert "SMA/SMK di bawah pendidikan minimal S-1" in h.pesan
    ubah(layak.pegawai, pendidikan="D4")  # D-IV counts as S-1
    assert cek(layak, "pendidikan", jabatan=layak.j_kapus)[1].lulus is True


def _abk(cast, volume):
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    TugasJabatan.objects.create(
        periode=periode, unit=cast.dishub, jabatan=cast.j_pelaksana, uraian="Surat masuk",
        satuan_hasil="surat", volume=Decimal(volume), norma_waktu=Decimal(5),
        beban_menit=Decimal(volume) * 5)
    return periode


def test_receiving_unit_must_lack_staff_for_the_position(layak):
    _abk(layak, 30000)  # 150,000 min = 2 needed; 1 in post (outsider) → deficit 1
    _, h = cek(layak, "kebutuhan_tujuan")
    assert h.lulus is True and "kekurangan 1 pegawai" in h.pesan


def test_receiving_unit_without_deficit_fails_with_the_figures(layak):
    _abk(layak, 6000)  # 30,000 min → need 0 (0.4 rounds down); 1 in post → surplus
    _, h = cek(layak, "kebutuhan_tujuan")
    assert h.lulus is False
    assert "tidak kekurangan pegawai (kebutuhan 0, bezetting 1, selisih +1)" in h.pesan


def test_a_bkd_exception_lifts_the_block_but_keeps_the_reason_visible(layak):
    ubah(layak.pegawai, hukuman_disiplin=True)
    hasil, h = cek(layak, "hukuman_disiplin", dikecualikan=("hukuman_disiplin",))
    assert hasil.layak and h.lulus is False and h.dikecualikan


def test_organisational_need_skips_the_rules_that_protect_the_employee(layak):
    ubah(layak.pegawai, tmt_jabatan=dt.date(2026, 1, 1), status_asn="CPNS")
    hasil, _ = cek(layak, "cpns", asal=AsalPermohonan.KEBUTUHAN_ORGANISASI)
    assert hasil.layak
    assert set(aturan_berlaku(AsalPermohonan.KEBUTUHAN_ORGANISASI)) == {
        "hukuman_disiplin", "tugas_belajar", "bup", "kebutuhan_tujuan", "pendidikan"}


def test_a_rule_can_be_switched_off_per_pemda(layak, settings):
    settings.MUTASI_ATURAN = {**settings.MUTASI_ATURAN, "tugas_belajar_dilarang": False}
    ubah(layak.pegawai, tugas_belajar=True)
    hasil, h = cek(layak, "tugas_belajar")
    assert h is None and hasil.layak


def test_pppk_is_not_bound_by_the_pns_lock_in(cast):
    p = PegawaiFactory(status_asn="PPPK", unit=cast.dinkes, jabatan=cast.j_pelaksana)
    hasil = periksa_kelayakan(pegawai=p, unit_tujuan=cast.dishub, jabatan_tujuan=cast.j_pelaksana,
                              asal_permohonan=SENDIRI, hari_ini=HARI_INI)
    assert hasil.get("masa_ikatan").lulus is True
