"""Pages and endpoints: happy paths, roles (403/404/405), uploads, downloads, query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from mutasi import selectors
from mutasi.models import DokumenPermohonan, PermohonanMutasi, RiwayatPermohonan, Status
from mutasi.tests.factories import PDF_KECIL, buat_permohonan, jadikan_layak
from pegawai.tests.factories import PegawaiFactory, UnitFactory, UserFactory


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _msgs(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_employee_creates_a_draft_from_the_form(client, layak):
    client.force_login(layak.u_pegawai)
    r = client.post(reverse("mutasi:buat"), {
        "unit_tujuan": layak.dishub.pk, "jabatan_tujuan": layak.j_pelaksana.pk,
        "alasan": "dekat_domisili", "justifikasi": "Rumah dekat kantor Dishub."})
    p = PermohonanMutasi.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("mutasi:detail", args=[p.pk])
    assert (p.pegawai, p.status, p.unit_asal, p.dibuat_oleh) == (
        layak.pegawai, Status.DRAFT, layak.dinkes, layak.u_pegawai)
    # a second one leads to the running request
    r = client.get(reverse("mutasi:buat"))
    assert r.status_code == 302 and r["Location"] == reverse("mutasi:detail", args=[p.pk])


def test_bkd_files_an_organisational_request_by_nip(client, layak):
    client.force_login(layak.u_bkd)
    r = client.post(reverse("mutasi:buat_organisasi"), {
        "nip": layak.pegawai.nip_tampil, "unit_tujuan": layak.dishub.pk,
        "jabatan_tujuan": layak.j_pelaksana.pk, "alasan": "rotasi", "justifikasi": "Penataan."})
    assert r.status_code == 302
    p = PermohonanMutasi.objects.get()
    assert p.asal_permohonan == "kebutuhan_organisasi" and p.dibuat_oleh == layak.u_bkd


def test_the_organisational_form_takes_its_target_from_the_redistribution_plan_link(
        client, layak):
    client.force_login(layak.u_bkd)
    url = reverse("mutasi:buat_organisasi")
    r = client.get(f"{url}?unit_tujuan={layak.dishub.pk}&jabatan_tujuan={layak.j_pelaksana.pk}")
    form = r.context["form"]
    assert (form.initial["unit_tujuan"], form.initial["jabatan_tujuan"]) == (
        layak.dishub, layak.j_pelaksana)
    r = client.get(f"{url}?unit_tujuan=999999&jabatan_tujuan=x")
    assert r.status_code == 200
    assert "unit_tujuan" not in r.context["form"].initial
    assert "jabatan_tujuan" not in r.context["form"].initial


def test_upload_then_submit_through_the_confirmation_page(client, layak, _media_root):
    p = buat_permohonan(layak, Status.DRAFT, dokumen=False)
    client.force_login(layak.u_pegawai)
    r = client.get(reverse("mutasi:ajukan", args=[p.pk]))
    assert r.status_code == 200 and not r.context["siap"]
    assert "SK CPNS" in r.content.decode()
    from mutasi.uploads import dokumen_wajib

    for jenis in dokumen_wajib(p.asal_permohonan, p.alasan):
        r = client.post(reverse("mutasi:unggah", args=[p.pk]), {
            "jenis": jenis, "berkas": SimpleUploadedFile(f"{jenis}.pdf", PDF_KECIL)})
        assert r.status_code == 302
    assert len(_files(_media_root)) == 6
    r = client.get(reverse("mutasi:ajukan", args=[p.pk]))
    assert r.context["siap"]
    # Issue 11 item 10: the declaration is a real field, enforced by the server.
    r = client.post(reverse("mutasi:ajukan", args=[p.pk]), {"catatan": "Mohon diproses."},
                    follow=True)
    assert "centang pernyataan bahwa data dan dokumen" in " ".join(_msgs(r)).lower()
    assert 'name="pernyataan"' in r.content.decode()
    p.refresh_from_db()
    assert p.status == Status.DRAFT and p.pernyataan_pada is None
    r = client.post(reverse("mutasi:ajukan", args=[p.pk]),
                    {"catatan": "Mohon diproses.", "pernyataan": "on"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN
    assert p.riwayat.last().catatan == "Mohon diproses."
    # Recorded: who declared, and when (with the submission).
    assert p.pernyataan_oleh == layak.u_pegawai
    assert abs((p.pernyataan_pada - p.diajukan_pada).total_seconds()) < 5


@pytest.mark.parametrize("nama,isi,pesan", [
    ("surat.pdf", b"MZ\x90\x00" + b"\x00" * 200, "bukan PDF, JPEG atau PNG"),
    ("surat.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200, "bukan PDF, JPEG atau PNG"),
    # Issue 11 item 12: an empty file is said to be empty, not "choose a file".
    ("kosong.pdf", b"", "Berkas kosong (0 bita): kosong.pdf"),
    (None, None, "Pilih berkas yang akan diunggah."),
])
def test_bad_uploads_are_refused_with_a_message_and_nothing_is_stored(client, layak,
                                                                     _media_root, nama, isi,
                                                                     pesan):
    p = buat_permohonan(layak, Status.DRAFT, dokumen=False)
    client.force_login(layak.u_pegawai)
    data = {"jenis": "skp"}
    if nama is not None:
        data["berkas"] = SimpleUploadedFile(nama, isi)
    r = client.post(reverse("mutasi:unggah", args=[p.pk]), data, follow=True)
    text = " ".join(_msgs(r))
    assert pesan in text
    assert "Pilih jenis dokumen dan berkasnya" not in text
    assert not DokumenPermohonan.objects.exists()
    assert _files(_media_root) == []


@pytest.mark.slow
def test_a_30_mb_upload_is_refused_with_a_message_and_nothing_is_stored(client, layak,
                                                                       _media_root):
    p = buat_permohonan(layak, Status.DRAFT, dokumen=False)
    client.force_login(layak.u_pegawai)
    besar = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * (30 * 1024 * 1024))
    r = client.post(reverse("mutasi:unggah", args=[p.pk]), {"jenis": "skp", "berkas": besar},
                    follow=True)
    assert any("melebihi batas" in m for m in _msgs(r))
    assert not DokumenPermohonan.objects.exists()
    assert _files(_media_root) == []


def test_document_is_served_as_an_attachment_with_nosniff(client, layak, _media_root):
    p = buat_permohonan(layak, Status.DIAJUKAN, berkas=True)
    d = p.dokumen.first()
    for user in (layak.u_pegawai, layak.u_kepala_asal, layak.u_bkd):
        client.force_login(user)
        r = client.get(reverse("mutasi:dokumen", args=[p.pk, d.pk]))
        assert r.status_code == 200
        assert r["Content-Disposition"].startswith("attachment;")
        assert r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Type"] == "application/pdf"
        assert b"".join(r.streaming_content) == PDF_KECIL


def test_documents_are_404_to_another_employee_and_an_unrelated_head(client, layak):
    p = buat_permohonan(layak, Status.DIAJUKAN, berkas=True)
    d = p.dokumen.first()
    unrelated = UnitFactory(induk=layak.pemda, jabatan_kepala=layak.j_kadis)
    head = PegawaiFactory(unit=unrelated, jabatan=layak.j_kadis, user=UserFactory()).user
    for user in (layak.u_outsider, layak.u_kepala_tujuan, layak.u_kapus, head):
        client.force_login(user)
        assert client.get(reverse("mutasi:dokumen", args=[p.pk, d.pk])).status_code == 404
        assert client.get(reverse("mutasi:detail", args=[p.pk])).status_code == 404
    # a document id under another request is 404 even to someone who sees that request
    other = buat_permohonan(layak, Status.DIAJUKAN, pegawai=jadikan_layak(layak.outsider),
                            unit_tujuan=layak.dinkes)
    client.force_login(layak.u_outsider)
    assert client.get(reverse("mutasi:dokumen", args=[other.pk, d.pk])).status_code == 404


def test_origin_head_endorses_through_the_action_endpoint(client, layak):
    p = buat_permohonan(layak, Status.DIAJUKAN)
    client.force_login(layak.u_kepala_asal)
    r = client.post(reverse("mutasi:aksi", args=[p.pk, "endorse"]), {"endorse-catatan": "Setuju"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DISETUJUI_ASAL
    assert p.riwayat.last().catatan == "Setuju"


def test_action_endpoint_answers_by_role(client, layak):
    p = buat_permohonan(layak, Status.DIAJUKAN)
    url = reverse("mutasi:aksi", args=[p.pk, "endorse"])
    assert client.post(url)["Location"].startswith(reverse("login"))
    client.force_login(layak.u_kepala_tujuan)
    assert client.post(url).status_code == 404  # not yet reached the receiving head
    client.force_login(layak.u_bkd)
    assert client.post(url).status_code == 403  # sees it, may not endorse
    client.force_login(layak.u_kepala_asal)
    assert client.get(url).status_code == 405
    assert client.post(reverse("mutasi:aksi", args=[p.pk, "hapus"])).status_code == 404
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DIAJUKAN
    assert RiwayatPermohonan.objects.filter(permohonan=p).count() == 1


def test_refusing_without_a_reason_shows_a_message_and_changes_nothing(client, layak):
    p = buat_permohonan(layak, Status.DIAJUKAN)
    client.force_login(layak.u_kepala_asal)
    r = client.post(reverse("mutasi:aksi", args=[p.pk, "refuse"]), {"refuse-catatan": ""},
                    follow=True)
    assert any("Isi alasan" in m for m in _msgs(r))
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DIAJUKAN


def test_bkd_records_an_exception_from_the_detail_page(client, layak):
    p = buat_permohonan(layak, Status.DRAFT)
    client.force_login(layak.u_bkd)
    r = client.post(reverse("mutasi:pengecualian", args=[p.pk]),
                    {"aturan": ["bup", "pendidikan"], "alasan": "Kebutuhan mendesak."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.aturan_dikecualikan == ["bup", "pendidikan"]
    client.force_login(layak.u_pegawai)
    assert client.post(reverse("mutasi:pengecualian", args=[p.pk]),
                       {"aturan": ["cpns"], "alasan": "x"}).status_code == 403


def test_detail_shows_documents_timeline_eligibility_and_impact(client, layak,
                                                               django_assert_max_num_queries):
    p = buat_permohonan(layak, Status.DISETUJUI_ASAL)
    client.force_login(layak.u_kepala_tujuan)
    with django_assert_max_num_queries(30):
        r = client.get(reverse("mutasi:detail", args=[p.pk]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Riwayat" in html and "Dibuat" in html
    assert "Kelayakan" in html and "Data ABK belum tersedia" in html
    assert "Dampak terhadap beban kerja" in html
    assert [a["aksi"] for a in r.context["aksi_forms"]] == ["accept", "refuse", "return"]
    assert "SK CPNS" in html


def test_waiting_list_shows_outgoing_and_incoming(client, layak, django_assert_max_num_queries):
    keluar = buat_permohonan(layak, Status.DIAJUKAN)
    masuk = buat_permohonan(layak, Status.DISETUJUI_ASAL, pegawai=layak.outsider,
                            unit_tujuan=layak.dinkes)
    client.force_login(layak.u_kepala_asal)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("mutasi:menunggu"))
    assert [x.pk for x in r.context["keluar"]] == [keluar.pk]
    assert [x.pk for x in r.context["masuk"]] == [masuk.pk]
    assert selectors.jumlah_menunggu(user=layak.u_kepala_asal) == 2
    client.force_login(layak.u_bkd)
    assert client.get(reverse("mutasi:menunggu")).context["bkd"] == []


@pytest.mark.parametrize("jumlah", [1, 30])
def test_bkd_queue_query_count_does_not_grow_with_rows(client, cast, jumlah,
                                                       django_assert_max_num_queries):
    for _ in range(jumlah):
        peg = PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana)
        buat_permohonan(cast, Status.DITERIMA_TUJUAN, pegawai=peg, dokumen=False)
    client.force_login(cast.u_bkd)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("mutasi:antrean"), {"status": "diterima_tujuan"})
    assert r.context["page"].paginator.count == jumlah
    with django_assert_max_num_queries(12):
        r = client.get(reverse("mutasi:saya"))
    assert r.status_code == 200


def test_queue_filters_by_unit_and_exports_xlsx(client, layak):
    a = buat_permohonan(layak, Status.DIAJUKAN, alasan="kesehatan")
    buat_permohonan(layak, Status.DIAJUKAN, pegawai=layak.outsider, unit_tujuan=layak.bkd_unit)
    client.force_login(layak.u_bkd)
    r = client.get(reverse("mutasi:antrean"), {"unit": layak.dinkes.pk})
    assert [x.pk for x in r.context["page"].object_list] == [a.pk]
    r = client.get(reverse("mutasi:antrean_ekspor"), {"alasan": "kesehatan"})
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("No", "NIP", "Nama")
    assert [row[0] for row in rows[1:]] == [a.pk]
    assert rows[1][1] == layak.pegawai.nip  # text, not a float


def test_applicant_edits_a_returned_request(client, layak):
    p = buat_permohonan(layak, Status.DIKEMBALIKAN)
    client.force_login(layak.u_pegawai)
    r = client.post(reverse("mutasi:ubah", args=[p.pk]), {
        "unit_tujuan": layak.bkd_unit.pk, "jabatan_tujuan": layak.j_pelaksana.pk,
        "alasan": "dekat_domisili", "justifikasi": "Diperbaiki."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert (p.unit_tujuan, p.justifikasi) == (layak.bkd_unit, "Diperbaiki.")


def test_admin_shows_requests_and_history_read_only(client, layak):
    p = buat_permohonan(layak, Status.DIAJUKAN)
    client.force_login(layak.u_admin)
    for name, args in [("admin:mutasi_permohonanmutasi_changelist", []),
                       ("admin:mutasi_permohonanmutasi_change", [p.pk]),
                       ("admin:mutasi_riwayatpermohonan_changelist", []),
                       ("admin:mutasi_dokumenpermohonan_changelist", [])]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    r = client.post(reverse("admin:mutasi_riwayatpermohonan_change",
                            args=[p.riwayat.first().pk]), {"catatan": "diubah"})
    assert r.status_code == 403
    assert p.riwayat.first().catatan == ""


def test_bkd_queue_sorts_by_impact_on_the_imbalance(client, cast):
    """A move from a surplus to a deficit (−2) comes before one that deepens both (+2)."""
    from bebankerja.models import PeriodeAbk, SnapshotJabatan
    from mutasi.tests.factories import buat_permohonan
    from pegawai.tests.factories import PegawaiFactory

    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)

    def snap(unit, jabatan, selisih):
        SnapshotJabatan.objects.create(
            periode=periode, unit=unit, jabatan=jabatan, beban_menit=0, kebutuhan_exact=0,
            kebutuhan=max(0, -selisih), bezetting=max(0, selisih), selisih=selisih,
            dihitung="2026-11-25T00:00:00Z")

    snap(cast.dinkes, cast.j_pelaksana, 2)     # surplus at the origin
    snap(cast.dishub, cast.j_pelaksana, -1)    # deficit at the destination
    snap(cast.puskesmas, cast.j_pelaksana, 1)  # a surplus: moving there deepens it
    baik = buat_permohonan(cast, "diajukan")
    lain = PegawaiFactory(unit=cast.dishub, jabatan=cast.j_pelaksana)
    buruk = buat_permohonan(cast, "diajukan", pegawai=lain, unit_tujuan=cast.puskesmas)
    client.force_login(cast.u_bkd)
    r = client.get(reverse("mutasi:antrean"), {"urut": "dampak"})
    rows = list(r.context["page"].object_list)
    assert [p.pk for p in rows] == [baik.pk, buruk.pk]
    assert [p.dampak for p in rows] == [-2, 2]
    r = client.get(reverse("mutasi:antrean"), {"urut": "-dampak"})
    assert [p.pk for p in r.context["page"].object_list] == [buruk.pk, baik.pk]


def test_head_queue_can_be_sorted_by_impact(client, cast):
    """Two outgoing requests whose impact order is the reverse of their waiting order: the
    sort has to move them."""
    from bebankerja.models import PeriodeAbk, SnapshotJabatan

    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    for unit, selisih in [(cast.dishub, -1), (cast.puskesmas, 1)]:
        SnapshotJabatan.objects.create(
            periode=periode, unit=unit, jabatan=cast.j_pelaksana, beban_menit=0,
            kebutuhan_exact=0, kebutuhan=max(0, -selisih), bezetting=max(0, selisih),
            selisih=selisih, dihitung="2026-11-25T00:00:00Z")
    # Older: to Puskesmas, which already has one too many (origin 0 → +1, receiving +1).
    lain = PegawaiFactory(unit=cast.dinkes, jabatan=cast.j_pelaksana)
    buruk = buat_permohonan(cast, "diajukan", pegawai=lain, unit_tujuan=cast.puskesmas)
    # Newer: to Dinas Perhubungan, one short (origin 0 → +1, receiving −1).
    baik = buat_permohonan(cast, "diajukan")
    client.force_login(cast.u_kepala_asal)
    r = client.get(reverse("mutasi:menunggu"))
    assert [p.pk for p in r.context["keluar"]] == [buruk.pk, baik.pk]  # oldest first
    r = client.get(reverse("mutasi:menunggu"), {"urut": "dampak"})
    assert r.status_code == 200
    assert r.context["urut_dampak"] is True
    assert [(p.pk, p.dampak) for p in r.context["keluar"]] == [(baik.pk, 0), (buruk.pk, 2)]
