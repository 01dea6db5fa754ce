"""Fixtures of the ABK tests: the domain's worked example as data.

The generic fixtures (celery_eager, celery_worker, fast hasher) are in the root conftest.py.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from bebankerja import services
from bebankerja.models import PeriodeAbk
from pegawai.models import JenisUnit
from pegawai.tests.factories import JabatanFactory, PegawaiFactory, UnitFactory


@pytest.fixture
def periode(db):
    return PeriodeAbk.objects.create(tahun=2026, aktif=True)


def _tugas(uraian, volume, norma, satuan_hasil="dokumen"):
    return {"uraian": uraian, "satuan_hasil": satuan_hasil, "volume": Decimal(volume),
            "norma_waktu": Decimal(norma)}


@pytest.fixture
def contoh(periode):
    """The worked example of docs/domain.md and docs/abk.md as rows, under its own Pemda.

    Pemda ─┬─ Dinas Kesehatan: PLK (3 tasks, 149,040 min, 1 in post), PU (2 tasks,
           │  60,000 min, 3 in post) ── Puskesmas Contoh (1 PLK in post, no tasks)
           ├─ Kecamatan Contoh: PU (120,000 min, 1 in post)
           └─ Dinas Perhubungan: PU (75,000 min, 2 in post)
    """
    c = SimpleNamespace(periode=periode)
    c.plk = JabatanFactory(kode="PLK", nama="Pengelola Layanan Kesehatan", kelas=7)
    c.pu = JabatanFactory(kode="PUM", nama="Pengadministrasi Umum", kelas=5)
    c.pemda = UnitFactory(kode="PEMDA26", nama="Pemerintah Kabupaten Contoh",
                          jenis=JenisUnit.PEMDA)
    c.dinkes = UnitFactory(kode="DINKES26", nama="Dinas Kesehatan", induk=c.pemda)
    c.puskesmas = UnitFactory(kode="PKM26", nama="Puskesmas Contoh", induk=c.dinkes,
                              jenis=JenisUnit.PUSKESMAS)
    c.kecamatan = UnitFactory(kode="KEC26", nama="Kecamatan Contoh", induk=c.pemda,
                              jenis=JenisUnit.KECAMATAN)
    c.dishub = UnitFactory(kode="DISHUB26", nama="Dinas Perhubungan", induk=c.pemda)

    services.tugas_bulk_replace(aktor=None, periode=periode, unit=c.dinkes, jabatan=c.plk, rows=[
        _tugas("Memverifikasi laporan puskesmas", 1200, 45, "laporan"),
        _tugas("Menyusun rekap data kesehatan", 48, 480, "rekap"),
        _tugas("Memproses berkas izin praktik", 2400, 30, "berkas"),
    ])
    services.tugas_bulk_replace(aktor=None, periode=periode, unit=c.dinkes, jabatan=c.pu, rows=[
        _tugas("Mengagendakan surat masuk", 6000, 5, "surat"),
        _tugas("Mengarsipkan dokumen", 3000, 10),
    ])
    services.tugas_bulk_replace(aktor=None, periode=periode, unit=c.kecamatan, jabatan=c.pu, rows=[
        _tugas("Melayani surat pengantar", 12000, 10, "surat"),
    ])
    services.tugas_bulk_replace(aktor=None, periode=periode, unit=c.dishub, jabatan=c.pu, rows=[
        _tugas("Mengagendakan surat masuk", 7500, 10, "surat"),
    ])
    c.plk_dinkes = PegawaiFactory(unit=c.dinkes, jabatan=c.plk)
    c.pu_dinkes = [PegawaiFactory(unit=c.dinkes, jabatan=c.pu) for _ in range(3)]
    c.plk_puskesmas = PegawaiFactory(unit=c.puskesmas, jabatan=c.plk)
    c.pu_kecamatan = PegawaiFactory(unit=c.kecamatan, jabatan=c.pu)
    c.pu_dishub = [PegawaiFactory(unit=c.dishub, jabatan=c.pu) for _ in range(2)]
    c.unit_ids = [c.dinkes.pk, c.puskesmas.pk, c.kecamatan.pk, c.dishub.pk]
    return c
