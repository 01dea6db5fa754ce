"""Uploads: type from content, size before reading, nothing stored on refusal."""

import io

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile

from mutasi import services, workflow
from mutasi.models import DokumenPermohonan, Status
from mutasi.tests.factories import PDF_KECIL, buat_permohonan

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


class _Huge(io.RawIOBase):
    """A 30 MB upload whose bytes must never be read."""

    size = 30 * 1024 * 1024

    def readable(self):
        return True

    def read(self, *a):
        raise AssertionError("the 30 MB file was read")

    readinto = read


@pytest.mark.parametrize(
    "isi,content_type,ext",
    [(PDF_KECIL, "application/pdf", ".pdf"), (PNG, "image/png", ".png"),
     (JPEG, "image/jpeg", ".jpg")],
)
def test_pdf_png_and_jpeg_are_stored_under_a_generated_name(layak, _media_root, isi,
                                                            content_type, ext):
    p = buat_permohonan(layak, Status.DRAFT, dokumen=False)
    dok = services.dokumen_upload(permohonan=p, aktor=layak.u_pegawai, jenis="skp",
                                  berkas=SimpleUploadedFile("SKP Budi 2025.exe", isi,
                                                            content_type="text/plain"))
    assert dok.content_type == content_type
    assert dok.nama_asli == "SKP Budi 2025.exe"
    assert dok.berkas.name.startswith("dokumen/") and dok.berkas.name.endswith(ext)
    assert "Budi" not in dok.berkas.name
    assert dok.ukuran == len(isi)
    stored = _files(_media_root)
    assert len(stored) == 1 and stored[0].read_bytes() == isi
    import hashlib

    assert dok.sha256 == hashlib.sha256(isi).hexdigest()


@pytest.mark.parametrize(
    "nama,isi,pesan",
    [
        ("surat.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "bukan PDF, JPEG atau PNG"),
        ("surat.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "bukan PDF, JPEG atau PNG"),
        ("surat.pdf", b"<html><script>alert(1)</script>", "bukan PDF, JPEG atau PNG"),
        ("kosong.pdf", b"", "kosong"),
    ],
)
def test_executables_and_empty_files_are_refused_and_nothing_is_stored(layak, _media_root,
                                                                       nama, isi, pesan):
    p = buat_permohonan(layak, Status.DRAFT, dokumen=False)
    with pytest.raises(workflow.PermohonanError, match=pesan) as exc:
        services.dokumen_upload(permohonan=p, aktor=layak.u_pegawai, jenis="skp",
                                berkas=SimpleUploadedFile(nama, isi))
    assert nama in str(exc.value)
    assert not DokumenPermohonan.objects.exists()
    assert _files(_media_root) == []


def test_a_30_mb_file_is_refused_by_its_size_without_being_read(layak, _media_root):
    p = buat_permohonan(layak, Status.DRAFT, dokumen=False)
    berkas = InMemoryUploadedFile(_Huge(), "berkas", "besar.pdf", "application/pdf",
                                  _Huge.size, None)
    with pytest.raises(workflow.PermohonanError, match="melebihi batas 5,0") as exc:
        services.dokumen_upload(permohonan=p, aktor=layak.u_pegawai, jenis="skp", berkas=berkas)
    assert "30,0" in str(exc.value)
    assert not DokumenPermohonan.objects.exists()
    assert _files(_media_root) == []


def test_size_limit_is_a_setting(layak, settings):
    settings.MUTASI_UNGGAH_MAKS_BYTE = 10
    p = buat_permohonan(layak, Status.DRAFT, dokumen=False)
    with pytest.raises(workflow.PermohonanError, match="melebihi batas"):
        services.dokumen_upload(permohonan=p, aktor=layak.u_pegawai, jenis="skp",
                                berkas=SimpleUploadedFile("a.pdf", PDF_KECIL))


@pytest.mark.parametrize("status", [Status.DIAJUKAN, Status.DISETUJUI_BKD, Status.DITOLAK])
def test_documents_cannot_change_once_submitted(layak, _media_root, status):
    p = buat_permohonan(layak, status, dokumen=False)
    with pytest.raises(workflow.PermohonanError, match="tidak dapat diubah"):
        services.dokumen_upload(permohonan=p, aktor=layak.u_pegawai, jenis="skp",
                                berkas=SimpleUploadedFile("a.pdf", PDF_KECIL))
    assert _files(_media_root) == []


def test_only_the_applicant_uploads(layak, _media_root):
    p = buat_permohonan(layak, Status.DRAFT, dokumen=False)
    for user in (layak.u_kepala_asal, layak.u_bkd, layak.u_outsider):
        with pytest.raises(workflow.BukanWewenang):
            services.dokumen_upload(permohonan=p, aktor=user, jenis="skp",
                                    berkas=SimpleUploadedFile("a.pdf", PDF_KECIL))
    assert _files(_media_root) == []


def test_deleting_a_document_removes_its_file_after_commit(layak, _media_root,
                                                           django_capture_on_commit_callbacks):
    p = buat_permohonan(layak, Status.DRAFT, dokumen=False)
    dok = services.dokumen_upload(permohonan=p, aktor=layak.u_pegawai, jenis="skp",
                                  berkas=SimpleUploadedFile("a.pdf", PDF_KECIL))
    with django_capture_on_commit_callbacks(execute=True):
        services.dokumen_delete(dokumen=dok, aktor=layak.u_pegawai)
    assert not DokumenPermohonan.objects.exists()
    assert _files(_media_root) == []
