"""The planner's Django side: inputs from the database, the plan task, what-if, stale moves,
edits and requests from a scenario (mutasi/perencana/data.py, layanan.py)."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from bebankerja import keseimbangan
from bebankerja.models import PeriodeAbk, SnapshotJabatan
from mutasi.eligibility import aturan_berlaku, periksa_kelayakan
from mutasi.models import (
    AsalPermohonan,
    GrupJabatanSetara,
    PermohonanMutasi,
    RencanaMutasi,
    Skenario,
    SkenarioAbk,
    SkenarioPindah,
)
from mutasi.perencana import data, layanan
from mutasi.tests.factories import jadikan_layak
from pegawai.kompetensi import alasan_tidak_kompeten, kompeten
from pegawai.models import Pegawai
from pegawai.tests.factories import JabatanFactory, PegawaiFactory

HARI = dt.date(2026, 6, 1)
WKE = Decimal(75000)


def snap(periode, unit, jabatan, kebutuhan, bezetting, beban=None):
    beban = Decimal(kebutuhan) * WKE if beban is None else beban
    return SnapshotJabatan.objects.create(
        periode=periode, unit=unit, jabatan=jabatan, beban_menit=beban,
        kebutuhan_exact=kebutuhan, kebutuhan=kebutuhan, bezetting=bezetting,
        selisih=bezetting - kebutuhan, dihitung="2026-05-01T00:00:00Z")


@pytest.fixture
def abkdata(cast):
    """Dinas Kesehatan has 3 pelaksana and needs none (+3); Dinas Perhubungan has 1 and
    needs 3 (−2). cast.pegawai and `dua` are eligible, `dihukum` is under discipline."""
    c = cast
    jadikan_layak(c.pegawai)
    c.dua = jadikan_layak(PegawaiFactory(unit=c.dinkes, jabatan=c.j_pelaksana))
    c.dihukum = jadikan_layak(PegawaiFactory(unit=c.dinkes, jabatan=c.j_pelaksana))
    c.dihukum.hukuman_disiplin = True
    c.dihukum.save()
    c.periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    p = c.periode
    snap(p, c.dinkes, c.j_pelaksana, 0, 3, beban=Decimal(100000))
    snap(p, c.dishub, c.j_pelaksana, 3, 1)
    snap(p, c.bkd_unit, c.j_pelaksana, 1, 1)
    snap(p, c.dinkes, c.j_kadis, 1, 1)
    snap(p, c.dishub, c.j_kadis, 1, 1)
    snap(p, c.puskesmas, c.j_kapus, 1, 1)
    return c


def opsi(**kw):
    return data.OpsiRencana(tanggal=HARI, **kw)


# --- competence ---------------------------------------------------------------------------


def test_kompeten_checks_level_and_field():
    assert kompeten(pendidikan="S1", rumpun="", pendidikan_minimal="D3", rumpun_jabatan="")
    assert kompeten(pendidikan="D4", rumpun="x", pendidikan_minimal="S1", rumpun_jabatan="")
    assert alasan_tidak_kompeten(pendidikan="SMA", rumpun="Kesehatan", pendidikan_minimal="D3",
                                 rumpun_jabatan="kesehatan ") == ("pendidikan",)
    assert alasan_tidak_kompeten(pendidikan="S2", rumpun="Hukum", pendidikan_minimal="S1",
                                 rumpun_jabatan="Kesehatan") == ("rumpun",)
    assert not kompeten(pendidikan="S1", rumpun="", pendidikan_minimal="S1",
                        rumpun_jabatan="Kesehatan")


# --- bulk eligibility agrees with eligibility.periksa_kelayakan --------------------------


@pytest.mark.parametrize("hari", [dt.date(2019, 1, 1), HARI, dt.date(2031, 7, 1)])
def test_bulk_person_rules_agree_with_periksa_kelayakan(cast, hari):
    muda = dt.date(1990, 5, 5)
    orang = [
        PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana),
        PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana, status_asn="CPNS"),
        PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana, status_asn="PPPK"),
        PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana, hukuman_disiplin=True),
        PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana, tugas_belajar=True),
        PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana, pendidikan="SMA"),
        PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_kadis, lahir=dt.date(1971, 2, 28)),
        PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana, lahir=muda,
                       tmt_cpns=dt.date(2021, 1, 1), tmt_jabatan=dt.date(2025, 12, 1)),
        PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana, lahir=dt.date(1968, 6, 2)),
    ]
    tujuan = cast.j_kadis  # S-1 minimum
    kode = aturan_berlaku(AsalPermohonan.PERMINTAAN_SENDIRI)  # every rule
    jab = data.muat_jabatan()
    rows = {p.id: p for p in data.muat_orang(Pegawai.objects.filter(pk__in=[o.pk for o in orang]))}
    for o in orang:
        o = Pegawai.objects.select_related("jabatan").get(pk=o.pk)
        harapan = {h.kode for h in periksa_kelayakan(
            pegawai=o, unit_tujuan=cast.dishub, jabatan_tujuan=tujuan,
            asal_permohonan=AsalPermohonan.PERMINTAAN_SENDIRI, hari_ini=hari).gagal}
        p = rows[o.pk]
        dapat = set(data.gagal_pribadi(p, jab[p.jabatan_id], hari, kode))
        if data.gagal_pendidikan(p, jab[tujuan.pk]):
            dapat.add("pendidikan")
        assert dapat == harapan - {"kebutuhan_tujuan"}, (o.nama, hari)


# --- inputs and the plan ------------------------------------------------------------------


def test_periode_without_figures_is_refused_in_bahasa(cast):
    PeriodeAbk.objects.create(tahun=2025)
    with pytest.raises(data.DataError, match="belum memiliki angka"):
        data.periode_dengan_angka(2025)
    with pytest.raises(data.DataError, match="tidak ada"):
        data.periode_dengan_angka(1999)
    with pytest.raises(data.DataError):
        layanan.rencana_buat(periode=PeriodeAbk.objects.get(tahun=2025), opsi=opsi(),
                             aktor=cast.u_bkd)
    assert not RencanaMutasi.objects.exists()


def test_muat_input_marks_candidates(abkdata):
    c = abkdata
    m = data.muat_input(c.periode, opsi())
    by = {k.pegawai_id: k for k in m.kandidat}
    assert set(by) == {c.pegawai.pk, c.dua.pk, c.dihukum.pk}
    assert by[c.pegawai.pk].layak and by[c.dua.pk].layak
    assert by[c.dihukum.pk].alasan_tidak_layak == ("hukuman_disiplin",)
    assert by[c.pegawai.pk].masa_jabatan_hari == (HARI - dt.date(2018, 1, 1)).days
    # below the minimum education of their own jabatan: a request would fail `pendidikan`
    c.j_pelaksana.pendidikan_minimal = "D3"
    c.j_pelaksana.save()
    Pegawai.objects.filter(pk=c.dua.pk).update(pendidikan="SMA")
    by = {k.pegawai_id: k for k in data.muat_input(c.periode, opsi()).kandidat}
    assert by[c.dua.pk].alasan_tidak_layak == ("pendidikan",)


def test_horizon_removes_retirements_and_options_exclude(abkdata):
    c = abkdata
    # dua reaches BUP 58 in 2028: gone from the projected staff at horizon 2029.
    Pegawai.objects.filter(pk=c.dua.pk).update(tanggal_lahir=dt.date(1970, 3, 3))
    m = data.muat_input(c.periode, opsi(tahun_horizon=2029))
    row = next(b for b in m.baris if (b.unit_id, b.jabatan_id) == (c.dinkes.pk,
                                                                   c.j_pelaksana.pk))
    assert row.bezetting == 2 and m.jumlah_pensiun >= 1  # the cast's elders retire too
    assert c.dua.pk not in {k.pegawai_id for k in m.kandidat}
    m = data.muat_input(c.periode, opsi(jarak_bup_tahun=3))
    by = {k.pegawai_id: k for k in m.kandidat}
    assert "dekat_bup" in by[c.dua.pk].alasan_tidak_layak
    assert not by[c.pegawai.pk].alasan_tidak_layak


def test_unit_head_is_excluded_by_option(abkdata):
    c = abkdata
    # the head's row becomes a surplus
    SnapshotJabatan.objects.filter(unit=c.dinkes, jabatan=c.j_kadis).update(kebutuhan=0,
                                                                            selisih=1)
    jadikan_layak(c.kepala_asal)
    by = {k.pegawai_id: k for k in data.muat_input(c.periode, opsi()).kandidat}
    assert by[c.kepala_asal.pk].alasan_tidak_layak == ("kepala_unit",)
    by = {k.pegawai_id: k for k in data.muat_input(
        c.periode, opsi(kecuali_kepala_unit=False)).kandidat}
    assert by[c.kepala_asal.pk].layak


def test_group_competence_limits_target_jabatan(abkdata):
    c = abkdata
    lain = JabatanFactory(kode="PK", nama="Pengolah Kesehatan", rumpun="Kesehatan")
    g = GrupJabatanSetara.objects.create(nama="Pelaksana kelas 5")
    g.jabatan.set([c.j_pelaksana, lain])
    Pegawai.objects.filter(pk=c.dua.pk).update(rumpun="kesehatan")
    by = {k.pegawai_id: k for k in data.muat_input(c.periode, opsi()).kandidat}
    assert by[c.dua.pk].boleh_ke_jabatan == frozenset({lain.pk})
    assert by[c.pegawai.pk].boleh_ke_jabatan == frozenset()


def test_plan_end_to_end_through_the_task(abkdata, django_capture_on_commit_callbacks):
    c = abkdata
    with django_capture_on_commit_callbacks(execute=True):
        r = layanan.rencana_buat(periode=c.periode, opsi=opsi(), aktor=c.u_bkd)
    r.refresh_from_db()
    assert r.status == "selesai", r.pesan
    assert (r.ketidakseimbangan_awal, r.ketidakseimbangan_akhir) == (5, 1)
    assert (r.pengurangan, r.batas, r.rasio, r.persen) == (4, 4, 1.0, 100)
    sk = r.skenario.get()
    moves = list(sk.pindah.order_by("urutan"))
    assert {m.pegawai_id for m in moves} == {c.pegawai.pk, c.dua.pk}
    assert all((m.ke_unit_id, m.ke_jabatan_id) == (c.dishub.pk, c.j_pelaksana.pk)
               for m in moves)
    assert moves[0].alasan == ["sama_jabatan", "sama_opd"] or "lintas_opd" in moves[0].alasan
    # a second delivery of the same task does nothing
    assert layanan.rencana_jalankan(rencana_id=r.pk) is None
    assert Skenario.objects.count() == 1


def test_plan_with_cap_leaves_uncovered_with_reason(abkdata, django_capture_on_commit_callbacks):
    c = abkdata
    with django_capture_on_commit_callbacks(execute=True):
        r = layanan.rencana_buat(periode=c.periode, opsi=opsi(maks_pindah_total=1),
                                 aktor=c.u_bkd)
    r.refresh_from_db()
    assert r.pengurangan == 2
    assert r.tak_tertutup == [{"unit_id": c.dishub.pk, "jabatan_id": c.j_pelaksana.pk,
                               "kurang": 1, "alasan": "batas_opsi", "rincian": []}]


# --- what-if -------------------------------------------------------------------------------


def _skenario(c, *pegawai, tujuan=None):
    sk = layanan.skenario_buat(nama="Uji", periode=c.periode, aktor=c.u_bkd)
    for p in pegawai:
        layanan.skenario_tambah_pindah(skenario=sk, pegawai=p, ke_unit=tujuan or c.dishub,
                                       ke_jabatan=c.j_pelaksana)
    return sk


def _semua_baris(periode):
    return [keseimbangan.BarisJabatan(s.unit_id, s.jabatan_id, s.kebutuhan, s.bezetting,
                                      s.beban_menit)
            for s in SnapshotJabatan.objects.filter(periode=periode)]


def test_whatif_matches_hand_figures_and_indeks_pemda(abkdata):
    c = abkdata
    sk = _skenario(c, c.pegawai)
    ev = layanan.evaluasi_skenario(sk, hari_ini=HARI)
    # by hand: before |+3| + |−2| = 5 over 7 needed + 8 in post; after |+2| + |−1| = 3
    assert ev.indeks_sebelum.ketidakseimbangan == 5
    assert ev.indeks_sesudah.ketidakseimbangan == 3
    assert ev.indeks_sebelum.pindah_diperlukan == 2 and ev.indeks_sesudah.pindah_diperlukan == 1
    assert round(ev.indeks_sesudah.skor, 4) == Decimal("80.0000")
    rows = _semua_baris(c.periode)
    assert ev.indeks_sebelum == keseimbangan.indeks_pemda(rows, c.periode.settings)
    sesudah = keseimbangan.simulasi_pindah(rows, (c.dinkes.pk, c.j_pelaksana.pk),
                                  (c.dishub.pk, c.j_pelaksana.pk))
    assert ev.indeks_sesudah == keseimbangan.indeks_pemda(sesudah, c.periode.settings)
    assert ev.pindah[sk.pindah.get().pk].layak
    unit = {r.id: r for r in ev.per_unit}
    assert (unit[c.dishub.pk].bezetting_sebelum, unit[c.dishub.pk].bezetting_sesudah) == (2, 3)
    jab = {r.id: r for r in ev.per_jabatan}
    assert (jab[c.j_pelaksana.pk].kurang_sebelum, jab[c.j_pelaksana.pk].kurang_sesudah) == (2, 1)


def test_whatif_with_abk_change_and_ineligible_moves(abkdata):
    c = abkdata
    sk = _skenario(c, c.pegawai, c.dua, c.dihukum)
    SkenarioAbk.objects.create(skenario=sk, unit=c.dishub, jabatan=c.j_pelaksana,
                               kebutuhan_baru=2)
    ev = layanan.evaluasi_skenario(sk, hari_ini=HARI)
    hasil = [ev.pindah[m.pk] for m in sk.pindah.order_by("urutan")]
    # need 2, one in post: the first move fills it, the next two find no shortage
    assert [h.gagal for h in hasil] == [(), ("kebutuhan_tujuan",),
                                        ("hukuman_disiplin", "kebutuhan_tujuan")]
    rows = [keseimbangan.BarisJabatan(r.unit_id, r.jabatan_id,
                             2 if (r.unit_id, r.jabatan_id) == (c.dishub.pk, c.j_pelaksana.pk)
                             else r.kebutuhan, r.bezetting, r.beban_menit)
            for r in _semua_baris(c.periode)]
    rows = keseimbangan.simulasi_pindah(rows, (c.dinkes.pk, c.j_pelaksana.pk),
                               (c.dishub.pk, c.j_pelaksana.pk), 3)
    assert ev.indeks_sesudah == keseimbangan.indeks_pemda(rows, c.periode.settings)


def test_horizon_scenario_is_evaluated_at_its_horizon(abkdata):
    c = abkdata
    # The head of Dinas Perhubungan (BUP 60) retires on 1 January 2028: a vacancy in 2029.
    Pegawai.objects.filter(pk=c.kepala_tujuan.pk).update(tanggal_lahir=dt.date(1968, 1, 1))
    sk = _skenario(c)
    sk.tahun_horizon = 2029
    sk.save()
    layanan.skenario_tambah_pindah(skenario=sk, pegawai=c.pegawai, ke_unit=c.dishub,
                                   ke_jabatan=c.j_kadis)
    m = sk.pindah.get()
    ev = layanan.evaluasi_skenario(sk, hari_ini=HARI)
    assert "kebutuhan_tujuan" not in ev.pindah[m.pk].gagal
    pensiun = data.pensiun_sebelum(2029)
    assert c.kepala_tujuan.pk in pensiun[(c.dishub.pk, c.j_kadis.pk)]
    rows = [dataclasses.replace(r, bezetting=max(0, r.bezetting - len(pensiun.get(r.kunci, ()))))
            for r in _semua_baris(c.periode)]
    assert ev.indeks_sebelum == keseimbangan.indeks_pemda(rows, c.periode.settings)
    assert m.pk not in layanan.skenario_basi(sk, hari_ini=HARI).pindah
    sk.tahun_horizon = None
    sk.save()
    assert layanan.skenario_basi(sk, hari_ini=HARI).pindah[m.pk] == ["tujuan_tidak_kurang"]
    assert "kebutuhan_tujuan" in layanan.evaluasi_skenario(sk, hari_ini=HARI).pindah[m.pk].gagal


# --- stale moves ---------------------------------------------------------------------------


def test_stale_moves_say_why(abkdata, settings):
    c = abkdata
    tiga = jadikan_layak(PegawaiFactory(unit=c.dinkes, jabatan=c.j_pelaksana))
    empat = jadikan_layak(PegawaiFactory(unit=c.dinkes, jabatan=c.j_pelaksana))
    sk = _skenario(c, c.pegawai, c.dua, c.dihukum)
    SkenarioPindah.objects.create(skenario=sk, pegawai=tiga, dari_unit=c.dinkes,
                                  dari_jabatan=c.j_pelaksana, ke_unit=c.puskesmas,
                                  ke_jabatan=c.j_pelaksana, urutan=9)
    SkenarioPindah.objects.create(skenario=sk, pegawai=empat, dari_unit=c.dinkes,
                                  dari_jabatan=c.j_pelaksana, ke_unit=c.dishub,
                                  ke_jabatan=c.j_kadis, urutan=10)
    m = {p.pegawai_id: p.pk for p in sk.pindah.all()}
    basi = layanan.skenario_basi(sk, hari_ini=HARI)
    assert m[c.pegawai.pk] not in basi.pindah and m[c.dua.pk] not in basi.pindah
    # already disciplined, and the third move into a shortage of 2
    assert basi.pindah[m[c.dihukum.pk]] == ["tidak_layak", "tujuan_tidak_kurang"]
    Pegawai.objects.filter(pk=c.pegawai.pk).update(unit=c.bkd_unit)
    Pegawai.objects.filter(pk=c.dua.pk).update(aktif=False)
    basi = layanan.skenario_basi(sk, hari_ini=HARI)
    assert basi.pindah[m[c.pegawai.pk]] == ["sudah_pindah"]
    assert basi.pindah[m[c.dua.pk]] == ["tidak_aktif"]
    assert "tidak_layak" in basi.pindah[m[c.dihukum.pk]]
    # the puskesmas has no pelaksana row (no shortage), Dinas Perhubungan's head post is full
    assert basi.pindah[m[tiga.pk]] == ["tujuan_tidak_kurang"]
    assert basi.pindah[m[empat.pk]] == ["tujuan_tidak_kurang"]
    assert not basi.aturan_berubah
    settings.MUTASI_ATURAN = {**settings.MUTASI_ATURAN, "jarak_bup_tahun": 2}
    assert layanan.skenario_basi(sk, hari_ini=HARI).aturan_berubah


# --- edits ---------------------------------------------------------------------------------


def test_edits_refuse_a_person_moved_twice(abkdata):
    c = abkdata
    sk = _skenario(c, c.pegawai, c.dua)
    with pytest.raises(layanan.PerencanaError, match="sudah dipindahkan"):
        layanan.skenario_tambah_pindah(skenario=sk, pegawai=c.pegawai, ke_unit=c.bkd_unit,
                                       ke_jabatan=c.j_pelaksana)
    m1, m2 = sk.pindah.order_by("urutan")
    with pytest.raises(layanan.PerencanaError, match="sudah dipindahkan"):
        layanan.skenario_ganti_pegawai(skenario=sk, pindah_id=m1.pk, pegawai=c.dua)
    baru = layanan.skenario_ganti_pegawai(skenario=sk, pindah_id=m1.pk, pegawai=c.dihukum)
    assert baru.pegawai_id == c.dihukum.pk and "manual" in baru.alasan
    layanan.skenario_hapus_pindah(skenario=sk, pindah_id=m2.pk)
    assert list(sk.pindah.values_list("pegawai_id", flat=True)) == [c.dihukum.pk]
    with pytest.raises(layanan.PerencanaError, match="sama dengan"):
        layanan.skenario_tambah_pindah(skenario=sk, pegawai=c.dua, ke_unit=c.dinkes,
                                       ke_jabatan=c.j_pelaksana)


# --- requests from a scenario --------------------------------------------------------------


def test_requests_all_or_nothing(abkdata):
    c = abkdata
    sk = _skenario(c, c.pegawai, c.dihukum)
    ids = list(sk.pindah.values_list("id", flat=True))
    with pytest.raises(layanan.PerencanaError) as e:
        layanan.skenario_ke_permohonan(sk, ids, c.u_bkd)
    assert "Tidak ada permohonan yang dibuat" in str(e.value)
    assert len(e.value.rincian) == 1 and c.dihukum.nip in e.value.rincian[0]
    assert not PermohonanMutasi.objects.exists()
    assert not SkenarioPindah.objects.filter(permohonan__isnull=False).exists()

    dibuat = layanan.skenario_ke_permohonan(sk, ids, c.u_bkd,
                                            alasan_pengecualian="Kebutuhan mendesak")
    assert len(dibuat) == 2
    p = PermohonanMutasi.objects.get(pegawai=c.dihukum)
    assert p.asal_permohonan == "kebutuhan_organisasi" and p.status == "draft"
    assert p.aturan_dikecualikan == ["hukuman_disiplin"]
    assert p.riwayat.filter(aksi="override").exists()
    assert SkenarioPindah.objects.filter(permohonan__isnull=False).count() == 2
    with pytest.raises(layanan.PerencanaError, match="Tidak ada permohonan"):
        layanan.skenario_ke_permohonan(sk, ids[:1], c.u_bkd)
    assert PermohonanMutasi.objects.count() == 2


def test_requests_refuse_a_stale_move(abkdata):
    c = abkdata
    sk = _skenario(c, c.pegawai, c.dua)
    Pegawai.objects.filter(pk=c.dua.pk).update(unit=c.bkd_unit)
    with pytest.raises(layanan.PerencanaError) as e:
        layanan.skenario_ke_permohonan(sk, sk.pindah.values_list("id", flat=True), c.u_bkd)
    assert "basi" in e.value.rincian[0]
    assert not PermohonanMutasi.objects.exists()


# --- management command --------------------------------------------------------------------


def test_command_writes_json(abkdata, tmp_path, capsys):
    import json

    out = tmp_path / "rencana.json"
    call_command("rencana_mutasi", "--periode", "2026", "--tanggal", "2026-06-01",
                 "--json", str(out))
    d = json.loads(out.read_text())
    assert d["pengurangan"] == 4 and d["batas"] == 4 and d["rasio"] == 1.0
    assert {m["nip"] for m in d["pindah"]} == {abkdata.pegawai.nip, abkdata.dua.nip}
    assert d["pindah"][0]["ke_unit"] == "Dinas Perhubungan"
    call_command("rencana_mutasi", "--periode", "2026", "--tanggal", "2026-06-01")
    assert "2 pindah" in capsys.readouterr().out
    assert not Skenario.objects.exists()  # the command saves nothing


def test_command_refuses_unknown_periode(cast):
    with pytest.raises(CommandError, match="Periode ABK 1999 tidak ada"):
        call_command("rencana_mutasi", "--periode", "1999")
