"""Balance planner data (docs/perencana.md): interchangeable jabatan groups, saved plan runs,
and what-if scenarios with their moves and ABK changes. Imported at the end of models.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GrupJabatanSetara(models.Model):
    """Jabatan BKD declares interchangeable: a person may move to another jabatan of the
    group if competent for it (pegawai.kompetensi)."""

    nama = models.CharField(_("nama grup"), max_length=150, unique=True)
    keterangan = models.TextField(_("keterangan"), blank=True)
    jabatan = models.ManyToManyField("pegawai.Jabatan", verbose_name=_("jabatan"),
                                     related_name="grup_setara")

    class Meta:
        verbose_name = _("grup jabatan setara")
        verbose_name_plural = _("grup jabatan setara")
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class RencanaMutasi(models.Model):
    """One run of the planner: its options, progress and result figures."""

    class Status(models.TextChoices):
        ANTRI = "antri", _("Menunggu antrian")
        BERJALAN = "berjalan", _("Sedang dihitung")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    periode = models.ForeignKey("bebankerja.PeriodeAbk", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("periode ABK"))
    tahun_horizon = models.PositiveSmallIntegerField(_("tahun proyeksi"), null=True, blank=True)
    opsi = models.JSONField(_("opsi"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ANTRI, db_index=True)
    persen = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    tahap = models.CharField(_("tahap"), max_length=40, blank=True)
    pesan = models.TextField(_("pesan"), blank=True)
    ketidakseimbangan_awal = models.PositiveIntegerField(null=True, blank=True)
    ketidakseimbangan_akhir = models.PositiveIntegerField(null=True, blank=True)
    pengurangan = models.PositiveIntegerField(null=True, blank=True)
    batas = models.PositiveIntegerField(null=True, blank=True)
    rasio = models.FloatField(null=True, blank=True)
    status_solver = models.CharField(max_length=20, blank=True)
    solver = models.CharField(max_length=60, blank=True)
    waktu_s = models.FloatField(_("waktu hitung (detik)"), null=True, blank=True)
    jumlah_kandidat = models.PositiveIntegerField(default=0)
    tak_tertutup = models.JSONField(_("kekurangan yang tidak tertutup"), default=list,
                                    blank=True)
    klaim = models.PositiveIntegerField(default=0)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("dibuat oleh"))
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    mulai = models.DateTimeField(null=True, blank=True)
    diperbarui = models.DateTimeField(null=True, blank=True)
    selesai = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rencana mutasi")
        verbose_name_plural = _("rencana mutasi")
        ordering = ["-dibuat", "-id"]

    def __str__(self):
        return f"Rencana #{self.pk} ({self.get_status_display()})"

    @property
    def sedang_jalan(self):
        return self.status in (self.Status.ANTRI, self.Status.BERJALAN)


class Skenario(models.Model):
    """A named set of moves and ABK changes, evaluated without touching live data."""

    nama = models.CharField(_("nama skenario"), max_length=150)
    periode = models.ForeignKey("bebankerja.PeriodeAbk", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("periode ABK"))
    rencana = models.ForeignKey(RencanaMutasi, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="skenario", verbose_name=_("dari rencana"))
    catatan = models.TextField(_("catatan"), blank=True)
    # The organisational-need rule set and its settings when the scenario was made:
    # a later change makes the scenario stale (layanan.skenario_basi).
    aturan = models.JSONField(_("aturan saat dibuat"), default=dict, blank=True)
    tanggal_rencana = models.DateField(_("tanggal rencana"), null=True, blank=True)
    # A plan for a horizon year: staff reaching BUP before it are left out of the figures.
    tahun_horizon = models.PositiveSmallIntegerField(_("tahun proyeksi"), null=True,
                                                     blank=True)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("dibuat oleh"))
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("skenario mutasi")
        verbose_name_plural = _("skenario mutasi")
        ordering = ["-dibuat", "-id"]

    def __str__(self):
        return self.nama


class SkenarioPindah(models.Model):
    """One move of a scenario. `permohonan` is set once a request was made from it."""

    skenario = models.ForeignKey(Skenario, on_delete=models.CASCADE, related_name="pindah")
    pegawai = models.ForeignKey("pegawai.Pegawai", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("pegawai"))
    dari_unit = models.ForeignKey("pegawai.UnitKerja", on_delete=models.CASCADE,
                                  related_name="+", verbose_name=_("dari unit"))
    dari_jabatan = models.ForeignKey("pegawai.Jabatan", on_delete=models.CASCADE,
                                     related_name="+", verbose_name=_("dari jabatan"))
    ke_unit = models.ForeignKey("pegawai.UnitKerja", on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("ke unit"))
    ke_jabatan = models.ForeignKey("pegawai.Jabatan", on_delete=models.CASCADE,
                                   related_name="+", verbose_name=_("ke jabatan"))
    alasan = models.JSONField(_("alasan"), default=list, blank=True)
    urutan = models.PositiveIntegerField(_("urutan"), default=0)
    permohonan = models.ForeignKey("mutasi.PermohonanMutasi", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("permohonan"))

    class Meta:
        verbose_name = _("pindah dalam skenario")
        verbose_name_plural = _("pindah dalam skenario")
        ordering = ["skenario", "urutan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["skenario", "pegawai"],
                                    name="skenariopindah_satu_per_pegawai"),
        ]

    def __str__(self):
        return f"{self.pegawai_id}: {self.dari_unit_id} → {self.ke_unit_id}"


class SkenarioAbk(models.Model):
    """A what-if change of one jabatan's need in one unit: either the need itself
    (`kebutuhan_baru`), or one task's volume and/or norm (`tugas` with `volume_baru` and/or
    `norma_baru`, in the task's own units), from which the need is recomputed with
    `bebankerja.abk` and the periode's settings (layanan.perubahan_abk)."""

    skenario = models.ForeignKey(Skenario, on_delete=models.CASCADE, related_name="abk")
    unit = models.ForeignKey("pegawai.UnitKerja", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("unit"))
    jabatan = models.ForeignKey("pegawai.Jabatan", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("jabatan"))
    kebutuhan_baru = models.PositiveIntegerField(_("kebutuhan baru"), null=True, blank=True)
    tugas = models.ForeignKey("bebankerja.TugasJabatan", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("tugas"))
    volume_baru = models.DecimalField(_("volume baru"), max_digits=12, decimal_places=2,
                                      null=True, blank=True)
    norma_baru = models.DecimalField(_("norma waktu baru"), max_digits=10, decimal_places=2,
                                     null=True, blank=True)

    class Meta:
        verbose_name = _("perubahan ABK skenario")
        verbose_name_plural = _("perubahan ABK skenario")
        ordering = ["skenario", "id"]
        constraints = [
            models.UniqueConstraint(fields=["skenario", "unit", "jabatan"],
                                    condition=models.Q(tugas__isnull=True),
                                    name="skenarioabk_unik"),
            models.UniqueConstraint(fields=["skenario", "tugas"],
                                    condition=models.Q(tugas__isnull=False),
                                    name="skenarioabk_tugas_unik"),
            models.CheckConstraint(
                condition=(models.Q(tugas__isnull=True, kebutuhan_baru__isnull=False,
                                    volume_baru__isnull=True, norma_baru__isnull=True)
                           | (models.Q(tugas__isnull=False, kebutuhan_baru__isnull=True)
                              & (models.Q(volume_baru__isnull=False)
                                 | models.Q(norma_baru__isnull=False)))),
                name="skenarioabk_satu_jenis"),
            models.CheckConstraint(
                condition=(models.Q(volume_baru__isnull=True) | models.Q(volume_baru__gte=0))
                & (models.Q(norma_baru__isnull=True) | models.Q(norma_baru__gte=0)),
                name="skenarioabk_tidak_negatif"),
        ]

    def __str__(self):
        if self.tugas_id:
            return f"{self.unit_id}/{self.jabatan_id} tugas {self.tugas_id}"
        return f"{self.unit_id}/{self.jabatan_id} → {self.kebutuhan_baru}"
