"""Issue 11 item 16: the Pemda's identity is data that BKD edits in the app."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pegawai.models import ProfilPemda

URL = reverse("pegawai:profil_pemda")


def _png(lebar=40, tinggi=40):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (lebar, tinggi), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _data(**extra):
    return {"nama_pemda": "Pemerintah Kabupaten Manna Raya",
            "kepala_daerah": "Bupati Manna Raya", "nama_kepala_daerah": "Rahmat Hidayat",
            "tempat_penetapan": "Manna", "penandatangan_nama": "RAHMAT HIDAYAT",
            "penandatangan_nip": "", "penandatangan_jabatan": "Bupati Manna Raya",
            "format_nomor": "821.2/{n:03d}/BKPSDM/{tahun}", **extra}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_until_bkd_fills_it_the_profile_comes_from_the_settings(db, settings):
    profil = ProfilPemda.ambil()
    assert profil.nama_pemda == settings.MUTASI_SK["pemda"]
    assert profil.format_nomor == settings.MUTASI_SK["format_nomor"]
    assert ProfilPemda.ambil().pk == profil.pk == 1


def test_bkd_edits_the_profile_and_the_next_decree_uses_it(client, cast):
    client.force_login(cast.u_bkd)
    assert client.get(URL).status_code == 200
    r = client.post(URL, _data(logo=SimpleUploadedFile("lambang.png", _png())))
    assert r.status_code == 302
    profil = ProfilPemda.ambil()
    assert (profil.nama_pemda, profil.tempat_penetapan, profil.diubah_oleh) == (
        "Pemerintah Kabupaten Manna Raya", "Manna", cast.u_bkd)
    assert profil.logo.name.startswith("pemda/logo-") and profil.logo.name.endswith(".png")
    from mutasi import keputusan

    assert keputusan.nomor_sk(urut=7, tahun=2026) == "821.2/007/BKPSDM/2026"
    # a later save without a file keeps the logo; "hapus logo" removes it
    client.post(URL, _data(tempat_penetapan="Manna Kota"))
    assert ProfilPemda.ambil().logo
    client.post(URL, _data(hapus_logo="on"))
    assert not ProfilPemda.ambil().logo


@pytest.mark.parametrize("nama,isi,pesan", [
    ("logo.png", b"MZ\x90\x00" + b"\x00" * 100, "PNG atau JPEG menurut isinya"),
    ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "rusak atau bukan gambar"),
    ("logo.png", b"", "kosong"),
    ("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (600 * 1024), "melebihi batas"),
])
def test_a_logo_is_checked_by_content_and_size(client, cast, nama, isi, pesan):
    client.force_login(cast.u_bkd)
    r = client.post(URL, _data(logo=SimpleUploadedFile(nama, isi)))
    assert r.status_code == 200
    assert any(pesan in e for e in r.context["form"].errors["logo"])
    assert ProfilPemda.ambil().nama_pemda != "Pemerintah Kabupaten Manna Raya"


@pytest.mark.parametrize("pola,pesan", [
    ("800/BKPSDM/{tahun}", "harus memuat {n}"),
    ("800/{nomor}/{tahun}", "tidak dapat dipakai"),
    ("800/{n:04d/{tahun}", "tidak dapat dipakai"),
    ("X" * 97 + "{n}", "lebih dari 100 karakter"),
])
def test_a_number_pattern_that_cannot_number_decrees_is_refused(client, cast, pola, pesan):
    client.force_login(cast.u_bkd)
    r = client.post(URL, _data(format_nomor=pola))
    assert r.status_code == 200
    assert any(pesan in e for e in r.context["form"].errors["format_nomor"])


@pytest.mark.parametrize("who", ["u_pegawai", "u_kepala_asal"])
def test_only_bkd_edits_the_profile(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data()).status_code == 403
    assert ProfilPemda.ambil().nama_pemda != "Pemerintah Kabupaten Manna Raya"
