"""Links that keep the list's filters: pages, sort headers, export and print.

Built with Django's `{% querystring %}` tag from the request's GET, so every filter survives
and `halaman` is set or dropped rather than repeated.
"""

import html
import re

import pytest
from django.urls import reverse

from bebankerja.hitung import balance_reconcile
from bebankerja.models import PeriodeAbk


def _hrefs(resp):
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', resp.content.decode())]


@pytest.fixture
def sedikit_per_halaman(monkeypatch):
    import bebankerja.views
    import mutasi.views
    import pegawai.views

    for mod in (pegawai.views, bebankerja.views, mutasi.views):
        monkeypatch.setattr(mod, "PER_HALAMAN", 2)


def test_employee_list_pages_and_sort_links_keep_the_filters(client, cast, sedikit_per_halaman):
    client.force_login(cast.u_bkd)
    hrefs = _hrefs(client.get(reverse("pegawai:daftar"),
                              {"aktif": "1", "q": "", "urut": "nip", "halaman": "2"}))

    # pages: every filter once, halaman replaced
    assert "?aktif=1&q=&urut=nip&halaman=1" in hrefs
    assert "?aktif=1&q=&urut=nip&halaman=3" in hrefs
    assert not [h for h in hrefs if h.count("halaman=") > 1]
    # sort headers: the current column flips, another starts ascending; back to page 1
    assert "?aktif=1&q=&urut=-nip" in hrefs
    assert "?aktif=1&q=&urut=nama" in hrefs
    # the export takes the filters, not the page
    assert reverse("pegawai:ekspor") + "?aktif=1&q=&urut=nip" in hrefs


def test_export_link_of_an_unfiltered_list_has_no_query(client, cast):
    client.force_login(cast.u_bkd)
    assert reverse("pegawai:ekspor") in _hrefs(client.get(reverse("pegawai:daftar")))


def test_dashboard_print_export_page_and_sort_links_keep_the_periode(
        client, cast, sedikit_per_halaman):
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    balance_reconcile()
    client.force_login(cast.u_bkd)
    hrefs = _hrefs(client.get(reverse("bebankerja:dasbor"),
                              {"periode": "2026", "halaman": "1", "urut": "-selisih"}))
    assert "?periode=2026&halaman=2&urut=-selisih" in hrefs
    assert "?periode=2026&urut=-selisih&cetak=1" in hrefs
    assert reverse("bebankerja:dasbor_ekspor") + "?periode=2026&urut=-selisih" in hrefs
    assert "?periode=2026&urut=selisih" in hrefs  # the sorted column flips


def test_queue_export_and_processing_time_links_keep_the_filters(client, cast):
    client.force_login(cast.u_bkd)
    hrefs = _hrefs(client.get(reverse("mutasi:antrean"), {"status": "diajukan", "halaman": "1"}))
    assert reverse("mutasi:antrean_ekspor") + "?status=diajukan" in hrefs
    assert reverse("mutasi:waktu_proses") + "?status=diajukan" in hrefs
