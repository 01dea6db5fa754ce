"""A phone-sized screen (390 px): no page is wider than the screen; wide tables scroll
inside their card (issue 11, item 19: the profile's post history widened the page to 619 px
and half the impact table was off-screen)."""

import pytest

from mutasi.models import Status
from mutasi.tests.factories import buat_permohonan

from .helpers import login, url

pytestmark = pytest.mark.browser


def _lebar(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("siapa", ["pegawai", "bkd"])
def test_pages_fit_a_390px_screen(page, live_server, pemain, shot, siapa):
    p = buat_permohonan(pemain, Status.DITERIMA_TUJUAN)
    page.set_viewport_size({"width": 390, "height": 844})
    user = pemain.u_pegawai if siapa == "pegawai" else pemain.u_bkd
    login(page, user, shot=shot)
    halaman = [url(live_server, "pegawai:profil"), url(live_server, "mutasi:detail", p.pk),
               url(live_server, "mutasi:saya")]
    if siapa == "bkd":
        halaman += [url(live_server, "pegawai:daftar"), url(live_server, "mutasi:antrean"),
                    url(live_server, "bebankerja:dasbor"), url(live_server, "pegawai:detail",
                                                              pemain.pegawai.nip)]
    for i, alamat in enumerate(halaman):
        page.goto(alamat)
        shot(page, f"ponsel-{i}")
        assert _lebar(page) <= 390, (alamat, _lebar(page))
