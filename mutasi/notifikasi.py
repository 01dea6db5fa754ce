"""E-mail to whoever must act next on a request, and to the employee at every step.

Sent by the Celery task `tasks.kirim_notifikasi`, which the workflow publishes after commit
(each transition names `publish_notifikasi` among its `setelah_commit` hooks, and who acts
next in `berikutnya`); the messages are built here, in the task, from the request's id and
the action, so a retry or a late delivery describes the request as it is then.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pegawai.models import Pegawai

from . import access
from .models import PermohonanMutasi, Status
from .workflow import TRANSISI


def _alamat_kepala(unit):
    """E-mail of the head of `unit`, or of the nearest unit above it that has a head."""
    ids = [int(x) for x in unit.path.split("/") if x]
    kepala = (
        Pegawai.objects.filter(unit_id__in=ids, aktif=True, jabatan_id=F("unit__jabatan_kepala_id"))
        .select_related("user", "unit").order_by("-unit__kedalaman")
    )
    for k in kepala:
        alamat = k.email or (k.user.email if k.user else "")
        if alamat:
            return [alamat]
    return []


def _alamat_bkd():
    """Every active account `is_bkd` counts: the group "Staf BKD" and superusers."""
    return sorted({u.email for u in access.pengguna_bkd() if u.email})


def _alamat_pegawai(peg):
    alamat = peg.email or (peg.user.email if peg.user else "")
    return [alamat] if alamat else []


def _penerima_berikut(p, aksi):
    # Who acts next after `aksi`, besides the employee who is always told.
    siapa = TRANSISI[aksi].berikutnya if aksi in TRANSISI else ""
    if siapa == "kepala_asal":
        return _alamat_kepala(p.unit_asal)
    if siapa == "kepala_tujuan":
        return _alamat_kepala(p.unit_tujuan)
    if siapa == "bkd":
        return _alamat_bkd()
    return []


def _pesan(p, aksi, tautan, untuk_pegawai):
    status = Status(p.status).label
    data = {"id": p.pk, "nama": p.pegawai.nama_lengkap, "nip": p.pegawai.nip_tampil,
            "asal": p.unit_asal.nama, "tujuan": p.unit_tujuan.nama, "status": status,
            "tautan": tautan}
    if untuk_pegawai:
        subjek = _("Permohonan mutasi #%(id)s: %(status)s") % data
        isi = _("Permohonan mutasi #%(id)s atas nama %(nama)s (NIP %(nip)s) dari %(asal)s ke "
                "%(tujuan)s sekarang berstatus \u201c%(status)s\u201d.") % data
        if p.status == Status.SK_TERBIT and p.sk_id:
            isi += " " + _("SK nomor %(nomor)s, TMT %(tmt)s.") % {
                "nomor": p.sk.nomor, "tmt": date_format(p.tmt, "j F Y")}
    else:
        subjek = _("Menunggu tindakan Anda: permohonan mutasi #%(id)s") % data
        isi = _("Permohonan mutasi #%(id)s atas nama %(nama)s (NIP %(nip)s) dari %(asal)s ke "
                "%(tujuan)s berstatus \u201c%(status)s\u201d dan menunggu tindakan Anda.") % data
    isi += "\n\n" + _("Buka permohonan: %(tautan)s") % data
    return subjek, isi


# The two messages of a notification, sent and retried one by one.
PENERIMA = ("berikut", "pegawai")


def pesan_transisi(permohonan_id, aksi, *, untuk=PENERIMA):
    """[(recipient kind, EmailMessage)] for `aksi` on the request, for the kinds in `untuk`.

    Empty when the request is gone or has already left the state `aksi` led to: the later
    transition sends its own notification, and a stale "waiting for you" would mislead.
    """
    p = (PermohonanMutasi.objects.select_related(
        "pegawai", "pegawai__user", "unit_asal", "unit_tujuan", "sk")
        .filter(pk=permohonan_id).first())
    if p is None or (aksi in TRANSISI and p.status != TRANSISI[aksi].ke):
        return []
    tautan = settings.SITE_URL.rstrip("/") + reverse("mutasi:detail", args=[p.pk])
    pesan = []
    if "berikut" in untuk:
        berikut = _penerima_berikut(p, aksi)
        if berikut:
            subjek, isi = _pesan(p, aksi, tautan, untuk_pegawai=False)
            pesan.append(("berikut", EmailMessage(subjek, isi, to=berikut)))
    if "pegawai" in untuk:
        pegawai = _alamat_pegawai(p.pegawai)
        if pegawai:
            subjek, isi = _pesan(p, aksi, tautan, untuk_pegawai=True)
            pesan.append(("pegawai", EmailMessage(subjek, isi, to=pegawai)))
    return pesan
