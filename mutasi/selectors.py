"""Reads of transfer requests: lists, the queues of what waits for whom, decrees, processing
times. Who may see what is decided in `access.py` (`scope_permohonan`, `menunggu`, `scope_sk`);
every list here starts from those scopes.
"""

from dataclasses import dataclass

from django.db.models import Count, F
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bebankerja import selectors as abk_selectors
from pegawai.models import Pegawai

from . import access, waktu
from .models import (
    STATUS_AKTIF,
    AsalPermohonan,
    PermohonanMutasi,
    RiwayatPermohonan,
    Status,
)


def permohonan_list(*, user):
    """Requests visible to `user`, with what a list row shows, newest first."""
    return (
        access.permohonan_terlihat(user)
        .select_related("pegawai", "unit_asal", "jabatan_asal", "unit_tujuan", "jabatan_tujuan")
        .order_by("-diubah", "-id")
    )


def permohonan_milik(*, user):
    """The requests of `user`'s own employee record ("Permohonan saya")."""
    return permohonan_list(user=user).filter(pegawai__user_id=user.pk)


def permohonan_aktif(*, pegawai):
    """The employee's running request (at most one is active), or None."""
    return PermohonanMutasi.objects.filter(pegawai=pegawai, status__in=STATUS_AKTIF).first()


def permohonan_menunggu(*, user):
    """Requests waiting for `user` to act (`access.menunggu`), oldest first."""
    return access.menunggu(permohonan_list(user=user), user).order_by("diubah", "id")


def kepala_unit(unit, *, kecuali=None):
    """The head of `unit`, or of the nearest unit above it that has one (never `kecuali`,
    the employee who asks to move), or None."""
    ids = [int(x) for x in unit.path.split("/") if x]
    qs = (Pegawai.objects.filter(unit_id__in=ids, aktif=True,
                                 jabatan_id=F("unit__jabatan_kepala_id"))
          .select_related("unit").order_by("-unit__kedalaman", "id"))
    if kecuali is not None:
        qs = qs.exclude(pk=kecuali.pk)
    return qs.first()


@dataclass(frozen=True)
class Menunggu:
    """Whom a request waits for now, since when (None for a finished request)."""

    siapa: str
    sejak: object = None


def menunggu_siapa(p, riwayat):
    """Whom `p` now waits for ("Kepala Dinas Kesehatan (dr. Budi)", "BKD", …) and since
    when (the last change of status in `riwayat`, the request's history in order)."""
    perubahan = [r for r in riwayat if r.aksi != "override"]
    sejak = perubahan[-1].waktu if perubahan else p.dibuat
    organisasi = p.asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI

    def kepala(unit):
        k = kepala_unit(unit, kecuali=p.pegawai)
        if k is None:
            return _("Kepala %(unit)s (belum ada kepala unit tercatat)") % {"unit": unit.nama}
        return _("Kepala %(unit)s (%(nama)s)") % {"unit": k.unit.nama, "nama": k.nama_lengkap}

    pemohon = _("BKD") if organisasi else p.pegawai.nama_lengkap
    siapa = {
        Status.DRAFT: lambda: _("%(pemohon)s melengkapi dokumen dan mengajukan")
        % {"pemohon": pemohon},
        Status.DIKEMBALIKAN: lambda: _("%(pemohon)s memperbaiki dan mengajukan kembali")
        % {"pemohon": pemohon},
        Status.MENUNGGU_PEGAWAI: lambda: _("%(nama)s (tanggapan atas usulan)")
        % {"nama": p.pegawai.nama_lengkap},
        Status.KEBERATAN: lambda: _("BKD (menanggapi keberatan pegawai)"),
        Status.DIAJUKAN: lambda: kepala(p.unit_asal),
        Status.DISETUJUI_ASAL: lambda: kepala(p.unit_tujuan),
        Status.DITERIMA_TUJUAN: lambda: _("BKD (keputusan persetujuan)"),
        Status.DISETUJUI_BKD: lambda: _("BKD (penerbitan SK)"),
        Status.SK_TERBIT: lambda: _("TMT %(tmt)s (diberlakukan otomatis oleh sistem)")
        % {"tmt": date_format(p.tmt, "j F Y") if p.tmt else "-"},
    }.get(p.status)
    if siapa is None:
        return None
    return Menunggu(siapa=siapa(), sejak=sejak)


def catatan_pengembalian(p, riwayat):
    """The reviewer's last return of `p` (a history row: who, when, what to fix), or None
    unless `p` is returned now."""
    if p.status != Status.DIKEMBALIKAN:
        return None
    kembali = [r for r in riwayat if r.aksi == "return"]
    return kembali[-1] if kembali else None


def jumlah_menunggu(*, user):
    """How many requests wait for `user` (the in-app count)."""
    if not user.is_authenticated:
        return 0
    return permohonan_menunggu(user=user).count()


def sk_visible(*, user):
    """Decrees `user` may download (`access.scope_sk`)."""
    return access.sk_terlihat(user)


def sk_list(*, user):
    """Decrees visible to `user`, newest first, with how many requests each names."""
    return sk_visible(user=user).annotate(jumlah=Count("permohonan")).order_by("-dibuat", "-id")


def waktu_proses(*, permohonan_qs, terlama=20):
    """Median and p90 time per step over the requests of `permohonan_qs`, and the requests
    waiting longest. Two queries: every history row of those requests, then the rows of
    the longest-waiting ones."""
    rows = (
        RiwayatPermohonan.objects.filter(permohonan_id__in=permohonan_qs.values("pk"))
        .order_by("permohonan_id", "waktu", "id")
        .values_list("permohonan_id", "waktu", "ke_status")
    )
    hasil = waktu.hitung_waktu_proses(rows, terlama=terlama)
    menunggu = {pk: (status, sejak) for pk, status, sejak in hasil.menunggu}
    objs = PermohonanMutasi.objects.select_related(
        "pegawai", "unit_asal", "jabatan_asal", "unit_tujuan", "jabatan_tujuan",
    ).in_bulk(list(menunggu))
    daftar = []
    for pk, (_status, sejak) in menunggu.items():
        if pk in objs:
            p = objs[pk]
            p.menunggu_sejak = sejak
            daftar.append(p)
    return hasil.langkah, daftar


def with_dampak(qs):
    """Annotate each request with what the move does to the imbalance, from the snapshot.

    `selisih_asal` / `selisih_tujuan`: the position's selisih in the origin and receiving
    unit (active ABK periode). `dampak`: the change in the Pemda's total imbalance
    (Σ |selisih|, docs/abk.md) if the move happens: −2 when it takes a person from a surplus
    to a deficit, +2 when it deepens a deficit and a surplus at once, 0 in between.
    Two subqueries, no extra query per row (`bebankerja.selectors.dengan_selisih_pindah`).
    """
    return abk_selectors.dengan_selisih_pindah(
        qs, asal=("unit_asal_id", "jabatan_asal_id"), tujuan=("unit_tujuan_id", "jabatan_tujuan_id")
    )
