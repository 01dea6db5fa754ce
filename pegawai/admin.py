from django.contrib import admin

from .models import Jabatan, Pegawai, RiwayatJabatan, UnitKerja
from .services import unit_tree_refresh


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "kelas", "pendidikan_minimal"]
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
    autocomplete_fields = ["unit", "jabatan", "user"]
    list_select_related = ["unit", "jabatan"]
    inlines = [RiwayatInline]
