"""Reading an uploaded .xlsx or .csv into columns of raw cell values, safely.

Order matters (docs/reliability.md, Imports): the size cap and the type check by content run
before any parsing; an .xlsx is a ZIP, so its unpacked size is checked too; rows are counted
against the cap while streaming, never after loading everything.

- CSV: pandas with every cell as text (`dtype=str`, no NA guessing), so NIPs and codes keep
  their digits and leading zeros. Delimiter `;`, `,` or TAB, taken from the header line.
  UTF-8 (with or without BOM), falling back to Windows-1252 (Excel's "CSV" on Windows).
- XLSX: openpyxl's streaming sheet parser (no formula is ever evaluated; defusedxml guards
  the XML). We drive the parser ourselves rather than through `load_workbook(read_only=True)`
  because that scans a whole sheet up front when the file has no <dimension> element, and
  trusts a wrong <dimension> to cut rows off. It also tells us a cell's type, so a formula is
  recognised as a formula and reported ("berisi rumus"), never read as its cached result.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _

from .hasil import BerkasDitolak, Galat, galat_berkas, nilai_tampil
from .kolom import normalize_header

ZIP_MAGIC = b"PK\x03\x04"
# An .xlsx sheet compresses 10-30×; a ZIP bomb compresses thousands of times.
RASIO_ZIP_MAKS = 200
UKURAN_ZIP_KECIL = 10 * 1024 * 1024  # members smaller than this are never a threat
KALI_UNZIP_MAKS = 50  # total unpacked size ≤ IMPOR_MAKS_BYTE × this
GALAT_EXCEL = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
               "#GETTING_DATA", "#SPILL!", "#CALC!"}
LAPOR_SETIAP = 2000  # rows between progress calls while reading


@dataclass
class Tabel:
    """The sheet as columns: `kolom[i]` holds the values under header `header[i]`.

    `baris[j]` is the spreadsheet row number (header = 1) of the j-th data row. Empty rows are
    dropped. Values are str from a CSV; str, int, float, date/datetime or bool from an .xlsx.
    """

    header: list[str]
    header_asli: list[str]
    baris: list[int]
    kolom: list[list]
    galat: list[Galat] = field(default_factory=list)  # formulas, Excel errors, stray cells

    def __len__(self):
        return len(self.baris)


def dalam_mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".replace(".", ",")


def periksa_berkas(path, nama_file: str = "") -> str:
    """The format by content ("xlsx" or "csv"), or BerkasDitolak saying why not."""
    ukuran = os.path.getsize(path)
    if ukuran == 0:
        raise BerkasDitolak([galat_berkas(_("Berkas kosong (0 byte)."))])
    maks = settings.IMPOR_MAKS_BYTE
    if ukuran > maks:
        raise BerkasDitolak([galat_berkas(
            _("Berkas terlalu besar: %(u)s MB, batasnya %(m)s MB.") % {"u": dalam_mb(ukuran),
                                                                       "m": dalam_mb(maks)})])
    with open(path, "rb") as f:
        awal = f.read(65536)
    fmt = periksa_awal(awal, nama_file or str(path))
    if fmt == "xlsx":
        _periksa_zip(path, maks)
    return fmt


def periksa_awal(awal: bytes, nama_file: str) -> str:
    """The format from the first bytes (magic numbers) and the name, or BerkasDitolak."""
    ext = os.path.splitext(nama_file)[1].lower()
    nama_file = os.path.basename(nama_file)
    if awal.startswith(ZIP_MAGIC):
        return "xlsx"
    if awal.startswith(b"%PDF"):
        raise BerkasDitolak([galat_berkas(
            _("Berkas “%(n)s” adalah dokumen PDF, bukan lembar kerja. Unggah berkas Excel "
              "(.xlsx) atau CSV (.csv); gunakan templat yang disediakan.") % {"n": nama_file})])
    if awal.startswith(b"\xd0\xcf\x11\xe0"):
        raise BerkasDitolak([galat_berkas(
            _("Berkas “%(n)s” berformat Excel lama (.xls) atau dilindungi kata sandi. Buka di "
              "Excel lalu simpan sebagai “Excel Workbook (.xlsx)” tanpa kata sandi.")
            % {"n": nama_file})])
    if awal.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BerkasDitolak([galat_berkas(
            _("Berkas “%(n)s” berformat teks UTF-16 (“Unicode Text”). Simpan ulang dari Excel "
              "sebagai “CSV UTF-8 (Comma delimited)” atau sebagai .xlsx.") % {"n": nama_file})])
    if b"\x00" in awal:
        raise BerkasDitolak([galat_berkas(
            _("Isi berkas “%(n)s” bukan .xlsx maupun .csv (berkas biner yang tidak dikenal).")
            % {"n": nama_file})])
    if ext in (".xlsx", ".xlsm", ".xls"):
        raise BerkasDitolak([galat_berkas(
            _("Berkas “%(n)s” bernama %(e)s tetapi isinya teks, bukan workbook Excel. Bila "
              "isinya CSV, ubah namanya menjadi .csv.") % {"n": nama_file, "e": ext})])
    return "csv"


def _periksa_zip(path, maks: int) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise BerkasDitolak([galat_berkas(
            _("Berkas .xlsx rusak atau tidak utuh (arsip ZIP tidak dapat dibuka). Simpan ulang "
              "dari Excel lalu unggah lagi."))]) from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            jenis = _("dokumen Word (.docx)")
        elif "ppt/presentation.xml" in names:
            jenis = _("presentasi PowerPoint (.pptx)")
        else:
            jenis = _("arsip ZIP biasa")
        raise BerkasDitolak([galat_berkas(
            _("Berkas ini adalah %(j)s, bukan workbook Excel (.xlsx).") % {"j": jenis})])
    total = sum(i.file_size for i in infos)
    bom = any(
        i.file_size > UKURAN_ZIP_KECIL and i.file_size > RASIO_ZIP_MAKS * max(i.compress_size, 1)
        for i in infos
    )
    if bom or total > maks * KALI_UNZIP_MAKS:
        raise BerkasDitolak([galat_berkas(
            _("Isi berkas .xlsx setelah diekstrak terlalu besar (%(u)s MB); berkas ditolak.")
            % {"u": dalam_mb(total)})])


def baca(path, nama_file: str = "", progress=None, maks_baris: int | None = None) -> Tabel:
    """Check then read the file at `path` (see module doc). Raises BerkasDitolak.

    `maks_baris` lowers the row cap for one caller (bawaan: settings.IMPOR_MAKS_BARIS).
    """
    fmt = periksa_berkas(path, nama_file)
    baca_fmt = _baca_xlsx if fmt == "xlsx" else _baca_csv
    tabel = baca_fmt(path, progress, maks_baris)
    if not tabel.header or not any(tabel.header):
        raise BerkasDitolak([galat_berkas(
            _("Berkas kosong: baris 1 harus berisi judul kolom (lihat templat)."))])
    if not tabel.baris:
        raise BerkasDitolak([galat_berkas(
            _("Berkas tidak berisi data: hanya ada baris judul, tanpa baris data."))])
    return tabel


def _terlalu_banyak(maks: int) -> BerkasDitolak:
    return BerkasDitolak([galat_berkas(
        _("Berkas berisi lebih dari %(m)s baris data; bagi menjadi beberapa berkas.")
        % {"m": f"{maks:,}".replace(",", ".")})])


# --- CSV ------------------------------------------------------------------------------

_ERR_BARIS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _baca_csv(path, progress, maks_baris=None) -> Tabel:
    import pandas as pd

    maks = maks_baris or settings.IMPOR_MAKS_BARIS
    with open(path, "rb") as f:
        data = f.read()
    # Cap rows before parsing; a quoted multi-line cell can only make this count larger.
    if data.count(b"\n") - 1 > maks and data.rstrip(b"\r\n").count(b"\n") > maks:
        raise _terlalu_banyak(maks)
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    del data
    if "\x00" in text:
        raise BerkasDitolak([galat_berkas(_("Berkas CSV berisi karakter NUL (biner); berkas "
                                            "ditolak."))])
    first = text.split("\n", 1)[0]
    sep = max([";", ",", "\t"], key=first.count)
    try:
        df = pd.read_csv(
            io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
            na_filter=False, skip_blank_lines=False, engine="c", quotechar='"',
        )
    except pd.errors.EmptyDataError:
        raise BerkasDitolak([galat_berkas(_("Berkas kosong: tidak ada baris sama sekali."))]) \
            from None
    except pd.errors.ParserError as e:
        m = _ERR_BARIS.search(str(e))
        if m:
            raise BerkasDitolak([Galat(int(m[2]), "", "", _(
                "baris ini berisi %(s)s kolom, padahal judul berisi %(e)s kolom (periksa "
                "pemisah “%(p)s” di dalam isian; apit isian dengan tanda kutip)")
                % {"s": m[3], "e": m[1], "p": sep})]) from None
        raise BerkasDitolak([galat_berkas(
            _("CSV tidak dapat dibaca: %(e)s") % {"e": str(e)[:200]})]) from None
    del text
    if progress:
        progress("membaca", 1.0, len(df))
    ncol = df.shape[1]
    cols = [list(map(str.strip, df[i].tolist())) for i in range(ncol)]
    del df
    header_asli = [c[0] if c else "" for c in cols]
    n = len(cols[0]) if cols else 0
    # Row j (0-based, j ≥ 1) is spreadsheet row j + 1; keep rows with anything in them.
    keep = _berisi(cols, n)
    if len(keep) > maks:
        raise _terlalu_banyak(maks)
    if len(keep) != n - 1:
        cols = [[c[j] for j in keep] for c in cols]
    else:
        cols = [c[1:] for c in cols]
    tabel = _tabel(header_asli, [j + 1 for j in keep], cols)
    for i, c in enumerate(tabel.kolom):
        # One search over the column joined (C speed) before looking cell by cell.
        if c and ("\n=" in "\n".join(c) or c[0][:1] == "="):
            for j, s in enumerate(c):
                if s[:1] == "=":
                    tabel.galat.append(_galat_rumus(tabel.baris[j], tabel.header[i], s))
                    c[j] = ""
    return tabel


def _berisi(cols: list[list[str]], n: int) -> list[int]:
    """Indices ≥ 1 (row 0 is the header) of the rows with anything in them. Only rows whose
    first cell is empty can be blank, so the other columns are looked at for those alone."""
    if not cols:
        return []
    pertama = cols[0]
    kosong = [j for j in np.flatnonzero(np.asarray(pertama, dtype=object) == "").tolist()
              if j >= 1 and not any(c[j] for c in cols)]
    if not kosong:
        return list(range(1, n))
    buang = set(kosong)
    return [j for j in range(1, n) if j not in buang]


def _galat_rumus(baris, kolom, nilai):
    return Galat(baris, kolom, nilai_tampil(nilai), _(
        "sel berisi rumus; rumus tidak dijalankan saat impor, ketik nilainya langsung"))


def _tabel(header_asli, baris, cols) -> Tabel:
    # Blank header cells with nothing under them are ignored (Excel's trailing columns);
    # a blank header over data is reported by the validators.
    header = [normalize_header(h) for h in header_asli]
    pakai = [i for i, h in enumerate(header) if h or any(v not in ("", None) for v in cols[i])]
    return Tabel(
        header=[header[i] for i in pakai],
        header_asli=[str(header_asli[i] or "").strip() for i in pakai],
        baris=baris,
        kolom=[cols[i] for i in pakai],
    )


# --- XLSX -----------------------------------------------------------------------------

def _buka_xlsx(path):
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    r = ExcelReader(path, read_only=True, data_only=False, keep_links=False)
    r.read_manifest()
    r.read_strings()
    r.read_workbook()
    apply_stylesheet(r.archive, r.wb)
    sheets = [(s.name, rel.target) for s, rel in r.parser.find_sheets()
              if "chartsheet" not in rel.Type and rel.target in r.valid_files]
    return r, sheets


def _baca_xlsx(path, progress, maks_baris=None) -> Tabel:
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        reader, sheets = _buka_xlsx(path)
    except (BerkasDitolak, DatabaseError):
        # A database error (from the progress report) is not a broken sheet: it goes up to
        # the job, which retries it with a fresh connection (jobs.py).
        raise
    except Exception:
        raise BerkasDitolak([galat_berkas(
            _("Berkas .xlsx tidak dapat dibaca: isinya rusak atau bukan workbook Excel. Simpan "
              "ulang dari Excel lalu unggah lagi."))]) from None
    if not sheets:
        raise BerkasDitolak([galat_berkas(_("Workbook tidak berisi lembar kerja."))])
    # The template's data sheet is "Data"; otherwise the first sheet.
    target = next((t for n, t in sheets if n.strip().lower() == "data"), sheets[0][1])
    maks = maks_baris or settings.IMPOR_MAKS_BARIS
    ukuran = reader.archive.getinfo(target).file_size or 1
    wb = reader.wb

    header_asli: list = []
    lebar = 0
    rows: list[list] = []
    baris: list[int] = []
    galat: list[Galat] = []
    try:
        with reader.archive.open(target) as src:
            parser = WorkSheetParser(
                src, reader.shared_strings, data_only=False, epoch=wb.epoch,
                date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats,
            )
            for idx, cells in parser.parse():
                if not header_asli:
                    if idx != 1 or not cells:
                        break  # row 1 empty: reported as "no header" by baca()
                    w = max((c["column"] for c in cells), default=0)
                    header_asli = [""] * w
                    for c in cells:
                        v = c["value"]
                        header_asli[c["column"] - 1] = "" if v is None else str(v).strip()
                    while header_asli and not header_asli[-1]:
                        header_asli.pop()
                    lebar = len(header_asli)
                    continue
                vals = [None] * lebar
                isi = False
                for c in cells:
                    v = c["value"]
                    if v is None:
                        continue
                    t = c["data_type"]
                    col = c["column"]
                    if t == "s":
                        v = v.strip()
                        if not v:
                            continue
                    if col > lebar:
                        galat.append(Galat(idx, _kolom_huruf(col), nilai_tampil(teks_sel(v)),
                                           _("sel terisi di luar kolom yang berjudul")))
                        isi = True
                        continue
                    nama = header_asli[col - 1] or _kolom_huruf(col)
                    if t == "f":
                        galat.append(_galat_rumus(idx, normalize_header(nama) or nama,
                                                  teks_sel(v)))
                        v = ""
                    elif t == "e" or (t == "s" and v in GALAT_EXCEL):
                        galat.append(Galat(idx, normalize_header(nama) or nama, str(v),
                                           _("sel berisi galat Excel; perbaiki isinya")))
                        v = ""
                    vals[col - 1] = v
                    isi = True
                if not isi:
                    continue
                if len(rows) >= maks:
                    raise _terlalu_banyak(maks)
                rows.append(vals)
                baris.append(idx)
                if progress and len(rows) % LAPOR_SETIAP == 0:
                    progress("membaca", min(src.tell() / ukuran, 1.0), len(rows))
    except (BerkasDitolak, DatabaseError):
        # A database error (from the progress report) is not a broken sheet: it goes up to
        # the job, which retries it with a fresh connection (jobs.py).
        raise
    except Exception:
        raise BerkasDitolak([galat_berkas(
            _("Lembar kerja di berkas .xlsx rusak dan tidak dapat dibaca sampai selesai."))]) \
            from None
    finally:
        reader.archive.close()
    if progress:
        progress("membaca", 1.0, len(rows))
    cols = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _h in header_asli]
    del rows
    tabel = _tabel(header_asli, baris, cols)
    tabel.galat = galat
    return tabel


def teks_sel(v) -> str:
    if v is None:
        return ""
    text = getattr(v, "text", None)  # ArrayFormula / DataTableFormula
    return str(text if text is not None else v)


def _kolom_huruf(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def perkiraan_baris(path, nama_file: str = "") -> int | None:
    """A cheap guess of the data row count, to choose inline or background; None if unknown."""
    try:
        fmt = periksa_berkas(path, nama_file)
    except BerkasDitolak:
        return 0  # fails fast, run inline to show the message right away
    if fmt == "csv":
        with open(path, "rb") as f:
            return sum(buf.count(b"\n") for buf in iter(lambda: f.read(1 << 20), b""))
    try:
        with zipfile.ZipFile(path) as zf:
            reader_info = [i for i in zf.infolist() if i.filename.startswith("xl/worksheets/")]
            ukuran = sum(i.file_size for i in reader_info)
    except (zipfile.BadZipFile, OSError):
        return 0
    # About 700 bytes of sheet XML per 16-column row; a guess, only used to pick the path.
    return ukuran // 700
