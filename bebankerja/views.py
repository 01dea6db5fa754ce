"""Balance dashboard and drill-down (unit → peta jabatan → employees in post)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pegawai import access
from pegawai.models import Jabatan, Pegawai, UnitKerja
from pegawai.spreadsheet import xlsx_response
from pegawai.tabel import Kolom

from . import abk, selectors
from . import access as abk_access
from .filters import SnapshotUnitFilter
from .models import PeriodeAbk, SnapshotUnit

PER_HALAMAN = 50
GRADES = ["A", "B", "C", "D", "E"]
# The dashboard's table (rows: _dasbor_baris.html); sort keys of filters.SnapshotUnitFilter.
KOLOM_DASBOR = (
    Kolom(gettext_lazy("Unit kerja"), "nama"),
    Kolom(gettext_lazy("OPD")),
    Kolom(gettext_lazy("Kebutuhan"), "kebutuhan", "text-end"),
    Kolom(gettext_lazy("Bezetting"), "bezetting", "text-end"),
    Kolom(gettext_lazy("Selisih"), "selisih", "text-end"),
    Kolom(gettext_lazy("EU"), "eu", "text-end"),
    Kolom(gettext_lazy("PJ"), "grade"),
    Kolom(gettext_lazy("Dihitung")),
)


def periode_diminta(request: HttpRequest) -> PeriodeAbk | None:
    """The periode asked for (?periode=YYYY) or the active one; None when there is none."""
    tahun = request.GET.get("periode")
    if tahun:
        if not tahun.isdigit():
            raise Http404(_("Periode tidak dikenal."))
        return get_object_or_404(PeriodeAbk, tahun=int(tahun))
    return selectors.periode_aktif()


def _filtered(request, periode):
    qs = selectors.snapshot_units(user=request.user, periode=periode)
    f = SnapshotUnitFilter(request.GET or None, queryset=qs, user=request.user)
    return f, f.qs


def _fmt(v):
    return abk.round4(v) if v is not None else None


@login_required
def dasbor(request):
    """BKD's balance dashboard; a unit head gets the same view of their subtree."""
    abk_access.require_lihat_abk(request.user)
    periode = periode_diminta(request)
    ctx = {"periode": periode, "semua_periode": selectors.semua_periode()}
    if periode is None:
        return render(request, "bebankerja/dasbor.html", ctx)
    f, qs = _filtered(request, periode)
    if request.GET.get("cetak"):
        ctx.update(filter=f, rows=list(qs), rekap=selectors.rekap(qs, periode=periode))
        return render(request, "bebankerja/dasbor_cetak.html", ctx)
    page = Paginator(qs, PER_HALAMAN).get_page(request.GET.get("halaman"))
    page.object_list = list(page.object_list)
    dist = dict(qs.order_by().values_list("grade").annotate(n=Count("id")))
    kurang = list(qs.filter(selisih__lt=0).order_by("selisih", "unit__path")[:15])
    lebih = list(qs.filter(selisih__gt=0).order_by("-selisih", "unit__path")[:15])
    gap = kurang + lebih[::-1]
    indeks = selectors.indeks_terkini(periode=periode) if access.is_bkd(request.user) else None
    riwayat = selectors.indeks_riwayat(periode=periode, batas=60) if indeks else []
    ctx.update(
        filter=f,
        page=page,
        kolom=KOLOM_DASBOR,
        rekap=selectors.rekap(qs, periode=periode),
        indeks=indeks,
        chart_trend={
            "labels": [timezone.localtime(r.dihitung).strftime("%d/%m %H:%M") for r in riwayat],
            "skor": [float(r.skor) for r in riwayat],
            "pindah": [r.pindah_diperlukan for r in riwayat],
        },
        chart_gap={
            "labels": [r.unit.nama for r in gap],
            "selisih": [r.selisih for r in gap],
        },
        chart_grade={
            "labels": GRADES + [_("kosong")],
            "jumlah": [dist.get(g, 0) for g in GRADES] + [dist.get("", 0)],
        },
        urut=request.GET.get("urut", "unit"),
        settings_abk=periode.settings,
    )
    return render(request, "bebankerja/dasbor.html", ctx)


@login_required
def dasbor_ekspor(request):
    abk_access.require_lihat_abk(request.user)
    periode = periode_diminta(request)
    if periode is None:
        raise Http404(_("Belum ada periode ABK."))
    _f, qs = _filtered(request, periode)
    header = ["Kode unit", "Unit kerja", "OPD", "Jenis", "Beban (menit/tahun)", "Kebutuhan",
              "Bezetting", "Selisih", "EU", "PJ", "Dihitung"]
    rows = (
        (r.unit.kode, r.unit.nama, r.opd.nama if r.opd else "", r.jenis, r.beban_menit,
         r.kebutuhan, r.bezetting, r.selisih, r.eu, r.grade,
         timezone.localtime(r.dihitung).replace(tzinfo=None))
        for r in qs.iterator(chunk_size=2000)
    )
    return xlsx_response(f"abk-{periode.tahun}-unit", [("Unit", header, rows)])


def _scoped_unit(request, pk):
    abk_access.require_lihat_abk(request.user)
    return get_object_or_404(
        access.scope_unit(UnitKerja.objects.select_related("induk"), request.user), pk=pk
    )


@login_required
def unit_peta(request, pk):
    """Drill-down: one unit's figures, its peta jabatan and its direct sub-units."""
    unit = _scoped_unit(request, pk)
    periode = periode_diminta(request)
    ctx = {"unit": unit, "periode": periode, "semua_periode": selectors.semua_periode()}
    if periode is not None:
        ctx["snap"] = SnapshotUnit.objects.filter(periode=periode, unit=unit).first()
        ctx["peta"] = list(selectors.peta_jabatan(unit=unit, periode=periode))
        sub = selectors.snapshot_units(user=request.user, periode=periode).filter(
            unit__path__startswith=unit.path
        )
        ctx["rekap_subtree"] = selectors.rekap(sub, periode=periode)
        # An OPD such as Dinas Pendidikan has >1,000 schools: page its sub-units.
        ctx["anak"] = Paginator(sub.filter(unit__induk=unit), PER_HALAMAN).get_page(
            request.GET.get("halaman")
        )
        ctx["anak"].object_list = list(ctx["anak"].object_list)
        ctx["settings_abk"] = periode.settings
    ctx["induk"] = (
        unit.induk if unit.induk_id and access.scope_unit(
            UnitKerja.objects.filter(pk=unit.induk_id), request.user).exists() else None
    )
    if request.GET.get("cetak"):
        return render(request, "bebankerja/unit_peta_cetak.html", ctx)
    return render(request, "bebankerja/unit_peta.html", ctx)


@login_required
def unit_peta_ekspor(request, pk):
    unit = _scoped_unit(request, pk)
    periode = periode_diminta(request)
    if periode is None:
        raise Http404(_("Belum ada periode ABK."))
    header = ["Jabatan", "Kelas", "Beban (menit/tahun)", "Kebutuhan (pecahan)", "Kebutuhan",
              "Bezetting", "Selisih", "EJ", "PJ"]
    rows = (
        (r.jabatan.nama, r.jabatan.kelas, r.beban_menit, r.kebutuhan_exact, r.kebutuhan,
         r.bezetting, r.selisih, r.ej, r.grade)
        for r in selectors.peta_jabatan(unit=unit, periode=periode)
    )
    return xlsx_response(f"peta-jabatan-{unit.kode}-{periode.tahun}",
                         [("Peta jabatan", header, rows)])


@login_required
def unit_jabatan_pegawai(request, pk, jabatan_pk):
    """The employees in post for one jabatan in one unit (the bezetting behind a figure)."""
    unit = _scoped_unit(request, pk)
    jabatan = get_object_or_404(Jabatan, pk=jabatan_pk)
    pegawai = list(
        Pegawai.objects.filter(unit=unit, jabatan=jabatan, aktif=True)
        .select_related("jabatan", "unit")
        .order_by("nama")
    )
    return render(
        request,
        "bebankerja/unit_jabatan_pegawai.html",
        {"unit": unit, "jabatan": jabatan, "pegawai_list": pegawai},
    )
