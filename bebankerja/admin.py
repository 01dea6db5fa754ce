from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox, services
from .models import (
    IndeksPemdaRiwayat,
    PeriodeAbk,
    SnapshotUnit,
    TugasJabatan,
    UnitPerluHitung,
)


@admin.register(PeriodeAbk)
class PeriodeAbkAdmin(admin.ModelAdmin):
    list_display = ["tahun", "wke_menit", "hari_kerja", "jam_efektif", "pembulatan", "set_band",
                    "aktif"]
    list_filter = ["aktif"]
    readonly_fields = ["aktif", "diubah"]
    actions = ["jadikan_aktif", "hitung_ulang"]

    def save_model(self, request, obj, form, change):
        services.periode_save(aktor=None, periode=obj)

    @admin.action(description=_("Jadikan periode aktif (yang ditampilkan dasbor)"))
    def jadikan_aktif(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Pilih tepat satu periode ABK untuk diaktifkan."),
                              messages.ERROR)
            return
        periode = queryset.get()
        services.periode_activate(aktor=None, periode=periode)
        self.message_user(
            request,
            _("Periode ABK %(tahun)s sekarang aktif; angkanya sedang dihitung ulang.")
            % {"tahun": periode.tahun},
        )

    @admin.action(description=_("Hitung ulang seluruh unit pada periode terpilih"))
    def hitung_ulang(self, request, queryset):
        for periode in queryset:
            outbox.periode_mark_dirty(periode=periode)
        self.message_user(request, _("Hitung ulang ABK diantrekan untuk %(n)s periode.")
                          % {"n": queryset.count()})


@admin.register(TugasJabatan)
class TugasJabatanAdmin(admin.ModelAdmin):
    list_display = ["uraian", "unit", "jabatan", "periode", "volume", "periode_volume",
                    "norma_waktu", "satuan_norma", "beban_menit"]
    list_filter = ["periode", "satuan_norma", "periode_volume"]
    search_fields = ["uraian", "unit__nama", "unit__kode", "jabatan__nama"]
    autocomplete_fields = ["unit", "jabatan"]
    list_select_related = ["unit", "jabatan", "periode"]
    readonly_fields = ["beban_menit"]

    def save_model(self, request, obj, form, change):
        services.tugas_save(tugas=obj)

    def delete_model(self, request, obj):
        services.tugas_delete(tugas_ids=[obj.pk])

    def delete_queryset(self, request, queryset):
        n = services.tugas_delete(tugas_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request, ngettext("%(n)s tugas dihapus.", "%(n)s tugas dihapus.", n) % {"n": n}
        )


class _HanyaBaca(admin.ModelAdmin):
    """Derived rows: visible to operators, written only by the recompute."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SnapshotUnit)
class SnapshotUnitAdmin(_HanyaBaca):
    list_display = ["unit", "periode", "kebutuhan", "bezetting", "selisih", "eu", "grade",
                    "dihitung"]
    list_filter = ["periode", "grade", "jenis"]
    search_fields = ["unit__nama", "unit__kode"]
    list_select_related = ["unit", "periode"]


@admin.register(IndeksPemdaRiwayat)
class IndeksPemdaRiwayatAdmin(_HanyaBaca):
    list_display = ["periode", "dihitung", "skor", "ketidakseimbangan", "pindah_diperlukan",
                    "eu_stdev", "eu_iqr"]
    list_filter = ["periode"]
    list_select_related = ["periode"]


@admin.register(UnitPerluHitung)
class UnitPerluHitungAdmin(_HanyaBaca):
    list_display = ["unit", "periode", "dibuat"]
    list_select_related = ["unit", "periode"]
