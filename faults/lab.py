"""The lab: private PostgreSQL and Redis, the demo Pemda in them, and the app's processes.

`Lab.open()` starts both servers, builds the database (migrate + `manage.py demo`, ~7 s)
and points this process's Django at it; `Lab.close()` stops every process it started and
removes every temporary folder, whatever happened. One lab serves every scenario of a run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .infra import (
    ROOT,
    VENV_BIN,
    AppProcess,
    PrivatePostgres,
    PrivateRedis,
    free_port,
    http_ok,
    log,
    wait_until,
)

DBNAME = "simutasi_faults"
BKD_USER, BKD_PASSWORD = "bkd", "demo12345"  # the demo's BKD account (README)
REKONSILIASI_DETIK = 5  # the beat interval of the fault runs (production: 15 minutes)


class Lab:
    def __init__(self):
        self.pg = None
        self.redis = None
        self.procs = []
        self.logdir = Path(tempfile.mkdtemp(prefix="simutasi-faults-log-"))
        self.http_port = None
        self.base_url = ""
        self.closed = False
        self.scenario = "lab"  # prefix of the process logs

    # --- servers and database ------------------------------------------------------

    def open(self):
        t0 = time.monotonic()
        self.pg = PrivatePostgres().start()
        self.pg.psql(f"CREATE DATABASE {DBNAME}")
        self.redis = PrivateRedis().start()
        log(f"PostgreSQL pribadi di 127.0.0.1:{self.pg.port}, Redis pribadi di "
            f"127.0.0.1:{self.redis.port} (folder sementara {self.pg.dir.parent})")
        base = self.env()
        # Built in zero-broker mode: the demo's recompute runs in-process, inline.
        setup_env = {k: v for k, v in base.items() if k != "CELERY_BROKER_URL"}
        setup_env["DJANGO_SETTINGS_MODULE"] = "config.settings"
        for argv in (["migrate", "--noinput", "-v", "0"], ["demo"]):
            r = subprocess.run([str(VENV_BIN / "python"), "manage.py", *argv], env=setup_env,
                               cwd=ROOT, capture_output=True, text=True, timeout=300)
            if r.returncode != 0:
                raise RuntimeError(f"manage.py {' '.join(argv)} gagal:\n{r.stdout}\n{r.stderr}")
        # This process uses the same database and broker as the app's processes.
        os.environ.update({k: base[k] for k in ("DATABASE_URL", "CELERY_BROKER_URL",
                                                 "DJANGO_SETTINGS_MODULE", "DJANGO_EMAIL_BACKEND",
                                                 "DJANGO_MEDIA_ROOT")})
        os.environ.pop("DJANGO_DEBUG", None)
        import django

        django.setup()
        from bebankerja.hitung import balance_reconcile

        balance_reconcile()
        self.http_port = free_port(58000)
        self.base_url = f"http://127.0.0.1:{self.http_port}"
        log(f"basis data demo siap dalam {time.monotonic() - t0:.1f} s")
        return self

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items()
               if k not in ("DJANGO_DEBUG", "DATABASE_URL", "CELERY_BROKER_URL")}
        env.update({
            "DATABASE_URL": self.pg.url(DBNAME),
            "CELERY_BROKER_URL": self.redis.url,
            "DJANGO_SETTINGS_MODULE": "faults.settings",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "ABK_REKONSILIASI_DETIK": str(REKONSILIASI_DETIK),
            "DJANGO_MEDIA_ROOT": str(self.logdir / "media"),
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        })
        env.update(extra)
        return env

    # --- the app's processes --------------------------------------------------------

    def _spawn(self, name, argv):
        proc = AppProcess(f"{self.scenario}-{name}", argv, self.env(), self.logdir).start()
        self.procs.append(proc)
        return proc

    def gunicorn(self):
        proc = self._spawn("gunicorn", [
            str(VENV_BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{self.http_port}",
            "-w", "2", "--timeout", "30", "--graceful-timeout", "5", "--log-level", "warning"])
        wait_until(lambda: http_ok(self.base_url + "/masuk/") or not proc.alive(), 30,
                   what="gunicorn menjawab")
        if not proc.alive():
            raise RuntimeError("gunicorn berhenti saat mulai:\n" + proc.log_text()[-3000:])
        return proc

    def worker(self, name="worker"):
        """A prefork worker with one pool process, so the pool child can be killed alone."""
        proc = self._spawn(name, [
            str(VENV_BIN / "celery"), "-A", "config", "worker", "-l", "info", "-P", "prefork",
            "-c", "1", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"{name}@faults"])
        wait_until(lambda: "ready." in proc.log_text() or not proc.alive(), 60,
                   what=f"{name} siap")
        if not proc.alive():
            raise RuntimeError(f"{name} berhenti saat mulai:\n" + proc.log_text()[-3000:])
        return proc

    def beat(self):
        return self._spawn("beat", [
            str(VENV_BIN / "celery"), "-A", "config", "beat", "-l", "info",
            "-s", str(self.logdir / f"{self.scenario}-celerybeat-schedule")])

    def stop_processes(self):
        for proc in reversed(self.procs):
            proc.stop()
        self.procs = []

    def ensure_servers(self):
        """After a failed scenario: both servers up again for the next one."""
        if self.redis is not None and not (self.redis.proc and self.redis.proc.poll() is None):
            self.redis.start()
        if self.pg is not None:
            try:
                self.pg.psql("SELECT 1")
            except Exception:  # noqa: BLE001 - down: start it
                self.pg.start_again()
        from .checks import fresh_connections

        fresh_connections()

    def purge_queue(self):
        """Empty the broker between scenarios (each scenario starts from a settled state)."""
        subprocess.run([str(VENV_BIN / "celery"), "-A", "config", "purge", "-f"],
                       env=self.env(), cwd=ROOT, capture_output=True, timeout=60)

    def redis_cli(self, *args):
        r = subprocess.run(["redis-cli", "-p", str(self.redis.port), *args],
                           capture_output=True, text=True, timeout=10)
        return r.stdout.strip()

    # --- end ---------------------------------------------------------------------------

    def log_tails(self, scenario, n=40):
        """The last lines of each process log of `scenario`, for a failure's report."""
        out = []
        for f in sorted(self.logdir.glob(f"{scenario}-*.log")):
            lines = f.read_text(errors="replace").splitlines()[-n:]
            out.append(f"----- {f.name} (akhir) -----\n" + "\n".join(lines))
        return "\n".join(out)

    def close(self, keep_logs=False):
        if self.closed:
            return
        self.closed = True
        self.stop_processes()
        for server in (self.redis, self.pg):
            if server is not None:
                try:
                    server.close()
                except Exception as exc:  # noqa: BLE001 - cleanup goes on
                    log(f"pembersihan: {exc}")
        self.redis = self.pg = None
        if keep_logs:
            log(f"log disimpan di {self.logdir}")
        else:
            shutil.rmtree(self.logdir, ignore_errors=True)
