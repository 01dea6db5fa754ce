"""The forms of the ABK pages: task entry, periodes, import upload, redistribution filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _l

from pegawai.impor.forms import ImporForm

from .models import PeriodeAbk, PeriodeVolume, SatuanNorma
from .selectors import RencanaTampil

# --- ABK entry (views_abk) ---------------------------------------------------------------

MAKS_BARIS = 200


class TugasForm(forms.Form):
    uraian = forms.CharField(label=_l("Uraian tugas"), max_length=500)
    satuan_hasil = forms.CharField(label=_l("Satuan hasil"), max_length=60)
    volume = forms.DecimalField(label=_l("Volume"), min_value=0, max_digits=12,
                                decimal_places=2)
    periode_volume = forms.ChoiceField(label=_l("Volume per"), choices=PeriodeVolume.choices,
                                       initial=PeriodeVolume.TAHUN)
    norma_waktu = forms.DecimalField(label=_l("Norma waktu"), min_value=0, max_digits=10,
                                     decimal_places=2)
    satuan_norma = forms.ChoiceField(label=_l("Satuan norma"), choices=SatuanNorma.choices,
                                     initial=SatuanNorma.MENIT)


    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) \
                else "form-control form-control-sm"
            field.widget.attrs.update({"class": css, "aria-label": str(field.label)})
            if isinstance(field, forms.DecimalField):
                field.widget.attrs.update({"step": "any", "inputmode": "decimal"})


TugasFormSet = forms.formset_factory(
    TugasForm, extra=1, can_delete=True, max_num=MAKS_BARIS, validate_max=True
)


# --- Periodes (views_periode) ---------------------------------------------------------------


class PeriodeForm(forms.ModelForm):
    class Meta:
        model = PeriodeAbk
        fields = ["tahun", "wke_menit", "hari_kerja", "jam_efektif", "pembulatan", "set_band"]


class SalinForm(forms.Form):
    dari = forms.ModelChoiceField(label=_l("Salin tugas dari periode"),
                                  queryset=PeriodeAbk.objects.all(), to_field_name="tahun")
    ganti = forms.BooleanField(label=_l("Timpa tugas yang sudah ada di periode tujuan"),
                               required=False)


# --- Import (views_impor) ----------------------------------------------------------------


class ImporAbkForm(ImporForm):
    """The employee import's upload form (extension, size and type-by-content checks)."""

    jenis = None
    periode = forms.ModelChoiceField(
        label=_l("Periode ABK"), queryset=PeriodeAbk.objects.order_by("-tahun"),
        to_field_name="tahun", empty_label=None,
        help_text=_l("Tugas dari berkas masuk ke periode ini."),
    )
    field_order = ["periode", "berkas"]


# --- Rencana redistribusi (views_redistribusi) ---------------------------------------------

URUT_KOLOM = ("jumlah", "jabatan", "dari", "ke")  # the plan's sortable columns


class SaringanForm(forms.Form):
    """The page's GET filters; choices come from the plan itself (no extra query)."""

    opd = forms.TypedChoiceField(label=gettext_lazy("OPD (asal atau tujuan)"), required=False,
                                 coerce=int, empty_value=None)
    jabatan = forms.TypedChoiceField(label=gettext_lazy("Jabatan"), required=False, coerce=int,
                                     empty_value=None)
    sama_opd = forms.BooleanField(label=gettext_lazy("Hanya dalam OPD yang sama"),
                                  required=False)
    urut = forms.ChoiceField(
        required=False, widget=forms.HiddenInput,
        choices=[(k, k) for k in URUT_KOLOM] + [(f"-{k}", k) for k in URUT_KOLOM],
    )

    def __init__(self, *args: Any, tampil: RencanaTampil, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [("", _("Semua OPD"))] + tampil.opd
        jabatan = sorted({(b.jabatan_nama, b.jabatan_id) for b in tampil.baris})
        self.fields["jabatan"].choices = [("", _("Semua jabatan"))] + [
            (pk, nama) for nama, pk in jabatan]
