"""Issue 11 items 11 and 13: each kind of request offers its own reasons, "other" reasons
need a detailed justification, every free text has a maximum, and the documents required
per reason fit the reason."""

import re

import pytest
from django.urls import reverse

from mutasi import services, workflow
from mutasi.models import (
    ALASAN_PER_ASAL,
    Alasan,
    AsalPermohonan,
    JenisDokumen,
    PermohonanMutasi,
    Status,
)
from mutasi.tests.factories import buat_permohonan
from mutasi.uploads import dokumen_wajib

ORGANISASI = {"pemerataan_beban_kerja", "rotasi", "pengembangan_karier", "organisasi_lainnya"}
PEGAWAI = {"kesehatan", "ikut_pasangan", "pengembangan_karier", "dekat_domisili", "lainnya"}
RINCI = "Unit tujuan kekurangan dua perawat menurut ABK 2026, unit asal kelebihan tiga."


def _opsi_alasan(html):
    select = re.search(r'<select name="alasan".*?</select>', html, re.S).group(0)
    return set(re.findall(r'<option value="([^"]+)"', select))


def _msgs(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_each_form_offers_only_its_own_reasons(client, layak):
    client.force_login(layak.u_bkd)
    assert _opsi_alasan(client.get(reverse("mutasi:buat_organisasi")).content.decode()) \
        == ORGANISASI
    client.force_login(layak.u_pegawai)
    assert _opsi_alasan(client.get(reverse("mutasi:buat")).content.decode()) == PEGAWAI


def test_the_edit_form_of_an_organisational_request_keeps_the_organisations_reasons(
        client, layak):
    p = buat_permohonan(layak, Status.DRAFT, asal=AsalPermohonan.KEBUTUHAN_ORGANISASI,
                        alasan="rotasi", dibuat_oleh=layak.u_bkd)
    client.force_login(layak.u_bkd)
    html = client.get(reverse("mutasi:ubah", args=[p.pk])).content.decode()
    assert _opsi_alasan(html) == ORGANISASI


@pytest.mark.parametrize("url,user,alasan", [
    ("mutasi:buat_organisasi", "u_bkd", "kesehatan"),
    ("mutasi:buat", "u_pegawai", "pemerataan_beban_kerja"),
])
def test_a_reason_of_the_other_kind_is_refused(client, layak, url, user, alasan):
    client.force_login(getattr(layak, user))
    r = client.post(reverse(url), {
        "nip": layak.pegawai.nip, "unit_tujuan": layak.dishub.pk,
        "jabatan_tujuan": layak.j_pelaksana.pk, "alasan": alasan, "justifikasi": RINCI})
    assert r.status_code == 200 and r.context["form"].errors["alasan"]
    assert not PermohonanMutasi.objects.exists()
    # the service refuses it too, whatever the path
    with pytest.raises(workflow.PermohonanError, match="tidak berlaku untuk"):
        services.permohonan_create(
            pegawai=layak.pegawai, aktor=getattr(layak, user), unit_tujuan=layak.dishub,
            jabatan_tujuan=layak.j_pelaksana, alasan=alasan, justifikasi=RINCI,
            asal_permohonan=(AsalPermohonan.KEBUTUHAN_ORGANISASI if user == "u_bkd"
                             else AsalPermohonan.PERMINTAAN_SENDIRI))


@pytest.mark.parametrize("url,user,alasan", [
    ("mutasi:buat", "u_pegawai", "lainnya"),
    ("mutasi:buat_organisasi", "u_bkd", "organisasi_lainnya"),
])
def test_other_reasons_need_a_detailed_justification(client, layak, settings, url, user,
                                                      alasan):
    settings.MUTASI_JUSTIFIKASI_MIN_RINCI = 30
    client.force_login(getattr(layak, user))
    data = {"nip": layak.pegawai.nip, "unit_tujuan": layak.dishub.pk,
            "jabatan_tujuan": layak.j_pelaksana.pk, "alasan": alasan, "justifikasi": "x"}
    r = client.post(reverse(url), data)
    assert r.status_code == 200
    (pesan,) = r.context["form"].errors["justifikasi"]
    assert "sedikitnya 30 karakter (sekarang 1)" in pesan
    assert not PermohonanMutasi.objects.exists()
    # 29 characters of spaces around one letter are still one character
    r = client.post(reverse(url), data | {"justifikasi": " " * 20 + "x" * 29 + " " * 20})
    assert r.status_code == 200
    r = client.post(reverse(url), data | {"justifikasi": RINCI})
    assert r.status_code == 302
    assert PermohonanMutasi.objects.get().alasan == alasan


def test_the_minimum_is_a_setting(client, layak, settings):
    settings.MUTASI_JUSTIFIKASI_MIN_RINCI = 5
    client.force_login(layak.u_pegawai)
    r = client.post(reverse("mutasi:buat"), {
        "unit_tujuan": layak.dishub.pk, "jabatan_tujuan": layak.j_pelaksana.pk,
        "alasan": "lainnya", "justifikasi": "Rinci"})
    assert r.status_code == 302


def test_no_free_text_takes_45000_characters(client, layak):
    panjang = "a" * 45_000
    client.force_login(layak.u_pegawai)
    r = client.post(reverse("mutasi:buat"), {
        "unit_tujuan": layak.dishub.pk, "jabatan_tujuan": layak.j_pelaksana.pk,
        "alasan": "dekat_domisili", "justifikasi": panjang})
    assert r.status_code == 200 and r.context["form"].errors["justifikasi"]
    assert 'maxlength="2000"' in r.content.decode()
    assert not PermohonanMutasi.objects.exists()
    with pytest.raises(workflow.PermohonanError, match="paling banyak"):
        services.permohonan_create(
            pegawai=layak.pegawai, aktor=layak.u_pegawai, unit_tujuan=layak.dishub,
            jabatan_tujuan=layak.j_pelaksana, alasan="dekat_domisili", justifikasi=panjang)
    # a reviewer's note
    p = buat_permohonan(layak, Status.DIAJUKAN)
    client.force_login(layak.u_kepala_asal)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    assert 'name="return-catatan"' in html and 'maxlength="2000"' in html
    client.post(reverse("mutasi:aksi", args=[p.pk, "return"]), {"return-catatan": panjang})
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN
    with pytest.raises(workflow.PermohonanError, match="paling banyak"):
        workflow.permohonan_return(permohonan=p, aktor=layak.u_kepala_asal, catatan=panjang)
    # BKD's written exception
    client.force_login(layak.u_bkd)
    client.post(reverse("mutasi:pengecualian", args=[p.pk]),
                {"aturan": ["bup"], "alasan": panjang})
    p.refresh_from_db()
    assert p.aturan_dikecualikan == []
    with pytest.raises(workflow.PermohonanError, match="paling banyak"):
        services.permohonan_override(permohonan=p, aktor=layak.u_bkd, aturan=["bup"],
                                     alasan=panjang)


@pytest.mark.parametrize("asal", list(ALASAN_PER_ASAL))
def test_documents_required_per_reason_fit_the_reason(asal):
    """Every reason of a kind has known document kinds; the organisation's reasons never
    ask for what only the employee can give (their letter, a doctor's note, the spouse's
    decree), and "other organisational need" asks for BKD's staff study."""
    for alasan in ALASAN_PER_ASAL[asal]:
        wajib = dokumen_wajib(asal, alasan)
        assert wajib and set(wajib) <= set(JenisDokumen.values)
        if asal == AsalPermohonan.KEBUTUHAN_ORGANISASI:
            assert not {"surat_permohonan", "surat_dokter", "sk_pasangan"} & set(wajib)
    assert "telaah_staf" in dokumen_wajib(AsalPermohonan.KEBUTUHAN_ORGANISASI,
                                          Alasan.ORGANISASI_LAINNYA)
    assert "surat_dokter" in dokumen_wajib(AsalPermohonan.PERMINTAAN_SENDIRI, Alasan.KESEHATAN)
