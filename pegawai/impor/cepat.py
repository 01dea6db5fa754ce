"""The employee import's fast path: whole-column checks that clear most rows at once.

`periksa_pegawai` used to run every check row by row (about 9 µs a row, most of a large
import's time). Here each column is checked as a whole: columns with few distinct values
(status, golongan, codes, dates, yes/no…) are parsed once per distinct value with the very
same parsers the row-by-row code uses, and the NIP rules run on a digit matrix with numpy.

A row is cleared only when every one of its cells parses and every cross-check holds (NIP
against birth date, gender and status; NIP seen once). Whatever is not cleared goes through
the row-by-row checks, which word every message, so the fast path can only be stricter than
needed, never more lenient: the tests run both paths on the same rows and compare.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from pegawai.nip import normalize_nip

from .kolom import (
    GOL_PNS,
    GOL_PPPK,
    JENIS_KELAMIN,
    PENDIDIKAN,
    STATUS_ASN,
    NilaiTidakSah,
    pilihan,
    teks,
    ya_tidak,
)

_GAGAL = object()


def _kosong(v) -> bool:
    return v is None or v == ""


def _semua_teks(col) -> bool:
    arr = col if isinstance(col, np.ndarray) else np.asarray(col, dtype=object)
    return pd.api.types.infer_dtype(arr, skipna=False) in ("string", "empty")


def per_nilai(col, fungsi) -> tuple[np.ndarray, np.ndarray]:
    """`fungsi` applied once per distinct value of `col`: (values, ok) as arrays.

    `fungsi` returns the parsed value or _GAGAL. Values are compared by type and value, so
    the .xlsx cell 1 (a number) and "1" (text) are parsed apart, as the row-by-row code does.
    """
    n = len(col)
    if n == 0:
        return np.empty(0, dtype=object), np.empty(0, dtype=bool)
    arr = np.asarray(col, dtype=object)
    if _semua_teks(arr):
        kode, unik = pd.factorize(arr, sort=False)
        hasil = [fungsi(v) for v in unik]
    else:
        cache: dict = {}
        kode = np.empty(n, dtype=np.int64)
        hasil = []
        for j, v in enumerate(col):
            k = (v.__class__, v)
            i = cache.get(k)
            if i is None:
                i = cache[k] = len(hasil)
                hasil.append(fungsi(v))
            kode[j] = i
    nilai = np.empty(len(hasil), dtype=object)
    nilai[:] = hasil
    ok = np.fromiter((h is not _GAGAL for h in hasil), dtype=bool, count=len(hasil))
    return nilai[kode], ok[kode]


def _pilih(peta):
    def f(v):
        if _kosong(v):
            return _GAGAL
        try:
            return pilihan(v, peta, "")
        except NilaiTidakSah:
            return _GAGAL
    return f


def _teks_maks(maks: int, wajib: bool):
    def f(v):
        s = teks(v)
        if (wajib and s == "") or len(s) > maks:
            return _GAGAL
        return s
    return f


def teks_kolom(col, maks: int, wajib: bool) -> tuple[np.ndarray, np.ndarray]:
    """`per_nilai(col, _teks_maks(maks, wajib))` for a free-text column (names are nearly
    all distinct, so parsing once per distinct value saves nothing): when every cell is
    text, the cell is its own value and only its length is checked, for the whole column
    at once."""
    arr = np.asarray(col, dtype=object)
    if not _semua_teks(arr):
        return per_nilai(col, _teks_maks(maks, wajib))
    panjang = np.fromiter(map(len, col), dtype=np.int64, count=len(col))
    ok = panjang <= maks
    if wajib:
        ok &= panjang > 0
    return arr, ok


def _ya_tidak(baku: bool):
    def f(v):
        try:
            return ya_tidak(v, baku)
        except NilaiTidakSah:
            return _GAGAL
    return f


def _kode(peta):
    def f(v):
        if _kosong(v):
            return _GAGAL
        r = peta.get(teks(v))
        return _GAGAL if r is None else r
    return f


def _tanggal(tgl):
    def f(v):
        if _kosong(v):
            return _GAGAL
        r = tgl(v)
        return r if r.__class__ is dt.date else _GAGAL
    return f


def _email(email_re):
    def f(v):
        s = teks(v)
        if s and (len(s) > 254 or not email_re.fullmatch(s)):
            return _GAGAL
        return s
    return f


def nip_normal(raw, ilmiah_re):
    """The NIP the row-by-row code would read from this cell, or None (a problem there)."""
    if raw.__class__ is str:
        if len(raw) == 18 and raw.isdigit():
            return raw
        if raw == "" or ilmiah_re.fullmatch(raw):
            return None
        return normalize_nip(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return None


def _nip_18_ascii(col) -> np.ndarray:
    """Which cells are text of exactly 18 ASCII digits."""
    n = len(col)
    if _semua_teks(col):
        # The usual file: every cell 18 long and, joined, nothing but ASCII digits.
        if (np.fromiter(map(len, col), dtype=np.int64, count=n) == 18).all():
            semua = "".join(col)
            if semua.isascii() and semua.isdigit():
                return np.ones(n, dtype=bool)
        s = pd.Series(col, dtype=object)
        return s.str.fullmatch(r"[0-9]{18}").to_numpy(dtype=bool)
    return np.fromiter(
        (v.__class__ is str and len(v) == 18 and v.isascii() and v.isdigit() for v in col),
        dtype=bool, count=len(col))


def _ymd(tanggal_arr, ok) -> np.ndarray:
    """YYYYMMDD as int64 for each date (0 where not ok); worked out once per distinct date."""
    out = np.zeros(len(tanggal_arr), dtype=np.int64)
    if ok.any():
        tgl = tanggal_arr[ok]
        angka = {d: d.year * 10000 + d.month * 100 + d.day for d in set(tgl)}
        out[ok] = list(map(angka.__getitem__, tgl))
    return out


def periksa_cepat(kolom, *, jabatan, unit, tgl, hari_ini, email_re, ilmiah_re,
                  kode_pppk_ketat=False):
    """Clear the rows whose every check passes. `kolom` maps a column name to its cells
    (absent optional columns: a list of ""). Returns (lolos, baris, nip) where `lolos` marks
    cleared rows, `baris` holds their writer tuples in row order, and `nip` is every row's
    NIP as the row-by-row code reads it (None where it cannot), for the duplicate check."""
    c_nip = kolom["nip"]
    n = len(c_nip)

    status, ok = per_nilai(kolom["status_asn"], _pilih(STATUS_ASN))
    pppk = status == "PPPK"
    gol_pns, ok_pns = per_nilai(kolom["golongan"], _pilih(GOL_PNS))
    gol_pppk, ok_pppk = per_nilai(kolom["golongan"], _pilih(GOL_PPPK))
    gol = np.where(pppk, gol_pppk, gol_pns)
    ok &= np.where(pppk, ok_pppk, ok_pns)

    v, lulus = {}, {}
    for nama, maks, wajib in (("nama", 150, True), ("gelar_depan", 30, False),
                              ("gelar_belakang", 60, False)):
        v[nama], lulus[nama] = teks_kolom(kolom[nama], maks, wajib)
        ok &= lulus[nama]
    parser = {
        "kode_jabatan": _kode(jabatan),
        "kode_unit": _kode(unit), "tmt_jabatan": _tanggal(tgl), "tanggal_lahir": _tanggal(tgl),
        "jenis_kelamin": _pilih(JENIS_KELAMIN), "pendidikan": _pilih(PENDIDIKAN),
        "email": _email(email_re), "hukuman_disiplin": _ya_tidak(False),
        "tugas_belajar": _ya_tidak(False), "aktif": _ya_tidak(True),
    }
    for nama, fungsi in parser.items():
        v[nama], lulus[nama] = per_nilai(kolom[nama], fungsi)
        ok &= lulus[nama]
    lahir, ok_lahir, jk = v["tanggal_lahir"], lulus["tanggal_lahir"], v["jenis_kelamin"]

    # NIP: 18 ASCII digits, then pegawai.nip.validate_nip's rules on a digit matrix.
    d18 = _nip_18_ascii(c_nip)
    ok &= d18
    nip = np.empty(n, dtype=object)
    nip[:] = c_nip
    if d18.any():
        idx = np.flatnonzero(d18)
        D = (np.frombuffer("".join(nip[idx]).encode("ascii"), dtype=np.uint8)
             .reshape(-1, 18).astype(np.int64) - 48)

        def num(a, b):
            v = np.zeros(len(idx), dtype=np.int64)
            for k in range(a, b):
                v = v * 10 + D[:, k]
            return v

        ymd, bulan_lahir, tahun_lahir = num(0, 8), num(4, 6), num(0, 4)
        tahun, bulan, kode_pppk = num(8, 12), num(12, 14), num(12, 14)
        p = pppk[idx]
        # The birth date in the NIP equals the (valid, not future) tanggal_lahir cell.
        sah = ymd == _ymd(lahir[idx], ok_lahir[idx])
        # Start of service: TMT CPNS year-month (PNS/CPNS) or the year (PPPK; digits 13-14
        # = 21 only when `kode_pppk_ketat`); not in the future, not before age 18 (month of
        # the 18th birthday).
        mulai = np.where(p, tahun * 12 + 1, tahun * 12 + bulan)
        sah &= tahun >= 1
        sah &= np.where(p, (kode_pppk == 21) | (not kode_pppk_ketat),
                        (bulan >= 1) & (bulan <= 12))
        sah &= mulai <= hari_ini.year * 12 + hari_ini.month
        sah &= mulai >= (tahun_lahir + 18) * 12 + bulan_lahir
        g = D[:, 14]
        j = jk[idx]
        sah &= ((g == 1) & (j == "L")) | ((g == 2) & (j == "P"))
        sah &= num(15, 18) != 0
        ok[idx] &= sah

    # The NIP as the row-by-row code reads it; a NIP twice sends every copy row by row,
    # which reports all but the first.
    semua_18 = bool(d18.all())
    if not semua_18:
        lain = np.flatnonzero(~d18)
        nip[lain] = [nip_normal(v, ilmiah_re) for v in nip[lain]]
    ada = np.ones(n, dtype=bool) if semua_18 else np.fromiter(
        (v is not None for v in nip), dtype=bool, count=n)
    dua = np.zeros(n, dtype=bool)
    dua[ada] = pd.Series(nip[ada]).duplicated(keep=False).to_numpy()
    ok &= ~dua

    sel = np.flatnonzero(ok)
    urutan = [nip, v["nama"], v["gelar_depan"], v["gelar_belakang"], status, gol,
              v["kode_jabatan"], v["kode_unit"], v["tmt_jabatan"], lahir, jk, v["pendidikan"],
              v["email"], v["hukuman_disiplin"], v["tugas_belajar"], v["aktif"]]
    if len(sel) == n:  # every row cleared (the usual file): no need to pick
        baris = list(zip(*urutan, strict=True))
    else:
        baris = list(zip(*(a[sel] for a in urutan), strict=True))
    return ok, baris, nip
