"""ABK entry: the tasks of one jabatan in one unit, edited as a formset with live totals."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pegawai import access
from pegawai.models import Jabatan, Pegawai, UnitKerja

from . import abk, services
from .models import PeriodeVolume, SatuanNorma, TugasJabatan
from .views import _periode, _semua_periode

MAKS_BARIS = 200


class TugasForm(forms.Form):
    uraian = forms.CharField(label=_l("Uraian tugas"), max_length=500)
    satuan_hasil = forms.CharField(label=_l("Satuan hasil"), max_length=60)
    volume = forms.DecimalField(label=_l("Volume"), min_value=0, max_digits=12,
                                decimal_places=2)
    periode_volume = forms.ChoiceField(label=_l("Volume per"), choices=PeriodeVolume.choices,
                                       initial=PeriodeVolume.TAHUN)
    norma_waktu = forms.DecimalField(label=_l("Norma waktu"), min_value=0, max_digits=10,
                                     decimal_places=2)
    satuan_norma = forms.ChoiceField(label=_l("Satuan norma"), choices=SatuanNorma.choices,
                                     initial=SatuanNorma.MENIT)


    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field, forms.ChoiceField) \
                else "form-control form-control-sm"
            field.widget.attrs.update({"class": css, "aria-label": str(field.label)})
            if isinstance(field, forms.DecimalField):
                field.widget.attrs.update({"step": "any", "inputmode": "decimal"})


TugasFormSet = forms.formset_factory(
    TugasForm, extra=1, can_delete=True, max_num=MAKS_BARIS, validate_max=True
)


def _unit_for(request, pk):
    access.require_kepala_or_bkd(request.user)
    return get_object_or_404(access.scope_unit(UnitKerja.objects.all(), request.user), pk=pk)


@login_required
def abk_unit(request, pk):
    """A unit's ABK for a periode: its jabatan with task count, workload and staff in post."""
    unit = _unit_for(request, pk)
    periode = _periode(request)
    if periode is None:
        raise Http404(_("Belum ada periode ABK."))
    tugas = {
        r["jabatan"]: r
        for r in TugasJabatan.objects.filter(periode=periode, unit=unit)
        .values("jabatan")
        .annotate(n=Count("id"), beban=Sum("beban_menit"))
    }
    bezetting = dict(
        Pegawai.objects.filter(unit=unit, aktif=True)
        .values_list("jabatan")
        .annotate(n=Count("id"))
    )
    ids = set(tugas) | set(bezetting)
    jabatan = {j.pk: j for j in Jabatan.objects.filter(pk__in=ids)}
    s = periode.settings
    rows = []
    for jid in sorted(ids, key=lambda i: (-jabatan[i].kelas, jabatan[i].nama)):
        beban = tugas.get(jid, {}).get("beban") or 0
        rows.append({
            "jabatan": jabatan[jid],
            "jumlah_tugas": tugas.get(jid, {}).get("n", 0),
            "beban": beban,
            "kebutuhan_exact": abk.round4(Decimal(beban) / s.wke_menit),
            "bezetting": bezetting.get(jid, 0),
        })
    return render(request, "bebankerja/abk_unit.html", {
        "unit": unit, "periode": periode, "rows": rows, "semua_periode": _semua_periode(),
        "bisa_ubah": access.is_bkd(request.user),
        "pilihan_jabatan": Jabatan.objects.exclude(pk__in=ids).only("id", "nama", "kelas")
        if access.is_bkd(request.user) else [],
    })


@login_required
def abk_jabatan(request, pk, jabatan_pk):
    """Tasks of one jabatan in one unit: BKD edits (all rows replaced at once), heads read."""
    unit = _unit_for(request, pk)
    jabatan = get_object_or_404(Jabatan, pk=jabatan_pk)
    periode = _periode(request)  # ?periode=YYYY, on the form's action too, else the active one
    if periode is None:
        raise Http404(_("Belum ada periode ABK."))
    bisa_ubah = access.is_bkd(request.user)
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
                                            rows=rows)
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
    bezetting = Pegawai.objects.filter(unit=unit, jabatan=jabatan, aktif=True).count()
    return render(request, "bebankerja/abk_jabatan.html", {
        "unit": unit, "jabatan": jabatan, "periode": periode, "formset": formset,
        "bisa_ubah": bisa_ubah, "bezetting": bezetting, "tugas": list(qs),
        "settings_abk": periode.settings, "semua_periode": _semua_periode(),
    })
