"""Transfer requests (PermohonanMutasi), their documents and their immutable history.

The workflow (allowed transitions and what follows each) lives in `workflow.py`, who may
do what in `access.py`; the rules and defaults are described in docs/mutasi.md.
"""

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    # Organisational need: the employee named answers first (accept or object).
    MENUNGGU_PEGAWAI = "menunggu_pegawai", _("Menunggu tanggapan pegawai")
    KEBERATAN = "keberatan", _("Pegawai keberatan")
    DIAJUKAN = "diajukan", _("Diajukan")
    DISETUJUI_ASAL = "disetujui_asal", _("Disetujui kepala unit asal")
    DITERIMA_TUJUAN = "diterima_tujuan", _("Diterima kepala unit tujuan")
    DISETUJUI_BKD = "disetujui_bkd", _("Disetujui BKD")
    SK_TERBIT = "sk_terbit", _("SK terbit")
    BERLAKU = "berlaku", _("Berlaku (TMT)")
    DITOLAK = "ditolak", _("Ditolak")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan untuk perbaikan")
    DITARIK = "ditarik", _("Ditarik pemohon")


# A request in one of these states blocks a new one for the same employee.
STATUS_AKTIF = (
    Status.DRAFT,
    Status.MENUNGGU_PEGAWAI,
    Status.KEBERATAN,
    Status.DIAJUKAN,
    Status.DISETUJUI_ASAL,
    Status.DITERIMA_TUJUAN,
    Status.DISETUJUI_BKD,
    Status.SK_TERBIT,
    Status.DIKEMBALIKAN,
)
STATUS_SELESAI = (Status.BERLAKU, Status.DITOLAK, Status.DITARIK)
# The applicant may still edit (and upload documents) in these states.
STATUS_BISA_DIUBAH = (Status.DRAFT, Status.DIKEMBALIKAN)


class AsalPermohonan(models.TextChoices):
    PERMINTAAN_SENDIRI = "permintaan_sendiri", _("Atas permintaan sendiri")
    KEBUTUHAN_ORGANISASI = "kebutuhan_organisasi", _("Kebutuhan organisasi (diajukan BKD)")


class AlasanKeberatan(models.TextChoices):
    """Why an employee objects to an organisational-need transfer."""

    KESEHATAN = "kesehatan", _("Kesehatan")
    KELUARGA = "keluarga", _("Keluarga (pasangan, anak, orang tua)")
    LAINNYA = "lainnya", _("Lainnya")


class Alasan(models.TextChoices):
    # The employee's reasons (a request at their own wish) ...
    KESEHATAN = "kesehatan", _("Kesehatan")
    IKUT_PASANGAN = "ikut_pasangan", _("Mengikuti suami/istri")
    PENGEMBANGAN_KARIER = "pengembangan_karier", _("Pengembangan karier / kompetensi")
    DEKAT_DOMISILI = "dekat_domisili", _("Dekat domisili / keluarga")
    LAINNYA = "lainnya", _("Lainnya")
    # ... and the organisation's (BKD files the request for organisational need).
    PEMERATAAN_BEBAN_KERJA = "pemerataan_beban_kerja", _("Pemerataan beban kerja (hasil ABK)")
    ROTASI = "rotasi", _("Rotasi / penyegaran")
    ORGANISASI_LAINNYA = "organisasi_lainnya", _("Kebutuhan organisasi lainnya")


# The reasons each kind of request offers (its form offers only these; services check).
ALASAN_PER_ASAL = {
    "permintaan_sendiri": (Alasan.KESEHATAN, Alasan.IKUT_PASANGAN, Alasan.PENGEMBANGAN_KARIER,
                           Alasan.DEKAT_DOMISILI, Alasan.LAINNYA),
    "kebutuhan_organisasi": (Alasan.PEMERATAAN_BEBAN_KERJA, Alasan.ROTASI,
                             Alasan.PENGEMBANGAN_KARIER, Alasan.ORGANISASI_LAINNYA),
}
# "Other" reasons: the justification must say in detail what the reason is
# (at least settings.MUTASI_JUSTIFIKASI_MIN_RINCI characters).
ALASAN_RINCI = frozenset({Alasan.LAINNYA, Alasan.ORGANISASI_LAINNYA})
# Longest free text a form takes (justification, notes, reasons of an exception).
TEKS_MAKS = 2000


class JenisDokumen(models.TextChoices):
    SURAT_PERMOHONAN = "surat_permohonan", _("Surat permohonan")
    SK_CPNS = "sk_cpns", _("SK CPNS")
    SK_PNS = "sk_pns", _("SK PNS")
    SK_PANGKAT = "sk_pangkat", _("SK pangkat terakhir")
    SKP = "skp", _("Penilaian kinerja (SKP) terakhir")
    SURAT_DOKTER = "surat_dokter", _("Surat keterangan dokter")
    SK_PASANGAN = "sk_pasangan", _("SK penempatan suami/istri")
    PERNYATAAN_DISIPLIN = "pernyataan_disiplin", _("Pernyataan tidak sedang dihukum disiplin")
    TELAAH_STAF = "telaah_staf", _("Telaah staf / nota dinas kebutuhan organisasi")
    LAINNYA = "lainnya", _("Lainnya")


class PermohonanMutasi(models.Model):
    """A request to move one employee to another unit and position."""

    pegawai = models.ForeignKey(
        "pegawai.Pegawai",
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="permohonan_mutasi",
    )
    unit_asal = models.ForeignKey(
        "pegawai.UnitKerja",
        verbose_name=_("unit asal"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    jabatan_asal = models.ForeignKey(
        "pegawai.Jabatan",
        verbose_name=_("jabatan asal"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_tujuan = models.ForeignKey(
        "pegawai.UnitKerja",
        verbose_name=_("unit tujuan"),
        on_delete=models.PROTECT,
        related_name="permohonan_masuk",
    )
    jabatan_tujuan = models.ForeignKey(
        "pegawai.Jabatan",
        verbose_name=_("jabatan tujuan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    asal_permohonan = models.CharField(
        _("asal permohonan"),
        max_length=24,
        choices=AsalPermohonan.choices,
        default=AsalPermohonan.PERMINTAAN_SENDIRI,
    )
    alasan = models.CharField(_("alasan"), max_length=24, choices=Alasan.choices)
    justifikasi = models.TextField(_("justifikasi"), max_length=TEKS_MAKS)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    # First submission; from then on the origin head may see the request.
    diajukan_pada = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    # Set on endorsement by the origin head, cleared on resubmission: from then on the
    # receiving head may see the request (docs/mutasi.md, "Siapa melihat apa").
    diteruskan_pada = models.DateTimeField(_("diteruskan ke unit tujuan"), null=True, blank=True)
    # BKD's written exceptions to eligibility rules (codes of eligibility.ATURAN).
    # The employee's objection to an organisational-need transfer (their text is in history).
    alasan_keberatan = models.CharField(
        _("alasan keberatan pegawai"), max_length=12, choices=AlasanKeberatan.choices,
        blank=True,
    )
    aturan_dikecualikan = models.JSONField(_("aturan yang dikecualikan"), default=list, blank=True)
    alasan_pengecualian = models.TextField(_("alasan pengecualian"), blank=True,
                                           max_length=TEKS_MAKS)
    dikecualikan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikecualikan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The applicant's declaration that data and documents are true, at the last
    # (re)submission (`workflow.permohonan_submit`).
    pernyataan_pada = models.DateTimeField(_("pernyataan kebenaran pada"), null=True,
                                           blank=True)
    pernyataan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pernyataan kebenaran oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when the decree is issued (`keputusan.sk_issue`).
    tmt = models.DateField(_("TMT"), null=True, blank=True)
    sk = models.ForeignKey(
        "SuratKeputusan",
        verbose_name=_("SK mutasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="permohonan",
    )

    # Not a column: set by `selectors.waktu_proses` on the requests it lists as waiting.
    menunggu_sejak: datetime.datetime

    class Meta:
        verbose_name = _("permohonan mutasi")
        verbose_name_plural = _("permohonan mutasi")
        ordering = ["-dibuat", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai"],
                condition=Q(status__in=[s.value for s in STATUS_AKTIF]),
                name="permohonan_satu_aktif_per_pegawai",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "diubah"], name="permohonan_status_diubah"),
            models.Index(fields=["unit_asal", "status"], name="permohonan_asal_status"),
            models.Index(fields=["unit_tujuan", "status"], name="permohonan_tujuan_status"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.pegawai_id}: {self.unit_asal_id} → {self.unit_tujuan_id}"

    @property
    def bisa_diubah(self):
        return self.status in STATUS_BISA_DIUBAH

    @property
    def aktif(self):
        return self.status in STATUS_AKTIF


def _nama_berkas(instance, filename):
    """A generated name: the uploader's file name is kept only in `nama_asli`."""
    ext = instance.ekstensi_diperiksa or PurePosixPath(filename).suffix.lower()
    return f"dokumen/{uuid.uuid4().hex}{ext}"


class DokumenPermohonan(models.Model):
    """One uploaded supporting document of a request (PDF, JPEG or PNG)."""

    permohonan = models.ForeignKey(
        PermohonanMutasi,
        verbose_name=_("permohonan"),
        on_delete=models.PROTECT,
        related_name="dokumen",
    )
    jenis = models.CharField(_("jenis dokumen"), max_length=24, choices=JenisDokumen.choices)
    berkas = models.FileField(_("berkas"), upload_to=_nama_berkas, max_length=255)
    nama_asli = models.CharField(_("nama berkas asli"), max_length=255)
    content_type = models.CharField(_("jenis isi"), max_length=50)
    ukuran = models.PositiveBigIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    diunggah = models.DateTimeField(_("diunggah"), auto_now_add=True)

    # The extension `uploads.periksa_berkas` found in the content (set by
    # `services.dokumen_upload` before saving); the generated file name ends with it.
    ekstensi_diperiksa: str = ""

    class Meta:
        verbose_name = _("dokumen permohonan")
        verbose_name_plural = _("dokumen permohonan")
        ordering = ["jenis", "diunggah", "id"]

    def __str__(self):
        return f"{self.get_jenis_display()}: {self.nama_asli}"


class RiwayatPermohonan(models.Model):
    """One transition of a request. Written once by `services`, never edited or deleted
    (on PostgreSQL and SQLite a trigger refuses UPDATE and DELETE, migration 0002)."""

    permohonan = models.ForeignKey(
        PermohonanMutasi,
        verbose_name=_("permohonan"),
        on_delete=models.PROTECT,
        related_name="riwayat",
    )
    # None: the system (the TMT taking effect).
    aktor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    waktu = models.DateTimeField(_("waktu"), auto_now_add=True)
    dari_status = models.CharField(_("dari status"), max_length=16, blank=True)
    ke_status = models.CharField(_("ke status"), max_length=16)
    aksi = models.CharField(_("aksi"), max_length=16)
    # Notes are at most TEKS_MAKS long (forms and `workflow.jalankan` check; no max_length
    # here: altering the field would rebuild the table on SQLite and drop its triggers).
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")
        ordering = ["waktu", "id"]
        indexes = [models.Index(fields=["permohonan", "waktu"], name="riwayat_permohonan_waktu")]

    def __str__(self):
        return f"#{self.permohonan_id} {self.aksi}: {self.dari_status} → {self.ke_status}"

    @property
    def dari_label(self):
        return Status(self.dari_status).label if self.dari_status else ""

    @property
    def ke_label(self):
        return Status(self.ke_status).label


class NomorSkCounter(models.Model):
    """The last SK number used in a year. Incremented under a row lock in the transaction
    that creates the SK, so numbers have neither gaps nor duplicates."""

    tahun = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    terakhir = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor SK")
        verbose_name_plural = _("penghitung nomor SK")

    def __str__(self):
        return f"{self.tahun}: {self.terakhir}"


class SuratKeputusan(models.Model):
    """A transfer decree (SK mutasi) for one request or a batch (with an annex)."""

    nomor = models.CharField(_("nomor"), max_length=100, unique=True)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    urut = models.PositiveIntegerField(_("nomor urut"))
    tanggal = models.DateField(_("tanggal ditetapkan"))
    tmt = models.DateField(_("TMT"))
    dasar_hukum = models.TextField(_("dasar hukum"))
    penandatangan_nama = models.CharField(_("nama penandatangan"), max_length=150)
    penandatangan_jabatan = models.CharField(_("jabatan penandatangan"), max_length=200)
    penandatangan_nip = models.CharField(_("NIP penandatangan"), max_length=18, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("surat keputusan mutasi")
        verbose_name_plural = _("surat keputusan mutasi")
        ordering = ["-tahun", "-urut"]
        constraints = [
            models.UniqueConstraint(fields=["tahun", "urut"], name="sk_tahun_urut_unik"),
        ]

    def __str__(self):
        return self.nomor


from .models_perencana import (  # noqa: E402, F401  (balance planner, docs/perencana.md)
    GrupJabatanSetara,
    RencanaMutasi,
    Skenario,
    SkenarioAbk,
    SkenarioPindah,
)
