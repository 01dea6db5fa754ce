from django.apps import AppConfig


class MutasiConfig(AppConfig):
    name = "mutasi"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Mutasi"

    def ready(self):
        # The home and employee pages live in pegawai, which cannot import mutasi: they ask
        # these panels.
        from pegawai.hooks import register_panel

        from . import panel

        register_panel("beranda", panel.beranda)
        register_panel("pegawai_detail", panel.pegawai_detail)
