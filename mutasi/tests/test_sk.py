"""Issuing decrees: numbering without gaps or duplicates, all-or-nothing, the PDF."""

import datetime as dt
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from mutasi import keputusan, workflow
from mutasi.models import (
    NomorSkCounter,
    PermohonanMutasi,
    RiwayatPermohonan,
    Status,
    SuratKeputusan,
)
from mutasi.sk_pdf import sk_pdf
from mutasi.tests.factories import buat_permohonan, jadikan_layak
from pegawai.nip import format_nip
from pegawai.tests.factories import PegawaiFactory, UserFactory

TANGGAL = dt.date(2026, 11, 24)
TMT_NANTI = dt.date(2099, 1, 1)


def _disetujui(cast, n):
    """`n` approved requests of different employees of Dinas Kesehatan."""
    out = [buat_permohonan(cast, Status.DISETUJUI_BKD)]
    for i in range(n - 1):
        peg = PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana,
                             user=UserFactory(username=f"peg_sk_{i}"))
        out.append(buat_permohonan(cast, Status.DISETUJUI_BKD, pegawai=peg))
    return out


def test_one_request_gets_a_numbered_decree_and_moves_to_sk_terbit(cast):
    (p,) = _disetujui(cast, 1)
    sk = keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                            oleh=cast.u_bkd)
    assert sk.nomor == "800.1.6.4/0001/BKPSDM/2026"
    assert (sk.tahun, sk.urut, sk.tmt, sk.dibuat_oleh) == (2026, 1, TMT_NANTI, cast.u_bkd)
    assert "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019" in sk.dasar_hukum
    assert sk.penandatangan_nama and sk.penandatangan_jabatan
    p.refresh_from_db()
    assert (p.status, p.sk_id, p.tmt) == (Status.SK_TERBIT, sk.pk, TMT_NANTI)
    last = RiwayatPermohonan.objects.filter(permohonan=p).order_by("id").last()
    assert (last.aksi, last.dari_status, last.ke_status, last.aktor_id) == (
        "terbitkan_sk", Status.DISETUJUI_BKD, Status.SK_TERBIT, cast.u_bkd.pk)
    assert sk.nomor in last.catatan


def test_batch_gives_one_decree_and_one_history_row_per_request(cast):
    ps = _disetujui(cast, 3)
    sk = keputusan.sk_issue(permohonan_ids=[p.pk for p in ps], tanggal=TANGGAL,
                            tmt=TMT_NANTI, oleh=cast.u_bkd)
    assert SuratKeputusan.objects.count() == 1
    assert set(sk.permohonan.values_list("pk", flat=True)) == {p.pk for p in ps}
    for p in ps:
        assert RiwayatPermohonan.objects.filter(permohonan=p, aksi="terbitkan_sk").count() == 1


def test_numbers_are_consecutive_per_year_and_restart_in_a_new_year(cast):
    ps = _disetujui(cast, 3)
    a = keputusan.sk_issue(permohonan_ids=[ps[0].pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                           oleh=cast.u_bkd)
    b = keputusan.sk_issue(permohonan_ids=[ps[1].pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                           oleh=cast.u_bkd)
    c = keputusan.sk_issue(permohonan_ids=[ps[2].pk], tanggal=dt.date(2027, 1, 4),
                           tmt=TMT_NANTI, oleh=cast.u_bkd)
    assert [a.nomor, b.nomor, c.nomor] == [
        "800.1.6.4/0001/BKPSDM/2026", "800.1.6.4/0002/BKPSDM/2026",
        "800.1.6.4/0001/BKPSDM/2027"]


def test_number_format_comes_from_the_setting(cast, settings):
    settings.MUTASI_SK = {**settings.MUTASI_SK, "format_nomor": "821.2/{n:03d}/BKD/{tahun}"}
    (p,) = _disetujui(cast, 1)
    sk = keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                            oleh=cast.u_bkd)
    assert sk.nomor == "821.2/001/BKD/2026"


def test_a_batch_with_one_unapproved_request_issues_nothing_and_uses_no_number(cast):
    ps = _disetujui(cast, 2)
    peg = PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana)
    belum = buat_permohonan(cast, Status.DITERIMA_TUJUAN, pegawai=peg)
    with pytest.raises(workflow.PermohonanError, match=f"#{belum.pk}"):
        keputusan.sk_issue(permohonan_ids=[ps[0].pk, belum.pk, ps[1].pk], tanggal=TANGGAL,
                           tmt=TMT_NANTI, oleh=cast.u_bkd)
    assert SuratKeputusan.objects.count() == 0
    assert not NomorSkCounter.objects.filter(terakhir__gt=0).exists()
    assert set(PermohonanMutasi.objects.filter(pk__in=[p.pk for p in ps])
               .values_list("status", flat=True)) == {Status.DISETUJUI_BKD}
    assert not RiwayatPermohonan.objects.filter(aksi="terbitkan_sk").exists()
    # the next decree still gets number 1
    sk = keputusan.sk_issue(permohonan_ids=[ps[0].pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                            oleh=cast.u_bkd)
    assert sk.urut == 1


@pytest.mark.parametrize("who", ["u_pegawai", "u_kepala_asal", "u_kepala_tujuan", None])
def test_only_bkd_may_issue_a_decree(cast, who):
    (p,) = _disetujui(cast, 1)
    user = getattr(cast, who) if who else None
    with pytest.raises(PermissionDenied):
        keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=TANGGAL, tmt=TMT_NANTI, oleh=user)
    assert SuratKeputusan.objects.count() == 0
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DISETUJUI_BKD


def test_issuing_without_requests_or_dates_is_refused_with_a_message(cast):
    (p,) = _disetujui(cast, 1)
    with pytest.raises(workflow.PermohonanError, match="sedikitnya satu"):
        keputusan.sk_issue(permohonan_ids=[], tanggal=TANGGAL, tmt=TMT_NANTI, oleh=cast.u_bkd)
    with pytest.raises(workflow.PermohonanError, match="tanggal SK dan TMT"):
        keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=TANGGAL, tmt=None, oleh=cast.u_bkd)
    assert SuratKeputusan.objects.count() == 0


# --- PDF ---------------------------------------------------------------------------------


def test_single_decree_pdf_names_the_employee_with_formatted_nip(cast):
    jadikan_layak(cast.pegawai)
    (p,) = _disetujui(cast, 1)
    sk = keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                            oleh=cast.u_bkd)
    pdf = sk_pdf(sk, compress=False)
    assert pdf.startswith(b"%PDF")
    for teks in [format_nip(cast.pegawai.nip), sk.nomor, "KEPUTUSAN BUPATI CONTOH",
                 "MUTASI PEGAWAI NEGERI SIPIL", "Menimbang", "Mengingat", "MEMUTUSKAN",
                 cast.pegawai.nama, "Dinas Kesehatan", "Dinas Perhubungan",
                 "1 Januari 2099", "24 November 2026", "Tembusan",
                 "Kepala Kantor Regional Badan Kepegawaian Negara"]:
        assert teks.encode("latin-1") in pdf, teks
    assert b"LAMPIRAN" not in pdf
    # the default (compressed) build is a valid PDF too
    assert sk_pdf(sk).startswith(b"%PDF")


def test_batch_decree_pdf_has_an_annex_with_every_employee(cast):
    ps = _disetujui(cast, 3)
    sk = keputusan.sk_issue(permohonan_ids=[p.pk for p in ps], tanggal=TANGGAL,
                            tmt=TMT_NANTI, oleh=cast.u_bkd)
    pdf = sk_pdf(sk, compress=False)
    assert b"LAMPIRAN KEPUTUSAN BUPATI CONTOH" in pdf
    for p in ps:
        assert format_nip(p.pegawai.nip).encode() in pdf


# --- concurrency (PostgreSQL) -----------------------------------------------------------

N = 10


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_issuances_get_ten_distinct_consecutive_numbers(cast):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on one file lock; the race needs PostgreSQL "
                    "(set DATABASE_URL)")
    ps = _disetujui(cast, N)
    barrier = threading.Barrier(N)
    nomor, salah = [], []

    def issue(pk):
        try:
            bkd = get_user_model().objects.get(pk=cast.u_bkd.pk)
            barrier.wait(timeout=30)
            sk = keputusan.sk_issue(permohonan_ids=[pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                                    oleh=bkd)
            nomor.append(sk.urut)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            salah.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(p.pk,)) for p in ps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert salah == []
    assert sorted(nomor) == list(range(1, N + 1))
    assert sorted(SuratKeputusan.objects.values_list("urut", flat=True)) == list(range(1, N + 1))
    assert SuratKeputusan.objects.values("nomor").distinct().count() == N
    assert NomorSkCounter.objects.get(tahun=2026).terakhir == N
    assert PermohonanMutasi.objects.filter(status=Status.SK_TERBIT).count() == N


# --- the Pemda's profile on the decree (issue 11 item 16) ---------------------------------

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0f01f0005000201a5f0a8e10000000049454e44ae426082")


def _profil_manna_raya(**extra):
    from pegawai.models import ProfilPemda

    profil = ProfilPemda.ambil()
    for k, v in {"nama_pemda": "Pemerintah Kabupaten Manna Raya",
                 "kepala_daerah": "Bupati Manna Raya", "nama_kepala_daerah": "Rahmat Hidayat",
                 "tempat_penetapan": "Manna", "penandatangan_nama": "RAHMAT HIDAYAT",
                 "penandatangan_jabatan": "Bupati Manna Raya",
                 "format_nomor": "821.2/{n:03d}/BKPSDM-MR/{tahun}", **extra}.items():
        setattr(profil, k, v)
    profil.save()
    return profil


def test_the_decree_is_headed_signed_and_numbered_from_the_pemda_profile(cast):
    _profil_manna_raya()
    jadikan_layak(cast.pegawai)
    (p,) = _disetujui(cast, 1)
    sk = keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                           oleh=cast.u_bkd)
    assert sk.nomor == "821.2/001/BKPSDM-MR/2026"
    assert (sk.penandatangan_nama, sk.penandatangan_jabatan) == (
        "RAHMAT HIDAYAT", "Bupati Manna Raya")
    pdf = sk_pdf(sk, compress=False)
    for teks in ["PEMERINTAH KABUPATEN MANNA RAYA", "KEPUTUSAN BUPATI MANNA RAYA",
                 "Ditetapkan di Manna", "RAHMAT HIDAYAT"]:
        assert teks.encode("latin-1") in pdf, teks
    assert b"CONTOH" not in pdf.upper()
    # the PDF's metadata names the Pemda too
    assert re.search(rb"/Author \(Pemerintah Kabupaten Manna Raya\)", pdf)


def test_the_pemda_logo_is_printed_and_a_missing_file_costs_only_the_logo(cast, settings,
                                                                          tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    profil = _profil_manna_raya()
    (p,) = _disetujui(cast, 1)
    sk = keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                           oleh=cast.u_bkd)
    tanpa = sk_pdf(sk, compress=False)
    assert b"/Subtype /Image" not in tanpa
    profil.logo.save("logo.png", ContentFile(PNG_1PX))
    assert b"/Subtype /Image" in sk_pdf(sk, compress=False)
    profil.logo.storage.delete(profil.logo.name)
    assert sk_pdf(sk, compress=False).startswith(b"%PDF")


def test_a_one_person_decree_keeps_its_signature_on_page_one(cast, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    _profil_manna_raya().logo.save("logo.png", ContentFile(PNG_1PX))  # with its logo
    jadikan_layak(cast.pegawai)
    (p,) = _disetujui(cast, 1)
    sk = keputusan.sk_issue(permohonan_ids=[p.pk], tanggal=TANGGAL, tmt=TMT_NANTI,
                           oleh=cast.u_bkd)
    hasil = {}
    sk_pdf(sk, hasil=hasil)
    assert hasil["halaman_ttd"] == [1], hasil
