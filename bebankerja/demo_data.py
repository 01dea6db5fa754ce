"""ABK for the demo Pemda, so its dashboard tells the seeds' story.

Dinas Kesehatan and its puskesmas are short of health staff (more work than people, some
posts empty), Dinas Perhubungan has more pelaksana than work, most units lie in between.
The Dinas Kesehatan unit itself carries the worked example of docs/domain.md to the decimal.
Called by `manage.py demo` after the employees exist (pegawai cannot import this app).
"""

import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from pegawai.models import Jabatan, Pegawai, UnitKerja

from . import abk, hitung, services
from .models import PeriodeAbk, TugasJabatan

CONTOH_DINKES = {
    "Pengelola Layanan Kesehatan": [
        ("Memverifikasi laporan puskesmas", "laporan", 1200, 45),
        ("Menyusun rekap data kesehatan", "rekap", 48, 480),
        ("Memproses berkas izin praktik", "berkas", 2400, 30),
    ],
    "Pengadministrasi Umum": [
        ("Mengagendakan surat masuk", "surat", 6000, 5),
        ("Mengarsipkan dokumen", "dokumen", 3000, 10),
    ],
}

TUGAS = {
    "struktural": [
        ("Menyusun rencana kerja dan anggaran", "dokumen", 600),
        ("Memimpin rapat koordinasi", "kegiatan", 120),
        ("Memeriksa dan menandatangani naskah dinas", "naskah", 10),
        ("Mengevaluasi kinerja bawahan", "laporan", 240),
    ],
    "pelaksana": [
        ("Mengagendakan surat masuk dan keluar", "surat", 5),
        ("Mengarsipkan dokumen", "dokumen", 10),
        ("Menginput data ke aplikasi", "data", 15),
        ("Melayani permohonan masyarakat", "berkas", 30),
        ("Menyusun laporan bulanan", "laporan", 240),
    ],
    "kesehatan": [
        ("Memberikan pelayanan pemeriksaan pasien", "pasien", 20),
        ("Melakukan kunjungan rumah", "kunjungan", 90),
        ("Menyusun laporan pelayanan kesehatan", "laporan", 180),
    ],
    "guru": [
        ("Melaksanakan pembelajaran tatap muka", "jam pelajaran", 45),
        ("Menilai hasil belajar", "dokumen", 30),
        ("Menyusun perangkat ajar", "dokumen", 240),
    ],
    "fungsional": [
        ("Menyusun kajian dan analisis", "dokumen", 1200),
        ("Melaksanakan kegiatan sesuai butir jabatan", "kegiatan", 180),
        ("Menyusun laporan kegiatan", "laporan", 240),
    ],
}
KATA_KESEHATAN = ("dokter", "perawat", "bidan", "kesehatan", "apoteker", "sanitarian",
                  "nutrisionis", "epidemiolog", "gizi", "farmasi", "laboratorium", "radiografer")
STRUKTURAL = {"jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"}


def _jenis_tugas(jabatan):
    nama = jabatan.nama.lower()
    if jabatan.jenis in STRUKTURAL:
        return "struktural"
    if any(k in nama for k in KATA_KESEHATAN):
        return "kesehatan"
    if "guru" in nama:
        return "guru"
    return "pelaksana" if jabatan.jenis == "pelaksana" else "fungsional"


def _subtree(units, nama):
    root = next((u for u in units.values() if u.nama == nama and u.kedalaman == 1), None)
    return (root, root.path) if root else (None, "\0")


def build(*, seed=2026):
    """Create periode 2026 with tasks for every post, compute the snapshot; returns a line."""
    rng = random.Random(seed * 7 + 3)
    units = {u.pk: u for u in UnitKerja.objects.all()}
    jabatan = {j.pk: j for j in Jabatan.objects.all()}
    dinkes, dinkes_path = _subtree(units, "Dinas Kesehatan")
    _dishub, dishub_path = _subtree(units, "Dinas Perhubungan")
    bezetting = {
        (u, j): n
        for u, j, n in Pegawai.objects.filter(aktif=True)
        .values_list("unit_id", "jabatan_id")
        .annotate(n=Count("id"))
    }
    # Posts that exist on paper but are empty: a doctor in every puskesmas that has none.
    dokter = next((j for j in jabatan.values() if j.nama.lower().startswith("dokter")), None)
    if dokter:
        for u in units.values():
            if u.jenis == "puskesmas" and (u.pk, dokter.pk) not in bezetting:
                bezetting[(u.pk, dokter.pk)] = 0

    wke = abk.DEFAULT_SETTINGS.wke_menit
    with transaction.atomic():
        periode = PeriodeAbk.objects.filter(tahun=2026).first() or services.periode_save(
            periode=PeriodeAbk(tahun=2026, aktif=True), aktor=None
        )
        TugasJabatan.objects.filter(periode=periode).delete()
        tugas = []
        for (uid, jid), n in sorted(bezetting.items()):
            unit, jab = units[uid], jabatan[jid]
            if dinkes and uid == dinkes.pk and jab.nama in CONTOH_DINKES:
                rows = [(ur, sat, Decimal(vol), Decimal(norma))
                        for ur, sat, vol, norma in CONTOH_DINKES[jab.nama]]
            else:
                jenis = _jenis_tugas(jab)
                if unit.jabatan_kepala_id == jid:
                    faktor = rng.uniform(0.95, 1.05)
                elif unit.path.startswith(dinkes_path) and jenis == "kesehatan":
                    faktor = rng.uniform(1.5, 2.3)
                elif unit.path.startswith(dishub_path) and jenis == "pelaksana":
                    faktor = rng.uniform(0.35, 0.6)
                else:
                    faktor = rng.uniform(0.65, 1.05)
                target = Decimal(faktor) * wke * max(n, 1)
                pilihan = rng.sample(TUGAS[jenis], k=min(len(TUGAS[jenis]), rng.randint(2, 3)))
                bagian = [rng.uniform(0.5, 1.5) for _ in pilihan]
                total = sum(bagian)
                rows = []
                for (ur, sat, norma), b in zip(pilihan, bagian, strict=True):
                    volume = max(1, round(target * Decimal(b / total) / norma))
                    rows.append((ur, sat, Decimal(volume), Decimal(norma)))
            for i, (ur, sat, vol, norma) in enumerate(rows, start=1):
                tugas.append(TugasJabatan(
                    periode=periode, unit_id=uid, jabatan_id=jid, uraian=ur, satuan_hasil=sat,
                    volume=vol, norma_waktu=norma, beban_menit=abk.beban_tugas(vol, norma),
                    urutan=i,
                ))
        TugasJabatan.objects.bulk_create(tugas, batch_size=2000)
    hitung.balance_recompute(periode=periode)
    return f"ABK periode 2026: {len(tugas)} uraian tugas untuk {len(bezetting)} jabatan × unit."
