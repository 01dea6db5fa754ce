"""The employee says on their profile whether they are willing to move and where to; the
home page shows where their jabatan is needed (issue 13, part 5)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bebankerja.models import PeriodeAbk, SnapshotJabatan
from pegawai.models import Pegawai

pytestmark = pytest.mark.django_db


def test_the_employee_saves_willingness_and_up_to_three_units(client, cast):
    client.force_login(cast.u_pegawai)
    r = client.post(reverse("pegawai:profil"),
                    {"bersedia_mutasi": "on", "unit_pilihan": [cast.dishub.pk, cast.puskesmas.pk]},
                    follow=True)
    assert "Kesediaan mutasi Anda disimpan." in r.content.decode()
    p = Pegawai.objects.get(pk=cast.pegawai.pk)
    assert p.bersedia_mutasi and set(p.unit_pilihan.all()) == {cast.dishub, cast.puskesmas}


@pytest.mark.parametrize(("data", "pesan"), [
    ({"unit_pilihan": []}, None),
    ({"unit_pilihan": ["dishub"]}, "Centang kesediaan bila Anda memilih unit."),
    ({"bersedia_mutasi": "on", "unit_pilihan": ["dinkes"]},
     "Unit Anda sekarang tidak perlu dipilih."),
    ({"bersedia_mutasi": "on", "unit_pilihan": ["dishub", "puskesmas", "bkd_unit", "pemda"]},
     "Pilih paling banyak 3 unit"),
    ({"bersedia_mutasi": "on", "unit_pilihan": ["999999"]}, "Masukkan pilihan yang valid"),
])
def test_bad_choices_are_refused_with_a_message_and_nothing_is_saved(client, cast, data, pesan):
    units = {k: getattr(cast, k).pk for k in ("dishub", "puskesmas", "bkd_unit", "pemda",
                                               "dinkes")}
    data = {**data, "unit_pilihan": [units.get(u, u) for u in data["unit_pilihan"]]}
    client.force_login(cast.u_pegawai)
    r = client.post(reverse("pegawai:profil"), data)
    p = Pegawai.objects.get(pk=cast.pegawai.pk)
    if pesan is None:
        assert r.status_code == 302 and not p.bersedia_mutasi
        return
    assert r.status_code == 200 and pesan in r.content.decode()
    assert not p.bersedia_mutasi and not p.unit_pilihan.exists()


def test_only_the_own_profile_has_the_form(client, cast):
    client.force_login(cast.u_bkd)
    html = client.get(reverse("pegawai:detail", args=[cast.pegawai.nip])).content.decode()
    assert 'data-testid="kesediaan"' not in html


def test_the_home_page_shows_where_the_employees_jabatan_is_needed(client, cast):
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    SnapshotJabatan.objects.create(
        periode=periode, unit=cast.dishub, jabatan=cast.j_pelaksana, beban_menit=0,
        kebutuhan_exact=3, kebutuhan=3, bezetting=1, selisih=-2, dihitung=timezone.now())
    client.force_login(cast.u_pegawai)
    html = client.get(reverse("beranda")).content.decode()
    assert 'data-testid="beranda-dibutuhkan"' in html
    assert "Dinas Perhubungan" in html and "butuh 3, ada 1" in html


def test_without_a_shortage_the_card_says_so_and_still_leads_to_the_form(client, cast):
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    client.force_login(cast.u_pegawai)
    html = client.get(reverse("beranda")).content.decode()
    assert "tidak ada unit lain yang kekurangan" in html
    assert "Nyatakan kesediaan mutasi" in html
