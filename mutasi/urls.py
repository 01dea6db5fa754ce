from django.urls import path

from . import views, views_antrean

app_name = "mutasi"

urlpatterns = [
    path("", views.permohonan_saya, name="saya"),
    path("baru/", views.permohonan_buat, name="buat"),
    path("baru/saran-unit/", views.saran_unit, name="saran_unit"),
    path("baru/organisasi/", views.permohonan_buat_organisasi, name="buat_organisasi"),
    path("menunggu/", views_antrean.menunggu, name="menunggu"),
    path("antrean/", views_antrean.antrean, name="antrean"),
    path("antrean/ekspor.xlsx", views_antrean.antrean_ekspor, name="antrean_ekspor"),
    path("sk/", views_antrean.sk_daftar, name="sk_daftar"),
    path("sk/terbitkan/", views_antrean.sk_terbitkan, name="sk_terbitkan"),
    path("sk/<int:pk>/unduh/", views_antrean.sk_unduh, name="sk_unduh"),
    path("waktu-proses/", views_antrean.waktu_proses, name="waktu_proses"),
    path("<int:pk>/", views.permohonan_detail, name="detail"),
    path("<int:pk>/ubah/", views.permohonan_ubah, name="ubah"),
    path("<int:pk>/ajukan/", views.permohonan_ajukan, name="ajukan"),
    path("<int:pk>/aksi/<slug:aksi>/", views.permohonan_aksi, name="aksi"),
    path("<int:pk>/pengecualian/", views.permohonan_pengecualian, name="pengecualian"),
    path("<int:pk>/dokumen/", views.dokumen_unggah, name="unggah"),
    path("<int:pk>/dokumen/<int:dok>/", views.dokumen_unduh, name="dokumen"),
    path("<int:pk>/dokumen/<int:dok>/hapus/", views.dokumen_hapus, name="dokumen_hapus"),
    path("<int:pk>/ganti-pegawai/", views.permohonan_ganti_pegawai, name="ganti_pegawai"),
]

# Perencana mutasi (balance planner, BKD only): mutasi/views_perencana.py
from . import views_perencana as vp  # noqa: E402

urlpatterns += [
    path("perencana/", vp.beranda, name="perencana"),
    path("perencana/rencana/<int:pk>/", vp.rencana_status, name="perencana_rencana"),
    path("perencana/skenario/baru/", vp.skenario_baru, name="perencana_skenario_baru"),
    path("perencana/skenario/<int:pk>/", vp.skenario_detail, name="perencana_skenario"),
    path("perencana/skenario/<int:pk>/ekspor.xlsx", vp.skenario_ekspor,
         name="perencana_skenario_ekspor"),
    path("perencana/skenario/<int:pk>/tambah/", vp.pindah_tambah, name="perencana_pindah_tambah"),
    path("perencana/skenario/<int:pk>/pindah/<int:pindah>/hapus/", vp.pindah_hapus,
         name="perencana_pindah_hapus"),
    path("perencana/skenario/<int:pk>/pindah/<int:pindah>/ganti/", vp.pindah_ganti,
         name="perencana_pindah_ganti"),
    path("perencana/skenario/<int:pk>/permohonan/", vp.buat_permohonan,
         name="perencana_permohonan"),
    path("perencana/banding/", vp.banding, name="perencana_banding"),
]

# Perencana mutasi: what-if ABK changes of a scenario
urlpatterns += [
    path("perencana/skenario/<int:pk>/abk/tambah/", vp.abk_tambah,
         name="perencana_abk_tambah"),
    path("perencana/skenario/<int:pk>/abk/<int:abk>/hapus/", vp.abk_hapus,
         name="perencana_abk_hapus"),
]
