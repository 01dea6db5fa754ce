"""Every URL pattern of the project × every role, against a table of expected answers.

A URL pattern that is missing from EXPECTED fails the test, so every new page must state
who may see it. Roles: anonymous, an employee, the head of the employee's unit, the head of
another unit, BKD staff.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anon", "pegawai", "kepala_asal", "kepala_lain", "bkd"]
LOGIN = 302  # anonymous users are redirected to the login page


def _all(anon, pegawai, kepala_asal, kepala_lain, bkd):
    return dict(zip(ROLES, [anon, pegawai, kepala_asal, kepala_lain, bkd], strict=True))


def _with_periode(cast, kwargs):
    """Make an active ABK periode exist (exports need one), then return `kwargs`."""
    from bebankerja.models import PeriodeAbk

    PeriodeAbk.objects.get_or_create(tahun=2026, defaults={"aktif": True})
    return kwargs


def _impor_job(cast):
    """An import job to open the status page of."""
    from pegawai.models import ImporJob

    job = ImporJob.objects.create(jenis="pegawai", nama_file="pegawai.xlsx",
                                  dibuat_oleh=cast.u_bkd)
    return {"pk": job.pk}


def _permohonan(cast, status="diajukan", **extra):
    """A transfer request of cast.pegawai (Dinas Kesehatan → Dinas Perhubungan)."""
    from mutasi.tests.factories import buat_permohonan

    return {"pk": buat_permohonan(cast, status).pk, **extra}


def _sk(cast):
    """The decree of a request of cast.pegawai in status sk_terbit."""
    from mutasi.models import PermohonanMutasi
    from mutasi.tests.factories import buat_permohonan

    p = buat_permohonan(cast, "sk_terbit")
    return {"pk": PermohonanMutasi.objects.get(pk=p.pk).sk_id}


def _dokumen(cast):
    from mutasi.tests.factories import kwargs_dokumen

    return kwargs_dokumen(cast)


def _rencana(cast):
    """A finished plan run of periode 2026."""
    from bebankerja.models import PeriodeAbk
    from mutasi.models import RencanaMutasi

    periode, _c = PeriodeAbk.objects.get_or_create(tahun=2026, defaults={"aktif": True})
    return {"pk": RencanaMutasi.objects.create(periode=periode, status="selesai").pk}


def _skenario(cast, **extra):
    """A scenario with one move of cast.pegawai (Dinas Kesehatan → Dinas Perhubungan)."""
    from bebankerja.models import PeriodeAbk
    from mutasi.models import Skenario, SkenarioPindah

    periode, _c = PeriodeAbk.objects.get_or_create(tahun=2026, defaults={"aktif": True})
    sk = Skenario.objects.create(nama="Skenario uji", periode=periode)
    SkenarioPindah.objects.create(
        skenario=sk, pegawai=cast.pegawai, dari_unit=cast.dinkes, dari_jabatan=cast.j_pelaksana,
        ke_unit=cast.dishub, ke_jabatan=cast.j_pelaksana, urutan=1)
    return {"pk": sk.pk, **extra}


# name → (kwargs builder taking the cast, expected status per role)
EXPECTED = {
    "beranda": (None, _all(LOGIN, 200, 200, 200, 200)),
    "login": (None, _all(200, 302, 302, 302, 302)),
    "logout": (None, _all(405, 405, 405, 405, 405)),  # POST only
    "pegawai:daftar": (None, _all(LOGIN, 403, 200, 200, 200)),
    "pegawai:ekspor": (None, _all(LOGIN, 403, 200, 200, 200)),
    "pegawai:profil": (None, _all(LOGIN, 200, 200, 200, 200)),
    "pegawai:unit_pohon": (None, _all(LOGIN, 403, 200, 200, 200)),
    "pegawai:detail": (lambda c: {"nip": c.pegawai.nip}, _all(LOGIN, 200, 200, 404, 200)),
    "bebankerja:dasbor": (None, _all(LOGIN, 403, 200, 200, 200)),
    "bebankerja:dasbor_ekspor": (
        lambda c: _with_periode(c, {}), _all(LOGIN, 403, 200, 200, 200)),
    "bebankerja:unit_peta": (
        lambda c: _with_periode(c, {"pk": c.dinkes.pk}), _all(LOGIN, 403, 200, 404, 200)),
    "bebankerja:unit_peta_ekspor": (
        lambda c: _with_periode(c, {"pk": c.dinkes.pk}), _all(LOGIN, 403, 200, 404, 200)),
    "bebankerja:abk_unit": (
        lambda c: _with_periode(c, {"pk": c.dinkes.pk}), _all(LOGIN, 403, 200, 404, 200)),
    "bebankerja:abk_jabatan": (
        lambda c: _with_periode(c, {"pk": c.dinkes.pk, "jabatan_pk": c.j_pelaksana.pk}),
        _all(LOGIN, 403, 200, 404, 200)),
    "bebankerja:periode_daftar": (None, _all(LOGIN, 403, 403, 403, 200)),
    "bebankerja:impor": (None, _all(LOGIN, 403, 403, 403, 200)),
    "bebankerja:impor_template": (None, _all(LOGIN, 403, 403, 403, 200)),
    "bebankerja:periode_aktifkan": (
        lambda c: _with_periode(c, {"tahun": 2026}), _all(405, 405, 405, 405, 405)),
    "bebankerja:periode_salin": (
        lambda c: _with_periode(c, {"tahun": 2026}), _all(405, 405, 405, 405, 405)),
    "bebankerja:periode_hapus": (
        lambda c: _with_periode(c, {"tahun": 2026}), _all(405, 405, 405, 405, 405)),
    # BKD only: the Pemda-wide redistribution plan (GET only); its export needs a periode
    "bebankerja:redistribusi": (None, _all(LOGIN, 403, 403, 403, 200)),
    "bebankerja:proyeksi": (None, _all(LOGIN, 403, 403, 403, 200)),
    "bebankerja:proyeksi_ekspor": (
        lambda c: _with_periode(c, {}), _all(LOGIN, 403, 403, 403, 200)),
    "bebankerja:redistribusi_ekspor": (
        lambda c: _with_periode(c, {}), _all(LOGIN, 403, 403, 403, 200)),
    "bebankerja:unit_jabatan_pegawai": (
        lambda c: {"pk": c.dinkes.pk, "jabatan_pk": c.j_pelaksana.pk},
        _all(LOGIN, 403, 200, 404, 200)),
    "pegawai:impor": (None, _all(LOGIN, 403, 403, 403, 200)),
    "pegawai:profil_pemda": (None, _all(LOGIN, 403, 403, 403, 200)),
    "pegawai:impor_template": (lambda c: {"jenis": "pegawai"}, _all(LOGIN, 403, 403, 403, 200)),
    "pegawai:impor_status": (_impor_job, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:saya": (None, _all(LOGIN, 200, 200, 200, 200)),
    "mutasi:buat": (None, _all(LOGIN, 200, 200, 200, 200)),
    # the form's advice panel (aggregate snapshot figures): whoever may open the form
    "mutasi:saran_unit": (None, _all(LOGIN, 200, 200, 200, 200)),
    "mutasi:buat_organisasi": (None, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:menunggu": (None, _all(LOGIN, 403, 200, 200, 200)),
    "mutasi:antrean": (None, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:antrean_ekspor": (None, _all(LOGIN, 403, 403, 403, 200)),
    # submitted: the receiving head sees it only once the origin head endorsed it
    "mutasi:detail": (_permohonan, _all(LOGIN, 200, 200, 404, 200)),
    "mutasi:dokumen": (_dokumen, _all(LOGIN, 200, 200, 404, 200)),
    # BKD replaces the person of an objected organisational-need request; others 403/404
    "mutasi:ganti_pegawai": (lambda c: _permohonan(c, "keberatan"),
                             _all(LOGIN, 403, 404, 404, 200)),
    # a draft: only the employee and BKD see it; only the employee may edit or submit it
    "mutasi:ubah": (lambda c: _permohonan(c, "draft"), _all(LOGIN, 200, 404, 404, 403)),
    "mutasi:ajukan": (lambda c: _permohonan(c, "draft"), _all(LOGIN, 200, 404, 404, 403)),
    # POST only
    "mutasi:aksi": (lambda c: _permohonan(c, aksi="endorse"), _all(405, 405, 405, 405, 405)),
    "mutasi:pengecualian": (_permohonan, _all(405, 405, 405, 405, 405)),
    "mutasi:unggah": (_permohonan, _all(405, 405, 405, 405, 405)),
    "mutasi:dokumen_hapus": (
        lambda c: _permohonan(c, dok=1), _all(405, 405, 405, 405, 405)),
    # decrees: BKD issues and lists them; a decree's PDF goes to the employee it names and
    # the heads of both units (kepala_lain heads the receiving unit here), others get 404
    "mutasi:sk_daftar": (None, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:sk_terbitkan": (None, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:sk_unduh": (_sk, _all(LOGIN, 200, 200, 200, 200)),
    "mutasi:waktu_proses": (None, _all(LOGIN, 403, 403, 403, 200)),
    # the balance planner: BKD only; the POST-only actions answer GET with 405
    "mutasi:perencana": (None, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:perencana_rencana": (_rencana, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:perencana_skenario_baru": (None, _all(405, 405, 405, 405, 405)),
    "mutasi:perencana_skenario": (_skenario, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:perencana_skenario_ekspor": (_skenario, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:perencana_pindah_tambah": (_skenario, _all(405, 405, 405, 405, 405)),
    "mutasi:perencana_pindah_hapus": (
        lambda c: _skenario(c, pindah=1), _all(405, 405, 405, 405, 405)),
    "mutasi:perencana_pindah_ganti": (
        lambda c: _skenario(c, pindah=1), _all(405, 405, 405, 405, 405)),
    "mutasi:perencana_permohonan": (_skenario, _all(405, 405, 405, 405, 405)),
    "mutasi:perencana_banding": (None, _all(LOGIN, 403, 403, 403, 200)),
    "mutasi:perencana_abk_tambah": (_skenario, _all(405, 405, 405, 405, 405)),
    "mutasi:perencana_abk_hapus": (
        lambda c: _skenario(c, abk=1), _all(405, 405, 405, 405, 405)),
}

# Django's admin guards itself (staff only); its generated URLs are checked as a family.
ADMIN_NAMESPACE = "admin"


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


def project_url_names():
    return sorted(
        {n for n in _walk(get_resolver().url_patterns) if not n.startswith(ADMIN_NAMESPACE + ":")}
    )


def test_every_url_pattern_is_in_the_table():
    missing = [n for n in project_url_names() if n not in EXPECTED]
    assert not missing, f"URL tanpa baris di tabel EXPECTED: {missing}"
    stale = [n for n in EXPECTED if n not in project_url_names()]
    assert not stale, f"baris tabel tanpa URL: {stale}"


def user_for(cast, role):
    return {
        "anon": None,
        "pegawai": cast.u_pegawai,
        "kepala_asal": cast.u_kepala_asal,
        "kepala_lain": cast.u_kepala_tujuan,
        "bkd": cast.u_bkd,
    }[role]


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_url_answers_role_as_expected(client, cast, name, role):
    kwargs_builder, expected = EXPECTED[name]
    url = reverse(name, kwargs=kwargs_builder(cast) if kwargs_builder else None)
    user = user_for(cast, role)
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == expected[role], (name, role, response.status_code)
    if role == "anon" and expected[role] == LOGIN:
        assert reverse("login") in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(client, cast, role):
    user = user_for(cast, role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_admin_pages_open_for_superuser(client, cast):
    client.force_login(cast.u_admin)
    for name in ["admin:index", "admin:pegawai_pegawai_changelist",
                 "admin:pegawai_unitkerja_changelist", "admin:pegawai_jabatan_changelist"]:
        assert client.get(reverse(name)).status_code == 200, name


# Every GET parameter a view or filter reads (views: request.GET; FilterSets: their fields).
PARAMETER_GET = sorted({
    "cetak", "halaman", "jabatan", "jabatan_tujuan", "periode", "permohonan", "urut", "nip",
    "q", "unit", "golongan", "status_asn", "aktif", "opd", "jenis", "grade", "status",
    "asal_permohonan", "alasan", "dari", "sampai", "page", "next", "hanya_kurang", "a", "b",
})


def test_the_get_parameter_list_covers_what_the_views_read():
    """A view that starts reading a new parameter must be added to PARAMETER_GET."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    dibaca = set()
    for app in ("pegawai", "bebankerja", "mutasi", "config"):
        for f in (root / app).rglob("*.py"):
            if "tests" in f.parts:
                continue
            teks = f.read_text(encoding="utf-8")
            dibaca |= set(re.findall(r"GET(?:\.get|\.getlist)?[\(\[][\"'](\w+)", teks))
            if f.name == "filters.py":
                for daftar in re.findall(r"fields = \[([^\]]*)\]", teks):
                    dibaca |= set(re.findall(r"\"(\w+)\"", daftar))
    assert dibaca - set(PARAMETER_GET) == set()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_nul_character_in_any_url_or_get_parameter_is_a_400_never_a_500(client, cast, name):
    """Probe: `/pegawai/%00/` and `?nip=%00` gave a 500 (Django's technical page under DEBUG)."""
    builder, _expected = EXPECTED[name]
    kwargs = builder(cast) if builder else {}
    client.force_login(cast.u_bkd)
    url = reverse(name, kwargs=kwargs)
    for bad in (url + "%00", url.rstrip("/") + "%00/"):
        r = client.get(bad)
        assert r.status_code in (400, 404), (bad, r.status_code)
    for param in PARAMETER_GET:
        r = client.get(url, {param: "a\x00b"})
        assert r.status_code == 400, (url, param, r.status_code)
        assert "karakter NUL" in r.content.decode()
    r = client.get(url, {"x\x00": "1"})
    assert r.status_code == 400


def test_a_nul_character_in_a_posted_field_is_a_400(client, cast):
    client.force_login(cast.u_pegawai)
    r = client.post(reverse("mutasi:buat"), {"justifikasi": "a\x00b"})
    assert r.status_code == 400 and "isian justifikasi" in r.content.decode()


def test_pegawai_detail_with_nul_in_the_nip_is_400_on_the_probe_urls(client, cast):
    client.force_login(cast.u_bkd)
    assert client.get("/pegawai/%00/").status_code == 400
    assert client.get("/mutasi/baru/organisasi/?nip=%00").status_code == 400
