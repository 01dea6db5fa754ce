"""The demo Pemda's ABK tells the seeds' story on the dashboard."""

import pytest
from django.core.management import call_command

from bebankerja.models import IndeksPemdaRiwayat, SnapshotJabatan, SnapshotUnit
from pegawai.models import UnitKerja


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", "--paksa", verbosity=0)
        yield
        from bebankerja.models import PeriodeAbk
        from pegawai.demo import demo_reset

        demo_reset()
        PeriodeAbk.objects.all().delete()


def _subtree_selisih(nama):
    opd = UnitKerja.objects.get(nama=nama, kedalaman=1)
    rows = SnapshotUnit.objects.filter(unit__path__startswith=opd.path)
    return sum(r.selisih for r in rows), rows


@pytest.mark.django_db
def test_dinas_kesehatan_is_short_and_dinas_perhubungan_overstaffed(demo):
    kes, _rows = _subtree_selisih("Dinas Kesehatan")
    hub, _rows = _subtree_selisih("Dinas Perhubungan")
    assert kes < 0, kes
    assert hub > 0, hub


@pytest.mark.django_db
def test_most_units_lie_in_between(demo):
    grades = list(SnapshotUnit.objects.exclude(grade="").values_list("grade", flat=True))
    middle = sum(1 for g in grades if g in ("B", "C", "D"))
    assert middle > len(grades) / 2


@pytest.mark.django_db
def test_dinas_kesehatan_holds_the_worked_example(demo):
    dinkes = UnitKerja.objects.get(nama="Dinas Kesehatan", kedalaman=1)
    plk = SnapshotJabatan.objects.get(unit=dinkes, jabatan__nama="Pengelola Layanan Kesehatan")
    pu = SnapshotJabatan.objects.get(unit=dinkes, jabatan__nama="Pengadministrasi Umum")
    assert (str(plk.kebutuhan_exact), plk.bezetting, plk.selisih, plk.grade) == (
        "1.9872", 1, -1, "A")
    assert (str(pu.ej), pu.bezetting, pu.selisih, pu.grade) == ("0.2667", 3, 2, "E")


@pytest.mark.django_db
def test_the_pemda_index_exists_and_some_posts_are_empty(demo):
    assert IndeksPemdaRiwayat.objects.exists()
    assert SnapshotJabatan.objects.filter(bezetting=0).exists()
