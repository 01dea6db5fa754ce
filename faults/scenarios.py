"""The three faults. Each takes an open `Lab`, starts the app's processes it needs, causes
its fault, and returns a `Report` (PASS/FAIL, figures, problems).

The scripts never repair anything: they never call a recompute, publish a task or touch
the outbox after the fault. The only full recompute they run is the reference the snapshot
is compared with, inside a transaction that is rolled back (`checks.reference_figures`).
"""

from __future__ import annotations

import os
import queue
import re
import signal
import threading
import time
from dataclasses import dataclass, field

import psycopg2

from . import checks
from .infra import log, wait_until
from .lab import BKD_PASSWORD, BKD_USER, DBNAME, REKONSILIASI_DETIK
from .load import Approver, PageReader, Recorder, all_pages_ok, finish_approvals, login

SETTLE_S = 60  # the system must settle within this after the fault (12 reconciliations)


@dataclass
class Report:
    name: str
    figures: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self):
        return not self.problems

    def check(self, kondisi, pesan):
        if not kondisi:
            self.problems.append(pesan)
        return kondisi

    def print_summary(self):
        status = "PASS" if self.passed else "FAIL"
        print(f"\n=== {self.name}: {status} ({self.seconds:.0f} s) ===", flush=True)
        for k, v in self.figures.items():
            print(f"  {k:<44} {v}")
        for m in self.problems:
            print(f"  MASALAH: {m}")
        print(flush=True)


def _settle(rep, t_fault_end, label):
    """Wait until the outbox is empty and the snapshot equals a full recompute."""
    diff = {}
    t0 = time.monotonic()
    while time.monotonic() - t0 < SETTLE_S:
        try:
            ok, diff = checks.settled()
        except Exception as exc:  # noqa: BLE001 - the database may still be coming back
            checks.fresh_connections()
            ok, diff = False, {"error": repr(exc)[:120]}
        if ok:
            rep.figures[f"snapshot = hitung penuh: {label}"] = \
                f"{time.monotonic() - t_fault_end:.1f} s"
            return True
        time.sleep(1)
    rep.problems.append(f"snapshot tidak sama dengan hitung ulang penuh setelah {SETTLE_S} s "
                        f"(baris berbeda / antrean: {diff})")
    return False


def _baseline(lab):
    """Each scenario starts settled, with an empty broker."""
    lab.purge_queue()
    ok, diff = checks.settled()
    if not ok:
        raise RuntimeError(f"keadaan awal belum tenang: {diff}")


def _approvals(rep, ids, recorder):
    attempted = {c.target for c in recorder.select("approve")}
    ok = recorder.ok_approvals()
    rep.figures["persetujuan dijawab berhasil"] = len(ok)
    rep.figures["SK dijawab terbit (permohonan)"] = len(recorder.ok_sk())
    rep.figures["status akhir permohonan"] = checks.status_counts(ids)
    for m in checks.approvals_check(ids, ok, recorder.ok_sk()):
        rep.problems.append(m)
    not_done = checks.status_counts(attempted).get("diterima_tujuan", 0)
    rep.check(not_done == 0, f"{not_done} permohonan yang disetujui pengguna belum disetujui")


def _p95(values):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def _log_since(proc, offset):
    return proc.log_text()[offset:]


# --- 1. Redis stopped during approvals -------------------------------------------------

REDIS_BEFORE_S, REDIS_DOWN_S = 3, 8
N_SETELAH = 12  # approvals after Redis is back: new work must still be done


def _run_officers(lab, pool, recorder, n, seconds=None):
    """`n` BKD officers approving from `pool` for `seconds` (None: until it is empty)."""
    stop = threading.Event()
    officers = [Approver(login(lab.base_url, BKD_USER, BKD_PASSWORD), pool, recorder, stop)
                for _ in range(n)]
    for a in officers:
        a.start()

    def finish():
        stop.set()
        for a in officers:
            a.join(60)
            a.issue_sk()

    if seconds is None:
        for a in officers:
            a.join(120)
        finish()
        return None
    return finish


def redis_down(lab):
    rep = Report("redis_down: Redis mati saat persetujuan")
    t_start = time.monotonic()
    _baseline(lab)
    ids = checks.requests_waiting(120, "redis_down")
    gunicorn, worker = lab.gunicorn(), lab.worker()
    lab.beat()
    recorder, pool = Recorder(), queue.Queue()
    for pk in ids[:-N_SETELAH]:
        pool.put(pk)
    finish = _run_officers(lab, pool, recorder, 3, seconds=REDIS_BEFORE_S + REDIS_DOWN_S)
    time.sleep(REDIS_BEFORE_S)
    t_down = time.monotonic()
    lab.redis.kill()
    log(f"Redis dimatikan (SIGKILL); persetujuan berjalan terus {REDIS_DOWN_S} s")
    time.sleep(REDIS_DOWN_S)
    finish()
    outbox = checks.outbox_count()
    worker_at, gunicorn_at = len(worker.log_text()), len(gunicorn.log_text())
    lab.redis.start()
    t_up = time.monotonic()
    log(f"Redis hidup lagi, kosong (pesan yang antre ikut hilang); {outbox} tanda unit di "
        "antrean; tidak ada persetujuan baru: hanya rekonsiliasi yang dapat menguras antrean")

    during = recorder.select("approve", after=t_down, before=t_up)
    rep.figures["persetujuan sebelum / selama Redis mati"] = (
        f"{len(recorder.select('approve', 'ok', before=t_down))} / "
        f"{len([c for c in during if c.kind == 'ok'])}")
    rep.check(len(during) >= 5, f"hanya {len(during)} persetujuan selama Redis mati")
    ms = [c.ms for c in during]
    rep.figures["waktu persetujuan selama Redis mati p95/maks"] = \
        f"{_p95(ms):.0f} / {max(ms, default=0):.0f} ms"
    rep.check(max(ms, default=0) < 3000, "persetujuan menunggu broker lebih dari 3 s")
    publish_failed = gunicorn.log_text()[:gunicorn_at].count("menunggu rekonsiliasi")
    rep.figures["pengantrean hitung ulang gagal & dicatat (log)"] = publish_failed
    rep.figures["tanda unit di antrean saat Redis hidup lagi"] = outbox
    rep.check(publish_failed > 0 and outbox > 0,
              "tidak ada pengantrean yang gagal: gangguan tidak mengenai apa pun")

    if _settle(rep, t_up, "sejak Redis hidup (hanya rekonsiliasi)"):
        n_rek = len(re.findall(r"Task bebankerja\.tasks\.rekonsiliasi\[[^\]]+\] succeeded",
                               _log_since(worker, worker_at)))
        rep.figures["rekonsiliasi oleh worker setelah Redis hidup"] = n_rek
        rep.check(n_rek > 0, "antrean kosong tanpa rekonsiliasi oleh worker?")

    # New work after the restart: the worker must still consume (celery#8030, #9054).
    worker_at = len(worker.log_text())
    t_new = time.monotonic()
    pool = queue.Queue()
    for pk in ids[-N_SETELAH:]:
        pool.put(pk)
    _run_officers(lab, pool, recorder, 2)
    _settle(rep, time.monotonic(), "sejak persetujuan baru selesai")
    after = _log_since(worker, worker_at)
    n_units = len(re.findall(r"Task bebankerja\.tasks\.recompute_units\[[^\]]+\] succeeded",
                             after))
    rep.figures["persetujuan baru setelah Redis hidup"] = \
        len(recorder.select("approve", "ok", after=t_new))
    rep.figures["recompute_units dikerjakan worker setelahnya"] = n_units
    rep.check(n_units > 0, "worker tidak mengerjakan pesan baru setelah Redis hidup lagi "
              "(celery#8030?)")
    publish_failed_after = gunicorn.log_text()[gunicorn_at:].count("menunggu rekonsiliasi")
    rep.figures["pengantrean gagal setelah Redis hidup"] = publish_failed_after
    failed = [c for c in recorder.items if c.kind != "ok"]
    rep.figures["persetujuan/SK gagal (seluruhnya)"] = len(failed)
    rep.check(not failed, "persetujuan atau SK gagal walau Redis tidak diperlukan untuknya: "
              + "; ".join(f"{c.action} {c.target}: {c.kind} {c.detail}" for c in failed[:5]))
    _approvals(rep, ids, recorder)
    lab.stop_processes()
    rep.seconds = time.monotonic() - t_start
    return rep


# --- 2. A worker killed in the middle of a recompute -----------------------------------


class Gate:
    """Holds a row lock on one SnapshotUnit row of a unit the approvals do not touch, so a
    full recompute stops mid-transaction (after writing its jabatan rows) until released."""

    def __init__(self, lab, avoid_units):
        from bebankerja.models import SnapshotUnit
        from bebankerja.selectors import periode_aktif

        dsn = f"host=127.0.0.1 port={lab.pg.port} user=postgres dbname={DBNAME}"
        # By (periode, unit): a recompute that changes a row replaces it under a new id.
        self.periode_id = periode_aktif().pk
        self.unit_id = (SnapshotUnit.objects.filter(periode_id=self.periode_id)
                        .exclude(unit_id__in=avoid_units).order_by("unit_id")
                        .values_list("unit_id", flat=True).first())
        self.monitor = psycopg2.connect(dsn)
        self.monitor.autocommit = True
        self.conn = None
        self.dsn = dsn

    def close_gate(self):
        self.conn = psycopg2.connect(self.dsn)
        with self.conn.cursor() as c:
            c.execute("SELECT pg_backend_pid()")
            self.pid = c.fetchone()[0]
            c.execute("SELECT id FROM bebankerja_snapshotunit WHERE periode_id = %s AND "
                      "unit_id = %s FOR UPDATE", [self.periode_id, self.unit_id])
            if c.fetchone() is None:
                raise RuntimeError(f"baris snapshot unit {self.unit_id} tidak ada")

    def open_gate(self):
        if self.conn is not None:
            self.conn.rollback()
            self.conn.close()
            self.conn = None

    def blocked(self, exclude=()):
        """(pid, query) of a backend waiting on the gate's lock, or None."""
        with self.monitor.cursor() as c:
            c.execute("SELECT pid, query FROM pg_stat_activity WHERE datname = current_database()"
                      " AND wait_event_type = 'Lock' AND pid <> %s AND NOT (pid = ANY(%s))",
                      [self.pid, list(exclude) or [0]])
            return c.fetchone()

    def backend_alive(self, pid):
        with self.monitor.cursor() as c:
            c.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            return c.fetchone() is not None

    def close(self):
        self.open_gate()
        self.monitor.close()


def _tersimpan(diff):
    """The measured outcome of a killed transaction, for the report (never a fixed text)."""
    if not diff:
        return "di-rollback: 0 baris snapshot berubah (diukur)"
    return "TERSIMPAN SEBAGIAN: " + ", ".join(f"{k} {v}" for k, v in sorted(diff.items()))


def _change_periode():
    """BKD edits the active periode's WKE: every figure of the periode must be recomputed
    (periode_save marks the whole periode in the outbox and queues recompute_pending)."""
    from decimal import Decimal

    from bebankerja import selectors, services

    periode = selectors.periode_aktif()
    if periode.hari_kerja is not None:
        periode.jam_efektif = periode.jam_efektif - Decimal("0.25") \
            if periode.jam_efektif > 5 else periode.jam_efektif + Decimal("0.25")
    else:
        periode.wke_menit = Decimal(72000) if periode.wke_menit != 72000 else Decimal(75000)
    services.periode_save(aktor=None, periode=periode)


def _approve_some(lab, ids, recorder):
    b = login(lab.base_url, BKD_USER, BKD_PASSWORD)
    pool = queue.Queue()
    for pk in ids:
        pool.put(pk)
    a = Approver(b, pool, recorder, threading.Event(), pace=0, sk_every=len(ids))
    a.run()
    a.issue_sk()


def _received_twice(worker, task):
    """Ids of `task` messages the worker's log shows received more than once."""
    ids = re.findall(rf"Task bebankerja\.tasks\.{task}\[([^\]]+)\] received",
                     worker.log_text())
    return {t for t in ids if ids.count(t) >= 2}


def worker_killed(lab):
    rep = Report("worker_killed: worker dibunuh di tengah hitung ulang")
    t_start = time.monotonic()
    _baseline(lab)
    ids = checks.requests_waiting(16, "worker_killed")
    from mutasi.models import PermohonanMutasi

    units = PermohonanMutasi.objects.filter(pk__in=ids)
    avoid = set(units.values_list("unit_asal_id", flat=True)) | set(
        units.values_list("unit_tujuan_id", flat=True))
    lab.gunicorn()
    worker = lab.worker("worker1")
    gate = Gate(lab, avoid)
    recorder = Recorder()
    try:
        # Phase A: the pool child dies; its parent puts the message back and a new child
        # runs it again. No beat: only the redelivery can consume the periode's mark.
        before = checks.snapshot_figures()
        gate.close_gate()
        _change_periode()
        pid1, query = wait_until(gate.blocked, 30, 0.05, "hitung ulang tertahan di gerbang")
        rep.figures["A: hitung ulang penuh dihentikan saat"] = query.split(" WHERE")[0][:60]
        _approve_some(lab, ids[:8], recorder)
        children = worker.children()
        rep.check(len(children) == 1, f"worker prefork -c 1 dengan {len(children)} proses anak")
        t_kill = time.monotonic()
        for child in children:
            os.kill(child, signal.SIGKILL)
        log(f"A: proses anak worker {children} di-SIGKILL di tengah hitung ulang")
        wait_until(lambda: "signal 9 (SIGKILL)" in worker.log_text(), 15, 0.1,
                   "worker mencatat proses anak yang hilang")
        # The dead child's backend keeps its locks until PostgreSQL notices the closed
        # socket, when its blocked statement ends: nothing it wrote may be visible.
        time.sleep(1)
        sebagian_a = checks.snapshot_diff(checks.snapshot_figures(), before)
        rep.check(sebagian_a == {}, "A: snapshot berubah sebagian setelah worker dibunuh")
        gate.open_gate()
        wait_until(lambda: not gate.backend_alive(pid1), 30, 0.1,
                   "transaksi proses anak yang mati berakhir")
        rep.figures["A: transaksi proses anak yang mati"] = _tersimpan(sebagian_a)
        try:
            wait_until(lambda: _received_twice(worker, "recompute_pending"), 30, 0.1,
                       "pesan recompute_pending diterima ulang")
            rep.figures["A: pesan yang sama diterima ulang oleh anak baru"] = \
                f"{time.monotonic() - t_kill:.1f} s setelah SIGKILL"
        except TimeoutError:
            rep.problems.append("A: pesan tidak dikirim ulang setelah proses anak dibunuh")
        _settle(rep, time.monotonic(), "A, sejak gerbang dibuka (tanpa beat)")

        # Phase B: the whole worker dies (parent and child). The message it held stays
        # unacknowledged in Redis for visibility_timeout; a new worker and the periodic
        # reconciliation must repair the figures meanwhile.
        before = checks.snapshot_figures()
        gate.close_gate()
        _change_periode()
        pid3, _q = wait_until(gate.blocked, 30, 0.05, "hitung ulang B tertahan di gerbang")
        _approve_some(lab, ids[8:], recorder)
        worker.kill_group()
        log("B: seluruh worker (induk dan anak) di-SIGKILL di tengah hitung ulang")
        gate.open_gate()
        wait_until(lambda: not gate.backend_alive(pid3), 30, 0.1,
                   "transaksi worker yang mati berakhir")
        sebagian_b = checks.snapshot_diff(checks.snapshot_figures(), before)
        rep.check(sebagian_b == {}, "B: snapshot berubah sebagian setelah worker dibunuh")
        rep.figures["B: transaksi worker yang mati"] = _tersimpan(sebagian_b)
        unacked = lab.redis_cli("HLEN", "unacked")
        rep.figures["B: pesan tertahan di 'unacked' Redis"] = \
            f"{unacked} (dikirim ulang setelah visibility_timeout 1 jam)"
        rep.figures["B: tanda unit di antrean"] = checks.outbox_count()
        t_b = time.monotonic()
        lab.worker("worker2")
        lab.beat()
        _settle(rep, t_b, f"B, sejak worker baru (rekonsiliasi tiap {REKONSILIASI_DETIK} s)")
        _approvals(rep, ids, recorder)
    finally:
        gate.close()
        lab.stop_processes()
    rep.seconds = time.monotonic() - t_start
    return rep


# --- 3. PostgreSQL restarted under load -------------------------------------------------

PG_BEFORE_S, PG_DOWN_S, PG_AFTER_S = 3, 3, 4


def postgres_restart(lab):
    from django.urls import reverse

    from bebankerja.selectors import periode_aktif
    from mutasi.models import PermohonanMutasi

    rep = Report("postgres_restart: PostgreSQL dimulai ulang di bawah beban")
    t_start = time.monotonic()
    _baseline(lab)
    ids = checks.requests_waiting(80, "postgres_restart")
    p = PermohonanMutasi.objects.get(pk=ids[0])
    paths = [reverse("beranda"), reverse("pegawai:daftar"), reverse("bebankerja:dasbor"),
             reverse("mutasi:antrean"), reverse("mutasi:sk_daftar"),
             reverse("mutasi:detail", args=[p.pk]),
             reverse("bebankerja:unit_peta", args=[p.unit_asal_id])
             + f"?periode={periode_aktif().tahun}"]
    lab.gunicorn()
    lab.worker()
    lab.beat()
    recorder, stop, pool = Recorder(), threading.Event(), queue.Queue()
    for pk in ids:
        pool.put(pk)
    threads = [Approver(login(lab.base_url, BKD_USER, BKD_PASSWORD), pool, recorder, stop)
               for _ in range(2)]
    threads += [PageReader(login(lab.base_url, BKD_USER, BKD_PASSWORD), paths, recorder, stop)
                for _ in range(2)]
    probe = login(lab.base_url, BKD_USER, BKD_PASSWORD)
    for t in threads:
        t.start()
    time.sleep(PG_BEFORE_S)
    checks.fresh_connections()
    t_down = time.monotonic()
    lab.pg.stop_fast()
    log(f"PostgreSQL dihentikan (pg_ctl stop -m fast); mati {PG_DOWN_S} s")
    time.sleep(PG_DOWN_S)
    lab.pg.start_again()
    t_up = time.monotonic()
    log("PostgreSQL hidup lagi; gunicorn dan worker tidak disentuh")
    try:
        wait_until(lambda: all_pages_ok(probe, paths), 30, 0.2, "semua halaman 200")
        t_ok = time.monotonic()
        rep.figures["pulih: semua halaman 200 lagi"] = \
            f"{t_ok - t_up:.1f} s setelah PostgreSQL hidup"
    except TimeoutError:
        t_ok = time.monotonic()
        rep.problems.append("halaman tidak kembali 200 dalam 30 s tanpa memulai ulang gunicorn")
    time.sleep(PG_AFTER_S)
    stop.set()
    for t in threads:
        t.join(30)
    checks.fresh_connections()
    finish = login(lab.base_url, BKD_USER, BKD_PASSWORD)
    finish_approvals(finish, [c.target for c in recorder.select("approve")], recorder)
    t_load_end = time.monotonic()

    gets = recorder.select("get")
    rep.figures["halaman dibuka (gagal saat gangguan)"] = \
        f"{len(gets)} ({len([c for c in gets if c.kind != 'ok' and c.t0 < t_ok])})"
    rep.figures["persetujuan/SK gagal saat gangguan"] = len(
        [c for c in recorder.items if c.action != "get" and c.kind != "ok" and c.t0 < t_ok])
    late_errors = [c for c in recorder.items if c.kind != "ok" and c.t0 >= t_ok]
    rep.figures["galat setelah pulih"] = len(late_errors)
    rep.check(not late_errors, "galat setelah pulih: " + "; ".join(
        f"{c.action} {c.target}: {c.kind} {c.detail}" for c in late_errors[:5]))
    rep.figures["waktu gangguan (stop → hidup)"] = f"{t_up - t_down:.1f} s"
    if _settle(rep, t_load_end, "sejak beban berhenti"):
        _approvals(rep, ids, recorder)
        from mutasi.models import Status

        sk_waiting = PermohonanMutasi.objects.filter(pk__in=ids, status=Status.SK_TERBIT).count()
        rep.figures["SK terbit, TMT menunggu tugas harian"] = sk_waiting
    lab.stop_processes()
    rep.seconds = time.monotonic() - t_start
    return rep


SCENARIOS = {
    "redis_down": redis_down,
    "worker_killed": worker_killed,
    "postgres_restart": postgres_restart,
}
