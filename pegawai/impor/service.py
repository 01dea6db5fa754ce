"""`impor_file`: read, check every row, and write all of it or nothing."""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import tempfile
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .hasil import BerkasDitolak, HasilImpor, galat_berkas
from .kolom import JENIS_IMPOR
from .reader import baca
from .validators import PERIKSA
from .writer import TULIS

logger = logging.getLogger(__name__)


@contextlib.contextmanager
def sebagai_path(sumber):
    """A filesystem path for `sumber` (a path, an UploadedFile or any binary file object)."""
    if isinstance(sumber, (str, os.PathLike)):
        yield os.fspath(sumber)
        return
    if hasattr(sumber, "temporary_file_path"):
        yield sumber.temporary_file_path()
        return
    batas = settings.IMPOR_MAKS_BYTE + 1  # one byte over the cap is enough to refuse it
    # openpyxl refuses a workbook whose file name lacks an Excel extension; the type itself
    # is still decided from the content by the reader.
    akhiran = os.path.splitext(getattr(sumber, "name", "") or "")[1].lower() or ".xlsx"
    fd, path = tempfile.mkstemp(prefix="impor-", suffix=akhiran)
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(sumber, "seek"):
                sumber.seek(0)
            chunks = sumber.chunks() if hasattr(sumber, "chunks") else iter(
                lambda: sumber.read(1 << 20), b"")
            ditulis = 0
            for chunk in chunks:
                out.write(chunk)
                ditulis += len(chunk)
                if ditulis >= batas:
                    break
        yield path
    finally:
        os.unlink(path)


@contextlib.contextmanager
def _tanpa_gc():
    """Python's cycle collector off for the import: a large file makes millions of objects
    that live until the import ends and hold no cycles, and every full collection walks all
    of them again (0.3 s of a 200,000-row import). Reference counting still frees memory;
    the collector is back on, as it was, when the import ends."""
    aktif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aktif:
            gc.enable()


def impor_file(**kwargs) -> HasilImpor:
    """Import an .xlsx or .csv of `jenis` (pegawai, unit, jabatan). All or nothing; see
    `_impor_file` for the arguments and steps."""
    with _tanpa_gc():
        return _impor_file(**kwargs)


def _impor_file(*, fileobj_or_path, nama_file: str = "", jenis: str = "pegawai", progress=None,
                hari_ini=None, penjaga=None) -> HasilImpor:
    """Import an .xlsx or .csv of `jenis` (pegawai, unit, jabatan). All or nothing.

    Steps: size and type by content → stream rows (capped) → check every row → if any
    problem, return them all and write nothing → else write in one transaction.
    `progress(tahap, fraksi, baris)` is called now and then ("membaca", "memeriksa",
    "menulis"). Returns HasilImpor; `galat` is empty when the import was written.
    `penjaga()`, if given, is called inside the write transaction before anything is
    written; it raises `ImporDibatalkan` to stop the write (the job's ownership check,
    jobs.py), which propagates to the caller with nothing written.
    """
    if jenis not in JENIS_IMPOR:
        raise ValueError(f"jenis impor tidak dikenal: {jenis!r}")
    t0 = time.monotonic()
    hari_ini = hari_ini or timezone.localdate()
    if not nama_file and isinstance(fileobj_or_path, (str, os.PathLike)):
        nama_file = os.path.basename(os.fspath(fileobj_or_path))
    nama_file = nama_file or getattr(fileobj_or_path, "name", "") or ""
    hasil = HasilImpor(jenis=jenis)
    with sebagai_path(fileobj_or_path) as path:
        try:
            tabel = baca(path, os.path.basename(nama_file), progress)
            hasil.total_baris = len(tabel)
            diperiksa = PERIKSA[jenis](tabel, hari_ini=hari_ini, progress=progress)
        except BerkasDitolak as e:
            hasil.galat = e.galat
            hasil.detik = time.monotonic() - t0
            return hasil
    del tabel
    if diperiksa.galat:
        hasil.galat = diperiksa.galat
        hasil.detik = time.monotonic() - t0
        return hasil
    if progress:
        progress("menulis", 0.0, hasil.total_baris)
    try:
        with transaction.atomic():
            if penjaga is not None:
                penjaga()
            TULIS[jenis](diperiksa, hasil)
    except BerkasDitolak as e:  # a check only the database can make (writer.py)
        hasil.batal(e.galat)
    except IntegrityError:
        logger.exception("impor %s: IntegrityError saat menulis", jenis)
        hasil.batal([galat_berkas(_(
            "Data di basis data berubah selama impor berjalan (misalnya unit atau jabatan "
            "yang dirujuk baru saja dihapus). Tidak ada data yang ditulis; ulangi impor."))])
    if progress and hasil.berhasil:
        progress("menulis", 1.0, hasil.total_baris)
    hasil.detik = time.monotonic() - t0
    return hasil


__all__ = ["impor_file", "BerkasDitolak"]
