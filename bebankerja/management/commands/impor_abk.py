"""`python manage.py impor_abk FILE [--tahun YYYY]`: import ABK tasks, all or nothing."""

import os

from django.core.management.base import BaseCommand, CommandError

from bebankerja.impor_abk import impor_abk
from bebankerja.models import PeriodeAbk


class Command(BaseCommand):
    help = ("Impor uraian tugas ABK dari berkas .xlsx/.csv ke periode aktif (atau --tahun). "
            "Tugas setiap pasangan kode_unit + kode_jabatan di berkas diganti; pasangan lain "
            "tidak berubah. Semua atau tidak sama sekali: bila ada kesalahan, setiap kesalahan "
            "dicetak dan perintah keluar dengan kode 1.")

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas .xlsx atau .csv")
        parser.add_argument("--tahun", type=int, metavar="TTTT",
                            help="tahun periode ABK (bawaan: periode aktif)")

    def handle(self, *args, berkas, tahun=None, **options):
        if not os.path.isfile(berkas):
            raise CommandError(f"Berkas tidak ditemukan: {berkas}")
        periode = None
        if tahun is not None:
            periode = PeriodeAbk.objects.filter(tahun=tahun).first()
            if periode is None:
                raise CommandError(f"Periode ABK {tahun} tidak ada; buat dahulu di halaman "
                                   "Periode ABK.")
        hasil = impor_abk(fileobj_or_path=berkas, nama_file=os.path.basename(berkas),
                          periode=periode)
        if not hasil.berhasil:
            raise hasil.gagal_perintah(self.stderr, "Impor ABK")
        self.stdout.write(self.style.SUCCESS(
            f"Impor ABK {hasil.tahun} selesai: {hasil.total_baris} baris; {hasil.pasangan} "
            f"pasangan unit × jabatan diganti dengan {hasil.tugas} tugas ({hasil.diganti} "
            f"tugas lama dihapus) di {hasil.unit} unit ({hasil.detik:.1f} detik)."
        ))
