"""manage.py hitung_ulang."""

import pytest
from django.core.management import CommandError, call_command

from bebankerja.models import PeriodeAbk, SnapshotUnit, UnitPerluHitung


def test_hitung_ulang_without_units_recomputes_the_whole_active_periode(contoh, capsys):
    call_command("hitung_ulang")

    assert SnapshotUnit.objects.count() == 4
    assert not UnitPerluHitung.objects.exists()
    assert "ABK 2026: 4 unit, 5 baris" in capsys.readouterr().out


def test_hitung_ulang_with_unit_codes_recomputes_only_those(contoh):
    call_command("hitung_ulang", "--unit", "DINKES26", "KEC26")

    assert set(SnapshotUnit.objects.values_list("unit__kode", flat=True)) == {"DINKES26", "KEC26"}


def test_hitung_ulang_names_unknown_units(contoh):
    with pytest.raises(CommandError, match="Unit kerja tidak ditemukan: TIDAKADA"):
        call_command("hitung_ulang", "--unit", "DINKES26", "TIDAKADA")


def test_hitung_ulang_of_another_periode(contoh):
    PeriodeAbk.objects.create(tahun=2027)

    call_command("hitung_ulang", "--periode", "2027")

    # 2027 has no tasks: only posts with people get rows.
    assert SnapshotUnit.objects.filter(periode__tahun=2027).count() == 4
    assert not SnapshotUnit.objects.filter(periode__tahun=2026).exists()


def test_hitung_ulang_without_an_active_periode_says_so(db):
    with pytest.raises(CommandError, match="Belum ada periode ABK yang aktif"):
        call_command("hitung_ulang")
