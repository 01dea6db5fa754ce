"""Read-only admin: every change goes through the services, and history is never edited."""

from django.contrib import admin

from .models import DokumenPermohonan, PermohonanMutasi, RiwayatPermohonan, SuratKeputusan


class _HanyaBaca(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RiwayatInline(admin.TabularInline):
    model = RiwayatPermohonan
    extra = 0
    can_delete = False
    fields = ["waktu", "aktor", "aksi", "dari_status", "ke_status", "catatan"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PermohonanMutasi)
class PermohonanMutasiAdmin(_HanyaBaca):
    list_display = ["id", "pegawai", "unit_asal", "unit_tujuan", "asal_permohonan", "alasan",
                    "status", "diubah"]
    list_filter = ["status", "asal_permohonan", "alasan"]
    search_fields = ["pegawai__nip", "pegawai__nama"]
    list_select_related = ["pegawai", "unit_asal", "unit_tujuan"]
    inlines = [RiwayatInline]


@admin.register(DokumenPermohonan)
class DokumenPermohonanAdmin(_HanyaBaca):
    list_display = ["id", "permohonan", "jenis", "nama_asli", "content_type", "ukuran",
                    "diunggah"]
    list_filter = ["jenis", "content_type"]
    exclude = ["berkas"]  # served only through mutasi:dokumen after the scoped lookup


@admin.register(RiwayatPermohonan)
class RiwayatPermohonanAdmin(_HanyaBaca):
    list_display = ["permohonan", "waktu", "aktor", "aksi", "dari_status", "ke_status"]
    list_filter = ["aksi", "ke_status"]
    list_select_related = ["aktor"]


@admin.register(SuratKeputusan)
class SuratKeputusanAdmin(_HanyaBaca):
    list_display = ["nomor", "tanggal", "tmt", "dibuat_oleh", "dibuat"]
    list_filter = ["tahun"]
    search_fields = ["nomor"]


# --- balance planner (docs/perencana.md) ------------------------------------------------

from .models import GrupJabatanSetara, RencanaMutasi, Skenario  # noqa: E402


@admin.register(GrupJabatanSetara)
class GrupJabatanSetaraAdmin(admin.ModelAdmin):
    list_display = ["nama", "keterangan"]
    search_fields = ["nama"]
    filter_horizontal = ["jabatan"]


@admin.register(RencanaMutasi)
class RencanaMutasiAdmin(_HanyaBaca):
    list_display = ["id", "periode", "tahun_horizon", "status", "pengurangan", "batas", "rasio",
                    "dibuat_oleh", "dibuat"]
    list_filter = ["status"]


@admin.register(Skenario)
class SkenarioAdmin(admin.ModelAdmin):
    list_display = ["nama", "periode", "rencana", "dibuat_oleh", "dibuat"]
    search_fields = ["nama"]
    raw_id_fields = ["rencana"]
    readonly_fields = ["aturan"]
