"""BKD imports an employee file with bad rows in a real browser and sees every row's error."""

import csv

from playwright.sync_api import expect

from pegawai.models import Pegawai
from pegawai.tests.test_impor_bantuan import baris_pegawai

from .helpers import login, url


def test_bkd_uploads_a_bad_file_and_sees_row_errors_and_nothing_is_written(
    page, live_server, pemain, shot, tmp_path
):
    rows = [baris_pegawai(i) for i in range(1, 6)]
    rows[1]["nip"] = "12345"  # row 3 of the sheet
    rows[3]["kode_unit"] = "TIDAKADA"  # row 5
    path = tmp_path / "pegawai-salah.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    before = Pegawai.objects.count()

    login(page, pemain.u_bkd, shot=shot)
    page.goto(url(live_server, "pegawai:impor"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Impor data")
    page.get_by_label("Jenis data").select_option("pegawai")
    page.get_by_label("Berkas (.xlsx atau .csv)").set_input_files(str(path))
    shot(page, "berkas-dipilih")
    page.get_by_role("button", name="Unggah dan impor").click()
    page.wait_for_load_state("domcontentloaded")
    table = page.locator("table").filter(has_text="TIDAKADA")
    expect(table).to_be_visible()
    text = table.inner_text()
    assert "12345" in text and "TIDAKADA" in text
    shot(page, "galat-per-baris")
    cells = [r.split("\t") for r in text.splitlines()]
    baris = {c[0].strip() for c in cells[1:] if c}
    assert {"3", "5"} <= baris, cells
    assert Pegawai.objects.count() == before
