"""ABK periodes for BKD: create with settings, activate, copy the previous year's tasks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access as abk_access
from . import services
from .forms import PeriodeForm, SalinForm
from .models import PeriodeAbk


@login_required
def periode_daftar(request):
    abk_access.require_ubah_abk(request.user)
    if request.method == "POST":
        form = PeriodeForm(request.POST)
        if form.is_valid():
            try:
                periode = services.periode_save(aktor=request.user, periode=form.save(commit=False))
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Periode ABK %(t)s disimpan.") % {"t": periode.tahun})
                return redirect("bebankerja:periode_daftar")
    else:
        terakhir = PeriodeAbk.objects.order_by("-tahun").first()
        form = PeriodeForm(initial={"tahun": (terakhir.tahun + 1) if terakhir else 2026})
    periode = list(PeriodeAbk.objects.annotate(jumlah_tugas=Count("tugas")).order_by("-tahun"))
    return render(request, "bebankerja/periode_daftar.html", {
        "form": form, "periode_list": periode, "salin_form": SalinForm(),
    })


@require_POST
@login_required
def periode_aktifkan(request, tahun):
    abk_access.require_ubah_abk(request.user)
    periode = get_object_or_404(PeriodeAbk, tahun=tahun)
    services.periode_activate(aktor=request.user, periode=periode)
    messages.success(request, _("Periode %(t)s sekarang aktif; dasbor menampilkannya.")
                     % {"t": tahun})
    return redirect("bebankerja:periode_daftar")


@require_POST
@login_required
def periode_salin(request, tahun):
    abk_access.require_ubah_abk(request.user)
    ke = get_object_or_404(PeriodeAbk, tahun=tahun)
    form = SalinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih periode asal yang ada."))
        return redirect("bebankerja:periode_daftar")
    try:
        n = services.abk_copy_periode(aktor=request.user, dari=form.cleaned_data["dari"], ke=ke,
                                      ganti=form.cleaned_data["ganti"])
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("%(n)s tugas disalin dari %(a)s ke %(b)s.")
                         % {"n": n, "a": form.cleaned_data["dari"].tahun, "b": tahun})
    return redirect("bebankerja:periode_daftar")


@require_POST
@login_required
def periode_hapus(request, tahun):
    abk_access.require_ubah_abk(request.user)
    periode = get_object_or_404(PeriodeAbk, tahun=tahun)
    try:
        services.periode_hapus(aktor=request.user, periode=periode)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Periode %(t)s dihapus.") % {"t": tahun})
    return redirect("bebankerja:periode_daftar")
