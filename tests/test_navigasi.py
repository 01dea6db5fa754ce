"""The main navigation per role: which pages it links to, and how BKD's long list is grouped."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from mutasi.models import Status
from mutasi.tests.factories import buat_permohonan


class _Nav(HTMLParser):
    """Collects the main navigation's left-hand list (`ul.me-auto`): top-level entries and
    the href of every link in it, dropdown items included."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # <ul> nesting inside the main list; 0 = outside it
        self.top = []  # class of every top-level entry (a link or a dropdown toggle)
        self.hrefs = []
        self.toggles = {}  # toggle id -> attributes

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "ul":
            if self.depth or "me-auto" in cls.split():
                self.depth += 1
            return
        if not self.depth:
            return
        if tag == "a":
            self.hrefs.append(a["href"])
        if self.depth == 1 and "nav-link" in cls.split():
            self.top.append(a)
        if "dropdown-toggle" in cls.split():
            self.toggles[a["id"]] = a

    def handle_endtag(self, tag):
        if tag == "ul" and self.depth:
            self.depth -= 1


def _nav(client, user, path=None):
    client.force_login(user)
    parser = _Nav()
    parser.feed(client.get(path or reverse("beranda")).content.decode())
    return parser


# Every page the flat list linked to before it was grouped, per role: none may go missing.
DAHULU = {
    "u_pegawai": ["beranda", "pegawai:profil", "mutasi:saya"],
    "u_kepala_asal": ["beranda", "pegawai:daftar", "pegawai:unit_pohon", "bebankerja:dasbor",
                      "pegawai:profil", "mutasi:saya", "mutasi:menunggu"],
    "u_bkd": ["beranda", "pegawai:daftar", "pegawai:unit_pohon", "bebankerja:dasbor",
              "pegawai:impor", "bebankerja:periode_daftar", "pegawai:profil", "mutasi:saya",
              "mutasi:menunggu", "mutasi:antrean"],
}


@pytest.mark.parametrize("role", sorted(DAHULU))
def test_no_page_the_flat_navigation_linked_to_is_lost(client, cast, role):
    hrefs = _nav(client, getattr(cast, role)).hrefs
    missing = [n for n in DAHULU[role] if reverse(n) not in hrefs]
    assert not missing, (role, missing, hrefs)


def test_bkd_sees_five_top_level_entries_with_the_rest_in_three_menus(client, cast):
    nav = _nav(client, cast.u_bkd)
    assert len(nav.top) == 5, nav.top
    assert sorted(nav.toggles) == ["nav-abk", "nav-mutasi", "nav-pegawai"]
    for t in nav.toggles.values():
        assert t["data-bs-toggle"] == "dropdown"
        assert t["aria-expanded"] == "false"
    for name in ["bebankerja:impor", "bebankerja:redistribusi", "mutasi:sk_daftar",
                 "mutasi:waktu_proses"]:
        assert reverse(name) in nav.hrefs


def test_head_gets_their_own_units_job_map_and_abk_but_no_bkd_pages(client, cast):
    hrefs = _nav(client, cast.u_kepala_asal).hrefs
    assert reverse("bebankerja:unit_peta", args=[cast.dinkes.pk]) in hrefs
    assert reverse("bebankerja:abk_unit", args=[cast.dinkes.pk]) in hrefs
    for name in ["pegawai:impor", "bebankerja:periode_daftar", "bebankerja:impor",
                 "bebankerja:redistribusi", "mutasi:antrean", "mutasi:sk_daftar",
                 "mutasi:waktu_proses"]:
        assert reverse(name) not in hrefs, name


def test_employee_keeps_three_plain_links_and_no_menus(client, cast):
    nav = _nav(client, cast.u_pegawai)
    assert nav.toggles == {}
    assert nav.hrefs == [reverse("beranda"), reverse("mutasi:saya"), reverse("pegawai:profil")]


def test_mutasi_toggle_shows_the_waiting_count_while_closed(client, cast):
    buat_permohonan(cast, Status.DIAJUKAN)
    client.force_login(cast.u_kepala_asal)
    html = client.get(reverse("beranda")).content.decode()
    toggle = html[html.index('id="nav-mutasi"'):]
    toggle = toggle[:toggle.index("</button>")]
    assert 'title="permohonan menunggu tindakan Anda">1</span>' in toggle
    assert '<span class="visually-hidden"> permohonan menunggu tindakan Anda</span>' in toggle


def test_current_page_and_its_group_are_marked(client, cast):
    client.force_login(cast.u_bkd)
    html = client.get(reverse("mutasi:antrean")).content.decode()
    assert 'class="nav-link dropdown-toggle active" type="button" id="nav-mutasi"' in html
    assert (f'class="dropdown-item active" aria-current="page" href="{reverse("mutasi:antrean")}"'
            in html)
    assert html.count('aria-current="page"') == 1
