from django.urls import path

from . import views

app_name = "pegawai"

urlpatterns = [
    path("", views.pegawai_daftar, name="daftar"),
    path("ekspor.xlsx", views.pegawai_ekspor, name="ekspor"),
    path("profil/", views.profil_saya, name="profil"),
    path("unit/", views.unit_pohon, name="unit_pohon"),
    path("<str:nip>/", views.pegawai_detail, name="detail"),
]
