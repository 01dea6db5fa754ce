"""Checking every row of an employee import (see `validators.py`).

Whole columns are checked first (`cepat.py`); the rows that fast path cannot clear are
checked one by one here (`_periksa_baris`), which words every message. Then the rows are put
back in file order, and a change of post dated before the current one is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from pegawai.models import Jabatan, Pegawai, UnitKerja
from pegawai.nip import normalize_nip, validate_nip

from .cepat import periksa_cepat
from .hasil import Galat, nilai_tampil
from .kolom import (
    GOL_PNS,
    GOL_PPPK,
    JENIS_KELAMIN,
    KOLOM,
    PENDIDIKAN,
    STATUS_ASN,
    NilaiTidakSah,
    kode,
    pilihan,
    teks,
    ya_tidak,
)
from .validators_umum import Diperiksa, Tanggal, hint_angka, kosong, peta_kolom, selesai

# "1,96001E+17": a NIP that Excel turned into a number before the file was saved as CSV.
_ILMIAH = re.compile(r"\d[.,]\d*[eE]\+?\d+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")

PEGAWAI_FIELDS = [
    "nip", "nama", "gelar_depan", "gelar_belakang", "status_asn", "golongan", "jabatan_id",
    "unit_id", "tmt_jabatan", "tanggal_lahir", "jenis_kelamin", "pendidikan", "email",
    "hukuman_disiplin", "tugas_belajar", "aktif",
]
# Optional column → the field it fills (absent column = keep an employee's current value).
PEGAWAI_OPSIONAL = {"gelar_depan": "gelar_depan", "gelar_belakang": "gelar_belakang",
                    "email": "email", "hukuman_disiplin": "hukuman_disiplin",
                    "tugas_belajar": "tugas_belajar", "aktif": "aktif"}
# Spreadsheet column → its values, in the order `_periksa_baris` reads them.
_KOLOM_PEGAWAI = ["nip", "nama", "gelar_depan", "gelar_belakang", "status_asn", "golongan",
                  "kode_jabatan", "kode_unit", "tmt_jabatan", "tanggal_lahir", "jenis_kelamin",
                  "pendidikan", "email", "hukuman_disiplin", "tugas_belajar", "aktif"]


def galat_tmt(baris: int, tmt_baru: dt.date, tmt_lama: dt.date) -> Galat:
    return Galat(baris, "tmt_jabatan", tmt_baru.isoformat(), _(
        "unit atau jabatan berubah, tetapi TMT jabatan baru lebih awal dari TMT jabatan saat "
        "ini (%(t)s)") % {"t": tmt_lama.strftime("%d-%m-%Y")})


def pegawai_lama(nips) -> dict[str, tuple]:
    """nip → (id, unit_id, jabatan_id, tmt_jabatan) of the employees already stored."""
    fields = ("nip", "id", "unit_id", "jabatan_id", "tmt_jabatan")
    nips = list(nips)
    out = {}
    if len(nips) > 20000:
        for row in Pegawai.objects.values_list(*fields).iterator(chunk_size=10000):
            out[row[0]] = row[1:]
        return out
    for i in range(0, len(nips), 500):
        for row in Pegawai.objects.filter(nip__in=nips[i:i + 500]).values_list(*fields):
            out[row[0]] = row[1:]
    return out


def periksa_pegawai(tabel, *, hari_ini: dt.date, progress=None, cepat: bool = True) -> Diperiksa:
    """Check every row; `cepat=False` skips the whole-column fast path (tests compare)."""
    idx = peta_kolom(tabel, "pegawai")
    n = len(tabel)
    kosong_semua = [""] * n
    c = {name: tabel.kolom[idx[name]] if name in idx else kosong_semua
         for name in _KOLOM_PEGAWAI}
    baris = tabel.baris
    ks = _Konteks(
        jabatan=dict(Jabatan.objects.values_list("kode", "id")),
        unit=dict(UnitKerja.objects.values_list("kode", "id")),
        tgl=Tanggal(hari_ini), hari_ini=hari_ini, seen={}, pesan=_pesan(),
    )
    d = Diperiksa("pegawai", ada={f for col, f in PEGAWAI_OPSIONAL.items() if col in idx})
    galat = d.galat
    out = d.baris

    # Whole-column checks clear most rows at once (cepat.py); the rest go row by row below,
    # which words every message.
    lolos, out_cepat, _nip = periksa_cepat(
        c, jabatan=ks.jabatan, unit=ks.unit, tgl=ks.tgl, hari_ini=hari_ini, email_re=_EMAIL,
        ilmiah_re=_ILMIAH, kode_pppk_ketat=settings.NIP_PPPK_KODE_21_WAJIB)
    if not cepat:
        lolos[:] = False
        out_cepat = []
    lambat = np.flatnonzero(~lolos).tolist()
    out_lambat = []
    if progress:
        progress("memeriksa", 0.5, n - len(lambat))

    add = galat.append
    for j in lambat:
        mulai = len(galat)
        row = _periksa_baris(c, j, baris[j], ks, add)
        if len(galat) == mulai:
            out_lambat.append((j, row))

    if out_lambat:
        gabung = sorted([*zip(np.flatnonzero(lolos).tolist(), out_cepat, strict=True),
                         *out_lambat], key=lambda x: x[0])
        out.extend(r for _j, r in gabung)
    else:
        out.extend(out_cepat)
    del out_cepat, out_lambat

    # A change of post cannot start before the current one did (history stays ordered).
    # With no other problem the writer checks this in the database, inside the import's
    # transaction (no need to fetch every employee first); with problems it is checked
    # here, so the user gets every problem of the file in one list.
    d.nomor = lambda: {nip: baris[j] for j, nip in enumerate(_nip) if nip}
    if out and galat:
        _periksa_tmt_mundur(d)
    if progress:
        progress("memeriksa", 1.0, n)
    return selesai(tabel, d, [k.nama for k in KOLOM["pegawai"]])


def _periksa_tmt_mundur(d: Diperiksa) -> None:
    """Report every row that moves an employee with a TMT before their current one."""
    lama = pegawai_lama(r[0] for r in d.baris)
    if lama:
        nomor = d.nomor()
        for r in d.baris:
            old = lama.get(r[0])
            if old and (old[1] != r[7] or old[2] != r[6]) and r[8] < old[3]:
                d.galat.append(galat_tmt(nomor[r[0]], r[8], old[3]))


# --- one row --------------------------------------------------------------------------


@dataclass
class _Konteks:
    """What the row checks read: the codes that exist, the date parser, NIPs seen so far."""

    jabatan: dict
    unit: dict
    tgl: Tanggal
    hari_ini: dt.date
    seen: dict[str, int]
    pesan: dict[str, str]


def _pesan() -> dict[str, str]:
    """The messages of the row checks, translated once per file."""
    return {
        "wajib": _("wajib diisi"),
        "nip_angka": _("NIP tersimpan sebagai angka sehingga digit terakhirnya hilang; format "
                       "kolom NIP sebagai Teks lalu ketik ulang NIP-nya"),
        "status_asn": _("status ASN harus PNS, CPNS atau PPPK"),
        "gol_pppk": _("golongan tidak dikenal untuk PPPK (I sampai XVII)"),
        "gol_pns": _("golongan tidak dikenal untuk %(s)s (I/a sampai IV/e)"),
        "jenis_kelamin": _("jenis kelamin harus L atau P"),
        "pendidikan": _("pendidikan tidak dikenal (SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3)"),
    }


def _periksa_baris(c: dict[str, list], j: int, b: int, ks: _Konteks,
                   add: Callable[[Galat], None]) -> tuple:
    """Check row `j` (spreadsheet row `b`): its field values, every problem passed to `add`."""
    wajib = ks.pesan["wajib"]
    nip = _nip(c["nip"][j], b, ks, add)

    nama = teks(c["nama"][j])
    if nama == "":
        add(Galat(b, "nama", "", wajib))
    elif len(nama) > 150:
        add(Galat(b, "nama", nilai_tampil(nama), _("lebih dari 150 karakter")))
    gd = teks(c["gelar_depan"][j])
    if len(gd) > 30:
        add(Galat(b, "gelar_depan", nilai_tampil(gd), _("lebih dari 30 karakter")))
    gb = teks(c["gelar_belakang"][j])
    if len(gb) > 60:
        add(Galat(b, "gelar_belakang", nilai_tampil(gb), _("lebih dari 60 karakter")))

    status = _pilihan(c["status_asn"][j], STATUS_ASN, b, "status_asn", ks, add)
    gol = _golongan(c["golongan"][j], status, b, ks, add)
    jab_id = _kode(c["kode_jabatan"][j], ks.jabatan, b, "kode_jabatan",
                   _("kode jabatan tidak dikenal"), wajib, add)
    unit_id = _kode(c["kode_unit"][j], ks.unit, b, "kode_unit",
                    _("kode unit kerja tidak dikenal"), wajib, add)
    tmt = _tanggal(c["tmt_jabatan"][j], b, "tmt_jabatan", ks, add)
    lahir = _tanggal(c["tanggal_lahir"][j], b, "tanggal_lahir", ks, add)
    jk = _pilihan(c["jenis_kelamin"][j], JENIS_KELAMIN, b, "jenis_kelamin", ks, add)
    pend = _pilihan(c["pendidikan"][j], PENDIDIKAN, b, "pendidikan", ks, add)

    email = teks(c["email"][j])
    if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        add(Galat(b, "email", nilai_tampil(email), _("alamat e-mail tidak sah")))

    flags = []
    for name, baku in (("hukuman_disiplin", False), ("tugas_belajar", False), ("aktif", True)):
        v = c[name][j]
        try:
            flags.append(ya_tidak(v, baku))
        except NilaiTidakSah as e:
            add(Galat(b, name, nilai_tampil(teks(v)), str(e)))

    if nip is not None:
        alasan = validate_nip(nip, pppk=status == "PPPK", tanggal_lahir=lahir,
                              jenis_kelamin=jk, hari_ini=ks.hari_ini,
                              kode_pppk_ketat=settings.NIP_PPPK_KODE_21_WAJIB)
        if alasan:
            add(Galat(b, "nip", nilai_tampil(nip), "; ".join(alasan)))
        pertama = ks.seen.get(nip)
        if pertama is not None:
            add(Galat(b, "nip", nip, _("NIP sama dengan baris %(b)s; setiap NIP hanya "
                                      "boleh muncul sekali") % {"b": pertama}))
        else:
            ks.seen[nip] = b

    # Only used when no problem was added (flags then holds all three).
    return (nip, nama, gd, gb, status, gol, jab_id, unit_id, tmt, lahir, jk, pend, email,
            *flags)


def _nip(raw, b: int, ks: _Konteks, add) -> str | None:
    """NIP: text kept exactly; a number from Excel is exact only as an integer."""
    if raw.__class__ is str:
        if len(raw) == 18 and raw.isdigit():
            return raw
        if raw == "":
            add(Galat(b, "nip", "", ks.pesan["wajib"]))
        elif _ILMIAH.fullmatch(raw):
            add(Galat(b, "nip", raw, ks.pesan["nip_angka"]))
        else:
            return normalize_nip(raw)
    elif raw is None:
        add(Galat(b, "nip", "", ks.pesan["wajib"]))
    elif isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    else:
        add(Galat(b, "nip", nilai_tampil(teks(raw)), ks.pesan["nip_angka"]))
    return None


def _pilihan(v, peta: dict, b: int, kolom: str, ks: _Konteks, add, pesan: str | None = None):
    """A required choice: the stored code itself first, then the spellings `pilihan` reads."""
    hasil = peta.get(v) if v.__class__ is str else None
    if hasil is None:
        if kosong(v):
            add(Galat(b, kolom, "", ks.pesan["wajib"]))
        else:
            try:
                hasil = pilihan(v, peta, "")
            except NilaiTidakSah:
                add(Galat(b, kolom, nilai_tampil(teks(v)),
                          ks.pesan[kolom] if pesan is None else pesan))
    return hasil


def _golongan(v, status, b: int, ks: _Konteks, add):
    """Golongan of the employee's kind: I–XVII for PPPK, I/a–IV/e otherwise. An unknown
    status is reported on its own column, so the golongan is not judged against it."""
    if kosong(v):
        add(Galat(b, "golongan", "", ks.pesan["wajib"]))
        return None
    if status == "PPPK":
        return _pilihan(v, GOL_PPPK, b, "golongan", ks, add, ks.pesan["gol_pppk"])
    if status is None:
        return _pilihan(v, GOL_PNS, b, "golongan", ks, _abaikan, "")
    return _pilihan(v, GOL_PNS, b, "golongan", ks, add, ks.pesan["gol_pns"] % {"s": status})


def _abaikan(_galat: Galat) -> None:
    pass


def _kode(v, peta: dict, b: int, kolom: str, pesan: str, wajib: str, add):
    """A required code of a unit or jabatan that exists (as typed, then normalised)."""
    hasil = peta.get(v) if v.__class__ is str else None
    if hasil is None:
        if kosong(v):
            add(Galat(b, kolom, "", wajib))
        else:
            hasil = peta.get(kode(v))
            if hasil is None:
                add(Galat(b, kolom, nilai_tampil(kode(v)), pesan + hint_angka(v)))
    return hasil


def _tanggal(v, b: int, kolom: str, ks: _Konteks, add) -> dt.date | None:
    """A required date, not in the future and not before 1900 (`Tanggal`)."""
    if kosong(v):
        add(Galat(b, kolom, "", ks.pesan["wajib"]))
        return None
    r = ks.tgl(v)
    if r.__class__ is dt.date:
        return r
    add(Galat(b, kolom, nilai_tampil(teks(v)), str(r)))
    return None
