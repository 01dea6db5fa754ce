"""Writing checked rows: upsert by NIP (or kode) plus the history of posts, set-based.

Called by `impor_file` inside `transaction.atomic()`, only when no row had a problem.
PostgreSQL: COPY (streamed) into a temporary table, then a handful of set-based statements
(classify, check TMTs, close history, UPDATE changed employees, INSERT new ones, open
history); mass imports drop foreign keys and the name index around the writes (`massal`).
Other databases (SQLite in development): the same steps with bulk_create(update_conflicts=True).
docs/impor.md, "Speed", has the figures.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from django.conf import settings
from django.db import connection, transaction

from pegawai import hooks
from pegawai.models import Jabatan, Pegawai, RiwayatJabatan, UnitKerja
from pegawai.services import unit_tree_refresh

from . import massal
from .hasil import BerkasDitolak
from .validators import PEGAWAI_FIELDS, PEGAWAI_OPSIONAL, galat_tmt

KETERANGAN_RIWAYAT = "Impor data"
# Serialises imports on PostgreSQL (two overlapping uploads would race on the same NIPs).
KUNCI_ADVISORY = 0x53494D55  # "SIMU"
_TMP = "impor_pegawai_tmp"
_TMP_KOLOM = [
    ("nip", "varchar(18)"), ("nama", "varchar(150)"), ("gelar_depan", "varchar(30)"),
    ("gelar_belakang", "varchar(60)"), ("status_asn", "varchar(4)"), ("golongan", "varchar(5)"),
    ("jabatan_id", "bigint"), ("unit_id", "bigint"), ("tmt_jabatan", "date"),
    ("tanggal_lahir", "date"), ("jenis_kelamin", "varchar(1)"), ("pendidikan", "varchar(3)"),
    ("email", "varchar(254)"), ("hukuman_disiplin", "boolean"), ("tugas_belajar", "boolean"),
    ("aktif", "boolean"),
]
assert [c for c, _t in _TMP_KOLOM] == PEGAWAI_FIELDS


def _chunks(seq, n=500):
    seq = list(seq)
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def tulis_pegawai(d, hasil) -> None:
    """Write the checked employee rows: new ones, changes, and the moves among them.

    A move here means what `pegawai.services.pegawai_pindah` does for one employee (the
    open history row closed at the new TMT jabatan, a new one opened, the old and the new
    unit marked changed), written in bulk rather than by calling it per row: that service
    takes a row lock and writes three statements per employee, and an import moves up to
    hundreds of thousands in one transaction (docs/impor.md, "Speed"). Unlike the
    service, the import also refuses a move dated before the current TMT (`_tolak_tmt`):
    that is a check of the file, made before anything is written.
    """
    if connection.vendor == "postgresql":
        _tulis_pegawai_pg(d, hasil)
    else:
        _tulis_pegawai_orm(d, hasil)
    hooks.units_changed(hasil.unit_berubah)


_KHUSUS_COPY = re.compile(r"[\\\t\n\r]")


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace(
        "\r", "\\r")


class _CopyAliran(io.TextIOBase):
    """The rows in COPY's text format, formatted a slice at a time as psycopg2 reads: the
    server parses one slice while Python formats the next.

    Built by column, where the work runs at C speed: each column becomes a list of text
    once (numbers, dates and yes/no through a table of their few distinct values; free text
    escaped only when one regex search over the column joined finds something to escape),
    then a slice is one `"\t".join` per row and one `"\n".join` over the rows.
    """

    IRISAN = 5000
    # Free text, escaped when needed; text from a fixed set (NIP: 18 digits), as it is.
    TEKS = {PEGAWAI_FIELDS.index(f) for f in ("nama", "gelar_depan", "gelar_belakang",
                                              "email")}
    KODE = {PEGAWAI_FIELDS.index(f) for f in ("nip", "status_asn", "golongan",
                                              "jenis_kelamin", "pendidikan")}

    def __init__(self, rows):
        self.n = len(rows)
        self.pos = 0
        self.sisa = ""
        self.nilai_unik = {}  # field → its distinct values (ids, dates, yes/no)
        self.kolom = [self._teks(i, col) for i, col in enumerate(zip(*rows, strict=True))]

    def _teks(self, i, col):
        if i in self.KODE:
            return col
        if i in self.TEKS:
            return [_esc(v) for v in col] if _KHUSUS_COPY.search("\x00".join(col)) else col
        self.nilai_unik[PEGAWAI_FIELDS[i]] = unik = set(col)
        peta = {v: _nilai_copy(v) for v in unik}
        return list(map(peta.__getitem__, col))

    def readable(self):
        return True

    def _irisan(self) -> str:
        a, b = self.pos, min(self.pos + self.IRISAN, self.n)
        self.pos = b
        return "\n".join(map("\t".join, zip(*(c[a:b] for c in self.kolom), strict=True))) + "\n"

    def read(self, size=-1):
        while (size < 0 or len(self.sisa) < size) and self.pos < self.n:
            self.sisa += self._irisan()
        if size < 0:
            out, self.sisa = self.sisa, ""
        else:
            out, self.sisa = self.sisa[:size], self.sisa[size:]
        return out


def _nilai_copy(v) -> str:
    if v is True or v is False:
        return _TF[v]
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


_TF = {True: "t", False: "f"}


def _tulis_pegawai_pg(d, hasil) -> None:
    with connection.cursor() as cur:
        keadaan = pg_mulai(cur, n_baris=len(d.baris), hasil=hasil)
        pg_irisan(cur, d, hasil, keadaan)
        pg_selesai(cur, keadaan)


def pg_mulai(cur, *, n_baris: int, hasil) -> dict:
    """Open the write, inside the caller's transaction: the import lock, mass mode for
    `n_baris` rows or more, the staging table. Returns the state pg_irisan/pg_selesai take."""
    cur.execute("SELECT pg_advisory_xact_lock(%s)", [KUNCI_ADVISORY])
    fk = massal.fk_lepas(cur) if n_baris >= settings.IMPOR_BARIS_MASSAL > 0 else []
    hasil.massal = bool(fk)
    if fk:
        massal.indeks_nama_lepas(cur)
    cur.execute(f"DROP TABLE IF EXISTS {_TMP}_berkas, {_TMP}")
    cur.execute(
        f"CREATE TEMP TABLE {_TMP}_berkas ("
        + ", ".join(f"{c} {t}" for c, t in _TMP_KOLOM) + ") ON COMMIT DROP"
    )
    return {"fk": fk}


def pg_irisan(cur, d, hasil, keadaan) -> None:
    """Write the checked rows `d` (a whole file, or one slice of it); adds to `hasil`'s
    counts and changed units. BerkasDitolak when a change of post predates the current one
    (the caller's transaction then rolls everything back)."""
    P = Pegawai._meta.db_table
    R = RiwayatJabatan._meta.db_table
    fields = PEGAWAI_FIELDS
    ada = [f for f in fields if f not in PEGAWAI_OPSIONAL.values() or f in d.ada]
    absen = [f for f in fields if f not in ada]
    cols = ", ".join(fields)
    cur.execute(f"TRUNCATE {_TMP}_berkas")
    aliran = _CopyAliran(d.baris)
    # `size` positionally: Django's CursorDebugWrapper (DEBUG=True, or any query capture)
    # takes copy_expert(sql, file, *args) and refused the keyword (probe, issue 11 item 1).
    cur.copy_expert(f"COPY {_TMP}_berkas ({cols}) FROM STDIN", aliran, 1 << 16)
    if keadaan["fk"]:
        massal.periksa_rujukan(cur, jabatan=aliran.nilai_unik.get("jabatan_id", ()),
                               unit=aliran.nilai_unik.get("unit_id", ()))
    # Each row with the stored employee it updates (if any): their current post, the
    # stored values of the columns the file does not have, and what changes. Built in
    # one CREATE TABLE AS (cheaper than updating the staged rows). No ANALYZE: the
    # planner sizes a fresh temporary table from its pages, all these hash joins need.
    # A new employee's id is taken from the table's sequence here, so the history rows
    # below need no join back by NIP to learn it.
    # (pg_get_serial_sequence once: called per row it cost 0.3 s per 100,000 rows.)
    cur.execute("SELECT pg_get_serial_sequence(%s, 'id')::regclass::oid", [P])
    urutan = cur.fetchone()[0]
    pilih = ", ".join(
        f"CASE WHEN p.id IS NULL THEN t.{f} ELSE p.{f} END AS {f}" if f in absen
        else f"t.{f}" for f in fields)
    beda = " OR ".join(f"t.{f} IS DISTINCT FROM p.{f}" for f in ada if f != "nip")
    cur.execute(
        f"CREATE TEMP TABLE {_TMP} ON COMMIT DROP AS SELECT {pilih},"
        f" CASE WHEN p.id IS NULL THEN nextval({int(urutan)}::oid) ELSE p.id END"
        f" AS pegawai_id, p.id IS NULL AS baru,"
        f" p.unit_id AS lama_unit, p.aktif AS lama_aktif, p.tmt_jabatan AS lama_tmt,"
        f" coalesce({beda}, false) AND p.id IS NOT NULL AS berubah,"
        f" coalesce(t.unit_id <> p.unit_id OR t.jabatan_id <> p.jabatan_id, false)"
        f" AS pindah"
        f" FROM {_TMP}_berkas t LEFT JOIN {P} p ON p.nip = t.nip"
        # Rows that change nothing need nothing more: left out here.
        f" WHERE p.id IS NULL OR coalesce({beda}, false)"
    )
    # Everything the rest needs to know, in one pass over the classified rows.
    cur.execute(
        f"SELECT count(*) FILTER (WHERE baru), count(*) FILTER (WHERE berubah),"
        f" count(*) FILTER (WHERE pindah AND tmt_jabatan < lama_tmt),"
        f" array_agg(DISTINCT unit_id) FILTER (WHERE baru OR pindah OR aktif <> lama_aktif),"
        f" array_agg(DISTINCT lama_unit) FILTER (WHERE pindah OR aktif <> lama_aktif)"
        f" FROM {_TMP}"
    )
    baru, diubah, mundur, unit_kini, unit_lama = cur.fetchone()
    if mundur:
        cur.execute(
            f"SELECT nip, tmt_jabatan, lama_tmt FROM {_TMP}"
            f" WHERE pindah AND tmt_jabatan < lama_tmt"
        )
        _tolak_tmt(d, cur.fetchall())
    hasil.baru += baru
    hasil.diubah += diubah
    hasil.tetap += len(d.baris) - baru - diubah
    hasil.unit_berubah |= {u for u in (unit_kini or []) + (unit_lama or []) if u is not None}
    cur.execute(
        f"UPDATE {R} r SET tmt_selesai = t.tmt_jabatan FROM {_TMP} t"
        f" WHERE t.pindah AND r.pegawai_id = t.pegawai_id AND r.tmt_selesai IS NULL"
    )
    # Changed rows by id and new rows by a plain INSERT: cheaper than one
    # INSERT … ON CONFLICT, whose speculative insertion costs every row. The advisory
    # lock keeps other imports out; an employee added by hand meanwhile with the same
    # NIP makes the INSERT fail, and impor_file reports it.
    upd = ", ".join(f"{f} = t.{f}" for f in fields if f != "nip")
    cur.execute(
        f"UPDATE {P} p SET {upd}, diubah = now()"
        f" FROM (SELECT * FROM {_TMP} WHERE berubah ORDER BY pindah, pegawai_id) t"
        f" WHERE p.id = t.pegawai_id"
    )
    cur.execute(
        f"INSERT INTO {P} (id, {cols}, diubah) SELECT pegawai_id, {cols}, now() FROM {_TMP}"
        f" WHERE baru"
    )
    cur.execute(
        f"INSERT INTO {R} (pegawai_id, unit_id, jabatan_id, tmt_mulai, tmt_selesai,"
        f" nomor_sk, tanggal_sk, keterangan, dicatat)"
        f" SELECT pegawai_id, unit_id, jabatan_id, tmt_jabatan, NULL, '', NULL, %s, now()"
        f" FROM {_TMP} WHERE baru OR pindah",
        [KETERANGAN_RIWAYAT],
    )
    cur.execute(f"DROP TABLE {_TMP}")


def pg_selesai(cur, keadaan) -> None:
    """Close the write: drop the staging table; mass mode puts the foreign keys back and,
    after commit, has them validated and the name-search index built again."""
    cur.execute(f"DROP TABLE {_TMP}_berkas")
    massal.fk_pasang(cur, keadaan["fk"])
    if keadaan["fk"]:
        transaction.on_commit(massal.publish_rapikan, robust=True)


def _tolak_tmt(d, salah) -> None:
    """Refuse the import (BerkasDitolak, the transaction rolls back) when a change of post
    is dated before the current one: [(nip, new TMT, current TMT)]."""
    if salah:
        nomor = d.nomor() if d.nomor else {}
        raise BerkasDitolak(sorted(
            (galat_tmt(nomor.get(nip), baru, lama) for nip, baru, lama in salah),
            key=lambda g: g.baris or 0))


def _tulis_pegawai_orm(d, hasil) -> None:
    fields = PEGAWAI_FIELDS
    absen = [f for f in PEGAWAI_OPSIONAL.values() if f not in d.ada]
    lama = {}
    for chunk in _chunks([r[0] for r in d.baris]):
        for row in Pegawai.objects.filter(nip__in=chunk).values("id", *fields):
            lama[row["nip"]] = row
    simpan, baru_nip, pindah, salah = [], [], [], []  # pindah: (pegawai_id, tmt baru)
    unit_berubah = set()
    for r in d.baris:
        vals = dict(zip(fields, r, strict=True))
        old = lama.get(r[0])
        if old is None:
            simpan.append(Pegawai(**vals))
            baru_nip.append(r[0])
            unit_berubah.add(vals["unit_id"])
            continue
        for f in absen:
            vals[f] = old[f]
        if ((vals["unit_id"], vals["jabatan_id"]) != (old["unit_id"], old["jabatan_id"])
                and vals["tmt_jabatan"] < old["tmt_jabatan"]):
            salah.append((r[0], vals["tmt_jabatan"], old["tmt_jabatan"]))
        if any(vals[f] != old[f] for f in fields):
            simpan.append(Pegawai(**vals))
            hasil.diubah += 1
            if vals["unit_id"] != old["unit_id"] or vals["jabatan_id"] != old["jabatan_id"]:
                pindah.append((old["id"], vals))
                unit_berubah.update((vals["unit_id"], old["unit_id"]))
            elif vals["aktif"] != old["aktif"]:
                unit_berubah.add(vals["unit_id"])
        else:
            hasil.tetap += 1
    _tolak_tmt(d, salah)
    hasil.baru = len(baru_nip)
    hasil.unit_berubah = unit_berubah
    Pegawai.objects.bulk_create(
        simpan, batch_size=500, update_conflicts=True, unique_fields=["nip"],
        update_fields=[f for f in fields if f != "nip"] + ["diubah"],
    )
    ids = {}
    for chunk in _chunks(baru_nip):
        ids.update(Pegawai.objects.filter(nip__in=chunk).values_list("nip", "id"))
    tmt_baru = {pid: vals["tmt_jabatan"] for pid, vals in pindah}
    terbuka = []
    for chunk in _chunks(tmt_baru):
        terbuka += RiwayatJabatan.objects.filter(pegawai_id__in=chunk, tmt_selesai__isnull=True)
    for rw in terbuka:
        rw.tmt_selesai = tmt_baru[rw.pegawai_id]
    RiwayatJabatan.objects.bulk_update(terbuka, ["tmt_selesai"], batch_size=500)
    riwayat = [
        RiwayatJabatan(pegawai_id=ids[r[0]], unit_id=r[7], jabatan_id=r[6], tmt_mulai=r[8],
                       keterangan=KETERANGAN_RIWAYAT)
        for r in d.baris if r[0] in ids
    ] + [
        RiwayatJabatan(pegawai_id=pid, unit_id=vals["unit_id"], jabatan_id=vals["jabatan_id"],
                       tmt_mulai=vals["tmt_jabatan"], keterangan=KETERANGAN_RIWAYAT)
        for pid, vals in pindah
    ]
    RiwayatJabatan.objects.bulk_create(riwayat, batch_size=500)


def tulis_unit(d, hasil) -> None:
    """Units are few (thousands at most): the ORM on every database, then the tree paths."""
    ada_induk = "kode_induk" in d.ada
    ada_kepala = "kode_jabatan_kepala" in d.ada
    lama = {u["kode"]: u for u in UnitKerja.objects.values(
        "id", "kode", "nama", "jenis", "induk__kode", "jabatan_kepala_id")}
    baru, ubah = [], []
    for kode, nama, jenis, induk, kepala_id, _b in d.baris:
        old = lama.get(kode)
        if old is None:
            baru.append(UnitKerja(kode=kode, nama=nama, jenis=jenis,
                                  jabatan_kepala_id=kepala_id))
            continue
        u = UnitKerja(id=old["id"], kode=kode, nama=nama, jenis=jenis,
                      jabatan_kepala_id=kepala_id if ada_kepala else old["jabatan_kepala_id"])
        if (u.nama, u.jenis, u.jabatan_kepala_id) != (old["nama"], old["jenis"],
                                                      old["jabatan_kepala_id"]) or (
                ada_induk and induk != old["induk__kode"]):
            ubah.append(u)
        else:
            hasil.tetap += 1
    UnitKerja.objects.bulk_create(baru, batch_size=500)
    UnitKerja.objects.bulk_update(ubah, ["nama", "jenis", "jabatan_kepala"], batch_size=500)
    hasil.baru, hasil.diubah = len(baru), len(ubah)
    if ada_induk:
        ids = dict(UnitKerja.objects.values_list("kode", "id"))
        induk_lama = {k: v["induk__kode"] for k, v in lama.items()}
        set_induk = [
            UnitKerja(id=ids[kode], induk_id=ids[induk] if induk else None)
            for kode, _n, _j, induk, _k, _b in d.baris
            if kode not in induk_lama or induk_lama[kode] != induk
        ]
        UnitKerja.objects.bulk_update(set_induk, ["induk"], batch_size=500)
    unit_tree_refresh()


def tulis_jabatan(d, hasil) -> None:
    lama = {j[0]: j[1:] for j in Jabatan.objects.values_list(
        "kode", "nama", "jenis", "kelas", "pendidikan_minimal")}
    simpan = []
    for kode, nama, jenis, kelas, pend in d.baris:
        old = lama.get(kode)
        if old is None:
            hasil.baru += 1
        elif old != (nama, jenis, kelas, pend):
            hasil.diubah += 1
        else:
            hasil.tetap += 1
            continue
        simpan.append(Jabatan(kode=kode, nama=nama, jenis=jenis, kelas=kelas,
                              pendidikan_minimal=pend))
    Jabatan.objects.bulk_create(
        simpan, batch_size=500, update_conflicts=True, unique_fields=["kode"],
        update_fields=["nama", "jenis", "kelas", "pendidikan_minimal"],
    )


TULIS = {"pegawai": tulis_pegawai, "unit": tulis_unit, "jabatan": tulis_jabatan}
