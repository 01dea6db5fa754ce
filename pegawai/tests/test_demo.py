"""The demo Pemda (`manage.py demo`): realistic, valid, deterministic, with working logins.

The demo is built once for the module (about 3 s on SQLite) and wiped afterwards; tests that
rebuild or wipe it run inside their own transaction, which rolls back to the shared build.
"""

import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings

from pegawai import access
from pegawai.demo import DEMO_AKUN, DEMO_PASSWORD, demo_build, demo_reset
from pegawai.demo.jabatan import JPT_MADYA_UTAMA_REFERENSI
from pegawai.models import (
    JENIS_OPD,
    TINGKAT_PENDIDIKAN,
    Jabatan,
    JenisJabatan,
    JenisUnit,
    Pegawai,
    RiwayatJabatan,
    UnitKerja,
)
from pegawai.nip import validate_nip
from pegawai.tests.factories import JabatanFactory, UnitFactory

SEED = 2026


# PBKDF2 costs about half a second per login; the demo logins need no real hashing here.
CEPAT = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=CEPAT):
        grup_ada = Group.objects.filter(name=access.GRUP_BKD).exists()
        ringkas = demo_build(seed=SEED)
    yield ringkas
    # This build is committed (outside any test's transaction): leave nothing behind.
    with django_db_blocker.unblock():
        demo_reset()
        if not grup_ada:
            Group.objects.filter(name=access.GRUP_BKD).delete()


@pytest.fixture(autouse=True)
def mode_pengembangan(settings):
    # The test runner sets DEBUG=False; the command only runs in development mode (or with
    # --paksa), which is what `make run` gives.
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = CEPAT


def digest():
    """A fingerprint of every employee and every history row."""
    h = hashlib.sha256()
    for row in Pegawai.objects.order_by("nip").values_list(
        "nip", "nama", "gelar_depan", "gelar_belakang", "unit__kode", "jabatan__kode",
        "golongan", "status_asn", "pendidikan", "tmt_jabatan", "aktif",
    ):
        h.update(repr(row).encode())
    for row in RiwayatJabatan.objects.order_by("pegawai__nip", "tmt_mulai").values_list(
        "pegawai__nip", "unit__kode", "jabatan__kode", "tmt_mulai", "tmt_selesai", "nomor_sk",
    ):
        h.update(repr(row).encode())
    return h.hexdigest()


def unit(nama):
    return UnitKerja.objects.get(nama=nama)


def test_demo_is_a_kabupaten_of_realistic_size(demo, db):
    root = UnitKerja.objects.get(induk=None)
    assert root.jenis == JenisUnit.PEMDA and root.nama.startswith("Pemerintah Kabupaten")
    opd = UnitKerja.objects.filter(jenis__in=JENIS_OPD)
    assert 25 <= opd.count() <= 40
    assert set(opd.values_list("induk", flat=True)) == {root.pk}
    aktif = Pegawai.objects.filter(aktif=True).count()
    assert 2500 <= aktif <= 3500
    assert demo["pegawai_aktif"] == aktif
    marelan = unit("Kecamatan Marelan")
    assert UnitKerja.objects.filter(induk=marelan, jenis=JenisUnit.KELURAHAN).count() >= 3
    # Every OPD has sub-units, and sub-unit codes extend their parent's code.
    for o in opd:
        assert o.anak.exists(), o.nama
    for u in UnitKerja.objects.exclude(induk=None).exclude(induk=root).select_related("induk"):
        assert u.kode.startswith(u.induk.kode + "."), (u.kode, u.induk.kode)
    assert UnitKerja.objects.filter(jenis=JenisUnit.SEKOLAH).count() >= 20
    assert UnitKerja.objects.filter(jenis=JenisUnit.PUSKESMAS).count() >= 5


def test_every_nip_is_valid_and_matches_birth_date_and_gender(demo, db):
    salah = {}
    for p in Pegawai.objects.all():
        errors = validate_nip(p.nip, pppk=p.status_asn == "PPPK", tanggal_lahir=p.tanggal_lahir,
                              jenis_kelamin=p.jenis_kelamin)
        if errors:
            salah[p.nip] = errors
    assert salah == {}
    assert Pegawai.objects.count() == len(set(Pegawai.objects.values_list("nip", flat=True)))


def test_every_kind_of_jabatan_is_in_the_catalogue_and_held_where_a_kabupaten_has_it(demo, db):
    assert set(Jabatan.objects.values_list("jenis", flat=True)) == set(JenisJabatan.values)
    dipegang = set(Pegawai.objects.filter(aktif=True).values_list("jabatan__jenis", flat=True))
    tanpa_pemegang = set(Jabatan.objects.filter(kode__in=JPT_MADYA_UTAMA_REFERENSI)
                         .values_list("jenis", flat=True))
    assert tanpa_pemegang == {JenisJabatan.JPT_MADYA, JenisJabatan.JPT_UTAMA}
    assert dipegang == set(JenisJabatan.values) - tanpa_pemegang
    assert all(1 <= k <= 17 for k in Jabatan.objects.values_list("kelas", flat=True))


def test_each_unit_has_at_most_one_head_and_few_are_vacant(demo, db):
    units = list(UnitKerja.objects.exclude(jabatan_kepala=None))
    kosong = 0
    for u in units:
        n = Pegawai.objects.filter(unit=u, jabatan=u.jabatan_kepala_id, aktif=True).count()
        assert n <= 1, u.nama
        kosong += n == 0
    assert 0 < kosong < len(units) * 0.1
    for o in UnitKerja.objects.filter(jenis__in=JENIS_OPD):
        assert Pegawai.objects.filter(unit=o, jabatan=o.jabatan_kepala_id, aktif=True).exists()


def test_status_education_and_flags_are_mixed_realistically(demo, db):
    aktif = Pegawai.objects.filter(aktif=True)
    n = aktif.count()
    assert 0.10 <= aktif.filter(status_asn="PPPK").count() / n <= 0.20
    assert 0.01 <= aktif.filter(status_asn="CPNS").count() / n <= 0.06
    assert aktif.filter(status_asn="PPPK").exclude(golongan__contains="/").count() == (
        aktif.filter(status_asn="PPPK").count())
    assert not aktif.exclude(status_asn="PPPK").exclude(golongan__contains="/").exists()
    assert Pegawai.objects.filter(aktif=False).count() >= 20
    assert aktif.filter(hukuman_disiplin=True).exists()
    assert aktif.filter(tugas_belajar=True).exists()
    tingkat = TINGKAT_PENDIDIKAN
    kurang = [p for p in aktif.select_related("jabatan")
              if tingkat[p.pendidikan] < tingkat[p.jabatan.pendidikan_minimal]]
    assert 0 < len(kurang) < n * 0.1
    # Degrees follow education: a doctor is "dr.", a D-III nurse an "A.Md.Kep.".
    assert not aktif.filter(jabatan__nama__startswith="Dokter Ahli").exclude(
        gelar_depan__contains="dr.").exists()
    assert not aktif.filter(jabatan__nama="Perawat Terampil", pendidikan="D3").exclude(
        gelar_belakang="A.Md.Kep.").exists()


def test_history_ends_with_the_current_post_and_posts_do_not_overlap(demo, db):
    pegawai = Pegawai.objects.prefetch_related("riwayat")
    for p in pegawai:
        rows = sorted(p.riwayat.all(), key=lambda r: r.tmt_mulai)
        assert 1 <= len(rows) <= 4
        akhir = rows[-1]
        assert (akhir.unit_id, akhir.jabatan_id, akhir.tmt_mulai) == (
            p.unit_id, p.jabatan_id, p.tmt_jabatan)
        assert (akhir.tmt_selesai is None) == p.aktif
        for a, b in zip(rows, rows[1:], strict=False):
            assert a.tmt_mulai <= a.tmt_selesai < b.tmt_mulai
        assert all(r.nomor_sk.count("/") == 3 for r in rows)
    assert RiwayatJabatan.objects.count() >= 2 * Pegawai.objects.count()


def test_dinas_kesehatan_is_thin_on_health_staff_and_dinas_perhubungan_heavy_with_pelaksana(
    demo, db
):
    def komposisi(nama):
        qs = Pegawai.objects.aktif().di_subtree(unit(nama))
        return qs.count(), qs.filter(jabatan__jenis=JenisJabatan.PELAKSANA).count()

    dishub, dishub_pelaksana = komposisi("Dinas Perhubungan")
    assert dishub_pelaksana / dishub > 0.7
    dinkes, dinkes_pelaksana = komposisi("Dinas Kesehatan")
    assert dinkes_pelaksana / dinkes < 0.35
    puskesmas = UnitKerja.objects.filter(jenis=JenisUnit.PUSKESMAS)
    tanpa_dokter = [u for u in puskesmas if not Pegawai.objects.filter(
        unit=u, aktif=True, jabatan__nama__startswith="Dokter").exists()]
    assert tanpa_dokter
    # The worked example of docs/abk.md: in the Dinas Kesehatan unit itself, one Pengelola
    # Layanan Kesehatan and three Pengadministrasi Umum.
    dinkes_unit = unit("Dinas Kesehatan")
    assert Pegawai.objects.filter(unit=dinkes_unit, aktif=True,
                                  jabatan__nama="Pengelola Layanan Kesehatan").count() == 1
    assert Pegawai.objects.filter(unit=dinkes_unit, aktif=True,
                                  jabatan__nama="Pengadministrasi Umum").count() == 3


def test_each_demo_login_has_the_role_it_claims(demo, db):
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[a.username for a in DEMO_AKUN])}
    assert set(users) == {a.username for a in DEMO_AKUN}
    admin = users["admin"]
    assert admin.is_superuser and admin.is_staff and access.pegawai_of(admin) is None

    bkd = users["bkd"]
    assert access.is_bkd(bkd) and bkd.is_staff and not bkd.is_superuser
    bkpsdm = UnitKerja.objects.get(kode="5.03.01")
    assert access.pegawai_of(bkd).unit.path.startswith(bkpsdm.path)
    assert bkd.has_perm("pegawai.change_pegawai") and bkd.has_perm("pegawai.view_unitkerja")

    assert access.unit_dipimpin(users["kadinkes"]) == unit("Dinas Kesehatan")
    assert access.unit_dipimpin(users["kadishub"]) == unit("Dinas Perhubungan")
    puskesmas = access.unit_dipimpin(users["kapuskesmas"])
    assert puskesmas.jenis == JenisUnit.PUSKESMAS
    assert puskesmas.induk == unit("Dinas Kesehatan")

    for username, opd in [("pegawai", "Dinas Kesehatan"), ("pegawai2", "Dinas Perhubungan")]:
        u = users[username]
        p = access.pegawai_of(u)
        assert p.unit.path.startswith(unit(opd).path)
        assert p.jabatan.jenis == JenisJabatan.PELAKSANA
        assert p.status_asn == "PNS" and p.aktif
        assert not (access.is_bkd(u) or access.is_kepala_unit(u))
    for a in DEMO_AKUN:
        u = users[a.username]
        assert u.email == f"{a.username}@manna-raya.go.id"
        assert not u.is_superuser or a.username == "admin"


def test_each_demo_login_signs_in_with_the_demo_password_and_sees_the_home_page(
    demo, db, client
):
    for a in DEMO_AKUN:
        client.logout()
        r = client.post("/masuk/", {"username": a.username, "password": DEMO_PASSWORD})
        assert r.status_code == 302, a.username
        r = client.get("/")
        assert r.status_code == 200, a.username
        assert r.wsgi_request.user.username == a.username


def test_jika_kosong_leaves_a_non_empty_database_alone(demo, db):
    sebelum = digest()
    out = io.StringIO()
    call_command("demo", "--jika-kosong", stdout=out)
    assert "Data sudah ada, demo tidak dimuat ulang" in out.getvalue()
    assert digest() == sebelum


@pytest.mark.parametrize("isi", ["unit", "jabatan"])
def test_jika_kosong_also_leaves_a_database_with_only_units_or_jabatan_alone(db, isi):
    demo_reset()
    if isi == "unit":
        UnitFactory(kode="X1", nama="Unit lama")
    else:
        JabatanFactory(kode="JPT.01", nama="Jabatan hasil impor")
    out = io.StringIO()
    call_command("demo", "--jika-kosong", stdout=out)
    assert "Data sudah ada" in out.getvalue()
    assert not Pegawai.objects.exists()
    assert UnitKerja.objects.count() + Jabatan.objects.count() == 1


def test_plain_demo_refuses_a_non_empty_database(demo, db):
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo", stdout=io.StringIO())


def test_demo_refuses_to_run_without_debug(db, settings):
    demo_reset()
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=False"):
        call_command("demo", "--jika-kosong", stdout=io.StringIO())
    assert not UnitKerja.objects.exists()


def test_same_seed_gives_the_same_data_and_the_command_prints_the_logins(demo, db):
    pertama = digest()
    demo_reset()
    assert not (UnitKerja.objects.exists() or Pegawai.objects.exists()
                or Jabatan.objects.exists())
    assert not get_user_model().objects.filter(
        username__in=[a.username for a in DEMO_AKUN]).exists()
    out = io.StringIO()
    call_command("demo", "--jika-kosong", "--akun", f"--seed={SEED}", stdout=out)
    assert digest() == pertama
    teks = out.getvalue()
    assert "Selesai dalam" in teks
    for a in DEMO_AKUN:
        assert a.username in teks
    assert teks.count(DEMO_PASSWORD) == len(DEMO_AKUN)
    assert "Kepala Puskesmas" in teks and "Puskesmas Marelan" in teks


def test_reset_with_another_seed_gives_other_people(demo, db):
    pertama = digest()
    out = io.StringIO()
    call_command("demo", "--reset", "--seed=7", stdout=out)
    assert "Menghapus" in out.getvalue()
    assert digest() != pertama
    assert 2500 <= Pegawai.objects.filter(aktif=True).count() <= 3500
    assert get_user_model().objects.filter(username="kadinkes").exists()


def test_demo_fills_the_pemda_profile_with_the_demos_own_pemda(demo, db):
    """Issue 11 item 16: the SK of the demo is headed by Kabupaten Manna Raya, not by the
    settings' placeholder."""
    from pegawai.models import ProfilPemda

    root = UnitKerja.objects.get(induk=None)
    profil = ProfilPemda.ambil()
    assert profil.nama_pemda == root.nama == "Pemerintah Kabupaten Manna Raya"
    assert profil.kepala_daerah == "Bupati Manna Raya"
    assert "Contoh" not in " ".join(str(v) for v in vars(profil).values())
