import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pegawai.filters import PilihanCepat, TanggalInput
from pegawai.models import UnitKerja

from .models import Alasan, AsalPermohonan, PermohonanMutasi, Status


class AntreanFilter(django_filters.FilterSet):
    """BKD's queue: status, unit (origin or destination, with sub-units), kind, reason, date."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices,
                                         empty_label=_("Semua status"))
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit asal/tujuan (termasuk sub-unit)"),
        queryset=UnitKerja.objects.only("id", "nama", "path").order_by("path"),
        method="filter_unit", empty_label=_("Semua unit"), widget=PilihanCepat,
    )
    asal_permohonan = django_filters.ChoiceFilter(
        label=_("Jenis"), choices=AsalPermohonan.choices, empty_label=_("Semua jenis"))
    alasan = django_filters.ChoiceFilter(label=_("Alasan"), choices=Alasan.choices,
                                         empty_label=_("Semua alasan"))
    dari = django_filters.DateFilter(
        label=_("Diajukan sejak"), field_name="diajukan_pada", lookup_expr="date__gte",
        widget=TanggalInput())
    sampai = django_filters.DateFilter(
        label=_("Diajukan sampai"), field_name="diajukan_pada", lookup_expr="date__lte",
        widget=TanggalInput())

    urut = django_filters.ChoiceFilter(
        label=_("Urutkan"),
        choices=[("", _("Terbaru diubah")), ("dampak", _("Dampak terbaik dulu")),
                 ("-dampak", _("Dampak terburuk dulu")), ("diajukan", _("Terlama diajukan"))],
        method="filter_urut", empty_label=None, required=False,
    )

    class Meta:
        model = PermohonanMutasi
        fields = ["status", "unit", "asal_permohonan", "alasan", "dari", "sampai"]

    def filter_urut(self, qs, name, value):
        # `dampak` is annotated by selectors.with_dampak (change of the Pemda imbalance).
        if value == "dampak":
            return qs.order_by("dampak", "selisih_tujuan", "diubah", "id")
        if value == "-dampak":
            return qs.order_by("-dampak", "-selisih_tujuan", "diubah", "id")
        if value == "diajukan":
            return qs.order_by("diajukan_pada", "id")
        return qs

    def filter_unit(self, qs, name, value):
        return qs.filter(Q(unit_asal__path__startswith=value.path)
                         | Q(unit_tujuan__path__startswith=value.path))
