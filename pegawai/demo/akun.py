"""The demo logins: one per role, all with the same published password."""

from dataclasses import dataclass

DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class AkunDemo:
    username: str
    peran: str
    keterangan: str
    unit: str = ""  # name of the unit the linked employee works in ("" = no employee)
    jabatan: str = ""
    staf: bool = False
    superuser: bool = False
    bkd: bool = False


DEMO_AKUN = [
    AkunDemo("admin", "Admin", "Superuser, mengelola seluruh aplikasi; tanpa data pegawai",
             staf=True, superuser=True),
    AkunDemo("bkd", "Staf BKD", "Analis SDM di BKPSDM: memproses mutasi, mengelola data induk",
             unit="Bidang Mutasi dan Promosi", jabatan="Analis SDM Aparatur Ahli Muda",
             staf=True, bkd=True),
    AkunDemo("kadinkes", "Kepala Unit", "Kepala Dinas Kesehatan",
             unit="Dinas Kesehatan", jabatan="Kepala Dinas"),
    AkunDemo("kadishub", "Kepala Unit", "Kepala Dinas Perhubungan",
             unit="Dinas Perhubungan", jabatan="Kepala Dinas"),
    AkunDemo("kapuskesmas", "Kepala Unit", "Kepala Puskesmas Marelan (di bawah Dinas Kesehatan)",
             unit="Puskesmas Marelan", jabatan="Kepala Puskesmas"),
    AkunDemo("pegawai", "Pegawai", "Pelaksana di Dinas Kesehatan",
             unit="Dinas Kesehatan", jabatan="Pengadministrasi Umum"),
    AkunDemo("pegawai2", "Pegawai", "Pelaksana di Dinas Perhubungan",
             unit="Dinas Perhubungan", jabatan="Pengadministrasi Umum"),
]
