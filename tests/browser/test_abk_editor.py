"""The ABK editor's totals update as the BKD officer types, then the tasks are saved."""

from playwright.sync_api import expect

from bebankerja.models import PeriodeAbk, TugasJabatan

from .helpers import login, url


def test_abk_editor_totals_update_as_you_type(page, live_server, pemain, shot):
    PeriodeAbk.objects.create(tahun=2026, aktif=True)
    login(page, pemain.u_bkd, shot=shot)
    page.goto(url(live_server, "bebankerja:abk_jabatan", pk=pemain.dinkes.pk,
                  jabatan_pk=pemain.j_pelaksana.pk, query="periode=2026"))
    editor = page.locator("#abk-editor")
    rows = editor.locator("tr.tugas-row")
    expect(rows).to_have_count(1)
    rows.nth(0).locator("[name$='-uraian']").fill("Mengagendakan surat masuk")
    rows.nth(0).locator("[name$='-satuan_hasil']").fill("surat")
    rows.nth(0).locator("[name$='-volume']").fill("6000")
    rows.nth(0).locator("[name$='-norma_waktu']").fill("5")
    expect(editor.locator("[data-total=exact]")).to_have_text("0,4000")
    shot(page, "satu-tugas")

    page.get_by_role("button", name="Tambah baris").click()
    expect(rows).to_have_count(2)
    rows.nth(1).locator("[name$='-uraian']").fill("Mengarsipkan dokumen")
    rows.nth(1).locator("[name$='-satuan_hasil']").fill("dokumen")
    rows.nth(1).locator("[name$='-volume']").fill("3000")
    rows.nth(1).locator("[name$='-norma_waktu']").fill("10")
    # 6,000 × 5 + 3,000 × 10 = 60,000 min ÷ 75,000 = 0.8 → 1 person (docs/domain.md example)
    expect(editor.locator("[data-total=exact]")).to_have_text("0,8000")
    expect(editor.locator("[data-total=bulat]")).to_have_text("1")
    expect(editor.locator("tfoot [data-total=menit]")).to_have_text("60.000")
    # Hours per month are converted: 10 per month × 2 h = 14,400 min/year.
    rows.nth(1).locator("[name$='-volume']").fill("10")
    rows.nth(1).locator("[name$='-periode_volume']").select_option("bulan")
    rows.nth(1).locator("[name$='-norma_waktu']").fill("2")
    rows.nth(1).locator("[name$='-satuan_norma']").select_option("jam")
    expect(rows.nth(1).locator("[data-cell=menit]")).to_have_text("14.400")
    shot(page, "dua-tugas")

    page.get_by_role("button", name="Simpan semua tugas").click()
    expect(page.locator(".alert-success")).to_contain_text("disimpan (2 baris)")
    shot(page, "tersimpan")
    assert sorted(int(t.beban_menit) for t in TugasJabatan.objects.all()) == [14400, 30000]
