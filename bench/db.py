"""The dedicated bench database: derived from DATABASE_URL, never the user's own."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/simutasi"
SUFFIX = "_bench"


class BenchDbError(Exception):
    pass


def bench_url(url: str) -> tuple[str, str]:
    """(bench URL, bench db name): same server and credentials, database name + "_bench"."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql", "postgis"):
        raise BenchDbError(
            f"Benchmark membutuhkan PostgreSQL; DATABASE_URL berskema '{parts.scheme}'."
        )
    name = unquote(parts.path.lstrip("/")) or "simutasi"
    bench_name = name + SUFFIX
    return urlunsplit(parts._replace(path="/" + bench_name)), bench_name


def _connect_params(url: str, dbname: str) -> dict:
    p = urlsplit(url)
    params = {"dbname": dbname, "host": p.hostname or "", "port": p.port or 5432,
              "connect_timeout": 3}
    if p.username:
        params["user"] = unquote(p.username)
    if p.password:
        params["password"] = unquote(p.password)
    return params


def server_answers(url: str) -> bool:
    import psycopg2

    try:
        psycopg2.connect(**_connect_params(url, "postgres")).close()
        return True
    except psycopg2.OperationalError:
        return False


def _admin(url):
    import psycopg2

    conn = psycopg2.connect(**_connect_params(url, "postgres"))
    conn.autocommit = True
    return conn


def exists(url: str, name: str) -> bool:
    conn = _admin(url)
    try:
        with conn.cursor() as c:
            c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return c.fetchone() is not None
    finally:
        conn.close()


def recreate(url: str, name: str):
    """DROP and CREATE the bench database `name` (which always ends in _bench)."""
    if not name.endswith(SUFFIX):
        raise BenchDbError(f"Menolak menghapus basis data '{name}': bukan basis data bench.")
    conn = _admin(url)
    try:
        with conn.cursor() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
    finally:
        conn.close()


# --- inside the bench database (Django's connection) ----------------------------------------


def meta_get(key):
    from django.db import connection

    with connection.cursor() as c:
        c.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        c.execute("SELECT value FROM bench_meta WHERE key = %s", [key])
        row = c.fetchone()
    return row[0] if row else None


def meta_set(key, value):
    from django.db import connection

    with connection.cursor() as c:
        c.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        c.execute(
            "INSERT INTO bench_meta VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key, value],
        )


def analyze(*tables):
    """Refresh planner statistics (and clean dead rows when not inside a transaction)."""
    from django.db import connection

    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as c:
        c.execute(f"{verb} " + ", ".join(f'"{t}"' for t in tables))


class Snapshot:
    """Copies of tables taken before a write-heavy benchmark, to put them back afterwards.

    Restore deletes rows added since (and rows elsewhere pointing at them), re-inserts rows
    deleted, and rewrites rows changed, so other tables' references to old rows stay valid.
    Tables are given parents first; restore works children first.
    """

    def __init__(self, *tables):
        from django.db import connection

        self.tables = list(tables)
        self.max_id = {}
        with connection.cursor() as c:
            for t in self.tables:
                c.execute(f'DROP TABLE IF EXISTS "bench_snap_{t}"')
                c.execute(f'CREATE TABLE "bench_snap_{t}" AS TABLE "{t}"')
                c.execute(f'ALTER TABLE "bench_snap_{t}" ADD PRIMARY KEY (id)')
                c.execute(f'SELECT coalesce(max(id), 0) FROM "{t}"')
                self.max_id[t] = c.fetchone()[0]

    def restore(self):
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as c:
            for t in reversed(self.tables):
                for ref_table, ref_col in _referencing(c, t):
                    if ref_table in self.tables:
                        continue
                    c.execute(
                        f'DELETE FROM "{ref_table}" WHERE "{ref_col}" > %s', [self.max_id[t]]
                    )
                c.execute(f'DELETE FROM "{t}" WHERE id > %s', [self.max_id[t]])
            for t in self.tables:
                cols = _columns(c, t)
                collist = ", ".join(f'"{x}"' for x in cols if x != "id")
                srclist = ", ".join(f's."{x}"' for x in cols if x != "id")
                c.execute(
                    f'UPDATE "{t}" AS t SET ({collist}) = ROW({srclist}) '
                    f'FROM "bench_snap_{t}" AS s '
                    f"WHERE t.id = s.id AND ROW(t.*) IS DISTINCT FROM ROW(s.*)"
                )
                c.execute(
                    f'INSERT INTO "{t}" SELECT s.* FROM "bench_snap_{t}" s '
                    f'WHERE NOT EXISTS (SELECT 1 FROM "{t}" x WHERE x.id = s.id)'
                )
        analyze(*self.tables)

    def drop(self):
        from django.db import connection

        with connection.cursor() as c:
            for t in self.tables:
                c.execute(f'DROP TABLE IF EXISTS "bench_snap_{t}"')


def _columns(c, table):
    c.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        [f'"{table}"'],
    )
    return [r[0] for r in c.fetchall()]


def _referencing(c, table):
    """(table, column) pairs with a foreign key to `table`."""
    c.execute(
        """
        SELECT cl.relname, a.attname
        FROM pg_constraint k
        JOIN pg_class cl ON cl.oid = k.conrelid
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'f' AND k.confrelid = %s::regclass
        """,
        [f'"{table}"'],
    )
    return c.fetchall()
