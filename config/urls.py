from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pegawai import views as pegawai_views
from pegawai.akun import AdminThrottledAuthenticationForm, LoginView

admin.site.site_header = "Administrasi SIMUTASI"
admin.site.site_title = "SIMUTASI"
# The admin login shares the lock of /masuk/ (pegawai/akun.py); the backend enforces it anyway.
admin.site.login_form = AdminThrottledAuthenticationForm

urlpatterns = [
    path("", pegawai_views.beranda, name="beranda"),
    path("masuk/", LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pegawai/", include("pegawai.urls")),
    path("abk/", include("bebankerja.urls")),
    path("mutasi/", include("mutasi.urls")),
    path("admin/", admin.site.urls),
]
