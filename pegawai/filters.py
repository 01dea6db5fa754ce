from html import escape

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import access
from .models import GOLONGAN_CHOICES, Jabatan, Pegawai, StatusAsn, UnitKerja


def nip_berawalan(awal: str) -> dict:
    """Filter kwargs for NIPs starting with the digits `awal`, as a range on the unique index
    (`nip >= "1985" AND nip < "1986"`): a LIKE prefix search would need a second index with
    varchar_pattern_ops outside the C collation, which every imported row would pay for. NIPs
    are 18 ASCII digits, which every collation orders digit by digit."""
    if set(awal) == {"9"}:
        return {"nip__gte": awal}
    return {"nip__gte": awal, "nip__lt": str(int(awal) + 1).zfill(len(awal))}


class PilihanCepat(forms.Select):
    """A <select> built in Python: 2,000 units without 2,000 template renders.

    Django renders each <option> through a template; with a Pemda's 2,000 units that alone
    took ~500 ms of the employee list (bench/README.md).
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        opsi = []
        for v, label in self.choices:
            v = "" if v is None else str(v)
            sel = " selected" if v in chosen else ""
            opsi.append(f'<option value="{escape(v)}"{sel}>{escape(str(label))}</option>')
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attrs}>' + "".join(opsi) + "</select>")


class TanggalInput(forms.DateInput):
    """`<input type="date">` whose value is ISO (YYYY-MM-DD), whatever the locale.

    Browsers accept only ISO in a date input and drop anything else (the Indonesian
    locale's "08-12-2026" showed an empty field): every date input of the project uses this.
    """

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's name)
        super().__init__(attrs=attrs, format=format)


URUTAN = {
    "nama": "nama",
    "-nama": "-nama",
    "nip": "nip",
    "-nip": "-nip",
    "golongan": "golongan",
    "-golongan": "-golongan",
    "unit": "unit__nama",
    "-unit": "-unit__nama",
    "jabatan": "jabatan__nama",
    "-jabatan": "-jabatan__nama",
    "tmt": "tmt_jabatan",
    "-tmt": "-tmt_jabatan",
}


class PegawaiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari NIP atau nama"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit kerja (termasuk sub-unit)"),
        queryset=UnitKerja.objects.none(),
        method="filter_unit",
        empty_label=_("Semua unit"),
        widget=PilihanCepat,
    )
    jabatan = django_filters.ModelChoiceFilter(
        label=_("Jabatan"), queryset=Jabatan.objects.none(), empty_label=_("Semua jabatan"),
        widget=PilihanCepat,
    )
    golongan = django_filters.ChoiceFilter(
        label=_("Golongan"), choices=GOLONGAN_CHOICES, empty_label=_("Semua golongan")
    )
    status_asn = django_filters.ChoiceFilter(
        label=_("Status"), choices=StatusAsn.choices, empty_label=_("Semua status")
    )
    aktif = django_filters.ChoiceFilter(
        label=_("Keaktifan"),
        choices=[("0", _("Pensiun/berhenti")), ("semua", _("Semua"))],
        empty_label=_("Aktif"),
        method="filter_aktif",
    )
    urut = django_filters.ChoiceFilter(
        label=_("Urutkan"),
        choices=[(k, k) for k in URUTAN],
        method="filter_urut",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Pegawai
        fields = ["q", "unit", "jabatan", "golongan", "status_asn", "aktif"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = access.scope_unit(
            UnitKerja.objects.only("id", "nama", "kedalaman", "path"), user
        )
        self.filters["jabatan"].queryset = Jabatan.objects.only("id", "nama")
        # Indent sub-units so the flat list reads as the tree it is.
        self.form.fields["unit"].label_from_instance = (
            lambda u: f"{'· ' * u.kedalaman}{u.nama}"
        )

    def filter_q(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        digits = "".join(value.split())
        if digits.isascii() and digits.isdigit():
            return qs.filter(**nip_berawalan(digits))
        return qs.filter(nama__icontains=value)

    def filter_unit(self, qs, name, value):
        return qs.filter(value.subtree_q("unit"))

    def filter_aktif(self, qs, name, value):
        if value == "semua":
            return qs
        return qs.filter(aktif=(value != "0"))

    def filter_queryset(self, queryset):
        # Active employees unless the user asks for the retired ones or for all.
        if not self.form.cleaned_data.get("aktif"):
            queryset = queryset.filter(aktif=True)
        return super().filter_queryset(queryset)

    def filter_urut(self, qs, name, value):
        return qs.order_by(URUTAN[value], "id")
