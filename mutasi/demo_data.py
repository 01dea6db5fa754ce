"""Planner data for the demo Pemda (called by `manage.py demo` after the ABK exists).

Fields of study on a few jabatan and on every employee, willing employees with preferred
units, two groups of interchangeable pelaksana, and a saved plan with its scenario.
"""

import random

from django.db import transaction
from django.utils import timezone

from bebankerja.models import PeriodeAbk, SnapshotJabatan
from pegawai.models import Jabatan, Pegawai

from .models import GrupJabatanSetara, RencanaMutasi
from .perencana import data, layanan

RUMPUN_JABATAN = {"PLK.06": "Kesehatan", "PLK.03": "Keuangan", "PLK.05": "Keuangan"}
KESEHATAN = ("Perawat", "Bidan", "Dokter", "Apoteker", "Kesehatan", "Nutrisionis",
             "Sanitarian", "Perekam Medis", "Radiografer", "Fisioterapis", "Epidemiolog",
             "Puskesmas")
RUMPUN_LAIN = ["Administrasi", "Ekonomi", "Hukum", "Teknik", "Sosial", "Kesehatan"]
GRUP = {
    "Pelaksana kelas 5 (administrasi dan layanan)": (
        "Pengadministrasi dan petugas layanan kelas 5: pendidikan SMA, tugas umum.",
        ["PLK.01", "PLK.02", "PLK.12", "PLK.13", "PLK.26"]),
    "Pelaksana kelas 7 (pengelola)": (
        "Pengelola kelas 7; Pengelola Layanan Kesehatan hanya untuk rumpun Kesehatan.",
        ["PLK.03", "PLK.05", "PLK.06", "PLK.21", "PLK.27", "PLK.29"]),
}


def build(seed=2026):
    rng = random.Random(seed + 13)
    with transaction.atomic():
        for kode, rumpun in RUMPUN_JABATAN.items():
            Jabatan.objects.filter(kode=kode).update(rumpun=rumpun)
        jab_nama = dict(Jabatan.objects.values_list("id", "nama"))
        orang = list(Pegawai.objects.filter(aktif=True).values_list("id", "jabatan_id"))
        per_rumpun = {}
        for pid, jid in orang:
            nama = jab_nama[jid]
            rumpun = ("Kesehatan" if any(k in nama for k in KESEHATAN)
                      else "Keuangan" if "Keuangan" in nama or "Bendahara" in nama
                      else rng.choice(RUMPUN_LAIN))
            per_rumpun.setdefault(rumpun, []).append(pid)
        for rumpun, ids in per_rumpun.items():
            Pegawai.objects.filter(pk__in=ids).update(rumpun=rumpun)
        GrupJabatanSetara.objects.filter(nama__in=GRUP).delete()
        for nama, (ket, kode) in GRUP.items():
            g = GrupJabatanSetara.objects.create(nama=nama, keterangan=ket)
            g.jabatan.set(Jabatan.objects.filter(kode__in=kode))
        periode = PeriodeAbk.objects.filter(aktif=True).first()
        kurang = {}
        if periode:
            for u, j in SnapshotJabatan.objects.filter(periode=periode, selisih__lt=0) \
                    .values_list("unit_id", "jabatan_id"):
                kurang.setdefault(j, []).append(u)
        bersedia = [pid for pid, _j in orang if rng.random() < 0.15]
        Pegawai.objects.filter(pk__in=bersedia).update(bersedia_mutasi=True)
        through = Pegawai.unit_pilihan.through
        jab_of = dict(orang)
        pilihan = []
        for pid in bersedia:
            units = kurang.get(jab_of[pid], [])
            if units and rng.random() < 0.6:
                for u in rng.sample(units, k=min(len(units), rng.randint(1, 2))):
                    pilihan.append(through(pegawai_id=pid, unitkerja_id=u))
        through.objects.bulk_create(pilihan, ignore_conflicts=True)
    if periode is None:
        return "Perencana: tidak ada periode ABK aktif, rencana demo tidak dibuat."
    hari = timezone.localdate()
    opsi = data.OpsiRencana(tanggal=hari, tahun_horizon=hari.year + 2)
    rencana = RencanaMutasi.objects.create(periode=periode, tahun_horizon=opsi.tahun_horizon,
                                           opsi=opsi.ke_json())
    skenario = layanan.rencana_jalankan(rencana_id=rencana.pk)
    rencana.refresh_from_db()
    if skenario is not None:
        skenario.nama = f"Rencana demo (ABK {periode.tahun}, proyeksi {opsi.tahun_horizon})"
        skenario.save(update_fields=["nama"])
    return (f"Perencana: {len(bersedia)} pegawai bersedia dimutasi ({len(pilihan)} unit "
            f"pilihan), {len(GRUP)} grup jabatan setara, rencana #{rencana.pk} "
            f"{rencana.get_status_display().lower()}: {skenario.pindah.count() if skenario else 0}"
            f" pindah, rasio {rencana.rasio or 0:.3f}.")
