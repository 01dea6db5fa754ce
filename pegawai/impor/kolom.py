"""The columns of each kind of import, and the parsers of one cell value.

Parsers are plain functions on a single value (str from a CSV, or str/int/float/date from
an .xlsx) so the validators can call them in a tight loop; each returns the parsed value or
raises `NilaiTidakSah` with a reason in Bahasa Indonesia.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pegawai.models import (
    GOLONGAN_PNS,
    GOLONGAN_PPPK,
    JenisJabatan,
    JenisUnit,
    Pendidikan,
)


class NilaiTidakSah(ValueError):
    """A cell value that cannot be read; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Kolom:
    nama: str
    wajib: bool
    petunjuk: str
    contoh: str = ""
    teks: bool = True  # formatted as Text in the template so Excel keeps leading zeros


JENIS_IMPOR = ("pegawai", "unit", "jabatan")

_PEND = ", ".join(p.value for p in Pendidikan)
_JENIS_UNIT = ", ".join(j.value for j in JenisUnit)
_JENIS_JABATAN = ", ".join(j.value for j in JenisJabatan)
_TGL = "Tanggal: TTTT-BB-HH, HH-BB-TTTT atau HH/BB/TTTT, atau sel bertipe tanggal"

KOLOM = {
    "pegawai": [
        Kolom("nip", True, "18 digit angka, tanpa spasi. Format sel sebagai Teks.",
              "198503122010011004"),
        Kolom("nama", True, "Nama tanpa gelar, maksimal 150 karakter.", "Budi Santoso"),
        Kolom("gelar_depan", False, "Misalnya dr., Ir., Drs. Boleh kosong.", ""),
        Kolom("gelar_belakang", False, "Misalnya S.Kom., M.Si. Boleh kosong.", "S.Kom."),
        Kolom("status_asn", True, "PNS, CPNS atau PPPK.", "PNS"),
        Kolom("golongan", True, "PNS/CPNS: I/a sampai IV/e. PPPK: I sampai XVII.", "III/b"),
        Kolom("kode_jabatan", True, "Kode jabatan yang sudah ada (lihat lembar Kode jabatan).",
              "PU"),
        Kolom("kode_unit", True, "Kode unit kerja yang sudah ada (lihat lembar Kode unit).",
              "DINKES"),
        Kolom("tmt_jabatan", True, f"TMT jabatan saat ini. {_TGL}. Tidak boleh di masa depan.",
              "2018-01-01"),
        Kolom("tanggal_lahir", True, f"{_TGL}. Harus sama dengan 8 digit pertama NIP.",
              "1985-03-12"),
        Kolom("jenis_kelamin", True, "L atau P. Harus sama dengan digit ke-15 NIP.", "L"),
        Kolom("pendidikan", True, f"Salah satu dari: {_PEND}.", "S1"),
        Kolom("email", False, "Alamat e-mail. Boleh kosong.", "budi@contoh.go.id"),
        Kolom("hukuman_disiplin", False,
              "Ya bila sedang menjalani hukuman disiplin sedang/berat atau pemeriksaan; "
              "kosong = Tidak.", "Tidak"),
        Kolom("tugas_belajar", False, "Ya bila sedang tugas belajar; kosong = Tidak.", "Tidak"),
        Kolom("aktif", False, "Ya atau Tidak (pensiun/berhenti); kosong = Ya.", "Ya"),
    ],
    "unit": [
        Kolom("kode", True, "Kode unit, unik, maksimal 30 karakter. Format sel sebagai Teks.",
              "DINKES"),
        Kolom("nama", True, "Nama unit, maksimal 200 karakter.", "Dinas Kesehatan"),
        Kolom("jenis", True, f"Salah satu dari: {_JENIS_UNIT}.", "dinas"),
        Kolom("kode_induk", False,
              "Kode unit induk: unit yang sudah ada atau yang didefinisikan di berkas ini. "
              "Kosong = unit teratas.", "PEMDA"),
        Kolom("kode_jabatan_kepala", False,
              "Kode jabatan kepala unit ini (lihat lembar Kode jabatan). Boleh kosong.",
              "KADIS"),
    ],
    "jabatan": [
        Kolom("kode", True, "Kode jabatan, unik, maksimal 30 karakter. Format sel sebagai Teks.",
              "PU"),
        Kolom("nama", True, "Nama jabatan, maksimal 200 karakter.", "Pengadministrasi Umum"),
        Kolom("jenis", True, f"Salah satu dari: {_JENIS_JABATAN}.", "pelaksana"),
        Kolom("kelas", True, "Kelas jabatan, bilangan bulat 1 sampai 17.", "5", teks=False),
        Kolom("pendidikan_minimal", True, f"Salah satu dari: {_PEND}.", "SMA"),
    ],
}


def normalize_header(raw) -> str:
    """`" Kode Unit "` → `kode_unit`: case, spaces and dashes do not matter."""
    if raw is None:
        return ""
    s = str(raw).strip().lower().replace("-", " ").replace("_", " ")
    return "_".join(s.split())


# --- Text -----------------------------------------------------------------------------

def teks(v) -> str:
    """Any cell value as text: integers without `.0`, dates as ISO."""
    if v.__class__ is str:
        return v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Ya" if v else "Tidak"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if not v.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def kode(v) -> str:
    """A code: text kept exactly (leading zeros included), upper/lower case kept."""
    return teks(v)


# --- Dates ----------------------------------------------------------------------------

EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL_MAKS = 2958465  # 9999-12-31
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")


def _dari_serial(n: float) -> dt.date:
    if not float(n).is_integer():
        n = int(n)  # a date cell with a time part: the day is what counts
    n = int(n)
    if not 1 <= n <= SERIAL_MAKS:
        raise NilaiTidakSah(_("angka %(n)s bukan nomor seri tanggal Excel yang sah") % {"n": n})
    return EXCEL_EPOCH + dt.timedelta(days=n)


def tanggal(v) -> dt.date:
    """A date from text (YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY), an Excel serial or a date cell."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, bool):
        raise NilaiTidakSah(_("bukan tanggal"))
    if isinstance(v, (int, float)):
        return _dari_serial(v)
    s = str(v).strip()
    try:
        m = _YMD.fullmatch(s)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _DMY.fullmatch(s)
        if m:
            return dt.date(int(m[4]), int(m[3]), int(m[1]))
    except ValueError:
        raise NilaiTidakSah(_("tanggal tidak ada di kalender")) from None
    if s.isdigit() or (s.endswith(".0") and s[:-2].isdigit()):
        return _dari_serial(int(s.split(".")[0]))
    raise NilaiTidakSah(
        _("format tanggal tidak dikenal (gunakan TTTT-BB-HH, HH-BB-TTTT atau HH/BB/TTTT)")
    )


# --- Choices --------------------------------------------------------------------------

def _key(s: str) -> str:
    return "".join(s.upper().split())


YA_TIDAK = {
    **dict.fromkeys(["YA", "Y", "1", "TRUE", "BENAR"], True),
    **dict.fromkeys(["TIDAK", "T", "TDK", "0", "FALSE", "SALAH", "N", "NO"], False),
}


def ya_tidak(v, kosong: bool) -> bool:
    if v is True or v is False:
        return v
    s = teks(v)
    if s == "":
        return kosong
    r = YA_TIDAK.get(_key(s))
    if r is None:
        raise NilaiTidakSah(_("isi dengan Ya atau Tidak"))
    return r


STATUS_ASN = {"PNS": "PNS", "CPNS": "CPNS", "PPPK": "PPPK"}
JENIS_KELAMIN = {"L": "L", "P": "P", "LAKI-LAKI": "L", "LAKILAKI": "L", "PEREMPUAN": "P",
                 "PRIA": "L", "WANITA": "P"}
PENDIDIKAN = {p.value: p.value for p in Pendidikan} | {
    "S-1": "S1", "S-2": "S2", "S-3": "S3", "D-I": "D1", "D-II": "D2", "D-III": "D3",
    "D-IV": "D4", "DI": "D1", "DII": "D2", "DIII": "D3", "DIV": "D4", "SMK": "SMA",
    "SMA/SMK": "SMA", "SLTA": "SMA", "SLTP": "SMP", "SMU": "SMA",
}
GOL_PNS = {k: k for k, _p in GOLONGAN_PNS} | {_key(k): k for k, _p in GOLONGAN_PNS}
GOL_PPPK = {k: k for k in GOLONGAN_PPPK}
JENIS_UNIT = {_key(j.value): j.value for j in JenisUnit} | {
    _key(str(j.label)): j.value for j in JenisUnit
}
JENIS_JABATAN = {_key(j.value): j.value for j in JenisJabatan} | {
    _key(str(j.label)): j.value for j in JenisJabatan
}


def pilihan(v, peta: dict, pesan: str) -> str:
    s = teks(v)
    r = peta.get(s)
    if r is None:
        r = peta.get(_key(s))
        if r is None:
            raise NilaiTidakSah(pesan)
    return r
