"""Transfer request pages. Views orchestrate: scoped fetch, form, one service call, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pegawai import access
from pegawai.models import Jabatan
from pegawai.spreadsheet import xlsx_response

from . import keputusan, selectors, services, uploads
from .dampak import dampak_pindah
from .eligibility import kelayakan_permohonan
from .filters import AntreanFilter
from .forms import (
    CatatanForm,
    DokumenForm,
    PengecualianForm,
    PermohonanForm,
    PermohonanOrganisasiForm,
    SkForm,
)
from .models import (
    STATUS_AKTIF,
    STATUS_BISA_DIUBAH,
    AsalPermohonan,
    PermohonanMutasi,
    Status,
)
from .sk_pdf import sk_pdf
from .waktu import durasi_langkah

PER_HALAMAN = 50
AKSI_TINJAU = ("withdraw", "endorse", "accept", "approve", "refuse", "return")


def _get(request, pk):
    """The request if `request.user` may see it, else 404."""
    qs = PermohonanMutasi.objects.visible_to(request.user).select_related(
        "pegawai", "pegawai__unit", "pegawai__jabatan", "pegawai__user", "unit_asal",
        "jabatan_asal", "unit_tujuan", "jabatan_tujuan", "dibuat_oleh", "sk",
    )
    return get_object_or_404(qs, pk=pk)


def _halaman(request, qs):
    return Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))


@login_required
def permohonan_saya(request):
    """"Permohonan saya": the user's own requests."""
    page = _halaman(request, selectors.permohonan_milik(user=request.user))
    return render(request, "mutasi/saya.html", {
        "page": page, "pegawai": access.pegawai_of(request.user),
    })


def _aktif(pegawai):
    return PermohonanMutasi.objects.filter(pegawai=pegawai, status__in=STATUS_AKTIF).first()


@login_required
def permohonan_buat(request):
    """A new request at the employee's own wish (a draft)."""
    pegawai = access.pegawai_of(request.user)
    if pegawai is None:
        raise PermissionDenied(_("Akun ini tidak terhubung dengan data pegawai."))
    aktif = _aktif(pegawai)
    if aktif is not None:
        messages.info(request, _("Anda masih memiliki permohonan #%(id)s yang berjalan; "
                                 "permohonan baru dapat dibuat setelah itu selesai atau ditarik.")
                      % {"id": aktif.pk})
        return redirect("mutasi:detail", pk=aktif.pk)
    form = PermohonanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            p = services.permohonan_create(pegawai=pegawai, aktor=request.user,
                                           **form.cleaned_data)
        except services.PermohonanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Draf permohonan #%(id)s tersimpan. Unggah dokumen "
                                        "persyaratan, lalu ajukan.") % {"id": p.pk})
            return redirect("mutasi:detail", pk=p.pk)
    return render(request, "mutasi/form.html", {
        "form": form, "judul": _("Permohonan mutasi baru"), "pegawai": pegawai,
        **_saran_ctx(request, form, pegawai),
    })


@login_required
def permohonan_buat_organisasi(request):
    """BKD files a request for organisational need on an employee's behalf."""
    access.require_bkd(request.user)
    form = PermohonanOrganisasiForm(request.POST or None)
    if not form.is_bound:
        # `?unit_tujuan=&jabatan_tujuan=` from the redistribution plan (bebankerja), checked
        # like input: an unknown id is dropped.
        form.isi_awal(pegawai=None, query=request.GET)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "nip"}
        try:
            p = services.permohonan_create(
                pegawai=form.pegawai, aktor=request.user,
                asal_permohonan=AsalPermohonan.KEBUTUHAN_ORGANISASI, **data)
        except services.PermohonanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Draf permohonan #%(id)s untuk %(nama)s tersimpan.")
                             % {"id": p.pk, "nama": form.pegawai.nama_lengkap})
            return redirect("mutasi:detail", pk=p.pk)
    return render(request, "mutasi/form.html", {
        "form": form, "judul": _("Mutasi karena kebutuhan organisasi"),
    })


@login_required
def permohonan_ubah(request, pk):
    """Edit a draft or a returned request (applicant only)."""
    p = _get(request, pk)
    if not services.adalah_pemohon(p, request.user):
        raise PermissionDenied(_("Hanya pemohon yang dapat mengubah permohonan ini."))
    if p.status not in STATUS_BISA_DIUBAH:
        messages.warning(request, _("Permohonan #%(id)s berstatus \u201c%(status)s\u201d dan "
                                    "tidak dapat diubah lagi.")
                         % {"id": p.pk, "status": p.get_status_display()})
        return redirect("mutasi:detail", pk=p.pk)
    form = PermohonanForm(request.POST or None, instance=p)
    if request.method == "POST" and form.is_valid():
        try:
            services.permohonan_update(permohonan=p, aktor=request.user, **form.cleaned_data)
        except services.PermohonanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Permohonan #%(id)s diperbarui.") % {"id": p.pk})
            return redirect("mutasi:detail", pk=p.pk)
    return render(request, "mutasi/form.html", {
        "form": form, "judul": _("Ubah permohonan #%(id)s") % {"id": p.pk}, "p": p,
        **_saran_ctx(request, form, p.pegawai, permohonan=p),
    })


def _url_form(permohonan_id=None):
    """The form the advice panel's "Pilih" links lead to: the draft being edited, or a new one."""
    if permohonan_id is not None:
        return reverse("mutasi:ubah", args=[permohonan_id])
    return reverse("mutasi:buat")


def _saran_ctx(request, form, pegawai, *, permohonan=None):
    """The advice panel beside an employee's form: units short of the jabatan shown."""
    if not form.is_bound:
        form.isi_awal(pegawai=pegawai, query=request.GET)
    form.hubungkan_saran(url=reverse("mutasi:saran_unit"), permohonan=permohonan)
    jabatan = form.jabatan_terpilih() or pegawai.jabatan
    return {
        "saran": selectors.unit_kekurangan(jabatan=jabatan, kecuali_unit_id=pegawai.unit_id),
        "url_form": _url_form(permohonan.pk if permohonan else None),
    }


@login_required
def saran_unit(request):
    """The advice panel alone, for `?jabatan=<id>` (htmx swaps it in when the jabatan changes).

    Same access as the form it sits beside: a new request needs a linked employee record;
    with `?permohonan=<id>`, the applicant of that request (its employee is the one who
    moves). Aggregate snapshot figures only. An unknown jabatan falls back to the
    employee's own.
    """
    permohonan_id = _id(request.GET.get("permohonan"))
    if permohonan_id is not None:
        p = _get(request, permohonan_id)
        if not services.adalah_pemohon(p, request.user):
            raise PermissionDenied(_("Hanya pemohon yang dapat mengubah permohonan ini."))
        pegawai = p.pegawai
    else:
        pegawai = access.pegawai_of(request.user)
        if pegawai is None:
            raise PermissionDenied(_("Akun ini tidak terhubung dengan data pegawai."))
    # `jabatan` in links; the form's select sends its own name.
    jabatan_id = _id(request.GET.get("jabatan") or request.GET.get("jabatan_tujuan"))
    jabatan = None
    if jabatan_id is not None:
        jabatan = Jabatan.objects.filter(pk=jabatan_id).only("id", "nama").first()
    return render(request, "mutasi/_saran_unit.html", {
        "saran": selectors.unit_kekurangan(jabatan=jabatan or pegawai.jabatan,
                                           kecuali_unit_id=pegawai.unit_id),
        "url_form": _url_form(permohonan_id),
    })


def _id(value):
    """A positive id from a GET parameter, or None when it is missing, malformed or out of
    the range of the tables' bigint keys (which PostgreSQL would refuse with an error)."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if 0 < n < 2**63 else None


def _aksi_ctx(p, user):
    forms = []
    for aksi in services.aksi_tersedia(p, user):
        if aksi in ("submit", "resubmit", "terbitkan_sk"):
            continue  # through the confirmation page / the decree page
        t = services.TRANSISI[aksi]
        forms.append({"aksi": aksi, "label": t.label, "wajib": t.catatan_wajib,
                      "konfirmasi": t.konfirmasi, "form": CatatanForm(prefix=aksi)})
    return forms


@login_required
def permohonan_detail(request, pk):
    """The request: data, documents, eligibility, impact, timeline and allowed actions."""
    p = _get(request, pk)
    dampak = dampak_pindah(pegawai=p.pegawai, unit_tujuan=p.unit_tujuan,
                           jabatan_tujuan=p.jabatan_tujuan, dengan_indeks=True)
    dokumen = list(p.dokumen.select_related("diunggah_oleh"))
    pemohon = services.adalah_pemohon(p, request.user)
    bisa_diubah = pemohon and p.status in STATUS_BISA_DIUBAH
    riwayat = list(p.riwayat.select_related("aktor").order_by("waktu", "id"))
    for r in riwayat:
        r.aksi_label = services.AKSI_LABEL.get(r.aksi, r.aksi)
    durasi_langkah(riwayat)
    return render(request, "mutasi/detail.html", {
        "p": p,
        "dokumen": dokumen,
        "dokumen_kurang": uploads.dokumen_kurang(p, {d.jenis for d in dokumen}),
        "riwayat": riwayat,
        "kelayakan": kelayakan_permohonan(p, dampak=dampak),
        "dampak": dampak,
        "aksi_forms": _aksi_ctx(p, request.user),
        "bisa_diubah": bisa_diubah,
        "bisa_terbitkan_sk": "terbitkan_sk" in services.aksi_tersedia(p, request.user),
        "bisa_diajukan": bisa_diubah and p.status in (Status.DRAFT, Status.DIKEMBALIKAN),
        "dokumen_form": DokumenForm() if bisa_diubah else None,
        "pengecualian_form": (
            PengecualianForm() if access.is_bkd(request.user)
            and p.status in services.STATUS_BISA_DIKECUALIKAN else None
        ),
    })


@login_required
def permohonan_ajukan(request, pk):
    """Submit (or resubmit): the eligibility result and missing documents first, then confirm."""
    p = _get(request, pk)
    if not services.adalah_pemohon(p, request.user):
        raise PermissionDenied(_("Hanya pemohon yang dapat mengajukan permohonan ini."))
    aksi = {Status.DRAFT: "submit", Status.DIKEMBALIKAN: "resubmit"}.get(p.status)
    if aksi is None:
        messages.warning(request, _("Permohonan #%(id)s sudah diajukan (status \u201c%(status)s"
                                    "\u201d).") % {"id": p.pk, "status": p.get_status_display()})
        return redirect("mutasi:detail", pk=p.pk)
    if request.method == "POST":
        form = CatatanForm(request.POST)
        form.is_valid()
        try:
            services.permohonan_act(permohonan=p, aktor=request.user, aksi=aksi,
                                    catatan=form.cleaned_data.get("catatan", ""))
        except services.PermohonanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Permohonan #%(id)s diajukan ke kepala unit asal.")
                             % {"id": p.pk})
            return redirect("mutasi:detail", pk=p.pk)
    kelayakan = kelayakan_permohonan(p)
    kurang = uploads.dokumen_kurang(p)
    return render(request, "mutasi/ajukan.html", {
        "p": p, "kelayakan": kelayakan, "dokumen_kurang": kurang,
        "siap": kelayakan.layak and not kurang, "form": CatatanForm(),
    })


@require_POST
@login_required
def permohonan_aksi(request, pk, aksi):
    """One workflow action (POST only); its note comes from the form of that action."""
    if aksi not in AKSI_TINJAU:
        raise Http404
    p = _get(request, pk)
    form = CatatanForm(request.POST, prefix=aksi)
    form.is_valid()
    try:
        services.permohonan_act(permohonan=p, aktor=request.user, aksi=aksi,
                                catatan=form.cleaned_data.get("catatan", ""))
    except services.PermohonanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Permohonan #%(id)s: %(aksi)s — status sekarang "
                                    "\u201c%(status)s\u201d.")
                         % {"id": p.pk, "aksi": services.TRANSISI[aksi].label,
                            "status": p.get_status_display()})
    return redirect("mutasi:detail", pk=p.pk)


@require_POST
@login_required
def permohonan_pengecualian(request, pk):
    """BKD excepts eligibility rules with a written reason."""
    p = _get(request, pk)
    access.require_bkd(request.user)
    form = PengecualianForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih aturan dan tulis alasan pengecualian."))
    else:
        try:
            services.permohonan_override(permohonan=p, aktor=request.user,
                                         aturan=form.cleaned_data["aturan"],
                                         alasan=form.cleaned_data["alasan"])
        except services.PermohonanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Pengecualian aturan pada permohonan #%(id)s dicatat.")
                             % {"id": p.pk})
    return redirect("mutasi:detail", pk=p.pk)


@require_POST
@login_required
def dokumen_unggah(request, pk):
    """Upload one document to a draft or returned request."""
    p = _get(request, pk)
    form = DokumenForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih jenis dokumen dan berkasnya."))
    else:
        try:
            dok = services.dokumen_upload(permohonan=p, aktor=request.user,
                                          jenis=form.cleaned_data["jenis"],
                                          berkas=form.cleaned_data["berkas"])
        except services.PermohonanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(jenis)s (%(nama)s) terunggah.")
                             % {"jenis": dok.get_jenis_display(), "nama": dok.nama_asli})
    return redirect("mutasi:detail", pk=p.pk)


@login_required
def dokumen_unduh(request, pk, dok):
    """Serve a document to those who may see its request, always as a download."""
    p = _get(request, pk)
    d = get_object_or_404(p.dokumen.all(), pk=dok)
    try:
        fh = d.berkas.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas dokumen ini tidak ditemukan di penyimpanan.")) from None
    resp = FileResponse(fh, as_attachment=True, filename=d.nama_asli,
                        content_type=d.content_type)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp


@require_POST
@login_required
def dokumen_hapus(request, pk, dok):
    p = _get(request, pk)
    d = get_object_or_404(p.dokumen.select_related("permohonan__pegawai"), pk=dok)
    try:
        services.dokumen_delete(dokumen=d, aktor=request.user)
    except services.PermohonanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Dokumen %(nama)s dihapus.") % {"nama": d.nama_asli})
    return redirect("mutasi:detail", pk=p.pk)


@login_required
def menunggu(request):
    """"Menunggu tindakan saya": outgoing and incoming for heads, decisions for BKD."""
    access.require_kepala_or_bkd(request.user)
    qs = selectors.with_dampak(selectors.permohonan_menunggu(user=request.user))
    urut_dampak = request.GET.get("urut") == "dampak"
    if urut_dampak:
        qs = qs.order_by("dampak", "selisih_tujuan", "diubah", "id")
    rows = list(qs[:500])
    unit = access.unit_dipimpin(request.user)
    keluar = [r for r in rows if r.status == Status.DIAJUKAN]
    masuk = [r for r in rows if r.status == Status.DISETUJUI_ASAL]
    bkd = [r for r in rows if r.status == Status.DITERIMA_TUJUAN]
    perlu_sk = [r for r in rows if r.status == Status.DISETUJUI_BKD]
    return render(request, "mutasi/menunggu.html", {
        "unit": unit, "keluar": keluar, "masuk": masuk, "bkd": bkd, "perlu_sk": perlu_sk,
        "is_bkd": access.is_bkd(request.user), "urut_dampak": urut_dampak,
    })


def _antrean_qs(request):
    qs = selectors.with_dampak(selectors.permohonan_list(user=request.user))
    f = AntreanFilter(request.GET or None, queryset=qs)
    return f, f.qs


@login_required
def antrean(request):
    """BKD's queue of every request, filterable, paginated."""
    access.require_bkd(request.user)
    f, qs = _antrean_qs(request)
    return render(request, "mutasi/antrean.html", {
        "filter": f, "page": _halaman(request, qs),
    })


EKSPOR_KOLOM = [
    "No", "NIP", "Nama", "Unit asal", "Jabatan asal", "Unit tujuan", "Jabatan tujuan",
    "Jenis", "Alasan", "Status", "Diajukan", "Diubah",
]


@login_required
def antrean_ekspor(request):
    """The filtered queue as .xlsx."""
    access.require_bkd(request.user)
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
    access.require_bkd(request.user)
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
            except services.PermohonanError as exc:
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
    access.require_bkd(request.user)
    return render(request, "mutasi/sk_daftar.html",
                  {"page": _halaman(request, selectors.sk_list(user=request.user))})


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
    access.require_bkd(request.user)
    f, qs = _antrean_qs(request)
    langkah, terlama = selectors.waktu_proses(permohonan_qs=qs)
    return render(request, "mutasi/waktu_proses.html", {
        "filter": f, "langkah": langkah, "terlama": terlama, "sekarang": timezone.now(),
    })
