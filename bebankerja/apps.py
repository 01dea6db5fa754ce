from django.apps import AppConfig


class BebankerjaConfig(AppConfig):
    name = "bebankerja"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Analisis beban kerja"

    def ready(self):
        # pegawai cannot import bebankerja; it announces staff changes through this hook.
        from pegawai.hooks import register_panel, register_units_changed

        from . import panel
        from .outbox import units_mark_dirty

        register_units_changed(units_mark_dirty)
        register_panel("beranda", panel.beranda)
