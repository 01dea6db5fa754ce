"""`python manage.py impor_pegawai FILE [--jenis pegawai|unit|jabatan]`: the import, inline."""

import os

from django.core.management.base import BaseCommand, CommandError

from pegawai.impor import JENIS_IMPOR, impor_file


class Command(BaseCommand):
    help = ("Impor pegawai, unit kerja atau jabatan dari berkas .xlsx/.csv (semua atau tidak "
            "sama sekali). Keluar dengan kode 1 dan mencetak setiap kesalahan bila ada.")

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas .xlsx atau .csv")
        parser.add_argument("--jenis", choices=JENIS_IMPOR, default="pegawai",
                            help="jenis data (bawaan: pegawai)")

    def handle(self, *args, berkas, jenis, **options):
        if not os.path.isfile(berkas):
            raise CommandError(f"Berkas tidak ditemukan: {berkas}")
        verbosity = options.get("verbosity", 1)

        def progress(tahap, fraksi, baris):
            if verbosity >= 2:
                self.stdout.write(f"  {tahap}: {fraksi:.0%} ({baris} baris)")

        hasil = impor_file(fileobj_or_path=berkas, nama_file=os.path.basename(berkas),
                           jenis=jenis, progress=progress)
        if not hasil.berhasil:
            raise hasil.gagal_perintah(self.stderr, "Impor")
        self.stdout.write(self.style.SUCCESS(
            f"Impor {jenis} selesai: {hasil.total_baris} baris; {hasil.baru} baru, "
            f"{hasil.diubah} diubah, {hasil.tetap} tidak berubah ({hasil.detik:.1f} detik)."
        ))
