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


class TugasTerjadwalTanpaWorker:
    """Zero-setup mode (no broker: Celery eager, no beat): run beat's schedule in-process.

    `make run` starts no worker and no beat, so a decree's future TMT never took effect
    there. With `CELERY_TASK_ALWAYS_EAGER`, each beat entry (`CELERY_BEAT_SCHEDULE`) runs
    before the first request at which it is due — the daily TMT job once a day, on the first
    request after its time (and at the first request after start-up, to catch up) — using
    Celery's own schedule objects to decide. With a broker this middleware does nothing:
    the real beat runs the schedule.
    """

    def __init__(self, get_response):
        import threading

        self.get_response = get_response
        self.terakhir: dict[str, object] = {}
        self.kunci = threading.Lock()
        self.tugas_dimuat = False

    def __call__(self, request):
        from django.conf import settings

        if settings.TUGAS_TERJADWAL_DALAM_PROSES:
            self.jalankan_yang_jatuh_tempo()
        return self.get_response(request)

    def jalankan_yang_jatuh_tempo(self) -> list[str]:
        import logging

        from celery.schedules import schedule as jadwal_detik
        from django.conf import settings
        from django.utils import timezone

        from config.celery import app

        dijalankan: list[str] = []
        if not self.tugas_dimuat:  # the apps' tasks modules (autodiscovery), once
            app.loader.import_default_modules()
            self.tugas_dimuat = True
        if not self.kunci.acquire(blocking=False):
            return dijalankan  # another request is running them
        try:
            for nama, entri in settings.CELERY_BEAT_SCHEDULE.items():
                jadwal = entri["schedule"]
                if not hasattr(jadwal, "is_due"):
                    jadwal = jadwal_detik(run_every=jadwal)
                jadwal.app = app
                terakhir = self.terakhir.get(nama)
                if terakhir is not None and not jadwal.is_due(terakhir).is_due:
                    continue
                self.terakhir[nama] = timezone.now()
                try:
                    app.tasks[entri["task"]].apply(throw=True)
                    dijalankan.append(nama)
                except Exception:
                    logging.getLogger(__name__).exception("tugas terjadwal %s gagal", nama)
        finally:
            self.kunci.release()
        return dijalankan
