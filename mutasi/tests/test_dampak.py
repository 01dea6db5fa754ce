"""The impact preview, against the worked example of docs/domain.md / docs/abk.md."""

from decimal import Decimal

from bebankerja.models import PeriodeAbk, TugasJabatan
from mutasi.dampak import dampak_pindah
from pegawai.tests.factories import JabatanFactory, PegawaiFactory, UnitFactory


def _tugas(periode, unit, jabatan, *pairs):
    for volume, norma in pairs:
        TugasJabatan.objects.create(
            periode=periode, unit=unit, jabatan=jabatan, uraian="t", satuan_hasil="x",
            volume=Decimal(volume), norma_waktu=Decimal(norma),
            beban_menit=Decimal(volume) * Decimal(norma))


def _contoh(cast):
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    plk = JabatanFactory(nama="Pengelola Layanan Kesehatan")
    pu = JabatanFactory(nama="Pengadministrasi Umum")
    dinkes = UnitFactory(nama="Dinas Kesehatan (contoh)", induk=cast.pemda)
    kec = UnitFactory(nama="Kecamatan (contoh)", induk=cast.pemda)
    _tugas(periode, dinkes, plk, (1200, 45), (48, 480), (2400, 30))
    _tugas(periode, dinkes, pu, (6000, 5), (3000, 10))
    _tugas(periode, kec, pu, (24000, 5))  # 120,000 minutes: need 2
    PegawaiFactory(unit=dinkes, jabatan=plk)
    pindah, *_ = [PegawaiFactory(unit=dinkes, jabatan=pu) for _ in range(3)]
    PegawaiFactory(unit=kec, jabatan=pu)
    return pindah, kec, pu


def test_moving_one_pengadministrasi_umum_matches_the_worked_example(cast):
    pindah, kec, pu = _contoh(cast)
    d = dampak_pindah(pegawai=pindah, unit_tujuan=kec, jabatan_tujuan=pu, dengan_indeks=True)
    asal = d.jabatan_asal
    assert (asal.sebelum.kebutuhan, asal.sebelum.bezetting, asal.sebelum.selisih) == (1, 3, 2)
    assert (asal.sesudah.bezetting, asal.sesudah.selisih) == (2, 1)
    assert asal.sesudah.efisiensi_tampil == Decimal("0.4000") and asal.sesudah.grade == "E"
    assert d.unit_asal.sebelum.efisiensi_tampil == Decimal("0.6968")
    assert d.unit_asal.sebelum.grade == "D"
    assert d.unit_asal.sesudah.efisiensi_tampil == Decimal("0.9291")
    assert d.unit_asal.sesudah.grade == "B"
    tujuan = d.jabatan_tujuan
    assert (tujuan.sebelum.selisih, tujuan.sesudah.selisih) == (-1, 0)
    assert d.tujuan_kekurangan is True
    # a surplus-to-deficit move lowers the imbalance by 2 and raises the score
    assert (d.indeks_sebelum.ketidakseimbangan - d.indeks_sesudah.ketidakseimbangan) == 2
    assert d.skor_delta > 0
    assert not any("kekurangan pegawai pada" in w for w in d.peringatan)


def test_moving_out_of_a_short_post_warns_that_it_deepens_the_deficit(cast):
    pindah, kec, pu = _contoh(cast)
    # the other way round: from the kecamatan (already short) to the dinkes (surplus)
    asal = PegawaiFactory(unit=kec, jabatan=pu)  # kec now 2 in post, need 2
    d = dampak_pindah(pegawai=asal, unit_tujuan=pindah.unit, jabatan_tujuan=pu)
    assert d.jabatan_asal.membuka_kekurangan
    assert any("membuka kekurangan" in w for w in d.peringatan)
    assert d.tujuan_kekurangan is False


def test_without_an_active_periode_only_bezetting_is_shown(cast):
    d = dampak_pindah(pegawai=cast.pegawai, unit_tujuan=cast.dishub,
                      jabatan_tujuan=cast.j_pelaksana, dengan_indeks=True)
    assert d.jabatan_tujuan.sebelum.bezetting == 1 and d.jabatan_tujuan.sesudah.bezetting == 2
    assert d.jabatan_tujuan.sebelum.selisih is None and d.tujuan_kekurangan is None
    assert d.indeks_sebelum is None
    assert d.peringatan == ["Data ABK belum tersedia: belum ada periode ABK yang aktif."]
