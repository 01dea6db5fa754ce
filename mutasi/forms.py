from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai.models import Jabatan, Pegawai, UnitKerja
from pegawai.nip import normalize_nip

from .eligibility import ATURAN
from .models import JenisDokumen, PermohonanMutasi


class PermohonanForm(forms.ModelForm):
    """Target unit and position, reason and justification of a request."""

    class Meta:
        model = PermohonanMutasi
        fields = ["unit_tujuan", "jabatan_tujuan", "alasan", "justifikasi"]
        widgets = {"justifikasi": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "justifikasi": _("Jelaskan alasan Anda; untuk alasan \u201clainnya\u201d wajib rinci."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_tujuan"].queryset = UnitKerja.objects.only("id", "nama").order_by("path")
        self.fields["jabatan_tujuan"].queryset = Jabatan.objects.only("id", "nama").order_by("nama")


class PermohonanOrganisasiForm(PermohonanForm):
    """BKD files a request for organisational need on the employee's behalf."""

    nip = forms.CharField(label=_("NIP pegawai"), max_length=30)

    class Meta(PermohonanForm.Meta):
        fields = ["nip", *PermohonanForm.Meta.fields]

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        pegawai = Pegawai.objects.select_related("unit", "jabatan").filter(
            nip=nip, aktif=True).first()
        if pegawai is None:
            raise forms.ValidationError(
                _("Tidak ada pegawai aktif dengan NIP %(nip)s.") % {"nip": nip})
        self.pegawai = pegawai
        return nip


class DokumenForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis dokumen"), choices=JenisDokumen.choices)
    berkas = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, JPEG atau PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class CatatanForm(forms.Form):
    catatan = forms.CharField(label=_("Catatan"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class PengecualianForm(forms.Form):
    aturan = forms.MultipleChoiceField(
        label=_("Aturan yang dikecualikan"), choices=list(ATURAN.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    alasan = forms.CharField(label=_("Alasan tertulis"), widget=forms.Textarea(attrs={"rows": 2}))


class SkForm(forms.Form):
    """BKD issues one decree for the approved requests it ticks."""

    permohonan = forms.ModelMultipleChoiceField(
        label=_("Permohonan"), queryset=PermohonanMutasi.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Centang sedikitnya satu permohonan."),
                        "invalid_choice": _("Permohonan #%(value)s tidak (lagi) berstatus "
                                            "disetujui BKD.")},
    )
    tanggal = forms.DateField(label=_("Tanggal SK"),
                              widget=forms.DateInput(attrs={"type": "date"}))
    tmt = forms.DateField(label=_("TMT mutasi"), widget=forms.DateInput(attrs={"type": "date"}),
                          help_text=_("Bila TMT sudah lewat, mutasi langsung diberlakukan."))

    def __init__(self, *args, calon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permohonan"].queryset = calon
