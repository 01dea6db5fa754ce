"""The demo Pemda: a fictional kabupaten with its OPD, positions, employees and logins.

`demo_build(seed=…)` writes it into an empty database (same seed, same data);
`demo_reset()` wipes the employee data (and whatever refers to it) and the demo logins;
`DEMO_AKUN` lists the logins `manage.py demo --akun` prints.
"""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError

from pegawai.models import Jabatan, Pegawai, ProfilPemda, RiwayatJabatan, UnitKerja

from .akun import DEMO_AKUN, DEMO_PASSWORD, AkunDemo
from .build import demo_build
from .orang import TANGGAL_ACUAN
from .unit import NAMA_PEMDA

__all__ = [
    "DEMO_AKUN", "DEMO_PASSWORD", "NAMA_PEMDA", "TANGGAL_ACUAN", "AkunDemo", "demo_ada_data",
    "demo_build", "demo_reset",
]

_INTI = [RiwayatJabatan, Pegawai, UnitKerja, Jabatan]


def demo_ada_data():
    """(units, employees, jabatan) already in the database."""
    return UnitKerja.objects.count(), Pegawai.objects.count(), Jabatan.objects.count()


def _model_bergantung():
    """Models outside pegawai that refer, directly or through others, to the employee data."""
    hasil, antrian = [], list(_INTI)
    while antrian:
        model = antrian.pop(0)
        for rel in model._meta.related_objects:
            lain = rel.related_model
            if lain in _INTI or lain in hasil or lain._meta.auto_created:
                continue
            hasil.append(lain)
            antrian.append(lain)
    return hasil


def demo_reset():
    """Delete every unit, jabatan, employee and history row, what refers to them, and the
    demo logins. Returns the number of demo users deleted."""
    with transaction.atomic():
        tergantung = _model_bergantung()
        if connection.vendor == "postgresql":
            # TRUNCATE also clears append-only history tables whose trigger refuses DELETE
            # (mutasi's RiwayatPermohonan), as `flush` does.
            tabel = ", ".join(
                connection.ops.quote_name(m._meta.db_table) for m in _INTI + tergantung)
            with connection.cursor() as c:
                c.execute(f"TRUNCATE {tabel} RESTART IDENTITY CASCADE")
        else:
            _hapus_berurutan(tergantung)
            RiwayatJabatan.objects.all().delete()
            Pegawai.objects.all().delete()
            UnitKerja.objects.update(induk=None)
            UnitKerja.objects.all().delete()
            Jabatan.objects.all().delete()
        # The Pemda's profile goes too: the next use starts again from the settings.
        ProfilPemda.objects.all().delete()
        dihapus = 0
        for a in DEMO_AKUN:
            try:
                with transaction.atomic():
                    dihapus += get_user_model().objects.filter(username=a.username).delete()[
                        1].get(get_user_model()._meta.label, 0)
            except (ProtectedError, RestrictedError):
                pass  # still referenced elsewhere: kept, and reused by the next build
    return dihapus


def _hapus_berurutan(models):
    """Delete all rows of `models`, retrying those a PROTECT reference holds back."""
    sisa = list(models)
    while sisa:
        tertahan = []
        for m in reversed(sisa):
            try:
                with transaction.atomic():
                    m._base_manager.all().delete()
            except (ProtectedError, RestrictedError):
                tertahan.append(m)
        if len(tertahan) == len(sisa):
            nama = ", ".join(str(m._meta.verbose_name) for m in sisa)
            raise ProtectedError(
                f"Data demo tidak bisa dihapus: {nama} masih dirujuk data lain.", set())
        sisa = tertahan
