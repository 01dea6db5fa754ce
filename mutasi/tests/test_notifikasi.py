"""E-mail to whoever acts next and to the employee; the in-app count of what waits for me."""

import datetime as dt
import logging
import smtplib
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse

from bebankerja.tests.test_outbox import broker_down
from config.celery import app as celery_app
from mutasi import keputusan, tasks, workflow
from mutasi.models import RiwayatPermohonan, Status
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

    sent = _kirim(cap, workflow.permohonan_submit, permohonan=p, aktor=c.u_pegawai,
                  pernyataan=True)
    assert {to for to, _s in sent} == {("kadinkes@contoh.go.id",), ("pegawai@contoh.go.id",)}
    assert any("Menunggu tindakan Anda" in s for to, s in sent
               if to == ("kadinkes@contoh.go.id",))

    sent = _kirim(cap, workflow.permohonan_endorse, permohonan=p, aktor=c.u_kepala_asal)
    assert {to for to, _s in sent} == {("kadishub@contoh.go.id",), ("pegawai@contoh.go.id",)}

    sent = _kirim(cap, workflow.permohonan_accept, permohonan=p, aktor=c.u_kepala_tujuan)
    assert {to for to, _s in sent} == {("bkd@contoh.go.id",), ("pegawai@contoh.go.id",)}

    sent = _kirim(cap, workflow.permohonan_approve, permohonan=p, aktor=c.u_bkd)
    assert {to for to, _s in sent} == {("bkd@contoh.go.id",), ("pegawai@contoh.go.id",)}

    sent = _kirim(cap, keputusan.permohonan_terbitkan_sk, permohonan=p, aktor=c.u_bkd,
                  tmt=dt.date(2099, 1, 1))
    assert {to for to, _s in sent} == {("pegawai@contoh.go.id",)}
    p.refresh_from_db()
    (msg,) = mail.outbox
    assert p.sk.nomor in msg.body
    assert reverse("mutasi:detail", args=[p.pk]) in msg.body


def test_bkd_mail_reaches_everyone_is_bkd_counts(beralamat, django_capture_on_commit_callbacks):
    """The admin (a superuser outside the group "Staf BKD") may approve, so is told too;
    an inactive account, a superuser or not, is not."""
    from pegawai.tests.factories import UserFactory

    c = beralamat
    UserFactory(username="admin-mail", email="admin@contoh.go.id", is_superuser=True)
    UserFactory(username="admin-lama", email="lama@contoh.go.id", is_superuser=True,
                is_active=False)
    p = buat_permohonan(c, Status.DISETUJUI_ASAL)
    sent = _kirim(django_capture_on_commit_callbacks, workflow.permohonan_accept, permohonan=p,
                  aktor=c.u_kepala_tujuan)
    berikut = {to for to, s in sent if "Menunggu tindakan Anda" in s}
    assert berikut == {("admin@contoh.go.id", "bkd@contoh.go.id")}


def test_a_refusal_mails_only_the_employee(beralamat, django_capture_on_commit_callbacks):
    c = beralamat
    p = buat_permohonan(c, Status.DIAJUKAN)
    sent = _kirim(django_capture_on_commit_callbacks, workflow.permohonan_refuse, permohonan=p,
                  aktor=c.u_kepala_asal, catatan="Formasi penuh.")
    assert {to for to, _s in sent} == {("pegawai@contoh.go.id",)}
    assert "Ditolak" in mail.outbox[0].subject


def test_nothing_is_sent_before_commit(beralamat, django_capture_on_commit_callbacks):
    c = beralamat
    p = buat_permohonan(c, Status.DIAJUKAN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.permohonan_endorse(permohonan=p, aktor=c.u_kepala_asal)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_broken_mail_server_does_not_fail_the_transition(
        beralamat, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    c = beralamat
    p = buat_permohonan(c, Status.DIAJUKAN)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.permohonan_endorse(permohonan=p, aktor=c.u_kepala_asal)
    p.refresh_from_db()
    assert p.status == Status.DISETUJUI_ASAL


@pytest.fixture
def retry_eager():
    """Let eager retries run: with eager errors propagating, Celery raises the first Retry
    instead of running the retry (the autouse `celery_eager` fixture restores the flag)."""
    celery_app.conf.task_eager_propagates = False


def test_the_mail_task_retries_a_refused_connection_and_then_gives_up_loudly(
        beralamat, settings, caplog, retry_eager):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    p = buat_permohonan(beralamat, Status.DISETUJUI_ASAL)
    with caplog.at_level(logging.WARNING, logger="mutasi.tasks"):
        hasil = tasks.kirim_notifikasi.apply(args=[p.pk, "endorse"])
    assert hasil.failed()
    assert isinstance(hasil.result, ConnectionRefusedError)
    percobaan = [r for r in caplog.records if "dicoba lagi" in r.getMessage()]
    assert len(percobaan) == tasks.kirim_notifikasi.max_retries + 1


class _PutusSekali(LocmemBackend):
    """locmem, except that the first message to the employee drops the connection."""

    gagal = []

    def send_messages(self, messages):
        for m in messages:
            if "pegawai@contoh.go.id" in m.to and not self.gagal:
                self.gagal.append(m.subject)
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_a_retry_sends_only_the_messages_not_sent_yet(beralamat, settings, retry_eager):
    settings.EMAIL_BACKEND = f"{__name__}._PutusSekali"
    _PutusSekali.gagal = []
    p = buat_permohonan(beralamat, Status.DISETUJUI_ASAL)
    mail.outbox.clear()

    hasil = tasks.kirim_notifikasi.apply(args=[p.pk, "endorse"])

    assert hasil.successful()
    assert len(_PutusSekali.gagal) == 1
    # the head's message once (not again on the retry), the employee's on the retry
    assert sorted(tuple(m.to) for m in mail.outbox) == [("kadishub@contoh.go.id",),
                                                         ("pegawai@contoh.go.id",)]


def test_a_notification_that_arrives_after_the_request_moved_on_sends_nothing(beralamat):
    p = buat_permohonan(beralamat, Status.DITERIMA_TUJUAN)  # endorsed, then accepted
    mail.outbox.clear()
    assert tasks.kirim_notifikasi.apply(args=[p.pk, "endorse"]).get() == 0
    assert mail.outbox == []
    assert tasks.kirim_notifikasi.apply(args=[p.pk, "accept"]).get() == 2


def test_mail_goes_through_the_celery_task_published_after_commit(
        beralamat, django_capture_on_commit_callbacks):
    c = beralamat
    p = buat_permohonan(c, Status.DIAJUKAN)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.permohonan_endorse(permohonan=p, aktor=c.u_kepala_asal)
    (cb,) = callbacks
    assert cb.func is workflow.publish_notifikasi and cb.args == (p.pk, "endorse")
    cb()
    assert len(mail.outbox) == 2


def test_approval_succeeds_and_is_recorded_when_the_broker_is_down(
        beralamat, django_capture_on_commit_callbacks, caplog, monkeypatch):
    c = beralamat
    p = buat_permohonan(c, Status.DITERIMA_TUJUAN)
    mail.outbox.clear()

    start = time.monotonic()
    with broker_down(monkeypatch), caplog.at_level(logging.ERROR, logger="mutasi.workflow"):
        with django_capture_on_commit_callbacks(execute=True):
            workflow.permohonan_approve(permohonan=p, aktor=c.u_bkd)
    elapsed = time.monotonic() - start

    assert elapsed < 15
    p.refresh_from_db()
    assert p.status == Status.DISETUJUI_BKD
    assert RiwayatPermohonan.objects.filter(permohonan=p, aksi="approve").count() == 1
    assert mail.outbox == []
    assert any(f"notifikasi e-mail permohonan mutasi #{p.pk}" in r.getMessage()
               for r in caplog.records)


def test_a_vacant_head_post_mails_the_head_above(beralamat, django_capture_on_commit_callbacks):
    c = beralamat
    c.pegawai.unit = c.puskesmas  # Puskesmas Kota: head kapus, no e-mail → Dinas head
    c.pegawai.save(update_fields=["unit"])
    p = buat_permohonan(c, Status.DRAFT)
    p.refresh_from_db()
    sent = _kirim(django_capture_on_commit_callbacks, workflow.permohonan_submit, permohonan=p,
                  aktor=c.u_pegawai, pernyataan=True)
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
