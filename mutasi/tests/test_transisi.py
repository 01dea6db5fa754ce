"""Every state × action × role: the allowed ones move the request and write one history
row; every other one is refused and changes nothing."""

import functools

import pytest
from django.core.exceptions import PermissionDenied

from mutasi import services, workflow
from mutasi.models import PermohonanMutasi, RiwayatPermohonan, Status
from mutasi.tests.factories import buat_permohonan

PERAN = {
    "pemohon": "u_pegawai",
    "kepala_asal": "u_kepala_asal",
    "kepala_tujuan": "u_kepala_tujuan",
    "bkd": "u_bkd",
    "outsider": "u_outsider",
    "kapus": "u_kapus",  # head of a sub-unit of the origin: not above the origin unit
    "sistem": None,  # no user: the TMT taking effect
}
S = Status
DITINJAU = {S.DIAJUKAN: "kepala_asal", S.DISETUJUI_ASAL: "kepala_tujuan",
            S.DITERIMA_TUJUAN: "bkd"}

# Written out by hand from docs/mutasi.md, not derived from workflow.TRANSISI.
DIIZINKAN = {
    ("submit", S.DRAFT, "pemohon"): S.DIAJUKAN,
    ("resubmit", S.DIKEMBALIKAN, "pemohon"): S.DIAJUKAN,
    ("endorse", S.DIAJUKAN, "kepala_asal"): S.DISETUJUI_ASAL,
    ("accept", S.DISETUJUI_ASAL, "kepala_tujuan"): S.DITERIMA_TUJUAN,
    ("approve", S.DITERIMA_TUJUAN, "bkd"): S.DISETUJUI_BKD,
    ("terbitkan_sk", S.DISETUJUI_BKD, "bkd"): S.SK_TERBIT,
    ("berlaku", S.SK_TERBIT, "sistem"): S.BERLAKU,
    **{("withdraw", s, "pemohon"): S.DITARIK
       for s in (S.DRAFT, S.DIAJUKAN, S.DISETUJUI_ASAL, S.DITERIMA_TUJUAN, S.DIKEMBALIKAN,
                 S.MENUNGGU_PEGAWAI, S.KEBERATAN)},
    **{("refuse", s, peran): S.DITOLAK for s, peran in DITINJAU.items()},
    **{("return", s, peran): S.DIKEMBALIKAN for s, peran in DITINJAU.items()},
}
AKSI = ["submit", "resubmit", "withdraw", "endorse", "accept", "approve", "refuse", "return",
        "terbitkan_sk", "berlaku"]


def _user(cast, peran):
    return getattr(cast, PERAN[peran]) if PERAN[peran] else None


@pytest.mark.parametrize("peran", list(PERAN))
@pytest.mark.parametrize("aksi", AKSI)
@pytest.mark.parametrize("status", list(S))
def test_transition_is_allowed_exactly_for_its_state_and_role(layak, status, aksi, peran):
    cast = layak
    p = buat_permohonan(cast, status)
    user = _user(cast, peran)
    before = RiwayatPermohonan.objects.filter(permohonan=p).count()
    service = services.LAYANAN[aksi]
    if aksi in ("submit", "resubmit"):
        service = functools.partial(service, pernyataan=True)
    expected = DIIZINKAN.get((aksi, status, peran))
    if expected is not None:
        service(permohonan=p, aktor=user, catatan="Catatan peninjau.")
        p.refresh_from_db()
        assert p.status == expected
        rows = list(RiwayatPermohonan.objects.filter(permohonan=p).order_by("id"))
        assert len(rows) == before + 1
        last = rows[-1]
        assert (last.aktor_id, last.dari_status, last.ke_status, last.aksi) == (
            user.pk if user else None, status, expected, aksi)
        # The buttons offered now are the table's for the new state and the same role.
        offered = set(workflow.aksi_tersedia(PermohonanMutasi.objects.get(pk=p.pk), user))
        assert offered == {a for (a, s, r) in DIIZINKAN if s == expected and r == peran}
    else:
        snapshot = PermohonanMutasi.objects.filter(pk=p.pk).values().get()
        with pytest.raises((workflow.PermohonanError, PermissionDenied)):
            service(permohonan=p, aktor=user, catatan="Catatan peninjau.")
        assert PermohonanMutasi.objects.filter(pk=p.pk).values().get() == snapshot
        assert RiwayatPermohonan.objects.filter(permohonan=p).count() == before


@pytest.mark.parametrize("peran", list(PERAN))
@pytest.mark.parametrize("status", list(S))
def test_buttons_offered_match_the_allowed_table(layak, status, peran):
    p = buat_permohonan(layak, status)
    user = _user(layak, peran)
    offered = set(workflow.aksi_tersedia(p, user))
    assert offered == {a for (a, s, r) in DIIZINKAN if s == status and r == peran}
