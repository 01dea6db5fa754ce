"""Who may change ABK: the write services refuse a non-BKD actor themselves, not only the views."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from bebankerja import access, services
from bebankerja.models import PeriodeAbk, TugasJabatan, UnitPerluHitung

BARIS = [{"uraian": "Mengagendakan surat", "satuan_hasil": "surat", "volume": Decimal(100),
          "norma_waktu": Decimal(5)}]


@pytest.fixture
def periode(db):
    return PeriodeAbk.objects.create(tahun=2026, aktif=True)


@pytest.mark.parametrize("peran", ["u_pegawai", "u_kepala_asal"])
def test_every_abk_write_refuses_an_actor_who_is_not_bkd(cast, periode, peran):
    aktor = getattr(cast, peran)
    assert not access.boleh_ubah_abk(aktor)
    lain = PeriodeAbk.objects.create(tahun=2027)
    writes = [
        lambda: services.tugas_bulk_replace(periode=periode, unit=cast.dinkes,
                                            jabatan=cast.j_pelaksana, rows=BARIS, aktor=aktor),
        lambda: services.periode_save(periode=PeriodeAbk(tahun=2028), aktor=aktor),
        lambda: services.periode_activate(periode=lain, aktor=aktor),
        lambda: services.abk_copy_periode(dari=periode, ke=lain, aktor=aktor),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert not TugasJabatan.objects.exists()
    assert not UnitPerluHitung.objects.exists()
    assert set(PeriodeAbk.objects.values_list("tahun", "aktif")) == {(2026, True), (2027, False)}


def test_bkd_and_the_system_may_write(cast, periode):
    assert access.boleh_ubah_abk(cast.u_bkd)
    services.tugas_bulk_replace(periode=periode, unit=cast.dinkes, jabatan=cast.j_pelaksana,
                                rows=BARIS, aktor=cast.u_bkd)
    services.tugas_bulk_replace(periode=periode, unit=cast.dishub, jabatan=cast.j_pelaksana,
                                rows=BARIS, aktor=None)
    assert TugasJabatan.objects.count() == 2
