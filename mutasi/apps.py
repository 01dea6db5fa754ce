from django.apps import AppConfig


class MutasiConfig(AppConfig):
    name = "mutasi"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Mutasi"

    def ready(self):
        # The home page lives in pegawai, which cannot import mutasi: it asks this panel.
        from pegawai.hooks import register_beranda

        from . import beranda

        register_beranda(beranda.panel)
