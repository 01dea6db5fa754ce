"""The employee's answer to an organisational-need transfer, and BKD's way out of an objection.

The transitions themselves are in `workflow.py` (`kirim_pegawai`, `terima_pegawai`,
`keberatan`, `lanjutkan`, `withdraw`). This module holds what BKD does when an employee
objects and BKD chooses another person: the candidates (`kandidat_pengganti`) and the
replacement (`permohonan_ganti_pegawai`: the objected request withdrawn and a new draft for
the other person, in one transaction).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from bebankerja import selectors as abk_selectors
from bebankerja.models import SnapshotJabatan
from pegawai.models import Pegawai, UnitKerja

from . import access, services, workflow
from .eligibility import periksa_kelayakan
from .models import STATUS_AKTIF, AsalPermohonan, PermohonanMutasi, Status

PERIKSA_MAKS = 60  # candidates checked for eligibility at most, to find `batas`


def kandidat_pengganti(permohonan: PermohonanMutasi, *, batas: int = 5) -> list[Pegawai]:
    """Who else could fill the same post: active holders of the receiving jabatan in a unit
    that has more of them than it needs (active ABK periode), not in the receiving unit,
    without a running request, eligible under the organisational-need rules today. The same
    OPD as the receiving unit first, then the willing, then the longest in post."""
    p = permohonan
    periode = abk_selectors.periode_aktif()
    if periode is None:
        return []
    surplus_units = SnapshotJabatan.objects.filter(
        periode=periode, jabatan_id=p.jabatan_tujuan_id, selisih__gt=0
    ).exclude(unit_id=p.unit_tujuan_id).values("unit_id")
    sibuk = PermohonanMutasi.objects.filter(status__in=STATUS_AKTIF).values("pegawai_id")
    opd = UnitKerja.objects.filter(pk=p.unit_tujuan.opd_id).first()
    sama_opd = When(opd.subtree_q("unit") if opd else Q(pk__in=[]), then=Value(0))
    # Same OPD as the receiving unit first, then the willing, then the longest in post: in
    # the database, so the first PERIKSA_MAKS are the best ones, not an arbitrary slice.
    kandidat = list(
        Pegawai.objects.aktif().filter(jabatan_id=p.jabatan_tujuan_id,
                                       unit_id__in=surplus_units)
        .exclude(pk=p.pegawai_id).exclude(pk__in=sibuk)
        .select_related("unit", "jabatan")
        .annotate(lain_opd=Case(sama_opd, default=Value(1)))
        .order_by("lain_opd", "-bersedia_mutasi", "tmt_jabatan", "pk")[:PERIKSA_MAKS])
    hasil = []
    hari_ini = timezone.localdate()
    for peg in kandidat:
        k = periksa_kelayakan(pegawai=peg, unit_tujuan=p.unit_tujuan,
                              jabatan_tujuan=p.jabatan_tujuan,
                              asal_permohonan=AsalPermohonan.KEBUTUHAN_ORGANISASI,
                              hari_ini=hari_ini)
        if k.layak:
            hasil.append(peg)
            if len(hasil) >= batas:
                break
    return hasil


def permohonan_ganti_pegawai(*, permohonan: PermohonanMutasi, aktor: Any, pegawai_baru: Pegawai,
                             catatan: str) -> PermohonanMutasi:
    """BKD replaces the person of an objected organisational-need request: the request is
    withdrawn (with the reason) and a new draft for `pegawai_baru` to the same post is made,
    all or nothing. Returns the new draft; BKD completes its documents and sends it to the
    new employee, who answers in turn."""
    p = permohonan
    if not access.adalah_bkd(p, aktor):
        raise workflow.BukanWewenang(_("Hanya staf BKD yang dapat mengganti pegawai usulan."))
    if p.status != Status.KEBERATAN:
        raise workflow.PermohonanError(
            _("Pegawai usulan hanya dapat diganti setelah pegawai menyatakan keberatan."))
    catatan = (catatan or "").strip()
    if not catatan:
        raise workflow.PermohonanError(_("Tulis alasan penggantian pegawai."))
    with transaction.atomic():
        workflow.permohonan_withdraw(
            permohonan=p, aktor=aktor,
            catatan=_("Diganti dengan %(nama)s (NIP %(nip)s): %(catatan)s")
            % {"nama": pegawai_baru.nama_lengkap, "nip": pegawai_baru.nip_tampil,
               "catatan": catatan})
        baru = services.permohonan_create(
            pegawai=pegawai_baru, aktor=aktor, unit_tujuan=p.unit_tujuan,
            jabatan_tujuan=p.jabatan_tujuan, alasan=p.alasan,
            justifikasi=p.justifikasi or catatan,
            asal_permohonan=AsalPermohonan.KEBUTUHAN_ORGANISASI)
    return baru
