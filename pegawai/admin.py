from django.contrib import admin
from django.utils.translation import gettext as _

from .hooks import units_changed
from .models import Jabatan, Pegawai, RiwayatJabatan, UnitKerja
from .services import pegawai_pindah, unit_tree_refresh


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "kelas", "pendidikan_minimal", "rumpun"]
    list_filter = ["jenis", "kelas"]
    search_fields = ["kode", "nama"]


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "induk", "jabatan_kepala"]
    list_filter = ["jenis"]
    search_fields = ["kode", "nama"]
    autocomplete_fields = ["induk", "jabatan_kepala"]
    list_select_related = ["induk", "jabatan_kepala"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        unit_tree_refresh()


class RiwayatInline(admin.TabularInline):
    model = RiwayatJabatan
    extra = 0
    autocomplete_fields = ["unit", "jabatan"]


@admin.register(Pegawai)
class PegawaiAdmin(admin.ModelAdmin):
    list_display = ["nip", "nama", "status_asn", "golongan", "jabatan", "unit", "aktif"]
    list_filter = ["status_asn", "aktif", "golongan"]
    search_fields = ["nip", "nama"]
    autocomplete_fields = ["unit", "jabatan", "user", "unit_pilihan"]
    list_select_related = ["unit", "jabatan"]
    inlines = [RiwayatInline]

    # Staff counts per unit feed the ABK snapshot: announce both the old and the new unit,
    # inside the admin's transaction (pegawai.hooks). A new unit or jabatan is a move: it goes
    # through the one service that moves employees, so it gets its history row too.
    def save_model(self, request, obj, form, change):
        lama = (Pegawai.objects.filter(pk=obj.pk).values("unit_id", "jabatan_id", "tmt_jabatan")
                .first() if obj.pk else None)
        pindah = lama is not None and (
            (obj.unit_id, obj.jabatan_id) != (lama["unit_id"], lama["jabatan_id"]))
        if not pindah:
            super().save_model(request, obj, form, change)
            units_changed([lama and lama["unit_id"], obj.unit_id])
            return
        baru = obj.unit_id, obj.jabatan_id, obj.tmt_jabatan
        obj.unit_id, obj.jabatan_id, obj.tmt_jabatan = (
            lama["unit_id"], lama["jabatan_id"], lama["tmt_jabatan"])
        super().save_model(request, obj, form, change)
        pegawai_pindah(pegawai_id=obj.pk, unit_id=baru[0], jabatan_id=baru[1], tmt=baru[2],
                       keterangan=_("Diubah lewat admin"))
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        unit_id = obj.unit_id
        super().delete_model(request, obj)
        units_changed([unit_id])

    def delete_queryset(self, request, queryset):
        unit_ids = set(queryset.order_by().values_list("unit_id", flat=True))
        super().delete_queryset(request, queryset)
        units_changed(unit_ids)
