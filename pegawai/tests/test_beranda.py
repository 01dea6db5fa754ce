"""The home page's own cards (the apps above add panels: mutasi/tests/test_panel.py,
bebankerja/tests/test_panel.py)."""

import pytest
from django.urls import reverse

from pegawai.models import ImporJob

pytestmark = pytest.mark.django_db


def _job(nama, status, **kw):
    return ImporJob.objects.create(jenis=ImporJob.Jenis.PEGAWAI, nama_file=nama, status=status,
                                   **kw)


def test_bkd_sees_the_last_three_imports_newest_first_with_their_outcome(client, cast):
    _job("lama.xlsx", ImporJob.Status.SELESAI)
    _job("selesai.xlsx", ImporJob.Status.SELESAI, jumlah_baru=12, jumlah_diubah=3)
    gagal = _job("salah.csv", ImporJob.Status.GAGAL, jumlah_galat=7)
    jalan = _job("besar.csv", ImporJob.Status.BERJALAN, persen=40)
    client.force_login(cast.u_bkd)
    r = client.get(reverse("beranda"))
    assert [j.nama_file for j in r.context["impor_terakhir"]] == [
        "besar.csv", "salah.csv", "selesai.xlsx"]
    html = r.content.decode()
    assert 'data-testid="beranda-impor"' in html
    assert "40%" in html and "7 kesalahan, tidak ada yang ditulis" in html
    assert "12 baru, 3 diubah" in html
    assert reverse("pegawai:impor_status", args=[jalan.pk]) in html
    assert reverse("pegawai:impor_status", args=[gagal.pk]) in html
    assert "lama.xlsx" not in html


def test_bkd_without_imports_is_pointed_to_the_import_page(client, cast):
    client.force_login(cast.u_bkd)
    html = client.get(reverse("beranda")).content.decode()
    assert "Belum ada impor data." in html
    assert reverse("pegawai:impor") in html


@pytest.mark.parametrize("siapa", ["u_kepala_asal", "u_pegawai"])
def test_only_bkd_sees_the_imports(client, cast, siapa):
    _job("rahasia.xlsx", ImporJob.Status.SELESAI)
    client.force_login(getattr(cast, siapa))
    r = client.get(reverse("beranda"))
    assert "impor_terakhir" not in r.context
    assert "rahasia.xlsx" not in r.content.decode()
