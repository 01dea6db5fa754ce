"""Mass mode of the employee import on PostgreSQL (docs/impor.md, "Mass import").

Under the import's exclusive lock: the foreign keys of the employee and history tables and
the name-search index are dropped (`fk_lepas`, `indeks_nama_lepas`), the import's own rows
checked against units and positions (`periksa_rujukan`), the keys put back NOT VALID
(`fk_pasang`). After commit, the worker validates the keys and builds the index again
(`rapikan_setelah_impor`, queued by `publish_rapikan`).
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction

from pegawai.models import Jabatan, Pegawai, RiwayatJabatan, UnitKerja

logger = logging.getLogger(__name__)

# The name-search index, exactly as pegawai/migrations/0003_nama_trigram.py makes it.
INDEKS_NAMA = "pegawai_nama_trgm"
INDEKS_NAMA_DEF = "ON pegawai_pegawai USING gin (upper(nama) gin_trgm_ops)"
KUNCI_RAPIKAN = 0x53494D56  # serialises rapikan_setelah_impor runs ("SIMV")
# How long the follow-up waits for a lock (a mass import holding the tables, or, for the
# index build, any transaction older than it): a worker stuck behind an idle transaction
# would hold up every other task. On timeout the task is retried, and beat runs it hourly.
RAPIKAN_TUNGGU = "30s"
# A key definition from pg_get_constraintdef that an earlier mass import left NOT VALID.
_BELUM_SAH = re.compile(r"\s+NOT VALID\s*$")


def indeks_nama_lepas(cur) -> None:
    """Drop the name-search index: it is built anew after commit (rapikan_setelah_impor), in
    one pass and without blocking pages, rather than fed 100,000 rows one by one under the
    exclusive lock; name searches scan the table meanwhile (tens of ms)."""
    cur.execute(f"DROP INDEX IF EXISTS {INDEKS_NAMA}")


def _tabel_fk() -> list[str]:
    return [Pegawai._meta.db_table, RiwayatJabatan._meta.db_table]


def rapikan_setelah_impor() -> dict:
    """After a mass import, outside its transaction, with locks that let pages read and
    write meanwhile: validate the foreign keys it put back NOT VALID (ALTER TABLE …
    VALIDATE CONSTRAINT: SHARE UPDATE EXCLUSIVE), build the name-search index it dropped
    (CREATE INDEX CONCURRENTLY; an invalid one left by a build that died is dropped first),
    or else merge that index's pending list. Idempotent, and one run at a time (a run that
    finds another under way does nothing). Returns what it did:
    {"kunci_asing": keys validated, "indeks_nama": "dibangun" | "ada" | "sedang"}."""
    dalam_transaksi = connection.in_atomic_block
    with connection.cursor() as cur:
        # Inside a transaction the lock goes with it; otherwise (autocommit, the worker)
        # it is the session's, given back at the end.
        cur.execute("SELECT pg_try_advisory_xact_lock(%s)" if dalam_transaksi
                    else "SELECT pg_try_advisory_lock(%s)", [KUNCI_RAPIKAN])
        if not cur.fetchone()[0]:
            return {"kunci_asing": 0, "indeks_nama": "sedang"}
        try:
            if not dalam_transaksi:
                cur.execute("SET lock_timeout = %s", [RAPIKAN_TUNGGU])
            return _rapikan(cur, dalam_transaksi)
        finally:
            if not dalam_transaksi:
                cur.execute("RESET lock_timeout")
                cur.execute("SELECT pg_advisory_unlock(%s)", [KUNCI_RAPIKAN])


def _rapikan(cur, dalam_transaksi: bool) -> dict:
    cur.execute(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint"
        " WHERE contype = 'f' AND NOT convalidated AND conrelid = ANY(%s::regclass[])"
        " ORDER BY 1, 2", [_tabel_fk()])
    belum = cur.fetchall()
    for t, nama in belum:
        with transaction.atomic():
            cur.execute(f'ALTER TABLE {t} VALIDATE CONSTRAINT "{nama}"')
    cur.execute("SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass(%s)",
                [INDEKS_NAMA])
    ada = cur.fetchone()
    if ada and ada[0]:
        cur.execute("SELECT gin_clean_pending_list(%s::regclass)", [INDEKS_NAMA])
        return {"kunci_asing": len(belum), "indeks_nama": "ada"}
    # CONCURRENTLY cannot run inside a transaction block; a caller inside one (a test)
    # gets the plain build, which blocks writes to the table until it commits (and cannot
    # start while checks this transaction deferred are pending: they run now).
    serentak = " CONCURRENTLY"
    if dalam_transaksi:
        serentak = ""
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    if ada:  # left invalid by a concurrent build that died
        cur.execute(f"DROP INDEX{serentak} IF EXISTS {INDEKS_NAMA}")
    cur.execute(f"CREATE INDEX{serentak} IF NOT EXISTS {INDEKS_NAMA} {INDEKS_NAMA_DEF}")
    return {"kunci_asing": len(belum), "indeks_nama": "dibangun"}


def publish_rapikan() -> None:
    from pegawai.tasks import rapikan_setelah_impor as tugas

    try:
        tugas.apply_async(retry=False)
    except Exception:
        # The hourly beat run does it too (config.settings, "impor-rapikan"); the keys are
        # enforced for every new write meanwhile.
        logger.exception("Gagal mengantrekan perapian setelah impor massal.")


def fk_lepas(cur) -> list[tuple[str, str, str]]:
    """Mass import: drop the foreign keys of the employee and history tables, to put them
    back NOT VALID (fk_pasang) once the rows are written and checked (periksa_rujukan).

    PostgreSQL's advice for bulk loads ("Populating a Database": remove foreign key
    constraints): row by row, each new row fires a check per foreign key at commit, which
    for 200,000 rows costs more than all the writing. The price is an exclusive lock on
    units, positions, employees and history until the import commits (seconds): pages that
    read them wait meanwhile. The lock is asked for with a short timeout; if another
    transaction holds those tables, the import keeps the constraints and checks row by row.
    Returns [(table, name, definition)] to hand to fk_pasang; [] when nothing was dropped.
    """
    tabel = _tabel_fk()
    rujukan = tabel + [UnitKerja._meta.db_table, Jabatan._meta.db_table]
    try:
        with transaction.atomic():
            cur.execute("SET LOCAL lock_timeout = %s", [f"{settings.IMPOR_KUNCI_TUNGGU_MS}ms"])
            cur.execute(f"LOCK TABLE {', '.join(rujukan)} IN ACCESS EXCLUSIVE MODE")
            # Checks this transaction deferred before the import (none in production,
            # where the import is its own transaction) run now: a table with pending checks
            # cannot be altered.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
                " FROM pg_constraint WHERE contype = 'f'"
                " AND conrelid = ANY(%s::regclass[]) AND confrelid = ANY(%s::regclass[])"
                " ORDER BY 1, 2",
                [tabel, rujukan],
            )
            # A key an earlier mass import put back NOT VALID, not yet validated, is put
            # back the same way (its definition then ends in NOT VALID).
            fk = [(t, nama, _BELUM_SAH.sub("", d)) for t, nama, d in cur.fetchall()]
            for t, nama, _def in fk:
                cur.execute(f'ALTER TABLE {t} DROP CONSTRAINT "{nama}"')
            # The keys left (the employee's login account) stay IMMEDIATE (set above) for the
            # rest of the transaction, so no check is pending when the dropped ones come back.
    except OperationalError as e:
        # 55P03 lock_not_available (the timeout), 55006 object_in_use: give way.
        if getattr(e.__cause__, "pgcode", None) not in ("55P03", "55006"):
            raise
        logger.warning("impor massal: tabel sedang dipakai (%s); kunci asing diperiksa per "
                       "baris", str(e).strip())
        return []
    cur.execute("SET LOCAL lock_timeout TO DEFAULT")
    return fk


def periksa_rujukan(cur, *, jabatan, unit) -> None:
    """Mass mode, under the lock: every unit and position the file's rows point at exists.
    A unit or position deleted after the file was checked would otherwise go unnoticed, the
    keys that catch it at commit being dropped (see fk_pasang). IntegrityError, so the
    import rolls back and says so, as when a key fails at commit."""
    U, J = UnitKerja._meta.db_table, Jabatan._meta.db_table
    cur.execute(
        f"SELECT (SELECT array_agg(x) FROM unnest(%s::bigint[]) x"
        f"        WHERE NOT EXISTS (SELECT 1 FROM {U} WHERE id = x)),"
        f"       (SELECT array_agg(x) FROM unnest(%s::bigint[]) x"
        f"        WHERE NOT EXISTS (SELECT 1 FROM {J} WHERE id = x))",
        [sorted(unit), sorted(jabatan)])
    unit_hilang, jabatan_hilang = cur.fetchone()
    if unit_hilang or jabatan_hilang:
        raise IntegrityError(f"impor massal: unit {unit_hilang or []} atau jabatan "
                             f"{jabatan_hilang or []} tidak ada lagi")


def fk_pasang(cur, fk) -> None:
    """Put back what fk_lepas dropped, NOT VALID: enforced for every write from now on,
    the rows already there not scanned again (that took 0.7 s of a 200,000-row import).

    The import's own rows are the only ones that could break the dropped keys, and
    pg_irisan has checked them: every unit and position they point at exists
    (periksa_rujukan; a unit or position deleted between checking the file and taking the
    lock is caught there: IntegrityError, everything rolls back). Rows written earlier
    were checked when they were written, and units and positions cannot change while this
    transaction holds them exclusively; a history row's employee is one this import just
    wrote or found by NIP under the same lock. `rapikan_setelah_impor` validates the keys
    after commit (ALTER TABLE … VALIDATE CONSTRAINT, which blocks no reads or writes)."""
    for t, nama, definisi in fk:
        cur.execute(f'ALTER TABLE {t} ADD CONSTRAINT "{nama}" {definisi} NOT VALID')
