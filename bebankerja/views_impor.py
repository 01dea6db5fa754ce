"""ABK import for BKD: upload an .xlsx/.csv of tasks (inline, all or nothing), and its template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pegawai.spreadsheet import XLSX_CONTENT_TYPE

from . import access as abk_access
from . import selectors
from .forms import ImporAbkForm
from .impor_abk import KOLOM_ABK, MAKS_BARIS, impor_abk, template_xlsx
from .models import PeriodeAbk

GALAT_TAMPIL = 500  # errors listed on the page; the count says how many there are in all


@login_required
def impor(request):
    """Upload form (GET) and upload (POST): import inline, then redirect or show the errors."""
    abk_access.require_ubah_abk(request.user)
    hasil = None
    if request.method == "POST":
        form = ImporAbkForm(request.POST, request.FILES)
        if form.is_valid():
            berkas = form.cleaned_data["berkas"]
            periode = form.cleaned_data["periode"]
            hasil = impor_abk(fileobj_or_path=berkas, nama_file=berkas.name, periode=periode)
            if hasil.berhasil:
                messages.success(request, _(
                    "Impor ABK %(t)s dari “%(f)s” selesai: %(p)s pasangan unit × jabatan "
                    "diganti dengan %(n)s tugas (%(d)s tugas lama dihapus) di %(u)s unit; "
                    "hitung ulang keseimbangan dijadwalkan.")
                    % {"t": hasil.tahun, "f": berkas.name, "p": hasil.pasangan,
                       "n": hasil.tugas, "d": hasil.diganti, "u": hasil.unit})
                return redirect("bebankerja:impor")
    else:
        aktif = selectors.periode_aktif()
        form = ImporAbkForm(initial={"periode": aktif.tahun if aktif else None})
    return render(request, "bebankerja/impor.html", {
        "form": form, "hasil": hasil, "kolom": KOLOM_ABK, "maks_baris": MAKS_BARIS,
        "galat": hasil.galat[:GALAT_TAMPIL] if hasil else [],
        "galat_terpotong": bool(hasil) and len(hasil.galat) > GALAT_TAMPIL,
        "ada_periode": PeriodeAbk.objects.exists(),
    })


@login_required
def impor_template(request):
    abk_access.require_ubah_abk(request.user)
    resp = HttpResponse(template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    resp["Content-Disposition"] = 'attachment; filename="templat-impor-abk.xlsx"'
    resp["X-Content-Type-Options"] = "nosniff"
    return resp
