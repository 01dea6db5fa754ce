"""Proyeksi kebutuhan (BKD): retirements per jabatan over five years, the shortage they leave,
and the formation need (usulan kebutuhan ASN) as Excel. Arithmetic in `proyeksi.py`."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.models import Jabatan, JenisJabatan
from pegawai.spreadsheet import xlsx_response

from . import access as abk_access
from . import selectors
from .proyeksi import TAHUN_PROYEKSI, baca_proyeksi
from .views import periode_diminta

PER_HALAMAN = 50
URUTAN = {
    "jabatan": lambda b: (b.jabatan.nama.casefold(), b.jabatan_id),
    "pensiun": lambda b: (b.pensiun_total, b.jabatan.nama.casefold()),
    "formasi": lambda b: (b.kebutuhan_formasi, b.jabatan.nama.casefold()),
}
URUT_BAKU = "-formasi"


def _data(request):
    abk_access.require_lihat_rencana(request.user)
    periode = periode_diminta(request)
    if periode is None:
        return None, None, []
    tahun_awal = timezone.localdate().year
    baris = baca_proyeksi(periode=periode, tahun_awal=tahun_awal)
    jabatan = Jabatan.objects.in_bulk([b.jabatan_id for b in baris])
    baris = [replace(b, jabatan=jabatan[b.jabatan_id]) for b in baris]
    jenis = request.GET.get("jenis") or ""
    if jenis and jenis in JenisJabatan.values:
        baris = [b for b in baris if b.jabatan.jenis == jenis]
    q = (request.GET.get("q") or "").strip().casefold()
    if q:
        baris = [b for b in baris if q in b.jabatan.nama.casefold()]
    if request.GET.get("hanya_kurang"):
        baris = [b for b in baris if b.kebutuhan_formasi > 0]
    urut = request.GET.get("urut") or URUT_BAKU
    if urut.lstrip("-") not in URUTAN:
        urut = URUT_BAKU
    baris.sort(key=URUTAN[urut.lstrip("-")], reverse=urut.startswith("-"))
    return periode, tahun_awal, baris


@login_required
def proyeksi(request):
    periode, tahun_awal, baris = _data(request)
    ctx = {"periode": periode, "semua_periode": selectors.semua_periode(),
           "jenis_pilihan": JenisJabatan.choices, "jumlah_tahun": TAHUN_PROYEKSI}
    if periode is not None:
        ctx.update(
            tahun=[tahun_awal + i for i in range(TAHUN_PROYEKSI)],
            urut=request.GET.get("urut") or URUT_BAKU,
            total_pensiun=sum(b.pensiun_total for b in baris),
            total_formasi=sum(b.kebutuhan_formasi for b in baris),
            total_kurang=sum(b.kurang_sekarang for b in baris),
        )
        if request.GET.get("cetak"):
            ctx["baris"] = baris
            return render(request, "bebankerja/proyeksi_cetak.html", ctx)
        ctx["page"] = Paginator(baris, PER_HALAMAN).get_page(request.GET.get("halaman"))
    return render(request, "bebankerja/proyeksi.html", ctx)


@login_required
def proyeksi_ekspor(request):
    """Usulan kebutuhan ASN: the filtered projection as .xlsx."""
    periode, tahun_awal, baris = _data(request)
    if periode is None:
        raise Http404(_("Belum ada periode ABK."))
    tahun = [tahun_awal + i for i in range(TAHUN_PROYEKSI)]
    header = ([_("Jabatan"), _("Jenis"), _("Kelas"), _("Pendidikan minimal"), _("Kebutuhan"),
               _("Bezetting"), _("Kekurangan sekarang")]
              + [_("Pensiun %(t)s") % {"t": t} for t in tahun]
              + [_("Kekurangan akhir %(t)s (usulan formasi)") % {"t": tahun[-1]}])
    rows = (
        [b.jabatan.nama, b.jabatan.get_jenis_display(), b.jabatan.kelas,
         b.jabatan.get_pendidikan_minimal_display(), b.kebutuhan, b.bezetting, b.kurang_sekarang,
         *b.pensiun, b.kebutuhan_formasi]
        for b in baris
    )
    info = [(_("Periode ABK"), periode.tahun), (_("Tahun awal proyeksi"), tahun_awal),
            (_("Aturan"), _("Pensiun pada TMT pensiun: hari pertama bulan sesudah ulang tahun "
                            "ke-BUP (58/60/65 menurut jabatan). Kekurangan dihitung se-Pemda "
                            "per jabatan; tidak ada pegawai baru yang dihitung."))]
    return xlsx_response(f"usulan-kebutuhan-asn-{periode.tahun}", [
        (_("Usulan kebutuhan ASN"), header, rows),
        (_("Keterangan"), [_("Butir"), _("Nilai")], info),
    ])
