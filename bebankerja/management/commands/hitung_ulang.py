"""manage.py hitung_ulang [--unit KODE ...] [--periode TAHUN]: recompute the ABK snapshot."""

from django.core.management.base import BaseCommand, CommandError

from bebankerja import hitung, selectors
from bebankerja.models import PeriodeAbk
from pegawai.models import UnitKerja


class Command(BaseCommand):
    help = (
        "Menghitung ulang snapshot ABK (kebutuhan, bezetting, selisih, EJ/EU, indeks Pemda). "
        "Tanpa --unit: seluruh unit pada periode aktif (atau --periode) dan antrean unit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", nargs="+", metavar="KODE", help="kode unit kerja")
        parser.add_argument("--periode", type=int, metavar="TAHUN",
                            help="tahun periode ABK (bawaan: periode aktif)")

    def handle(self, *args, unit=None, periode=None, **options):
        if periode is not None:
            obj = PeriodeAbk.objects.filter(tahun=periode).first()
            if obj is None:
                raise CommandError(f"Periode ABK {periode} tidak ada.")
        else:
            obj = selectors.periode_aktif()
            if obj is None:
                raise CommandError(
                    "Belum ada periode ABK yang aktif; aktifkan satu di admin atau pakai --periode."
                )
        if unit:
            kode = sorted(set(unit))
            found = dict(UnitKerja.objects.filter(kode__in=kode).values_list("kode", "pk"))
            missing = [k for k in kode if k not in found]
            if missing:
                raise CommandError(f"Unit kerja tidak ditemukan: {', '.join(missing)}.")
            hasil = hitung.balance_recompute_units(unit_ids=found.values(), periode_id=obj.pk)
        else:
            if obj.aktif:
                hitung.balance_recompute_pending()
            hasil = hitung.balance_recompute(periode=obj)
        self.stdout.write(
            f"ABK {hasil.tahun}: {hasil.unit} unit, {hasil.jabatan} baris unit × jabatan dihitung"
            f"{'; indeks Pemda berubah' if hasil.indeks_berubah else ''}."
        )
