"""NIP (Nomor Induk Pegawai) layout and validation, as docs/domain.md describes it.

PNS/CPNS: ``YYYYMMDD YYYYMM G NNN`` (birth date, TMT CPNS year-month, gender, sequence).
PPPK (layout to confirm, see docs/): ``YYYYMMDD YYYY 21 G NNN``.
Pure functions, no Django import, so the import path can call them per row cheaply.
"""

from __future__ import annotations

import datetime as dt

KODE_PPPK = "21"
GENDER_DIGIT = {"1": "L", "2": "P"}


def format_nip(nip: str) -> str:
    """`198503122010011004` → `19850312 201001 1 004` (PPPK: `19900101 2022 21 1 004`)."""
    if not nip or len(nip) != 18:
        return nip or ""
    if nip[12:14] == KODE_PPPK and not _is_month(nip[12:14]):
        return f"{nip[:8]} {nip[8:12]} {nip[12:14]} {nip[14]} {nip[15:]}"
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def normalize_nip(raw: object) -> str:
    """Strip spaces and dots a user or a spreadsheet may have added; keep it text."""
    if raw is None:
        return ""
    return "".join(str(raw).split()).replace(".", "").replace("-", "")


def _is_month(mm: str) -> bool:
    return mm.isdigit() and 1 <= int(mm) <= 12


def _date(yyyymmdd: str) -> dt.date | None:
    try:
        return dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def validate_nip(
    nip: str,
    *,
    pppk: bool = False,
    tanggal_lahir: dt.date | None = None,
    jenis_kelamin: str | None = None,
    hari_ini: dt.date | None = None,
    kode_pppk_ketat: bool = False,
) -> list[str]:
    """Every reason `nip` is not a valid NIP (empty list when valid), in Bahasa Indonesia.

    `kode_pppk_ketat`: require the code 21 in digits 13–14 of a PPPK number. Sources
    disagree (a fixed code 21, or a two-digit count of work agreements), so by default any
    two digits pass there and only birth date, year, gender and sequence are checked
    (setting `NIP_PPPK_KODE_21_WAJIB`, docs/domain.md).
    """
    if not nip:
        return ["NIP kosong"]
    if len(nip) != 18:
        return [f"NIP harus 18 digit (terbaca {len(nip)} karakter)"]
    if not (nip.isascii() and nip.isdigit()):
        ke = next(i for i, c in enumerate(nip) if not ("0" <= c <= "9"))
        return [f"NIP hanya boleh berisi angka 0–9 (karakter ke-{ke + 1}, "
                f"'{nip[ke]}', bukan angka)"]
    hari_ini = hari_ini or dt.date.today()
    errors = []
    lahir = _date(nip[:8])
    if lahir is None:
        errors.append(f"8 digit pertama NIP ({nip[:8]}) bukan tanggal lahir yang sah")
    elif lahir > hari_ini:
        errors.append("tanggal lahir pada NIP ada di masa depan")

    if pppk:
        if kode_pppk_ketat and nip[12:14] != KODE_PPPK:
            errors.append(f"digit 13–14 NIP PPPK harus {KODE_PPPK}")
        tahun = int(nip[8:12])
        mulai = dt.date(tahun, 1, 1) if tahun >= 1 else None
        label = "tahun pengangkatan"
        if mulai is None:
            errors.append(f"digit 9–12 NIP PPPK ({nip[8:12]}) bukan tahun pengangkatan yang sah")
    else:
        tahun, bulan = int(nip[8:12]), int(nip[12:14])
        mulai = dt.date(tahun, bulan, 1) if tahun >= 1 and 1 <= bulan <= 12 else None
        label = "TMT CPNS"
        if mulai is None:
            errors.append(f"digit 9–14 NIP ({nip[8:14]}) bukan tahun-bulan TMT CPNS yang sah")
    if mulai is not None:
        if mulai > hari_ini:
            errors.append(f"{label} pada NIP ada di masa depan")
        elif lahir is not None and mulai < _add_years(lahir, 18).replace(day=1):
            errors.append(f"{label} pada NIP sebelum usia 18 tahun")

    gender = nip[14]
    if gender not in GENDER_DIGIT:
        errors.append(f"digit ke-15 NIP (jenis kelamin) harus 1 atau 2, bukan {gender}")
    if nip[15:] == "000":
        errors.append("nomor urut NIP (3 digit terakhir) tidak boleh 000")

    if tanggal_lahir is not None and lahir is not None and tanggal_lahir != lahir:
        errors.append(
            f"tanggal lahir ({tanggal_lahir:%d-%m-%Y}) tidak sama dengan NIP ({lahir:%d-%m-%Y})"
        )
    if jenis_kelamin and gender in GENDER_DIGIT and GENDER_DIGIT[gender] != jenis_kelamin:
        errors.append(
            f"jenis kelamin ({jenis_kelamin}) tidak sama dengan digit ke-15 NIP ({gender})"
        )
    return errors


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def make_nip(
    tanggal_lahir: dt.date, tmt: dt.date, jenis_kelamin: str, urut: int, pppk: bool = False
) -> str:
    """Build a valid NIP (for the demo data and tests)."""
    g = "1" if jenis_kelamin == "L" else "2"
    if pppk:
        return f"{tanggal_lahir:%Y%m%d}{tmt:%Y}{KODE_PPPK}{g}{urut:03d}"
    return f"{tanggal_lahir:%Y%m%d}{tmt:%Y%m}{g}{urut:03d}"
