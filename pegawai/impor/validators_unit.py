"""Checking every row of a unit kerja or jabatan import (see `validators.py`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pegawai.models import Jabatan, UnitKerja

from .hasil import Galat, nilai_tampil
from .kolom import (
    JENIS_JABATAN,
    JENIS_UNIT,
    KOLOM,
    PENDIDIKAN,
    NilaiTidakSah,
    kode,
    pilihan,
    teks,
)
from .validators_umum import Diperiksa, hint_angka, kosong, peta_kolom, selesai

# --- Unit kerja -----------------------------------------------------------------------

def periksa_unit(tabel, *, hari_ini=None, progress=None) -> Diperiksa:
    idx = peta_kolom(tabel, "unit")
    n = len(tabel)
    kosong_semua = [""] * n

    def col(name):
        return tabel.kolom[idx[name]] if name in idx else kosong_semua

    c_kode, c_nama, c_jenis = col("kode"), col("nama"), col("jenis")
    c_induk, c_kepala = col("kode_induk"), col("kode_jabatan_kepala")
    jabatan = dict(Jabatan.objects.values_list("kode", "id"))
    ada_db = dict(UnitKerja.objects.values_list("kode", "induk__kode"))
    d = Diperiksa("unit", ada={c for c in ("kode_induk", "kode_jabatan_kepala") if c in idx})
    galat, add = d.galat, d.galat.append
    seen: dict[str, int] = {}
    di_berkas = {kode(v) for v in c_kode if not kosong(v)}
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
        if kosong(v):
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
                    "ini)") + hint_angka(c_induk[j])))
        kepala = kode(c_kepala[j]) or None
        kepala_id = None
        if kepala is not None:
            kepala_id = jabatan.get(kepala)
            if kepala_id is None:
                add(Galat(b, "kode_jabatan_kepala", nilai_tampil(kepala),
                          _("kode jabatan tidak dikenal") + hint_angka(c_kepala[j])))
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
    return selesai(tabel, d, [k.nama for k in KOLOM["unit"]])


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
        if kosong(v):
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
        if kosong(v):
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
    return selesai(tabel, d, [k.nama for k in KOLOM["jabatan"]])
