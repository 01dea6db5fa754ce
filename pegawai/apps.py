from django.apps import AppConfig


class PegawaiConfig(AppConfig):
    name = "pegawai"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Kepegawaian"

    def ready(self):
        # The failed-login counter listens to every authenticate() (pegawai/akun.py).
        from . import akun  # noqa: F401
