from django.apps import AppConfig


class PegawaiConfig(AppConfig):
    name = "pegawai"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Kepegawaian"
