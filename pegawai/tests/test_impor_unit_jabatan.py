"""Import of units (with parents in the same file) and of positions."""

import pytest

from pegawai.impor import impor_file
from pegawai.models import Jabatan, UnitKerja

from .test_impor_bantuan import celery_eager, tulis_csv, tulis_xlsx  # noqa: F401

pytestmark = pytest.mark.django_db


def _impor(path, jenis):
    return impor_file(fileobj_or_path=path, nama_file=path.name, jenis=jenis)


def _alasan(hasil):
    return {(g.baris, g.kolom): g.alasan for g in hasil.galat}


def test_units_may_name_parents_defined_later_in_the_same_file(cast, tmp_path):
    rows = [
        {"kode": "SEKSI-A", "nama": "Seksi A", "jenis": "seksi", "kode_induk": "BID-1",
         "kode_jabatan_kepala": ""},
        {"kode": "BID-1", "nama": "Bidang Satu", "jenis": "Bidang", "kode_induk": "DINKES",
         "kode_jabatan_kepala": "KAPUS"},
        {"kode": "0107", "nama": "UPT Nol", "jenis": "upt", "kode_induk": "",
         "kode_jabatan_kepala": ""},
    ]
    hasil = _impor(tulis_xlsx(tmp_path / "unit.xlsx", rows), "unit")

    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert (hasil.baru, hasil.diubah, hasil.tetap) == (3, 0, 0)
    seksi = UnitKerja.objects.select_related("induk__induk").get(kode="SEKSI-A")
    assert seksi.induk.kode == "BID-1" and seksi.induk.induk == cast.dinkes
    assert seksi.induk.jabatan_kepala == cast.j_kapus and seksi.induk.jenis == "bidang"
    # The tree paths were refreshed: the new units sit in Dinkes's subtree.
    assert set(UnitKerja.objects.subtree(cast.dinkes).values_list("kode", flat=True)) >= {
        "DINKES", "PKM1", "BID-1", "SEKSI-A"}
    assert UnitKerja.objects.get(kode="0107").induk is None


def test_units_are_upserted_by_code_and_a_new_parent_moves_the_subtree(cast, tmp_path):
    rows = [{"kode": "PKM1", "nama": "Puskesmas Kota Baru", "jenis": "puskesmas",
             "kode_induk": "DISHUB"},
            {"kode": "DINKES", "nama": "Dinas Kesehatan", "jenis": "dinas",
             "kode_induk": "PEMDA"}]
    hasil = _impor(tulis_csv(tmp_path / "unit.csv", rows), "unit")
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert (hasil.baru, hasil.diubah, hasil.tetap) == (0, 1, 1)
    pkm = UnitKerja.objects.get(kode="PKM1")
    assert pkm.nama == "Puskesmas Kota Baru" and pkm.induk == cast.dishub
    assert pkm.jabatan_kepala == cast.j_kapus  # column left out: kept
    assert pkm in UnitKerja.objects.subtree(cast.dishub)


def test_unit_problems_are_all_reported_and_nothing_is_written(cast, tmp_path):
    rows = [
        {"kode": "X1", "nama": "Unit X1", "jenis": "kantor", "kode_induk": "X2"},
        {"kode": "X2", "nama": "Unit X2", "jenis": "kantor", "kode_induk": "X1"},   # cycle
        {"kode": "X3", "nama": "Unit X3", "jenis": "warung", "kode_induk": ""},
        {"kode": "X4", "nama": "Unit X4", "jenis": "seksi", "kode_induk": "ENTAH"},
        {"kode": "X1", "nama": "Lagi", "jenis": "seksi", "kode_induk": ""},
        {"kode": "X5", "nama": "", "jenis": "seksi", "kode_induk": "X5"},
    ]
    hasil = _impor(tulis_csv(tmp_path / "unit.csv", rows), "unit")
    alasan = _alasan(hasil)
    assert "lingkaran" in alasan[(2, "kode_induk")] and "lingkaran" in alasan[(3, "kode_induk")]
    assert "jenis unit tidak dikenal" in alasan[(4, "jenis")]
    assert "induk tidak dikenal" in alasan[(5, "kode_induk")]
    assert "sama dengan baris 2" in alasan[(6, "kode")]
    assert alasan[(7, "nama")] == "wajib diisi"
    assert "dirinya" in alasan[(7, "kode_induk")]
    assert not UnitKerja.objects.filter(kode__startswith="X").exists()


def test_positions_are_upserted_by_code(cast, tmp_path):
    rows = [
        {"kode": "PU", "nama": "Pengadministrasi Umum", "jenis": "pelaksana", "kelas": 6,
         "pendidikan_minimal": "SMA"},
        {"kode": "ANKES", "nama": "Analis Kesehatan", "jenis": "Fungsional Ahli Pertama",
         "kelas": "8", "pendidikan_minimal": "S-1"},
    ]
    hasil = _impor(tulis_xlsx(tmp_path / "jab.xlsx", rows), "jabatan")
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert (hasil.baru, hasil.diubah, hasil.tetap) == (1, 1, 0)
    assert Jabatan.objects.get(kode="PU").kelas == 6
    j = Jabatan.objects.get(kode="ANKES")
    assert (j.jenis, j.kelas, j.pendidikan_minimal) == ("ahli_pertama", 8, "S1")
    again = _impor(tulis_xlsx(tmp_path / "jab2.xlsx", rows), "jabatan")
    assert (again.baru, again.diubah, again.tetap) == (0, 0, 2)


def test_position_problems_are_reported(cast, tmp_path):
    rows = [
        {"kode": "J1", "nama": "J1", "jenis": "pelaksana", "kelas": "18",
         "pendidikan_minimal": "SMA"},
        {"kode": "J2", "nama": "J2", "jenis": "menteri", "kelas": "5",
         "pendidikan_minimal": "SMA"},
        {"kode": "J3", "nama": "J3", "jenis": "pelaksana", "kelas": "lima",
         "pendidikan_minimal": "TK"},
    ]
    hasil = _impor(tulis_csv(tmp_path / "jab.csv", rows), "jabatan")
    alasan = _alasan(hasil)
    assert "1–17" in alasan[(2, "kelas")] and "1–17" in alasan[(4, "kelas")]
    assert "jenis jabatan tidak dikenal" in alasan[(3, "jenis")]
    assert "pendidikan tidak dikenal" in alasan[(4, "pendidikan_minimal")]
    assert not Jabatan.objects.filter(kode__in=["J1", "J2", "J3"]).exists()
