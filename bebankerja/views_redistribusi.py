"""Rencana redistribusi: the ABK snapshot turned into suggested same-jabatan moves (BKD only).

The plan is computed over the whole Pemda from a periode's snapshot, the active one unless
`?periode=YYYY` asks for another, like every ABK page
(`selectors.rencana_dari_snapshot` → `redistribusi.rencana_redistribusi`); the filters only
narrow what is shown, so the header figures never change with them. The page proposes;
BKD decides, and a request made from it still goes through every eligibility rule of mutasi.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pegawai.spreadsheet import xlsx_response
from pegawai.tabel import Kolom

from . import access as abk_access
from . import selectors
from .forms import SaringanForm
from .views import periode_diminta

PER_HALAMAN = 50

URUTAN = {
    "jumlah": lambda b: (b.jumlah,),
    "jabatan": lambda b: (b.jabatan_nama.casefold(), b.jabatan_id),
    "dari": lambda b: (b.dari.nama.casefold(), b.dari.id),
    "ke": lambda b: (b.ke.nama.casefold(), b.ke.id),
}
URUT_BAKU = "jabatan"  # URUTAN's keys are forms.URUT_KOLOM
# The plan's table (rows: _redistribusi_baris.html).
KOLOM = (
    Kolom(gettext_lazy("Jabatan"), "jabatan"),
    Kolom(gettext_lazy("Dari unit"), "dari"),
    Kolom(gettext_lazy("Ke unit"), "ke"),
    Kolom(gettext_lazy("Jumlah"), "jumlah", "text-end"),
    Kolom(gettext_lazy("Tindak lanjut")),
)


def _saring(request, tampil):
    """The rows the filters select, sorted; the form (with its errors) and the sort key."""
    form = SaringanForm(request.GET or None, tampil=tampil)
    baris = tampil.baris
    urut = URUT_BAKU
    d = {}
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        if d["opd"]:
            baris = [b for b in baris if d["opd"] in (b.dari.opd_id, b.ke.opd_id)]
        if d["jabatan"]:
            baris = [b for b in baris if b.jabatan_id == d["jabatan"]]
        if d["sama_opd"]:
            baris = [b for b in baris if b.sama_opd]
        urut = d["urut"] or URUT_BAKU
    elif form.is_bound:
        baris = []
    desc = urut.startswith("-")
    key = URUTAN[urut.lstrip("-")]
    # Stable sorts: the plan's own order (jabatan, same OPD first, largest first) breaks ties.
    baris = sorted(baris, key=key, reverse=desc)
    return form, baris, urut, d.get("jabatan")


SISA_TAMPIL = 20


def _sisa_per_jabatan(tampil):
    """[(jabatan name, RingkasanJabatan)] still short after the plan, largest first: what
    redistribution cannot fix (new formation or another jabatan is needed)."""
    return sorted(
        ((tampil.jabatan_nama[r.jabatan_id], r) for r in tampil.rencana.per_jabatan.values()
         if r.kekurangan_sisa > 0),
        key=lambda x: (-x[1].kekurangan_sisa, x[0], x[1].jabatan_id))


def _tampil_bkd(request):
    abk_access.require_lihat_rencana(request.user)
    periode = periode_diminta(request)
    return periode, (selectors.rencana_dari_snapshot(periode=periode) if periode else None)


@login_required
def redistribusi(request):
    """BKD's redistribution plan: who could move where, from a periode's ABK snapshot."""
    periode, tampil = _tampil_bkd(request)
    ctx = {"periode": periode, "semua_periode": selectors.semua_periode()}
    if tampil is None:
        return render(request, "bebankerja/redistribusi.html", ctx)
    form, baris, urut, _jabatan = _saring(request, tampil)
    sisa = _sisa_per_jabatan(tampil)
    ctx.update(tampil=tampil, rencana=tampil.rencana, form=form, urut=urut, kolom=KOLOM,
               jumlah_disaring=sum(b.jumlah for b in baris),
               sisa_per_jabatan=sisa[:SISA_TAMPIL], sisa_lainnya=max(0, len(sisa) - SISA_TAMPIL))
    if request.GET.get("cetak"):
        ctx["baris"] = baris
        return render(request, "bebankerja/redistribusi_cetak.html", ctx)
    page = Paginator(baris, PER_HALAMAN).get_page(request.GET.get("halaman"))
    ctx["page"] = page
    return render(request, "bebankerja/redistribusi.html", ctx)


@login_required
def redistribusi_ekspor(request):
    """The filtered plan as .xlsx: one sheet of moves, one of per-jabatan totals."""
    periode, tampil = _tampil_bkd(request)
    if tampil is None:
        raise Http404(_("Belum ada periode ABK."))
    _form, baris, _urut, jabatan = _saring(request, tampil)
    header = [_("Jabatan"), _("Dari unit"), _("OPD asal"), _("Ke unit"), _("OPD tujuan"),
              _("Jumlah"), _("Dalam OPD yang sama")]
    rows = (
        (b.jabatan_nama, b.dari.nama, b.dari.opd_nama, b.ke.nama, b.ke.opd_nama, b.jumlah,
         _("Ya") if b.sama_opd else _("Tidak"))
        for b in baris
    )
    ringkas_header = [_("Jabatan"), _("Kelebihan"), _("Kekurangan"), _("Dipindah"),
                      _("Kekurangan tersisa"), _("Kelebihan tersisa")]
    ringkas = (
        (tampil.jabatan_nama[r.jabatan_id], r.kelebihan, r.kekurangan, r.dipindah,
         r.kekurangan_sisa, r.kelebihan_sisa)
        for r in sorted(tampil.rencana.per_jabatan.values(),
                        key=lambda r: (tampil.jabatan_nama[r.jabatan_id], r.jabatan_id))
        if jabatan in (None, r.jabatan_id)
    )
    dihitung = tampil.dihitung_awal
    info = [(_("Periode"), periode.tahun),
            (_("Angka tertua dihitung"),
             timezone.localtime(dihitung).replace(tzinfo=None) if dihitung else "")]
    return xlsx_response(f"rencana-redistribusi-{periode.tahun}", [
        (_("Rencana redistribusi"), header, rows),
        (_("Per jabatan"), ringkas_header, ringkas),
        (_("Keterangan"), [_("Butir"), _("Nilai")], info),
    ])
