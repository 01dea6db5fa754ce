"""Forms of the pegawai app that are not imports (those are in impor/forms.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Pegawai, UnitKerja

UNIT_PILIHAN_MAKS = 3


class KesediaanForm(forms.ModelForm):
    """The employee's own willingness to move and up to three preferred units."""

    class Meta:
        model = Pegawai
        fields = ["bersedia_mutasi", "unit_pilihan"]
        labels = {
            "bersedia_mutasi": _("Saya bersedia dimutasi ke unit yang membutuhkan"),
            "unit_pilihan": _("Unit yang saya pilih (paling banyak 3)"),
        }
        help_texts = {
            "unit_pilihan": _("Tahan Ctrl (Cmd di Mac) untuk memilih lebih dari satu."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_pilihan"].queryset = UnitKerja.objects.order_by("path")
        self.fields["unit_pilihan"].required = False
        self.fields["unit_pilihan"].widget.attrs["size"] = 8

    def clean_unit_pilihan(self):
        units = self.cleaned_data["unit_pilihan"]
        if len(units) > UNIT_PILIHAN_MAKS:
            raise forms.ValidationError(
                _("Pilih paling banyak %(n)s unit (terpilih %(m)s).")
                % {"n": UNIT_PILIHAN_MAKS, "m": len(units)})
        if units and self.instance.unit_id in {u.pk for u in units}:
            raise forms.ValidationError(_("Unit Anda sekarang tidak perlu dipilih."))
        return units

    def clean(self):
        data = super().clean()
        if data.get("unit_pilihan") and not data.get("bersedia_mutasi"):
            self.add_error("bersedia_mutasi", _("Centang kesediaan bila Anda memilih unit."))
        return data
