"""Transfers (issue 4): from BKD's approval request to the dashboard showing both units' new
figures, through a real Celery worker over Redis.

The bench runs Celery in-process (run.py drops CELERY_BROKER_URL so that nothing reaches a
worker attached to another database). This area needs its own Redis database, given as
BENCH_CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/9); its queue is purged first. Without
it the figure is SKIP. See bench/README.md, area `mutasi`.
"""

from __future__ import annotations

import contextlib
import os
import time

from bench import dataset
from bench.core import Figure, p50, percentile

ORDER = 30

FIGURES = [
    Figure("approval_to_dashboard_p95_ms", "ms", max=1000,
           desc="POST persetujuan BKD → worker Celery menghitung ulang kedua unit → dasbor "
                "unit menampilkan angka baru, p95 dari 50 persetujuan"),
    Figure("approval_to_dashboard_p50_ms", "ms", desc="idem, p50"),
    Figure("approval_request_p50_ms", "ms",
           desc="POST persetujuan BKD saja (sampai redirect), p50"),
]

N_APPROVALS = 50
WARMUPS = 3
TUNGGU_DETIK = 20
POLL_DETIK = 0.005
PEMOHON = "bench_pemohon"


def two_units():
    """The two units with the most active employees (the heaviest 2-unit recompute)."""
    from django.db.models import Count

    from pegawai.models import Pegawai

    rows = (Pegawai.objects.filter(aktif=True).order_by().values("unit_id")
            .annotate(n=Count("id")).order_by("-n", "unit_id")[:2])
    return [r["unit_id"] for r in rows]


def requests_approvable(a, b, n):
    """`n` requests of employees of unit a to unit b, waiting for BKD (diterima_tujuan).

    Built directly with every eligibility rule excepted: the bench times the approval and
    the recompute, not whether random employees qualify.
    """
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from mutasi.eligibility import ATURAN
    from mutasi.models import AsalPermohonan, PermohonanMutasi, RiwayatPermohonan, Status
    from pegawai.models import Pegawai

    pemohon, _c = get_user_model().objects.get_or_create(username=PEMOHON)
    now = timezone.now()
    orang = list(Pegawai.objects.filter(unit_id=a, aktif=True).order_by("id")[:n])
    if len(orang) < n:
        raise RuntimeError(f"unit {a} hanya memiliki {len(orang)} pegawai aktif, perlu {n}")
    out = []
    for peg in orang:
        p = PermohonanMutasi.objects.create(
            pegawai=peg, unit_asal_id=a, jabatan_asal_id=peg.jabatan_id, unit_tujuan_id=b,
            jabatan_tujuan_id=peg.jabatan_id, asal_permohonan=AsalPermohonan.PERMINTAAN_SENDIRI,
            alasan="pengembangan_karier", justifikasi="Bench.", status=Status.DITERIMA_TUJUAN,
            dibuat_oleh=pemohon, diajukan_pada=now, diteruskan_pada=now,
            aturan_dikecualikan=list(ATURAN), alasan_pengecualian="Bench.",
        )
        RiwayatPermohonan.objects.create(permohonan=p, aktor=pemohon, dari_status="",
                                         ke_status=Status.DRAFT, aksi="buat")
        out.append(p.pk)
    return out


def cleanup():
    """Delete the bench's own requests and their history (bench database only).

    The history table refuses DELETE through a trigger (append-only in the app); the
    bench lifts it for this transaction with `session_replication_role = replica`, which
    needs a superuser, as the bench's database owner is on the reference machine.
    """
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from mutasi.models import PermohonanMutasi, RiwayatPermohonan

    ids = list(PermohonanMutasi.objects.filter(dibuat_oleh__username=PEMOHON)
               .values_list("pk", flat=True))
    with transaction.atomic():
        if ids:
            with connection.cursor() as c:
                c.execute("SET LOCAL session_replication_role = replica")
            RiwayatPermohonan.objects.filter(permohonan_id__in=ids)._raw_delete(connection.alias)
            PermohonanMutasi.objects.filter(pk__in=ids).delete()
        get_user_model().objects.filter(username=PEMOHON).delete()


@contextlib.contextmanager
def _real_worker(broker_url):
    """Celery publishing to `broker_url` and a solo worker in a thread consuming it."""
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from config.celery import app as celery_app

    def close_connections(**kwargs):
        # Runs in the worker thread: leave no connection open to the bench database.
        connections.close_all()

    def reset_pools():
        # Producer pools are cached per connection: drop them so the broker change holds.
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
            celery_app._pool = None
        celery_app.amqp._producer_pool = None

    before = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = broker_url
    reset_pools()
    task_postrun.connect(close_connections, weak=False)
    try:
        celery_app.control.purge()
        with start_worker(celery_app, pool="solo", perform_ping_check=False,
                          shutdown_timeout=30) as worker:
            yield worker
    finally:
        task_postrun.disconnect(close_connections)
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = before
        reset_pools()


def _approve_and_wait(client, pk, a, b, urls):
    """(total ms, POST ms) from the approval request to both units' pages with new figures."""
    from django.urls import reverse

    from bebankerja.models import SnapshotUnit, UnitPerluHitung
    from mutasi.models import PermohonanMutasi, Status

    t0 = time.perf_counter()
    r = client.post(reverse("mutasi:aksi", args=[pk, "approve"]), {"approve-catatan": ""})
    t_post = time.perf_counter() - t0
    if r.status_code != 302:
        raise RuntimeError(f"persetujuan #{pk} menjawab {r.status_code}, bukan 302")
    disetujui = PermohonanMutasi.objects.filter(pk=pk).values_list("status", "diubah").get()
    if disetujui[0] != Status.DISETUJUI_BKD:
        raise RuntimeError(f"permohonan #{pk} tidak disetujui: status {disetujui[0]}")
    deadline = t0 + TUNGGU_DETIK
    while True:
        # New figures: both unit rows recomputed after the approval committed, marks consumed.
        baru = SnapshotUnit.objects.filter(unit_id__in=[a, b], dihitung__gte=disetujui[1]).count()
        if baru == 2 and not UnitPerluHitung.objects.filter(unit_id__in=[a, b]).exists():
            break
        if time.perf_counter() > deadline:
            raise RuntimeError(f"worker tidak menghitung ulang unit {a}/{b} dalam "
                               f"{TUNGGU_DETIK} detik setelah persetujuan #{pk}")
        time.sleep(POLL_DETIK)
    for url in urls:
        page = client.get(url)
        if page.status_code != 200:
            raise RuntimeError(f"GET {url} menjawab {page.status_code}, bukan 200")
    return (time.perf_counter() - t0) * 1000, t_post * 1000


def run(ctx):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from bebankerja.hitung import balance_reconcile
    from bench.b_abk import ensure_abk

    names = [f.name for f in FIGURES]
    broker = os.environ.get("BENCH_CELERY_BROKER_URL", "").strip()
    if not broker:
        ctx.skip(names, "approval_to_dashboard: isi BENCH_CELERY_BROKER_URL dengan basis data "
                        "Redis khusus bench (mis. redis://127.0.0.1:6379/9) untuk worker sungguhan")
        return {}
    ds = dataset.ensure(ctx)
    periode = ensure_abk(ctx, ds)
    out = {}
    with ctx.guard("mutasi.approval_to_dashboard"):
        a, b = two_units()
        cleanup()
        with ctx.step("snapshot ABK awal (rekonsiliasi)"):
            balance_reconcile()
        ids = requests_approvable(a, b, WARMUPS + N_APPROVALS)
        client = Client()
        client.force_login(get_user_model().objects.get(username="bench_bkd"))
        urls = [reverse("bebankerja:unit_peta", args=[u]) + f"?periode={periode.tahun}"
                for u in (a, b)]
        email_before = settings.EMAIL_BACKEND
        # Mail goes to memory (as to a fast SMTP relay), not printed into the bench output.
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        totals, posts = [], []
        try:
            with _real_worker(broker):
                for i, pk in enumerate(ids):
                    total, post = _approve_and_wait(client, pk, a, b, urls)
                    if i >= WARMUPS:
                        totals.append(total)
                        posts.append(post)
        finally:
            settings.EMAIL_BACKEND = email_before
            cleanup()
        ctx.log(f"{len(totals)} persetujuan unit {a} → {b}: p50 {p50(totals):.0f} ms, "
                f"p95 {percentile(totals, 95):.0f} ms (POST saja p50 {p50(posts):.0f} ms)")
        out = {
            "approval_to_dashboard_p95_ms": round(percentile(totals, 95), 1),
            "approval_to_dashboard_p50_ms": round(p50(totals), 1),
            "approval_request_p50_ms": round(p50(posts), 1),
        }
    return out
