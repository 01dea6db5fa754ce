"""Project-wide request guards."""

from django.http import HttpResponseBadRequest
from django.template import loader
from django.utils.translation import gettext as _

NUL = "\x00"


def _mengandung_nul(request) -> str | None:
    """Where a NUL character sits in the request, or None. PostgreSQL refuses NUL in text,
    so a NUL that reached a query raised a 500 (probe: `/pegawai/%00/`, `?nip=%00`)."""
    if NUL in request.path:
        return _("alamat halaman")
    for kunci, nilai in request.GET.lists():
        if NUL in kunci or any(NUL in v for v in nilai):
            return _("parameter %(p)s") % {"p": kunci.replace(NUL, "") or "?"}
    if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        for kunci, nilai in request.POST.lists():
            if NUL in kunci or any(isinstance(v, str) and NUL in v for v in nilai):
                return _("isian %(p)s") % {"p": kunci.replace(NUL, "") or "?"}
    return None


class TolakKarakterNul:
    """Answer 400 with a message in Bahasa Indonesia to any request carrying a NUL character
    in its path, a query parameter or a form field, before any view or query sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        letak = _mengandung_nul(request)
        if letak is not None:
            pesan = _("Permintaan ditolak: %(letak)s berisi karakter NUL (kode 0) yang tidak "
                      "sah. Periksa alamat atau isian lalu coba lagi.") % {"letak": letak}
            html = loader.render_to_string("400.html", {"pesan": pesan}, request)
            return HttpResponseBadRequest(html)
        return self.get_response(request)
