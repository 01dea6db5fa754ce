"""ABK data per periode (tasks per unit and jabatan) and the balance snapshot kept by the recompute.

The arithmetic lives in `abk.py`; the writes in `services.py`. Snapshot rows are derived
data: they are rewritten by `hitung.balance_recompute` only (docs/abk.md, "Snapshot dan
hitung ulang").
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pegawai.models import Jabatan, UnitKerja

from . import abk


class Pembulatan(models.TextChoices):
    HALF_UP = abk.Pembulatan.HALF_UP.value, _("Setengah ke atas per jabatan (1,49 → 1; 1,50 → 2)")
    CEIL_JABATAN = abk.Pembulatan.CEIL_JABATAN.value, _("Dibulatkan ke atas per jabatan")
    CEIL_TUGAS = abk.Pembulatan.CEIL_TUGAS.value, _("Dibulatkan ke atas per tugas, lalu dijumlah")
    FLOOR_JABATAN = abk.Pembulatan.FLOOR_JABATAN.value, _("Ke bawah per jabatan (1,99 → 1)")


class SetBand(models.TextChoices):
    PERMENDAGRI = "permendagri", _("Permendagri 12/2008 (A > 1,00; B 0,90–1,00; C 0,70–0,89 …)")
    KEMENTERIAN = "kementerian", _("Pedoman kementerian (A > 1,00; B 0,81–1,00; C 0,66–0,80 …)")


BANDS = {
    SetBand.PERMENDAGRI: abk.BANDS_PERMENDAGRI,
    SetBand.KEMENTERIAN: abk.BANDS_KEMENTERIAN,
}


class SatuanNorma(models.TextChoices):
    MENIT = "menit", _("menit")
    JAM = "jam", _("jam")


class PeriodeVolume(models.TextChoices):
    TAHUN = "tahun", _("per tahun")
    BULAN = "bulan", _("per bulan")


class Grade(models.TextChoices):
    A = "A", _("A – sangat baik")
    B = "B", _("B – baik")
    C = "C", _("C – cukup")
    D = "D", _("D – sedang")
    E = "E", _("E – kurang")


_NOL = [MinValueValidator(Decimal(0))]


# A sane range for an ABK year: a typo like 20270 would otherwise top every periode selector.
TAHUN_MIN, TAHUN_MAKS = 2000, 2100


class PeriodeAbk(models.Model):
    """One ABK year with the settings its figures are computed with (docs/domain.md, ABK)."""

    tahun = models.PositiveSmallIntegerField(
        _("tahun"), unique=True,
        validators=[MinValueValidator(TAHUN_MIN), MaxValueValidator(TAHUN_MAKS)],
        help_text=_("Tahun anggaran ABK, %(a)s–%(b)s.") % {"a": TAHUN_MIN, "b": TAHUN_MAKS},
    )
    wke_menit = models.DecimalField(
        _("WKE (menit per tahun)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(75000),
        validators=[MinValueValidator(Decimal(1))],
        help_text=_(
            "Waktu kerja efektif per pegawai per tahun. Bawaan 75.000 menit (1.250 jam, "
            "PermenPANRB 1/2020). Bila hari kerja dan jam efektif diisi, WKE dihitung dari "
            "keduanya."
        ),
    )
    hari_kerja = models.PositiveSmallIntegerField(
        _("hari kerja per tahun"), null=True, blank=True,
        help_text=_("365 − akhir pekan − libur nasional − cuti, mis. 250."),
    )
    jam_efektif = models.DecimalField(
        _("jam efektif per hari"), max_digits=4, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    pembulatan = models.CharField(
        _("pembulatan kebutuhan"), max_length=20, choices=Pembulatan.choices,
        default=Pembulatan.HALF_UP,
    )
    set_band = models.CharField(
        _("rentang predikat (PJ)"), max_length=20, choices=SetBand.choices,
        default=SetBand.PERMENDAGRI,
    )
    aktif = models.BooleanField(
        _("periode aktif"), default=False,
        help_text=_("Dasbor menampilkan periode aktif; hanya satu periode yang aktif."),
    )
    diubah = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("periode ABK")
        verbose_name_plural = _("periode ABK")
        ordering = ["-tahun"]
        constraints = [
            models.UniqueConstraint(
                fields=["aktif"], condition=Q(aktif=True), name="periodeabk_satu_aktif"
            ),
            models.CheckConstraint(condition=Q(wke_menit__gt=0), name="periodeabk_wke_positif"),
            models.CheckConstraint(
                condition=Q(tahun__gte=TAHUN_MIN) & Q(tahun__lte=TAHUN_MAKS),
                name="periodeabk_tahun_wajar",
                violation_error_message=_("Tahun periode harus antara %(a)s dan %(b)s.")
                % {"a": TAHUN_MIN, "b": TAHUN_MAKS},
            ),
        ]

    def __str__(self):
        return f"ABK {self.tahun}"

    def clean(self):
        if (self.hari_kerja is None) != (self.jam_efektif is None):
            raise ValidationError(
                _("Isi hari kerja dan jam efektif bersama-sama, atau kosongkan keduanya.")
            )
        if self.hari_kerja is not None:
            self.wke_menit = abk.wke_from_days(self.hari_kerja, self.jam_efektif)
            if self.wke_menit <= 0:
                raise ValidationError(_("WKE hasil hari kerja × jam efektif harus lebih dari 0."))

    @property
    def settings(self) -> abk.AbkSettings:
        """The settings of this periode for `abk.py`."""
        return abk.AbkSettings(
            wke_menit=self.wke_menit,
            pembulatan=abk.Pembulatan(self.pembulatan),
            bands=BANDS[SetBand(self.set_band)],
        )


class TugasJabatan(models.Model):
    """One uraian tugas of a jabatan in a unit, as its ABK form states it.

    `beban_menit` (volume × norma in minutes per year) is kept by the services with
    `abk.beban_tugas`, so that the recompute can sum it in SQL.
    """

    periode = models.ForeignKey(
        PeriodeAbk, on_delete=models.CASCADE, related_name="tugas", verbose_name=_("periode")
    )
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, related_name="tugas_abk", verbose_name=_("unit kerja")
    )
    jabatan = models.ForeignKey(
        Jabatan, on_delete=models.PROTECT, related_name="tugas_abk", verbose_name=_("jabatan")
    )
    uraian = models.CharField(_("uraian tugas"), max_length=500)
    satuan_hasil = models.CharField(_("satuan hasil"), max_length=60)
    volume = models.DecimalField(
        _("beban kerja (volume)"), max_digits=12, decimal_places=2, validators=_NOL
    )
    norma_waktu = models.DecimalField(
        _("norma waktu"), max_digits=10, decimal_places=2, validators=_NOL
    )
    satuan_norma = models.CharField(
        _("satuan norma waktu"), max_length=5, choices=SatuanNorma.choices,
        default=SatuanNorma.MENIT,
    )
    periode_volume = models.CharField(
        _("volume per"), max_length=5, choices=PeriodeVolume.choices, default=PeriodeVolume.TAHUN
    )
    beban_menit = models.DecimalField(
        _("beban (menit per tahun)"), max_digits=18, decimal_places=4, default=Decimal(0),
        editable=False,
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("tugas jabatan")
        verbose_name_plural = _("tugas jabatan")
        ordering = ["periode", "unit", "jabatan", "urutan", "id"]
        indexes = [
            models.Index(fields=["periode", "unit", "jabatan"], name="tugas_periode_unit_jab"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(volume__gte=0), name="tugas_volume_nonneg"),
            models.CheckConstraint(condition=Q(norma_waktu__gte=0), name="tugas_norma_nonneg"),
        ]

    def __str__(self):
        return self.uraian

    def hitung_beban(self) -> Decimal:
        """Workload in minutes per year from the form's units (abk.beban_tugas)."""
        return abk.beban_tugas(
            self.volume, self.norma_waktu, self.satuan_norma, self.periode_volume
        )


class SnapshotJabatan(models.Model):
    """One row of a peta jabatan: need and staff of one jabatan in one unit, as computed."""

    periode = models.ForeignKey(PeriodeAbk, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    jabatan = models.ForeignKey(Jabatan, on_delete=models.CASCADE, related_name="+")
    beban_menit = models.DecimalField(_("beban (menit/tahun)"), max_digits=18, decimal_places=4)
    # Stored at display precision (4 decimals, half up); the grade is taken from the
    # exact value before rounding (docs/abk.md).
    kebutuhan_exact = models.DecimalField(_("kebutuhan (pecahan)"), max_digits=14,
                                          decimal_places=4)
    kebutuhan = models.PositiveIntegerField(_("kebutuhan"))
    bezetting = models.PositiveIntegerField(_("bezetting"))
    selisih = models.IntegerField(_("selisih"))
    ej = models.DecimalField(_("EJ"), max_digits=14, decimal_places=4, null=True)
    grade = models.CharField(_("PJ"), max_length=1, choices=Grade.choices, blank=True)
    dihitung = models.DateTimeField(_("dihitung"))

    class Meta:
        verbose_name = _("snapshot jabatan")
        verbose_name_plural = _("snapshot jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "unit", "jabatan"], name="snapjab_periode_unit_jabatan"
            )
        ]
        indexes = [
            models.Index(fields=["periode", "jabatan"], name="snapjab_periode_jabatan"),
            models.Index(fields=["periode", "grade"], name="snapjab_periode_grade"),
        ]

    def __str__(self):
        return f"{self.periode_id}/{self.unit_id}/{self.jabatan_id}"


class SnapshotUnit(models.Model):
    """A unit's own figures (the sum of its jabatan rows, not its sub-units), as computed."""

    periode = models.ForeignKey(PeriodeAbk, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, related_name="+")
    # The unit's ancestor at depth 1 (the OPD; the unit itself for an OPD), and its kind,
    # copied here so that the dashboard filters without joining the tree.
    opd = models.ForeignKey(
        UnitKerja, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("OPD")
    )
    jenis = models.CharField(_("jenis unit"), max_length=20)
    beban_menit = models.DecimalField(_("beban (menit/tahun)"), max_digits=20, decimal_places=4)
    kebutuhan = models.PositiveIntegerField(_("kebutuhan"))
    bezetting = models.PositiveIntegerField(_("bezetting"))
    selisih = models.IntegerField(_("selisih"))
    kelebihan = models.PositiveIntegerField(_("kelebihan"))
    kekurangan = models.PositiveIntegerField(_("kekurangan"))
    eu = models.DecimalField(_("EU"), max_digits=14, decimal_places=4, null=True)
    grade = models.CharField(_("PJ"), max_length=1, choices=Grade.choices, blank=True)
    dihitung = models.DateTimeField(_("dihitung"))

    class Meta:
        verbose_name = _("snapshot unit")
        verbose_name_plural = _("snapshot unit")
        constraints = [
            models.UniqueConstraint(fields=["periode", "unit"], name="snapunit_periode_unit")
        ]
        indexes = [
            models.Index(fields=["periode", "opd"], name="snapunit_periode_opd"),
            models.Index(fields=["periode", "jenis"], name="snapunit_periode_jenis"),
            models.Index(fields=["periode", "grade"], name="snapunit_periode_grade"),
            models.Index(fields=["periode", "selisih"], name="snapunit_periode_selisih"),
        ]

    def __str__(self):
        return f"{self.periode_id}/{self.unit_id}"


class IndeksPemdaRiwayat(models.Model):
    """The Pemda balance index (keseimbangan.indeks_pemda) each time a recompute changed it."""

    periode = models.ForeignKey(PeriodeAbk, on_delete=models.CASCADE, related_name="+")
    skor = models.DecimalField(_("skor keseimbangan"), max_digits=7, decimal_places=4)
    ketidakseimbangan = models.PositiveIntegerField(_("ketidakseimbangan"))
    pindah_diperlukan = models.PositiveIntegerField(_("pindah diperlukan"))
    total_kelebihan = models.PositiveIntegerField(_("total kelebihan"))
    total_kekurangan = models.PositiveIntegerField(_("total kekurangan"))
    total_kebutuhan = models.PositiveIntegerField(_("total kebutuhan"), default=0)
    total_bezetting = models.PositiveIntegerField(_("total bezetting"), default=0)
    eu_stdev = models.DecimalField(_("simpangan baku EU"), max_digits=14, decimal_places=4,
                                   null=True)
    eu_iqr = models.DecimalField(_("IQR EU"), max_digits=14, decimal_places=4, null=True)
    dihitung = models.DateTimeField(_("dihitung"))

    class Meta:
        verbose_name = _("riwayat indeks Pemda")
        verbose_name_plural = _("riwayat indeks Pemda")
        indexes = [models.Index(fields=["periode", "dihitung"], name="indeks_periode_dihitung")]

    def __str__(self):
        return f"{self.periode_id} {self.skor} @ {self.dihitung:%Y-%m-%d %H:%M}"


class UnitPerluHitung(models.Model):
    """Outbox: a unit whose figures must be recomputed, written in the changing transaction.

    `periode` empty = the active periode (staff changes); `unit` empty = every unit of the
    periode (its settings changed, or its ABK was copied). Consumed by the recompute tasks.
    """

    periode = models.ForeignKey(PeriodeAbk, on_delete=models.CASCADE, null=True, related_name="+")
    unit = models.ForeignKey(UnitKerja, on_delete=models.CASCADE, null=True, related_name="+")
    dibuat = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit perlu dihitung")
        verbose_name_plural = _("unit perlu dihitung")
        indexes = [models.Index(fields=["unit"], name="perluhitung_unit")]

    def __str__(self):
        return f"{self.periode_id or '-'}/{self.unit_id or '*'}"
