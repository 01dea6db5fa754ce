"""Who may see which transfer request, and the queues of what waits for whom.

- BKD (and admin): every request.
- The employee: their own requests (a draft only they and BKD see).
- The origin head: requests whose unit_asal is in the unit they lead (subtree), once
  submitted (`diajukan_pada` set), also after a refusal, return or withdrawal.
- The receiving head: requests whose unit_tujuan is in their subtree, once the origin
  head endorsed them (`diteruskan_pada` set; cleared again on resubmission).
Anyone else gets 404 (the request "does not exist" for them).
"""

from django.db.models import Count, Exists, OuterRef, Q

from bebankerja import selectors as abk_selectors
from pegawai import access

from . import waktu
from .models import STATUS_AKTIF, PermohonanMutasi, RiwayatPermohonan, Status, SuratKeputusan


def scope_permohonan(qs, user):
    """Requests in `qs` visible to `user`."""
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if access.is_bkd(user):
        return qs
    cond = Q(pegawai__user_id=user.pk)
    unit = access.unit_dipimpin(user)
    if unit is not None:
        cond |= Q(unit_asal__path__startswith=unit.path, diajukan_pada__isnull=False)
        cond |= Q(unit_tujuan__path__startswith=unit.path, diteruskan_pada__isnull=False)
    return qs.filter(cond)


def permohonan_list(*, user):
    """Requests visible to `user`, with what a list row shows, newest first."""
    return (
        PermohonanMutasi.objects.visible_to(user)
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
    """Requests waiting for `user` to act: endorsements, acceptances, BKD approvals and
    decrees to issue.

    Segregation of duties is left to the action itself (the row shows, the button tells
    why it is refused).
    """
    qs = permohonan_list(user=user)
    cond = Q(pk__in=[])
    unit = access.unit_dipimpin(user)
    if unit is not None:
        cond |= Q(status=Status.DIAJUKAN, unit_asal__path__startswith=unit.path)
        cond |= Q(status=Status.DISETUJUI_ASAL, unit_tujuan__path__startswith=unit.path)
    if access.is_bkd(user):
        cond |= Q(status__in=[Status.DITERIMA_TUJUAN, Status.DISETUJUI_BKD])
    return qs.filter(cond).exclude(pegawai__user_id=user.pk).order_by("diubah", "id")


def jumlah_menunggu(*, user):
    """How many requests wait for `user` (the in-app count)."""
    if not user.is_authenticated:
        return 0
    return permohonan_menunggu(user=user).count()


def sk_visible(*, user):
    """Decrees `user` may download: BKD all; others those naming a request they may see
    (the employee, the heads of its origin and receiving units)."""
    qs = SuratKeputusan.objects.all()
    if access.is_bkd(user):
        return qs
    return qs.filter(Exists(
        PermohonanMutasi.objects.visible_to(user).filter(sk_id=OuterRef("pk"))))


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
