"""Transfer-request panels on pegawai's pages: on the home page what waits for each head or
BKD and the employee's own requests; on an employee's page that employee's requests the
viewer may see; each with a constant number of queries."""

import pytest
from django.urls import reverse

from mutasi.models import Status
from pegawai.tests.factories import PegawaiFactory, UserFactory

from .factories import buat_permohonan

pytestmark = pytest.mark.django_db


def _beranda(client, user):
    client.force_login(user)
    r = client.get(reverse("beranda"))
    assert r.status_code == 200
    return r, r.content.decode()


def _kartu(html, testid="beranda-menunggu"):
    """The HTML of the home page's card with `data-testid`, up to the card's end."""
    awal = html.index(f'data-testid="{testid}"')
    return html[awal:html.index("</div></div></div>", awal)]


def _panel(r):
    return next((p for p in r.context["panels"] if p["template"] == "mutasi/_beranda.html"),
                None)


def test_origin_head_sees_the_request_waiting_for_their_endorsement(client, cast):
    p = buat_permohonan(cast, Status.DIAJUKAN)
    r, html = _beranda(client, cast.u_kepala_asal)
    assert [x.pk for x in _panel(r)["menunggu_rows"]] == [p.pk]
    assert 'data-testid="beranda-menunggu"' in html
    assert reverse("mutasi:detail", args=[p.pk]) in html
    # The panel's own way to the queue (the navigation links it for heads anyway).
    assert f'href="{reverse("mutasi:menunggu")}">Buka daftar tunggu' in _kartu(html)
    # Not yet the receiving head's turn, nor BKD's.
    r, html = _beranda(client, cast.u_kepala_tujuan)
    assert _panel(r)["menunggu_rows"] == []
    assert "Tidak ada permohonan mutasi yang menunggu" in html
    r, _html = _beranda(client, cast.u_bkd)
    assert _panel(r)["menunggu_rows"] == []


@pytest.mark.parametrize("status, siapa", [
    (Status.DISETUJUI_ASAL, "u_kepala_tujuan"),
    (Status.DITERIMA_TUJUAN, "u_bkd"),
    (Status.DISETUJUI_BKD, "u_bkd"),
])
def test_each_step_shows_on_the_home_page_of_whoever_acts_next(client, cast, status, siapa):
    p = buat_permohonan(cast, status)
    r, html = _beranda(client, getattr(cast, siapa))
    assert [x.pk for x in _panel(r)["menunggu_rows"]] == [p.pk]
    assert p.get_status_display() in html


def test_employee_sees_their_request_and_no_new_request_button_while_it_runs(client, cast):
    p = buat_permohonan(cast, Status.DISETUJUI_ASAL)
    r, html = _beranda(client, cast.u_pegawai)
    panel = _panel(r)
    assert panel["memutus"] is False and "menunggu_rows" not in panel
    assert [x.pk for x in panel["milik"]] == [p.pk]
    assert panel["aktif"] == p
    assert f"Lihat permohonan #{p.pk} yang berjalan" in html
    assert reverse("mutasi:buat") not in html
    assert 'data-testid="beranda-menunggu"' not in html


def test_employee_without_requests_is_offered_to_file_one(client, cast):
    r, html = _beranda(client, cast.u_pegawai)
    assert _panel(r)["milik"] == []
    assert "Anda belum pernah mengajukan permohonan mutasi." in html
    assert reverse("mutasi:buat") in html


def test_a_refused_request_does_not_block_a_new_one(client, cast):
    buat_permohonan(cast, Status.DITOLAK)
    r, html = _beranda(client, cast.u_pegawai)
    assert _panel(r)["aktif"] is None
    assert reverse("mutasi:buat") in html


def test_an_account_without_employee_record_gets_no_panel(client, db):
    r, html = _beranda(client, UserFactory(username="lepas"))
    assert _panel(r) is None
    assert "belum terhubung dengan data pegawai" in html


@pytest.mark.parametrize("banyak", [1, 12])
def test_home_page_queries_do_not_grow_with_the_requests(client, cast, banyak,
                                                         django_assert_max_num_queries):
    for _i in range(banyak):
        pegawai = PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana)
        buat_permohonan(cast, Status.DITERIMA_TUJUAN, pegawai=pegawai)
    client.force_login(cast.u_bkd)
    # Session, user, BKD group, own employee record, counts of employees and units, the last
    # imports, the waiting rows, the waiting count (shared with the nav badge), own requests,
    # own active request, active periode, Pemda index, the session save (with savepoints).
    with django_assert_max_num_queries(16):
        r = client.get(reverse("beranda"))
    assert len(_panel(r)["menunggu_rows"]) == min(banyak, 5)


# --- the employee's detail page ------------------------------------------------------------


def _detail(client, user, pegawai):
    client.force_login(user)
    r = client.get(reverse("pegawai:detail", args=[pegawai.nip]))
    return r


def _panel_detail(r):
    return next(p for p in r.context["panels"] if p["template"] == "mutasi/_pegawai_detail.html")


def test_bkd_sees_an_employees_requests_and_may_propose_one(client, cast):
    p = buat_permohonan(cast, Status.DITOLAK)
    r = _detail(client, cast.u_bkd, cast.pegawai)
    assert r.status_code == 200
    assert [x.pk for x in _panel_detail(r)["rows"]] == [p.pk]
    html = r.content.decode()
    assert 'data-testid="pegawai-permohonan"' in html
    assert reverse("mutasi:detail", args=[p.pk]) in html
    assert f'{reverse("mutasi:buat_organisasi")}?nip={cast.pegawai.nip}' in html


def test_a_head_sees_only_the_requests_visible_to_them_and_cannot_propose(client, cast):
    draf = buat_permohonan(cast, Status.DRAFT)  # a draft: only its author and BKD see it
    r = _detail(client, cast.u_kepala_asal, cast.pegawai)
    assert r.status_code == 200
    assert _panel_detail(r)["rows"] == []
    html = r.content.decode()
    assert "Belum ada permohonan mutasi untuk pegawai ini" in html
    assert reverse("mutasi:buat_organisasi") not in html
    assert reverse("mutasi:detail", args=[draf.pk]) not in html


def test_the_employee_sees_their_own_requests_on_their_profile(client, cast):
    p = buat_permohonan(cast, Status.DRAFT)
    client.force_login(cast.u_pegawai)
    r = client.get(reverse("pegawai:profil"))
    assert [x.pk for x in _panel_detail(r)["rows"]] == [p.pk]


def test_the_proposal_link_fills_in_the_employee_and_keeps_their_jabatan(client, cast):
    client.force_login(cast.u_bkd)
    r = client.get(reverse("mutasi:buat_organisasi"), {"nip": cast.pegawai.nip})
    form = r.context["form"]
    assert form.initial["nip"] == cast.pegawai.nip
    assert form.initial["jabatan_tujuan"] == cast.pegawai.jabatan
    # An unknown or inactive NIP is dropped, not shown as an error.
    r = client.get(reverse("mutasi:buat_organisasi"), {"nip": "123"})
    assert "nip" not in r.context["form"].initial
    assert not r.context["form"].errors


@pytest.mark.parametrize("banyak", [1, 14])
def test_detail_page_queries_do_not_grow_with_the_requests(client, cast, banyak,
                                                           django_assert_max_num_queries):
    for _i in range(banyak):
        buat_permohonan(cast, Status.DITOLAK)
    client.force_login(cast.u_bkd)
    # Session, user, BKD group, own employee record, the employee, history of posts, their
    # requests (one query with what a row shows), nav badge, savepoints of the session save.
    with django_assert_max_num_queries(12):
        r = client.get(reverse("pegawai:detail", args=[cast.pegawai.nip]))
    assert len(_panel_detail(r)["rows"]) == min(banyak, 10)
    assert _panel_detail(r)["lebih"] is (banyak > 10)
