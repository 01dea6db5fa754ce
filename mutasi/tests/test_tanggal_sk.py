"""Issue 11 item 8: an SK's dates with sense. What cannot be right is refused (a TMT before
the employee's current post or TMT PNS, an SK dated far ahead); what is unusual must be
confirmed explicitly."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mutasi import keputusan, workflow
from mutasi.models import Status, SuratKeputusan
from mutasi.tests.factories import buat_permohonan

URL = reverse("mutasi:sk_terbitkan")


@pytest.fixture
def disetujui(layak):
    # layak: TMT CPNS March 2015 (NIP) → TMT PNS March 2016; TMT jabatan 1 January 2018.
    return buat_permohonan(layak, Status.DISETUJUI_BKD)


def _post(client, p, tanggal, tmt, **extra):
    return client.post(URL, {"permohonan": [p.pk], "tanggal": tanggal.isoformat(),
                             "tmt": tmt.isoformat(), **extra})


def _errors(r):
    return " ".join(r.context["form"].non_field_errors())


def test_a_tmt_before_the_current_post_is_refused_naming_the_employee(client, layak,
                                                                      disetujui):
    client.force_login(layak.u_bkd)
    hari_ini = timezone.localdate()
    r = _post(client, disetujui, hari_ini, dt.date(2017, 12, 1), yakin="on", konfirmasi="1")
    assert r.status_code == 200
    pesan = _errors(r)
    assert "sebelum TMT jabatan sekarang" in pesan and "1 Januari 2018" in pesan
    assert layak.pegawai.nama_lengkap in pesan and f"#{disetujui.pk}" in pesan
    assert not SuratKeputusan.objects.exists()
    # the workflow refuses it too, whatever the path
    with pytest.raises(workflow.PermohonanError, match="sebelum TMT jabatan sekarang"):
        keputusan.sk_issue(permohonan_ids=[disetujui.pk], tanggal=hari_ini,
                          tmt=dt.date(2017, 12, 1), oleh=layak.u_bkd)
    assert not SuratKeputusan.objects.exists()


def test_a_tmt_before_tmt_pns_is_refused(client, layak, disetujui):
    layak.pegawai.tmt_jabatan = dt.date(2015, 3, 1)
    layak.pegawai.save()
    client.force_login(layak.u_bkd)
    r = _post(client, disetujui, timezone.localdate(), dt.date(2015, 6, 1), yakin="on",
              konfirmasi="1")
    assert "sebelum TMT PNS" in _errors(r) and "1 Maret 2016" in _errors(r)
    assert not SuratKeputusan.objects.exists()


def test_an_sk_dated_far_ahead_is_refused(client, layak, disetujui, settings):
    hari_ini = timezone.localdate()
    jauh = hari_ini + dt.timedelta(days=settings.MUTASI_SK_TANGGAL["tanggal_maks_hari"] + 1)
    client.force_login(layak.u_bkd)
    r = _post(client, disetujui, jauh, jauh, yakin="on", konfirmasi="1")
    assert "terlalu jauh ke depan" in _errors(r)
    with pytest.raises(workflow.PermohonanError, match="terlalu jauh ke depan"):
        keputusan.sk_issue(permohonan_ids=[disetujui.pk], tanggal=jauh, tmt=jauh,
                          oleh=layak.u_bkd)
    assert not SuratKeputusan.objects.exists()


@pytest.mark.parametrize("geser_tanggal,geser_tmt,pesan", [
    (10, 10, "lebih dari 7 hari setelah hari ini"),          # SK dated ahead
    (0, 400, "lebih dari 365 hari setelah tanggal SK"),       # TMT far ahead
    (0, -20, "sebelum tanggal SK"),                           # retroactive TMT
])
def test_unusual_dates_need_an_explicit_confirmation(client, layak, disetujui, geser_tanggal,
                                                     geser_tmt, pesan):
    hari_ini = timezone.localdate()
    tanggal = hari_ini + dt.timedelta(days=geser_tanggal)
    tmt = tanggal + dt.timedelta(days=geser_tmt)
    client.force_login(layak.u_bkd)
    # without the tick: the warning, the tick box, no confirmation page, no SK
    for extra in ({}, {"konfirmasi": "1"}):
        r = _post(client, disetujui, tanggal, tmt, **extra)
        html = r.content.decode()
        assert r.status_code == 200 and 'data-testid="peringatan-tanggal"' in html
        assert pesan in html and 'name="yakin"' in html
        assert "Konfirmasi penerbitan SK" not in html
    assert not SuratKeputusan.objects.exists()
    # ticked: the confirmation page carries the tick on, and the SK is issued
    r = _post(client, disetujui, tanggal, tmt, yakin="on")
    html = r.content.decode()
    assert "Konfirmasi penerbitan SK" in html and pesan in html
    assert 'name="yakin" value="on"' in html
    r = _post(client, disetujui, tanggal, tmt, yakin="on", konfirmasi="1")
    assert r.status_code == 302
    assert SuratKeputusan.objects.get().tmt == tmt


def test_usual_dates_need_no_tick():
    hari_ini = dt.date(2026, 12, 8)
    hasil = keputusan.periksa_tanggal_sk(tanggal=hari_ini, tmt=dt.date(2027, 1, 1),
                                         permohonan=[], hari_ini=hari_ini)
    assert hasil.galat == [] and hasil.peringatan == []
    # on the limits themselves: still usual
    hasil = keputusan.periksa_tanggal_sk(
        tanggal=hari_ini + dt.timedelta(days=7), tmt=hari_ini + dt.timedelta(days=7 + 365),
        permohonan=[], hari_ini=hari_ini)
    assert hasil.galat == [] and hasil.peringatan == []
