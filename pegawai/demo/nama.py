"""Indonesian names and academic degrees for the demo employees (drawn from a seeded Random)."""

LAKI = """Agus Ahmad Andi Arif Bambang Budi Dedi Dodi Eko Fajar Fauzi Hadi Hendra Heru Ilham
Imam Indra Irwan Joko Kurniawan Lukman Muhammad Rahmat Rizki Rudi Safrizal Sigit Slamet Sugeng
Supriadi Syahrul Taufik Teguh Wahyu Yudi Zainal Zulkifli Abdul Aditya Arman Asep Bayu Darmawan
Dimas Edi Erwin Ferry Gunawan Hasan Iqbal Jamaluddin Khairul Mulyadi Nanang Nurdin Rian Ridwan
Robby Saiful Syamsul Tri Yusuf Yogi Adi Anton Benny Candra Daniel Erik Firman Gilang Hamdan
Harun Irfan Kemal Marwan Nasrul Oki Putra Rahmadi Reza Samsudin Toni Wawan""".split()

PEREMPUAN = """Ani Ayu Dewi Dian Eka Endang Fitri Indah Intan Lestari Lina Maya Mega Nia Nur
Nurul Putri Rahma Ratna Rina Rini Siti Sri Suci Tuti Wati Wulan Yanti Yuli Yulia Desi Evi Fitria
Hana Ika Irma Kartika Lia Melati Mira Novi Nuraini Puspa Rosa Sari Sinta Tari Umi Vivi Widya
Yeni Zahra Anisa Citra Della Elvi Farida Hartati Herlina Juliana Kiki Laila Marlina Nadia Neni
Ovi Rosita Susi Tika Winda Yuliana Rosmawati Asmawati Dahlia""".split()

TENGAH_LAKI = """Adi Dwi Eka Hadi Nur Putra Sri Tri Agung Budi Jaya Surya Wira Rahman""".split()
TENGAH_PEREMPUAN = """Ayu Dwi Eka Nur Puspita Sri Tri Wulan Indah Kurnia Dewi""".split()

BELAKANG = """Siregar Nasution Harahap Lubis Sitompul Simanjuntak Hutagalung Tarigan Ginting
Sembiring Hasibuan Pane Daulay Batubara Pohan Rangkuti Wibowo Santoso Susanto Purnomo Prasetyo
Nugroho Saputra Setiawan Hidayat Kurniawan Wijaya Utomo Hartono Effendi Syahputra Rahman Hakim
Firmansyah Ramadhan Pratama Gunawan Suryadi Maulana Habibi Kusuma Hermawan Sinaga Manurung
Panjaitan Situmorang Pardede Tanjung Chaniago Koto Piliang Sikumbang Ismail Yusuf Amin Anwar
Abdullah Syarif Fadli Marpaung Simatupang Damanik Saragih Purba Munthe Zulkarnain Alamsyah
Sulaiman Iskandar Ardiansyah Suherman Sudirman Mulyana""".split()

BELAKANG_PEREMPUAN = """Lestari Wulandari Handayani Rahmawati Sari Puspitasari Anggraini
Novitasari Fitriani Maharani Permatasari Safitri Susanti Purnamasari Utami Rahayu Pratiwi
Kusumawati Oktaviani Hasanah Yuliani Aprilia Damayanti Wahyuni Astuti Marlina Nurhayati
Sulistyowati Herawati Agustina""".split()

# Bachelor's and master's degrees per rumpun (field of study).
SARJANA = {
    "pendidikan": ["S.Pd.", "S.Pd.", "S.Pd.I.", "S.Pd.SD."],
    "kesmas": ["S.K.M.", "S.K.M.", "S.Kep.", "S.Gz."],
    "kesehatan": ["S.K.M.", "S.Tr.Kes.", "S.Si."],
    "perawat": ["S.Kep."], "bidan": ["S.Tr.Keb.", "S.Keb."], "farmasi": ["S.Farm."],
    "gizi": ["S.Gz."],
    "it": ["S.Kom.", "S.Kom.", "S.T.", "S.Si."],
    "keuangan": ["S.E.", "S.E.", "S.Ak.", "S.E."],
    "hukum": ["S.H.", "S.H.", "S.Sos."],
    "teknik": ["S.T.", "S.T.", "S.T.", "S.Ars."],
    "pertanian": ["S.P.", "S.P.", "S.Pt.", "S.TP."],
    "perikanan": ["S.Pi.", "S.Pi.", "S.P."],
    "sosial": ["S.Sos.", "S.Sos.", "S.I.Kom.", "S.Psi."],
    "pemerintahan": ["S.IP.", "S.STP.", "S.Sos.", "S.AP.", "S.H."],
    "perhubungan": ["S.T.", "S.Tr.Tra.", "S.SiT."],
    "umum": ["S.E.", "S.Sos.", "S.H.", "S.AP.", "S.Kom.", "S.IP."],
}
MAGISTER = {
    "pendidikan": ["M.Pd."], "kesmas": ["M.Kes.", "M.K.M."], "kesehatan": ["M.Kes."],
    "perawat": ["M.Kep."], "bidan": ["M.Keb."], "farmasi": ["M.Farm."], "gizi": ["M.Gz."],
    "it": ["M.Kom.", "M.T."], "keuangan": ["M.M.", "M.Si.", "M.Ak."], "hukum": ["M.H."],
    "teknik": ["M.T.", "M.Eng."], "pertanian": ["M.P.", "M.Si."], "perikanan": ["M.Si."],
    "sosial": ["M.Si.", "M.A.P."], "pemerintahan": ["M.Si.", "M.A.P.", "M.M."],
    "perhubungan": ["M.T.", "M.M."], "umum": ["M.M.", "M.Si.", "M.A.P."],
}
AHLI_MADYA = {
    "perawat": "A.Md.Kep.", "bidan": "A.Md.Keb.", "farmasi": "A.Md.Farm.", "gizi": "A.Md.Gz.",
    "kesehatan": "A.Md.Kes.", "kesmas": "A.Md.Kes.", "it": "A.Md.Kom.", "keuangan": "A.Md.Ak.",
    "teknik": "A.Md.T.", "pertanian": "A.Md.P.", "perikanan": "A.Md.Pi.",
    "perhubungan": "A.Md.LLAJ.",
}
SPESIALIS = ["Sp.PD.", "Sp.A.", "Sp.OG.", "Sp.B.", "Sp.An.", "Sp.Rad.", "Sp.P.", "Sp.M."]


def nama_acak(rng, jenis_kelamin):
    """A first, maybe middle, maybe last name (many Indonesians have one or two names)."""
    if jenis_kelamin == "L":
        depan, tengah, belakang = LAKI, TENGAH_LAKI, BELAKANG
    else:
        depan, tengah, belakang = PEREMPUAN, TENGAH_PEREMPUAN, BELAKANG + BELAKANG_PEREMPUAN
    bagian = [rng.choice(depan)]
    r = rng.random()
    if r < 0.25:
        bagian.append(rng.choice(tengah))
    if r > 0.08:
        bagian.append(rng.choice(belakang))
    if bagian[-1] == bagian[0]:
        bagian.pop()
    return " ".join(bagian)


def gelar_acak(rng, *, pendidikan, rumpun, jenis_kelamin, tahun_lahir, rsud=False):
    """(gelar depan, gelar belakang) matching education and field, as written on an SK."""
    depan, belakang = [], []
    tua = tahun_lahir < 1968
    if rumpun in ("dokter", "dokter_gigi"):
        depan.append("dr." if rumpun == "dokter" else "drg.")
        if pendidikan in ("S2", "S3"):
            belakang.append(rng.choice(SPESIALIS) if rsud and rumpun == "dokter"
                            else rng.choice(["M.Kes.", "M.K.M."]))
    elif pendidikan in ("S1", "D4", "S2", "S3"):
        r = "kesmas" if rumpun == "kesmas" else rumpun
        if pendidikan == "D4":
            belakang.append({"bidan": "S.Tr.Keb.", "perawat": "S.Tr.Kep."}.get(r, "S.Tr.Kes."
                            if r in ("kesehatan", "kesmas", "gizi", "farmasi") else "S.ST."))
        elif tua and rumpun in ("umum", "pemerintahan", "sosial", "keuangan", "pendidikan"):
            depan.append("Drs." if jenis_kelamin == "L" else "Dra.")
        elif tua and rumpun in ("teknik", "pertanian"):
            depan.append("Ir.")
        else:
            belakang.append(rng.choice(SARJANA.get(r, SARJANA["umum"])))
        if rumpun == "perawat" and pendidikan != "D4":
            depan.append("Ns.")
        if rumpun == "farmasi" and pendidikan in ("S1", "S2"):
            depan.append("apt.")
        if pendidikan in ("S2", "S3"):
            belakang.append(rng.choice(MAGISTER.get(r, MAGISTER["umum"])))
        if pendidikan == "S3":
            depan.insert(0, "Dr.")
    elif pendidikan == "D3":
        belakang.append(AHLI_MADYA.get(rumpun, "A.Md."))
    elif pendidikan in ("D1", "D2"):
        belakang.append("A.Ma.Pd." if rumpun == "pendidikan" else "A.Ma.")
    if tahun_lahir < 1980 and rng.random() < 0.08:
        depan.insert(0, "H." if jenis_kelamin == "L" else "Hj.")
    return " ".join(depan), ", ".join(belakang)
