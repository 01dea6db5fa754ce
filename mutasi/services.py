"""Every write of a transfer request: create, edit, the workflow transitions, documents.

The workflow is one table, `TRANSISI`: for each action the states it starts from, the
state it leads to, and who may take it. Each transition is a conditional UPDATE
(`filter(pk=..., status=FROM).update(...)`) inside `transaction.atomic` that writes
exactly one `RiwayatPermohonan` row; 0 rows updated means someone else acted first.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pegawai import access
from pegawai.hooks import units_changed

from . import uploads
from .eligibility import ATURAN, kelayakan_permohonan
from .models import (
    STATUS_BISA_DIUBAH,
    AsalPermohonan,
    DokumenPermohonan,
    PermohonanMutasi,
    RiwayatPermohonan,
    Status,
)

log = logging.getLogger(__name__)

SUDAH_DIPROSES = gettext_lazy(
    "Permohonan sudah diproses oleh pengguna lain; muat ulang halaman untuk melihat "
    "statusnya sekarang."
)


class PermohonanError(Exception):
    """A refused action that the user can understand and fix (shown as a message)."""


class BukanWewenang(PermissionDenied):
    """The user may see the request but may not take this action (403)."""


# --- roles ----------------------------------------------------------------------------


def adalah_pemohon(p, user):
    """The applicant: the employee for their own request; BKD for organisational need."""
    if p.asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI:
        return access.is_bkd(user)
    return user.is_authenticated and p.pegawai.user_id == user.pk


def _kepala_atas(user, unit, p):
    dipimpin = access.unit_dipimpin(user)
    return (
        dipimpin is not None
        and unit.path.startswith(dipimpin.path)
        and p.pegawai.user_id != user.pk
    )


def adalah_kepala_asal(p, user):
    """A head whose unit contains the origin unit (not the applicant themselves)."""
    return _kepala_atas(user, p.unit_asal, p)


def adalah_kepala_tujuan(p, user):
    """A head whose unit contains the receiving unit (not the applicant themselves)."""
    return _kepala_atas(user, p.unit_tujuan, p)


# Actions after which a person may no longer approve the same request (ASVS 4.3.3).
AKSI_TERLIBAT = ("buat", "submit", "resubmit", "endorse", "accept")


def terlibat(p, user):
    """Whether `user` filed, submitted, endorsed or accepted this request."""
    if user.pk in (p.dibuat_oleh_id, p.pegawai.user_id):
        return True
    return p.riwayat.filter(aktor_id=user.pk, aksi__in=AKSI_TERLIBAT).exists()


def adalah_bkd_pemutus(p, user):
    """BKD staff who had no hand in filing or endorsing the request."""
    return access.is_bkd(user) and not terlibat(p, user)


_PENINJAU = {
    Status.DIAJUKAN: adalah_kepala_asal,
    Status.DISETUJUI_ASAL: adalah_kepala_tujuan,
    Status.DITERIMA_TUJUAN: lambda p, user: access.is_bkd(user),
}


def adalah_peninjau(p, user):
    """The reviewer at the request's current step."""
    check = _PENINJAU.get(p.status)
    return check is not None and check(p, user)


# --- the transition table ---------------------------------------------------------------


@dataclass(frozen=True)
class Transisi:
    dari: frozenset
    ke: Status
    peran: Callable
    label: str
    catatan_wajib: bool = False
    konfirmasi: str = ""
    # Taken by the system (aktor None), never by a user: the TMT taking effect.
    sistem: bool = False


_DITINJAU = frozenset({Status.DIAJUKAN, Status.DISETUJUI_ASAL, Status.DITERIMA_TUJUAN})

TRANSISI = {
    "submit": Transisi(
        frozenset({Status.DRAFT}), Status.DIAJUKAN, adalah_pemohon, gettext_lazy("Ajukan")
    ),
    "resubmit": Transisi(
        frozenset({Status.DIKEMBALIKAN}), Status.DIAJUKAN, adalah_pemohon,
        gettext_lazy("Ajukan kembali"),
    ),
    "withdraw": Transisi(
        frozenset({Status.DRAFT, Status.DIKEMBALIKAN}) | _DITINJAU, Status.DITARIK,
        adalah_pemohon, gettext_lazy("Tarik permohonan"),
        konfirmasi=gettext_lazy("Permohonan yang ditarik tidak dapat diaktifkan lagi."),
    ),
    "endorse": Transisi(
        frozenset({Status.DIAJUKAN}), Status.DISETUJUI_ASAL, adalah_kepala_asal,
        gettext_lazy("Setujui pelepasan (unit asal)"),
    ),
    "accept": Transisi(
        frozenset({Status.DISETUJUI_ASAL}), Status.DITERIMA_TUJUAN, adalah_kepala_tujuan,
        gettext_lazy("Terima (unit tujuan)"),
    ),
    "approve": Transisi(
        frozenset({Status.DITERIMA_TUJUAN}), Status.DISETUJUI_BKD, adalah_bkd_pemutus,
        gettext_lazy("Setujui mutasi (BKD)"),
        konfirmasi=gettext_lazy("Persetujuan BKD tidak dapat dibatalkan dari aplikasi."),
    ),
    "refuse": Transisi(
        _DITINJAU, Status.DITOLAK, adalah_peninjau, gettext_lazy("Tolak"), catatan_wajib=True,
        konfirmasi=gettext_lazy("Permohonan yang ditolak selesai dan tidak dapat diajukan lagi."),
    ),
    "return": Transisi(
        _DITINJAU, Status.DIKEMBALIKAN, adalah_peninjau,
        gettext_lazy("Kembalikan untuk perbaikan"), catatan_wajib=True,
    ),
    # Through `keputusan.sk_issue` (one decree for one or many requests), not a button.
    "terbitkan_sk": Transisi(
        frozenset({Status.DISETUJUI_BKD}), Status.SK_TERBIT,
        lambda p, user: access.is_bkd(user), gettext_lazy("Terbitkan SK"),
    ),
    "berlaku": Transisi(
        frozenset({Status.SK_TERBIT}), Status.BERLAKU, lambda p, user: user is None,
        gettext_lazy("TMT berlaku (sistem)"), sistem=True,
    ),
}
AKSI_LABEL = {k: t.label for k, t in TRANSISI.items()} | {
    "buat": gettext_lazy("Dibuat"),
    "override": gettext_lazy("Pengecualian aturan oleh BKD"),
}


def aksi_tersedia(p, user):
    """The actions of TRANSISI that `user` may take on `p` in its current state."""
    return [
        aksi
        for aksi, t in TRANSISI.items()
        if p.status in t.dari and (user is None) == t.sistem and t.peran(p, user)
    ]


def _transisi(*, permohonan, aktor, aksi, catatan="", perubahan=None, sebelum=None,
              sesudah=None):
    """Apply `aksi` to `permohonan`: the checks, the conditional update, one history row.

    `sebelum(permohonan)` runs the action's own checks inside the transaction;
    `perubahan` are extra fields to set with the status; `sesudah(permohonan)` runs in the
    same transaction once this call has won the conditional update. The people who must
    act next are notified after commit.
    """
    t = TRANSISI[aksi]
    p = permohonan
    dari = p.status
    if dari not in t.dari:
        raise PermohonanError(
            _("Aksi \u201c%(aksi)s\u201d tidak dapat dilakukan pada permohonan #%(id)s yang "
              "berstatus \u201c%(status)s\u201d.")
            % {"aksi": t.label, "id": p.pk, "status": Status(dari).label}
        )
    if (aktor is None) != t.sistem or not t.peran(p, aktor):
        raise BukanWewenang(
            _("Anda tidak berwenang melakukan \u201c%(aksi)s\u201d pada permohonan #%(id)s.")
            % {"aksi": t.label, "id": p.pk}
        )
    catatan = (catatan or "").strip()
    if t.catatan_wajib and not catatan:
        raise PermohonanError(
            _("Isi alasan/catatan untuk \u201c%(aksi)s\u201d permohonan #%(id)s.")
            % {"aksi": t.label, "id": p.pk}
        )
    now = timezone.now()
    fields = {"status": t.ke, "diubah": now, **(perubahan or {})}
    with transaction.atomic():
        if sebelum is not None:
            sebelum(p)
        updated = PermohonanMutasi.objects.filter(pk=p.pk, status=dari).update(**fields)
        if updated != 1:
            raise PermohonanError(str(SUDAH_DIPROSES))
        RiwayatPermohonan.objects.create(
            permohonan_id=p.pk, aktor=aktor, dari_status=dari, ke_status=t.ke, aksi=aksi,
            catatan=catatan,
        )
        for name, value in fields.items():
            setattr(p, name, value)
        if aksi == "approve":
            # Marks (not tasks) in the same transaction: the recompute picks them up after
            # commit, or the reconciliation does if the broker was down (docs/reliability.md).
            units_changed([p.unit_asal_id, p.unit_tujuan_id])
        if sesudah is not None:
            sesudah(p)
        # robust: a failure here must not hide later callbacks (docs/reliability.md).
        transaction.on_commit(functools.partial(_publish_notifikasi, p.pk, aksi), robust=True)
    return p


def _publish_notifikasi(permohonan_id, aksi):
    """Queue the e-mail about `aksi`; a broker that is down costs the mail, never the action."""
    from .tasks import kirim_notifikasi

    try:
        kirim_notifikasi.apply_async(args=[permohonan_id, aksi], retry=False)
    except Exception:
        # The transition is committed and the in-app count shows what waits; only the
        # e-mail is lost, and it says so in the log.
        log.exception("Gagal mengantrekan notifikasi e-mail permohonan mutasi #%s (%s).",
                      permohonan_id, aksi)


def _cek_siap_diajukan(p):
    """Documents complete and every applicable rule passed or excepted."""
    kurang = uploads.dokumen_kurang(p)
    gagal = kelayakan_permohonan(p).gagal
    pesan = []
    if kurang:
        pesan.append(_("dokumen belum diunggah: %(daftar)s") % {"daftar": ", ".join(kurang)})
    if gagal:
        pesan.append(
            _("syarat belum terpenuhi: %(daftar)s")
            % {"daftar": "; ".join(f"{h.label}: {h.pesan}" for h in gagal)}
        )
    if pesan:
        raise PermohonanError(
            _("Permohonan #%(id)s belum dapat diajukan — %(pesan)s.")
            % {"id": p.pk, "pesan": " — ".join(pesan)}
        )


def _beku_asal(p):
    """The origin unit and position as they are at submission."""
    peg = p.pegawai
    p.unit_asal, p.jabatan_asal = peg.unit, peg.jabatan
    return {"unit_asal_id": peg.unit_id, "jabatan_asal_id": peg.jabatan_id}


def permohonan_submit(*, permohonan, aktor, catatan=""):
    """Submit a draft: documents and eligibility are checked first."""
    p = permohonan
    perubahan = _beku_asal(p) | {"diajukan_pada": timezone.now(), "diteruskan_pada": None}
    return _transisi(permohonan=p, aktor=aktor, aksi="submit", catatan=catatan,
                     perubahan=perubahan, sebelum=_cek_siap_diajukan)


def permohonan_resubmit(*, permohonan, aktor, catatan=""):
    """Submit again after a return; the review starts over at the origin head."""
    p = permohonan
    perubahan = _beku_asal(p) | {"diajukan_pada": p.diajukan_pada or timezone.now(),
                                 "diteruskan_pada": None}
    return _transisi(permohonan=p, aktor=aktor, aksi="resubmit", catatan=catatan,
                     perubahan=perubahan, sebelum=_cek_siap_diajukan)


def permohonan_withdraw(*, permohonan, aktor, catatan=""):
    """The applicant withdraws the request before BKD's decision."""
    return _transisi(permohonan=permohonan, aktor=aktor, aksi="withdraw", catatan=catatan)


def permohonan_endorse(*, permohonan, aktor, catatan=""):
    """The origin head releases the employee; the request goes to the receiving head."""
    return _transisi(permohonan=permohonan, aktor=aktor, aksi="endorse", catatan=catatan,
                     perubahan={"diteruskan_pada": timezone.now()})


def permohonan_accept(*, permohonan, aktor, catatan=""):
    """The receiving head accepts the employee; the request goes to BKD."""
    return _transisi(permohonan=permohonan, aktor=aktor, aksi="accept", catatan=catatan)


def _cek_masih_layak(p):
    gagal = kelayakan_permohonan(p).gagal
    if gagal:
        raise PermohonanError(
            _("Permohonan #%(id)s tidak dapat disetujui: %(daftar)s. Kecualikan aturan itu "
              "dengan alasan tertulis bila memang dibenarkan.")
            % {"id": p.pk, "daftar": "; ".join(f"{h.label}: {h.pesan}" for h in gagal)}
        )


def permohonan_approve(*, permohonan, aktor, catatan=""):
    """BKD approves; eligibility is checked again and both units are marked for recompute."""
    return _transisi(permohonan=permohonan, aktor=aktor, aksi="approve", catatan=catatan,
                     sebelum=_cek_masih_layak)


def permohonan_refuse(*, permohonan, aktor, catatan):
    """The reviewer at the current step refuses, with a reason. Final."""
    return _transisi(permohonan=permohonan, aktor=aktor, aksi="refuse", catatan=catatan)


def permohonan_return(*, permohonan, aktor, catatan):
    """The reviewer at the current step sends the request back for revision, with a note."""
    return _transisi(permohonan=permohonan, aktor=aktor, aksi="return", catatan=catatan)


def permohonan_terbitkan_sk(**kwargs):
    """BKD issues a decree for this one request (`keputusan.permohonan_terbitkan_sk`)."""
    # keputusan.py builds on this module, so it is imported when first used.
    from .keputusan import permohonan_terbitkan_sk

    return permohonan_terbitkan_sk(**kwargs)


def permohonan_berlaku(**kwargs):
    """The system applies the request on its TMT (`keputusan.permohonan_berlaku`)."""
    from .keputusan import permohonan_berlaku

    return permohonan_berlaku(**kwargs)



LAYANAN = {
    "submit": permohonan_submit,
    "resubmit": permohonan_resubmit,
    "withdraw": permohonan_withdraw,
    "endorse": permohonan_endorse,
    "accept": permohonan_accept,
    "approve": permohonan_approve,
    "refuse": permohonan_refuse,
    "return": permohonan_return,
    "terbitkan_sk": permohonan_terbitkan_sk,
    "berlaku": permohonan_berlaku,
}



def permohonan_act(*, permohonan, aktor, aksi, catatan=""):
    """Run the service of `aksi` (for views that take the action from the URL)."""
    if aksi not in LAYANAN:
        raise PermohonanError(_("Aksi \u201c%(aksi)s\u201d tidak dikenal.") % {"aksi": aksi})
    return LAYANAN[aksi](permohonan=permohonan, aktor=aktor, catatan=catatan)


# --- create, edit, exceptions ------------------------------------------------------------

STATUS_BISA_DIKECUALIKAN = frozenset({Status.DRAFT, Status.DIKEMBALIKAN}) | _DITINJAU


def _pesan_aktif(pegawai):
    return _("%(nama)s sudah memiliki permohonan mutasi yang masih berjalan; selesaikan atau "
             "tarik permohonan itu dahulu.") % {"nama": pegawai.nama_lengkap}


def permohonan_create(
    *, pegawai, aktor, unit_tujuan, jabatan_tujuan, alasan, justifikasi,
    asal_permohonan=AsalPermohonan.PERMINTAAN_SENDIRI,
):
    """A new draft. The employee files their own; BKD files one for organisational need."""
    if asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI:
        if not access.is_bkd(aktor):
            raise BukanWewenang(_("Hanya staf BKD yang dapat mengajukan mutasi karena "
                                  "kebutuhan organisasi."))
    elif pegawai.user_id != aktor.pk:
        raise BukanWewenang(_("Mutasi atas permintaan sendiri hanya dapat dibuat oleh "
                              "pegawai yang bersangkutan."))
    if unit_tujuan.pk == pegawai.unit_id and jabatan_tujuan.pk == pegawai.jabatan_id:
        raise PermohonanError(_("Unit dan jabatan tujuan sama dengan unit dan jabatan sekarang."))
    try:
        with transaction.atomic():
            p = PermohonanMutasi.objects.create(
                pegawai=pegawai, unit_asal=pegawai.unit, jabatan_asal=pegawai.jabatan,
                unit_tujuan=unit_tujuan, jabatan_tujuan=jabatan_tujuan,
                asal_permohonan=asal_permohonan, alasan=alasan, justifikasi=justifikasi,
                dibuat_oleh=aktor, status=Status.DRAFT,
            )
            RiwayatPermohonan.objects.create(
                permohonan=p, aktor=aktor, dari_status="", ke_status=Status.DRAFT, aksi="buat"
            )
    except IntegrityError as exc:
        # The partial unique index: one active request per employee, also under a race.
        raise PermohonanError(_pesan_aktif(pegawai)) from exc
    return p


def permohonan_update(*, permohonan, aktor, unit_tujuan, jabatan_tujuan, alasan, justifikasi):
    """Edit a draft or a returned request (applicant only)."""
    p = permohonan
    if not adalah_pemohon(p, aktor):
        raise BukanWewenang(_("Hanya pemohon yang dapat mengubah permohonan #%(id)s.")
                            % {"id": p.pk})
    if p.status not in STATUS_BISA_DIUBAH:
        raise PermohonanError(
            _("Permohonan #%(id)s berstatus \u201c%(status)s\u201d dan tidak dapat diubah lagi.")
            % {"id": p.pk, "status": p.get_status_display()}
        )
    peg = p.pegawai
    if unit_tujuan.pk == peg.unit_id and jabatan_tujuan.pk == peg.jabatan_id:
        raise PermohonanError(_("Unit dan jabatan tujuan sama dengan unit dan jabatan sekarang."))
    fields = {"unit_tujuan": unit_tujuan, "jabatan_tujuan": jabatan_tujuan, "alasan": alasan,
              "justifikasi": justifikasi, "diubah": timezone.now()}
    with transaction.atomic():
        updated = PermohonanMutasi.objects.filter(
            pk=p.pk, status__in=STATUS_BISA_DIUBAH
        ).update(**fields)
        if updated != 1:
            raise PermohonanError(str(SUDAH_DIPROSES))
    for name, value in fields.items():
        setattr(p, name, value)
    return p


def permohonan_override(*, permohonan, aktor, aturan, alasan):
    """BKD excepts eligibility rules with a written reason; recorded in the history."""
    p = permohonan
    if not access.is_bkd(aktor):
        raise BukanWewenang(_("Hanya staf BKD yang dapat mengecualikan aturan kelayakan."))
    if p.status not in STATUS_BISA_DIKECUALIKAN:
        raise PermohonanError(
            _("Aturan tidak dapat dikecualikan lagi pada permohonan #%(id)s yang berstatus "
              "\u201c%(status)s\u201d.") % {"id": p.pk, "status": p.get_status_display()}
        )
    aturan = [a for a in dict.fromkeys(aturan or []) if a in ATURAN]
    alasan = (alasan or "").strip()
    if not aturan:
        raise PermohonanError(_("Pilih sedikitnya satu aturan yang dikecualikan."))
    if not alasan:
        raise PermohonanError(_("Tulis alasan pengecualian aturan untuk permohonan #%(id)s.")
                              % {"id": p.pk})
    semua = list(dict.fromkeys([*(p.aturan_dikecualikan or []), *aturan]))
    dari = p.status
    fields = {"aturan_dikecualikan": semua, "alasan_pengecualian": alasan,
              "dikecualikan_oleh": aktor, "diubah": timezone.now()}
    with transaction.atomic():
        if PermohonanMutasi.objects.filter(pk=p.pk, status=dari).update(**fields) != 1:
            raise PermohonanError(str(SUDAH_DIPROSES))
        RiwayatPermohonan.objects.create(
            permohonan_id=p.pk, aktor=aktor, dari_status=dari, ke_status=dari, aksi="override",
            catatan=_("Aturan dikecualikan: %(aturan)s. Alasan: %(alasan)s")
            % {"aturan": ", ".join(str(ATURAN[a]) for a in aturan), "alasan": alasan},
        )
    for name, value in fields.items():
        setattr(p, name, value)
    return p


# --- documents ----------------------------------------------------------------------------


def _cek_boleh_ubah_dokumen(p, aktor):
    if not adalah_pemohon(p, aktor):
        raise BukanWewenang(_("Hanya pemohon yang dapat mengubah dokumen permohonan #%(id)s.")
                            % {"id": p.pk})
    if p.status not in STATUS_BISA_DIUBAH:
        raise PermohonanError(
            _("Dokumen permohonan #%(id)s tidak dapat diubah pada status \u201c%(status)s\u201d.")
            % {"id": p.pk, "status": p.get_status_display()}
        )


def dokumen_upload(*, permohonan, aktor, jenis, berkas):
    """Check and store one document (generated name under MEDIA_ROOT/dokumen/)."""
    p = permohonan
    _cek_boleh_ubah_dokumen(p, aktor)
    try:
        info = uploads.periksa_berkas(berkas)
    except uploads.BerkasDitolak as exc:
        raise PermohonanError(str(exc)) from exc
    dok = DokumenPermohonan(
        permohonan=p, jenis=jenis, nama_asli=(berkas.name or "")[:255],
        content_type=info.content_type, ukuran=info.ukuran, sha256=info.sha256,
        diunggah_oleh=aktor,
    )
    dok._ekstensi = info.ekstensi
    with transaction.atomic():
        # The file is written by save(); if the row then fails, remove the file again.
        dok.berkas.save("x" + info.ekstensi, berkas, save=False)
        try:
            dok.save()
        except Exception:
            dok.berkas.storage.delete(dok.berkas.name)
            raise
    return dok


def dokumen_delete(*, dokumen, aktor):
    """Remove a document while the request can still be edited; the file goes after commit."""
    p = dokumen.permohonan
    _cek_boleh_ubah_dokumen(p, aktor)
    storage, name = dokumen.berkas.storage, dokumen.berkas.name
    with transaction.atomic():
        dokumen.delete()
        transaction.on_commit(lambda: storage.delete(name))
