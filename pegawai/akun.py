"""Login with throttling against password guessing (OWASP ASVS 2.2.1)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LoginGagal


def client_ip(request):
    # X-Forwarded-For is not trusted: any client can set it (django-axes #224, #1099).
    return request.META.get("REMOTE_ADDR")


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "terkunci": _(
            "Terlalu banyak percobaan login yang gagal untuk akun ini. "
            "Coba lagi dalam satu jam atau hubungi admin BKD."
        ),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip().lower()
        ip = client_ip(self.request) if self.request else None
        since = timezone.now() - timedelta(hours=1)
        failures = LoginGagal.objects.filter(username=username, alamat_ip=ip, waktu__gte=since)
        if failures.count() >= settings.LOGIN_GAGAL_MAKS:
            raise ValidationError(self.error_messages["terkunci"], code="terkunci")
        try:
            return super().clean()
        except ValidationError:
            LoginGagal.objects.create(username=username, alamat_ip=ip)
            raise


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
