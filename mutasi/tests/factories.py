"""Requests in any state, built directly (the workflow itself is tested through services)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from mutasi.models import (
    AsalPermohonan,
    DokumenPermohonan,
    PermohonanMutasi,
    RiwayatPermohonan,
    Status,
    SuratKeputusan,
)
from mutasi.uploads import dokumen_wajib
from pegawai.nip import make_nip

PDF_KECIL = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# States after which the origin head / the receiving head have seen the request.
SUDAH_DIAJUKAN = {
    Status.DIAJUKAN, Status.DISETUJUI_ASAL, Status.DITERIMA_TUJUAN, Status.DISETUJUI_BKD,
    Status.SK_TERBIT, Status.BERLAKU, Status.DITOLAK, Status.DIKEMBALIKAN, Status.DITARIK,
}
SUDAH_DITERUSKAN = {
    Status.DISETUJUI_ASAL, Status.DITERIMA_TUJUAN, Status.DISETUJUI_BKD, Status.SK_TERBIT,
    Status.BERLAKU,
}


def jadikan_layak(pegawai):
    """Make an employee pass every rule for years to come (young, PNS since 2015)."""
    lahir = dt.date(1990, 5, 5)
    pegawai.tanggal_lahir = lahir
    pegawai.nip = make_nip(lahir, dt.date(2015, 3, 1), pegawai.jenis_kelamin, 7 + pegawai.pk % 900)
    pegawai.status_asn = "PNS"
    pegawai.tmt_jabatan = dt.date(2018, 1, 1)
    pegawai.pendidikan = "S1"
    pegawai.hukuman_disiplin = pegawai.tugas_belajar = False
    pegawai.save()
    return pegawai


def buat_permohonan(cast, status=Status.DIAJUKAN, *, pegawai=None, unit_tujuan=None,
                    jabatan_tujuan=None, alasan="pengembangan_karier",
                    asal=AsalPermohonan.PERMINTAAN_SENDIRI, dibuat_oleh=None, dokumen=True,
                    berkas=False):
    """A request of cast.pegawai (Dinas Kesehatan → Dinas Perhubungan) in `status`.

    With `dokumen`, every required document has a row; with `berkas`, real small PDF files
    are stored too (MEDIA_ROOT must point to a temporary folder).
    """
    pegawai = pegawai or cast.pegawai
    now = timezone.now()
    sk = None
    if status in (Status.SK_TERBIT, Status.BERLAKU):
        sk = buat_sk(cast, tmt=timezone.localdate())
    p = PermohonanMutasi.objects.create(
        pegawai=pegawai, unit_asal=pegawai.unit, jabatan_asal=pegawai.jabatan,
        unit_tujuan=unit_tujuan or cast.dishub, jabatan_tujuan=jabatan_tujuan or cast.j_pelaksana,
        asal_permohonan=asal, alasan=alasan, justifikasi="Ingin mengembangkan karier.",
        status=status, dibuat_oleh=dibuat_oleh or pegawai.user or cast.u_bkd,
        diajukan_pada=now if status in SUDAH_DIAJUKAN else None,
        diteruskan_pada=now if status in SUDAH_DITERUSKAN else None,
        sk=sk, tmt=sk.tmt if sk else None,
    )
    RiwayatPermohonan.objects.create(
        permohonan=p, aktor=p.dibuat_oleh, dari_status="", ke_status=Status.DRAFT, aksi="buat"
    )
    if dokumen:
        for jenis in dokumen_wajib(asal, alasan):
            d = DokumenPermohonan(
                permohonan=p, jenis=jenis, nama_asli=f"{jenis}.pdf",
                content_type="application/pdf", ukuran=len(PDF_KECIL), sha256="0" * 64,
                diunggah_oleh=p.dibuat_oleh,
            )
            if berkas:
                d.ekstensi_diperiksa = ".pdf"
                d.berkas.save("x.pdf", ContentFile(PDF_KECIL), save=False)
            else:
                d.berkas.name = f"dokumen/tidak-ada-{jenis}.pdf"
            d.save()
    return p


def buat_sk(cast, *, tmt, tanggal=None):
    """A decree row made directly (numbering is tested through keputusan.sk_issue)."""
    n = SuratKeputusan.objects.count() + 900
    tanggal = tanggal or tmt
    return SuratKeputusan.objects.create(
        nomor=f"UJI/{n}/{tanggal.year}", tahun=tanggal.year, urut=n, tanggal=tanggal, tmt=tmt,
        dasar_hukum="UU 20/2023", penandatangan_nama="Bupati", penandatangan_jabatan="Bupati",
        dibuat_oleh=cast.u_bkd,
    )


def kwargs_dokumen(cast):
    """URL kwargs of a stored document of a submitted request (for tests/test_semua_url.py)."""
    p = buat_permohonan(cast, Status.DIAJUKAN, berkas=True)
    return {"pk": p.pk, "dok": p.dokumen.first().pk}
