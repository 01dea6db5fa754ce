"""Transfer-request panels on pegawai's pages (registered in MutasiConfig.ready): on the
home page, what waits for a head or BKD to decide and the employee's own requests; on an
employee's detail page, that employee's requests the viewer may see."""

from bebankerja.selectors import unit_kekurangan
from pegawai import access

from . import selectors
from .models import Status

BARIS_MENUNGGU = 5
BARIS_MILIK = 3


def beranda(request):
    """Context of mutasi/_beranda.html, or None for a user with nothing here."""
    user = request.user
    pegawai = access.pegawai_of(user)
    memutus = access.is_bkd(user) or access.is_kepala_unit(user)
    if pegawai is None and not memutus:
        return None
    ctx = {"template": "mutasi/_beranda.html", "urutan": 10, "memutus": memutus,
           "pegawai_sendiri": pegawai}
    if memutus:
        # Oldest first, as the queue shows them; the total is the nav badge's count.
        ctx["menunggu_rows"] = list(
            selectors.permohonan_menunggu(user=user)[:BARIS_MENUNGGU])
    if pegawai is not None:
        ctx["milik"] = list(selectors.permohonan_milik(user=user)[:BARIS_MILIK])
        ctx["aktif"] = selectors.permohonan_aktif(pegawai=pegawai)
        # An organisational-need transfer waiting for the employee's answer comes first.
        aktif = ctx["aktif"]
        ctx["perlu_tanggapan"] = (
            aktif if aktif is not None and aktif.status == Status.MENUNGGU_PEGAWAI else None)
        if not memutus:
            # "Di mana Anda dibutuhkan": units most short of the employee's own jabatan (one
            # they are competent for by definition), from the active ABK snapshot.
            ctx["dibutuhkan"] = unit_kekurangan(jabatan=pegawai.jabatan,
                                                kecuali_unit_id=pegawai.unit_id, batas=5)
    return ctx


BARIS_DETAIL = 10


def pegawai_detail(request, *, pegawai):
    """Context of mutasi/_pegawai_detail.html: the employee's requests that the viewer may
    see (newest first), and for BKD the way to file one for organisational need."""
    qs = selectors.permohonan_list(user=request.user).filter(pegawai=pegawai)
    rows = list(qs[:BARIS_DETAIL + 1])
    return {"template": "mutasi/_pegawai_detail.html", "urutan": 10,
            "rows": rows[:BARIS_DETAIL], "lebih": len(rows) > BARIS_DETAIL, "batas": BARIS_DETAIL,
            "bkd": access.is_bkd(request.user), "pegawai": pegawai}
