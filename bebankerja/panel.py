"""Workload panels on pegawai's pages (registered in BebankerjaConfig.ready): on the home
page, the Pemda balance for BKD and the balance of their unit and sub-units for a unit
head."""

from pegawai import access

from . import selectors


def beranda(request):
    """Context of bebankerja/_beranda.html, or None for a user with nothing here."""
    user = request.user
    bkd = access.is_bkd(user)
    unit = None if bkd else access.unit_dipimpin(user)
    if not bkd and unit is None:
        return None
    periode = selectors.periode_aktif()
    ctx = {"template": "bebankerja/_beranda.html", "urutan": 20, "bkd": bkd, "unit": unit,
           "periode": periode}
    if periode is None:
        return ctx
    if bkd:
        ctx["indeks"] = selectors.indeks_terkini(periode=periode)
    else:
        ctx["rekap"] = selectors.rekap(selectors.snapshot_units(user=user, periode=periode),
                                       periode=periode)
    return ctx
