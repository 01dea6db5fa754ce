"""Pages of the decree and of processing times: issuing with confirmation, download scope,
lists with locked query counts, step durations on the request page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mutasi import keputusan
from mutasi.models import PermohonanMutasi, RiwayatPermohonan, Status, SuratKeputusan
from mutasi.tests.factories import buat_permohonan
from mutasi.waktu import hitung_waktu_proses, persentil
from pegawai.tests.factories import PegawaiFactory, UserFactory

URL = reverse("mutasi:sk_terbitkan")


def _banyak(cast, n, status=Status.DISETUJUI_BKD):
    out = [buat_permohonan(cast, status)]
    for i in range(n - 1):
        peg = PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana,
                             user=UserFactory(username=f"peg_v_{i}"))
        out.append(buat_permohonan(cast, status, pegawai=peg))
    return out


def _tanggal_lazim():
    """Dated today, effective the first of next month: nothing to confirm."""
    from mutasi import keputusan

    return {"tanggal": timezone.localdate().isoformat(),
            "tmt": keputusan.tmt_bawaan().isoformat()}


def test_issue_page_lists_approved_requests_with_checkboxes(client, cast):
    (p,) = _banyak(cast, 1)
    lain = buat_permohonan(cast, Status.DITERIMA_TUJUAN,
                           pegawai=PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana))
    client.force_login(cast.u_bkd)
    html = client.get(URL).content.decode()
    assert f'name="permohonan" value="{p.pk}"' in html
    assert f'value="{lain.pk}"' not in html


def test_checking_shows_a_confirmation_and_issues_nothing(client, cast):
    ps = _banyak(cast, 2)
    client.force_login(cast.u_bkd)
    r = client.post(URL, {"permohonan": [p.pk for p in ps], **_tanggal_lazim()})
    assert r.status_code == 200
    assert "Konfirmasi penerbitan SK" in r.content.decode()
    assert 'name="konfirmasi" value="1"' in r.content.decode()
    assert SuratKeputusan.objects.count() == 0


def test_confirming_issues_one_decree_and_redirects_to_the_list(client, cast):
    ps = _banyak(cast, 2)
    client.force_login(cast.u_bkd)
    r = client.post(URL, {"permohonan": [p.pk for p in ps], **_tanggal_lazim(),
                          "konfirmasi": "1"})
    assert r.status_code == 302 and r["Location"] == reverse("mutasi:sk_daftar")
    sk = SuratKeputusan.objects.get()
    assert set(PermohonanMutasi.objects.filter(sk=sk).values_list("status", flat=True)) == {
        Status.SK_TERBIT}
    r = client.get(r["Location"])
    assert sk.nomor in r.content.decode()


def test_a_request_issued_meanwhile_is_refused_with_a_message(client, cast):
    (p,) = _banyak(cast, 1)
    keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=dt.date(2026, 11, 24),
                       tmt=dt.date(2099, 1, 1), oleh=cast.u_bkd)
    client.force_login(cast.u_bkd)
    r = client.post(URL, {"permohonan": [p.pk], "tanggal": "2026-11-24", "tmt": "2099-01-01",
                          "konfirmasi": "1"})
    assert r.status_code == 200  # the form shows the error
    assert "tidak (lagi) berstatus disetujui BKD" in r.content.decode()
    assert SuratKeputusan.objects.count() == 1


@pytest.mark.parametrize("who", ["u_pegawai", "u_kepala_asal", "u_kepala_tujuan"])
def test_others_cannot_post_an_issuance(client, cast, who):
    (p,) = _banyak(cast, 1)
    client.force_login(getattr(cast, who))
    r = client.post(URL, {"permohonan": [p.pk], "tanggal": "2026-11-24", "tmt": "2099-01-01",
                          "konfirmasi": "1"})
    assert r.status_code == 403
    assert SuratKeputusan.objects.count() == 0


def _sk(cast):
    (p,) = _banyak(cast, 1)
    return keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=dt.date(2026, 11, 24),
                              tmt=dt.date(2099, 1, 1), oleh=cast.u_bkd)


@pytest.mark.parametrize("who", ["u_pegawai", "u_kepala_asal", "u_kepala_tujuan", "u_bkd"])
def test_the_employee_both_heads_and_bkd_download_the_decree(client, cast, who):
    sk = _sk(cast)
    client.force_login(getattr(cast, who))
    r = client.get(reverse("mutasi:sk_unduh", args=[sk.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;")
    assert r.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["u_outsider", "u_kapus"])
def test_anyone_else_gets_404_for_the_decree(client, cast, who):
    sk = _sk(cast)
    client.force_login(getattr(cast, who))
    assert client.get(reverse("mutasi:sk_unduh", args=[sk.pk])).status_code == 404


def test_anonymous_is_sent_to_login_for_the_decree(client, cast):
    sk = _sk(cast)
    r = client.get(reverse("mutasi:sk_unduh", args=[sk.pk]))
    assert r.status_code == 302 and reverse("login") in r["Location"]


@pytest.mark.parametrize("n", [1, 12])
def test_decree_list_query_count_is_constant(client, cast, n, django_assert_max_num_queries):
    ps = _banyak(cast, n)
    for p in ps:
        keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=dt.date(2026, 11, 24),
                           tmt=dt.date(2099, 1, 1), oleh=cast.u_bkd)
    client.force_login(cast.u_bkd)
    with django_assert_max_num_queries(10):
        r = client.get(reverse("mutasi:sk_daftar"))
    assert r.status_code == 200
    assert r.content.decode().count(reverse("mutasi:sk_unduh", args=[0])[:-8]) >= n


def test_issue_page_query_count_is_constant(client, cast, django_assert_max_num_queries):
    _banyak(cast, 15)
    client.force_login(cast.u_bkd)
    with django_assert_max_num_queries(9):
        r = client.get(URL)
    assert r.status_code == 200


def test_request_page_shows_the_decree_and_how_long_each_step_took(client, cast):
    sk = _sk(cast)
    p = PermohonanMutasi.objects.get(sk=sk)
    client.force_login(cast.u_pegawai)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    assert sk.nomor in html
    assert reverse("mutasi:sk_unduh", args=[sk.pk]) in html
    assert "setelah &lt; 1 menit" in html


def test_bkd_sees_the_issue_link_on_an_approved_request(client, cast):
    (p,) = _banyak(cast, 1)
    client.force_login(cast.u_bkd)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    assert reverse("mutasi:sk_terbitkan") in html
    assert reverse("mutasi:aksi", args=[p.pk, "terbitkan_sk"]) not in html


# --- processing times ---------------------------------------------------------------------


def test_percentile_interpolates_like_numpy():
    assert persentil([], 50) is None
    assert persentil([5], 90) == 5
    assert persentil([1, 2, 3, 4], 50) == 2.5
    assert persentil(list(range(1, 11)), 90) == pytest.approx(9.1)


def test_step_times_come_from_consecutive_history_rows():
    t0 = timezone.now() - dt.timedelta(days=30)
    h = dt.timedelta(hours=1)
    rows = [
        (1, t0, "draft"), (1, t0 + h, "diajukan"), (1, t0 + 3 * h, "diajukan"),  # override
        (1, t0 + 5 * h, "disetujui_asal"),
        (2, t0, "draft"), (2, t0 + 2 * h, "diajukan"), (2, t0 + 12 * h, "disetujui_asal"),
        (2, t0 + 13 * h, "diterima_tujuan"),
    ]
    hasil = hitung_waktu_proses(rows)
    per = {s.status: s for s in hasil.langkah}
    assert per["draft"].jumlah == 2
    assert per["draft"].median == 1.5 * h
    assert per["diajukan"].jumlah == 2
    assert per["diajukan"].median == 7 * h  # stays of 4 h and 10 h
    assert per["diajukan"].p90 == 9.4 * h
    # request 2 waits for BKD since t0+13h, request 1 for the receiving head since t0+5h
    assert hasil.menunggu == [(1, "disetujui_asal", t0 + 5 * h),
                              (2, "diterima_tujuan", t0 + 13 * h)]


@pytest.mark.parametrize("n", [1, 15])
def test_processing_time_page_query_count_is_constant(client, cast, n,
                                                      django_assert_max_num_queries):
    ps = _banyak(cast, n, status=Status.DIAJUKAN)
    for p in ps:
        RiwayatPermohonan.objects.create(permohonan=p, aktor=p.dibuat_oleh, dari_status="draft",
                                         ke_status="diajukan", aksi="submit")
    client.force_login(cast.u_bkd)
    # session, user, BKD group, history rows, the longest waits, the nav's pegawai and
    # badge count, the unit filter's choices, the session save
    with django_assert_max_num_queries(11):
        r = client.get(reverse("mutasi:waktu_proses"))
    assert r.status_code == 200
    assert len(r.context["terlama"]) == n
    assert {row.status: row.jumlah for row in r.context["langkah"]}["draft"] == n


def test_processing_time_page_applies_the_queue_filters(client, cast):
    (p,) = _banyak(cast, 1, status=Status.DIAJUKAN)
    RiwayatPermohonan.objects.create(permohonan=p, aktor=p.dibuat_oleh, dari_status="draft",
                                     ke_status="diajukan", aksi="submit")
    client.force_login(cast.u_bkd)
    r = client.get(reverse("mutasi:waktu_proses"), {"status": "ditolak"})
    assert r.context["terlama"] == []
    r = client.get(reverse("mutasi:waktu_proses"), {"unit": cast.dinkes.pk})
    assert [x.pk for x in r.context["terlama"]] == [p.pk]


def test_date_inputs_render_iso_values_the_browser_keeps(client, cast):
    """Issue 11 item 7: Chromium drops a date input's value unless it is YYYY-MM-DD."""
    _banyak(cast, 1)
    client.force_login(cast.u_bkd)
    html = client.get(URL).content.decode()
    hari_ini = timezone.localdate()
    assert f'type="date" name="tanggal" value="{hari_ini.isoformat()}"' in html
    from mutasi import keputusan
    assert f'type="date" name="tmt" value="{keputusan.tmt_bawaan().isoformat()}"' in html
    # Every other date input of the project (the queue's filter) renders ISO too.
    from mutasi.filters import AntreanFilter
    for name in ("dari", "sampai"):
        widget = AntreanFilter().form.fields[name].widget
        out = widget.render(name, dt.date(2026, 12, 8))
        assert 'type="date"' in out and 'value="2026-12-08"' in out, out
