from django.apps import AppConfig


class MutasiConfig(AppConfig):
    name = "mutasi"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Mutasi"
