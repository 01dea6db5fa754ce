"""E-mail to whoever acts next and to the employee; the in-app count of what waits for me."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from mutasi import keputusan, services
from mutasi.models import Status
from mutasi.notifikasi import notify_transition
from mutasi.tests.factories import buat_permohonan


@pytest.fixture
def beralamat(layak):
    c = layak
    for peg, alamat in [(c.pegawai, "pegawai@contoh.go.id"),
                        (c.kepala_asal, "kadinkes@contoh.go.id"),
                        (c.kepala_tujuan, "kadishub@contoh.go.id")]:
        peg.email = alamat
        peg.save(update_fields=["email"])
    c.u_bkd.email = "bkd@contoh.go.id"
    c.u_bkd.save(update_fields=["email"])
    return c


def _kirim(capture, fn, **kw):
    mail.outbox.clear()
    with capture(execute=True):
        fn(**kw)
    return {(tuple(m.to), m.subject) for m in mail.outbox}


def test_each_step_mails_the_next_actor_and_the_employee(
        beralamat, django_capture_on_commit_callbacks):
    c = beralamat
    cap = django_capture_on_commit_callbacks
    p = buat_permohonan(c, Status.DRAFT)
    p.refresh_from_db()

    sent = _kirim(cap, services.permohonan_submit, permohonan=p, aktor=c.u_pegawai)
    assert {to for to, _s in sent} == {("kadinkes@contoh.go.id",), ("pegawai@contoh.go.id",)}
    assert any("Menunggu tindakan Anda" in s for to, s in sent
               if to == ("kadinkes@contoh.go.id",))

    sent = _kirim(cap, services.permohonan_endorse, permohonan=p, aktor=c.u_kepala_asal)
    assert {to for to, _s in sent} == {("kadishub@contoh.go.id",), ("pegawai@contoh.go.id",)}

    sent = _kirim(cap, services.permohonan_accept, permohonan=p, aktor=c.u_kepala_tujuan)
    assert {to for to, _s in sent} == {("bkd@contoh.go.id",), ("pegawai@contoh.go.id",)}

    sent = _kirim(cap, services.permohonan_approve, permohonan=p, aktor=c.u_bkd)
    assert {to for to, _s in sent} == {("bkd@contoh.go.id",), ("pegawai@contoh.go.id",)}

    sent = _kirim(cap, keputusan.permohonan_terbitkan_sk, permohonan=p, aktor=c.u_bkd,
                  tmt=dt.date(2099, 1, 1))
    assert {to for to, _s in sent} == {("pegawai@contoh.go.id",)}
    p.refresh_from_db()
    (msg,) = mail.outbox
    assert p.sk.nomor in msg.body
    assert reverse("mutasi:detail", args=[p.pk]) in msg.body


def test_a_refusal_mails_only_the_employee(beralamat, django_capture_on_commit_callbacks):
    c = beralamat
    p = buat_permohonan(c, Status.DIAJUKAN)
    sent = _kirim(django_capture_on_commit_callbacks, services.permohonan_refuse, permohonan=p,
                  aktor=c.u_kepala_asal, catatan="Formasi penuh.")
    assert {to for to, _s in sent} == {("pegawai@contoh.go.id",)}
    assert "Ditolak" in mail.outbox[0].subject


def test_nothing_is_sent_before_commit(beralamat, django_capture_on_commit_callbacks):
    c = beralamat
    p = buat_permohonan(c, Status.DIAJUKAN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.permohonan_endorse(permohonan=p, aktor=c.u_kepala_asal)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_broken_mail_server_does_not_fail_the_transition(
        beralamat, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    c = beralamat
    p = buat_permohonan(c, Status.DIAJUKAN)
    with django_capture_on_commit_callbacks(execute=True):
        services.permohonan_endorse(permohonan=p, aktor=c.u_kepala_asal)
    p.refresh_from_db()
    assert p.status == Status.DISETUJUI_ASAL
    assert notify_transition(p.pk, "endorse") == 0


def test_a_vacant_head_post_mails_the_head_above(beralamat, django_capture_on_commit_callbacks):
    c = beralamat
    c.pegawai.unit = c.puskesmas  # Puskesmas Kota: head kapus, no e-mail → Dinas head
    c.pegawai.save(update_fields=["unit"])
    p = buat_permohonan(c, Status.DRAFT)
    p.refresh_from_db()
    sent = _kirim(django_capture_on_commit_callbacks, services.permohonan_submit, permohonan=p,
                  aktor=c.u_pegawai)
    assert ("kadinkes@contoh.go.id",) in {to for to, _s in sent}


# --- the badge ---------------------------------------------------------------------------


def test_badge_shows_how_many_wait_for_the_head(client, cast):
    buat_permohonan(cast, Status.DIAJUKAN)
    client.force_login(cast.u_kepala_asal)
    html = client.get(reverse("mutasi:saya")).content.decode()
    assert 'title="permohonan menunggu tindakan Anda">1</span>' in html


def test_badge_counts_bkd_decisions_and_decrees_to_issue(client, cast):
    buat_permohonan(cast, Status.DITERIMA_TUJUAN)
    client.force_login(cast.u_bkd)
    html = client.get(reverse("mutasi:saya")).content.decode()
    assert 'title="permohonan menunggu tindakan Anda">1</span>' in html


def test_no_badge_when_nothing_waits_and_no_query_for_plain_employees(
        client, cast, django_assert_num_queries):
    buat_permohonan(cast, Status.DIAJUKAN)
    client.force_login(cast.u_kepala_tujuan)  # not endorsed yet: nothing for the receiving head
    assert "menunggu tindakan Anda" not in client.get(reverse("mutasi:saya")).content.decode()
    client.force_login(cast.u_pegawai)
    # the employee's nav has no "Menunggu" item, so the count is never run
    from mutasi.context_processors import menunggu

    class R:
        user = cast.u_pegawai

    with django_assert_num_queries(0):
        menunggu(R())


def test_count_costs_exactly_one_query_once_roles_are_known(cast, django_assert_num_queries):
    from mutasi.context_processors import menunggu
    from pegawai import access

    buat_permohonan(cast, Status.DIAJUKAN)

    class R:
        user = cast.u_kepala_asal

    access.is_bkd(R.user), access.unit_dipimpin(R.user)  # the nav reads these first
    ctx = menunggu(R())
    with django_assert_num_queries(1):
        assert ctx["menunggu"].jumlah == 1
        assert ctx["menunggu"].jumlah == 1
