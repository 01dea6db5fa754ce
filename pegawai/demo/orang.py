"""One demo employee's personal data and career, drawn from a seeded Random.

Pure Python (no database): ages, TMT CPNS, education, golongan and the posts before the
current one, consistent with the NIP rules (nip.py) and with each other.
"""

import datetime as dt

from pegawai.models import BUP, BUP_BAKU, GOLONGAN_PNS
from pegawai.models import JenisJabatan as J

from .nama import gelar_acak, nama_acak

# The demo's "today": fixed so that the same seed gives the same data on any day.
TANGGAL_ACUAN = dt.date(2026, 10, 1)

GOL = [kode for kode, _pangkat in GOLONGAN_PNS]
ENTRY = {"SD": 0, "SMP": 2, "SMA": 4, "D1": 4, "D2": 5, "D3": 6, "D4": 8, "S1": 8, "S2": 9,
         "S3": 10}
PLAFON_PELAKSANA = {"SD": 4, "SMP": 6, "SMA": 9, "D1": 9, "D2": 9, "D3": 10, "D4": 11,
                    "S1": 11, "S2": 12, "S3": 13}
RENTANG_GOL = {
    J.PEMULA: (4, 5), J.TERAMPIL: (6, 7), J.MAHIR: (8, 9), J.PENYELIA: (10, 11),
    J.AHLI_PERTAMA: (8, 9), J.AHLI_MUDA: (10, 11), J.AHLI_MADYA: (12, 14),
    J.AHLI_UTAMA: (15, 16), J.PENGAWAS: (9, 12), J.ADMINISTRATOR: (11, 13),
    J.JPT_PRATAMA: (12, 15), J.JPT_MADYA: (14, 16), J.JPT_UTAMA: (15, 16),
}
GOL_PPPK = {
    J.PEMULA: "V", J.TERAMPIL: "VII", J.MAHIR: "VIII", J.PENYELIA: "IX", J.AHLI_PERTAMA: "IX",
    J.AHLI_MUDA: "X", J.AHLI_MADYA: "XI", J.AHLI_UTAMA: "XIII",
}
GOL_PPPK_PELAKSANA = {"SD": "I", "SMP": "III", "SMA": "V", "D1": "V", "D2": "VI", "D3": "VII",
                      "D4": "IX", "S1": "IX", "S2": "X", "S3": "XI"}
# Years of service (min, max) a holder of each kind of position plausibly has.
MASA_KERJA = {
    J.JPT_PRATAMA: (20, 32), J.ADMINISTRATOR: (14, 30), J.PENGAWAS: (9, 30),
    J.AHLI_UTAMA: (24, 34), J.AHLI_MADYA: (16, 32), J.AHLI_MUDA: (8, 28), J.AHLI_PERTAMA: (2, 20),
    J.PENYELIA: (14, 32), J.MAHIR: (7, 28), J.TERAMPIL: (2, 22), J.PEMULA: (2, 8),
    J.PELAKSANA: (2, 34),
}
LAMA_MENJABAT = {J.JPT_PRATAMA: 5, J.ADMINISTRATOR: 6, J.PENGAWAS: 8, J.PELAKSANA: 12}
URUTAN_PENDIDIKAN = ["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"]
STRUKTURAL = {J.JPT_UTAMA, J.JPT_MADYA, J.JPT_PRATAMA, J.ADMINISTRATOR, J.PENGAWAS}
CALON_PPPK = {"Guru": 0.28, "Perawat": 0.3, "Bidan": 0.3, "Penyuluh Pertanian": 0.3,
              "Nutrisionis": 0.25, "Sanitarian": 0.25, "Pranata Laboratorium Kesehatan": 0.25,
              "Asisten Apoteker": 0.25, "Perekam Medis": 0.25, "Dokter": 0.1,
              "Penyuluh Keluarga Berencana": 0.3, "Polisi Pamong Praja": 0.1,
              "Pemadam Kebakaran": 0.2}
LAKI_LAKI = {"Pengemudi": 0.97, "Petugas Keamanan": 0.95, "Operator Alat Berat": 0.98,
             "Pemadam Kebakaran": 0.95, "Pengatur Lalu Lintas": 0.9, "Petugas Retribusi Parkir":
             0.85, "Polisi Pamong Praja": 0.8, "Bidan": 0.0, "Perawat": 0.3, "Guru": 0.35,
             "Penguji Kendaraan Bermotor": 0.85, "Petugas Kebersihan": 0.7}
TANPA_KURANG = {"Dokter", "Dokter Gigi", "Bidan", "Apoteker", "Kepala Sekolah"}


def _add_years(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def _tanggal(rng, tahun):
    return dt.date(tahun, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _bulan_tmt(rng):
    return rng.choice([1, 1, 3, 3, 4, 10, 12, rng.randint(1, 12)])


def pilih_pendidikan(rng, jab, keluarga):
    """Mostly the minimum or above; a few below it (competence-fit cases)."""
    minimal = jab["pendidikan_minimal"]
    jenis = jab["jenis"]
    r = rng.random()
    if keluarga not in TANPA_KURANG and jenis not in (J.JPT_PRATAMA,) and r < 0.04:
        i = URUTAN_PENDIDIKAN.index(minimal)
        bawah = {"S1": "D3", "D4": "D3", "D3": "SMA", "SMA": "SMP", "SMP": "SD"}
        if keluarga == "Guru":
            return "D2"
        return bawah.get(minimal, URUTAN_PENDIDIKAN[max(i - 1, 0)])
    r = rng.random()
    if jenis == J.JPT_PRATAMA:
        return "S2" if r < 0.8 else ("S3" if r < 0.88 else "S1")
    if jenis == J.ADMINISTRATOR:
        return "S2" if r < 0.55 else "S1"
    if jenis == J.PENGAWAS:
        return "S1" if r < 0.65 else ("S2" if r < 0.85 else ("D4" if r < 0.9 else minimal))
    if keluarga in ("Dokter", "Dokter Gigi"):
        return "S2" if jenis in (J.AHLI_MADYA, J.AHLI_UTAMA) or (
            jenis == J.AHLI_MUDA and r < 0.4) else "S1"
    if minimal in ("S1", "D4"):
        s2 = {J.AHLI_MADYA: 0.55, J.AHLI_UTAMA: 0.8}.get(jenis, 0.2)
        return "S2" if r < s2 else ("S3" if jenis == J.AHLI_UTAMA and r > 0.9 else minimal)
    if minimal == "S2":
        return "S3" if r < 0.15 else "S2"
    if minimal == "D3":
        return "D3" if r < 0.75 else ("D4" if r < 0.8 else "S1")
    if minimal == "SMA":
        return "SMA" if r < 0.7 else ("D3" if r < 0.8 else ("S1" if r < 0.98 else "D1"))
    if minimal == "SMP":
        return "SMP" if r < 0.6 else "SMA"
    return "SD" if r < 0.5 else ("SMP" if r < 0.8 else "SMA")


def _golongan_pns(jab, pendidikan, masa_kerja, cpns):
    idx = ENTRY[pendidikan]
    if cpns:
        return GOL[idx]
    idx += masa_kerja // 4
    if jab["jenis"] == J.PELAKSANA:
        return GOL[min(idx, PLAFON_PELAKSANA[pendidikan])]
    lo, hi = RENTANG_GOL[jab["jenis"]]
    return GOL[max(lo, min(idx, hi))]


def orang(rng, jab, keluarga, *, rumpun, rsud=False, pensiun=False, akun=False):
    """Personal data and dates of one employee holding `jab` (a catalogue row as a dict).

    `akun`: a demo login's employee, kept eligible for a transfer request (PNS, 3+ years in
    post, well before retirement, no discipline case or study leave).
    """
    jenis = jab["jenis"]
    bup = BUP.get(jenis, BUP_BAKU)
    if keluarga == "Guru" or keluarga == "Kepala Sekolah":
        bup = max(bup, 58)
    p_laki = LAKI_LAKI.get(keluarga, 0.75 if jenis in STRUKTURAL else 0.5)
    jk = "L" if rng.random() < p_laki else "P"
    pendidikan = pilih_pendidikan(rng, jab, keluarga)
    if akun and URUTAN_PENDIDIKAN.index(pendidikan) < URUTAN_PENDIDIKAN.index(
            jab["pendidikan_minimal"]):
        pendidikan = jab["pendidikan_minimal"]

    r = rng.random()
    p_pppk = 0.0 if jenis in STRUKTURAL or keluarga == "Kepala Sekolah" else CALON_PPPK.get(
        keluarga, 0.1 if jenis == J.PELAKSANA else 0.08)
    status = "PNS"
    if not (akun or pensiun):
        if r < p_pppk:
            status = "PPPK"
        elif jenis in (J.PELAKSANA, J.AHLI_PERTAMA, J.TERAMPIL, J.PEMULA) and r > 0.96:
            status = "CPNS"

    umur_masuk_min = {"SD": 19, "SMP": 19, "SMA": 19, "D1": 20, "D2": 21, "D3": 21}.get(
        pendidikan, 23)
    lo, hi = MASA_KERJA[jenis]
    if keluarga == "Kepala Sekolah":
        lo, hi = 15, 30
    if akun:
        lo, hi = (max(lo, 12), max(lo, 12) + 6) if jenis in STRUKTURAL else (11, 18)

    if status == "PPPK":
        tahun = rng.choice([2021, 2022, 2022, 2023, 2024, 2024, 2025])
        # Still below BUP on the demo's today.
        umur_masuk = rng.randint(max(umur_masuk_min, 23), bup - 2 - (TANGGAL_ACUAN.year - tahun))
        lahir = _tanggal(rng, tahun - umur_masuk)
        mulai = dt.date(tahun, rng.choice([1, 1, 3, 4, 7]), 1)
        cpns = False
    elif status == "CPNS":
        mulai = dt.date(2025, rng.choice([10, 10, 12]), 1)
        umur_masuk = rng.randint(umur_masuk_min, 35)
        lahir = _tanggal(rng, mulai.year - umur_masuk)
        cpns = True
    else:
        cpns = False
        if pensiun:
            umur = rng.randint(bup, bup + 3)
            lahir = _tanggal(rng, TANGGAL_ACUAN.year - umur - 1)
            umur_masuk = rng.randint(umur_masuk_min, 30)
            tahun_cpns = lahir.year + umur_masuk
        else:
            for _ in range(30):
                umur_masuk = rng.randint(umur_masuk_min, 35)
                masa = rng.randint(lo, hi)
                umur = umur_masuk + masa
                if (akun and 36 <= umur <= bup - 8) or (not akun and umur <= bup - 2):
                    break
            else:
                umur_masuk, masa = umur_masuk_min, lo
            tahun_cpns = TANGGAL_ACUAN.year - masa
            lahir = _tanggal(rng, tahun_cpns - umur_masuk - 1)
        mulai = dt.date(tahun_cpns, _bulan_tmt(rng), 1)
        if mulai > TANGGAL_ACUAN:
            mulai = dt.date(TANGGAL_ACUAN.year, 1, 1)
    # The NIP requires TMT CPNS after the 18th birthday; the choices above guarantee it.
    assert mulai >= _add_years(lahir, 18)

    masa_kerja = max(0, TANGGAL_ACUAN.year - mulai.year)
    if status == "PPPK":
        golongan = GOL_PPPK.get(jenis) or GOL_PPPK_PELAKSANA[pendidikan]
    else:
        golongan = _golongan_pns(jab, pendidikan, masa_kerja, cpns)

    # Current post: since a date between the start of service and the demo's today.
    if cpns:
        tmt_jabatan = mulai
    else:
        akhir = TANGGAL_ACUAN
        if pensiun:
            akhir = dt.date(lahir.year + bup, lahir.month, 1)
            akhir = dt.date(akhir.year + (akhir.month == 12), akhir.month % 12 + 1, 1)
        bulan_total = (akhir.year - mulai.year) * 12 + akhir.month - mulai.month
        maks = min(bulan_total, 12 * LAMA_MENJABAT.get(jenis, 10))
        mins = 36 if akun else 1
        if status == "PPPK" and rng.random() < 0.75:
            tmt_jabatan = mulai
        else:
            mundur = rng.randint(min(mins, maks), max(min(mins, maks), maks))
            n = akhir.year * 12 + akhir.month - 1 - mundur
            tmt_jabatan = max(mulai, dt.date(n // 12, n % 12 + 1, 1))
        if (tmt_jabatan - mulai).days < 365:
            tmt_jabatan = mulai

    gelar_depan, gelar_belakang = gelar_acak(
        rng, pendidikan=pendidikan, rumpun=rumpun, jenis_kelamin=jk, tahun_lahir=lahir.year,
        rsud=rsud)
    bebas = akun or pensiun or cpns
    return {
        "nama": nama_acak(rng, jk),
        "gelar_depan": gelar_depan,
        "gelar_belakang": gelar_belakang,
        "status_asn": status,
        "golongan": golongan,
        "tanggal_lahir": lahir,
        "jenis_kelamin": jk,
        "pendidikan": pendidikan,
        "mulai": mulai,
        "tmt_jabatan": tmt_jabatan,
        "aktif": not pensiun,
        "pensiun": akhir if pensiun else None,
        "hukuman_disiplin": not bebas and rng.random() < 0.015,
        "tugas_belajar": not bebas and masa_kerja < 20 and rng.random() < 0.02,
    }
