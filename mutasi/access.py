"""Who may see, act on, edit and except a transfer request: every permission rule of mutasi.

Built on the app-wide roles of `pegawai.access` (`is_bkd`, `unit_dipimpin`): the rules
here only add what a request changes about them. Views, services, the workflow table,
selectors and notifications ask this module; none of them decides a permission itself.

- See (`scope_permohonan`, `permohonan_terlihat`, `scope_sk`): BKD (and admin) every
  request; the employee their own; the origin head requests whose `unit_asal` is in the
  unit they lead (subtree) once submitted (`diajukan_pada` set), also after a refusal,
  return or withdrawal; the receiving head requests whose `unit_tujuan` is in their
  subtree once the origin head endorsed them (`diteruskan_pada` set; cleared again on
  resubmission). Anyone else gets 404 (the request "does not exist" for them).
- Act: the role predicates below (`adalah_*`), which the transition table in
  `workflow.TRANSISI` names per action.
- Wait (`menunggu`): which requests are in whose queue (the employee's own answer to an
  organisational-need request included).
- Create, edit, except: `boleh_membuat`, `boleh_ubah`, `boleh_kecualikan`.

Functions return booleans or querysets; the errors a refusal raises live in `workflow`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from pegawai import access as pegawai_access
from pegawai.access import GRUP_BKD, is_bkd

from .models import (
    STATUS_BISA_DIUBAH,
    AsalPermohonan,
    PermohonanMutasi,
    Status,
    SuratKeputusan,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from pegawai.models import Pegawai, UnitKerja

    User = AbstractBaseUser | AnonymousUser

# The states in which a reviewer (origin head, receiving head, BKD) decides.
STATUS_DITINJAU = frozenset({Status.DIAJUKAN, Status.DISETUJUI_ASAL, Status.DITERIMA_TUJUAN})
# The states in which BKD may still except eligibility rules.
STATUS_BISA_DIKECUALIKAN = frozenset({
    Status.DRAFT, Status.DIKEMBALIKAN, Status.MENUNGGU_PEGAWAI, Status.KEBERATAN,
}) | STATUS_DITINJAU
# Actions after which a person may no longer approve the same request (ASVS 4.3.3).
AKSI_TERLIBAT = ("buat", "submit", "resubmit", "endorse", "accept")


# --- roles on one request -----------------------------------------------------------------


def adalah_pemohon(p: PermohonanMutasi, user: User) -> bool:
    """The applicant: the employee for their own request; BKD for organisational need."""
    if p.asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI:
        return is_bkd(user)
    return user.is_authenticated and p.pegawai.user_id == user.pk


def adalah_pemohon_sendiri(p: PermohonanMutasi, user: User) -> bool:
    """The employee, for a request at their own wish."""
    return p.asal_permohonan != AsalPermohonan.KEBUTUHAN_ORGANISASI and adalah_pemohon(p, user)


def adalah_pengusul_organisasi(p: PermohonanMutasi, user: User) -> bool:
    """BKD, for a request of organisational need (BKD is its applicant)."""
    return p.asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI and is_bkd(user)


def adalah_pegawai_diusulkan(p: PermohonanMutasi, user: User) -> bool:
    """The employee named in an organisational-need request: they answer it first."""
    return (p.asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI
            and user.is_authenticated and p.pegawai.user_id == user.pk)


def _kepala_atas(user: User, unit: UnitKerja, p: PermohonanMutasi) -> bool:
    dipimpin = pegawai_access.unit_dipimpin(user)
    return (
        dipimpin is not None
        and unit.path.startswith(dipimpin.path)
        and p.pegawai.user_id != user.pk
    )


def adalah_kepala_asal(p: PermohonanMutasi, user: User) -> bool:
    """A head whose unit contains the origin unit (not the applicant themselves)."""
    return _kepala_atas(user, p.unit_asal, p)


def adalah_kepala_tujuan(p: PermohonanMutasi, user: User) -> bool:
    """A head whose unit contains the receiving unit (not the applicant themselves)."""
    return _kepala_atas(user, p.unit_tujuan, p)


def adalah_bkd(p: PermohonanMutasi, user: User) -> bool:
    """Staf BKD or admin (`pegawai.access.is_bkd`), whatever the request."""
    return is_bkd(user)


def adalah_sistem(p: PermohonanMutasi, user: User | None) -> bool:
    """No user at all: the system (the TMT taking effect)."""
    return user is None


def terlibat(p: PermohonanMutasi, user: User) -> bool:
    """Whether `user` filed, submitted, endorsed or accepted this request, or is its employee."""
    if user.pk in (p.dibuat_oleh_id, p.pegawai.user_id):
        return True
    return p.riwayat.filter(aktor_id=user.pk, aksi__in=AKSI_TERLIBAT).exists()


def mengecualikan_aturan(p: PermohonanMutasi, user: User) -> bool:
    """Whether `user` excepted an eligibility rule on this request (`permohonan_override`
    records each exception in the history; the last one also in `dikecualikan_oleh`)."""
    if p.dikecualikan_oleh_id is not None and p.dikecualikan_oleh_id == user.pk:
        return True
    return p.riwayat.filter(aktor_id=user.pk, aksi="override").exists()


def empat_mata() -> bool:
    """Whether the officer who excepted a rule is barred from approving the same request
    (setting MUTASI_EMPAT_MATA; a one-person BKD may turn it off)."""
    return bool(getattr(settings, "MUTASI_EMPAT_MATA", True))


def adalah_bkd_pemutus(p: PermohonanMutasi, user: User) -> bool:
    """BKD staff who had no hand in filing or endorsing the request and, under four eyes
    (`empat_mata`), did not except a rule on it."""
    return (is_bkd(user) and not terlibat(p, user)
            and not (empat_mata() and mengecualikan_aturan(p, user)))


_PENINJAU: dict[str, Callable[[PermohonanMutasi, User], bool]] = {
    Status.DIAJUKAN: adalah_kepala_asal,
    Status.DISETUJUI_ASAL: adalah_kepala_tujuan,
    Status.DITERIMA_TUJUAN: adalah_bkd,
}


def adalah_peninjau(p: PermohonanMutasi, user: User) -> bool:
    """The reviewer at the request's current step."""
    check = _PENINJAU.get(p.status)
    return check is not None and check(p, user)


# --- create, edit, except, decree ---------------------------------------------------------


def boleh_membuat(*, pegawai: Pegawai, user: User, asal_permohonan: str) -> bool:
    """Whether `user` may file a request of this kind for `pegawai`: their own request at
    their own wish; BKD one for organisational need."""
    if asal_permohonan == AsalPermohonan.KEBUTUHAN_ORGANISASI:
        return is_bkd(user)
    return user.is_authenticated and pegawai.user_id == user.pk


def bisa_diubah(p: PermohonanMutasi) -> bool:
    """Whether the request's state still allows editing it and its documents."""
    return p.status in STATUS_BISA_DIUBAH


def boleh_ubah(p: PermohonanMutasi, user: User) -> bool:
    """Whether `user` may edit the request and its documents now (the applicant, while
    it is a draft or returned)."""
    return adalah_pemohon(p, user) and bisa_diubah(p)


def boleh_kecualikan(p: PermohonanMutasi, user: User) -> bool:
    """Whether `user` may except eligibility rules on the request now (BKD, before its
    decision)."""
    return is_bkd(user) and p.status in STATUS_BISA_DIKECUALIKAN


def boleh_terbitkan_sk(user: User | None) -> bool:
    """Whether `user` may issue a decree (BKD; never the system)."""
    return user is not None and is_bkd(user)


# --- scopes and queues ----------------------------------------------------------------------


def scope_permohonan(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    """Requests in `qs` visible to `user` (see the module docstring)."""
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if is_bkd(user):
        return qs
    cond = Q(pegawai__user_id=user.pk)
    unit = pegawai_access.unit_dipimpin(user)
    if unit is not None:
        cond |= Q(unit_asal__path__startswith=unit.path, diajukan_pada__isnull=False)
        cond |= Q(unit_tujuan__path__startswith=unit.path, diteruskan_pada__isnull=False)
    return qs.filter(cond)


def permohonan_terlihat(user: User) -> QuerySet[PermohonanMutasi]:
    """Every request visible to `user`."""
    return scope_permohonan(PermohonanMutasi.objects.all(), user)


def scope_sk(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    """Decrees in `qs` that `user` may download: BKD all; others those naming a request
    they may see (the employee, the heads of its origin and receiving units)."""
    if is_bkd(user):
        return qs
    return qs.filter(Exists(permohonan_terlihat(user).filter(sk_id=OuterRef("pk"))))


def sk_terlihat(user: User) -> QuerySet[SuratKeputusan]:
    """Every decree `user` may download."""
    return scope_sk(SuratKeputusan.objects.all(), user)


def menunggu(qs: QuerySet[Any], user: User) -> QuerySet[Any]:
    """The requests of `qs` waiting for `user` to act: endorsements for the origin head,
    acceptances for the receiving head, approvals and decrees for BKD; never the user's
    own request.

    Segregation of duties is left to the action itself (the row shows, the button tells
    why it is refused).
    """
    cond = Q(pk__in=[])
    unit = pegawai_access.unit_dipimpin(user)
    if unit is not None:
        cond |= Q(status=Status.DIAJUKAN, unit_asal__path__startswith=unit.path)
        cond |= Q(status=Status.DISETUJUI_ASAL, unit_tujuan__path__startswith=unit.path)
    if is_bkd(user):
        cond |= Q(status__in=[Status.DITERIMA_TUJUAN, Status.DISETUJUI_BKD, Status.KEBERATAN])
    # The employee's own answer to an organisational-need request is the one own request
    # that waits for them.
    sendiri = Q(status=Status.MENUNGGU_PEGAWAI, pegawai__user_id=user.pk,
                asal_permohonan=AsalPermohonan.KEBUTUHAN_ORGANISASI)
    return qs.filter((cond & ~Q(pegawai__user_id=user.pk)) | sendiri)


def pengguna_bkd() -> QuerySet[Any]:
    """The active accounts for which `is_bkd` holds: the group "Staf BKD" and superusers
    (the same rule as `pegawai.access.is_bkd`, as one query)."""
    return (
        get_user_model().objects
        .filter(Q(is_superuser=True) | Q(groups__name=GRUP_BKD), is_active=True)
        .distinct()
    )
