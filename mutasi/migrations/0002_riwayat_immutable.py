"""RiwayatPermohonan is append-only: the database refuses UPDATE and DELETE of its rows.

PostgreSQL: a BEFORE UPDATE OR DELETE trigger; TRUNCATE (`flush`, test teardown) is not
affected. SQLite: UPDATE only, because `flush` on SQLite deletes rows one by one; a later
migration that rebuilds the table on SQLite drops the trigger, and the test
`test_history_rows_cannot_be_updated_in_the_database` then fails.
"""

from django.db import migrations

PESAN = "riwayat permohonan tidak boleh diubah atau dihapus"

PG_UP = f"""
CREATE OR REPLACE FUNCTION mutasi_riwayat_tolak_ubah() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{PESAN}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER mutasi_riwayat_immutable
    BEFORE UPDATE OR DELETE ON mutasi_riwayatpermohonan
    FOR EACH ROW EXECUTE FUNCTION mutasi_riwayat_tolak_ubah();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS mutasi_riwayat_immutable ON mutasi_riwayatpermohonan;
DROP FUNCTION IF EXISTS mutasi_riwayat_tolak_ubah();
"""
SQLITE_UP = [
    f"""CREATE TRIGGER mutasi_riwayat_no_update BEFORE UPDATE ON mutasi_riwayatpermohonan
    BEGIN SELECT RAISE(ABORT, '{PESAN}'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS mutasi_riwayat_no_update;",
]


def _run(apps, schema_editor, *, up):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP if up else PG_DOWN)
    elif vendor == "sqlite":
        for sql in SQLITE_UP if up else SQLITE_DOWN:
            schema_editor.execute(sql)


def forwards(apps, schema_editor):
    _run(apps, schema_editor, up=True)


def backwards(apps, schema_editor):
    _run(apps, schema_editor, up=False)


class Migration(migrations.Migration):
    dependencies = [("mutasi", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
