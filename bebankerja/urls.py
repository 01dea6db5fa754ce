from django.urls import path

from . import views, views_abk, views_impor, views_periode, views_proyeksi, views_redistribusi

app_name = "bebankerja"

urlpatterns = [
    path("", views.dasbor, name="dasbor"),
    path("ekspor.xlsx", views.dasbor_ekspor, name="dasbor_ekspor"),
    path("unit/<int:pk>/", views.unit_peta, name="unit_peta"),
    path("unit/<int:pk>/ekspor.xlsx", views.unit_peta_ekspor, name="unit_peta_ekspor"),
    path("unit/<int:pk>/jabatan/<int:jabatan_pk>/", views.unit_jabatan_pegawai,
         name="unit_jabatan_pegawai"),
    path("unit/<int:pk>/abk/", views_abk.abk_unit, name="abk_unit"),
    path("unit/<int:pk>/abk/<int:jabatan_pk>/", views_abk.abk_jabatan, name="abk_jabatan"),
    path("redistribusi/", views_redistribusi.redistribusi, name="redistribusi"),
    path("redistribusi/ekspor.xlsx", views_redistribusi.redistribusi_ekspor,
         name="redistribusi_ekspor"),
    path("periode/", views_periode.periode_daftar, name="periode_daftar"),
    path("periode/<int:tahun>/aktifkan/", views_periode.periode_aktifkan,
         name="periode_aktifkan"),
    path("periode/<int:tahun>/salin/", views_periode.periode_salin, name="periode_salin"),
    path("periode/<int:tahun>/hapus/", views_periode.periode_hapus, name="periode_hapus"),
    path("proyeksi/", views_proyeksi.proyeksi, name="proyeksi"),
    path("proyeksi/ekspor/", views_proyeksi.proyeksi_ekspor, name="proyeksi_ekspor"),
    path("impor/", views_impor.impor, name="impor"),
    path("impor/template.xlsx", views_impor.impor_template, name="impor_template"),
]
