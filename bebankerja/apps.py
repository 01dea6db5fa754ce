from django.apps import AppConfig


class BebankerjaConfig(AppConfig):
    name = "bebankerja"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Analisis beban kerja"
