"""BKD's forms of the planner pages; every message in Bahasa Indonesia."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bebankerja.models import PeriodeAbk, TugasJabatan
from pegawai.models import Jabatan, UnitKerja

from . import data
from .layanan import MAKS_KEBUTUHAN, MAKS_NORMA, MAKS_VOLUME

MAKS_TOTAL = 100_000
MAKS_PER_UNIT = 1_000


def _batas(label, lo, hi):
    return {
        "min_value": gettext_lazy("%(label)s paling sedikit %(n)s.") % {"label": label, "n": lo},
        "max_value": gettext_lazy("%(label)s paling banyak %(n)s.") % {"label": label, "n": hi},
        "invalid": gettext_lazy("%(label)s harus bilangan bulat.") % {"label": label},
    }


class OpsiRencanaForm(forms.Form):
    periode = forms.TypedChoiceField(label=gettext_lazy("Periode ABK"), coerce=int)
    tanggal = forms.DateField(
        label=gettext_lazy("Tanggal rencana"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Syarat kelayakan dinilai pada tanggal ini; kosong = hari ini."),
        error_messages={"invalid": gettext_lazy("Tanggal rencana tidak valid.")})
    tahun_horizon = forms.IntegerField(
        label=gettext_lazy("Tahun proyeksi (opsional)"), required=False,
        help_text=gettext_lazy("Pegawai yang mencapai BUP sebelum 1 Januari tahun ini tidak "
                               "dihitung."),
        error_messages={"invalid": gettext_lazy("Tahun proyeksi harus bilangan bulat.")})
    maks_pindah_total = forms.IntegerField(
        label=gettext_lazy("Maksimum pindah seluruhnya"), required=False, min_value=1,
        max_value=MAKS_TOTAL, error_messages=_batas(gettext_lazy("Maksimum pindah seluruhnya"),
                                                    1, MAKS_TOTAL))
    maks_pindah_per_unit = forms.IntegerField(
        label=gettext_lazy("Maksimum pindah per unit"), required=False, min_value=1,
        max_value=MAKS_PER_UNIT,
        help_text=gettext_lazy("Pindah keluar ditambah pindah masuk per unit."),
        error_messages=_batas(gettext_lazy("Maksimum pindah per unit"), 1, MAKS_PER_UNIT))
    jarak_bup_tahun = forms.IntegerField(
        label=gettext_lazy("Kecualikan pegawai dalam N tahun menjelang BUP"), required=False,
        min_value=0, max_value=10,
        error_messages=_batas(gettext_lazy("Jarak BUP"), 0, 10))
    kecuali_kepala_unit = forms.BooleanField(
        label=gettext_lazy("Kecualikan kepala unit"), required=False, initial=True)
    unit_beku = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Unit dibekukan (beserta sub-unitnya)"), required=False,
        queryset=UnitKerja.objects.all(),
        error_messages={"invalid_choice": gettext_lazy("Unit %(value)s tidak dikenal."),
                        "invalid_pk_value": gettext_lazy("Unit %(pk)s tidak dikenal.")})
    jabatan_beku = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Jabatan dibekukan"), required=False, queryset=Jabatan.objects.all(),
        error_messages={"invalid_choice": gettext_lazy("Jabatan %(value)s tidak dikenal."),
                        "invalid_pk_value": gettext_lazy("Jabatan %(pk)s tidak dikenal.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [
            (t, str(t)) for t in PeriodeAbk.objects.order_by("-tahun").values_list(
                "tahun", flat=True)]
        self.fields["periode"].error_messages["invalid_choice"] = _(
            "Periode ABK %(value)s tidak ada.")
        self.fields["periode"].error_messages["required"] = _("Pilih periode ABK.")

    def clean_periode(self):
        tahun = self.cleaned_data["periode"]
        try:
            self.periode_obj = data.periode_dengan_angka(tahun)
        except data.DataError as e:
            raise forms.ValidationError(str(e)) from None
        return tahun

    def clean(self):
        d = super().clean()
        tanggal = d.get("tanggal") or timezone.localdate()
        d["tanggal"] = tanggal
        h = d.get("tahun_horizon")
        if h is not None and not (tanggal.year <= h <= tanggal.year + 10):
            self.add_error("tahun_horizon", _(
                "Tahun proyeksi harus antara %(a)s dan %(b)s.")
                % {"a": tanggal.year, "b": tanggal.year + 10})
        return d

    def opsi(self) -> data.OpsiRencana:
        d = self.cleaned_data
        return data.OpsiRencana(
            tanggal=d["tanggal"], tahun_horizon=d.get("tahun_horizon"),
            maks_pindah_total=d.get("maks_pindah_total"),
            maks_pindah_per_unit=d.get("maks_pindah_per_unit"),
            unit_beku=tuple(sorted(u.pk for u in d.get("unit_beku") or ())),
            jabatan_beku=tuple(sorted(j.pk for j in d.get("jabatan_beku") or ())),
            jarak_bup_tahun=d.get("jarak_bup_tahun"),
            kecuali_kepala_unit=bool(d.get("kecuali_kepala_unit")),
        )


class TambahPindahForm(forms.Form):
    nip = forms.CharField(label=gettext_lazy("NIP pegawai"), max_length=30)
    ke_unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit tujuan"), queryset=UnitKerja.objects.all(),
        error_messages={"invalid_choice": gettext_lazy("Unit tujuan tidak dikenal.")})
    ke_jabatan = forms.ModelChoiceField(
        label=gettext_lazy("Jabatan tujuan"), queryset=Jabatan.objects.all(),
        error_messages={"invalid_choice": gettext_lazy("Jabatan tujuan tidak dikenal.")})


class GantiPegawaiForm(forms.Form):
    nip = forms.CharField(label=gettext_lazy("NIP pengganti"), max_length=30)


class BuatPermohonanForm(forms.Form):
    alasan_pengecualian = forms.CharField(
        label=gettext_lazy("Alasan tertulis pengecualian aturan (bila perlu)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))


def _desimal(label, hi, digits, places):
    return {
        "min_value": gettext_lazy("%(label)s tidak boleh negatif.") % {"label": label},
        "max_value": gettext_lazy("%(label)s paling banyak %(n)s.") % {"label": label,
                                                                       "n": f"{hi:,}".replace(
                                                                           ",", ".")},
        "invalid": gettext_lazy("%(label)s harus berupa angka.") % {"label": label},
        "max_digits": gettext_lazy("%(label)s terlalu besar.") % {"label": label},
        "max_decimal_places": gettext_lazy("%(label)s paling banyak %(n)s angka di belakang "
                                           "koma.") % {"label": label, "n": places},
        "max_whole_digits": gettext_lazy("%(label)s terlalu besar.") % {"label": label},
    }


class PerubahanAbkForm(forms.Form):
    """One ABK change of a scenario: a jabatan's need in a unit, or a task's volume/norm.
    Ranges are checked again by layanan.skenario_abk_simpan."""

    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=UnitKerja.objects.all(),
        error_messages={"invalid_choice": gettext_lazy("Unit tidak dikenal."),
                        "required": gettext_lazy("Pilih unit.")})
    jabatan = forms.ModelChoiceField(
        label=gettext_lazy("Jabatan"), queryset=Jabatan.objects.all(),
        error_messages={"invalid_choice": gettext_lazy("Jabatan tidak dikenal."),
                        "required": gettext_lazy("Pilih jabatan.")})
    kebutuhan_baru = forms.IntegerField(
        label=gettext_lazy("Kebutuhan baru"), required=False, min_value=0,
        max_value=MAKS_KEBUTUHAN,
        error_messages={**_batas(gettext_lazy("Kebutuhan baru"), 0, MAKS_KEBUTUHAN),
                        "min_value": gettext_lazy("Kebutuhan baru tidak boleh negatif.")})
    tugas = forms.ModelChoiceField(
        label=gettext_lazy("Tugas"), required=False, queryset=TugasJabatan.objects.all(),
        error_messages={"invalid_choice": gettext_lazy("Tugas tidak dikenal.")})
    volume_baru = forms.DecimalField(
        label=gettext_lazy("Volume baru"), required=False, min_value=0, max_value=MAKS_VOLUME,
        max_digits=12, decimal_places=2,
        error_messages=_desimal(gettext_lazy("Volume baru"), MAKS_VOLUME, 12, 2))
    norma_baru = forms.DecimalField(
        label=gettext_lazy("Norma waktu baru"), required=False, min_value=0,
        max_value=MAKS_NORMA, max_digits=10, decimal_places=2,
        error_messages=_desimal(gettext_lazy("Norma waktu baru"), MAKS_NORMA, 10, 2))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _kelas(self)


def _kelas(form):
    for f in form.fields.values():
        f.widget.attrs["class"] = ("form-select form-select-sm"
                                   if isinstance(f.widget, forms.Select)
                                   else "form-control form-control-sm")


class PilihTugasForm(forms.Form):
    """GET: the unit and jabatan whose tasks the scenario page lists for a change."""

    abk_unit = forms.ModelChoiceField(label=gettext_lazy("Unit"),
                                      queryset=UnitKerja.objects.all())
    abk_jabatan = forms.ModelChoiceField(label=gettext_lazy("Jabatan"),
                                         queryset=Jabatan.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _kelas(self)
