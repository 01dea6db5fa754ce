"""Issue 11 items 20 and 21: four eyes on rule exceptions; what a returned request must fix
and whom every request waits for, at the top of its page."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from mutasi import services, workflow
from mutasi.models import PermohonanMutasi, Status
from mutasi.tests.factories import buat_permohonan
from pegawai.access import GRUP_BKD
from pegawai.tests.factories import UserFactory

ALASAN = "Hukuman disiplin sudah selesai; data belum diperbarui."


@pytest.fixture
def bkd_lain(layak):
    u = UserFactory(username="bkd_lain")
    u.groups.add(Group.objects.get_or_create(name=GRUP_BKD)[0])
    return u


def _dikecualikan(layak):
    p = buat_permohonan(layak, Status.DITERIMA_TUJUAN)
    services.permohonan_override(permohonan=p, aktor=layak.u_bkd, aturan=["hukuman_disiplin"],
                                 alasan=ALASAN)
    return PermohonanMutasi.objects.get(pk=p.pk)


def test_the_officer_who_excepted_a_rule_cannot_approve_the_request(layak, bkd_lain):
    p = _dikecualikan(layak)
    with pytest.raises(workflow.BukanWewenang, match="prinsip empat mata"):
        workflow.permohonan_approve(permohonan=p, aktor=layak.u_bkd)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DITERIMA_TUJUAN
    assert "approve" not in workflow.aksi_tersedia(p, layak.u_bkd)
    # another officer may
    assert "approve" in workflow.aksi_tersedia(p, bkd_lain)
    workflow.permohonan_approve(permohonan=p, aktor=bkd_lain)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DISETUJUI_BKD


def test_an_earlier_exception_counts_though_another_officer_excepted_last(layak, bkd_lain):
    """`dikecualikan_oleh` names the last one; the history remembers every one."""
    p = _dikecualikan(layak)
    services.permohonan_override(permohonan=p, aktor=bkd_lain, aturan=["bup"], alasan=ALASAN)
    p = PermohonanMutasi.objects.get(pk=p.pk)
    assert p.dikecualikan_oleh == bkd_lain
    for user in (layak.u_bkd, bkd_lain):
        with pytest.raises(workflow.BukanWewenang, match="empat mata"):
            workflow.permohonan_approve(permohonan=p, aktor=user)
    workflow.permohonan_approve(permohonan=p, aktor=layak.u_admin)


def test_a_one_person_bkd_may_relax_four_eyes(layak, settings):
    settings.MUTASI_EMPAT_MATA = False
    p = _dikecualikan(layak)
    workflow.permohonan_approve(permohonan=p, aktor=layak.u_bkd)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DISETUJUI_BKD


def test_the_page_does_not_offer_approval_to_that_officer_and_says_why(client, layak,
                                                                        bkd_lain):
    p = _dikecualikan(layak)
    url_setujui = reverse("mutasi:aksi", args=[p.pk, "approve"])
    client.force_login(layak.u_bkd)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    assert url_setujui not in html
    assert "prinsip empat mata" in html
    # Posting anyway is refused with the same clear message, and nothing changes.
    r = client.post(url_setujui, {"approve-catatan": ""})
    assert r.status_code == 403 and "prinsip empat mata" in r.content.decode()
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DITERIMA_TUJUAN
    client.force_login(bkd_lain)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    assert url_setujui in html and "prinsip empat mata" not in html


def test_a_returned_request_shows_what_to_fix_at_the_top(client, layak):
    p = buat_permohonan(layak, Status.DIAJUKAN)
    workflow.permohonan_return(permohonan=p, aktor=layak.u_kepala_asal,
                               catatan="SKP 2025 belum ditandatangani atasan.")
    client.force_login(layak.u_pegawai)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    banner = html.index('data-testid="banner-dikembalikan"')
    assert banner < html.index("Dampak terhadap beban kerja")
    assert html.index("SKP 2025 belum ditandatangani atasan.") < html.index(
        "Dampak terhadap beban kerja")
    peninjau = layak.u_kepala_asal.get_full_name() or layak.u_kepala_asal.username
    assert peninjau in html[banner:html.index("</div>", banner)]
    # once resubmitted, the banner is gone
    workflow.permohonan_resubmit(permohonan=p, aktor=layak.u_pegawai, pernyataan=True)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    assert 'data-testid="banner-dikembalikan"' not in html


@pytest.mark.parametrize("status,siapa", [
    (Status.DRAFT, "{pegawai} melengkapi dokumen dan mengajukan"),
    (Status.DIAJUKAN, "Kepala Dinas Kesehatan ({kepala_asal})"),
    (Status.DISETUJUI_ASAL, "Kepala Dinas Perhubungan ({kepala_tujuan})"),
    (Status.DITERIMA_TUJUAN, "BKD (keputusan persetujuan)"),
    (Status.DISETUJUI_BKD, "BKD (penerbitan SK)"),
    (Status.DIKEMBALIKAN, "{pegawai} memperbaiki dan mengajukan kembali"),
    (Status.SK_TERBIT, "diberlakukan otomatis oleh sistem"),
])
def test_every_request_shows_whom_it_waits_for_and_since_when(client, layak, status, siapa):
    from django.utils.html import escape

    p = buat_permohonan(layak, status)
    client.force_login(layak.u_bkd)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    teks = siapa.format(pegawai=layak.pegawai.nama_lengkap,
                        kepala_asal=layak.kepala_asal.nama_lengkap,
                        kepala_tujuan=layak.kepala_tujuan.nama_lengkap)
    i = html.index('data-testid="menunggu"')
    baris = html[i:html.index("</p>", i)]
    assert "Menunggu:" in baris and escape(teks) in baris, baris
    assert "sejak " in baris


@pytest.mark.parametrize("status", [Status.BERLAKU, Status.DITOLAK, Status.DITARIK])
def test_a_finished_request_waits_for_no_one(client, layak, status):
    p = buat_permohonan(layak, status)
    client.force_login(layak.u_bkd)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    assert 'data-testid="menunggu"' not in html
