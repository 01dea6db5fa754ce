"""Private PostgreSQL and Redis instances and the app's processes, for the fault scripts.

Everything runs on 127.0.0.1 on ports chosen free at start (never 5432 or 6379), with data
in temporary folders, and is stopped and removed by `Stack.close()` — which `__main__`
calls from `finally` and atexit, also after Ctrl-C. PostgreSQL refuses to run as root: when
this script is root, initdb/pg_ctl run as the `postgres` system user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG_BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin",
               "/usr/lib/postgresql/17/bin", "/usr/local/bin", "/usr/bin"]
# The machine's own services: never used, stopped or chosen.
RESERVED_PORTS = {5432, 6379}


_T0 = time.monotonic()


def log(msg):
    print(f"[faults +{time.monotonic() - _T0:5.1f} s] {msg}", flush=True)


def port_free(port):
    if port in RESERVED_PORTS:
        return False
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    # Nothing listening either (a server bound to another address of the port).
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) != 0


def free_port(preferred):
    """`preferred` or the next free port above it."""
    for port in range(preferred, preferred + 200):
        if port_free(port):
            return port
    raise RuntimeError(f"tidak ada port bebas mulai {preferred}")


def _pg_bin(name):
    for d in PG_BIN_DIRS:
        p = Path(d) / name
        if p.exists():
            return str(p)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} (PostgreSQL) tidak ditemukan")
    return found


def missing_tools():
    """Programs the scripts need that this machine lacks."""
    missing = [n for n in ("redis-server", "redis-cli") if not shutil.which(n)]
    for name in ("initdb", "pg_ctl", "psql"):
        try:
            _pg_bin(name)
        except RuntimeError:
            missing.append(name)
    if os.geteuid() == 0 and not shutil.which("runuser"):
        missing.append("runuser")
    return missing


def wait_until(check, seconds, interval=0.2, what="kondisi"):
    """Poll `check()` until truthy; returns its value or raises TimeoutError."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = check()
        except Exception:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} tidak tercapai dalam {seconds} detik")
        time.sleep(interval)


class PrivatePostgres:
    """A throw-away cluster: initdb in a temp folder, trust auth, fsync off, own port."""

    def __init__(self, preferred_port=55432):
        self.port = free_port(preferred_port)
        self.dir = Path(tempfile.mkdtemp(prefix="simutasi-faults-pg-"))
        self.data = self.dir / "data"
        self.logfile = self.dir / "postgres.log"
        self._as_root = os.geteuid() == 0
        if self._as_root:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.started = False

    def _run(self, argv, timeout=60):
        if self._as_root:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} gagal ({r.returncode}):\n{r.stdout}\n{r.stderr}"
                               f"\n{self._log_tail()}")
        return r

    def _log_tail(self, n=30):
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def start(self):
        self._run([_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], timeout=120)
        opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=100 -c shared_buffers=128MB")
        (self.data / "postgresql.auto.conf").write_text("")
        self.opts = opts
        self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-o", opts, "-l",
                   str(self.logfile), "-w", "-t", "60", "start"], timeout=90)
        self.started = True
        return self

    def restart(self, mode="fast"):
        """`pg_ctl restart -m fast`: every session is cut, the server is back when it returns."""
        self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-o", self.opts, "-l",
                   str(self.logfile), "-m", mode, "-w", "-t", "60", "restart"], timeout=90)

    def stop_fast(self):
        """`pg_ctl stop -m fast`: sessions are cut and the server is down until `start_again`."""
        self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60",
                   "stop"], timeout=90)

    def start_again(self):
        self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-o", self.opts, "-l",
                   str(self.logfile), "-w", "-t", "60", "start"], timeout=90)

    def stop(self):
        if self.started:
            try:
                self._run([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                           "-t", "30", "stop"], timeout=45)
            except Exception as exc:  # noqa: BLE001 - cleanup goes on
                log(f"PostgreSQL pribadi tidak berhenti dengan pg_ctl: {exc}")
            self.started = False

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, dbname):
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def psql(self, sql, dbname="postgres"):
        return self._run([_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                          "postgres", "-d", dbname, "-XAtqc", sql]).stdout.strip()


class PrivateRedis:
    """redis-server on its own port, no persistence: a restart starts empty."""

    def __init__(self, preferred_port=56379):
        self.port = free_port(preferred_port)
        self.dir = Path(tempfile.mkdtemp(prefix="simutasi-faults-redis-"))
        self.proc = None
        self.logfile = self.dir / "redis.log"

    def start(self):
        argv = [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(self.port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                str(self.dir), "--daemonize", "no", "--logfile", str(self.logfile)]
        self.proc = subprocess.Popen(argv, start_new_session=True, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        wait_until(self.ping, 15, 0.05, "Redis pribadi menjawab")
        return self

    def ping(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def kill(self):
        """Stop Redis abruptly (SIGKILL), as a crash or an OOM kill would."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None

    def close(self):
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class AppProcess:
    """One of the app's processes (gunicorn, a Celery worker, beat) in its own session."""

    def __init__(self, name, argv, env, logdir):
        self.name, self.argv, self.env = name, argv, env
        self.logfile = Path(logdir) / f"{name}.log"
        self.proc = None

    def start(self):
        out = open(self.logfile, "w")  # noqa: SIM115 - the child keeps its own copy
        out.write(f"--- mulai {time.strftime('%H:%M:%S')}: {' '.join(self.argv)}\n")
        out.flush()
        self.proc = subprocess.Popen(self.argv, env=self.env, cwd=ROOT, start_new_session=True,
                                     stdout=out, stderr=subprocess.STDOUT)
        out.close()
        return self

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def children(self):
        """Pids of the direct children (a prefork worker's pool processes)."""
        if not self.alive():
            return []
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(x) for x in text.split()]

    def kill_group(self):
        """SIGKILL the process and everything it started (its session's process group)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            pass

    def stop(self, seconds=10):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(seconds)
            except subprocess.TimeoutExpired:
                self.kill_group()
            except ProcessLookupError:
                pass
        # Pool children left behind by a killed parent share its process group.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def log_text(self):
        try:
            return self.logfile.read_text(errors="replace")
        except OSError:
            return ""


def http_ok(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False
