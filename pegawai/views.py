from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import access, hooks
from .filters import PegawaiFilter
from .forms import KesediaanForm
from .models import ImporJob, Pegawai, RiwayatJabatan, UnitKerja
from .spreadsheet import xlsx_response
from .tabel import Kolom

PER_HALAMAN = 50
# The employee list's table (rows: _daftar_baris.html); sort keys of filters.URUTAN.
KOLOM_DAFTAR = (
    Kolom(gettext_lazy("NIP"), "nip"),
    Kolom(gettext_lazy("Nama"), "nama"),
    Kolom(gettext_lazy("Gol."), "golongan"),
    Kolom(gettext_lazy("Jabatan"), "jabatan"),
    Kolom(gettext_lazy("Unit kerja"), "unit"),
    Kolom(gettext_lazy("TMT jabatan"), "tmt"),
    Kolom(gettext_lazy("Status")),
)


@login_required
def beranda(request):
    """Home: what each role can do, with a few counts, and what waits for the user in the
    apps above (their panels, pegawai.hooks)."""
    ctx = {"pegawai": access.pegawai_of(request.user),
           "panels": hooks.panels("beranda", request)}
    if access.is_bkd(request.user):
        ctx["jumlah_pegawai"] = Pegawai.objects.filter(aktif=True).count()
        ctx["jumlah_unit"] = UnitKerja.objects.count()
        # The last imports: whether the one running in the background has finished.
        ctx["impor_terakhir"] = list(ImporJob.objects.defer("galat", "unit_berubah")[:3])
    elif access.is_kepala_unit(request.user):
        unit = access.unit_dipimpin(request.user)
        ctx["jumlah_pegawai"] = Pegawai.objects.aktif().di_subtree(unit).count()
    return render(request, "pegawai/beranda.html", ctx)


def _daftar_queryset(request):
    qs = Pegawai.objects.visible_to(request.user).select_related("unit", "jabatan")
    f = PegawaiFilter(request.GET, queryset=qs, user=request.user)
    qs = f.qs
    if not getattr(f.form, "cleaned_data", {}).get("urut"):
        qs = qs.order_by("nama", "id")
    return f, qs


@login_required
def pegawai_daftar(request):
    """Employee list: filters, sorting, pagination; scoped to the user's role."""
    access.require_kepala_or_bkd(request.user)
    f, qs = _daftar_queryset(request)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    page.object_list = list(page.object_list)  # evaluated once, whatever the template does
    return render(
        request,
        "pegawai/daftar.html",
        {
            "filter": f,
            "page": page,
            "kolom": KOLOM_DAFTAR,
            "urut": request.GET.get("urut", "nama"),
        },
    )


EKSPOR_KOLOM = [
    "NIP", "Nama", "Gelar depan", "Gelar belakang", "Status", "Golongan", "Jabatan",
    "Kode unit", "Unit kerja", "TMT jabatan", "Tanggal lahir", "Jenis kelamin", "Pendidikan",
    "Aktif",
]


@login_required
def pegawai_ekspor(request):
    """The filtered list as .xlsx (one query, streamed from the database in chunks)."""
    access.require_kepala_or_bkd(request.user)
    _f, qs = _daftar_queryset(request)
    rows = (
        (
            p.nip, p.nama, p.gelar_depan, p.gelar_belakang, p.status_asn, p.golongan,
            p.jabatan.nama, p.unit.kode, p.unit.nama, p.tmt_jabatan, p.tanggal_lahir,
            p.jenis_kelamin, p.pendidikan, "Ya" if p.aktif else "Tidak",
        )
        for p in qs.iterator(chunk_size=2000)
    )
    return xlsx_response("pegawai", [("Pegawai", EKSPOR_KOLOM, rows)])


def _detail(request, pegawai, judul, kesediaan_form=None):
    riwayat = (
        RiwayatJabatan.objects.filter(pegawai=pegawai)
        .select_related("unit", "jabatan")
        .order_by("-tmt_mulai", "-id")
    )
    return render(
        request,
        "pegawai/detail.html",
        {"p": pegawai, "riwayat": riwayat, "judul": judul,
         "kesediaan_form": kesediaan_form,
         "panels": hooks.panels("pegawai_detail", request, pegawai=pegawai)},
    )


@login_required
def pegawai_detail(request, nip):
    qs = Pegawai.objects.visible_to(request.user).select_related(
        "unit", "jabatan", "unit__induk"
    )
    pegawai = get_object_or_404(qs, nip=nip)
    return _detail(request, pegawai, pegawai.nama_lengkap)


@login_required
def profil_saya(request):
    pegawai = access.pegawai_of(request.user)
    if pegawai is None:
        raise Http404(_("Akun ini tidak terhubung dengan data pegawai."))
    # The employee says whether they are willing to move and where to; the balance planner
    # prefers willing people and their chosen units (docs/perencana.md).
    form = KesediaanForm(request.POST if request.method == "POST" else None, instance=pegawai)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Kesediaan mutasi Anda disimpan."))
            return redirect("pegawai:profil")
        messages.error(request, _("Kesediaan mutasi belum disimpan: periksa isian di bawah."))
    return _detail(request, pegawai, _("Profil saya"), kesediaan_form=form)


@login_required
def unit_pohon(request):
    """The unit tree with head counts (own unit and sub-units, and whole subtree)."""
    access.require_kepala_or_bkd(request.user)
    units = list(
        access.scope_unit(UnitKerja.objects.all(), request.user)
        .select_related("jabatan_kepala")
        .annotate(jumlah=Count("pegawai", filter=Q(pegawai__aktif=True)))
        .order_by("path")
    )
    # Subtree totals in Python: one pass from the deepest node up.
    total = {u.path: u.jumlah for u in units}
    for u in sorted(units, key=lambda u: -u.kedalaman):
        parent = u.path[: -7] if u.kedalaman else None
        if parent and parent in total:
            total[parent] += total[u.path]
    base = units[0].kedalaman if units else 0
    for u in units:
        u.jumlah_subtree = total[u.path]
        u.indent = u.kedalaman - base
    return render(request, "pegawai/unit_pohon.html", {"units": units})
