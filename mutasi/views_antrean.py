"""Transfer-request pages for those who decide: what waits for a head or BKD, BKD's queue
and its export, decrees (SK) and processing times. The requests themselves: views.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai import access as pegawai_access
from pegawai.spreadsheet import xlsx_response

from . import keputusan, selectors, workflow
from .filters import AntreanFilter
from .forms import SkForm
from .models import Status
from .sk_pdf import sk_pdf
from .views import halaman


@login_required
def menunggu(request):
    """"Menunggu tindakan saya": outgoing and incoming for heads, decisions for BKD."""
    pegawai_access.require_kepala_or_bkd(request.user)
    qs = selectors.with_dampak(selectors.permohonan_menunggu(user=request.user))
    urut_dampak = request.GET.get("urut") == "dampak"
    if urut_dampak:
        qs = qs.order_by("dampak", "selisih_tujuan", "diubah", "id")
    rows = list(qs[:500])
    unit = pegawai_access.unit_dipimpin(request.user)
    keluar = [r for r in rows if r.status == Status.DIAJUKAN]
    masuk = [r for r in rows if r.status == Status.DISETUJUI_ASAL]
    bkd = [r for r in rows if r.status == Status.DITERIMA_TUJUAN]
    perlu_sk = [r for r in rows if r.status == Status.DISETUJUI_BKD]
    return render(request, "mutasi/menunggu.html", {
        "unit": unit, "keluar": keluar, "masuk": masuk, "bkd": bkd, "perlu_sk": perlu_sk,
        "is_bkd": pegawai_access.is_bkd(request.user), "urut_dampak": urut_dampak,
    })


def _antrean_qs(request):
    qs = selectors.with_dampak(selectors.permohonan_list(user=request.user))
    f = AntreanFilter(request.GET or None, queryset=qs)
    return f, f.qs


@login_required
def antrean(request):
    """BKD's queue of every request, filterable, paginated."""
    pegawai_access.require_bkd(request.user)
    f, qs = _antrean_qs(request)
    return render(request, "mutasi/antrean.html", {
        "filter": f, "page": halaman(request, qs),
    })


EKSPOR_KOLOM = [
    "No", "NIP", "Nama", "Unit asal", "Jabatan asal", "Unit tujuan", "Jabatan tujuan",
    "Jenis", "Alasan", "Status", "Diajukan", "Diubah",
]


@login_required
def antrean_ekspor(request):
    """The filtered queue as .xlsx."""
    pegawai_access.require_bkd(request.user)
    _f, qs = _antrean_qs(request)

    def tgl(d):
        return timezone.localtime(d).replace(tzinfo=None) if d else None

    rows = (
        (p.pk, p.pegawai.nip, p.pegawai.nama_lengkap, p.unit_asal.nama, p.jabatan_asal.nama,
         p.unit_tujuan.nama, p.jabatan_tujuan.nama, p.get_asal_permohonan_display(),
         p.get_alasan_display(), p.get_status_display(), tgl(p.diajukan_pada), tgl(p.diubah))
        for p in qs.iterator(chunk_size=2000)
    )
    return xlsx_response("permohonan-mutasi", [("Permohonan mutasi", EKSPOR_KOLOM, rows)])


# --- decrees (SK) ---------------------------------------------------------------------


@login_required
def sk_terbitkan(request):
    """BKD ticks approved requests, gives the date and TMT, confirms, and one SK is issued."""
    pegawai_access.require_bkd(request.user)
    calon = selectors.permohonan_list(user=request.user).filter(
        status=Status.DISETUJUI_BKD).order_by("diubah", "id")
    form = SkForm(request.POST or None, calon=calon)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        terpilih = list(data["permohonan"])
        if request.POST.get("konfirmasi") == "1":
            try:
                sk = keputusan.sk_issue(permohonan_ids=[p.pk for p in terpilih],
                                        tanggal=data["tanggal"], tmt=data["tmt"],
                                        oleh=request.user)
            except workflow.PermohonanError as exc:
                messages.error(request, str(exc))
                return redirect("mutasi:sk_terbitkan")
            messages.success(request, _("SK nomor %(nomor)s terbit untuk %(n)s permohonan; "
                                        "unduh PDF-nya dari daftar SK.")
                             % {"nomor": sk.nomor, "n": len(terpilih)})
            return redirect("mutasi:sk_daftar")
        return render(request, "mutasi/sk_konfirmasi.html", {
            "form": form, "terpilih": terpilih, "tanggal": data["tanggal"], "tmt": data["tmt"],
            "tmt_lewat": data["tmt"] <= timezone.localdate(),
        })
    if not form.is_bound:
        form = SkForm(calon=calon, initial={"tanggal": timezone.localdate(),
                                            "tmt": keputusan.tmt_bawaan()})
    return render(request, "mutasi/sk_terbitkan.html", {
        "form": form, "calon": list(calon[:500]),
        "dipilih": {str(v) for v in request.POST.getlist("permohonan")},
    })


@login_required
def sk_daftar(request):
    """The decrees issued, newest first (BKD)."""
    pegawai_access.require_bkd(request.user)
    return render(request, "mutasi/sk_daftar.html",
                  {"page": halaman(request, selectors.sk_list(user=request.user))})


@login_required
def sk_unduh(request, pk):
    """The decree as PDF, for the employees it names, their units' heads and BKD."""
    sk = get_object_or_404(selectors.sk_visible(user=request.user), pk=pk)
    nama = "".join(c if c.isalnum() else "-" for c in sk.nomor).strip("-")
    resp = HttpResponse(sk_pdf(sk), content_type="application/pdf")
    resp["Content-Disposition"] = f'attachment; filename="SK-mutasi-{nama}.pdf"'
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


@login_required
def waktu_proses(request):
    """BKD: median and p90 time per step over the filtered requests; the longest waits."""
    pegawai_access.require_bkd(request.user)
    f, qs = _antrean_qs(request)
    langkah, terlama = selectors.waktu_proses(permohonan_qs=qs)
    return render(request, "mutasi/waktu_proses.html", {
        "filter": f, "langkah": langkah, "terlama": terlama, "sekarang": timezone.now(),
    })
