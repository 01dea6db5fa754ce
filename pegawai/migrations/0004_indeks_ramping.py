# Slimmer indexes for the employee import (docs/impor.md, "Kecepatan").

import django.db.models.deletion
from django.db import migrations, models


# Leave 10 % of each page free so updates that touch no indexed column (a promotion, closing a
# post in the history) stay on their page as HOT updates and write no index entries.
TABEL = ("pegawai_pegawai", "pegawai_riwayatjabatan")


def fillfactor(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for t in TABEL:
            schema_editor.execute(f"ALTER TABLE {t} SET (fillfactor = 90)")


def fillfactor_balik(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for t in TABEL:
            schema_editor.execute(f"ALTER TABLE {t} RESET (fillfactor)")


class Migration(migrations.Migration):

    dependencies = [
        ('pegawai', '0003_nama_trigram'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='pegawai',
            name='pegawai_golongan',
        ),
        migrations.AlterField(
            model_name='pegawai',
            name='unit',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='pegawai', to='pegawai.unitkerja', verbose_name='unit kerja'),
        ),
        migrations.AlterField(
            model_name='riwayatjabatan',
            name='pegawai',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='riwayat', to='pegawai.pegawai', verbose_name='pegawai'),
        ),
        migrations.RunPython(fillfactor, fillfactor_balik),
    ]
