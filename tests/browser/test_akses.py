"""What an employee may not open, seen in the browser."""

import pytest
from playwright.sync_api import expect

from .helpers import login, url

pytestmark = pytest.mark.browser


def test_employee_opening_another_employees_detail_gets_the_404_page(
    page, live_server, pemain, shot
):
    login(page, pemain.u_pegawai, shot=shot)

    own = page.goto(url(live_server, "pegawai:detail", nip=pemain.pegawai.nip))
    assert own.status == 200
    expect(page.get_by_text(pemain.pegawai.nama).first).to_be_visible()
    shot(page, "detail-sendiri")

    other = page.goto(url(live_server, "pegawai:detail", nip=pemain.outsider.nip))
    assert other.status == 404
    shot(page, "detail-orang-lain-404")
    body = page.content()
    assert pemain.outsider.nama not in body
    assert pemain.outsider.unit.nama not in body
