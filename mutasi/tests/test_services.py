"""Workflow details beyond the matrix: notes, segregation of duties, one active request,
frozen origin, documents and eligibility at submission, recompute marks, history."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from bebankerja.models import UnitPerluHitung
from mutasi import access, services, workflow
from mutasi.models import (
    AsalPermohonan,
    DokumenPermohonan,
    PermohonanMutasi,
    RiwayatPermohonan,
    Status,
)
from mutasi.tests.factories import buat_permohonan


def test_refuse_without_a_reason_is_refused_and_changes_nothing(layak):
    p = buat_permohonan(layak, Status.DIAJUKAN)
    with pytest.raises(workflow.PermohonanError, match="Isi alasan"):
        workflow.permohonan_refuse(permohonan=p, aktor=layak.u_kepala_asal, catatan="   ")
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN
    assert p.riwayat.count() == 1


def test_return_without_a_note_is_refused(layak):
    p = buat_permohonan(layak, Status.DITERIMA_TUJUAN)
    with pytest.raises(workflow.PermohonanError):
        workflow.permohonan_return(permohonan=p, aktor=layak.u_bkd, catatan="")
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DITERIMA_TUJUAN


def test_bkd_officer_who_filed_an_organisational_request_cannot_approve_it(layak):
    p = buat_permohonan(layak, Status.DITERIMA_TUJUAN, asal=AsalPermohonan.KEBUTUHAN_ORGANISASI,
                        dibuat_oleh=layak.u_bkd)
    with pytest.raises(workflow.BukanWewenang):
        workflow.permohonan_approve(permohonan=p, aktor=layak.u_bkd)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DITERIMA_TUJUAN


def test_bkd_officer_who_endorsed_as_head_cannot_approve(layak, django_user_model):
    from django.contrib.auth.models import Group

    from pegawai.access import GRUP_BKD

    layak.u_kepala_asal.groups.add(Group.objects.get_or_create(name=GRUP_BKD)[0])
    p = buat_permohonan(layak, Status.DIAJUKAN)
    workflow.permohonan_endorse(permohonan=p, aktor=layak.u_kepala_asal)
    workflow.permohonan_accept(permohonan=p, aktor=layak.u_kepala_tujuan)
    kepala = django_user_model.objects.get(pk=layak.u_kepala_asal.pk)  # fresh role cache
    with pytest.raises(workflow.BukanWewenang):
        workflow.permohonan_approve(permohonan=p, aktor=kepala)
    workflow.permohonan_approve(permohonan=p, aktor=layak.u_bkd)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DISETUJUI_BKD


def test_head_cannot_endorse_their_own_request(cast):
    p = buat_permohonan(cast, Status.DIAJUKAN, pegawai=cast.kepala_asal)
    with pytest.raises(workflow.BukanWewenang):
        workflow.permohonan_endorse(permohonan=p, aktor=cast.u_kepala_asal)


def test_unit_head_cannot_endorse_other_units_request(layak):
    p = buat_permohonan(layak, Status.DIAJUKAN)
    with pytest.raises(workflow.BukanWewenang):
        workflow.permohonan_endorse(permohonan=p, aktor=layak.u_kepala_tujuan)


def test_a_second_active_request_for_the_same_employee_is_refused(layak):
    buat_permohonan(layak, Status.DIAJUKAN)
    with pytest.raises(workflow.PermohonanError, match="sudah memiliki permohonan"):
        services.permohonan_create(
            pegawai=layak.pegawai, aktor=layak.u_pegawai, unit_tujuan=layak.dishub,
            jabatan_tujuan=layak.j_pelaksana, alasan="dekat_domisili", justifikasi="x")


def test_the_database_itself_refuses_two_active_requests(layak):
    buat_permohonan(layak, Status.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        buat_permohonan(layak, Status.DISETUJUI_BKD, dokumen=False)


def test_a_new_request_is_allowed_after_the_previous_one_ended(layak):
    buat_permohonan(layak, Status.DITOLAK)
    buat_permohonan(layak, Status.DITARIK)
    p = services.permohonan_create(
        pegawai=layak.pegawai, aktor=layak.u_pegawai, unit_tujuan=layak.dishub,
        jabatan_tujuan=layak.j_pelaksana, alasan="dekat_domisili", justifikasi="x")
    assert p.status == Status.DRAFT
    assert [(r.aksi, r.ke_status) for r in p.riwayat.all()] == [("buat", "draft")]


def test_employee_cannot_file_a_request_for_someone_else(layak):
    with pytest.raises(workflow.BukanWewenang):
        services.permohonan_create(
            pegawai=layak.outsider, aktor=layak.u_pegawai, unit_tujuan=layak.dinkes,
            jabatan_tujuan=layak.j_pelaksana, alasan="lainnya", justifikasi="x")
    assert not PermohonanMutasi.objects.exists()


def test_only_bkd_files_organisational_requests(layak):
    kwargs = dict(pegawai=layak.pegawai, unit_tujuan=layak.dishub,
                  jabatan_tujuan=layak.j_pelaksana, alasan="rotasi", justifikasi="x",
                  asal_permohonan=AsalPermohonan.KEBUTUHAN_ORGANISASI)
    with pytest.raises(workflow.BukanWewenang):
        services.permohonan_create(aktor=layak.u_pegawai, **kwargs)
    p = services.permohonan_create(aktor=layak.u_bkd, **kwargs)
    assert p.dibuat_oleh == layak.u_bkd
    # BKD is the applicant: the employee cannot withdraw it.
    with pytest.raises(workflow.BukanWewenang):
        workflow.permohonan_withdraw(permohonan=p, aktor=layak.u_pegawai)


def test_submit_lists_the_missing_documents_and_changes_nothing(layak):
    p = buat_permohonan(layak, Status.DRAFT, alasan="kesehatan", dokumen=False)
    with pytest.raises(workflow.PermohonanError) as exc:
        workflow.permohonan_submit(permohonan=p, aktor=layak.u_pegawai, pernyataan=True)
    msg = str(exc.value)
    for label in ["Surat permohonan", "SK CPNS", "SK PNS", "Surat keterangan dokter"]:
        assert label in msg
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DRAFT
    assert p.riwayat.count() == 1


@pytest.mark.parametrize("status,layanan", [(Status.DRAFT, "permohonan_submit"),
                                            (Status.DIKEMBALIKAN, "permohonan_resubmit")])
def test_submit_without_the_declaration_is_refused_and_changes_nothing(layak, status, layanan):
    """Issue 11 item 10: the declaration is enforced by the workflow, not only the browser."""
    p = buat_permohonan(layak, status)
    with pytest.raises(workflow.PermohonanError, match="centang pernyataan"):
        getattr(workflow, layanan)(permohonan=p, aktor=layak.u_pegawai)
    p.refresh_from_db()
    assert p.status == status and p.pernyataan_pada is None
    getattr(workflow, layanan)(permohonan=p, aktor=layak.u_pegawai, pernyataan=True)
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN and p.pernyataan_oleh == layak.u_pegawai


def test_submit_is_refused_with_the_failed_rules_and_allowed_after_a_bkd_exception(layak):
    layak.pegawai.hukuman_disiplin = True
    layak.pegawai.save()
    p = buat_permohonan(layak, Status.DRAFT)
    with pytest.raises(workflow.PermohonanError, match="hukuman disiplin"):
        workflow.permohonan_submit(permohonan=p, aktor=layak.u_pegawai, pernyataan=True)
    services.permohonan_override(permohonan=p, aktor=layak.u_bkd, aturan=["hukuman_disiplin"],
                                 alasan="Hukuman sudah selesai, data belum diperbarui.")
    workflow.permohonan_submit(permohonan=p, aktor=layak.u_pegawai, pernyataan=True)
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN
    assert p.aturan_dikecualikan == ["hukuman_disiplin"]
    assert p.dikecualikan_oleh == layak.u_bkd
    override = p.riwayat.get(aksi="override")
    assert override.aktor == layak.u_bkd
    assert "data belum diperbarui" in override.catatan
    assert override.dari_status == override.ke_status == Status.DRAFT


def test_only_bkd_may_except_a_rule_and_only_with_a_reason(layak):
    p = buat_permohonan(layak, Status.DRAFT)
    with pytest.raises(workflow.BukanWewenang):
        services.permohonan_override(permohonan=p, aktor=layak.u_kepala_asal,
                                     aturan=["bup"], alasan="x")
    with pytest.raises(workflow.PermohonanError, match="alasan"):
        services.permohonan_override(permohonan=p, aktor=layak.u_bkd, aturan=["bup"], alasan="")
    assert PermohonanMutasi.objects.get(pk=p.pk).aturan_dikecualikan == []


def test_approval_rechecks_eligibility(layak):
    p = buat_permohonan(layak, Status.DITERIMA_TUJUAN)
    layak.pegawai.tugas_belajar = True
    layak.pegawai.save()
    with pytest.raises(workflow.PermohonanError, match="tugas belajar"):
        workflow.permohonan_approve(permohonan=p, aktor=layak.u_bkd)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DITERIMA_TUJUAN


def test_submission_freezes_the_current_origin(layak):
    p = buat_permohonan(layak, Status.DRAFT)
    layak.pegawai.unit = layak.puskesmas
    layak.pegawai.save()
    workflow.permohonan_submit(permohonan=p, aktor=layak.u_pegawai, pernyataan=True)
    p.refresh_from_db()
    assert p.unit_asal == layak.puskesmas
    assert p.jabatan_asal == layak.j_pelaksana


def test_resubmission_hides_the_request_from_the_receiving_head_until_endorsed(layak):
    p = buat_permohonan(layak, Status.DISETUJUI_ASAL)
    workflow.permohonan_return(permohonan=p, aktor=layak.u_kepala_tujuan, catatan="Lengkapi SKP")
    assert access.permohonan_terlihat(layak.u_kepala_tujuan).filter(pk=p.pk).exists()
    workflow.permohonan_resubmit(permohonan=p, aktor=layak.u_pegawai, pernyataan=True)
    assert not access.permohonan_terlihat(layak.u_kepala_tujuan).filter(pk=p.pk).exists()
    workflow.permohonan_endorse(permohonan=p, aktor=layak.u_kepala_asal)
    assert access.permohonan_terlihat(layak.u_kepala_tujuan).filter(pk=p.pk).exists()


def test_approval_marks_both_units_for_recompute(layak):
    p = buat_permohonan(layak, Status.DITERIMA_TUJUAN)
    UnitPerluHitung.objects.all().delete()
    workflow.permohonan_approve(permohonan=p, aktor=layak.u_bkd)
    assert set(UnitPerluHitung.objects.values_list("unit_id", flat=True)) >= {
        layak.dinkes.pk, layak.dishub.pk}


def test_acting_on_a_stale_copy_reports_that_someone_else_acted_first(layak):
    p = buat_permohonan(layak, Status.DITERIMA_TUJUAN)
    stale = PermohonanMutasi.objects.get(pk=p.pk)
    workflow.permohonan_refuse(permohonan=p, aktor=layak.u_bkd, catatan="Formasi penuh.")
    with pytest.raises(workflow.PermohonanError, match="sudah diproses oleh pengguna lain"):
        workflow.permohonan_approve(permohonan=stale, aktor=layak.u_bkd)
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.DITOLAK
    assert p.riwayat.filter(aksi="approve").count() == 0


def test_full_happy_path_writes_one_history_row_per_step(layak):
    p = services.permohonan_create(
        pegawai=layak.pegawai, aktor=layak.u_pegawai, unit_tujuan=layak.dishub,
        jabatan_tujuan=layak.j_pelaksana, alasan="pengembangan_karier", justifikasi="x")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mutasi.tests.factories import PDF_KECIL
    from mutasi.uploads import dokumen_wajib
    for jenis in dokumen_wajib(p.asal_permohonan, p.alasan):
        services.dokumen_upload(permohonan=p, aktor=layak.u_pegawai, jenis=jenis,
                                berkas=SimpleUploadedFile(f"{jenis}.pdf", PDF_KECIL))
    workflow.permohonan_submit(permohonan=p, aktor=layak.u_pegawai, pernyataan=True)
    workflow.permohonan_endorse(permohonan=p, aktor=layak.u_kepala_asal)
    workflow.permohonan_accept(permohonan=p, aktor=layak.u_kepala_tujuan)
    workflow.permohonan_approve(permohonan=p, aktor=layak.u_bkd, catatan="Sesuai ABK.")
    rows = list(p.riwayat.values_list("aksi", "dari_status", "ke_status"))
    assert rows == [
        ("buat", "", "draft"),
        ("submit", "draft", "diajukan"),
        ("endorse", "diajukan", "disetujui_asal"),
        ("accept", "disetujui_asal", "diterima_tujuan"),
        ("approve", "diterima_tujuan", "disetujui_bkd"),
    ]
    assert DokumenPermohonan.objects.filter(permohonan=p).count() == 6


def test_history_rows_cannot_be_updated_in_the_database(layak):
    p = buat_permohonan(layak, Status.DRAFT)
    with pytest.raises(DatabaseError), transaction.atomic():
        RiwayatPermohonan.objects.filter(permohonan=p).update(catatan="diubah")
    assert RiwayatPermohonan.objects.get(permohonan=p).catatan == ""


def test_history_rows_cannot_be_deleted_on_postgresql(layak):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps only the UPDATE trigger (flush deletes rows there)")
    p = buat_permohonan(layak, Status.DRAFT)
    with pytest.raises(DatabaseError), transaction.atomic():
        RiwayatPermohonan.objects.filter(permohonan=p)._raw_delete(using="default")
    assert RiwayatPermohonan.objects.filter(permohonan=p).count() == 1
