"""Checks for uploaded supporting documents (OWASP ASVS V12; docs/reliability.md, Uploads).

The type is read from the first bytes, never from the name or the browser's content type;
the size is checked from `UploadedFile.size` before a single byte is read, so a 30 MB file
is refused without loading it. Storage and the database row are in `services.dokumen_upload`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import JenisDokumen

# (magic prefix, content type, extension of the stored file)
JENIS_BERKAS = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
_PANJANG_MAGIC = max(len(m) for m, _ct, _ext in JENIS_BERKAS)


class BerkasDitolak(Exception):
    """An upload refused; the message says why, in Bahasa Indonesia."""


@dataclass(frozen=True)
class BerkasDiperiksa:
    content_type: str
    ekstensi: str
    ukuran: int
    sha256: str


def batas_ukuran():
    return settings.MUTASI_UNGGAH_MAKS_BYTE


def deteksi_jenis(kepala: bytes):
    """(content_type, extension) from the first bytes, or None."""
    for magic, content_type, ext in JENIS_BERKAS:
        if kepala.startswith(magic):
            return content_type, ext
    return None


def periksa_berkas(berkas) -> BerkasDiperiksa:
    """Check size and type of an `UploadedFile`; raise BerkasDitolak with the reason."""
    nama = getattr(berkas, "name", "") or _("(tanpa nama)")
    maks = batas_ukuran()
    ukuran = berkas.size
    if ukuran is None or ukuran <= 0:
        raise BerkasDitolak(_("Berkas kosong (0 bita): %(nama)s tidak berisi apa pun; pilih "
                              "berkas yang benar.")
                            % {"nama": nama})
    if ukuran > maks:
        raise BerkasDitolak(
            _("Berkas %(nama)s berukuran %(ukuran)s, melebihi batas %(maks)s.")
            % {"nama": nama, "ukuran": filesizeformat(ukuran), "maks": filesizeformat(maks)}
        )
    berkas.seek(0)
    jenis = deteksi_jenis(berkas.read(_PANJANG_MAGIC))
    if jenis is None:
        raise BerkasDitolak(
            _("Berkas %(nama)s bukan PDF, JPEG atau PNG menurut isinya (bukan nama atau "
              "ekstensinya); unggah hasil pindaian dalam salah satu format itu.")
            % {"nama": nama}
        )
    berkas.seek(0)
    h = hashlib.sha256()
    for chunk in berkas.chunks():
        h.update(chunk)
    berkas.seek(0)
    return BerkasDiperiksa(jenis[0], jenis[1], ukuran, h.hexdigest())


def dokumen_wajib(asal_permohonan, alasan):
    """Required document kinds for this kind of request and reason (a setting)."""
    cfg = settings.MUTASI_DOKUMEN_WAJIB.get(str(asal_permohonan), {})
    kinds = list(cfg.get("*", [])) + list(cfg.get(str(alasan), []))
    return list(dict.fromkeys(kinds))


def dokumen_kurang(permohonan, jenis_ada=None):
    """Labels of the required documents not yet uploaded, in the order of the setting."""
    if jenis_ada is None:
        jenis_ada = set(permohonan.dokumen.values_list("jenis", flat=True))
    return [
        str(JenisDokumen(k).label)
        for k in dokumen_wajib(permohonan.asal_permohonan, permohonan.alasan)
        if k not in jenis_ada
    ]
