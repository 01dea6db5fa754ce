"""Spreadsheet import pages (BKD only): upload, template download, job status."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from . import access
from .impor import JENIS_IMPOR, KOLOM, template_xlsx
from .impor.forms import ImporForm
from .impor.jobs import PenyimpananGagal, impor_job_submit
from .models import ImporJob
from .spreadsheet import XLSX_CONTENT_TYPE

RIWAYAT_IMPOR = 20


@login_required
def impor(request):
    """Upload form (GET) and upload (POST → the job's status page)."""
    access.require_bkd(request.user)
    if request.method == "POST":
        form = ImporForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = impor_job_submit(berkas=form.cleaned_data["berkas"],
                                       jenis=form.cleaned_data["jenis"], user=request.user)
            except PenyimpananGagal as e:
                form.add_error("berkas", str(e))
            else:
                return redirect("pegawai:impor_status", pk=job.pk)
    else:
        form = ImporForm()
    jobs = ImporJob.objects.select_related("dibuat_oleh").defer("galat")[:RIWAYAT_IMPOR]
    return render(request, "pegawai/impor.html", {
        "form": form, "jobs": jobs, "kolom": KOLOM, "jenis_impor": JENIS_IMPOR,
    })


@login_required
def impor_template(request, jenis):
    access.require_bkd(request.user)
    if jenis not in JENIS_IMPOR:
        raise Http404
    resp = HttpResponse(template_xlsx(jenis), content_type=XLSX_CONTENT_TYPE)
    resp["Content-Disposition"] = f'attachment; filename="templat-impor-{jenis}.xlsx"'
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


@login_required
def impor_status(request, pk):
    """A job's status; htmx polls it (the fragment only) every second while it runs."""
    access.require_bkd(request.user)
    job = get_object_or_404(ImporJob.objects.select_related("dibuat_oleh"), pk=pk)
    ctx = {"job": job, "galat_terpotong": job.jumlah_galat > len(job.galat)}
    if request.headers.get("HX-Request"):
        return render(request, "pegawai/impor_status_fragment.html", ctx)
    return render(request, "pegawai/impor_status.html", ctx)
