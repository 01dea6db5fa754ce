"""Writes of a transfer request outside its workflow: create, edit, exceptions, documents;
and `permohonan_act`, the one entry for views that take the action from the URL.

The workflow transitions (submit … approve) are in `workflow.py`, the decree and the TMT in
`keputusan.py`; who may do what is decided in `access.py`. Each write here is a conditional
UPDATE (or an insert) inside `transaction.atomic`, like the transitions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, uploads
from .eligibility import ATURAN
from .keputusan import permohonan_berlaku, permohonan_terbitkan_sk
from .models import (
    ALASAN_PER_ASAL,
    ALASAN_RINCI,
    STATUS_BISA_DIUBAH,
    TEKS_MAKS,
    Alasan,
    AsalPermohonan,
    DokumenPermohonan,
    PermohonanMutasi,
    RiwayatPermohonan,
    Status,
)
from .workflow import (
    SUDAH_DIPROSES,
    BukanWewenang,
    PermohonanError,
    permohonan_accept,
    permohonan_approve,
    permohonan_endorse,
    permohonan_lanjutkan,
    permohonan_refuse,
    permohonan_resubmit,
    permohonan_return,
    permohonan_submit,
    permohonan_terima_pegawai,
    permohonan_withdraw,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from pegawai.models import Jabatan, Pegawai, UnitKerja

# --- create, edit, exceptions ------------------------------------------------------------


def galat_alasan(asal_permohonan: str, alasan: str, justifikasi: str) -> dict[str, str]:
    """What is wrong with a request's reason and justification, per field (empty: nothing).

    Each kind of request has its own reasons (`ALASAN_PER_ASAL`); an "other" reason needs
    a detailed justification (MUTASI_JUSTIFIKASI_MIN_RINCI characters); no text is longer
    than TEKS_MAKS.
    """
    galat = {}
    boleh = ALASAN_PER_ASAL.get(str(asal_permohonan), ())
    if alasan not in boleh:
        galat["alasan"] = _("Alasan \u201c%(alasan)s\u201d tidak berlaku untuk %(jenis)s; pilih "
                            "salah satu: %(daftar)s.") % {
            "alasan": alasan, "jenis": str(AsalPermohonan(asal_permohonan).label).lower(),
            "daftar": ", ".join(str(a.label) for a in boleh)}
    teks = (justifikasi or "").strip()
    minimal = settings.MUTASI_JUSTIFIKASI_MIN_RINCI
    if alasan in ALASAN_RINCI and len(teks) < minimal:
        galat["justifikasi"] = _(
            "Untuk alasan \u201c%(alasan)s\u201d, jelaskan secara rinci di kolom Justifikasi: "
            "sedikitnya %(min)s karakter (sekarang %(n)s).") % {
            "alasan": Alasan(alasan).label, "min": minimal, "n": len(teks)}
    elif len(teks) > TEKS_MAKS:
        galat["justifikasi"] = _("Justifikasi paling banyak %(maks)s karakter (sekarang %(n)s).") \
            % {"maks": TEKS_MAKS, "n": len(teks)}
    return galat


def _cek_alasan(asal_permohonan: str, alasan: str, justifikasi: str) -> None:
    galat = galat_alasan(asal_permohonan, alasan, justifikasi)
    if galat:
        raise PermohonanError(" ".join(galat.values()))


def _pesan_aktif(pegawai: Pegawai) -> str:
    return _("%(nama)s sudah memiliki permohonan mutasi yang masih berjalan; selesaikan atau "
             "tarik permohonan itu dahulu.") % {"nama": pegawai.nama_lengkap}


def permohonan_create(
    *, pegawai: Pegawai, aktor: User, unit_tujuan: UnitKerja, jabatan_tujuan: Jabatan,
    alasan: str, justifikasi: str, asal_permohonan: str = AsalPermohonan.PERMINTAAN_SENDIRI,
) -> PermohonanMutasi:
    """A new draft. The employee files their own; BKD files one for organisational need."""
    if not access.boleh_membuat(pegawai=pegawai, user=aktor, asal_permohonan=asal_permohonan):
        if asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI:
            raise BukanWewenang(_("Hanya staf BKD yang dapat mengajukan mutasi karena "
                                  "kebutuhan organisasi."))
        raise BukanWewenang(_("Mutasi atas permintaan sendiri hanya dapat dibuat oleh "
                              "pegawai yang bersangkutan."))
    if unit_tujuan.pk == pegawai.unit_id and jabatan_tujuan.pk == pegawai.jabatan_id:
        raise PermohonanError(_("Unit dan jabatan tujuan sama dengan unit dan jabatan sekarang."))
    _cek_alasan(asal_permohonan, alasan, justifikasi)
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


def permohonan_update(
    *, permohonan: PermohonanMutasi, aktor: User, unit_tujuan: UnitKerja,
    jabatan_tujuan: Jabatan, alasan: str, justifikasi: str,
) -> PermohonanMutasi:
    """Edit a draft or a returned request (applicant only)."""
    p = permohonan
    if not access.adalah_pemohon(p, aktor):
        raise BukanWewenang(_("Hanya pemohon yang dapat mengubah permohonan #%(id)s.")
                            % {"id": p.pk})
    if not access.bisa_diubah(p):
        raise PermohonanError(
            _("Permohonan #%(id)s berstatus \u201c%(status)s\u201d dan tidak dapat diubah lagi.")
            % {"id": p.pk, "status": p.get_status_display()}
        )
    peg = p.pegawai
    if unit_tujuan.pk == peg.unit_id and jabatan_tujuan.pk == peg.jabatan_id:
        raise PermohonanError(_("Unit dan jabatan tujuan sama dengan unit dan jabatan sekarang."))
    _cek_alasan(p.asal_permohonan, alasan, justifikasi)
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


def permohonan_override(
    *, permohonan: PermohonanMutasi, aktor: User, aturan: Iterable[str] | None,
    alasan: str | None,
) -> PermohonanMutasi:
    """BKD excepts eligibility rules with a written reason; recorded in the history."""
    p = permohonan
    if not access.adalah_bkd(p, aktor):
        raise BukanWewenang(_("Hanya staf BKD yang dapat mengecualikan aturan kelayakan."))
    if not access.boleh_kecualikan(p, aktor):
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
    if len(alasan) > TEKS_MAKS:
        raise PermohonanError(_("Alasan pengecualian paling banyak %(maks)s karakter.")
                              % {"maks": TEKS_MAKS})
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


def _cek_boleh_ubah_dokumen(p: PermohonanMutasi, aktor: User) -> None:
    if not access.adalah_pemohon(p, aktor):
        raise BukanWewenang(_("Hanya pemohon yang dapat mengubah dokumen permohonan #%(id)s.")
                            % {"id": p.pk})
    if not access.bisa_diubah(p):
        raise PermohonanError(
            _("Dokumen permohonan #%(id)s tidak dapat diubah pada status \u201c%(status)s\u201d.")
            % {"id": p.pk, "status": p.get_status_display()}
        )


def dokumen_upload(*, permohonan: PermohonanMutasi, aktor: User, jenis: str,
                   berkas: UploadedFile) -> DokumenPermohonan:
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
    dok.ekstensi_diperiksa = info.ekstensi
    with transaction.atomic():
        # The file is written by save(); if the row then fails, remove the file again.
        dok.berkas.save("x" + info.ekstensi, berkas, save=False)
        try:
            dok.save()
        except Exception:
            dok.berkas.storage.delete(dok.berkas.name)
            raise
    return dok


def dokumen_delete(*, dokumen: DokumenPermohonan, aktor: User) -> None:
    """Remove a document while the request can still be edited; the file goes after commit."""
    p = dokumen.permohonan
    _cek_boleh_ubah_dokumen(p, aktor)
    storage, name = dokumen.berkas.storage, dokumen.berkas.name
    with transaction.atomic():
        dokumen.delete()
        transaction.on_commit(lambda: storage.delete(name))


# --- one entry for views that take the action from the URL --------------------------------

LAYANAN: dict[str, Callable[..., PermohonanMutasi]] = {
    "submit": permohonan_submit,
    "kirim_pegawai": permohonan_submit,
    "terima_pegawai": permohonan_terima_pegawai,
    "lanjutkan": permohonan_lanjutkan,
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


def permohonan_act(*, permohonan: PermohonanMutasi, aktor: User | None, aksi: str,
                   catatan: str = "") -> PermohonanMutasi:
    """Run the service of `aksi` (for views that take the action from the URL)."""
    if aksi not in LAYANAN:
        raise PermohonanError(_("Aksi \u201c%(aksi)s\u201d tidak dikenal.") % {"aksi": aksi})
    return LAYANAN[aksi](permohonan=permohonan, aktor=aktor, catatan=catatan)
