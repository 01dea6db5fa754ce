"""Employees (Pegawai), units (UnitKerja), positions (Jabatan) and the history of posts."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class JenisUnit(models.TextChoices):
    PEMDA = "pemda", _("Pemerintah Daerah")
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    KANTOR = "kantor", _("Kantor")
    RSUD = "rsud", _("Rumah Sakit Umum Daerah")
    KECAMATAN = "kecamatan", _("Kecamatan")
    BAGIAN = "bagian", _("Bagian")
    BIDANG = "bidang", _("Bidang")
    SEKSI = "seksi", _("Seksi / Subbagian")
    UPT = "upt", _("UPT")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    KELURAHAN = "kelurahan", _("Kelurahan")
    SEKOLAH = "sekolah", _("Sekolah")


JENIS_OPD = {
    JenisUnit.SEKRETARIAT,
    JenisUnit.DINAS,
    JenisUnit.BADAN,
    JenisUnit.INSPEKTORAT,
    JenisUnit.KANTOR,
    JenisUnit.RSUD,
    JenisUnit.KECAMATAN,
}


class JenisJabatan(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    AHLI_PERTAMA = "ahli_pertama", _("Fungsional Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Fungsional Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Fungsional Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Fungsional Ahli Utama")
    PEMULA = "pemula", _("Fungsional Pemula")
    TERAMPIL = "terampil", _("Fungsional Terampil")
    MAHIR = "mahir", _("Fungsional Mahir")
    PENYELIA = "penyelia", _("Fungsional Penyelia")


# Batas usia pensiun (BUP) per jenis jabatan, docs/domain.md "Pangkat / golongan".
BUP = {
    JenisJabatan.JPT_UTAMA: 60,
    JenisJabatan.JPT_MADYA: 60,
    JenisJabatan.JPT_PRATAMA: 60,
    JenisJabatan.AHLI_MADYA: 60,
    JenisJabatan.AHLI_UTAMA: 65,
}
BUP_BAKU = 58


class Pendidikan(models.TextChoices):
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", "SMA/SMK"
    D1 = "D1", "D-I"
    D2 = "D2", "D-II"
    D3 = "D3", "D-III"
    D4 = "D4", "D-IV"
    S1 = "S1", "S-1"
    S2 = "S2", "S-2"
    S3 = "S3", "S-3"


# D-IV and S-1 are the same level for the purposes of a position's minimum education.
TINGKAT_PENDIDIKAN = {
    "SD": 1, "SMP": 2, "SMA": 3, "D1": 4, "D2": 5, "D3": 6, "D4": 7, "S1": 7, "S2": 8, "S3": 9,
}


class StatusAsn(models.TextChoices):
    PNS = "PNS", "PNS"
    CPNS = "CPNS", "CPNS"
    PPPK = "PPPK", "PPPK"


class JenisKelamin(models.TextChoices):
    LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


GOLONGAN_PNS = [
    ("I/a", "Juru Muda"), ("I/b", "Juru Muda Tingkat I"), ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"), ("II/a", "Pengatur Muda"), ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"), ("II/d", "Pengatur Tingkat I"), ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"), ("III/c", "Penata"), ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"), ("IV/b", "Pembina Tingkat I"), ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"), ("IV/e", "Pembina Utama"),
]
GOLONGAN_PPPK = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
    "XV", "XVI", "XVII",
]
GOLONGAN_CHOICES = [(kode, f"{kode} – {pangkat}") for kode, pangkat in GOLONGAN_PNS] + [
    (kode, f"{kode} (PPPK)") for kode in GOLONGAN_PPPK
]
PANGKAT = dict(GOLONGAN_PNS)
URUTAN_GOLONGAN = {kode: i for i, (kode, _label) in enumerate(GOLONGAN_CHOICES)}


class Jabatan(models.Model):
    """A position in the Pemda's catalogue (nomenklatur jabatan)."""

    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama jabatan"), max_length=200)
    jenis = models.CharField(_("jenis jabatan"), max_length=20, choices=JenisJabatan.choices)
    kelas = models.PositiveSmallIntegerField(_("kelas jabatan"))
    pendidikan_minimal = models.CharField(
        _("pendidikan minimal"), max_length=3, choices=Pendidikan.choices
    )
    # The field of study the position asks for (pegawai.kompetensi); blank = any field.
    rumpun = models.CharField(
        _("rumpun pendidikan"), max_length=40, blank=True, default="", db_default="",
        help_text=_("Rumpun/bidang pendidikan yang disyaratkan; kosong = semua rumpun."),
    )

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kelas__gte=1) & Q(kelas__lte=17), name="jabatan_kelas_1_17"
            )
        ]

    def __str__(self):
        return self.nama

    @property
    def bup(self):
        return BUP.get(self.jenis, BUP_BAKU)


class UnitKerjaQuerySet(models.QuerySet):
    def subtree(self, unit):
        """The unit and every unit below it."""
        return self.filter(unit.subtree_q())


class UnitKerja(models.Model):
    """A node of the Pemda's organisation tree (Pemda → OPD → bidang, UPT, puskesmas…).

    `path` is a materialised path of zero-padded ids ("000001/000007/"), kept by
    `services.unit_tree_refresh`, so that a subtree is one indexed prefix filter.
    """

    kode = models.CharField(_("kode unit"), max_length=30, unique=True)
    nama = models.CharField(_("nama unit"), max_length=200)
    jenis = models.CharField(_("jenis unit"), max_length=20, choices=JenisUnit.choices)
    induk = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anak",
    )
    jabatan_kepala = models.ForeignKey(
        Jabatan,
        verbose_name=_("jabatan kepala unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Pemegang jabatan ini di unit ini adalah Kepala Unit."),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    kedalaman = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = UnitKerjaQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["path"]

    def __str__(self):
        return self.nama

    @property
    def adalah_opd(self):
        return self.jenis in JENIS_OPD

    # The tree's helpers: nothing else reads or filters on `path` by hand.

    def subtree_q(self, via=""):
        """A filter for this unit and every unit below it; `via` names the foreign key to a
        unit from another model: `Pegawai.objects.filter(unit.subtree_q("unit"))`."""
        return Q(**{f"{via}__path__startswith" if via else "path__startswith": self.path})

    @property
    def leluhur_ids(self):
        """Ids from the root down to this unit itself, read from the materialised path."""
        return path_ids(self.path)

    @property
    def opd_id(self):
        """Id of the OPD this unit belongs to (itself for an OPD); None for the Pemda root."""
        return opd_id_dari_path(self.path)


def path_ids(path):
    """"000001/000007/" → [1, 7]: the ids of a materialised path, root first."""
    return [int(x) for x in path.split("/") if x]


def opd_id_dari_path(path):
    """The OPD (depth 1) of the unit with this path; None for the root or an empty path."""
    ids = path_ids(path)
    return ids[1] if len(ids) > 1 else None


class PegawaiQuerySet(models.QuerySet):
    def aktif(self):
        return self.filter(aktif=True)

    def di_subtree(self, unit):
        """Employees of `unit` and of every unit below it."""
        return self.filter(unit.subtree_q("unit"))

    def visible_to(self, user):
        """The employees `user` may see: BKD all, a unit head their subtree, else self."""
        from .access import scope_pegawai

        return scope_pegawai(self, user)


class Pegawai(models.Model):
    """A civil servant (ASN) of the Pemda."""

    # Unique through Meta.constraints rather than unique=True, which on PostgreSQL would add a
    # second index (varchar_pattern_ops) that only LIKE searches use; the NIP search is a
    # range on this one (filters.nip_berawalan).
    nip = models.CharField(_("NIP"), max_length=18)
    nama = models.CharField(_("nama"), max_length=150)
    gelar_depan = models.CharField(_("gelar depan"), max_length=30, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    status_asn = models.CharField(_("status ASN"), max_length=4, choices=StatusAsn.choices)
    golongan = models.CharField(_("golongan"), max_length=5, choices=GOLONGAN_CHOICES)
    jabatan = models.ForeignKey(
        Jabatan, verbose_name=_("jabatan"), on_delete=models.PROTECT, related_name="pegawai"
    )
    # No index of its own: pegawai_unit_jabatan (unit, jabatan) serves unit lookups, and every
    # index costs each import row (docs/impor.md, "Kecepatan").
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="pegawai",
        db_index=False,
    )
    tmt_jabatan = models.DateField(_("TMT jabatan"))
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    jenis_kelamin = models.CharField(
        _("jenis kelamin"), max_length=1, choices=JenisKelamin.choices
    )
    pendidikan = models.CharField(_("pendidikan"), max_length=3, choices=Pendidikan.choices)
    rumpun = models.CharField(
        _("rumpun pendidikan"), max_length=40, blank=True, default="", db_default="",
        help_text=_("Rumpun/bidang program studi pendidikan terakhir."),
    )
    # The employee's own answer, read by the balance planner (mutasi.perencana).
    # db_default: the import and the bench write employees with raw INSERT/COPY.
    bersedia_mutasi = models.BooleanField(_("bersedia dimutasi"), default=False,
                                          db_default=False)
    unit_pilihan = models.ManyToManyField(
        "UnitKerja", verbose_name=_("unit pilihan"), blank=True, related_name="+",
        help_text=_("Unit tempat pegawai bersedia ditempatkan."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    hukuman_disiplin = models.BooleanField(
        _("sedang menjalani hukuman disiplin sedang/berat atau pemeriksaan"), default=False
    )
    tugas_belajar = models.BooleanField(_("sedang tugas belajar / ikatan dinas"), default=False)
    aktif = models.BooleanField(_("aktif"), default=True, help_text=_("Kosong = pensiun/berhenti."))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pegawai",
    )
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    objects = PegawaiQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama"]
        indexes = [
            models.Index(fields=["unit", "jabatan"], name="pegawai_unit_jabatan"),
            models.Index(fields=["nama"], name="pegawai_nama"),
            # No index on golongan: 17 values over the whole Pemda select too much to help
            # (a golongan filter rides on the unit index or a scan), and it would turn
            # promotions into non-HOT updates.
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"], name="pegawai_nip_unik",
                violation_error_message=_("Pegawai dengan NIP ini sudah ada."),
            ),
            # The last line of defence for every path that writes an employee (admin, forms,
            # import, raw SQL): 18 ASCII digits. The finer rules are in clean().
            models.CheckConstraint(
                condition=models.Q(nip__regex=r"^[0-9]{18}$"), name="pegawai_nip_18_digit",
                violation_error_message=_("NIP harus 18 digit angka 0–9."),
            ),
        ]

    def __str__(self):
        return f"{self.nama_lengkap} ({self.nip_tampil})"

    def clean(self):
        """The import's NIP rules (pegawai.nip.validate_nip) for every other path that saves
        an employee through model validation: the admin and the forms."""
        from .nip import normalize_nip, validate_nip

        super().clean()
        self.nip = normalize_nip(self.nip)
        if self.nip:
            alasan = validate_nip(
                self.nip, pppk=self.status_asn == StatusAsn.PPPK,
                tanggal_lahir=self.tanggal_lahir, jenis_kelamin=self.jenis_kelamin or None,
                kode_pppk_ketat=settings.NIP_PPPK_KODE_21_WAJIB,
            )
            if alasan:
                raise ValidationError({"nip": alasan})

    @property
    def nama_lengkap(self):
        nama = f"{self.gelar_depan} {self.nama}".strip()
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama

    @property
    def nip_tampil(self):
        from .nip import format_nip

        return format_nip(self.nip)

    @property
    def pangkat(self):
        return PANGKAT.get(self.golongan, "")

    @property
    def adalah_kepala_unit(self):
        return self.aktif and self.unit.jabatan_kepala_id == self.jabatan_id


class RiwayatJabatan(models.Model):
    """One post an employee held: unit, jabatan, from, to, and the decree that made it."""

    # Indexed by riwayat_pegawai_tmt (pegawai, tmt_mulai), which serves pegawai lookups too.
    pegawai = models.ForeignKey(
        Pegawai, on_delete=models.CASCADE, related_name="riwayat", verbose_name=_("pegawai"),
        db_index=False,
    )
    # Not indexed: nothing reads history by unit or jabatan except the rare check before a
    # unit or jabatan is deleted (a scan then), while every imported or moved post would pay
    # for two more indexes.
    unit = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, verbose_name=_("unit kerja"),
                             db_index=False)
    jabatan = models.ForeignKey(Jabatan, on_delete=models.PROTECT, verbose_name=_("jabatan"),
                                db_index=False)
    tmt_mulai = models.DateField(_("TMT mulai"))
    tmt_selesai = models.DateField(_("TMT selesai"), null=True, blank=True)
    nomor_sk = models.CharField(_("nomor SK"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("tanggal SK"), null=True, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)
    dicatat = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        ordering = ["-tmt_mulai", "-id"]
        indexes = [models.Index(fields=["pegawai", "tmt_mulai"], name="riwayat_pegawai_tmt")]

    def __str__(self):
        return f"{self.pegawai_id}: {self.jabatan} @ {self.unit} ({self.tmt_mulai})"


class LoginGagal(models.Model):
    """A failed login, kept to throttle password guessing per (username, address)."""

    username = models.CharField(max_length=150)
    alamat_ip = models.GenericIPAddressField(null=True)
    waktu = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["username", "waktu"], name="logingagal_user_waktu")]

    def __str__(self):
        return f"{self.username} @ {self.alamat_ip} {self.waktu:%Y-%m-%d %H:%M}"


def _impor_upload_to(instance, filename):
    """A generated name under MEDIA_ROOT/impor/: the user's file name is never a path."""
    import os

    ext = os.path.splitext(filename)[1].lower()
    return f"impor/{uuid.uuid4().hex}{ext if ext in ('.xlsx', '.csv') else ''}"


class ImporJob(models.Model):
    """One spreadsheet import (pegawai, unit or jabatan): its file, progress and outcome."""

    class Jenis(models.TextChoices):
        PEGAWAI = "pegawai", _("Pegawai")
        UNIT = "unit", _("Unit kerja")
        JABATAN = "jabatan", _("Jabatan")

    class Status(models.TextChoices):
        ANTRI = "antri", _("Menunggu antrian")
        BERJALAN = "berjalan", _("Sedang berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")
        # Superseded or expired: a later import of the same kind was written first, or
        # the job's claim passed to another run. Nothing of this file was written.
        DIBATALKAN = "dibatalkan", _("Dibatalkan")

    jenis = models.CharField(_("jenis impor"), max_length=10, choices=Jenis.choices)
    nama_file = models.CharField(_("nama berkas asli"), max_length=255)
    berkas = models.FileField(_("berkas"), upload_to=_impor_upload_to, max_length=255,
                              blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ANTRI, db_index=True)
    tahap = models.CharField(_("tahap"), max_length=20, blank=True)
    persen = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    total_baris = models.PositiveIntegerField(_("jumlah baris"), default=0)
    baris_diproses = models.PositiveIntegerField(_("baris diproses"), default=0)
    jumlah_baru = models.PositiveIntegerField(_("baru"), default=0)
    jumlah_diubah = models.PositiveIntegerField(_("diubah"), default=0)
    jumlah_tetap = models.PositiveIntegerField(_("tidak berubah"), default=0)
    jumlah_galat = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    galat = models.JSONField(_("kesalahan"), default=list, blank=True)
    unit_berubah = models.JSONField(_("unit yang pegawainya berubah"), default=list, blank=True)
    pesan = models.TextField(_("pesan"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diunggah oleh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    dibuat = models.DateTimeField(_("diunggah"), auto_now_add=True)
    mulai = models.DateTimeField(_("mulai"), null=True, blank=True)
    diperbarui = models.DateTimeField(_("terakhir diperbarui"), null=True, blank=True)
    selesai = models.DateTimeField(_("selesai"), null=True, blank=True)
    # Raised by every claim of the job (jobs._klaim); a run writes only while it holds the
    # latest claim, so a redelivered message cannot write over the run that replaced it.
    klaim = models.PositiveIntegerField(_("klaim ke"), default=0)
    # Times the sweep put the job back in the queue after its lease ran out (jobs.sapu_impor).
    antre_ulang = models.PositiveSmallIntegerField(_("diantrekan ulang"), default=0)
    # Set in the write transaction itself: committed with the rows, never without them.
    ditulis = models.DateTimeField(_("data ditulis"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")
        ordering = ["-dibuat", "-id"]

    def __str__(self):
        return f"{self.get_jenis_display()}: {self.nama_file} ({self.get_status_display()})"

    @property
    def sedang_jalan(self):
        return self.status in (self.Status.ANTRI, self.Status.BERJALAN)


# The Pemda's identity lives in its own module (pegawai/profil.py); imported here so that
# Django's app registry and `from pegawai.models import ProfilPemda` find it.
from .profil import ProfilPemda, nama_logo  # noqa: E402,F401
