"""The fixed cast every test can use (CONVENTIONS.md, Tests).

Pemda ─┬─ Dinas Kesehatan (head: kepala_asal) ── Puskesmas Kota (sub-unit)
       └─ Dinas Perhubungan (head: kepala_tujuan)
pegawai_biasa works in Dinas Kesehatan; outsider works in Dinas Perhubungan;
bkd is in the "Staf BKD" group and is also an employee of the BKD unit.
"""

import pytest
from django.contrib.auth.models import Group

from pegawai.access import GRUP_BKD
from pegawai.models import JenisJabatan, JenisUnit
from pegawai.tests.factories import JabatanFactory, PegawaiFactory, UnitFactory, UserFactory


class Cast:
    pass


@pytest.fixture
def cast(db):
    c = Cast()
    c.j_kadis = JabatanFactory(kode="KADIS", nama="Kepala Dinas", jenis=JenisJabatan.JPT_PRATAMA,
                               kelas=14, pendidikan_minimal="S1")
    c.j_kapus = JabatanFactory(kode="KAPUS", nama="Kepala Puskesmas",
                               jenis=JenisJabatan.PENGAWAS, kelas=9, pendidikan_minimal="S1")
    c.j_pelaksana = JabatanFactory(kode="PU", nama="Pengadministrasi Umum")
    c.j_kaban = JabatanFactory(kode="KABAN", nama="Kepala Badan",
                               jenis=JenisJabatan.JPT_PRATAMA, kelas=14)
    c.pemda = UnitFactory(kode="PEMDA", nama="Pemerintah Kabupaten Contoh", jenis=JenisUnit.PEMDA)
    c.dinkes = UnitFactory(kode="DINKES", nama="Dinas Kesehatan", induk=c.pemda,
                           jabatan_kepala=c.j_kadis)
    c.puskesmas = UnitFactory(kode="PKM1", nama="Puskesmas Kota", induk=c.dinkes,
                              jenis=JenisUnit.PUSKESMAS, jabatan_kepala=c.j_kapus)
    c.dishub = UnitFactory(kode="DISHUB", nama="Dinas Perhubungan", induk=c.pemda,
                           jabatan_kepala=c.j_kadis)
    c.bkd_unit = UnitFactory(kode="BKD", nama="Badan Kepegawaian Daerah", induk=c.pemda,
                             jenis=JenisUnit.BADAN, jabatan_kepala=c.j_kaban)

    def person(username, unit, jabatan, **kw):
        user = UserFactory(username=username)
        p = PegawaiFactory(unit=unit, jabatan=jabatan, user=user, **kw)
        return user, p

    c.u_pegawai, c.pegawai = person("pegawai", c.dinkes, c.j_pelaksana)
    c.u_kepala_asal, c.kepala_asal = person("kepala_asal", c.dinkes, c.j_kadis)
    c.u_kepala_tujuan, c.kepala_tujuan = person("kepala_tujuan", c.dishub, c.j_kadis)
    c.u_outsider, c.outsider = person("outsider", c.dishub, c.j_pelaksana)
    c.u_kapus, c.kapus = person("kapus", c.puskesmas, c.j_kapus)
    c.u_bkd, c.staf_bkd = person("bkd", c.bkd_unit, c.j_pelaksana)
    c.u_bkd.groups.add(Group.objects.get_or_create(name=GRUP_BKD)[0])
    c.u_admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    return c
