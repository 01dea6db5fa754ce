"""The upload form of the import page."""

import os

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pegawai.models import ImporJob

from .hasil import BerkasDitolak
from .reader import dalam_mb, periksa_awal

EKSTENSI = (".xlsx", ".csv")


class ImporForm(forms.Form):
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis data"), choices=ImporJob.Jenis.choices,
                              initial=ImporJob.Jenis.PEGAWAI)
    berkas = forms.FileField(
        label=gettext_lazy("Berkas (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EKSTENSI)}),
        help_text=gettext_lazy("Gunakan templat agar judul kolom sesuai. Semua baris diperiksa "
                               "dulu; bila ada yang salah, tidak ada data yang disimpan."),
    )

    def clean_berkas(self):
        f = self.cleaned_data["berkas"]
        nama = os.path.basename(f.name)
        if os.path.splitext(nama)[1].lower() not in EKSTENSI:
            raise forms.ValidationError(
                _("Berkas “%(n)s” tidak didukung: unggah berkas .xlsx atau .csv.") % {"n": nama})
        if f.size == 0:
            raise forms.ValidationError(_("Berkas “%(n)s” kosong (0 byte).") % {"n": nama})
        if f.size > settings.IMPOR_MAKS_BYTE:
            raise forms.ValidationError(
                _("Berkas “%(n)s” terlalu besar: %(u)s MB, batasnya %(m)s MB.")
                % {"n": nama, "u": dalam_mb(f.size), "m": dalam_mb(settings.IMPOR_MAKS_BYTE)})
        f.seek(0)
        awal = f.read(65536)
        f.seek(0)
        try:
            periksa_awal(awal, nama)
        except BerkasDitolak as e:
            raise forms.ValidationError([str(g) for g in e.galat]) from None
        return f
