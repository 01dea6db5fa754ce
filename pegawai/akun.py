"""Login with throttling against password guessing (OWASP ASVS 2.2.1).

One counter and one lock for every way in. The lock sits in the authentication backend
(`BackendTerkunci`), which every login path goes through — `/masuk/`, `/admin/login/` and any
later API login all call `django.contrib.auth.authenticate()` — and every failed
`authenticate()` is counted by the `user_login_failed` receiver below, whatever path called
it. The forms only check the lock first so they can say why a login is refused.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LoginGagal

PESAN_TERKUNCI = _(
    "Terlalu banyak percobaan login yang gagal untuk akun ini. "
    "Coba lagi dalam satu jam atau hubungi admin BKD."
)


def client_ip(request):
    # X-Forwarded-For is not trusted: any client can set it (django-axes #224, #1099).
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _kunci(username) -> str:
    return (username or "").strip().lower()


def terkunci(username, request) -> bool:
    """True when (username, address) has failed `LOGIN_GAGAL_MAKS` times within the hour."""
    since = timezone.now() - timedelta(hours=1)
    return LoginGagal.objects.filter(
        username=_kunci(username), alamat_ip=client_ip(request), waktu__gte=since
    ).count() >= settings.LOGIN_GAGAL_MAKS


class BackendTerkunci(ModelBackend):
    """ModelBackend that refuses a locked (username, address), even with the right password.

    Raising PermissionDenied stops `authenticate()` at once (no later backend is asked) and
    makes it send `user_login_failed`, so an attempt while locked is counted too.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if terkunci(username, request):
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


@receiver(user_login_failed, dispatch_uid="pegawai.akun.catat_gagal")
def catat_gagal(sender, credentials, request=None, **kwargs):
    """Every failed authenticate(), from any path, is one row of the shared counter."""
    username = credentials.get("username")
    if username is None:
        return
    LoginGagal.objects.create(username=_kunci(username), alamat_ip=client_ip(request))


class _CekKunci:
    """Form mixin: say the login is locked before trying the password."""

    def clean(self):
        if terkunci(self.cleaned_data.get("username"), self.request):
            raise ValidationError(PESAN_TERKUNCI, code="terkunci")
        return super().clean()


class ThrottledAuthenticationForm(_CekKunci, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "terkunci": PESAN_TERKUNCI,
    }


class AdminThrottledAuthenticationForm(_CekKunci, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
