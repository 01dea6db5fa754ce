"""Import pages: upload (BKD only), template download, status page with htmx polling."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pegawai.impor import KOLOM
from pegawai.models import ImporJob, Pegawai, RiwayatJabatan

from .test_impor_bantuan import (  # noqa: F401
    HEADER_PEGAWAI,
    baris_pegawai,
    celery_eager,
    tulis_csv,
)

pytestmark = pytest.mark.django_db
URL = reverse("pegawai:impor")


def _csv(tmp_path, rows, name="pegawai.csv"):
    path = tulis_csv(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def test_bkd_uploads_a_file_with_errors_and_lands_on_a_status_page_listing_them(
        client, cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = [baris_pegawai(i) for i in range(5)]
    rows[2]["kode_unit"] = "ENTAH"
    client.force_login(cast.u_bkd)

    resp = client.post(URL, {"jenis": "pegawai", "berkas": _csv(tmp_path, rows)})

    job = ImporJob.objects.get()
    assert resp.status_code == 302
    assert resp["Location"] == reverse("pegawai:impor_status", args=[job.pk])
    assert (job.status, job.jumlah_galat, job.dibuat_oleh) == ("gagal", 1, cast.u_bkd)
    page = client.get(resp["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Impor dibatalkan" in html and "ENTAH" in html
    assert "kode unit kerja tidak dikenal" in html
    assert "<td class=\"text-end\">4</td>" in html  # spreadsheet row 4
    assert 'hx-trigger="every 1s"' not in html  # finished: no polling
    assert Pegawai.objects.count() == 6


def test_bkd_uploads_a_good_file_and_sees_the_counts(client, cast, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(cast.u_bkd)
    rows = [baris_pegawai(i) for i in range(3)]
    resp = client.post(URL, {"jenis": "pegawai", "berkas": _csv(tmp_path, rows)}, follow=True)
    html = resp.content.decode()
    assert "3 baris berhasil diimpor" in html and "3 data baru" in html
    job = ImporJob.objects.get()
    assert (job.status, job.jumlah_baru, job.persen) == ("selesai", 3, 100)
    assert job.unit_berubah == [cast.dinkes.pk]
    # The stored upload (personal data) is removed once the job has its outcome.
    assert job.berkas.name == ""
    assert not any((tmp_path / "media" / "impor").iterdir())


def test_the_stored_upload_gets_a_generated_name_under_media_impor(cast, tmp_path, settings):
    from pegawai.impor.jobs import impor_job_submit

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPOR_BATAS_LATAR = 0
    job = impor_job_submit(berkas=_csv(tmp_path, [baris_pegawai(1)], name="../../evil.csv"),
                           jenis="pegawai", user=cast.u_bkd)  # queued, not run (no commit)
    assert job.status == "antri" and job.nama_file == "evil.csv"
    assert job.berkas.name.startswith("impor/") and job.berkas.name.endswith(".csv")
    assert "evil" not in job.berkas.name
    assert (tmp_path / "media" / job.berkas.name).exists()


def test_a_pdf_renamed_xlsx_is_refused_on_the_form_with_a_clear_message(client, cast):
    client.force_login(cast.u_bkd)
    pdf = SimpleUploadedFile("pegawai.xlsx", b"%PDF-1.4\n%%EOF\n")
    resp = client.post(URL, {"jenis": "pegawai", "berkas": pdf})
    assert resp.status_code == 200
    assert "adalah dokumen PDF" in resp.content.decode()
    assert not ImporJob.objects.exists()


def test_an_unsupported_extension_and_an_oversized_file_are_refused_on_the_form(
        client, cast, settings):
    client.force_login(cast.u_bkd)
    resp = client.post(URL, {"jenis": "pegawai",
                             "berkas": SimpleUploadedFile("data.txt", b"nip\n1\n")})
    assert "unggah berkas .xlsx atau .csv" in resp.content.decode()
    settings.IMPOR_MAKS_BYTE = 10
    resp = client.post(URL, {"jenis": "pegawai",
                             "berkas": SimpleUploadedFile("data.csv", b"nip,nama\n1,2\n")})
    assert "terlalu besar" in resp.content.decode()
    assert not ImporJob.objects.exists()


def test_the_form_offers_xlsx_and_csv_and_the_templates(client, cast):
    client.force_login(cast.u_bkd)
    html = client.get(URL).content.decode()
    assert 'accept=".xlsx,.csv"' in html
    for jenis in ("pegawai", "unit", "jabatan"):
        assert reverse("pegawai:impor_template", args=[jenis]) in html


@pytest.mark.parametrize("user", ["u_pegawai", "u_kepala_asal"])
def test_non_bkd_users_cannot_upload(client, cast, tmp_path, user):
    client.force_login(getattr(cast, user))
    resp = client.post(URL, {"jenis": "pegawai", "berkas": _csv(tmp_path, [baris_pegawai(1)])})
    assert resp.status_code == 403
    assert not ImporJob.objects.exists()


def test_anonymous_upload_goes_to_login(client, cast, tmp_path):
    resp = client.post(URL, {"jenis": "pegawai", "berkas": _csv(tmp_path, [baris_pegawai(1)])})
    assert resp.status_code == 302 and reverse("login") in resp["Location"]
    assert not ImporJob.objects.exists()


@pytest.mark.parametrize("jenis", ["pegawai", "unit", "jabatan"])
def test_the_template_has_the_header_an_example_and_a_guide(client, cast, jenis):
    client.force_login(cast.u_bkd)
    resp = client.get(reverse("pegawai:impor_template", args=[jenis]))
    assert resp.status_code == 200
    assert resp["Content-Disposition"] == f'attachment; filename="templat-impor-{jenis}.xlsx"'
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames[:2] == ["Data", "Petunjuk"]
    data = list(wb["Data"].iter_rows(values_only=True))
    assert list(data[0]) == [k.nama for k in KOLOM[jenis]]
    assert len(data) == 2 and any(data[1])
    guide = [r[0] for r in wb["Petunjuk"].iter_rows(values_only=True)]
    assert all(k.nama in guide for k in KOLOM[jenis])


def test_the_pegawai_template_example_row_imports_cleanly(client, cast, tmp_path):
    """The example row is valid against the cast (codes PU and DINKES exist)."""
    from pegawai.impor import impor_file

    client.force_login(cast.u_bkd)
    resp = client.get(reverse("pegawai:impor_template", args=["pegawai"]))
    path = tmp_path / "templat.xlsx"
    path.write_bytes(resp.content)
    hasil = impor_file(fileobj_or_path=path, nama_file="templat.xlsx", jenis="pegawai")
    assert hasil.berhasil, [str(g) for g in hasil.galat]
    assert hasil.baru == 1


def test_an_unknown_template_kind_is_404(client, cast):
    client.force_login(cast.u_bkd)
    assert client.get(reverse("pegawai:impor_template", args=["gaji"])).status_code == 404


def test_a_running_job_polls_with_htmx_and_the_fragment_is_served_alone(client, cast):
    job = ImporJob.objects.create(jenis="pegawai", nama_file="besar.xlsx", status="berjalan",
                                  tahap="memeriksa", persen=62, total_baris=50000,
                                  baris_diproses=21000)
    client.force_login(cast.u_bkd)
    url = reverse("pegawai:impor_status", args=[job.pk])
    full = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in full and f'hx-get="{url}"' in full
    assert 'aria-valuenow="62"' in full and "<html" in full
    assert "Kembali ke halaman impor" in full
    frag = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in frag and 'id="impor-status"' in frag
    assert "Memeriksa baris 21.000 dari 50.000" in frag


def test_status_page_query_count_is_fixed(client, cast, django_assert_max_num_queries):
    job = ImporJob.objects.create(
        jenis="pegawai", nama_file="x.csv", status="gagal", jumlah_galat=500,
        galat=[{"baris": i, "kolom": "nip", "nilai": "1", "alasan": "salah"}
               for i in range(2, 502)])
    client.force_login(cast.u_bkd)
    # +1 for the nav's "Menunggu tindakan saya" badge (mutasi.context_processors: one COUNT)
    with django_assert_max_num_queries(9):
        resp = client.get(reverse("pegawai:impor_status", args=[job.pk]))
    assert resp.content.decode().count("<td>salah</td>") == 500


def test_a_missing_job_is_404_for_bkd(client, cast):
    client.force_login(cast.u_bkd)
    assert client.get(reverse("pegawai:impor_status", args=[999999])).status_code == 404


@pytest.mark.slow
def test_a_large_file_runs_in_the_background_with_progress(client, cast, tmp_path, settings,
                                                          django_capture_on_commit_callbacks):
    """Above IMPOR_BATAS_LATAR the upload is queued (Celery, eager here) after commit."""
    settings.IMPOR_BATAS_LATAR = 100
    settings.MEDIA_ROOT = tmp_path / "media"
    n = 5000
    client.force_login(cast.u_bkd)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resp = client.post(URL, {"jenis": "pegawai",
                                 "berkas": _csv(tmp_path, [baris_pegawai(i) for i in range(n)])})
    job = ImporJob.objects.get()
    assert resp["Location"] == reverse("pegawai:impor_status", args=[job.pk])
    # Not run in the request: queued on commit and waiting.
    assert job.status == "antri" and Pegawai.objects.count() == 6
    waiting = client.get(resp["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Menunggu giliran" in waiting

    for cb in callbacks:
        cb()

    job.refresh_from_db()
    assert (job.status, job.total_baris, job.baris_diproses, job.jumlah_baru) == (
        "selesai", n, n, n)
    assert job.persen == 100 and job.mulai and job.selesai
    assert Pegawai.objects.count() == 6 + n
    assert RiwayatJabatan.objects.filter(keterangan="Impor data").count() == n
    done = client.get(resp["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' not in done and "5.000 baris berhasil diimpor" in done


def test_a_job_taken_or_finished_is_not_run_again(cast, tmp_path):
    from pegawai.tasks import impor_jalankan

    job = ImporJob.objects.create(jenis="pegawai", nama_file="x.csv", status="selesai",
                                  jumlah_baru=3)
    impor_jalankan.delay(job.pk)
    job.refresh_from_db()
    assert (job.status, job.jumlah_baru) == ("selesai", 3)

