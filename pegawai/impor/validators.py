"""Checking every row of an import before anything is written.

Each `periksa_<jenis>` walks the columns once in a tight loop (dict lookups, a date cache,
pegawai.nip.validate_nip) and returns the rows ready for the writer together with every
problem found, as Galat(baris, kolom, nilai, alasan). The import writes only when the list
of problems is empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from pegawai.models import Jabatan, Pegawai, UnitKerja
from pegawai.nip import normalize_nip, validate_nip

from .cepat import periksa_cepat
from .hasil import BerkasDitolak, Galat, nilai_tampil
from .kolom import (
    GOL_PNS,
    GOL_PPPK,
    JENIS_JABATAN,
    JENIS_KELAMIN,
    JENIS_UNIT,
    KOLOM,
    PENDIDIKAN,
    STATUS_ASN,
    NilaiTidakSah,
    kode,
    pilihan,
    tanggal,
    teks,
    ya_tidak,
)

LAPOR_SETIAP = 5000
_MISSING = object()
# "1,96001E+17": a NIP that Excel turned into a number before the file was saved as CSV.
_ILMIAH = re.compile(r"\d[.,]\d*[eE]\+?\d+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


@dataclass
class Diperiksa:
    """Rows that passed, in the writer's field order, and which optional columns were given."""

    jenis: str
    baris: list = field(default_factory=list)
    ada: set = field(default_factory=set)
    galat: list = field(default_factory=list)
    # nip → spreadsheet row, built on demand (for problems the writer finds).
    nomor: object = None


def peta_kolom(tabel, jenis: str, spec=None) -> dict[str, int]:
    """Column name → index, or BerkasDitolak listing every header problem.

    `spec` is the column list (default KOLOM[jenis]); other imports (ABK) pass their own.
    """
    spec = KOLOM[jenis] if spec is None else spec
    dikenal = {k.nama for k in spec}
    galat = []
    idx: dict[str, int] = {}
    for i, (h, asli) in enumerate(zip(tabel.header, tabel.header_asli, strict=True)):
        if not h:
            galat.append(Galat(1, _("kolom ke-%(i)s") % {"i": i + 1}, "",
                               _("kolom berisi data tetapi tidak berjudul")))
        elif h not in dikenal:
            galat.append(Galat(1, asli, asli, _(
                "judul kolom tidak dikenal untuk impor %(j)s; kolom yang dikenal: %(d)s")
                % {"j": jenis, "d": ", ".join(k.nama for k in spec)}))
        elif h in idx:
            galat.append(Galat(1, asli, asli, _("judul kolom muncul dua kali")))
        else:
            idx[h] = i
    for k in spec:
        if k.wajib and k.nama not in idx:
            galat.append(Galat(1, k.nama, "", _("kolom wajib “%(k)s” tidak ada di baris judul")
                               % {"k": k.nama}))
    if galat:
        raise BerkasDitolak(galat)
    return idx


class _Tanggal:
    """Parses dates with a cache: a big file repeats the same few thousand dates."""

    def __init__(self, hari_ini):
        self.cache = {}
        self.hari_ini = hari_ini

    def __call__(self, v):
        r = self.cache.get(v, _MISSING)
        if r is _MISSING:
            try:
                r = tanggal(v)
                if r > self.hari_ini:
                    r = NilaiTidakSah(_("tanggal di masa depan"))
                elif r.year < 1900:
                    r = NilaiTidakSah(_("tanggal sebelum tahun 1900"))
            except NilaiTidakSah as e:
                r = e
            self.cache[v] = r
        return r


def _kosong(v) -> bool:
    return v is None or v == ""


def _hint_angka(v) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return _(" (sel berformat angka sehingga nol di depan bisa hilang; format kolom "
                 "sebagai Teks)")
    return ""


def _selesai(tabel, d: Diperiksa, urutan: list[str]) -> Diperiksa:
    """Merge the reader's cell problems, drop echoes of them, sort by row and column."""
    sudah = {(g.baris, g.kolom) for g in tabel.galat}
    galat = list(tabel.galat) + [g for g in d.galat if (g.baris, g.kolom) not in sudah]
    pos = {k: i for i, k in enumerate(urutan)}
    galat.sort(key=lambda g: (g.baris or 0, pos.get(g.kolom, 99), g.kolom))
    d.galat = galat
    return d


# --- Pegawai --------------------------------------------------------------------------

PEGAWAI_FIELDS = [
    "nip", "nama", "gelar_depan", "gelar_belakang", "status_asn", "golongan", "jabatan_id",
    "unit_id", "tmt_jabatan", "tanggal_lahir", "jenis_kelamin", "pendidikan", "email",
    "hukuman_disiplin", "tugas_belajar", "aktif",
]
# Optional column → the field it fills (absent column = keep an employee's current value).
PEGAWAI_OPSIONAL = {"gelar_depan": "gelar_depan", "gelar_belakang": "gelar_belakang",
                    "email": "email", "hukuman_disiplin": "hukuman_disiplin",
                    "tugas_belajar": "tugas_belajar", "aktif": "aktif"}
PEGAWAI_BAKU = {"gelar_depan": "", "gelar_belakang": "", "email": "",
                "hukuman_disiplin": False, "tugas_belajar": False, "aktif": True}


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
    kosong = [""] * n

    def col(name):
        return tabel.kolom[idx[name]] if name in idx else kosong

    c_nip, c_nama = col("nip"), col("nama")
    c_gd, c_gb = col("gelar_depan"), col("gelar_belakang")
    c_status, c_gol = col("status_asn"), col("golongan")
    c_jab, c_unit = col("kode_jabatan"), col("kode_unit")
    c_tmt, c_lahir = col("tmt_jabatan"), col("tanggal_lahir")
    c_jk, c_pend, c_email = col("jenis_kelamin"), col("pendidikan"), col("email")
    c_hd, c_tb, c_aktif = col("hukuman_disiplin"), col("tugas_belajar"), col("aktif")
    baris = tabel.baris

    jabatan = dict(Jabatan.objects.values_list("kode", "id"))
    unit = dict(UnitKerja.objects.values_list("kode", "id"))
    tgl = _Tanggal(hari_ini)

    d = Diperiksa("pegawai", ada={f for c, f in PEGAWAI_OPSIONAL.items() if c in idx})
    galat = d.galat
    out = d.baris
    seen: dict[str, int] = {}
    add = galat.append
    wajib_teks = _("wajib diisi")
    galat_angka = _("NIP tersimpan sebagai angka sehingga digit terakhirnya hilang; format "
                    "kolom NIP sebagai Teks lalu ketik ulang NIP-nya")

    # Whole-column checks clear most rows at once (cepat.py); the rest go row by row below,
    # which words every message.
    lolos, out_cepat, _nip = periksa_cepat(
        {"nip": c_nip, "nama": c_nama, "gelar_depan": c_gd, "gelar_belakang": c_gb,
         "status_asn": c_status, "golongan": c_gol, "kode_jabatan": c_jab,
         "kode_unit": c_unit, "tmt_jabatan": c_tmt, "tanggal_lahir": c_lahir,
         "jenis_kelamin": c_jk, "pendidikan": c_pend, "email": c_email,
         "hukuman_disiplin": c_hd, "tugas_belajar": c_tb, "aktif": c_aktif},
        jabatan=jabatan, unit=unit, tgl=tgl, hari_ini=hari_ini, email_re=_EMAIL,
        ilmiah_re=_ILMIAH, kode_pppk_ketat=settings.NIP_PPPK_KODE_21_WAJIB)
    if not cepat:
        lolos[:] = False
        out_cepat = []
    lambat = np.flatnonzero(~lolos).tolist()
    out_lambat = []
    if progress:
        progress("memeriksa", 0.5, n - len(lambat))

    for j in lambat:
        b = baris[j]
        mulai = len(galat)

        # NIP: text kept exactly; a number from Excel is exact only as an integer.
        raw = c_nip[j]
        nip = None
        if raw.__class__ is str:
            if len(raw) == 18 and raw.isdigit():
                nip = raw
            elif raw == "":
                add(Galat(b, "nip", "", wajib_teks))
            elif _ILMIAH.fullmatch(raw):
                add(Galat(b, "nip", raw, galat_angka))
            else:
                nip = normalize_nip(raw)
        elif raw is None:
            add(Galat(b, "nip", "", wajib_teks))
        elif isinstance(raw, int) and not isinstance(raw, bool):
            nip = str(raw)
        else:
            add(Galat(b, "nip", nilai_tampil(teks(raw)), galat_angka))

        nama = teks(c_nama[j])
        if nama == "":
            add(Galat(b, "nama", "", wajib_teks))
        elif len(nama) > 150:
            add(Galat(b, "nama", nilai_tampil(nama), _("lebih dari 150 karakter")))
        gd = teks(c_gd[j])
        if len(gd) > 30:
            add(Galat(b, "gelar_depan", nilai_tampil(gd), _("lebih dari 30 karakter")))
        gb = teks(c_gb[j])
        if len(gb) > 60:
            add(Galat(b, "gelar_belakang", nilai_tampil(gb), _("lebih dari 60 karakter")))

        v = c_status[j]
        status = STATUS_ASN.get(v) if v.__class__ is str else None
        if status is None:
            if _kosong(v):
                add(Galat(b, "status_asn", "", wajib_teks))
            else:
                try:
                    status = pilihan(v, STATUS_ASN, "")
                except NilaiTidakSah:
                    add(Galat(b, "status_asn", nilai_tampil(teks(v)),
                              _("status ASN harus PNS, CPNS atau PPPK")))

        v = c_gol[j]
        gol = None
        if _kosong(v):
            add(Galat(b, "golongan", "", wajib_teks))
        elif status == "PPPK":
            gol = GOL_PPPK.get(v) if v.__class__ is str else None
            if gol is None:
                try:
                    gol = pilihan(v, GOL_PPPK, "")
                except NilaiTidakSah:
                    add(Galat(b, "golongan", nilai_tampil(teks(v)), _(
                        "golongan tidak dikenal untuk PPPK (I sampai XVII)")))
        else:
            gol = GOL_PNS.get(v) if v.__class__ is str else None
            if gol is None:
                try:
                    gol = pilihan(v, GOL_PNS, "")
                except NilaiTidakSah:
                    if status is not None:
                        add(Galat(b, "golongan", nilai_tampil(teks(v)), _(
                            "golongan tidak dikenal untuk %(s)s (I/a sampai IV/e)")
                            % {"s": status}))

        v = c_jab[j]
        jab_id = jabatan.get(v) if v.__class__ is str else None
        if jab_id is None:
            if _kosong(v):
                add(Galat(b, "kode_jabatan", "", wajib_teks))
            else:
                jab_id = jabatan.get(kode(v))
                if jab_id is None:
                    add(Galat(b, "kode_jabatan", nilai_tampil(kode(v)),
                              _("kode jabatan tidak dikenal") + _hint_angka(v)))
        v = c_unit[j]
        unit_id = unit.get(v) if v.__class__ is str else None
        if unit_id is None:
            if _kosong(v):
                add(Galat(b, "kode_unit", "", wajib_teks))
            else:
                unit_id = unit.get(kode(v))
                if unit_id is None:
                    add(Galat(b, "kode_unit", nilai_tampil(kode(v)),
                              _("kode unit kerja tidak dikenal") + _hint_angka(v)))

        tmt = lahir = None
        v = c_tmt[j]
        if _kosong(v):
            add(Galat(b, "tmt_jabatan", "", wajib_teks))
        else:
            r = tgl(v)
            if r.__class__ is dt.date:
                tmt = r
            else:
                add(Galat(b, "tmt_jabatan", nilai_tampil(teks(v)), str(r)))
        v = c_lahir[j]
        if _kosong(v):
            add(Galat(b, "tanggal_lahir", "", wajib_teks))
        else:
            r = tgl(v)
            if r.__class__ is dt.date:
                lahir = r
            else:
                add(Galat(b, "tanggal_lahir", nilai_tampil(teks(v)), str(r)))

        v = c_jk[j]
        jk = JENIS_KELAMIN.get(v) if v.__class__ is str else None
        if jk is None:
            if _kosong(v):
                add(Galat(b, "jenis_kelamin", "", wajib_teks))
            else:
                try:
                    jk = pilihan(v, JENIS_KELAMIN, "")
                except NilaiTidakSah:
                    add(Galat(b, "jenis_kelamin", nilai_tampil(teks(v)),
                              _("jenis kelamin harus L atau P")))

        v = c_pend[j]
        pend = PENDIDIKAN.get(v) if v.__class__ is str else None
        if pend is None:
            if _kosong(v):
                add(Galat(b, "pendidikan", "", wajib_teks))
            else:
                try:
                    pend = pilihan(v, PENDIDIKAN, "")
                except NilaiTidakSah:
                    add(Galat(b, "pendidikan", nilai_tampil(teks(v)), _(
                        "pendidikan tidak dikenal (SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3)")))

        email = teks(c_email[j])
        if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
            add(Galat(b, "email", nilai_tampil(email), _("alamat e-mail tidak sah")))

        flags = []
        for name, c, baku in (("hukuman_disiplin", c_hd, False), ("tugas_belajar", c_tb, False),
                              ("aktif", c_aktif, True)):
            v = c[j]
            try:
                flags.append(ya_tidak(v, baku))
            except NilaiTidakSah as e:
                add(Galat(b, name, nilai_tampil(teks(v)), str(e)))

        if nip is not None:
            alasan = validate_nip(nip, pppk=status == "PPPK", tanggal_lahir=lahir,
                                  jenis_kelamin=jk, hari_ini=hari_ini,
                                  kode_pppk_ketat=settings.NIP_PPPK_KODE_21_WAJIB)
            if alasan:
                add(Galat(b, "nip", nilai_tampil(nip), "; ".join(alasan)))
            pertama = seen.get(nip)
            if pertama is not None:
                add(Galat(b, "nip", nip, _("NIP sama dengan baris %(b)s; setiap NIP hanya "
                                          "boleh muncul sekali") % {"b": pertama}))
            else:
                seen[nip] = b

        if len(galat) == mulai:
            out_lambat.append((j, (nip, nama, gd, gb, status, gol, jab_id, unit_id, tmt, lahir,
                                   jk, pend, email, flags[0], flags[1], flags[2])))

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
        lama = pegawai_lama(r[0] for r in out)
        if lama:
            nomor = d.nomor()
            for r in out:
                old = lama.get(r[0])
                if old and (old[1] != r[7] or old[2] != r[6]) and r[8] < old[3]:
                    galat.append(galat_tmt(nomor[r[0]], r[8], old[3]))
    if progress:
        progress("memeriksa", 1.0, n)
    return _selesai(tabel, d, [k.nama for k in KOLOM["pegawai"]])


# --- Unit kerja -----------------------------------------------------------------------

def periksa_unit(tabel, *, hari_ini=None, progress=None) -> Diperiksa:
    idx = peta_kolom(tabel, "unit")
    n = len(tabel)
    kosong = [""] * n

    def col(name):
        return tabel.kolom[idx[name]] if name in idx else kosong

    c_kode, c_nama, c_jenis = col("kode"), col("nama"), col("jenis")
    c_induk, c_kepala = col("kode_induk"), col("kode_jabatan_kepala")
    jabatan = dict(Jabatan.objects.values_list("kode", "id"))
    ada_db = dict(UnitKerja.objects.values_list("kode", "induk__kode"))
    d = Diperiksa("unit", ada={c for c in ("kode_induk", "kode_jabatan_kepala") if c in idx})
    galat, add = d.galat, d.galat.append
    seen: dict[str, int] = {}
    di_berkas = {kode(v) for v in c_kode if not _kosong(v)}
    wajib_teks = _("wajib diisi")

    for j in range(n):
        b = tabel.baris[j]
        mulai = len(galat)
        k = kode(c_kode[j])
        if k == "":
            add(Galat(b, "kode", "", wajib_teks))
        elif len(k) > 30:
            add(Galat(b, "kode", nilai_tampil(k), _("lebih dari 30 karakter")))
        elif k in seen:
            add(Galat(b, "kode", k, _("kode unit sama dengan baris %(b)s") % {"b": seen[k]}))
        else:
            seen[k] = b
        nama = teks(c_nama[j])
        if nama == "":
            add(Galat(b, "nama", "", wajib_teks))
        elif len(nama) > 200:
            add(Galat(b, "nama", nilai_tampil(nama), _("lebih dari 200 karakter")))
        jenis = None
        v = c_jenis[j]
        if _kosong(v):
            add(Galat(b, "jenis", "", wajib_teks))
        else:
            try:
                jenis = pilihan(v, JENIS_UNIT, "")
            except NilaiTidakSah:
                add(Galat(b, "jenis", nilai_tampil(teks(v)), _("jenis unit tidak dikenal; pilih "
                                                               "salah satu: %(d)s")
                          % {"d": ", ".join(sorted(set(JENIS_UNIT.values())))}))
        induk = kode(c_induk[j]) or None
        if induk is not None:
            if induk == k:
                add(Galat(b, "kode_induk", induk, _("unit tidak boleh menjadi induk dirinya")))
            elif induk not in ada_db and induk not in di_berkas:
                add(Galat(b, "kode_induk", nilai_tampil(induk), _(
                    "kode unit induk tidak dikenal (tidak ada di basis data maupun di berkas "
                    "ini)") + _hint_angka(c_induk[j])))
        kepala = kode(c_kepala[j]) or None
        kepala_id = None
        if kepala is not None:
            kepala_id = jabatan.get(kepala)
            if kepala_id is None:
                add(Galat(b, "kode_jabatan_kepala", nilai_tampil(kepala),
                          _("kode jabatan tidak dikenal") + _hint_angka(c_kepala[j])))
        if len(galat) == mulai:
            d.baris.append((k, nama, jenis, induk, kepala_id, b))

    # Parents after this import: the database's, overridden by the file's.
    if "kode_induk" in idx:
        induk_of = dict(ada_db)
        induk_of.update({r[0]: r[3] for r in d.baris})
        for r in d.baris:
            jalan, u = {r[0]}, induk_of.get(r[0])
            while u is not None:
                if u in jalan:
                    add(Galat(r[5], "kode_induk", r[3] or "", _(
                        "susunan induk membentuk lingkaran (unit menjadi induk dari induknya "
                        "sendiri)")))
                    break
                jalan.add(u)
                u = induk_of.get(u)
    if progress:
        progress("memeriksa", 1.0, n)
    return _selesai(tabel, d, [k.nama for k in KOLOM["unit"]])


# --- Jabatan --------------------------------------------------------------------------

def periksa_jabatan(tabel, *, hari_ini=None, progress=None) -> Diperiksa:
    idx = peta_kolom(tabel, "jabatan")
    n = len(tabel)
    c = {name: tabel.kolom[i] for name, i in idx.items()}
    d = Diperiksa("jabatan")
    galat, add = d.galat, d.galat.append
    seen: dict[str, int] = {}
    wajib_teks = _("wajib diisi")
    for j in range(n):
        b = tabel.baris[j]
        mulai = len(galat)
        k = kode(c["kode"][j])
        if k == "":
            add(Galat(b, "kode", "", wajib_teks))
        elif len(k) > 30:
            add(Galat(b, "kode", nilai_tampil(k), _("lebih dari 30 karakter")))
        elif k in seen:
            add(Galat(b, "kode", k, _("kode jabatan sama dengan baris %(b)s") % {"b": seen[k]}))
        else:
            seen[k] = b
        nama = teks(c["nama"][j])
        if nama == "":
            add(Galat(b, "nama", "", wajib_teks))
        elif len(nama) > 200:
            add(Galat(b, "nama", nilai_tampil(nama), _("lebih dari 200 karakter")))
        jenis = kelas = pend = None
        v = c["jenis"][j]
        if _kosong(v):
            add(Galat(b, "jenis", "", wajib_teks))
        else:
            try:
                jenis = pilihan(v, JENIS_JABATAN, "")
            except NilaiTidakSah:
                add(Galat(b, "jenis", nilai_tampil(teks(v)), _(
                    "jenis jabatan tidak dikenal; pilih salah satu: %(d)s")
                    % {"d": ", ".join(sorted(set(JENIS_JABATAN.values())))}))
        v = c["kelas"][j]
        s = teks(v)
        if s == "":
            add(Galat(b, "kelas", "", wajib_teks))
        elif not s.isdigit() or not 1 <= int(s) <= 17:
            add(Galat(b, "kelas", nilai_tampil(s), _("kelas jabatan harus bilangan bulat 1–17")))
        else:
            kelas = int(s)
        v = c["pendidikan_minimal"][j]
        if _kosong(v):
            add(Galat(b, "pendidikan_minimal", "", wajib_teks))
        else:
            try:
                pend = pilihan(v, PENDIDIKAN, "")
            except NilaiTidakSah:
                add(Galat(b, "pendidikan_minimal", nilai_tampil(teks(v)), _(
                    "pendidikan tidak dikenal (SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3)")))
        if len(galat) == mulai:
            d.baris.append((k, nama, jenis, kelas, pend))
    if progress:
        progress("memeriksa", 1.0, n)
    return _selesai(tabel, d, [k.nama for k in KOLOM["jabatan"]])


PERIKSA = {"pegawai": periksa_pegawai, "unit": periksa_unit, "jabatan": periksa_jabatan}
