"""ABK entry: the tasks of one jabatan in one unit, edited as a formset with live totals."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pegawai import access
from pegawai.models import Jabatan, UnitKerja

from . import abk, selectors, services
from . import access as abk_access
from .forms import TugasFormSet
from .models import TugasJabatan
from .views import periode_diminta


def _unit_for(request, pk):
    abk_access.require_lihat_abk(request.user)
    return get_object_or_404(access.scope_unit(UnitKerja.objects.all(), request.user), pk=pk)


@login_required
def abk_unit(request, pk):
    """A unit's ABK for a periode: its jabatan with task count, workload and staff in post."""
    unit = _unit_for(request, pk)
    periode = periode_diminta(request)
    if periode is None:
        raise Http404(_("Belum ada periode ABK."))
    langsung = selectors.abk_langsung(periode=periode, unit_ids=[unit.pk])
    hasil = {j: h for (_u, j), h in langsung.hasil.items()}
    ids = set(hasil)
    jabatan = {j.pk: j for j in Jabatan.objects.filter(pk__in=ids)}
    rows = []
    for jid in sorted(ids, key=lambda i: (-jabatan[i].kelas, jabatan[i].nama)):
        h = hasil[jid]
        rows.append({
            "jabatan": jabatan[jid],
            "jumlah_tugas": langsung.jumlah_tugas.get((unit.pk, jid), 0),
            "beban": h.beban_menit,
            "kebutuhan_exact": abk.round4(h.kebutuhan_exact),
            "bezetting": h.bezetting,
        })
    return render(request, "bebankerja/abk_unit.html", {
        "unit": unit, "periode": periode, "rows": rows, "semua_periode": selectors.semua_periode(),
        "bisa_ubah": abk_access.boleh_ubah_abk(request.user),
        "pilihan_jabatan": Jabatan.objects.exclude(pk__in=ids).only("id", "nama", "kelas")
        if abk_access.boleh_ubah_abk(request.user) else [],
    })


@login_required
def abk_jabatan(request, pk, jabatan_pk):
    """Tasks of one jabatan in one unit: BKD edits (all rows replaced at once), heads read."""
    unit = _unit_for(request, pk)
    jabatan = get_object_or_404(Jabatan, pk=jabatan_pk)
    # ?periode=YYYY, on the form's action too, else the active one
    periode = periode_diminta(request)
    if periode is None:
        raise Http404(_("Belum ada periode ABK."))
    bisa_ubah = abk_access.boleh_ubah_abk(request.user)
    qs = TugasJabatan.objects.filter(periode=periode, unit=unit, jabatan=jabatan).order_by(
        "urutan", "id"
    )
    if request.method == "POST":
        if not bisa_ubah:
            raise PermissionDenied
        formset = TugasFormSet(request.POST, prefix="tugas")
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                services.tugas_bulk_replace(periode=periode, unit=unit, jabatan=jabatan,
                                            rows=rows, aktor=request.user)
            except ValidationError as e:
                for m in e.messages:
                    messages.error(request, m)
            else:
                messages.success(request, _(
                    "Tugas jabatan %(j)s di %(u)s disimpan (%(n)s baris). Angka keseimbangan "
                    "dihitung ulang."
                ) % {"j": jabatan.nama, "u": unit.nama, "n": len(rows)})
                return redirect(f"{request.path}?periode={periode.tahun}")
        else:
            messages.error(request, _("Periksa baris yang ditandai merah; tidak ada yang "
                                      "disimpan."))
    else:
        formset = TugasFormSet(prefix="tugas", initial=[
            {f: getattr(t, f) for f in ("uraian", "satuan_hasil", "volume", "periode_volume",
                                        "norma_waktu", "satuan_norma")}
            for t in qs
        ])
    bezetting = selectors.bezetting_per_jabatan(unit_ids=[unit.pk]).get((unit.pk, jabatan.pk), 0)
    return render(request, "bebankerja/abk_jabatan.html", {
        "unit": unit, "jabatan": jabatan, "periode": periode, "formset": formset,
        "bisa_ubah": bisa_ubah, "bezetting": bezetting, "tugas": list(qs),
        "settings_abk": periode.settings, "semua_periode": selectors.semua_periode(),
    })
