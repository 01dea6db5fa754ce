from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pegawai import views as pegawai_views
from pegawai.akun import LoginView

admin.site.site_header = "Administrasi SIMUTASI"
admin.site.site_title = "SIMUTASI"

urlpatterns = [
    path("", pegawai_views.beranda, name="beranda"),
    path("masuk/", LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pegawai/", include("pegawai.urls")),
    path("abk/", include("bebankerja.urls")),
    path("mutasi/", include("mutasi.urls")),
    path("admin/", admin.site.urls),
]
