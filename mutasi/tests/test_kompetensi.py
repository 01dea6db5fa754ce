"""Competence fit compares education level and field (issue 11, item 17).

The probe: a civil engineer (S.T.) passed for Perawat Terampil and the "Di mana Anda
dibutuhkan" panel suggested nursing posts to him; a Kepala Puskesmas (kelas 9) asking for a
kelas 5 post got no warning.
"""

import pytest
from django.urls import reverse

from mutasi.dampak import dampak_pindah
from mutasi.eligibility import periksa_kelayakan
from mutasi.models import AsalPermohonan
from pegawai.models import JenisJabatan
from pegawai.tests.factories import JabatanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def perawat(layak):
    c = layak
    c.j_perawat = JabatanFactory(kode="PRW", nama="Perawat Terampil", jenis=JenisJabatan.TERAMPIL,
                                 kelas=5, pendidikan_minimal="D3", rumpun="Keperawatan")
    c.pegawai.pendidikan, c.pegawai.rumpun = "S1", "Teknik Sipil"
    c.pegawai.save()
    return c


def _pendidikan(c, jabatan):
    k = periksa_kelayakan(pegawai=c.pegawai, unit_tujuan=c.dishub, jabatan_tujuan=jabatan,
                          asal_permohonan=AsalPermohonan.PERMINTAAN_SENDIRI)
    return k.get("pendidikan")


def test_an_engineer_does_not_pass_for_a_nursing_post(perawat):
    h = _pendidikan(perawat, perawat.j_perawat)
    assert h.lulus is False and "Teknik Sipil" in h.pesan and "Keperawatan" in h.pesan


def test_the_same_field_passes_whatever_its_case_and_spaces(perawat):
    perawat.pegawai.rumpun = "  keperawatan "
    perawat.pegawai.save()
    assert _pendidikan(perawat, perawat.j_perawat).lulus is True


def test_a_post_without_a_field_asks_only_the_level(perawat):
    assert _pendidikan(perawat, perawat.j_pelaksana).lulus is True


def test_the_panel_does_not_suggest_posts_the_employee_cannot_hold(perawat, client):
    client.force_login(perawat.u_pegawai)
    r = client.get(reverse("mutasi:saran_unit"), {"jabatan": perawat.j_perawat.pk})
    html = r.content.decode()
    assert "Anda belum memenuhi syarat jabatan Perawat Terampil" in html
    assert "bidang pendidikan Keperawatan" in html


def test_a_drop_in_kelas_jabatan_is_a_warning_every_reviewer_sees(perawat):
    c = perawat
    # The Kepala Puskesmas (kelas 9) to a kelas 5 post.
    d = dampak_pindah(pegawai=c.kapus, unit_tujuan=c.dishub, jabatan_tujuan=c.j_perawat)
    assert any("Kelas jabatan turun dari 9" in w for w in d.peringatan)
    d = dampak_pindah(pegawai=c.pegawai, unit_tujuan=c.dishub, jabatan_tujuan=c.j_pelaksana)
    assert not any("Kelas jabatan turun" in w for w in d.peringatan)
