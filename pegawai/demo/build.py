"""Writes the demo Pemda into the database: units, jabatan, employees, history, logins."""

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from pegawai.access import GRUP_BKD
from pegawai.hooks import units_changed
from pegawai.models import (
    JENIS_OPD,
    Jabatan,
    JenisJabatan,
    JenisUnit,
    Pegawai,
    ProfilPemda,
    RiwayatJabatan,
    UnitKerja,
)
from pegawai.nip import make_nip
from pegawai.services import unit_tree_refresh

from .akun import DEMO_AKUN, DEMO_PASSWORD
from .jabatan import KATALOG, keluarga_jabatan
from .orang import STRUKTURAL, TANGGAL_ACUAN, orang
from .unit import DOMAIN_EMAIL, PROFIL_PEMDA, pohon

BATCH = 500
# Sub-unit heads left vacant now and then (a Plt. covers them in real life).
PELUANG_KOSONG = 0.05
PELUANG_PENSIUN = 0.03
JENIS_BISA_KOSONG = {JenisUnit.SEKSI, JenisUnit.UPT, JenisUnit.KELURAHAN}


def _ratakan(tree):
    """Units in tree order as dicts with kode, induk kode and the OPD they belong to."""
    hasil = []

    def jalan(n, kode, induk, opd, tingkat=0):
        u = {**n, "kode": kode, "induk": induk, "tingkat": tingkat}
        if n["jenis"] in JENIS_OPD:
            opd = u
        u["opd"] = opd
        hasil.append(u)
        for i, anak in enumerate(n["anak"], start=1):
            jalan(anak, anak.get("kode") or f"{kode}.{i:02d}", kode, opd, tingkat + 1)

    jalan(tree, tree["kode"], None, None)
    # Sub-unit names repeat across OPD ("Sekretariat", "Seksi Pemerintahan"): qualify them.
    hitung = {}
    for u in hasil:
        hitung[u["nama"]] = hitung.get(u["nama"], 0) + 1
    for u in hasil:
        if hitung[u["nama"]] > 1 and u["opd"] is not None and u["opd"] is not u:
            opd = u["opd"]
            if u["nama"] in ("Sekretariat", "Sekretariat Kecamatan"):
                u["nama"] = f"Sekretariat {opd['nama']}"
            else:
                u["nama"] = f"{u['nama']} {opd['singkatan']}"
    return hasil


def _sk(rng, tmt, kode):
    instansi = "BKD" if tmt.year < 2017 else "BKPSDM"
    tanggal = tmt - dt.timedelta(days=rng.randint(5, 40))
    return f"{kode}/{rng.randint(1, 999)}/{instansi}/{tanggal.year}", tanggal


def _nip_unik(rng, data, dipakai):
    pppk = data["status_asn"] == "PPPK"
    urut = rng.randint(1, 12)
    while True:
        nip = make_nip(data["tanggal_lahir"], data["mulai"], data["jenis_kelamin"], urut,
                       pppk=pppk)
        if nip not in dipakai:
            dipakai.add(nip)
            return nip
        urut += 1


def _hari_sebelum(d):
    return d - dt.timedelta(days=1)


def demo_build(*, seed=2026):
    """Build the demo Pemda into an empty database; return a summary of what was made."""
    mulai_jam = time.monotonic()
    rng = random.Random(seed)
    with transaction.atomic():
        jabatan = _buat_jabatan()
        units = _buat_unit()
        slots = _rencana(rng, units, jabatan)
        ringkas = _buat_pegawai(rng, slots, units, jabatan)
        akun_baru, akun_lama = _buat_akun(slots)
        ProfilPemda.objects.update_or_create(pk=1, defaults=PROFIL_PEMDA)
        units_changed([u["id"] for u in units])
    ringkas.update(
        seed=seed,
        unit=len(units),
        opd=sum(1 for u in units if u["jenis"] in JENIS_OPD),
        jabatan=len(jabatan),
        akun_baru=akun_baru,
        akun_lama=akun_lama,
        detik=round(time.monotonic() - mulai_jam, 1),
    )
    return ringkas


def _buat_jabatan():
    Jabatan.objects.bulk_create(
        [Jabatan(kode=k, nama=n, jenis=j, kelas=kelas, pendidikan_minimal=p)
         for k, n, j, kelas, p, _r in KATALOG], batch_size=BATCH)
    ids = dict(Jabatan.objects.values_list("kode", "id"))
    return {n: {"id": ids[k], "kode": k, "nama": n, "jenis": j, "kelas": kelas,
                "pendidikan_minimal": p, "rumpun": r, "keluarga": keluarga_jabatan(n)}
            for k, n, j, kelas, p, r in KATALOG}


def _buat_unit():
    units = _ratakan(pohon())
    kepala_ids = dict(Jabatan.objects.values_list("nama", "id"))
    ids = {}
    # One level at a time, so each unit is inserted with its parent's id already known.
    for tingkat in sorted({u["tingkat"] for u in units}):
        UnitKerja.objects.bulk_create(
            [UnitKerja(kode=u["kode"], nama=u["nama"], jenis=u["jenis"],
                       induk_id=ids[u["induk"]] if u["induk"] else None,
                       jabatan_kepala_id=kepala_ids[u["kepala"]] if u["kepala"] else None)
             for u in units if u["tingkat"] == tingkat], batch_size=BATCH)
        ids = dict(UnitKerja.objects.values_list("kode", "id"))
    for u in units:
        u["id"] = ids[u["kode"]]
    unit_tree_refresh()
    return units


def _unit_akun(units):
    """kode of the unit each demo login works in, by unit name."""
    by_nama = {u["nama"]: u["kode"] for u in units}
    return {a.username: (by_nama[a.unit], a.jabatan) for a in DEMO_AKUN if a.unit}


def _rencana(rng, units, jabatan):
    """Who sits where: one slot per employee (unit, jabatan, head?, retired?, login?)."""
    akun_di = {v: k for k, v in _unit_akun(units).items()}
    wajib_isi = {kode for kode, _j in akun_di}
    slots = []
    for u in units:
        if u["kepala"]:
            kosong = (u["jenis"] in JENIS_BISA_KOSONG and u["kode"] not in wajib_isi
                      and rng.random() < PELUANG_KOSONG)
            if not kosong:
                slots.append({"unit": u, "jab": jabatan[u["kepala"]], "kepala": True})
        for nama_jab, lo, hi in u["staf"]:
            for _ in range(rng.randint(lo, hi)):
                slots.append({"unit": u, "jab": jabatan[nama_jab], "kepala": False})
    for s in slots:
        key = (s["unit"]["kode"], s["jab"]["nama"])
        if key in akun_di:
            s["akun"] = akun_di.pop(key)
    # Retired employees keep their last post on record; they do not count as bezetting.
    pensiun = [dict(s, kepala=False, pensiun=True) for s in slots
               if not s["kepala"] and "akun" not in s and rng.random() < PELUANG_PENSIUN]
    return slots + pensiun


def _rumpun(rng, jab, opd):
    r = jab["rumpun"]
    if r == "opd":
        return opd["rumpun"] if opd and rng.random() < 0.7 else "umum"
    if r == "umum" and opd and rng.random() < 0.3:
        return opd["rumpun"] if opd["rumpun"] not in ("dokter",) else "umum"
    return r


def _buat_pegawai(rng, slots, units, jabatan):
    dipakai = set()
    rows = []
    for s in slots:
        u, jab = s["unit"], s["jab"]
        data = orang(rng, jab, jab["keluarga"], rumpun=_rumpun(rng, jab, u["opd"]),
                     rsud=u["opd"] is not None and u["opd"]["jenis"] == JenisUnit.RSUD,
                     pensiun=s.get("pensiun", False), akun="akun" in s)
        data["nip"] = _nip_unik(rng, data, dipakai)
        s["data"] = data
        rows.append(Pegawai(
            nip=data["nip"], nama=data["nama"], gelar_depan=data["gelar_depan"],
            gelar_belakang=data["gelar_belakang"], status_asn=data["status_asn"],
            golongan=data["golongan"], jabatan_id=jab["id"], unit_id=u["id"],
            tmt_jabatan=data["tmt_jabatan"], tanggal_lahir=data["tanggal_lahir"],
            jenis_kelamin=data["jenis_kelamin"], pendidikan=data["pendidikan"],
            hukuman_disiplin=data["hukuman_disiplin"], tugas_belajar=data["tugas_belajar"],
            aktif=data["aktif"],
            email=f"{s['akun']}@{DOMAIN_EMAIL}" if "akun" in s else "",
        ))
    Pegawai.objects.bulk_create(rows, batch_size=BATCH)
    ids = dict(Pegawai.objects.values_list("nip", "id"))
    for s in slots:
        s["id"] = ids[s["data"]["nip"]]

    riwayat = _riwayat(rng, slots, units, jabatan)
    RiwayatJabatan.objects.bulk_create(riwayat, batch_size=BATCH)
    aktif = [s for s in slots if s["data"]["aktif"]]
    return {
        "pegawai": len(slots),
        "pegawai_aktif": len(aktif),
        "pensiun": len(slots) - len(aktif),
        "pppk": sum(1 for s in aktif if s["data"]["status_asn"] == "PPPK"),
        "cpns": sum(1 for s in aktif if s["data"]["status_asn"] == "CPNS"),
        "riwayat": len(riwayat),
    }


def _tangga(rng, jab, jabatan):
    """Posts an employee plausibly held before `jab`, oldest first (may be empty)."""
    nama, jenis = jab["nama"], jab["jenis"]
    pelaksana = rng.choice(["Pengadministrasi Umum", "Pengadministrasi Perkantoran",
                            "Pengolah Data", "Pengelola Keuangan"])
    if jenis == JenisJabatan.JPT_PRATAMA:
        return [pelaksana, rng.choice(["Kepala Seksi", "Kepala Subbagian"]),
                rng.choice(["Kepala Bidang", "Kepala Bidang", "Sekretaris Dinas",
                            "Kepala Bagian"])]
    if nama == "Camat":
        return [pelaksana, rng.choice(["Kepala Seksi", "Lurah"]), "Sekretaris Camat"]
    if jenis == JenisJabatan.ADMINISTRATOR:
        return [pelaksana, rng.choice(["Kepala Seksi", "Kepala Subbagian", "Lurah"])]
    if nama == "Kepala Puskesmas":
        return [rng.choice(["Penyuluh Kesehatan Masyarakat Ahli Pertama",
                            "Epidemiolog Kesehatan Ahli Pertama"]),
                "Administrator Kesehatan Ahli Muda"]
    if nama == "Kepala Sekolah":
        return ["Guru Ahli Pertama", "Guru Ahli Muda"]
    if jenis == JenisJabatan.PENGAWAS:
        return [pelaksana, rng.choice([pelaksana, "Analis Kebijakan Ahli Pertama"])]
    keluarga = jab["keluarga"]
    if keluarga != nama:
        lebih_rendah = sorted(
            (j for j in jabatan.values()
             if j["keluarga"] == keluarga and j["kelas"] < jab["kelas"]),
            key=lambda j: (j["kelas"], j["kode"]))
        return [j["nama"] for j in lebih_rendah][-2:]
    return [rng.choice(["Pengadministrasi Umum", nama])]


def _riwayat(rng, slots, units, jabatan):
    """1–3 past posts per employee with room for them, plus the current open one."""
    kepala_tmt = {s["unit"]["kode"]: s["data"]["tmt_jabatan"] for s in slots if s["kepala"]}
    unit_kepala = {}
    unit_staf = {}
    for u in units:
        if u["kepala"]:
            unit_kepala.setdefault(u["kepala"], []).append(u)
    for s in slots:
        daftar = unit_staf.setdefault(s["jab"]["nama"], [])
        if not daftar or daftar[-1] is not s["unit"]:
            daftar.append(s["unit"])
    rows = []
    for s in slots:
        d, u, jab = s["data"], s["unit"], s["jab"]
        mulai, tmt = d["mulai"], d["tmt_jabatan"]
        bulan = (tmt.year - mulai.year) * 12 + tmt.month - mulai.month
        posts = []
        if bulan >= 12:
            tangga = _tangga(rng, jab, jabatan)
            n = rng.randint(1, 3)
            if jab["jenis"] in STRUKTURAL:
                n = max(n, len(tangga))
            n = min(n, 3, max(1, bulan // 24))
            while len(tangga) < n:
                tangga.insert(0, "Pengadministrasi Umum" if jab["jenis"] in STRUKTURAL
                              else jab["nama"])
            tangga = tangga[-n:]
            if jabatan[tangga[0]]["jenis"] in STRUKTURAL:
                # Nobody starts their career as a unit head.
                tangga[0] = "Pengadministrasi Umum"
            titik = sorted(rng.sample(range(1, bulan), n - 1)) if n > 1 else []
            awal = [mulai] + [_tambah_bulan(mulai, b) for b in titik]
            for i, nama_jab in enumerate(tangga):
                selesai = _hari_sebelum(awal[i + 1] if i + 1 < n else tmt)
                pj = jabatan[nama_jab]
                pu = _unit_lalu(rng, pj, u, selesai, unit_kepala, unit_staf, kepala_tmt)
                if pu is None:
                    pj, pu = jabatan["Pengadministrasi Umum"], u["opd"] or u
                posts.append((pu, pj, awal[i], selesai))
        posts.append((u, jab, tmt, d["pensiun"] and _hari_sebelum(d["pensiun"])))
        for i, (pu, pj, dari, sampai) in enumerate(posts):
            if i == 0:
                kode_sk, ket = (("810", "Pengangkatan PPPK") if d["status_asn"] == "PPPK"
                                else ("813.3", "Pengangkatan CPNS"))
            elif pj["jenis"] in STRUKTURAL:
                kode_sk, ket = "821.2", "Pengangkatan dalam jabatan"
            elif pj["keluarga"] == posts[i - 1][1]["keluarga"] and pj is not posts[i - 1][1]:
                kode_sk, ket = "821.2", "Kenaikan jenjang jabatan fungsional"
            else:
                kode_sk, ket = "821.2", "Mutasi"
            if sampai and i == len(posts) - 1:
                ket = f"{ket}; pensiun BUP TMT {d['pensiun']:%d-%m-%Y}"
            nomor, tanggal = _sk(rng, dari, kode_sk)
            rows.append(RiwayatJabatan(
                pegawai_id=s["id"], unit_id=pu["id"], jabatan_id=pj["id"], tmt_mulai=dari,
                tmt_selesai=sampai or None, nomor_sk=nomor, tanggal_sk=tanggal, keterangan=ket))
    return rows


def _tambah_bulan(d, n):
    m = d.year * 12 + d.month - 1 + n
    return dt.date(m // 12, m % 12 + 1, 1)


def _unit_lalu(rng, pj, unit_kini, selesai, unit_kepala, unit_staf, kepala_tmt):
    """A unit where `pj` was plausibly held until `selesai`; None if there is none."""
    opd = unit_kini["opd"]
    if pj["nama"] in unit_kepala:
        # A past head post must end before the unit's current head took office.
        calon = [u for u in unit_kepala[pj["nama"]]
                 if u is not unit_kini and kepala_tmt.get(u["kode"], TANGGAL_ACUAN) > selesai]
    else:
        calon = unit_staf.get(pj["nama"], [])
    if not calon:
        return None
    sama = [u for u in calon if u["opd"] is opd]
    if sama and rng.random() < 0.6:
        return rng.choice(sama)
    return rng.choice(calon)


def _buat_akun(slots):
    """The demo logins; an existing user of that name keeps its password."""
    User = get_user_model()
    hash_ = make_password(DEMO_PASSWORD)
    pegawai_akun = {s["akun"]: s["id"] for s in slots if "akun" in s}
    grup, grup_baru = Group.objects.get_or_create(name=GRUP_BKD)
    if grup_baru or not grup.permissions.exists():
        # BKD keeps master data in the Django admin (is_staff): give it the pegawai models.
        grup.permissions.set(Permission.objects.filter(
            content_type__app_label="pegawai",
            codename__regex=r"^(view|add|change)_(jabatan|unitkerja|pegawai|riwayatjabatan)$"))
    baru, lama = [], []
    for a in DEMO_AKUN:
        user = User.objects.filter(username=a.username).first()
        if user is None:
            nama = a.peran
            if a.username in pegawai_akun:
                nama = Pegawai.objects.get(pk=pegawai_akun[a.username]).nama_lengkap
            user = User.objects.create(
                username=a.username, password=hash_, email=f"{a.username}@{DOMAIN_EMAIL}",
                first_name=nama[:150], is_staff=a.staf, is_superuser=a.superuser)
            baru.append(a.username)
        else:
            lama.append(a.username)
        if a.bkd:
            user.groups.add(grup)
        if a.username in pegawai_akun:
            Pegawai.objects.filter(user=user).update(user=None)
            Pegawai.objects.filter(pk=pegawai_akun[a.username]).update(user=user)
    return baru, lama
