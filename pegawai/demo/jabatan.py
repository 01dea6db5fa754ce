"""The demo Pemda's jabatan catalogue: every kind of position, with kelas and minimum education.

Each row: (kode, nama, jenis, kelas, pendidikan minimal, rumpun). The rumpun (field of study)
drives the degrees the demo gives to holders. Kelas follow the usual Perbup ranges: JPT
pratama 14–15, administrator 11–12, pengawas 9, fungsional ahli pertama 8 … ahli utama 13,
keterampilan 5–8, pelaksana 1–7.
"""

from pegawai.models import JenisJabatan as J

JPT_MADYA_UTAMA_REFERENSI = {"JPT.91", "JPT.92"}

_STRUKTURAL = [
    ("JPT.01", "Sekretaris Daerah", J.JPT_PRATAMA, 15, "S1", "pemerintahan"),
    ("JPT.02", "Kepala Dinas", J.JPT_PRATAMA, 14, "S1", "opd"),
    ("JPT.03", "Kepala Badan", J.JPT_PRATAMA, 14, "S1", "opd"),
    ("JPT.04", "Inspektur", J.JPT_PRATAMA, 14, "S1", "keuangan"),
    ("JPT.05", "Sekretaris DPRD", J.JPT_PRATAMA, 14, "S1", "pemerintahan"),
    ("JPT.06", "Direktur Rumah Sakit Umum Daerah", J.JPT_PRATAMA, 14, "S1", "dokter"),
    ("JPT.07", "Kepala Satuan Polisi Pamong Praja", J.JPT_PRATAMA, 14, "S1", "pemerintahan"),
    ("JPT.08", "Kepala Pelaksana BPBD", J.JPT_PRATAMA, 14, "S1", "pemerintahan"),
    ("JPT.09", "Asisten Sekretaris Daerah", J.JPT_PRATAMA, 14, "S1", "pemerintahan"),
    ("JPT.10", "Staf Ahli Bupati", J.JPT_PRATAMA, 14, "S1", "pemerintahan"),
    # A kabupaten has no JPT madya or utama posts (its Sekda is JPT pratama); these two are in
    # the catalogue for transfers between instansi and hold nobody in the demo.
    ("JPT.91", "Sekretaris Daerah Provinsi", J.JPT_MADYA, 16, "S1", "pemerintahan"),
    ("JPT.92", "Kepala Lembaga Pemerintah Nonkementerian", J.JPT_UTAMA, 17, "S1",
     "pemerintahan"),
    ("ADM.01", "Sekretaris Dinas", J.ADMINISTRATOR, 11, "S1", "opd"),
    ("ADM.02", "Sekretaris Badan", J.ADMINISTRATOR, 11, "S1", "opd"),
    ("ADM.03", "Sekretaris Inspektorat", J.ADMINISTRATOR, 11, "S1", "keuangan"),
    ("ADM.04", "Kepala Bidang", J.ADMINISTRATOR, 11, "S1", "opd"),
    ("ADM.05", "Kepala Bagian", J.ADMINISTRATOR, 11, "S1", "opd"),
    ("ADM.06", "Inspektur Pembantu", J.ADMINISTRATOR, 11, "S1", "keuangan"),
    ("ADM.07", "Camat", J.ADMINISTRATOR, 12, "S1", "pemerintahan"),
    ("ADM.08", "Sekretaris Camat", J.ADMINISTRATOR, 10, "S1", "pemerintahan"),
    ("PGW.01", "Kepala Subbagian", J.PENGAWAS, 9, "D3", "opd"),
    ("PGW.02", "Kepala Seksi", J.PENGAWAS, 9, "D3", "opd"),
    ("PGW.03", "Kepala UPT", J.PENGAWAS, 9, "D3", "opd"),
    ("PGW.04", "Kepala Puskesmas", J.PENGAWAS, 9, "S1", "kesmas"),
    ("PGW.05", "Lurah", J.PENGAWAS, 9, "D3", "pemerintahan"),
]

_PELAKSANA = [
    ("PLK.01", "Pengadministrasi Umum", "SMA", 5, "umum"),
    ("PLK.02", "Pengadministrasi Perkantoran", "SMA", 5, "umum"),
    ("PLK.03", "Pengelola Keuangan", "D3", 7, "keuangan"),
    ("PLK.04", "Bendahara", "D3", 7, "keuangan"),
    ("PLK.05", "Penata Laporan Keuangan", "S1", 7, "keuangan"),
    ("PLK.06", "Pengelola Layanan Kesehatan", "D3", 7, "kesmas"),
    ("PLK.07", "Pengemudi", "SMA", 3, "umum"),
    ("PLK.08", "Petugas Keamanan", "SMA", 3, "umum"),
    ("PLK.09", "Pramu Bakti", "SD", 1, "umum"),
    ("PLK.10", "Pengolah Data", "D3", 6, "it"),
    ("PLK.11", "Pengelola Sistem dan Jaringan", "D3", 6, "it"),
    ("PLK.12", "Pengatur Lalu Lintas", "SMA", 5, "perhubungan"),
    ("PLK.13", "Petugas Pelayanan Terminal", "SMA", 5, "perhubungan"),
    ("PLK.14", "Petugas Retribusi Parkir", "SMA", 4, "perhubungan"),
    ("PLK.15", "Pengelola Sarana dan Prasarana", "D3", 6, "teknik"),
    ("PLK.16", "Pengelola Data Kependudukan", "D3", 6, "it"),
    ("PLK.17", "Petugas Kebersihan", "SMP", 2, "umum"),
    ("PLK.18", "Operator Alat Berat", "SMA", 5, "teknik"),
    ("PLK.19", "Pengawas Lapangan", "D3", 6, "teknik"),
    ("PLK.20", "Pengelola Perizinan", "S1", 7, "hukum"),
    ("PLK.21", "Penyusun Program Anggaran dan Pelaporan", "S1", 7, "keuangan"),
    ("PLK.22", "Pengelola Pajak dan Retribusi Daerah", "D3", 7, "keuangan"),
    ("PLK.23", "Pengelola Barang Milik Daerah", "D3", 6, "keuangan"),
    ("PLK.24", "Pengadministrasi Kepegawaian", "D3", 6, "umum"),
    ("PLK.25", "Pengelola Bantuan Sosial", "D3", 6, "sosial"),
    ("PLK.26", "Pengelola Pasar", "SMA", 5, "umum"),
    ("PLK.27", "Pengelola Pemerintahan dan Pemberdayaan Masyarakat", "S1", 7, "pemerintahan"),
    ("PLK.28", "Pengolah Makanan", "SMA", 4, "umum"),
    ("PLK.29", "Pengelola Data Perencanaan", "S1", 7, "pemerintahan"),
    ("PLK.30", "Pengelola Penyuluhan Lapangan", "SMA", 5, "pertanian"),
]

# (kode, nama, jenis, kelas, pendidikan minimal, rumpun)
_FUNGSIONAL = [
    ("FG.01", "Guru Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "pendidikan"),
    ("FG.02", "Guru Ahli Muda", J.AHLI_MUDA, 9, "S1", "pendidikan"),
    ("FG.03", "Guru Ahli Madya", J.AHLI_MADYA, 11, "S1", "pendidikan"),
    ("FG.04", "Kepala Sekolah", J.AHLI_MADYA, 11, "S1", "pendidikan"),
    ("FK.01", "Dokter Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "dokter"),
    ("FK.02", "Dokter Ahli Muda", J.AHLI_MUDA, 9, "S1", "dokter"),
    ("FK.03", "Dokter Ahli Madya", J.AHLI_MADYA, 11, "S1", "dokter"),
    ("FK.04", "Dokter Ahli Utama", J.AHLI_UTAMA, 13, "S2", "dokter"),
    ("FK.05", "Dokter Gigi Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "dokter_gigi"),
    ("FK.06", "Dokter Gigi Ahli Muda", J.AHLI_MUDA, 9, "S1", "dokter_gigi"),
    ("FK.07", "Perawat Terampil", J.TERAMPIL, 6, "D3", "perawat"),
    ("FK.08", "Perawat Mahir", J.MAHIR, 7, "D3", "perawat"),
    ("FK.09", "Perawat Penyelia", J.PENYELIA, 8, "D3", "perawat"),
    ("FK.10", "Perawat Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "perawat"),
    ("FK.11", "Perawat Ahli Muda", J.AHLI_MUDA, 9, "S1", "perawat"),
    ("FK.12", "Bidan Terampil", J.TERAMPIL, 6, "D3", "bidan"),
    ("FK.13", "Bidan Mahir", J.MAHIR, 7, "D3", "bidan"),
    ("FK.14", "Bidan Penyelia", J.PENYELIA, 8, "D3", "bidan"),
    ("FK.15", "Bidan Ahli Pertama", J.AHLI_PERTAMA, 8, "D4", "bidan"),
    ("FK.16", "Apoteker Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "farmasi"),
    ("FK.17", "Asisten Apoteker Terampil", J.TERAMPIL, 6, "D3", "farmasi"),
    ("FK.18", "Pranata Laboratorium Kesehatan Terampil", J.TERAMPIL, 6, "D3", "kesehatan"),
    ("FK.19", "Nutrisionis Terampil", J.TERAMPIL, 6, "D3", "gizi"),
    ("FK.20", "Sanitarian Terampil", J.TERAMPIL, 6, "D3", "kesehatan"),
    ("FK.21", "Perekam Medis Terampil", J.TERAMPIL, 6, "D3", "kesehatan"),
    ("FK.22", "Radiografer Terampil", J.TERAMPIL, 6, "D3", "kesehatan"),
    ("FK.23", "Fisioterapis Terampil", J.TERAMPIL, 6, "D3", "kesehatan"),
    ("FK.24", "Epidemiolog Kesehatan Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "kesmas"),
    ("FK.25", "Penyuluh Kesehatan Masyarakat Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "kesmas"),
    ("FK.26", "Administrator Kesehatan Ahli Muda", J.AHLI_MUDA, 9, "S1", "kesmas"),
    ("FU.01", "Analis Kebijakan Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "opd"),
    ("FU.02", "Analis Kebijakan Ahli Muda", J.AHLI_MUDA, 9, "S1", "opd"),
    ("FU.03", "Analis Kebijakan Ahli Madya", J.AHLI_MADYA, 11, "S1", "opd"),
    ("FU.04", "Pranata Komputer Terampil", J.TERAMPIL, 6, "D3", "it"),
    ("FU.05", "Pranata Komputer Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "it"),
    ("FU.06", "Pranata Komputer Ahli Muda", J.AHLI_MUDA, 9, "S1", "it"),
    ("FU.07", "Arsiparis Terampil", J.TERAMPIL, 6, "D3", "umum"),
    ("FU.08", "Arsiparis Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "umum"),
    ("FU.09", "Pustakawan Terampil", J.TERAMPIL, 6, "D3", "umum"),
    ("FU.10", "Pustakawan Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "umum"),
    ("FU.11", "Perencana Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "pemerintahan"),
    ("FU.12", "Perencana Ahli Muda", J.AHLI_MUDA, 9, "S1", "pemerintahan"),
    ("FU.13", "Perencana Ahli Madya", J.AHLI_MADYA, 11, "S1", "pemerintahan"),
    ("FU.14", "Perencana Ahli Utama", J.AHLI_UTAMA, 13, "S2", "pemerintahan"),
    ("FU.15", "Auditor Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "keuangan"),
    ("FU.16", "Auditor Ahli Muda", J.AHLI_MUDA, 9, "S1", "keuangan"),
    ("FU.17", "Auditor Ahli Madya", J.AHLI_MADYA, 11, "S1", "keuangan"),
    ("FU.18", "P2UPD Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "pemerintahan"),
    ("FU.19", "P2UPD Ahli Muda", J.AHLI_MUDA, 9, "S1", "pemerintahan"),
    ("FU.20", "Analis SDM Aparatur Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "umum"),
    ("FU.21", "Analis SDM Aparatur Ahli Muda", J.AHLI_MUDA, 9, "S1", "umum"),
    ("FU.22", "Analis SDM Aparatur Ahli Madya", J.AHLI_MADYA, 11, "S1", "umum"),
    ("FU.23", "Analis Keuangan Pusat dan Daerah Ahli Pertama", J.AHLI_PERTAMA, 8, "S1",
     "keuangan"),
    ("FU.24", "Analis Keuangan Pusat dan Daerah Ahli Muda", J.AHLI_MUDA, 9, "S1", "keuangan"),
    ("FU.25", "Penata Laksana Barang Terampil", J.TERAMPIL, 6, "D3", "keuangan"),
    ("FU.26", "Perancang Peraturan Perundang-undangan Ahli Pertama", J.AHLI_PERTAMA, 8, "S1",
     "hukum"),
    ("FU.27", "Pengelola Pengadaan Barang/Jasa Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "opd"),
    ("FU.28", "Pranata Hubungan Masyarakat Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "sosial"),
    ("FU.29", "Statistisi Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "it"),
    ("FU.30", "Sandiman Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "it"),
    ("FT.01", "Penguji Kendaraan Bermotor Pemula", J.PEMULA, 5, "SMA", "perhubungan"),
    ("FT.02", "Penguji Kendaraan Bermotor Terampil", J.TERAMPIL, 6, "D3", "perhubungan"),
    ("FT.03", "Penguji Kendaraan Bermotor Mahir", J.MAHIR, 7, "D3", "perhubungan"),
    ("FT.04", "Polisi Pamong Praja Pemula", J.PEMULA, 5, "SMA", "umum"),
    ("FT.05", "Polisi Pamong Praja Terampil", J.TERAMPIL, 6, "SMA", "umum"),
    ("FT.06", "Polisi Pamong Praja Mahir", J.MAHIR, 7, "SMA", "umum"),
    ("FT.07", "Polisi Pamong Praja Penyelia", J.PENYELIA, 8, "SMA", "umum"),
    ("FT.08", "Pemadam Kebakaran Pemula", J.PEMULA, 5, "SMA", "umum"),
    ("FT.09", "Pemadam Kebakaran Terampil", J.TERAMPIL, 6, "SMA", "umum"),
    ("FT.10", "Penyuluh Pertanian Terampil", J.TERAMPIL, 6, "D3", "pertanian"),
    ("FT.11", "Penyuluh Pertanian Mahir", J.MAHIR, 7, "D3", "pertanian"),
    ("FT.12", "Penyuluh Pertanian Penyelia", J.PENYELIA, 8, "D3", "pertanian"),
    ("FT.13", "Penyuluh Pertanian Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "pertanian"),
    ("FT.14", "Penyuluh Pertanian Ahli Muda", J.AHLI_MUDA, 9, "S1", "pertanian"),
    ("FT.15", "Penyuluh Perikanan Terampil", J.TERAMPIL, 6, "D3", "perikanan"),
    ("FT.16", "Penyuluh Perikanan Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "perikanan"),
    ("FT.17", "Pekerja Sosial Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "sosial"),
    ("FT.18", "Penyuluh Sosial Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "sosial"),
    ("FT.19", "Pengendali Dampak Lingkungan Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "teknik"),
    ("FT.20", "Pengawas Lingkungan Hidup Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "teknik"),
    ("FT.21", "Teknik Jalan dan Jembatan Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "teknik"),
    ("FT.22", "Teknik Jalan dan Jembatan Ahli Muda", J.AHLI_MUDA, 9, "S1", "teknik"),
    ("FT.23", "Teknik Pengairan Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "teknik"),
    ("FT.24", "Penata Ruang Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "teknik"),
    ("FT.25", "Analis Kebencanaan Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "teknik"),
    ("FT.26", "Pengantar Kerja Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "sosial"),
    ("FT.27", "Penyuluh Keluarga Berencana Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "kesmas"),
    ("FT.28", "Pamong Budaya Ahli Pertama", J.AHLI_PERTAMA, 8, "S1", "sosial"),
    ("FT.29", "Penggerak Swadaya Masyarakat Ahli Pertama", J.AHLI_PERTAMA, 8, "S1",
     "pemerintahan"),
    ("FT.30", "Penera Terampil", J.TERAMPIL, 6, "D3", "teknik"),
]

# (kode, nama, jenis, kelas, pendidikan minimal, rumpun) for every position.
KATALOG = (
    _STRUKTURAL
    + [(k, n, J.PELAKSANA, kelas, pend, r) for k, n, pend, kelas, r in _PELAKSANA]
    + _FUNGSIONAL
)

JENJANG = [" Ahli Pertama", " Ahli Muda", " Ahli Madya", " Ahli Utama", " Pemula",
           " Terampil", " Mahir", " Penyelia"]


def keluarga_jabatan(nama):
    """The family of a fungsional position ("Perawat Mahir" → "Perawat"), else the name."""
    for suffix in JENJANG:
        if nama.endswith(suffix):
            return nama[: -len(suffix)]
    return nama
