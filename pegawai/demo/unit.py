"""The demo Pemda's organisation tree and who works where (staffing rosters).

A node is a dict: nama, jenis, kepala (name of the head jabatan or None), staf (roster of
(jabatan, min, max) drawn per unit), anak (children), and for an OPD its kode, singkatan and
rumpun. Codes below an OPD are given by position ("1.02.01" → "1.02.01.03"). The rosters tell
the seeds' story: Dinas Kesehatan is thin on health staff, Dinas Perhubungan is heavy with
pelaksana, schools and puskesmas hold many of the Pemda's people.
"""

from pegawai.models import JenisUnit as U

NAMA_PEMDA = "Pemerintah Kabupaten Manna Raya"
# The Pemda's profile as the demo fills it (pegawai.ProfilPemda; fictional people).
PROFIL_PEMDA = {
    "nama_pemda": NAMA_PEMDA,
    "kepala_daerah": "Bupati Manna Raya",
    "nama_kepala_daerah": "H. Darmawan Saputra, S.E., M.M.",
    "tempat_penetapan": "Manna",
    "penandatangan_nama": "H. DARMAWAN SAPUTRA, S.E., M.M.",
    "penandatangan_nip": "",
    "penandatangan_jabatan": "Bupati Manna Raya",
    "format_nomor": "800.1.6.4/{n:04d}/BKPSDM/{tahun}",
}
KODE_PEMDA = "0"
DOMAIN_EMAIL = "manna-raya.go.id"


def node(nama, jenis, kepala, staf=(), anak=(), **extra):
    return {"nama": nama, "jenis": jenis, "kepala": kepala, "staf": list(staf),
            "anak": list(anak), **extra}


def seksi(nama, *staf, kepala="Kepala Seksi"):
    return node(nama, U.SEKSI, kepala, staf)


def bidang(nama, staf, seksi_=(), kepala="Kepala Bidang", jenis=U.BIDANG):
    """A bidang; with seksi, its roster is dealt round-robin to them."""
    if not seksi_:
        return node(nama, jenis, kepala, [("Analis Kebijakan Ahli Pertama", 0, 1), *staf])
    anak = [seksi(s, kepala="Kepala Subbagian" if s.startswith("Subbagian") else "Kepala Seksi")
            for s in seksi_]
    for i, entry in enumerate(staf):
        anak[i % len(anak)]["staf"].append(entry)
    return node(nama, jenis, kepala, [("Analis Kebijakan Ahli Muda", 0, 1)], anak)


SUBBAG_UMUM = [
    ("Pengadministrasi Umum", 2, 4), ("Pengadministrasi Perkantoran", 0, 2), ("Pengemudi", 1, 2),
    ("Petugas Keamanan", 0, 1), ("Pramu Bakti", 0, 1), ("Arsiparis Terampil", 0, 1),
    ("Pengadministrasi Kepegawaian", 0, 1),
]
SUBBAG_KEU = [
    ("Pengelola Keuangan", 1, 2), ("Bendahara", 1, 1),
    ("Penyusun Program Anggaran dan Pelaporan", 0, 1), ("Penata Laporan Keuangan", 0, 1),
    ("Pengelola Barang Milik Daerah", 0, 1),
]


def sekretariat(kepala="Sekretaris Dinas", umum=SUBBAG_UMUM, keu=SUBBAG_KEU):
    return node("Sekretariat", U.BIDANG, kepala, [("Perencana Ahli Pertama", 0, 1)], [
        seksi("Subbagian Umum dan Kepegawaian", *umum, kepala="Kepala Subbagian"),
        seksi("Subbagian Perencanaan dan Keuangan", *keu, kepala="Kepala Subbagian"),
    ])


def opd(kode, nama, singkatan, jenis, kepala, rumpun, anak, staf=(), sekr="Sekretaris Dinas"):
    if sekr:
        anak = [sekretariat(sekr), *anak]
    return node(nama, jenis, kepala, staf, anak, kode=kode, singkatan=singkatan, rumpun=rumpun)


def upt(nama, *staf):
    return node(nama, U.UPT, "Kepala UPT", staf)


KECAMATAN = {
    "Marelan": ["Tanah Enam Ratus", "Rengas Pulau", "Terjun", "Paya Pasir", "Labuhan Deli"],
    "Kota Manna": ["Pasar Mulia", "Ibul", "Tanjung Mulia", "Kampung Baru"],
    "Manna Hilir": ["Tebat Kubu", "Kayu Kunyit", "Pagar Dewa", "Ulak Lebar"],
    "Bukit Pandan": ["Air Kemuning", "Talang Indah", "Sukarami", "Padang Kapuk"],
    "Tanjung Sakti": ["Tanjung Raya", "Lubuk Tapi", "Karang Anyar", "Muara Danau"],
}
PUSKESMAS = ["Marelan", "Kota Manna", "Pasar Mulia", "Manna Hilir", "Bukit Pandan",
             "Tanjung Sakti", "Kayu Kunyit", "Air Kemuning", "Gunung Ayu", "Tebat Kubu",
             "Padang Kapuk", "Lubuk Tapi"]

_GURU_SD = [("Guru Ahli Pertama", 4, 7), ("Guru Ahli Muda", 2, 4), ("Guru Ahli Madya", 0, 2),
            ("Pengadministrasi Perkantoran", 0, 1), ("Petugas Keamanan", 0, 1)]
_GURU_SMP = [("Guru Ahli Pertama", 7, 11), ("Guru Ahli Muda", 5, 8), ("Guru Ahli Madya", 1, 3),
             ("Pengadministrasi Perkantoran", 1, 2), ("Pengelola Keuangan", 0, 1),
             ("Pustakawan Terampil", 0, 1), ("Pramu Bakti", 0, 1)]


def _sekolah():
    kec = list(KECAMATAN)
    sd = [node(f"SD Negeri {i} {kec[(i - 1) % len(kec)]}", U.SEKOLAH, "Kepala Sekolah",
               _GURU_SD) for i in range(1, 57)]
    smp = [node(f"SMP Negeri {i} {kec[(i - 1) % len(kec)]}", U.SEKOLAH, "Kepala Sekolah",
                _GURU_SMP) for i in range(1, 21)]
    return sd + smp


# A puskesmas short of doctors, nurses and midwives: the seeds' Dinas Kesehatan story.
_PUSKESMAS_STAF = [
    ("Dokter Ahli Pertama", 0, 1), ("Dokter Gigi Ahli Pertama", 0, 1),
    ("Perawat Terampil", 1, 3), ("Perawat Mahir", 0, 2), ("Perawat Ahli Pertama", 0, 1),
    ("Bidan Terampil", 1, 3), ("Bidan Mahir", 0, 2), ("Asisten Apoteker Terampil", 0, 1),
    ("Pranata Laboratorium Kesehatan Terampil", 0, 1), ("Nutrisionis Terampil", 0, 1),
    ("Sanitarian Terampil", 0, 1), ("Penyuluh Kesehatan Masyarakat Ahli Pertama", 0, 1),
    ("Pengadministrasi Umum", 1, 2), ("Pengelola Keuangan", 0, 1),
]


def _kecamatan(i, nama, kelurahan):
    anak = [
        node("Sekretariat Kecamatan", U.BIDANG, "Sekretaris Camat", [
            ("Pengadministrasi Umum", 2, 3), ("Pengadministrasi Perkantoran", 1, 1),
            ("Pengelola Keuangan", 1, 1), ("Bendahara", 0, 1), ("Pengemudi", 1, 1)]),
        seksi("Seksi Pemerintahan", ("Pengelola Pemerintahan dan Pemberdayaan Masyarakat", 1, 2),
              ("Pengadministrasi Umum", 1, 2)),
        seksi("Seksi Ketenteraman dan Ketertiban Umum", ("Polisi Pamong Praja Terampil", 1, 2),
              ("Pengadministrasi Umum", 0, 1)),
        seksi("Seksi Pemberdayaan Masyarakat",
              ("Penggerak Swadaya Masyarakat Ahli Pertama", 0, 1),
              ("Pengadministrasi Umum", 1, 2)),
        seksi("Seksi Pelayanan Umum", ("Pengelola Data Kependudukan", 1, 2),
              ("Pengadministrasi Perkantoran", 1, 2)),
    ] + [
        node(f"Kelurahan {k}", U.KELURAHAN, "Lurah", [
            ("Pengadministrasi Umum", 3, 4),
            ("Pengelola Pemerintahan dan Pemberdayaan Masyarakat", 1, 2),
            ("Pengadministrasi Perkantoran", 0, 1), ("Pengelola Data Kependudukan", 0, 1)])
        for k in kelurahan
    ]
    return node(f"Kecamatan {nama}", U.KECAMATAN, "Camat", [], anak, kode=f"7.01.{i:02d}",
                singkatan=f"Kec. {nama}", rumpun="pemerintahan")


def _opd_list():
    D, B = U.DINAS, U.BADAN
    PU = ("Pengadministrasi Umum", 2, 3)
    AK = ("Analis Kebijakan Ahli Pertama", 1, 3)
    return [
        node("Sekretariat Daerah", U.SEKRETARIAT, "Sekretaris Daerah", [
            ("Asisten Sekretaris Daerah", 3, 3), ("Staf Ahli Bupati", 3, 3),
            ("Pengadministrasi Umum", 1, 2), ("Pengemudi", 2, 3)], [
            bidang(f"Bagian {b}", staf, s, kepala="Kepala Bagian", jenis=U.BAGIAN)
            for b, s, staf in [
                ("Tata Pemerintahan", ["Subbagian Pemerintahan Umum", "Subbagian Otonomi Daerah"],
                 [("Pengelola Pemerintahan dan Pemberdayaan Masyarakat", 2, 3), PU, AK]),
                ("Hukum", ["Subbagian Perundang-undangan", "Subbagian Bantuan Hukum"],
                 [("Perancang Peraturan Perundang-undangan Ahli Pertama", 1, 3), PU, AK]),
                ("Organisasi", ["Subbagian Kelembagaan", "Subbagian Tata Laksana"],
                 [("Analis Kebijakan Ahli Muda", 1, 2), PU, AK]),
                ("Perekonomian dan Sumber Daya Alam", [], [PU, AK]),
                ("Administrasi Pembangunan", [], [("Pengelola Data Perencanaan", 1, 2), PU]),
                ("Kesejahteraan Rakyat", [], [PU, AK]),
                ("Pengadaan Barang dan Jasa", [],
                 [("Pengelola Pengadaan Barang/Jasa Ahli Pertama", 2, 4), PU]),
                ("Protokol dan Komunikasi Pimpinan", [],
                 [("Pranata Hubungan Masyarakat Ahli Pertama", 1, 2), PU]),
                ("Umum", ["Subbagian Tata Usaha Pimpinan", "Subbagian Rumah Tangga",
                          "Subbagian Keuangan"],
                 [("Pengadministrasi Umum", 3, 5), ("Pengemudi", 3, 5), ("Pramu Bakti", 2, 3),
                  ("Petugas Keamanan", 2, 4), ("Pengelola Keuangan", 1, 2),
                  ("Bendahara", 1, 1), ("Pengelola Barang Milik Daerah", 1, 2),
                  ("Arsiparis Terampil", 1, 2)]),
            ]], kode="4.01.01", singkatan="Setda", rumpun="pemerintahan"),
        node("Sekretariat DPRD", U.SEKRETARIAT, "Sekretaris DPRD", [], [
            bidang(f"Bagian {b}", staf, s, kepala="Kepala Bagian", jenis=U.BAGIAN)
            for b, s, staf in [
                ("Umum dan Keuangan", ["Subbagian Tata Usaha", "Subbagian Keuangan"],
                 [("Pengadministrasi Umum", 2, 4), ("Pengemudi", 3, 5),
                  ("Pengelola Keuangan", 1, 2), ("Bendahara", 1, 1)]),
                ("Persidangan dan Perundang-undangan", [],
                 [("Perancang Peraturan Perundang-undangan Ahli Pertama", 1, 2), PU]),
                ("Fasilitasi Penganggaran dan Pengawasan", [], [AK, PU]),
            ]], kode="4.02.01", singkatan="Setwan", rumpun="pemerintahan"),
        opd("6.01.01", "Inspektorat Daerah", "Inspektorat", U.INSPEKTORAT, "Inspektur",
            "keuangan", [
                bidang(f"Inspektur Pembantu Wilayah {w}", [
                    ("Auditor Ahli Pertama", 1, 3), ("Auditor Ahli Muda", 1, 2),
                    ("Auditor Ahli Madya", 0, 1), ("P2UPD Ahli Pertama", 1, 2),
                    ("P2UPD Ahli Muda", 0, 1)], kepala="Inspektur Pembantu")
                for w in ["I", "II", "III", "IV"]], sekr="Sekretaris Inspektorat"),
        opd("1.01.01", "Dinas Pendidikan", "Disdik", D, "Kepala Dinas", "pendidikan", [
            bidang("Bidang Pembinaan Sekolah Dasar", [PU, ("Pengolah Data", 1, 1), AK]),
            bidang("Bidang Pembinaan Sekolah Menengah Pertama", [PU, AK]),
            bidang("Bidang Pendidikan Anak Usia Dini dan Pendidikan Nonformal", [PU]),
            bidang("Bidang Guru dan Tenaga Kependidikan", [
                ("Pengadministrasi Kepegawaian", 1, 2), PU, ("Analis SDM Aparatur Ahli Pertama",
                                                             0, 1)]),
            *_sekolah()]),
        opd("1.02.01", "Dinas Kesehatan", "Dinkes", D, "Kepala Dinas", "kesmas", [
            bidang("Bidang Kesehatan Masyarakat", [
                ("Penyuluh Kesehatan Masyarakat Ahli Pertama", 0, 1),
                ("Nutrisionis Terampil", 0, 1)], ["Seksi Kesehatan Keluarga dan Gizi",
                                                   "Seksi Promosi Kesehatan"]),
            bidang("Bidang Pencegahan dan Pengendalian Penyakit", [
                ("Epidemiolog Kesehatan Ahli Pertama", 0, 1), ("Sanitarian Terampil", 0, 1)],
                ["Seksi Surveilans dan Imunisasi", "Seksi Penyakit Menular"]),
            bidang("Bidang Pelayanan dan Sumber Daya Kesehatan", [
                ("Administrator Kesehatan Ahli Muda", 0, 1), ("Asisten Apoteker Terampil", 0, 1),
                PU], ["Seksi Pelayanan Kesehatan", "Seksi Kefarmasian dan Alat Kesehatan"]),
            *[node(f"Puskesmas {p}", U.PUSKESMAS, "Kepala Puskesmas", _PUSKESMAS_STAF)
              for p in PUSKESMAS],
            upt("UPT Laboratorium Kesehatan Daerah",
                ("Pranata Laboratorium Kesehatan Terampil", 1, 2), PU),
            upt("UPT Instalasi Farmasi", ("Apoteker Ahli Pertama", 0, 1),
                ("Asisten Apoteker Terampil", 1, 2), PU),
        ], staf=[("Pengelola Layanan Kesehatan", 1, 1), ("Pengadministrasi Umum", 3, 3)]),
        node("Rumah Sakit Umum Daerah Manna Raya", U.RSUD, "Direktur Rumah Sakit Umum Daerah", [],
             [
                 bidang("Bagian Tata Usaha", [
                     ("Pengadministrasi Umum", 3, 5), ("Pengadministrasi Kepegawaian", 1, 2),
                     ("Pengemudi", 3, 4), ("Pengolah Makanan", 3, 5), ("Petugas Keamanan", 3, 4),
                     ("Pengelola Keuangan", 2, 3), ("Bendahara", 1, 1),
                     ("Pengelola Sistem dan Jaringan", 1, 1)],
                     ["Subbagian Umum dan Kepegawaian", "Subbagian Keuangan"],
                     kepala="Kepala Bagian", jenis=U.BAGIAN),
                 bidang("Bidang Pelayanan Medik", [
                     ("Dokter Ahli Pertama", 5, 7), ("Dokter Ahli Muda", 4, 6),
                     ("Dokter Ahli Madya", 4, 6), ("Dokter Ahli Utama", 1, 1),
                     ("Dokter Gigi Ahli Muda", 1, 2), ("Perekam Medis Terampil", 3, 5)],
                     ["Seksi Pelayanan Rawat Jalan", "Seksi Pelayanan Rawat Inap"]),
                 bidang("Bidang Keperawatan", [
                     ("Perawat Terampil", 18, 24), ("Perawat Mahir", 12, 16),
                     ("Perawat Penyelia", 4, 7), ("Perawat Ahli Pertama", 7, 10),
                     ("Perawat Ahli Muda", 2, 4), ("Bidan Terampil", 7, 10),
                     ("Bidan Mahir", 3, 5), ("Bidan Penyelia", 1, 2),
                     ("Bidan Ahli Pertama", 1, 2)],
                     ["Seksi Asuhan Keperawatan", "Seksi Mutu Keperawatan"]),
                 bidang("Bidang Penunjang", [
                     ("Apoteker Ahli Pertama", 2, 3), ("Asisten Apoteker Terampil", 4, 6),
                     ("Pranata Laboratorium Kesehatan Terampil", 4, 6),
                     ("Radiografer Terampil", 2, 3), ("Fisioterapis Terampil", 1, 2),
                     ("Nutrisionis Terampil", 2, 3), ("Sanitarian Terampil", 1, 2)],
                     ["Seksi Penunjang Medik", "Seksi Penunjang Nonmedik"]),
             ], kode="1.02.02", singkatan="RSUD", rumpun="kesehatan"),
        opd("1.03.01", "Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", D, "Kepala Dinas",
            "teknik", [
                bidang("Bidang Bina Marga", [
                    ("Teknik Jalan dan Jembatan Ahli Pertama", 2, 3),
                    ("Teknik Jalan dan Jembatan Ahli Muda", 1, 2), ("Pengawas Lapangan", 2, 4)],
                    ["Seksi Pembangunan Jalan dan Jembatan", "Seksi Pemeliharaan Jalan"]),
                bidang("Bidang Sumber Daya Air", [("Teknik Pengairan Ahli Pertama", 1, 3),
                                                  ("Pengawas Lapangan", 1, 3)]),
                bidang("Bidang Cipta Karya", [("Pengawas Lapangan", 1, 3), PU]),
                bidang("Bidang Penataan Ruang", [("Penata Ruang Ahli Pertama", 1, 3)]),
                upt("UPT Peralatan dan Perbekalan", ("Operator Alat Berat", 4, 7),
                    ("Pengemudi", 2, 4), ("Pengelola Sarana dan Prasarana", 1, 2)),
            ]),
        opd("1.04.01", "Dinas Perumahan dan Kawasan Permukiman", "Perkim", D, "Kepala Dinas",
            "teknik", [
                bidang("Bidang Perumahan", [("Pengawas Lapangan", 1, 2), PU]),
                bidang("Bidang Kawasan Permukiman", [("Pengawas Lapangan", 1, 2), AK]),
                bidang("Bidang Pertanahan", [PU, AK]),
            ]),
        opd("1.05.01", "Satuan Polisi Pamong Praja", "Satpol PP", D,
            "Kepala Satuan Polisi Pamong Praja", "pemerintahan", [
                bidang("Bidang Penegakan Peraturan Daerah", [
                    ("Polisi Pamong Praja Pemula", 3, 5), ("Polisi Pamong Praja Terampil", 5, 8),
                    ("Polisi Pamong Praja Mahir", 2, 4), ("Polisi Pamong Praja Penyelia", 1, 2)]),
                bidang("Bidang Ketertiban Umum dan Ketenteraman Masyarakat", [
                    ("Polisi Pamong Praja Pemula", 4, 6), ("Polisi Pamong Praja Terampil", 6, 9),
                    ("Polisi Pamong Praja Mahir", 2, 3), ("Pengemudi", 2, 3)]),
                bidang("Bidang Perlindungan Masyarakat", [("Polisi Pamong Praja Terampil", 2, 4),
                                                          PU]),
                bidang("Bidang Pemadam Kebakaran", [
                    ("Pemadam Kebakaran Pemula", 6, 9), ("Pemadam Kebakaran Terampil", 5, 8),
                    ("Pengemudi", 2, 4)]),
            ]),
        opd("1.05.02", "Badan Penanggulangan Bencana Daerah", "BPBD", B,
            "Kepala Pelaksana BPBD", "teknik", [
                bidang("Bidang Pencegahan dan Kesiapsiagaan", [
                    ("Analis Kebencanaan Ahli Pertama", 1, 2), PU]),
                bidang("Bidang Kedaruratan dan Logistik", [
                    ("Analis Kebencanaan Ahli Pertama", 1, 2), ("Pengemudi", 1, 3), PU]),
                bidang("Bidang Rehabilitasi dan Rekonstruksi", [("Pengawas Lapangan", 1, 2), PU]),
            ], sekr="Sekretaris Badan"),
        opd("1.06.01", "Dinas Sosial", "Dinsos", D, "Kepala Dinas", "sosial", [
            bidang("Bidang Rehabilitasi Sosial", [("Pekerja Sosial Ahli Pertama", 1, 3), PU]),
            bidang("Bidang Perlindungan dan Jaminan Sosial", [
                ("Pengelola Bantuan Sosial", 2, 3), PU]),
            bidang("Bidang Pemberdayaan Sosial", [("Penyuluh Sosial Ahli Pertama", 1, 2), PU]),
        ]),
        opd("2.07.01", "Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans", D,
            "Kepala Dinas", "sosial", [
                bidang("Bidang Penempatan dan Pelatihan Kerja", [
                    ("Pengantar Kerja Ahli Pertama", 1, 2), PU]),
                bidang("Bidang Hubungan Industrial", [PU, AK]),
                bidang("Bidang Transmigrasi", [PU]),
            ]),
        opd("2.08.01", "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk "
            "dan Keluarga Berencana", "DP3AP2KB", D, "Kepala Dinas", "sosial", [
                bidang("Bidang Pemberdayaan Perempuan dan Perlindungan Anak", [
                    ("Pekerja Sosial Ahli Pertama", 0, 1), PU, AK]),
                bidang("Bidang Pengendalian Penduduk dan Keluarga Berencana", [
                    ("Penyuluh Keluarga Berencana Ahli Pertama", 3, 6), PU]),
            ]),
        opd("2.11.01", "Dinas Lingkungan Hidup", "DLH", D, "Kepala Dinas", "teknik", [
            bidang("Bidang Tata Lingkungan", [
                ("Pengendali Dampak Lingkungan Ahli Pertama", 1, 2), PU]),
            bidang("Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan", [
                ("Pengawas Lingkungan Hidup Ahli Pertama", 1, 2), PU]),
            bidang("Bidang Pengelolaan Sampah", [PU, AK]),
            upt("UPT Pengelolaan Sampah dan Pertamanan", ("Petugas Kebersihan", 12, 16),
                ("Pengemudi", 4, 6), ("Pengadministrasi Umum", 1, 2)),
        ]),
        opd("2.12.01", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", D,
            "Kepala Dinas", "it", [
                bidang("Bidang Pelayanan Pendaftaran Penduduk", [
                    ("Pengelola Data Kependudukan", 3, 5), PU]),
                bidang("Bidang Pelayanan Pencatatan Sipil", [
                    ("Pengelola Data Kependudukan", 2, 4), PU]),
                bidang("Bidang Pengelolaan Informasi Administrasi Kependudukan", [
                    ("Pranata Komputer Ahli Pertama", 1, 2), ("Pranata Komputer Terampil", 1, 2),
                    ("Pengolah Data", 1, 2)]),
            ]),
        opd("2.13.01", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", D, "Kepala Dinas",
            "pemerintahan", [
                bidang("Bidang Pemerintahan Desa", [
                    ("Pengelola Pemerintahan dan Pemberdayaan Masyarakat", 1, 3), PU]),
                bidang("Bidang Pemberdayaan Masyarakat", [
                    ("Penggerak Swadaya Masyarakat Ahli Pertama", 1, 3), PU]),
            ]),
        # Dinas Perhubungan: many pelaksana for the work there is, the seeds' surplus story.
        opd("2.15.01", "Dinas Perhubungan", "Dishub", D, "Kepala Dinas", "perhubungan", [
            bidang("Bidang Lalu Lintas", [
                ("Pengatur Lalu Lintas", 12, 16), ("Pengadministrasi Umum", 4, 6),
                ("Pengemudi", 3, 4)],
                ["Seksi Manajemen dan Rekayasa Lalu Lintas",
                 "Seksi Pengendalian dan Operasional"]),
            bidang("Bidang Angkutan", [("Pengadministrasi Umum", 4, 6),
                                       ("Petugas Pelayanan Terminal", 2, 4), AK]),
            bidang("Bidang Sarana dan Prasarana", [("Pengelola Sarana dan Prasarana", 3, 5),
                                                   ("Pengadministrasi Umum", 3, 5)]),
            upt("UPT Terminal Penumpang", ("Petugas Pelayanan Terminal", 10, 14),
                ("Pengadministrasi Umum", 3, 5), ("Petugas Keamanan", 2, 4)),
            upt("UPT Pengujian Kendaraan Bermotor", ("Penguji Kendaraan Bermotor Pemula", 2, 3),
                ("Penguji Kendaraan Bermotor Terampil", 2, 4),
                ("Penguji Kendaraan Bermotor Mahir", 1, 2), ("Pengadministrasi Umum", 4, 6)),
            upt("UPT Perparkiran", ("Petugas Retribusi Parkir", 12, 16),
                ("Pengadministrasi Umum", 2, 4)),
        ], staf=[("Pengadministrasi Umum", 6, 6), ("Pengemudi", 3, 3)]),
        opd("2.16.01", "Dinas Komunikasi, Informatika dan Statistik", "Diskominfo", D,
            "Kepala Dinas", "it", [
                bidang("Bidang Informasi dan Komunikasi Publik", [
                    ("Pranata Hubungan Masyarakat Ahli Pertama", 1, 2), PU]),
                bidang("Bidang Aplikasi Informatika", [
                    ("Pranata Komputer Ahli Pertama", 2, 3), ("Pranata Komputer Ahli Muda", 1, 1),
                    ("Pengelola Sistem dan Jaringan", 1, 2)]),
                bidang("Bidang Statistik dan Persandian", [
                    ("Statistisi Ahli Pertama", 1, 2), ("Sandiman Ahli Pertama", 1, 1)]),
            ]),
        opd("2.17.01", "Dinas Koperasi dan Usaha Kecil Menengah", "Diskop UKM", D,
            "Kepala Dinas", "keuangan", [
                bidang("Bidang Koperasi", [PU, AK]),
                bidang("Bidang Usaha Kecil dan Menengah", [PU, AK]),
            ]),
        opd("2.18.01", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", D,
            "Kepala Dinas", "hukum", [
                bidang("Bidang Penanaman Modal", [PU, AK]),
                bidang("Bidang Pelayanan Perizinan", [("Pengelola Perizinan", 3, 5), PU]),
                bidang("Bidang Pengaduan dan Informasi", [PU, ("Pengolah Data", 1, 1)]),
            ]),
        opd("2.23.01", "Dinas Perpustakaan dan Kearsipan", "Dispusip", D, "Kepala Dinas",
            "umum", [
                bidang("Bidang Perpustakaan", [("Pustakawan Terampil", 1, 3),
                                               ("Pustakawan Ahli Pertama", 1, 2)]),
                bidang("Bidang Kearsipan", [("Arsiparis Terampil", 1, 3),
                                            ("Arsiparis Ahli Pertama", 1, 2)]),
            ]),
        opd("3.25.01", "Dinas Perikanan", "Diskan", D, "Kepala Dinas", "perikanan", [
            bidang("Bidang Perikanan Tangkap", [("Penyuluh Perikanan Terampil", 1, 3), PU]),
            bidang("Bidang Perikanan Budidaya", [("Penyuluh Perikanan Ahli Pertama", 1, 2), PU]),
        ]),
        opd("3.26.01", "Dinas Pariwisata dan Kebudayaan", "Disparbud", D, "Kepala Dinas",
            "sosial", [
                bidang("Bidang Destinasi dan Pemasaran Pariwisata", [PU, AK]),
                bidang("Bidang Kebudayaan", [("Pamong Budaya Ahli Pertama", 1, 2), PU]),
            ]),
        opd("3.27.01", "Dinas Pertanian", "Distan", D, "Kepala Dinas", "pertanian", [
            bidang("Bidang Tanaman Pangan dan Hortikultura", [PU, AK]),
            bidang("Bidang Peternakan dan Kesehatan Hewan", [PU, AK]),
            bidang("Bidang Penyuluhan", [("Penyuluh Pertanian Ahli Muda", 1, 2), PU]),
            *[upt(f"UPT Balai Penyuluhan Pertanian {k}",
                  ("Penyuluh Pertanian Terampil", 3, 5), ("Penyuluh Pertanian Mahir", 2, 3),
                  ("Penyuluh Pertanian Penyelia", 0, 2), ("Penyuluh Pertanian Ahli Pertama", 1, 2),
                  ("Pengelola Penyuluhan Lapangan", 1, 2)) for k in list(KECAMATAN)[:4]],
        ]),
        opd("3.30.01", "Dinas Perdagangan dan Perindustrian", "Disdagperin", D, "Kepala Dinas",
            "keuangan", [
                bidang("Bidang Perdagangan", [("Penera Terampil", 1, 2), PU]),
                bidang("Bidang Perindustrian", [PU, AK]),
                upt("UPT Pasar", ("Pengelola Pasar", 4, 6), ("Petugas Kebersihan", 3, 5),
                    ("Petugas Keamanan", 2, 3)),
            ]),
        opd("5.01.01", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "Bapperida",
            B, "Kepala Badan", "pemerintahan", [
                bidang("Bidang Pemerintahan dan Pembangunan Manusia", [
                    ("Perencana Ahli Pertama", 1, 2), ("Perencana Ahli Muda", 1, 2),
                    ("Perencana Ahli Madya", 0, 1)]),
                bidang("Bidang Perekonomian dan Sumber Daya Alam", [
                    ("Perencana Ahli Pertama", 1, 2), ("Perencana Ahli Muda", 1, 1),
                    ("Perencana Ahli Utama", 1, 1)]),
                bidang("Bidang Infrastruktur dan Kewilayahan", [
                    ("Perencana Ahli Pertama", 1, 2), ("Perencana Ahli Muda", 1, 1)]),
                bidang("Bidang Riset dan Inovasi", [("Analis Kebijakan Ahli Muda", 1, 2),
                                                    ("Pengelola Data Perencanaan", 1, 2)]),
            ], sekr="Sekretaris Badan"),
        opd("5.02.01", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", B,
            "Kepala Badan", "keuangan", [
                bidang("Bidang Anggaran", [
                    ("Analis Keuangan Pusat dan Daerah Ahli Pertama", 1, 2),
                    ("Analis Keuangan Pusat dan Daerah Ahli Muda", 1, 1), PU]),
                bidang("Bidang Perbendaharaan", [("Pengelola Keuangan", 2, 4),
                                                 ("Bendahara", 1, 1)]),
                bidang("Bidang Akuntansi dan Pelaporan", [("Penata Laporan Keuangan", 2, 4)]),
                bidang("Bidang Aset", [("Pengelola Barang Milik Daerah", 2, 3),
                                       ("Penata Laksana Barang Terampil", 1, 2)]),
            ], sekr="Sekretaris Badan"),
        opd("5.02.02", "Badan Pendapatan Daerah", "Bapenda", B, "Kepala Badan", "keuangan", [
            bidang("Bidang Pendataan dan Penetapan", [
                ("Pengelola Pajak dan Retribusi Daerah", 2, 4), PU]),
            bidang("Bidang Penagihan dan Keberatan", [
                ("Pengelola Pajak dan Retribusi Daerah", 2, 3), PU]),
            bidang("Bidang Pajak Bumi dan Bangunan", [
                ("Pengelola Pajak dan Retribusi Daerah", 1, 3), ("Pengolah Data", 1, 1)]),
        ], sekr="Sekretaris Badan"),
        opd("5.03.01", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", B,
            "Kepala Badan", "umum", [
                bidang("Bidang Pengadaan, Pemberhentian dan Informasi", [
                    ("Pengadministrasi Kepegawaian", 2, 3), ("Pranata Komputer Terampil", 1, 1),
                    ("Analis SDM Aparatur Ahli Pertama", 1, 2)]),
                bidang("Bidang Mutasi dan Promosi", [
                    ("Analis SDM Aparatur Ahli Pertama", 1, 2),
                    ("Analis SDM Aparatur Ahli Muda", 1, 2),
                    ("Pengadministrasi Kepegawaian", 1, 2)]),
                bidang("Bidang Pengembangan Kompetensi", [
                    ("Analis SDM Aparatur Ahli Pertama", 1, 2), PU]),
                bidang("Bidang Penilaian Kinerja dan Penghargaan", [
                    ("Analis SDM Aparatur Ahli Madya", 0, 1),
                    ("Analis SDM Aparatur Ahli Pertama", 1, 1), PU]),
            ], sekr="Sekretaris Badan"),
        opd("8.01.01", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", B, "Kepala Badan",
            "pemerintahan", [
                bidang("Bidang Ideologi dan Wawasan Kebangsaan", [PU, AK]),
                bidang("Bidang Politik Dalam Negeri", [PU, AK]),
                bidang("Bidang Ketahanan Ekonomi, Sosial dan Budaya", [PU]),
            ], sekr="Sekretaris Badan"),
        *[_kecamatan(i, k, kel) for i, (k, kel) in enumerate(KECAMATAN.items(), start=1)],
    ]


def pohon():
    """The whole tree, root first."""
    return node(NAMA_PEMDA, U.PEMDA, None, [], _opd_list(), kode=KODE_PEMDA)
