"""The employee's answer to an organisational-need transfer (issue 13, part 5).

BKD sends the request to the employee named, who sees why and accepts or objects before any
head reviews it; an objection goes to BKD, who withdraws, replaces the person or proceeds
with a written reason. Everything is in the request's history.
"""

import pytest
from django.urls import reverse

from bebankerja.models import PeriodeAbk, SnapshotJabatan
from mutasi import access, tanggapan, workflow
from mutasi.models import AsalPermohonan, PermohonanMutasi, RiwayatPermohonan, Status
from mutasi.tests.factories import buat_permohonan, jadikan_layak
from pegawai.tests.factories import PegawaiFactory

ORG = AsalPermohonan.KEBUTUHAN_ORGANISASI


def _usulan(cast, status=Status.DRAFT):
    return buat_permohonan(cast, status, asal=ORG, dibuat_oleh=cast.u_bkd)


@pytest.mark.django_db
def test_bkd_sends_it_to_the_employee_first_and_no_head_sees_it_yet(layak):
    c = layak
    p = _usulan(c)
    workflow.permohonan_submit(permohonan=p, aktor=c.u_bkd, pernyataan=True)
    p.refresh_from_db()
    assert p.status == Status.MENUNGGU_PEGAWAI and p.diajukan_pada is None
    assert not access.permohonan_terlihat(c.u_kepala_asal).filter(pk=p.pk).exists()
    # It waits for the employee: their own request in their queue.
    assert list(access.menunggu(PermohonanMutasi.objects.all(), c.u_pegawai)) == [p]
    assert workflow.aksi_tersedia(p, c.u_pegawai) == ["terima_pegawai", "keberatan"]
    assert workflow.aksi_tersedia(p, c.u_kepala_asal) == []


@pytest.mark.django_db
def test_the_employee_accepts_and_the_origin_head_reviews_next(layak):
    c = layak
    p = _usulan(c, Status.MENUNGGU_PEGAWAI)
    with pytest.raises(workflow.BukanWewenang):
        workflow.permohonan_terima_pegawai(permohonan=p, aktor=c.u_kepala_asal)
    workflow.permohonan_terima_pegawai(permohonan=p, aktor=c.u_pegawai, catatan="Siap.")
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN and p.diajukan_pada is not None
    assert "endorse" in workflow.aksi_tersedia(p, c.u_kepala_asal)
    r = p.riwayat.order_by("-id").first()
    assert (r.aksi, r.aktor_id, r.dari_status, r.ke_status) == (
        "terima_pegawai", c.u_pegawai.pk, Status.MENUNGGU_PEGAWAI, Status.DIAJUKAN)


@pytest.mark.django_db
def test_an_objection_needs_a_reason_and_words_and_goes_to_bkd(layak):
    c = layak
    p = _usulan(c, Status.MENUNGGU_PEGAWAI)
    with pytest.raises(workflow.PermohonanError, match="alasan keberatan"):
        workflow.permohonan_keberatan(permohonan=p, aktor=c.u_pegawai, catatan="Anak sakit.")
    with pytest.raises(workflow.PermohonanError, match="Isi alasan"):
        workflow.permohonan_keberatan(permohonan=p, aktor=c.u_pegawai, alasan="keluarga")
    p.refresh_from_db()
    assert p.status == Status.MENUNGGU_PEGAWAI  # nothing written
    workflow.permohonan_keberatan(permohonan=p, aktor=c.u_pegawai, alasan="keluarga",
                                  catatan="Merawat orang tua di kota ini.")
    p.refresh_from_db()
    assert (p.status, p.alasan_keberatan) == (Status.KEBERATAN, "keluarga")
    assert p in access.menunggu(PermohonanMutasi.objects.all(), c.u_bkd)
    assert set(workflow.aksi_tersedia(p, c.u_bkd)) == {"withdraw", "lanjutkan"}


@pytest.mark.django_db
def test_bkd_proceeds_only_with_a_written_reason(layak):
    c = layak
    p = _usulan(c, Status.KEBERATAN)
    with pytest.raises(workflow.PermohonanError):
        workflow.permohonan_lanjutkan(permohonan=p, aktor=c.u_bkd, catatan="")
    workflow.permohonan_lanjutkan(permohonan=p, aktor=c.u_bkd,
                                  catatan="Tidak ada pegawai lain; disepakati pimpinan.")
    p.refresh_from_db()
    assert p.status == Status.DIAJUKAN and p.diajukan_pada is not None


@pytest.mark.django_db
def test_a_request_at_the_employees_own_wish_cannot_take_the_employee_steps(layak):
    c = layak
    p = buat_permohonan(c, Status.DRAFT)
    assert "kirim_pegawai" not in workflow.aksi_tersedia(p, c.u_pegawai)
    with pytest.raises(workflow.BukanWewenang):
        workflow.jalankan(permohonan=p, aktor=c.u_bkd, aksi="kirim_pegawai")


@pytest.fixture
def kandidat(layak):
    """An active ABK periode where Dinas Perhubungan's PU post has a surplus with one
    eligible holder (outsider) and Dinas Kesehatan's is short."""
    c = layak
    periode = PeriodeAbk.objects.create(tahun=2026, aktif=True)
    from django.utils import timezone

    for unit, selisih in ((c.dishub, 1), (c.dinkes, -1)):
        SnapshotJabatan.objects.create(
            periode=periode, unit=unit, jabatan=c.j_pelaksana, beban_menit=0,
            kebutuhan_exact=1, kebutuhan=1, bezetting=1 + selisih, selisih=selisih,
            dihitung=timezone.now())
    jadikan_layak(c.outsider)
    return c


@pytest.mark.django_db
def test_bkd_replaces_the_person_all_or_nothing(kandidat, client):
    c = kandidat
    # The objected request moves cast.pegawai to the PU post of Dinas Kesehatan's puskesmas.
    p = buat_permohonan(c, Status.KEBERATAN, asal=ORG, unit_tujuan=c.dinkes,
                        pegawai=PegawaiFactory(unit=c.puskesmas, jabatan=c.j_pelaksana),
                        dibuat_oleh=c.u_bkd)
    calon = tanggapan.kandidat_pengganti(p)
    assert c.outsider in calon
    client.force_login(c.u_bkd)
    r = client.get(reverse("mutasi:ganti_pegawai", args=[p.pk]))
    assert r.status_code == 200 and c.outsider.nama_lengkap in r.content.decode()
    r = client.post(reverse("mutasi:ganti_pegawai", args=[p.pk]),
                    {"pegawai": c.outsider.pk, "catatan": ""})
    assert "Tulis alasan penggantian" in r.content.decode()
    assert PermohonanMutasi.objects.get(pk=p.pk).status == Status.KEBERATAN
    r = client.post(reverse("mutasi:ganti_pegawai", args=[p.pk]),
                    {"pegawai": c.outsider.pk, "catatan": "Keberatan keluarga diterima."})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.DITARIK
    baru = PermohonanMutasi.objects.get(pegawai=c.outsider)
    assert (baru.status, baru.asal_permohonan, baru.unit_tujuan_id) == (
        Status.DRAFT, ORG, c.dinkes.pk)
    tarik = RiwayatPermohonan.objects.filter(permohonan=p, aksi="withdraw").get()
    assert c.outsider.nip_tampil in tarik.catatan


@pytest.mark.django_db
def test_the_employee_sees_why_and_answers_in_the_browser_form(layak, client):
    c = layak
    p = _usulan(c, Status.MENUNGGU_PEGAWAI)
    client.force_login(c.u_pegawai)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    assert "Anda diusulkan untuk dipindahkan" in html
    assert "Saya bersedia dipindahkan" in html and "Ajukan keberatan" in html
    r = client.post(reverse("mutasi:aksi", args=[p.pk, "keberatan"]),
                    {"keberatan-alasan": "kesehatan", "keberatan-catatan": "Sedang terapi."},
                    follow=True)
    assert "Pegawai keberatan" in r.content.decode()
    p.refresh_from_db()
    assert p.status == Status.KEBERATAN
    client.force_login(c.u_bkd)
    html = client.get(reverse("mutasi:detail", args=[p.pk])).content.decode()
    assert "Keberatan pegawai:" in html and "Sedang terapi." in html
    assert "Ganti pegawai (lihat kandidat)" in html


@pytest.mark.django_db
def test_the_home_page_puts_the_pending_answer_first(layak, client):
    c = layak
    _usulan(c, Status.MENUNGGU_PEGAWAI)
    client.force_login(c.u_pegawai)
    html = client.get(reverse("beranda")).content.decode()
    assert "BKD mengusulkan Anda dipindahkan" in html and "Lihat usulan dan tanggapi" in html


@pytest.mark.django_db
def test_candidates_come_from_the_same_opd_first_then_the_willing(kandidat):
    """Ordered in the database: a same-OPD holder before a willing one elsewhere."""
    from django.utils import timezone

    c = kandidat
    SnapshotJabatan.objects.create(
        periode=PeriodeAbk.objects.get(aktif=True), unit=c.puskesmas, jabatan=c.j_pelaksana,
        beban_menit=0, kebutuhan_exact=0, kebutuhan=0, bezetting=1, selisih=1,
        dihitung=timezone.now())
    dekat = jadikan_layak(PegawaiFactory(unit=c.puskesmas, jabatan=c.j_pelaksana))
    c.outsider.bersedia_mutasi = True
    c.outsider.save()
    jauh_biasa = jadikan_layak(PegawaiFactory(unit=c.dishub, jabatan=c.j_pelaksana))
    p = buat_permohonan(c, Status.KEBERATAN, asal=ORG, unit_tujuan=c.dinkes,
                        pegawai=PegawaiFactory(unit=c.bkd_unit, jabatan=c.j_pelaksana),
                        dibuat_oleh=c.u_bkd)
    calon = tanggapan.kandidat_pengganti(p)
    assert calon[:3] == [dekat, c.outsider, jauh_biasa]
