"""The home page's workload panel: the Pemda index for BKD, their subtree's balance for a
unit head, nothing for an employee."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from bebankerja import hitung
from pegawai.access import GRUP_BKD
from pegawai.tests.factories import PegawaiFactory, UserFactory

pytestmark = pytest.mark.django_db


def _panel(client, user):
    client.force_login(user)
    r = client.get(reverse("beranda"))
    assert r.status_code == 200
    panel = next((p for p in r.context["panels"]
                  if p["template"] == "bebankerja/_beranda.html"), None)
    return panel, r.content.decode()


def _kartu(html):
    """The workload card alone: the navigation renders the same links for BKD anyway."""
    start = html.index('data-testid="beranda-beban-kerja"')
    return html[start:html.index("</div></div></div>", start)]


@pytest.fixture
def bkd(db):
    user = UserFactory(username="bkd_beranda")
    user.groups.add(Group.objects.get_or_create(name=GRUP_BKD)[0])
    return user


def test_bkd_sees_the_pemda_index_with_links(client, contoh, bkd):
    hitung.balance_recompute()
    panel, html = _panel(client, bkd)
    assert panel["indeks"] is not None
    assert 'data-testid="beranda-skor"' in html
    kartu = _kartu(html)
    assert f'href="{reverse("bebankerja:dasbor")}"' in kartu
    assert f'href="{reverse("bebankerja:redistribusi")}"' in kartu


def test_before_the_first_recompute_bkd_is_told_the_figures_are_not_there_yet(
        client, periode, bkd):
    panel, html = _panel(client, bkd)
    assert panel["indeks"] is None
    assert "belum dihitung" in html


def test_without_a_periode_bkd_is_sent_to_the_periode_page(client, bkd):
    panel, html = _panel(client, bkd)
    assert panel["periode"] is None
    assert f'href="{reverse("bebankerja:periode_daftar")}"' in _kartu(html)


def test_a_unit_head_sees_the_balance_of_their_unit_and_sub_units(client, contoh):
    hitung.balance_recompute()
    c = contoh
    c.dinkes.jabatan_kepala = c.plk
    c.dinkes.save()
    kepala = UserFactory(username="kadinkes_beranda")
    c.plk_dinkes.user = kepala
    c.plk_dinkes.save()
    panel, html = _panel(client, kepala)
    # Dinas Kesehatan (PLK 2 needed / 1 in post, PU 1 / 3) and Puskesmas Contoh (PLK 0 / 1).
    assert (panel["rekap"]["kebutuhan"], panel["rekap"]["bezetting"]) == (3, 5)
    assert panel["rekap"]["selisih"] == 2
    assert f'href="{reverse("bebankerja:unit_peta", args=[c.dinkes.pk])}"' in _kartu(html)
    assert 'data-testid="beranda-selisih"' in html


def test_an_employee_gets_no_workload_panel(client, contoh):
    pegawai = PegawaiFactory(unit=contoh.dishub, jabatan=contoh.pu,
                             user=UserFactory(username="biasa_beranda"))
    panel, html = _panel(client, pegawai.user)
    assert panel is None
    assert 'data-testid="beranda-beban-kerja"' not in html
