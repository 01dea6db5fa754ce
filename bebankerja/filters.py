import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai import access
from pegawai.models import JenisUnit, UnitKerja

from .models import Grade, SnapshotUnit

URUTAN = {
    "unit": ("unit__path",),
    "nama": ("unit__nama",),
    "kebutuhan": ("kebutuhan",),
    "bezetting": ("bezetting",),
    "selisih": ("selisih",),
    "eu": ("eu",),
    "grade": ("grade",),
}
URUTAN_PILIHAN = [(k, k) for k in URUTAN] + [(f"-{k}", f"-{k}") for k in URUTAN]


class SnapshotUnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari unit"), field_name="unit__nama",
                                  lookup_expr="icontains")
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), queryset=UnitKerja.objects.none(), empty_label=_("Semua OPD")
    )
    jenis = django_filters.ChoiceFilter(
        label=_("Jenis unit"), choices=JenisUnit.choices, empty_label=_("Semua jenis")
    )
    grade = django_filters.ChoiceFilter(
        label=_("Predikat (PJ)"), choices=Grade.choices, empty_label=_("Semua predikat")
    )
    status = django_filters.ChoiceFilter(
        label=_("Keadaan"),
        choices=[
            ("kekurangan", _("Hanya kekurangan")),
            ("kelebihan", _("Hanya kelebihan")),
            ("seimbang", _("Seimbang")),
        ],
        empty_label=_("Semua"),
        method="filter_status",
    )
    urut = django_filters.ChoiceFilter(
        choices=URUTAN_PILIHAN, method="filter_urut", widget=forms.HiddenInput
    )

    class Meta:
        model = SnapshotUnit
        fields = ["q", "opd", "jenis", "grade", "status"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["opd"].queryset = access.scope_unit(
            UnitKerja.objects.filter(kedalaman__lte=1).only("id", "nama", "path", "kedalaman"),
            user,
        ).order_by("nama")

    def filter_status(self, qs, name, value):
        return qs.filter(**{"kekurangan": {"selisih__lt": 0}, "kelebihan": {"selisih__gt": 0},
                            "seimbang": {"selisih": 0}}[value])

    def filter_urut(self, qs, name, value):
        desc = value.startswith("-")
        fields = URUTAN[value.lstrip("-")]
        return qs.order_by(*[(f"-{f}" if desc else f) for f in fields], "unit__path")
