"""The demo Pemda shows the planner: willing employees, groups, a saved plan and scenario."""

import pytest
from django.core.management import call_command

from mutasi.models import GrupJabatanSetara, RencanaMutasi, Skenario
from mutasi.perencana import layanan
from pegawai.models import Pegawai


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", "--paksa", verbosity=0)
        yield
        from bebankerja.models import PeriodeAbk
        from pegawai.demo import demo_reset

        demo_reset()
        PeriodeAbk.objects.all().delete()
        GrupJabatanSetara.objects.all().delete()


@pytest.mark.django_db
def test_demo_has_a_saved_plan_with_fresh_eligible_moves(demo):
    assert Pegawai.objects.filter(bersedia_mutasi=True).count() > 100
    assert Pegawai.objects.exclude(unit_pilihan=None).exists()
    assert GrupJabatanSetara.objects.count() == 2
    rencana = RencanaMutasi.objects.get()
    assert rencana.status == "selesai" and rencana.rasio == 1.0 and rencana.tahun_horizon
    sk = Skenario.objects.get()
    assert sk.pindah.count() == rencana.pengurangan // 2 > 15  # the count matching covers 15
    ev = layanan.evaluasi_skenario(sk)
    assert ev.jumlah_layak == ev.jumlah_pindah
    assert not layanan.skenario_basi(sk).ada
