"""Transfer request pages. Views orchestrate: scoped fetch, form, one service call, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bebankerja import selectors as abk_selectors
from pegawai import access as pegawai_access
from pegawai.kompetensi import alasan_tidak_kompeten
from pegawai.models import Jabatan

from . import access, selectors, services, uploads, workflow
from .dampak import dampak_pindah
from .eligibility import kelayakan_permohonan
from .forms import (
    AjukanForm,
    CatatanForm,
    DokumenForm,
    PengecualianForm,
    PermohonanForm,
    PermohonanOrganisasiForm,
)
from .models import TEKS_MAKS, AlasanKeberatan, AsalPermohonan, Status
from .waktu import durasi_langkah

PER_HALAMAN = 50
AKSI_TINJAU = ("withdraw", "endorse", "accept", "approve", "refuse", "return",
               "terima_pegawai", "keberatan", "lanjutkan")


def _get(request, pk):
    """The request if `request.user` may see it, else 404."""
    qs = access.permohonan_terlihat(request.user).select_related(
        "pegawai", "pegawai__unit", "pegawai__jabatan", "pegawai__user", "unit_asal",
        "jabatan_asal", "unit_tujuan", "jabatan_tujuan", "dibuat_oleh", "sk", "pernyataan_oleh",
    )
    return get_object_or_404(qs, pk=pk)


def halaman(request, qs):
    """The page of `qs` that `?halaman=` asks for (PER_HALAMAN rows a page)."""
    return Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))


@login_required
def permohonan_saya(request):
    """"Permohonan saya": the user's own requests."""
    page = halaman(request, selectors.permohonan_milik(user=request.user))
    return render(request, "mutasi/saya.html", {
        "page": page, "pegawai": pegawai_access.pegawai_of(request.user),
    })


@login_required
def permohonan_buat(request):
    """A new request at the employee's own wish (a draft)."""
    pegawai = pegawai_access.pegawai_of(request.user)
    if pegawai is None:
        raise PermissionDenied(_("Akun ini tidak terhubung dengan data pegawai."))
    aktif = selectors.permohonan_aktif(pegawai=pegawai)
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
        except workflow.PermohonanError as exc:
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
    pegawai_access.require_bkd(request.user)
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
        except workflow.PermohonanError as exc:
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
    if not access.adalah_pemohon(p, request.user):
        raise PermissionDenied(_("Hanya pemohon yang dapat mengubah permohonan ini."))
    if not access.bisa_diubah(p):
        messages.warning(request, _("Permohonan #%(id)s berstatus \u201c%(status)s\u201d dan "
                                    "tidak dapat diubah lagi.")
                         % {"id": p.pk, "status": p.get_status_display()})
        return redirect("mutasi:detail", pk=p.pk)
    form = PermohonanForm(request.POST or None, instance=p)
    if request.method == "POST" and form.is_valid():
        try:
            services.permohonan_update(permohonan=p, aktor=request.user, **form.cleaned_data)
        except workflow.PermohonanError as exc:
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
        "saran": abk_selectors.unit_kekurangan(jabatan=jabatan, kecuali_unit_id=pegawai.unit_id),
        "url_form": _url_form(permohonan.pk if permohonan else None),
        "tidak_kompeten": _tidak_kompeten(pegawai, jabatan),
    }


def _tidak_kompeten(pegawai, jabatan):
    """What keeps `pegawai` from `jabatan` (education level, field of study), for the panel:
    it must not suggest posts the employee cannot hold."""
    return alasan_tidak_kompeten(pendidikan=pegawai.pendidikan, rumpun=pegawai.rumpun,
                                 pendidikan_minimal=jabatan.pendidikan_minimal,
                                 rumpun_jabatan=jabatan.rumpun)


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
        if not access.adalah_pemohon(p, request.user):
            raise PermissionDenied(_("Hanya pemohon yang dapat mengubah permohonan ini."))
        pegawai = p.pegawai
    else:
        pegawai = pegawai_access.pegawai_of(request.user)
        if pegawai is None:
            raise PermissionDenied(_("Akun ini tidak terhubung dengan data pegawai."))
    # `jabatan` in links; the form's select sends its own name.
    jabatan_id = _id(request.GET.get("jabatan") or request.GET.get("jabatan_tujuan"))
    jabatan = None
    if jabatan_id is not None:
        jabatan = (Jabatan.objects.filter(pk=jabatan_id)
                   .only("id", "nama", "pendidikan_minimal", "rumpun").first())
    jabatan = jabatan or pegawai.jabatan
    return render(request, "mutasi/_saran_unit.html", {
        "saran": abk_selectors.unit_kekurangan(jabatan=jabatan,
                                           kecuali_unit_id=pegawai.unit_id),
        "url_form": _url_form(permohonan_id),
        "tidak_kompeten": _tidak_kompeten(pegawai, jabatan),
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
    for aksi in workflow.aksi_tersedia(p, user):
        if aksi in ("submit", "resubmit", "kirim_pegawai", "terbitkan_sk"):
            continue  # through the confirmation page / the decree page
        t = workflow.TRANSISI[aksi]
        forms.append({"aksi": aksi, "label": t.label, "wajib": t.catatan_wajib,
                      "konfirmasi": t.konfirmasi, "form": CatatanForm(prefix=aksi),
                      "alasan_pilihan": AlasanKeberatan.choices if aksi == "keberatan" else None})
    return forms


@login_required
def permohonan_detail(request, pk):
    """The request: data, documents, eligibility, impact, timeline and allowed actions."""
    p = _get(request, pk)
    dampak = dampak_pindah(pegawai=p.pegawai, unit_tujuan=p.unit_tujuan,
                           jabatan_tujuan=p.jabatan_tujuan, dengan_indeks=True)
    dokumen = list(p.dokumen.select_related("diunggah_oleh"))
    bisa_diubah = access.boleh_ubah(p, request.user)
    riwayat = list(p.riwayat.select_related("aktor").order_by("waktu", "id"))
    for r in riwayat:
        r.aksi_label = workflow.AKSI_LABEL.get(r.aksi, r.aksi)
    durasi_langkah(riwayat)
    aksi_forms = _aksi_ctx(p, request.user)
    keberatan = next((r.catatan for r in reversed(riwayat) if r.aksi == "keberatan"), "")
    return render(request, "mutasi/detail.html", {
        "p": p,
        "adalah_pegawai_diusulkan": access.adalah_pegawai_diusulkan(p, request.user),
        "bisa_ganti_pegawai": access.adalah_bkd(p, request.user),
        "keberatan_catatan": keberatan,
        "menunggu": selectors.menunggu_siapa(p, riwayat),
        "dikembalikan": selectors.catatan_pengembalian(p, riwayat),
        # BKD officers barred from approving (four eyes) are told why, not offered the button.
        "bukan_pemutus": (
            workflow.mengapa_bukan_pemutus(p, request.user)
            if p.status == Status.DITERIMA_TUJUAN
            and not any(a["aksi"] == "approve" for a in aksi_forms) else ""),
        "dokumen": dokumen,
        "dokumen_kurang": uploads.dokumen_kurang(p, {d.jenis for d in dokumen}),
        "riwayat": riwayat,
        "kelayakan": kelayakan_permohonan(p, dampak=dampak),
        "dampak": dampak,
        "aksi_forms": aksi_forms,
        "teks_maks": TEKS_MAKS,
        "bisa_diubah": bisa_diubah,
        "bisa_terbitkan_sk": "terbitkan_sk" in workflow.aksi_tersedia(p, request.user),
        "bisa_diajukan": bisa_diubah and p.status in (Status.DRAFT, Status.DIKEMBALIKAN),
        "dokumen_form": DokumenForm() if bisa_diubah else None,
        "pengecualian_form": (
            PengecualianForm() if access.boleh_kecualikan(p, request.user) else None
        ),
    })


@login_required
def permohonan_ajukan(request, pk):
    """Submit (or resubmit): the eligibility result and missing documents first, then confirm."""
    p = _get(request, pk)
    if not access.adalah_pemohon(p, request.user):
        raise PermissionDenied(_("Hanya pemohon yang dapat mengajukan permohonan ini."))
    aksi = {Status.DRAFT: "submit", Status.DIKEMBALIKAN: "resubmit"}.get(p.status)
    if aksi is None:
        messages.warning(request, _("Permohonan #%(id)s sudah diajukan (status \u201c%(status)s"
                                    "\u201d).") % {"id": p.pk, "status": p.get_status_display()})
        return redirect("mutasi:detail", pk=p.pk)
    form = AjukanForm(request.POST or None)
    if request.method == "POST":
        # The declaration is a field of the form, checked here and again by the workflow.
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("pernyataan", []))
                           or _("Periksa isian formulir."))
        else:
            try:
                services.LAYANAN[aksi](permohonan=p, aktor=request.user,
                                       catatan=form.cleaned_data["catatan"],
                                       pernyataan=form.cleaned_data["pernyataan"])
            except workflow.PermohonanError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Permohonan #%(id)s diajukan ke kepala unit asal.")
                                 % {"id": p.pk})
                return redirect("mutasi:detail", pk=p.pk)
    kelayakan = kelayakan_permohonan(p)
    kurang = uploads.dokumen_kurang(p)
    return render(request, "mutasi/ajukan.html", {
        "p": p, "kelayakan": kelayakan, "dokumen_kurang": kurang,
        "siap": kelayakan.layak and not kurang, "form": form,
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
        if aksi == "keberatan":
            workflow.permohonan_keberatan(
                permohonan=p, aktor=request.user, catatan=form.cleaned_data.get("catatan", ""),
                alasan=request.POST.get("keberatan-alasan", ""))
        else:
            services.permohonan_act(permohonan=p, aktor=request.user, aksi=aksi,
                                    catatan=form.cleaned_data.get("catatan", ""))
    except workflow.PermohonanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Permohonan #%(id)s: %(aksi)s — status sekarang "
                                    "\u201c%(status)s\u201d.")
                         % {"id": p.pk, "aksi": workflow.TRANSISI[aksi].label,
                            "status": p.get_status_display()})
    return redirect("mutasi:detail", pk=p.pk)


@require_POST
@login_required
def permohonan_pengecualian(request, pk):
    """BKD excepts eligibility rules with a written reason."""
    p = _get(request, pk)
    pegawai_access.require_bkd(request.user)
    form = PengecualianForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih aturan dan tulis alasan pengecualian."))
    else:
        try:
            services.permohonan_override(permohonan=p, aktor=request.user,
                                         aturan=form.cleaned_data["aturan"],
                                         alasan=form.cleaned_data["alasan"])
        except workflow.PermohonanError as exc:
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
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs)
                       or _("Pilih jenis dokumen dan berkasnya."))
    else:
        try:
            dok = services.dokumen_upload(permohonan=p, aktor=request.user,
                                          jenis=form.cleaned_data["jenis"],
                                          berkas=form.cleaned_data["berkas"])
        except workflow.PermohonanError as exc:
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
    except workflow.PermohonanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Dokumen %(nama)s dihapus.") % {"nama": d.nama_asli})
    return redirect("mutasi:detail", pk=p.pk)


@login_required
def permohonan_ganti_pegawai(request, pk):
    """BKD replaces the person of an objected organisational-need request (GET: the
    candidates; POST: the replacement, all or nothing)."""
    from . import tanggapan

    p = _get(request, pk)
    pegawai_access.require_bkd(request.user)
    if p.status != Status.KEBERATAN:
        messages.warning(request, _("Pegawai usulan hanya dapat diganti setelah pegawai "
                                    "menyatakan keberatan."))
        return redirect("mutasi:detail", pk=p.pk)
    kandidat = tanggapan.kandidat_pengganti(p)
    galat = ""
    if request.method == "POST":
        pilih = {str(k.pk): k for k in kandidat}.get(request.POST.get("pegawai", ""))
        catatan = (request.POST.get("catatan") or "").strip()[:2000]
        if pilih is None:
            galat = _("Pilih salah satu pegawai pengganti dari daftar.")
        else:
            try:
                baru = tanggapan.permohonan_ganti_pegawai(
                    permohonan=p, aktor=request.user, pegawai_baru=pilih, catatan=catatan)
            except workflow.PermohonanError as exc:
                galat = str(exc)
            else:
                messages.success(request, _(
                    "Permohonan #%(lama)s ditarik; usulan baru #%(baru)s untuk %(nama)s dibuat "
                    "sebagai draf. Lengkapi dokumennya lalu kirim ke pegawai untuk ditanggapi.")
                    % {"lama": p.pk, "baru": baru.pk, "nama": pilih.nama_lengkap})
                return redirect("mutasi:detail", pk=baru.pk)
    return render(request, "mutasi/ganti_pegawai.html",
                  {"p": p, "kandidat": kandidat, "galat": galat})
