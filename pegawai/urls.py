from django.urls import path

from . import views, views_impor, views_profil

app_name = "pegawai"

urlpatterns = [
    path("", views.pegawai_daftar, name="daftar"),
    path("ekspor.xlsx", views.pegawai_ekspor, name="ekspor"),
    path("profil/", views.profil_saya, name="profil"),
    path("unit/", views.unit_pohon, name="unit_pohon"),
    path("profil-pemda/", views_profil.profil_pemda, name="profil_pemda"),
    # Import pages come before "<str:nip>/", which would otherwise swallow "impor/".
    path("impor/", views_impor.impor, name="impor"),
    path("impor/template/<str:jenis>.xlsx", views_impor.impor_template, name="impor_template"),
    path("impor/<int:pk>/", views_impor.impor_status, name="impor_status"),
    path("<str:nip>/", views.pegawai_detail, name="detail"),
]
