"""What-if ABK changes of a scenario (issue 13 §3): a jabatan's need or a task's volume/norm,
recomputed with bebankerja.abk and the periode's settings; bad input refused in Bahasa
Indonesia with nothing written; the charts' data on the scenario and comparison pages."""

import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bebankerja import keseimbangan
from bebankerja.models import SnapshotJabatan, TugasJabatan
from mutasi.models import SkenarioAbk, SkenarioPindah
from mutasi.perencana import layanan
from mutasi.tests.test_perencana_layanan import HARI, abkdata  # noqa: F401  (fixture)


def tugas(c, unit, jabatan, volume, norma, satuan="menit", urutan=0):
    t = TugasJabatan(periode=c.periode, unit=unit, jabatan=jabatan, uraian=f"Tugas {urutan}",
                     satuan_hasil="dokumen", volume=Decimal(volume), norma_waktu=Decimal(norma),
                     satuan_norma=satuan, urutan=urutan)
    t.beban_menit = t.hitung_beban()
    t.save()
    return t


@pytest.fixture
def tugasdata(abkdata):  # noqa: F811
    """Dinas Perhubungan's pelaksana: 2,000 × 75 min + 1,000 × 75 min = 225,000 min/year,
    need 3 at WKE 75,000 (as its snapshot row says), 1 in post."""
    c = abkdata
    c.t1 = tugas(c, c.dishub, c.j_pelaksana, 2000, 75, urutan=1)
    c.t2 = tugas(c, c.dishub, c.j_pelaksana, 1000, 75, urutan=2)
    c.t_lain = tugas(c, c.dinkes, c.j_pelaksana, 100, 60, urutan=1)
    c.sk = layanan.skenario_buat(nama="ABK", periode=c.periode, aktor=c.u_bkd)
    return c


def _rows(c, kebutuhan=None, beban=None):
    kebutuhan, beban = kebutuhan or {}, beban or {}
    return [keseimbangan.BarisJabatan(r.unit_id, r.jabatan_id, kebutuhan.get(r.kunci, r.kebutuhan),
                             r.bezetting, beban.get(r.kunci, r.beban_menit))
            for r in (keseimbangan.BarisJabatan(s.unit_id, s.jabatan_id, s.kebutuhan, s.bezetting,
                                       s.beban_menit)
                      for s in SnapshotJabatan.objects.filter(periode=c.periode))]


# t1 volume 2,000 → 3,000 (225,000 min) and t2 norma 75 → 80 min (80,000 min):
# 305,000 min = 4.0667 people. half up 4, floor 4, ceil per jabatan 5, ceil per task 3 + 2 = 5.
@pytest.mark.parametrize("pembulatan, kebutuhan", [
    ("half_up", 4), ("floor_jabatan", 4), ("ceil_jabatan", 5), ("ceil_tugas", 5)])
def test_task_change_recomputes_need_and_ej_by_hand(tugasdata, pembulatan, kebutuhan):
    c = tugasdata
    c.periode.pembulatan = pembulatan
    c.periode.save()
    c.sk.refresh_from_db()
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.dishub, jabatan=c.j_pelaksana,
                                tugas=c.t1, volume_baru=Decimal(3000))
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.dishub, jabatan=c.j_pelaksana,
                                tugas=c.t2, norma_baru=Decimal(80))
    ev = layanan.evaluasi_skenario(c.sk, hari_ini=HARI)
    assert [(r.kebutuhan_sebelum, r.kebutuhan_sesudah) for r in ev.abk] == [(3, kebutuhan)] * 2
    # EJ = workload / (staff × WKE): 225,000 / 75,000 = 3; 305,000 / 75,000 = 4.0667
    assert {(r.ej_sebelum, r.ej_sesudah) for r in ev.abk} == {(Decimal("3.0000"),
                                                               Decimal("4.0667"))}
    kunci = (c.dishub.pk, c.j_pelaksana.pk)
    # before |+3| + |−2| = 5; after Dinas Perhubungan is short by kebutuhan − 1
    assert ev.indeks_sesudah.ketidakseimbangan == 3 + kebutuhan - 1
    assert ev.indeks_sesudah == keseimbangan.indeks_pemda(
        _rows(c, {kunci: kebutuhan}, {kunci: Decimal(305000)}), c.periode.settings)
    unit = {r.id: r for r in ev.per_unit}[c.dishub.pk]
    assert (unit.kebutuhan_sebelum, unit.kebutuhan_sesudah) == (4, 1 + kebutuhan)


def test_task_change_with_a_move_and_a_direct_change_winning(tugasdata):
    c = tugasdata
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.dishub, jabatan=c.j_pelaksana,
                                tugas=c.t1, volume_baru=Decimal(3000))  # 300,000 min: need 4
    layanan.skenario_tambah_pindah(skenario=c.sk, pegawai=c.pegawai, ke_unit=c.dishub,
                                   ke_jabatan=c.j_pelaksana)
    ev = layanan.evaluasi_skenario(c.sk, hari_ini=HARI)
    r = ev.abk[0]
    # 300,000 / (2 × 75,000) = 2 after the move
    assert (r.kebutuhan_sesudah, r.ej_sesudah) == (4, Decimal("2.0000"))
    assert (r.volume_lama, r.volume_baru, r.uraian) == (Decimal(2000), Decimal(3000), "Tugas 1")
    # the same figures again through the service: the change is replaced, not duplicated
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.dishub, jabatan=c.j_pelaksana,
                                tugas=c.t1, volume_baru=Decimal(3000))
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.dishub, jabatan=c.j_pelaksana,
                                kebutuhan_baru=2)
    assert SkenarioAbk.objects.filter(skenario=c.sk).count() == 2
    ev = layanan.evaluasi_skenario(c.sk, hari_ini=HARI)
    assert {r.kebutuhan_sesudah for r in ev.abk} == {2}
    assert ev.indeks_sesudah.ketidakseimbangan == 2  # +2 at Dinkes, 0 at Dishub
    # the stale check reads the same need: the move still fills a shortage
    m = c.sk.pindah.get()
    assert m.pk not in layanan.skenario_basi(c.sk, hari_ini=HARI).pindah


@pytest.fixture
def bkd(client, tugasdata):
    client.force_login(tugasdata.u_bkd)
    return client


def _pesan(r):
    return " ".join(str(m) for m in r.context["messages"])


@pytest.mark.parametrize("isian, pesan", [
    ({"kebutuhan_baru": "-1"}, "Kebutuhan baru tidak boleh negatif."),
    ({"kebutuhan_baru": "100000"}, "Kebutuhan baru paling banyak 10000."),
    ({"kebutuhan_baru": "x"}, "Kebutuhan baru harus bilangan bulat."),
    ({}, "Isi kebutuhan baru, atau pilih tugas"),
    ({"volume_baru": "5"}, "Pilih tugas yang volume atau norma waktunya diubah."),
    ({"unit": "puskesmas", "kebutuhan_baru": "2"}, "tidak ada dalam angka ABK periode 2026"),
    ({"unit": "999999", "kebutuhan_baru": "2"}, "Unit tidak dikenal."),
    ({"tugas": "t1", "volume_baru": "-5"}, "Volume baru tidak boleh negatif."),
    ({"tugas": "t1", "norma_baru": "abc"}, "Norma waktu baru harus berupa angka."),
    ({"tugas": "t1", "volume_baru": "99999999"}, "Volume baru paling banyak 1.000.000."),
    ({"tugas": "t1", "norma_baru": "1.234"}, "paling banyak 2 angka di belakang koma"),
    ({"tugas": "t1"}, "Isi volume baru atau norma waktu baru tugas."),
    ({"tugas": "t1", "volume_baru": "5", "kebutuhan_baru": "2"}, "tidak keduanya"),
    ({"tugas": "t_lain", "volume_baru": "5"}, "bukan tugas"),
    ({"tugas": "t1", "volume_baru": "900000", "norma_baru": "99999"},
     "Periksa volume dan norma waktu"),
])
def test_bad_abk_change_is_refused_in_bahasa_and_writes_nothing(bkd, tugasdata, isian, pesan):
    c = tugasdata
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.dishub, jabatan=c.j_pelaksana,
                                tugas=c.t1, volume_baru=Decimal(2500))
    sebelum = list(SkenarioAbk.objects.values_list("id", "volume_baru", "norma_baru",
                                                   "kebutuhan_baru"))
    data = {"unit": c.dishub.pk, "jabatan": c.j_pelaksana.pk, **isian}
    if data["unit"] == "puskesmas":
        data["unit"] = c.puskesmas.pk
    if "tugas" in data:
        data["tugas"] = getattr(c, data["tugas"]).pk
    r = bkd.post(reverse("mutasi:perencana_abk_tambah", args=[c.sk.pk]), data, follow=True)
    assert r.status_code == 200
    assert pesan in _pesan(r)
    assert list(SkenarioAbk.objects.values_list("id", "volume_baru", "norma_baru",
                                                "kebutuhan_baru")) == sebelum


def test_abk_change_from_the_page_shown_everywhere_and_removed(bkd, tugasdata):
    c = tugasdata
    url = reverse("mutasi:perencana_skenario", args=[c.sk.pk])
    # step 1: the tasks of a unit and jabatan
    r = bkd.get(url, {"abk_unit": c.dishub.pk, "abk_jabatan": c.j_pelaksana.pk})
    html = r.content.decode()
    assert 'data-testid="form-abk-tugas"' in html and "Tugas 1" in html
    r = bkd.post(reverse("mutasi:perencana_abk_tambah", args=[c.sk.pk]),
                 {"unit": c.dishub.pk, "jabatan": c.j_pelaksana.pk, "tugas": c.t1.pk,
                  "volume_baru": "3000"}, follow=True)
    assert "disimpan di skenario" in _pesan(r)
    html = r.content.decode()
    assert 'data-testid="perubahan-abk"' in html and "2000 → 3000" in html
    assert "3 → 4" in html  # need of Dinas Perhubungan's pelaksana
    r = bkd.get(url, {"cetak": 1})
    assert "2000 → 3000" in r.content.decode()
    r = bkd.get(reverse("mutasi:perencana_skenario_ekspor", args=[c.sk.pk]))
    ws = load_workbook(io.BytesIO(r.content))["Perubahan ABK"]
    baris = [c_.value for c_ in ws[2]]
    assert baris[:3] == [c.dishub.nama, c.j_pelaksana.nama, "Tugas 1"]
    assert [None if v is None else float(v) for v in baris[3:11]] == [
        2000, 3000, 75, None, 3, 4, 3, 4]  # volume, norma, need, EJ before → after
    r = bkd.get(reverse("mutasi:perencana_banding"), {"a": c.sk.pk, "b": c.sk.pk})
    assert r.content.decode().count("2000 → 3000") == 2
    ubah = SkenarioAbk.objects.get()
    r = bkd.post(reverse("mutasi:perencana_abk_hapus", args=[c.sk.pk, ubah.pk]), follow=True)
    assert "dihapus" in _pesan(r) and not SkenarioAbk.objects.exists()
    r = bkd.post(reverse("mutasi:perencana_abk_hapus", args=[c.sk.pk, ubah.pk]), follow=True)
    assert "tidak ada di skenario ini" in _pesan(r)


def _json(html, id_):
    m = re.search(rf'<script id="{id_}" type="application/json">(.*?)</script>', html, re.S)
    assert m, id_
    return json.loads(m.group(1))


def test_chart_data_on_scenario_and_comparison_pages(bkd, tugasdata):
    c = tugasdata
    layanan.skenario_tambah_pindah(skenario=c.sk, pegawai=c.pegawai, ke_unit=c.dishub,
                                   ke_jabatan=c.j_pelaksana)
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.bkd_unit, jabatan=c.j_pelaksana,
                                kebutuhan_baru=4)
    r = bkd.get(reverse("mutasi:perencana_skenario", args=[c.sk.pk]))
    html = r.content.decode()
    assert 'src="/static/js/perencana.js"' in html or "js/perencana.js" in html
    assert 'id="grafik-unit" role="img"' in html and 'id="grafik-indeks" role="img"' in html
    unit = _json(html, "data-grafik-unit")
    # BKD: need 1 → 4 (selisih 0 → −3); Dinkes +3 → +2; Dishub −2 → −1
    assert unit["labels"] == [c.bkd_unit.nama, c.dinkes.nama, c.dishub.nama]
    assert [s["data"] for s in unit["seri"]] == [[0, 3, -2], [-3, 2, -1]]
    indeks = _json(html, "data-grafik-indeks")
    ev = r.context["ev"]
    assert indeks["ketidakseimbangan"] == [5, 6] == [ev.indeks_sebelum.ketidakseimbangan,
                                                     ev.indeks_sesudah.ketidakseimbangan]
    assert indeks["skor"] == [float(round(ev.indeks_sebelum.skor, 2)),
                              float(round(ev.indeks_sesudah.skor, 2))]
    lain = layanan.skenario_buat(nama="Kosong", periode=c.periode, aktor=c.u_bkd)
    r = bkd.get(reverse("mutasi:perencana_banding"), {"a": c.sk.pk, "b": lain.pk})
    html = r.content.decode()
    unit = _json(html, "data-grafik-unit")
    assert [s["label"] for s in unit["seri"]] == ["Hari ini", "ABK", "Kosong"]
    assert [s["data"] for s in unit["seri"]] == [[0, 3, -2], [-3, 2, -1], [0, 3, -2]]
    assert _json(html, "data-grafik-indeks")["ketidakseimbangan"] == [5, 6, 5]
    assert 'data-testid="banding-unit"' in html  # the table behind the chart
    assert " style=" not in html


def test_scenario_page_query_count_does_not_grow_with_abk_changes(bkd, tugasdata):
    c = tugasdata
    url = reverse("mutasi:perencana_skenario", args=[c.sk.pk])
    SkenarioPindah.objects.create(skenario=c.sk, pegawai=c.pegawai, dari_unit=c.dinkes,
                                  dari_jabatan=c.j_pelaksana, ke_unit=c.dishub,
                                  ke_jabatan=c.j_pelaksana, urutan=1)

    def hitung():
        with CaptureQueriesContext(connection) as q:
            r = bkd.get(url)
        assert r.status_code == 200
        return len(q), len(r.context["ev"].abk)

    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.dishub, jabatan=c.j_pelaksana,
                                tugas=c.t1, volume_baru=Decimal(2100))
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.bkd_unit, jabatan=c.j_pelaksana,
                                kebutuhan_baru=2)
    satu = hitung()
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.dishub, jabatan=c.j_pelaksana,
                                tugas=c.t2, norma_baru=Decimal(90))
    layanan.skenario_abk_simpan(skenario=c.sk, unit=c.dinkes, jabatan=c.j_pelaksana,
                                tugas=c.t_lain, volume_baru=Decimal(200))
    for unit, jab in ((c.dinkes, c.j_kadis), (c.dishub, c.j_kadis), (c.puskesmas, c.j_kapus)):
        layanan.skenario_abk_simpan(skenario=c.sk, unit=unit, jabatan=jab, kebutuhan_baru=2)
    banyak = hitung()
    assert (satu[1], banyak[1]) == (2, 7)
    assert satu[0] == banyak[0], (satu, banyak)
