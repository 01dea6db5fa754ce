"""Perencana mutasi (BKD only): plan, inspect and edit scenarios, compare, file requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bebankerja.models import PeriodeAbk, TugasJabatan
from pegawai import access
from pegawai.models import Jabatan, Pegawai, UnitKerja
from pegawai.nip import normalize_nip
from pegawai.spreadsheet import xlsx_response

from .models import RencanaMutasi, Skenario, SkenarioPindah
from .perencana import ALASAN_TAK_TERTUTUP, data, layanan
from .perencana.forms import (
    BuatPermohonanForm,
    GantiPegawaiForm,
    OpsiRencanaForm,
    PerubahanAbkForm,
    PilihTugasForm,
    TambahPindahForm,
)

PER_HALAMAN = 50
DAFTAR_MAKS = 30
GRAFIK_UNIT = 15  # units in the before/after chart: the largest changes of selisih


@login_required
def beranda(request):
    """The options form (POST starts a plan) and the latest plans and scenarios."""
    access.require_bkd(request.user)
    aktif = PeriodeAbk.objects.filter(aktif=True).values_list("tahun", flat=True).first()
    form = OpsiRencanaForm(request.POST or None, initial={"periode": aktif,
                                                         "kecuali_kepala_unit": True})
    if request.method == "POST" and form.is_valid():
        try:
            rencana = layanan.rencana_buat(periode=form.periode_obj, opsi=form.opsi(),
                                           aktor=request.user)
        except data.DataError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Rencana #%(id)s sedang dihitung.") % {"id": rencana.pk})
            return redirect("mutasi:perencana_rencana", pk=rencana.pk)
    return render(request, "mutasi/perencana/beranda.html", {
        "form": form,
        "rencana_list": RencanaMutasi.objects.select_related("periode", "dibuat_oleh")
        [:DAFTAR_MAKS],
        "skenario_list": Skenario.objects.select_related("periode", "rencana")[:DAFTAR_MAKS],
        "periode_list": PeriodeAbk.objects.order_by("-tahun"),
    })


@login_required
def rencana_status(request, pk):
    """A plan's status; htmx polls the fragment every second while it runs."""
    access.require_bkd(request.user)
    rencana = get_object_or_404(RencanaMutasi.objects.select_related("periode", "dibuat_oleh"),
                                pk=pk)
    skenario = rencana.skenario.order_by("id").first() if not rencana.sedang_jalan else None
    ctx = {"rencana": rencana, "skenario": skenario}
    if request.headers.get("HX-Request"):
        return render(request, "mutasi/perencana/_rencana_status.html", ctx)
    return render(request, "mutasi/perencana/rencana.html", ctx)


@require_POST
@login_required
def skenario_baru(request):
    access.require_bkd(request.user)
    periode = PeriodeAbk.objects.filter(tahun=request.POST.get("periode") or 0).first() \
        if (request.POST.get("periode") or "").isdigit() else None
    if periode is None:
        messages.error(request, _("Pilih periode ABK untuk skenario."))
        return redirect("mutasi:perencana")
    try:
        sk = layanan.skenario_buat(nama=request.POST.get("nama", ""), periode=periode,
                                   aktor=request.user, catatan=request.POST.get("catatan", ""))
    except layanan.PerencanaError as e:
        messages.error(request, str(e))
        return redirect("mutasi:perencana")
    return redirect("mutasi:perencana_skenario", pk=sk.pk)


def _skenario(request, pk):
    access.require_bkd(request.user)
    return get_object_or_404(Skenario.objects.select_related("periode", "rencana"), pk=pk)


def _nama(ids_unit, ids_jabatan):
    units = dict(UnitKerja.objects.filter(pk__in=ids_unit).values_list("id", "nama"))
    jab = dict(Jabatan.objects.filter(pk__in=ids_jabatan).values_list("id", "nama"))
    return units, jab


def _konteks_skenario(sk, *, semua=False, halaman=None):
    ev = layanan.evaluasi_skenario(sk)
    basi = layanan.skenario_basi(sk)
    qs = (SkenarioPindah.objects.filter(skenario=sk)
          .select_related("pegawai", "dari_unit", "dari_jabatan", "ke_unit", "ke_jabatan")
          .order_by("urutan", "id"))
    if semua:
        page, baris = None, list(qs)
    else:
        page = Paginator(qs, PER_HALAMAN).get_page(halaman)
        baris = list(page.object_list)
    for m in baris:
        m.hasil = ev.pindah.get(m.pk)
        m.basi = [layanan.LABEL_BASI[k] for k in basi.pindah.get(m.pk, [])]
        m.alasan_label = [layanan.LABEL_ALASAN_PINDAH.get(a, a) for a in m.alasan]
    tt = sk.rencana.tak_tertutup if sk.rencana else []
    units, jab = _nama({r.id for r in ev.per_unit} | {t["unit_id"] for t in tt},
                       {r.id for r in ev.per_jabatan} | {t["jabatan_id"] for t in tt})
    _beri_nama(ev, units, jab)
    tak = [{**t, "unit": units.get(t["unit_id"], t["unit_id"]),
            "jabatan": jab.get(t["jabatan_id"], t["jabatan_id"]),
            "alasan_label": ALASAN_TAK_TERTUTUP.get(t["alasan"], t["alasan"]),
            "rincian_label": [(data.ALASAN_OPSI.get(k) or str(
                _aturan_label(k)), n) for k, n in t.get("rincian", [])]} for t in tt]
    return {"sk": sk, "ev": ev, "basi": basi, "page": page, "baris": baris, "tak": tak,
            "basi_jumlah": len(basi.pindah),
            "grafik_unit": _grafik_unit([(_("Sebelum"), ev, "sebelum"),
                                         (_("Sesudah"), ev, "sesudah")]),
            "grafik_indeks": _grafik_indeks([(_("Hari ini"), ev.indeks_sebelum),
                                             (_("Sesudah skenario"), ev.indeks_sesudah)])}


def _beri_nama(ev, units, jab):
    """Names on the evaluation's rows (the ABK changes' units and jabatan are always among
    the touched ones, so `units`/`jab` hold them)."""
    for r in ev.per_unit:
        r.nama = units.get(r.id, r.id)
    for r in ev.per_jabatan:
        r.nama = jab.get(r.id, r.id)
    for r in ev.abk:
        r.unit = units.get(r.unit_id, r.unit_id)
        r.jabatan = jab.get(r.jabatan_id, r.jabatan_id)


def _grafik_unit(seri):
    """Chart data: selisih per unit for each series (label, Evaluasi, "sebelum"/"sesudah"),
    over the GRAFIK_UNIT units whose selisih changes most in any of the evaluations.
    A unit a scenario does not touch keeps its figure of today in that series."""
    sebelum, sesudah, nama = {}, {}, {}
    for _label, ev, _s in seri:
        for r in ev.per_unit:
            sebelum.setdefault(r.id, r.selisih_sebelum)
            nama[r.id] = str(r.nama)
    for _label, ev, _s in seri:
        sesudah[id(ev)] = {r.id: r.selisih_sesudah for r in ev.per_unit}
    ubah = {u: max(abs(sesudah[id(ev)].get(u, sebelum[u]) - sebelum[u])
                   for _l, ev, _s in seri) for u in sebelum}
    pilih = sorted(sebelum, key=lambda u: (-ubah[u], nama[u]))[:GRAFIK_UNIT]
    return {"labels": [nama[u] for u in pilih],
            "seri": [{"label": str(label),
                      "data": [sebelum[u] if s == "sebelum" else sesudah[id(ev)].get(
                          u, sebelum[u]) for u in pilih]}
                     for label, ev, s in seri]}


def _grafik_indeks(seri):
    """Chart data: the Pemda score and imbalance of each (label, IndeksPemda)."""
    return {"labels": [str(label) for label, _i in seri],
            "skor": [float(round(i.skor, 2)) for _l, i in seri],
            "ketidakseimbangan": [i.ketidakseimbangan for _l, i in seri]}


def _aturan_label(kode):
    from .eligibility import ATURAN

    return ATURAN.get(kode, kode)


@login_required
def skenario_detail(request, pk):
    sk = _skenario(request, pk)
    ctx = _konteks_skenario(sk, semua=bool(request.GET.get("cetak")),
                            halaman=request.GET.get("halaman"))
    ctx |= {"tambah_form": TambahPindahForm(), "ganti_form": GantiPegawaiForm(),
            "permohonan_form": BuatPermohonanForm(),
            "abk_form": PerubahanAbkForm(auto_id="id_abk_%s")}
    if request.GET.get("cetak"):
        return render(request, "mutasi/perencana/skenario_cetak.html", ctx)
    # Step 1 of a task change: the unit and jabatan whose tasks to list (GET).
    pilih = PilihTugasForm(request.GET if "abk_unit" in request.GET else None,
                           auto_id="id_pilih_%s")
    ctx["pilih_form"] = pilih
    # Three forms offer every unit and jabatan: read each list once.
    for nama, field in (("unit", "ke_unit"), ("jabatan", "ke_jabatan")):
        pilihan = list(ctx["tambah_form"].fields[field].widget.choices)
        for f in (ctx["tambah_form"].fields[field], ctx["abk_form"].fields[nama],
                  pilih.fields["abk_" + nama]):
            f.widget.choices = pilihan
    if pilih.is_bound and pilih.is_valid():
        ctx["pilih_tugas"] = list(TugasJabatan.objects.filter(
            periode=sk.periode, unit=pilih.cleaned_data["abk_unit"],
            jabatan=pilih.cleaned_data["abk_jabatan"]).order_by("urutan", "id"))
    return render(request, "mutasi/perencana/skenario.html", ctx)


@login_required
def skenario_ekspor(request, pk):
    sk = _skenario(request, pk)
    ctx = _konteks_skenario(sk, semua=True)
    pindah = [(i, m.pegawai.nip, m.pegawai.nama_lengkap, m.dari_unit.nama, m.dari_jabatan.nama,
               m.ke_unit.nama, m.ke_jabatan.nama, ", ".join(m.alasan_label),
               _("ya") if m.hasil and m.hasil.layak else ", ".join(
                   m.hasil.gagal_label if m.hasil else []), "; ".join(m.basi))
              for i, m in enumerate(ctx["baris"], 1)]
    units = [(r.nama, r.kebutuhan_sebelum, r.bezetting_sebelum, r.bezetting_sesudah,
              r.selisih_sebelum, r.selisih_sesudah) for r in ctx["ev"].per_unit]
    jab = [(r.nama, r.lebih_sebelum, r.lebih_sesudah, r.kurang_sebelum, r.kurang_sesudah)
           for r in ctx["ev"].per_jabatan]
    tak = [(t["unit"], t["jabatan"], t["kurang"], t["alasan_label"]) for t in ctx["tak"]]
    ubah_abk = [(r.unit, r.jabatan, r.uraian or _("(kebutuhan jabatan)"), r.volume_lama,
                 r.volume_baru, r.norma_lama, r.norma_baru, r.kebutuhan_sebelum,
                 r.kebutuhan_sesudah, r.ej_sebelum, r.ej_sesudah) for r in ctx["ev"].abk]
    return xlsx_response(f"skenario-{sk.pk}", [
        (_("Pindah"), [_("No"), _("NIP"), _("Nama"), _("Unit asal"), _("Jabatan asal"),
                       _("Unit tujuan"), _("Jabatan tujuan"), _("Alasan"), _("Layak"),
                       _("Basi")], pindah),
        (_("Per unit"), [_("Unit"), _("Kebutuhan"), _("Bezetting sebelum"),
                         _("Bezetting sesudah"), _("Selisih sebelum"), _("Selisih sesudah")],
         units),
        (_("Per jabatan"), [_("Jabatan"), _("Kelebihan sebelum"), _("Kelebihan sesudah"),
                            _("Kekurangan sebelum"), _("Kekurangan sesudah")], jab),
        (_("Tak tertutup"), [_("Unit"), _("Jabatan"), _("Kurang"), _("Alasan")], tak),
        (_("Perubahan ABK"), [_("Unit"), _("Jabatan"), _("Tugas"), _("Volume lama"),
                              _("Volume baru"), _("Norma lama"), _("Norma baru"),
                              _("Kebutuhan sebelum"), _("Kebutuhan sesudah"), _("EJ sebelum"),
                              _("EJ sesudah")], ubah_abk),
    ])


def _pegawai_nip(nip):
    return Pegawai.objects.filter(nip=normalize_nip(nip or ""), aktif=True).first()


@require_POST
@login_required
def pindah_hapus(request, pk, pindah):
    sk = _skenario(request, pk)
    try:
        layanan.skenario_hapus_pindah(skenario=sk, pindah_id=pindah)
    except layanan.PerencanaError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Pindah dihapus dari skenario."))
    return redirect("mutasi:perencana_skenario", pk=sk.pk)


@require_POST
@login_required
def pindah_tambah(request, pk):
    sk = _skenario(request, pk)
    form = TambahPindahForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            messages.error(request, " ".join(errs))
        return redirect("mutasi:perencana_skenario", pk=sk.pk)
    peg = _pegawai_nip(form.cleaned_data["nip"])
    if peg is None:
        messages.error(request, _("Tidak ada pegawai aktif dengan NIP %(nip)s.")
                       % {"nip": form.cleaned_data["nip"]})
        return redirect("mutasi:perencana_skenario", pk=sk.pk)
    try:
        layanan.skenario_tambah_pindah(skenario=sk, pegawai=peg,
                                       ke_unit=form.cleaned_data["ke_unit"],
                                       ke_jabatan=form.cleaned_data["ke_jabatan"])
    except layanan.PerencanaError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Pindah %(nama)s ditambahkan.") % {"nama": peg.nama_lengkap})
    return redirect("mutasi:perencana_skenario", pk=sk.pk)


@require_POST
@login_required
def pindah_ganti(request, pk, pindah):
    sk = _skenario(request, pk)
    form = GantiPegawaiForm(request.POST)
    peg = _pegawai_nip(form.cleaned_data["nip"]) if form.is_valid() else None
    if peg is None:
        messages.error(request, _("Tidak ada pegawai aktif dengan NIP itu."))
        return redirect("mutasi:perencana_skenario", pk=sk.pk)
    try:
        layanan.skenario_ganti_pegawai(skenario=sk, pindah_id=pindah, pegawai=peg)
    except layanan.PerencanaError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Pegawai pada pindah diganti dengan %(nama)s.")
                         % {"nama": peg.nama_lengkap})
    return redirect("mutasi:perencana_skenario", pk=sk.pk)


@require_POST
@login_required
def buat_permohonan(request, pk):
    sk = _skenario(request, pk)
    form = BuatPermohonanForm(request.POST)
    form.is_valid()
    if request.POST.get("semua"):
        ids = list(SkenarioPindah.objects.filter(skenario=sk, permohonan__isnull=True)
                   .values_list("id", flat=True))
    else:
        ids = [i for i in request.POST.getlist("pindah") if i.isdigit()]
    try:
        dibuat = layanan.skenario_ke_permohonan(
            sk, ids, request.user,
            alasan_pengecualian=form.cleaned_data.get("alasan_pengecualian"))
    except layanan.PerencanaError as e:
        messages.error(request, str(e))
        for baris in e.rincian[:20]:
            messages.warning(request, baris)
    else:
        messages.success(request, _("%(n)s draf permohonan mutasi karena kebutuhan organisasi "
                                    "dibuat.") % {"n": len(dibuat)})
    return redirect("mutasi:perencana_skenario", pk=sk.pk)


@require_POST
@login_required
def abk_tambah(request, pk):
    """Add (or replace) one ABK change of the scenario; nothing written on bad input."""
    sk = _skenario(request, pk)
    form = PerubahanAbkForm(request.POST)
    if not form.is_valid():
        for errs in form.errors.values():
            messages.error(request, " ".join(errs))
        return redirect("mutasi:perencana_skenario", pk=sk.pk)
    d = form.cleaned_data
    try:
        layanan.skenario_abk_simpan(skenario=sk, unit=d["unit"], jabatan=d["jabatan"],
                                    kebutuhan_baru=d.get("kebutuhan_baru"), tugas=d.get("tugas"),
                                    volume_baru=d.get("volume_baru"),
                                    norma_baru=d.get("norma_baru"))
    except layanan.PerencanaError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Perubahan ABK %(j)s di %(u)s disimpan di skenario.")
                         % {"j": d["jabatan"], "u": d["unit"]})
    return redirect("mutasi:perencana_skenario", pk=sk.pk)


@require_POST
@login_required
def abk_hapus(request, pk, abk):
    sk = _skenario(request, pk)
    try:
        layanan.skenario_abk_hapus(skenario=sk, abk_id=abk)
    except layanan.PerencanaError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Perubahan ABK dihapus dari skenario."))
    return redirect("mutasi:perencana_skenario", pk=sk.pk)


@login_required
def banding(request):
    """Two scenarios side by side, with today."""
    access.require_bkd(request.user)
    pilihan = Skenario.objects.select_related("periode")[:100]
    a_id, b_id = request.GET.get("a", ""), request.GET.get("b", "")
    hasil = None
    if a_id or b_id:
        if not (a_id.isdigit() and b_id.isdigit()):
            raise Http404
        a = get_object_or_404(Skenario.objects.select_related("periode"), pk=a_id)
        b = get_object_or_404(Skenario.objects.select_related("periode"), pk=b_id)
        hasil = {"sk_a": a, "sk_b": b, **layanan.bandingkan_skenario(a, b)}
        ea, eb = hasil["a"], hasil["b"]
        units, jab = _nama({r.id for r in ea.per_unit + eb.per_unit},
                           {r.id for r in ea.per_jabatan + eb.per_jabatan})
        _beri_nama(ea, units, jab)
        _beri_nama(eb, units, jab)
        hasil["grafik_unit"] = _grafik_unit([(_("Hari ini"), ea, "sebelum"),
                                             (a.nama, ea, "sesudah"), (b.nama, eb, "sesudah")])
        g = hasil["grafik_unit"]
        hasil["tabel_unit"] = list(zip(g["labels"], zip(*[x["data"] for x in g["seri"]],
                                                        strict=True), strict=True))
        hasil["grafik_indeks"] = _grafik_indeks([(_("Hari ini"), hasil["hari_ini"]),
                                                 (a.nama, ea.indeks_sesudah),
                                                 (b.nama, eb.indeks_sesudah)])
    return render(request, "mutasi/perencana/banding.html", {
        "pilihan": pilihan, "hasil": hasil, "a_id": a_id, "b_id": b_id})
