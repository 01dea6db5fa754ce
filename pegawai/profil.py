"""The Pemda's identity (Profil Pemda): one row that BKD edits in the app."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def nama_logo(instance, filename):
    ext = getattr(instance, "_ekstensi", "") or ".png"
    return f"pemda/logo-{uuid.uuid4().hex}{ext}"


class ProfilPemda(models.Model):
    """The Pemda's identity, one row that BKD edits in the app (Profil Pemda): the decree's
    heading, who signs it and where, its logo and its number pattern.

    `ambil()` creates the row on first use from settings.MUTASI_SK, the defaults of an
    install that has not filled it in yet.
    """

    nama_pemda = models.CharField(_("nama pemerintah daerah"), max_length=150,
                                  help_text=_("Misalnya: Pemerintah Kabupaten Manna Raya."))
    kepala_daerah = models.CharField(_("jabatan kepala daerah"), max_length=100,
                                     help_text=_("Misalnya: Bupati Manna Raya."))
    nama_kepala_daerah = models.CharField(_("nama kepala daerah"), max_length=150, blank=True)
    tempat_penetapan = models.CharField(_("tempat penetapan"), max_length=100,
                                        help_text=_("Kota tempat SK ditetapkan."))
    penandatangan_nama = models.CharField(_("nama penandatangan SK"), max_length=150)
    penandatangan_nip = models.CharField(_("NIP penandatangan"), max_length=18, blank=True,
                                         help_text=_("Kosongkan bila kepala daerah sendiri "
                                                     "yang menandatangani."))
    penandatangan_jabatan = models.CharField(_("jabatan penandatangan"), max_length=200)
    logo = models.FileField(_("logo"), upload_to=nama_logo, max_length=255, blank=True)
    format_nomor = models.CharField(
        _("pola nomor SK"), max_length=100,
        help_text=_("{n} nomor urut tahun itu, {tahun} tahun tanggal SK; misalnya "
                    "800.1.6.4/{n:04d}/BKPSDM/{tahun}."))
    diubah = models.DateTimeField(_("diubah"), auto_now=True)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diubah oleh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("profil pemda")
        verbose_name_plural = _("profil pemda")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="profil_pemda_tunggal")]

    def __str__(self):
        return self.nama_pemda

    @classmethod
    def bawaan(cls):
        """The values of an install that has not filled in its profile (settings)."""
        cfg = settings.MUTASI_SK
        return {
            "nama_pemda": cfg["pemda"], "kepala_daerah": cfg["kepala_daerah"],
            "nama_kepala_daerah": cfg.get("nama_kepala_daerah", ""),
            "tempat_penetapan": cfg["tempat"], "penandatangan_nama": cfg["penandatangan_nama"],
            "penandatangan_nip": cfg.get("penandatangan_nip", ""),
            "penandatangan_jabatan": cfg["penandatangan_jabatan"],
            "format_nomor": cfg["format_nomor"],
        }

    @classmethod
    def ambil(cls):
        """The profile (created from the settings on first use)."""
        obj, _dibuat = cls.objects.get_or_create(pk=1, defaults=cls.bawaan())
        return obj

    def nomor_sk(self, *, urut, tahun):
        return self.format_nomor.format(n=urut, tahun=tahun)
