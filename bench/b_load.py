"""Load (issue 5): 50 concurrent users against gunicorn + PostgreSQL + Redis + a worker.

gunicorn (3 workers, bench/load_settings.py: DEBUG off) and a solo Celery worker run as
subprocesses on the bench database and BENCH_CELERY_BROKER_URL's Redis database; locust
(bench/locustfile.py) runs headless for 2 minutes: employees (beranda, profil, permohonan
saya), unit heads of OPDs (employee list, dashboard, peta jabatan, menunggu) and BKD staff
(filtered list and dashboard, antrean, peta of the largest OPD, approvals from a pool of
requests in diterima_tujuan). Everything listens on 127.0.0.1 only and is always stopped.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import dataset
from bench.core import BENCH_DIR, Figure, percentile

ORDER = 90

FIGURES = [
    Figure("load_p95_ms", "ms", max=500,
           desc="p95 semua permintaan selama 2 menit dengan 50 pengguna serentak yang sudah "
                "masuk (locust, gunicorn 3 worker, worker Celery)"),
    Figure("load_error_rate", "", max=0,
           desc="bagian permintaan yang gagal di seluruh uji, login termasuk (0 = tidak ada)"),
    Figure("load_p50_ms", "ms", desc="idem, p50"),
    Figure("load_p99_ms", "ms", desc="idem, p99"),
    Figure("load_login_p95_ms", "ms",
           desc="p95 login (POST) selama pengguna mulai, 2 per detik"),
    Figure("load_p95_with_login_ms", "ms",
           desc="p95 seluruh uji, masa pengguna mulai dan login termasuk"),
    Figure("load_rps", "req/s", desc="permintaan per detik rata-rata"),
    Figure("load_approvals", "", desc="persetujuan BKD yang berhasil selama uji beban"),
]

USERS = 50
# Users start (and log in) 2 a second, then the 2 measured minutes begin. The steady state
# is what the target is about; a login costs a deliberately slow password hash (PBKDF2,
# about 0.5 s of CPU), so 50 logins in 5 seconds would measure the hash queue, not the
# pages. The logins and the ramp are reported apart (load_login_p95_ms,
# load_p95_with_login_ms). docs/operations.md: the real login wave is far slower.
SPAWN_RATE = 2
DURATION_S = 120
WEIGHTS = {"pegawai": 5, "kepala": 3, "bkd": 2}
N_AKUN = {"pegawai": 10, "kepala": 6, "bkd": 5}
N_APPROVALS = 150
PREFIX = "bench_load_"
ROOT = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accounts(ds, password):
    """Bench users of each role with one password; {role: [{username, pages}]}."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.db.models import F
    from django.urls import reverse

    from bench.b_abk import TAHUN
    from pegawai.access import GRUP_BKD
    from pegawai.models import Pegawai, UnitKerja

    User = get_user_model()
    # Hashed once (PBKDF2 per user would take seconds) with the hasher gunicorn's settings
    # accept, whatever this process is configured with (tests use MD5).
    hasher = PBKDF2PasswordHasher()
    hashed = hasher.encode(password, hasher.salt())
    _drop_accounts()
    # The largest OPD (most employees in its subtree) for the BKD filters.
    opds = list(UnitKerja.objects.filter(pk__in=ds.opd_ids))
    sizes = {o.pk: Pegawai.objects.aktif().di_subtree(o).count()
             for o in opds}
    opds.sort(key=lambda o: (-sizes[o.pk], o.pk))
    big = opds[0]
    plan = {"pegawai": [], "kepala": [], "bkd": []}
    with transaction.atomic():
        staff = list(Pegawai.objects.filter(aktif=True, user__isnull=True)
                     .exclude(jabatan_id=F("unit__jabatan_kepala_id")).order_by("id")
                     .values_list("pk", flat=True)[:N_AKUN["pegawai"] * 5000:5000])
        for i, pk in enumerate(staff):
            u = User.objects.create(username=f"{PREFIX}pegawai{i}", password=hashed)
            Pegawai.objects.filter(pk=pk).update(user=u)
            plan["pegawai"].append({"username": u.username, "pages": [
                ["pegawai: beranda", reverse("beranda"), 4],
                ["pegawai: profil", reverse("pegawai:profil"), 3],
                ["pegawai: permohonan saya", reverse("mutasi:saya"), 3],
            ]})
        # Heads of OPDs of every size: every 6th OPD by size, the largest included.
        for i, opd in enumerate(opds[::max(1, len(opds) // N_AKUN["kepala"])][:N_AKUN["kepala"]]):
            head = (Pegawai.objects.filter(unit=opd, jabatan_id=opd.jabatan_kepala_id, aktif=True)
                    .order_by("id").first())
            if head is None:
                continue
            u = User.objects.create(username=f"{PREFIX}kepala{i}", password=hashed)
            Pegawai.objects.filter(pk=head.pk).update(user=u)
            plan["kepala"].append({"username": u.username, "pages": [
                ["kepala: daftar pegawai", reverse("pegawai:daftar") + f"?unit={opd.pk}", 3],
                ["kepala: dasbor ABK", reverse("bebankerja:dasbor"), 3],
                ["kepala: peta jabatan", reverse("bebankerja:unit_peta", args=[opd.pk])
                 + f"?periode={TAHUN}", 2],
                ["kepala: menunggu", reverse("mutasi:menunggu"), 2],
            ]})
        grup = Group.objects.get_or_create(name=GRUP_BKD)[0]
        for i in range(N_AKUN["bkd"]):
            u = User.objects.create(username=f"{PREFIX}bkd{i}", password=hashed)
            u.groups.add(grup)
            plan["bkd"].append({"username": u.username, "pages": [
                ["bkd: daftar pegawai (OPD, golongan)",
                 reverse("pegawai:daftar") + f"?unit={big.pk}&golongan=III/a", 3],
                ["bkd: dasbor ABK (filter)",
                 reverse("bebankerja:dasbor") + "?status=kekurangan&urut=-selisih", 3],
                ["bkd: antrean mutasi", reverse("mutasi:antrean"), 2],
                ["bkd: peta unit (OPD terbesar)",
                 reverse("bebankerja:unit_peta", args=[big.pk]) + f"?periode={TAHUN}", 2],
            ]})
    return plan


def _drop_accounts():
    from django.contrib.auth import get_user_model

    from pegawai.models import Pegawai

    Pegawai.objects.filter(user__username__startswith=PREFIX).update(user=None)
    get_user_model().objects.filter(username__startswith=PREFIX).delete()


def _env(ctx, broker):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": ctx.db_url,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "PYTHONPATH": str(ROOT),
    })
    env.pop("DJANGO_DEBUG", None)
    if broker:
        env["CELERY_BROKER_URL"] = broker
    else:
        env.pop("CELERY_BROKER_URL", None)
    return env


def _wait_http(url, proc, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn berhenti saat mulai (kode {proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn tidak menjawab {url} dalam {seconds} detik")


def _stop(proc, seconds=15):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    except ProcessLookupError:
        pass


LOGIN = "masuk"  # request names starting with this are the login, reported apart


def steady(samples, spawned_at):
    """The samples that ended after every user had started (all of them if unknown)."""
    if spawned_at is None:
        return samples
    return [s for s in samples if s[3] >= spawned_at]


def summarise(samples):
    """{name: (n, failed, p50, p95, p99)} per request name, plus 'Semua halaman dan
    persetujuan' (everything but the login) and 'Semua permintaan'."""
    groups = {}
    for name, ms, failed, *_t in samples:
        groups.setdefault(name, []).append((ms, failed))
    work = [x for name, xs in groups.items() if not name.startswith(LOGIN) for x in xs]
    everything = [x for xs in groups.values() for x in xs]
    rows = {}
    for name, xs in [*sorted(groups.items()), (TOTAL_WORK, work),
                     ("Semua permintaan", everything)]:
        if not xs:
            continue
        ms = [m for m, _f in xs]
        rows[name] = (len(xs), sum(f for _m, f in xs), percentile(ms, 50), percentile(ms, 95),
                      percentile(ms, 99))
    return rows


TOTAL_WORK = "Semua halaman dan persetujuan"


def print_stats(ctx, rows):
    ctx.log(f"{'halaman':<40} {'n':>6} {'gagal':>6} {'p50':>7} {'p95':>7} {'p99':>7} (ms)")
    for name, (n, failed, a, b, c) in rows.items():
        ctx.log(f"{name:<40} {n:>6} {failed:>6} {a:>7.0f} {b:>7.0f} {c:>7.0f}")


def run(ctx, users=USERS, duration_s=DURATION_S):
    from django.urls import reverse

    from bebankerja.hitung import balance_reconcile
    from bench import b_mutasi
    from bench.b_abk import ensure_abk
    from mutasi.models import PermohonanMutasi, Status

    ds = dataset.ensure(ctx)
    ensure_abk(ctx, ds)
    broker = os.environ.get("BENCH_CELERY_BROKER_URL", "").strip()
    out = {}
    with ctx.guard("load.locust"):
        password = "bench-" + os.urandom(8).hex()
        with ctx.step("akun bench per peran"):
            plan = _accounts(ds, password)
        with ctx.step("snapshot ABK (rekonsiliasi)"):
            balance_reconcile()
        b_mutasi.cleanup()
        approvals = []
        if broker:
            a, b = b_mutasi.two_units()
            with ctx.step(f"{N_APPROVALS} permohonan menunggu BKD"):
                approvals = b_mutasi.requests_approvable(a, b, N_APPROVALS)
        else:
            ctx.note("load: BENCH_CELERY_BROKER_URL kosong — tanpa worker dan tanpa "
                     "persetujuan, hanya halaman")
        plan.update({
            "password": password, "weights": WEIGHTS, "approvals": approvals,
            "login_url": reverse("login"),
            "approve_url": reverse("mutasi:aksi", args=[0, "approve"]),
        })
        plan["accounts"] = {k: v for k, v in plan.items() if k in WEIGHTS}
        plan_path = ctx.workdir / "load-plan.json"
        plan_path.write_text(json.dumps(plan))
        port = _free_port()
        host = f"http://127.0.0.1:{port}"
        env = _env(ctx, broker)
        gunicorn = worker = None
        csv_prefix = ctx.workdir / "load"
        try:
            if broker:
                subprocess.run([str(VENV_BIN / "celery"), "-A", "config", "purge", "-f"],
                               env=env, cwd=ROOT, timeout=30, capture_output=True)
                worker = subprocess.Popen(
                    [str(VENV_BIN / "celery"), "-A", "config", "worker", "-P", "solo",
                     "--without-gossip", "--without-mingle", "-l", "warning"],
                    env=env, cwd=ROOT, start_new_session=True,
                    stdout=subprocess.DEVNULL, stderr=open(ctx.workdir / "worker.log", "w"))
            gunicorn = subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}",
                 "-w", "3", "--log-level", "warning"],
                env=env, cwd=ROOT, start_new_session=True,
                stdout=subprocess.DEVNULL, stderr=open(ctx.workdir / "gunicorn.log", "w"))
            _wait_http(host + reverse("login"), gunicorn)
            ramp_s = -(-users // SPAWN_RATE)
            with ctx.step(f"locust: {users} pengguna mulai dalam {ramp_s} s, lalu {duration_s} s"):
                r = subprocess.run(
                    [str(VENV_BIN / "locust"), "-f", str(BENCH_DIR / "locustfile.py"),
                     "--headless", "-u", str(users), "-r", str(SPAWN_RATE),
                     "-t", f"{duration_s + ramp_s}s", "--host", host, "--csv", str(csv_prefix),
                     "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
                    env={**env, "BENCH_LOAD_PLAN": str(plan_path),
                         "BENCH_LOAD_SAMPLES": str(ctx.workdir / "load-samples.json")}, cwd=ROOT,
                    timeout=duration_s + ramp_s + 90, capture_output=True, text=True)
            samples_file = ctx.workdir / "load-samples.json"
            if not samples_file.exists():
                raise RuntimeError(f"locust tanpa hasil (kode {r.returncode}):\n{r.stderr[-3000:]}")
        finally:
            _stop(gunicorn)
            _stop(worker)
        hasil = json.loads(samples_file.read_text())
        semua = hasil["samples"]
        rows_all = summarise(semua)
        ctx.log("seluruh uji, termasuk masa pengguna mulai dan login:")
        print_stats(ctx, rows_all)
        rows = summarise(steady(semua, hasil["spawned_at"]))
        ctx.log(f"{duration_s} s setelah {users} pengguna mulai (yang diukur terhadap target):")
        print_stats(ctx, rows)
        n, failed, q50, q95, q99 = rows["Semua permintaan"]
        n_all, failed_all, _a, q95_all, _c = rows_all["Semua permintaan"]
        login = [s[1] for s in semua if s[0].startswith(LOGIN) and "POST" in s[0]]
        if failed_all:
            fails = Path(f"{csv_prefix}_failures.csv")
            if fails.exists():
                ctx.note("load: kegagalan:\n" + fails.read_text()[:2000])
        done = PermohonanMutasi.objects.filter(pk__in=approvals,
                                               status=Status.DISETUJUI_BKD).count()
        out = {
            "load_p95_ms": round(q95, 1),
            "load_error_rate": round(failed_all / n_all, 4),
            "load_p50_ms": round(q50, 1),
            "load_p99_ms": round(q99, 1),
            "load_p95_with_login_ms": round(q95_all, 1),
            "load_login_p95_ms": round(percentile(login, 95), 1) if login else None,
            "load_rps": round(n / duration_s, 1),
            "load_approvals": done,
        }
    with ctx.guard("load.cleanup"):
        b_mutasi.cleanup()
        _drop_accounts()
    return out
