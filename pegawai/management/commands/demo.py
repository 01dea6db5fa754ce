"""`manage.py demo`: build the demo Pemda, rebuild it, or print its logins."""

import importlib

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from pegawai.demo import (
    DEMO_AKUN,
    DEMO_PASSWORD,
    NAMA_PEMDA,
    demo_ada_data,
    demo_build,
    demo_reset,
)


class Command(BaseCommand):
    help = (
        "Membangun data demo Pemda (unit kerja, jabatan, ±3.000 pegawai, akun per peran) ke "
        "basis data yang masih kosong. Seed yang sama menghasilkan data yang sama."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026,
                            help="Seed pembangkit acak (bawaan 2026).")
        parser.add_argument("--reset", action="store_true",
                            help="Hapus dulu semua data pegawai, unit, jabatan dan akun demo.")
        parser.add_argument("--jika-kosong", action="store_true", dest="jika_kosong",
                            help="Bangun hanya bila belum ada unit kerja maupun pegawai.")
        parser.add_argument("--akun", action="store_true",
                            help="Cetak daftar akun demo (peran, username, kata sandi, unit).")
        parser.add_argument("--paksa", action="store_true",
                            help="Izinkan berjalan walau DJANGO_DEBUG=False.")

    def handle(self, *args, **opts):
        membangun = opts["reset"] or opts["jika_kosong"] or not opts["akun"]
        if membangun:
            self._bangun(opts)
        if opts["akun"]:
            self._cetak_akun()

    def _bangun(self, opts):
        if not settings.DEBUG and not opts["paksa"]:
            raise CommandError(
                "Demo tidak dijalankan karena DJANGO_DEBUG=False: akun demo memakai kata sandi "
                "yang diketahui umum. Tambahkan --paksa bila ini memang server demo."
            )
        n_unit, n_pegawai, n_jabatan = demo_ada_data()
        ada = n_unit or n_pegawai or n_jabatan
        isi = f"{n_unit} unit kerja, {n_pegawai} pegawai, {n_jabatan} jabatan"
        if opts["reset"]:
            if ada:
                self.stdout.write(f"Menghapus {isi} beserta data yang merujuknya…")
            demo_reset()
        elif ada:
            if opts["jika_kosong"]:
                self.stdout.write(f"Data sudah ada, demo tidak dimuat ulang ({isi}).")
                return
            raise CommandError(
                f"Basis data sudah berisi {isi}; demo hanya dibangun ke basis data kosong. "
                "Pakai --reset untuk menghapus semuanya dan membangun ulang."
            )
        self.stdout.write(f"Membangun demo {NAMA_PEMDA} (seed {opts['seed']})…")
        r = demo_build(seed=opts["seed"])
        self.stdout.write(self.style.SUCCESS(
            f"Selesai dalam {r['detik']} detik: {r['opd']} OPD, {r['unit']} unit kerja, "
            f"{r['jabatan']} jabatan, {r['pegawai_aktif']} pegawai aktif (PPPK {r['pppk']}, "
            f"CPNS {r['cpns']}), {r['pensiun']} pensiun, {r['riwayat']} riwayat jabatan."
        ))
        # Higher apps add their own demo data (ABK, …) through a `demo_data.build(seed=)`
        # module; pegawai cannot import them (dependencies flow mutasi → bebankerja → pegawai).
        for app in apps.get_app_configs():
            if app.name == "pegawai":
                continue
            try:
                modul = importlib.import_module(f"{app.name}.demo_data")
            except ModuleNotFoundError as e:
                if e.name != f"{app.name}.demo_data":
                    raise
                continue
            self.stdout.write(self.style.SUCCESS(modul.build(seed=opts["seed"])))
        if r["akun_lama"]:
            self.stdout.write(self.style.WARNING(
                "Akun yang sudah ada sebelumnya, kata sandinya tidak diubah: "
                + ", ".join(r["akun_lama"])
            ))
        if not opts["akun"]:
            self.stdout.write("Daftar akun demo: python manage.py demo --akun")

    def _cetak_akun(self):
        users = {
            u.username: u
            for u in get_user_model().objects.filter(
                username__in=[a.username for a in DEMO_AKUN]
            ).select_related("pegawai__jabatan", "pegawai__unit")
        }
        # Accounts made by the demo share one password hash: check it once, not per user.
        cocok = {}
        baris = []
        for a in DEMO_AKUN:
            u = users.get(a.username)
            if u is None:
                sandi = "(akun belum ada)"
            else:
                if u.password not in cocok:
                    cocok[u.password] = u.check_password(DEMO_PASSWORD)
                sandi = DEMO_PASSWORD if cocok[u.password] else "(bukan sandi demo)"
            p = getattr(u, "pegawai", None) if u else None
            siapa = f"{p.nama_lengkap} – {p.jabatan}" if p else a.keterangan
            baris.append((a.peran, a.username, sandi, siapa, p.unit.nama if p else "–"))
        judul = ("Peran", "Username", "Kata sandi", "Siapa", "Unit kerja")
        lebar = [max(len(str(r[i])) for r in [judul, *baris]) for i in range(len(judul))]
        masuk = settings.SITE_URL.rstrip("/") + reverse("login")
        self.stdout.write(f"\nAkun demo (masuk di {masuk}):")
        for r in [judul, tuple("-" * n for n in lebar), *baris]:
            teks = "  ".join(str(v).ljust(n) for v, n in zip(r, lebar, strict=True))
            self.stdout.write("  " + teks.rstrip())
        self.stdout.write("")
