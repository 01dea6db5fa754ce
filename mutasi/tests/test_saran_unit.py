"""The transfer form's advice: where the employee's jabatan is short, defaults and prefill.

The cast's employee is a Pengadministrasi Umum (PU) in Dinas Kesehatan. In the active ABK
periode PU is short in Dinas Perhubungan (−3), Kecamatan (−2), Puskesmas Kota (−1) and
Dinas Kesehatan itself (−2, the employee's own unit); BKD has exactly what it needs.
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bebankerja.hitung import balance_recompute
from bebankerja.models import PeriodeAbk, SnapshotUnit, TugasJabatan
from mutasi.models import PermohonanMutasi, Status
from mutasi.tests.factories import buat_permohonan
from pegawai.models import JenisUnit
from pegawai.tests.factories import PegawaiFactory, UnitFactory, UserFactory

# volume × 5 minutes; 15,000 a year is one person's 75,000 minutes
SATU_ORANG = 15000


def _butuh(periode, unit, jabatan, orang):
    """Tasks worth `orang` people for `jabatan` in `unit` (beban kept as the services do)."""
    volume = Decimal(SATU_ORANG * orang)
    TugasJabatan.objects.create(
        periode=periode, unit=unit, jabatan=jabatan, uraian="Mengagendakan surat",
        satuan_hasil="surat", volume=volume, norma_waktu=Decimal(5),
        beban_menit=volume * 5)


@pytest.fixture
def abk(cast):
    """The active periode 2026 as in the module docstring, computed; plus an inactive 2025
    in which BKD is very short of PU (it must never show)."""
    c = cast
    c.kecamatan = UnitFactory(kode="KEC1", nama="Kecamatan Kota", induk=c.pemda,
                              jenis=JenisUnit.KECAMATAN)
    lama = PeriodeAbk.objects.create(tahun=2025, aktif=False)
    _butuh(lama, c.bkd_unit, c.j_pelaksana, 10)
    balance_recompute(periode=lama)

    c.periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    pu = c.j_pelaksana
    _butuh(c.periode, c.dinkes, pu, 3)        # has 1 (the employee): −2, own unit
    _butuh(c.periode, c.dishub, pu, 4)        # has 1 (outsider): −3
    _butuh(c.periode, c.kecamatan, pu, 2)     # has 0: −2
    _butuh(c.periode, c.puskesmas, pu, 1)     # has 0: −1
    _butuh(c.periode, c.bkd_unit, pu, 1)      # has 1 (BKD staff): 0
    _butuh(c.periode, c.dishub, c.j_kapus, 5)  # another jabatan's deficit
    balance_recompute(periode=c.periode)
    return c


def _saran(response):
    return [(r.unit.nama, r.opd.nama if r.opd else None, r.kebutuhan, r.bezetting, r.selisih)
            for r in response.context["saran"].baris]


def _terpilih(html, name):
    """The value of the selected option of <select name=name>, or None."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    m = re.search(r'<option value="([^"]*)" selected>', select)
    return m.group(1) if m else None


# The panel


def test_panel_lists_units_short_of_the_jabatan_most_short_first(client, abk):
    client.force_login(abk.u_pegawai)
    r = client.get(reverse("mutasi:buat"))
    assert r.status_code == 200
    # not Dinas Kesehatan (own unit), not BKD (no deficit), not 2025's figures
    assert _saran(r) == [
        ("Dinas Perhubungan", None, 4, 1, -3),
        ("Kecamatan Kota", None, 2, 0, -2),
        ("Puskesmas Kota", "Dinas Kesehatan", 1, 0, -1),
    ]
    html = r.content.decode()
    assert "Di mana Anda dibutuhkan" in html
    assert "Pengadministrasi Umum" in html and "ABK 2026" in html
    confirmed = SnapshotUnit.objects.filter(periode=abk.periode, unit=abk.dishub).get().dihitung
    assert r.context["saran"].dihitung == confirmed
    assert "Angka dihitung" in html


def test_panel_shows_at_most_ten_units(client, abk):
    for i in range(12):
        _butuh(abk.periode, UnitFactory(nama=f"UPT {i:02d}", induk=abk.pemda), abk.j_pelaksana,
               5)
    balance_recompute(periode=abk.periode)
    client.force_login(abk.u_pegawai)
    baris = _saran(client.get(reverse("mutasi:buat")))
    assert len(baris) == 10
    assert all(s == -5 for *_, s in baris)  # the twelve −5 units come before Dishub's −3


def test_panel_reads_only_the_active_periode(client, abk):
    PeriodeAbk.objects.update(aktif=False)
    PeriodeAbk.objects.filter(tahun=2025).update(aktif=True)
    client.force_login(abk.u_pegawai)
    assert _saran(client.get(reverse("mutasi:buat"))) == [
        ("Badan Kepegawaian Daerah", None, 10, 1, -9)]


def test_without_an_active_periode_the_panel_says_so(client, abk):
    PeriodeAbk.objects.update(aktif=False)
    client.force_login(abk.u_pegawai)
    r = client.get(reverse("mutasi:buat"))
    assert r.status_code == 200 and r.context["saran"].baris == []
    assert "Belum ada periode ABK aktif" in r.content.decode()


def test_when_no_other_unit_is_short_the_panel_suggests_another_jabatan(client, abk):
    client.force_login(abk.u_pegawai)
    r = client.get(reverse("mutasi:buat"), {"jabatan_tujuan": abk.j_kadis.pk})
    html = r.content.decode()
    assert r.context["saran"].baris == []
    assert "tidak ada unit lain yang kekurangan <strong>Kepala Dinas</strong>" in html
    assert "Coba pilih jabatan tujuan lain" in html


def test_pilih_links_are_plain_get_links_to_the_form(client, abk):
    client.force_login(abk.u_pegawai)
    html = client.get(reverse("mutasi:buat")).content.decode()
    href = (f'{reverse("mutasi:buat")}?unit_tujuan={abk.dishub.pk}&amp;'
            f'jabatan_tujuan={abk.j_pelaksana.pk}')
    assert f'href="{href}"' in html


def test_panel_shows_no_personal_data(client, abk):
    client.force_login(abk.u_pegawai)
    html = client.get(reverse("mutasi:saran_unit")).content.decode()
    for orang in (abk.outsider, abk.staf_bkd, abk.kepala_tujuan):
        assert orang.nama not in html and orang.nip not in html


# Defaults, prefill, the tree


def test_a_new_request_starts_with_the_employees_current_jabatan(client, abk):
    client.force_login(abk.u_pegawai)
    html = client.get(reverse("mutasi:buat")).content.decode()
    assert _terpilih(html, "jabatan_tujuan") == str(abk.j_pelaksana.pk)
    assert _terpilih(html, "unit_tujuan") in (None, "")


def test_get_parameters_prefill_unit_and_jabatan(client, abk):
    client.force_login(abk.u_pegawai)
    r = client.get(reverse("mutasi:buat"),
                   {"unit_tujuan": abk.dishub.pk, "jabatan_tujuan": abk.j_kapus.pk})
    html = r.content.decode()
    assert _terpilih(html, "unit_tujuan") == str(abk.dishub.pk)
    assert _terpilih(html, "jabatan_tujuan") == str(abk.j_kapus.pk)
    # the panel follows the prefilled jabatan
    assert r.context["saran"].jabatan == abk.j_kapus
    assert _saran(r) == [("Dinas Perhubungan", None, 5, 0, -5)]


@pytest.mark.parametrize("unit, jabatan", [
    ("999999", "999999"), ("abc", "1.5"), ("-1", ""), ("99999999999999999999", "0x10"),
])
def test_unknown_or_malformed_ids_are_ignored(client, abk, unit, jabatan):
    client.force_login(abk.u_pegawai)
    r = client.get(reverse("mutasi:buat"), {"unit_tujuan": unit, "jabatan_tujuan": jabatan})
    assert r.status_code == 200
    html = r.content.decode()
    assert _terpilih(html, "unit_tujuan") in (None, "")
    assert _terpilih(html, "jabatan_tujuan") == str(abk.j_pelaksana.pk)
    assert r.context["saran"].jabatan == abk.j_pelaksana


def test_units_are_listed_as_a_tree_in_path_order(client, abk):
    client.force_login(abk.u_pegawai)
    html = client.get(reverse("mutasi:buat")).content.decode()
    select = re.search(r'<select name="unit_tujuan".*?</select>', html, re.S).group(0)
    labels = re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select)
    assert labels[:3] == ["Pemerintah Kabupaten Contoh", "· Dinas Kesehatan",
                          "· · Puskesmas Kota"]
    assert set(labels[3:]) == {"· Dinas Perhubungan", "· Badan Kepegawaian Daerah",
                               "· Kecamatan Kota"}


def test_the_jabatan_select_refreshes_the_panel_with_htmx(client, abk):
    client.force_login(abk.u_pegawai)
    html = client.get(reverse("mutasi:buat")).content.decode()
    select = re.search(r'<select name="jabatan_tujuan"[^>]*>', html).group(0)
    assert f'hx-get="{reverse("mutasi:saran_unit")}"' in select
    assert 'hx-target="#saran-unit"' in select and 'hx-trigger="change"' in select
    assert 'id="saran-unit"' in html


# The partial endpoint


def test_partial_answers_an_employee_with_the_panel_of_the_jabatan_asked(client, abk):
    client.force_login(abk.u_pegawai)
    r = client.get(reverse("mutasi:saran_unit"), {"jabatan": abk.j_kapus.pk})
    assert r.status_code == 200
    assert [t.name for t in r.templates] == ["mutasi/_saran_unit.html"]
    assert _saran(r) == [("Dinas Perhubungan", None, 5, 0, -5)]
    html = r.content.decode()
    assert html.startswith('<section id="saran-unit"') and "<html" not in html
    # what the form's select sends, and a fallback to the employee's own jabatan
    r = client.get(reverse("mutasi:saran_unit"), {"jabatan_tujuan": abk.j_kapus.pk})
    assert r.context["saran"].jabatan == abk.j_kapus
    for bad in ("", "x", "999999", "99999999999999999999"):
        r = client.get(reverse("mutasi:saran_unit"), {"jabatan": bad})
        assert r.status_code == 200 and r.context["saran"].jabatan == abk.j_pelaksana


def test_partial_redirects_anonymous_users_to_login(client, abk):
    r = client.get(reverse("mutasi:saran_unit"), {"jabatan": abk.j_pelaksana.pk})
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_partial_refuses_an_account_without_an_employee_record(client, abk):
    client.force_login(UserFactory(username="tanpa-pegawai"))
    assert client.get(reverse("mutasi:saran_unit")).status_code == 403
    assert client.get(reverse("mutasi:buat")).status_code == 403


def test_partial_of_an_edit_form_links_back_to_that_draft(client, abk):
    p = buat_permohonan(abk, Status.DRAFT)
    client.force_login(abk.u_pegawai)
    r = client.get(reverse("mutasi:saran_unit"), {"jabatan": abk.j_pelaksana.pk,
                                                   "permohonan": p.pk})
    assert r.status_code == 200
    assert f'href="{reverse("mutasi:ubah", args=[p.pk])}?unit_tujuan=' in r.content.decode()
    # someone else's draft does not exist for them; a head who may see it is not its applicant
    client.force_login(abk.u_outsider)
    assert client.get(reverse("mutasi:saran_unit"), {"permohonan": p.pk}).status_code == 404
    diajukan = buat_permohonan(abk, Status.DIAJUKAN, pegawai=abk.kapus)  # from Puskesmas
    client.force_login(abk.u_kepala_asal)
    r = client.get(reverse("mutasi:saran_unit"), {"permohonan": diajukan.pk})
    assert r.status_code == 403


# The edit form


def test_edit_form_shows_the_drafts_jabatan_and_links_to_itself(client, abk):
    p = buat_permohonan(abk, Status.DRAFT, unit_tujuan=abk.dishub, jabatan_tujuan=abk.j_kapus)
    client.force_login(abk.u_pegawai)
    r = client.get(reverse("mutasi:ubah", args=[p.pk]))
    html = r.content.decode()
    assert r.context["saran"].jabatan == abk.j_kapus
    assert _terpilih(html, "unit_tujuan") == str(abk.dishub.pk)
    assert f'href="{reverse("mutasi:ubah", args=[p.pk])}?unit_tujuan={abk.dishub.pk}' in html
    assert f"hx-vals=\"{{&quot;permohonan&quot;: {p.pk}}}\"" in html
    # a "Pilih" link overrides the saved target without saving anything
    r = client.get(reverse("mutasi:ubah", args=[p.pk]),
                   {"unit_tujuan": abk.kecamatan.pk, "jabatan_tujuan": abk.j_pelaksana.pk})
    html = r.content.decode()
    assert _terpilih(html, "unit_tujuan") == str(abk.kecamatan.pk)
    assert _terpilih(html, "jabatan_tujuan") == str(abk.j_pelaksana.pk)
    p.refresh_from_db()
    assert (p.unit_tujuan, p.jabatan_tujuan) == (abk.dishub, abk.j_kapus)


# The form still does its job


def test_the_form_creates_a_request_for_a_suggested_unit(client, abk):
    client.force_login(abk.u_pegawai)
    r = client.post(reverse("mutasi:buat"), {
        "unit_tujuan": abk.dishub.pk, "jabatan_tujuan": abk.j_pelaksana.pk,
        "alasan": "pengembangan_karier", "justifikasi": "Dishub kekurangan PU."})
    p = PermohonanMutasi.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("mutasi:detail", args=[p.pk])
    assert (p.unit_tujuan, p.jabatan_tujuan, p.status) == (
        abk.dishub, abk.j_pelaksana, Status.DRAFT)


def test_an_invalid_post_keeps_the_panel_on_the_jabatan_chosen(client, abk):
    client.force_login(abk.u_pegawai)
    r = client.post(reverse("mutasi:buat"), {
        "unit_tujuan": abk.dishub.pk, "jabatan_tujuan": abk.j_kapus.pk, "alasan": "",
        "justifikasi": ""})
    assert r.status_code == 200 and not PermohonanMutasi.objects.exists()
    assert r.context["saran"].jabatan == abk.j_kapus


# Query counts


def _queries(client, url, data=None):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, data)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_form_and_partial_run_a_fixed_number_of_queries_whatever_the_units(client, abk):
    client.force_login(abk.u_pegawai)
    prefill = {"unit_tujuan": abk.dishub.pk, "jabatan_tujuan": abk.j_pelaksana.pk}
    pages = [(reverse("mutasi:buat"), None), (reverse("mutasi:buat"), prefill),
             (reverse("mutasi:saran_unit"), {"jabatan": abk.j_pelaksana.pk})]
    sedikit = [_queries(client, url, data) for url, data in pages]

    for i in range(30):
        upt = UnitFactory(nama=f"UPT {i:02d}", induk=abk.dinkes if i % 2 else abk.dishub)
        _butuh(abk.periode, upt, abk.j_pelaksana, 1 + i % 4)
        PegawaiFactory(unit=upt, jabatan=abk.j_pelaksana)
    balance_recompute(periode=abk.periode)

    banyak = [_queries(client, url, data) for url, data in pages]
    assert banyak == sedikit
    assert len(client.get(reverse("mutasi:buat")).context["saran"].baris) == 10
    # session (read, save), user, employee, running request, BKD role, the units and jabatan
    # options, periode, rows, their OPDs; a prefill checks its two ids; the partial looks up
    # its jabatan instead of the options and the running request
    assert sedikit[0] <= 13 and sedikit[1] <= sedikit[0] + 2 and sedikit[2] <= 10, sedikit
