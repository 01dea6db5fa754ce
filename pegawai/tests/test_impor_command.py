"""`manage.py impor_pegawai FILE`: prints counts, or every error and exits 1."""

import io

import pytest
from django.core.management import CommandError, call_command

from pegawai.models import Pegawai

from .test_impor_bantuan import baris_pegawai, celery_eager, tulis_csv  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_command_imports_a_good_file_and_prints_the_counts(cast, tmp_path):
    path = tulis_csv(tmp_path / "baik.csv", [baris_pegawai(i) for i in range(4)])
    out = io.StringIO()
    call_command("impor_pegawai", str(path), stdout=out)
    assert "4 baru, 0 diubah, 0 tidak berubah" in out.getvalue()
    assert Pegawai.objects.count() == 10


def test_the_command_prints_every_error_and_exits_1_writing_nothing(cast, tmp_path):
    rows = [baris_pegawai(i) for i in range(4)]
    rows[1]["kode_unit"] = "ENTAH"
    rows[3]["golongan"] = "Z"
    path = tulis_csv(tmp_path / "buruk.csv", rows)
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("impor_pegawai", str(path), stderr=err)
    assert exc.value.returncode == 1
    assert "2 kesalahan di 2 baris" in str(exc.value)
    lines = err.getvalue().splitlines()
    assert lines == [
        "Baris 3, kolom kode_unit (nilai 'ENTAH'): kode unit kerja tidak dikenal",
        "Baris 5, kolom golongan (nilai 'Z'): golongan tidak dikenal untuk PNS "
        "(I/a sampai IV/e)",
    ]
    assert Pegawai.objects.count() == 6


def test_the_command_takes_the_kind_of_import(cast, tmp_path):
    path = tulis_csv(tmp_path / "jab.csv", [{"kode": "ANALIS", "nama": "Analis",
                                             "jenis": "ahli_muda", "kelas": "9",
                                             "pendidikan_minimal": "S1"}])
    out = io.StringIO()
    call_command("impor_pegawai", str(path), "--jenis", "jabatan", stdout=out)
    assert "Impor jabatan selesai" in out.getvalue()


def test_a_missing_file_is_an_error(db):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("impor_pegawai", "/tidak/ada.csv")


def test_the_command_exits_with_status_1_from_the_shell(cast, tmp_path):
    """Through manage.py itself (the exit code a script sees)."""
    from django.core.management import ManagementUtility

    path = tulis_csv(tmp_path / "buruk.csv", [baris_pegawai(1, golongan="Z")])
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "impor_pegawai", str(path)]).execute()
    assert exc.value.code == 1
