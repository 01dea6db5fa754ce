"""Users working through gunicorn while a fault happens: BKD approving and issuing decrees,
and staff opening pages. Every answer is recorded with its time, for the scenario's checks.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field

from django.utils import timezone

from .client import Browser


@dataclass
class Entry:
    t0: float  # time.monotonic() when the action started
    action: str  # "approve", "sk", "get"
    target: object  # request id, list of ids, or path
    kind: str  # "ok", "refused", "error", "unknown"
    ms: float
    detail: str = ""


@dataclass
class Recorder:
    items: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, c):
        with self.lock:
            self.items.append(c)

    def select(self, action, kind=None, after=None, before=None):
        with self.lock:
            return [c for c in self.items
                    if c.action == action and (kind is None or c.kind == kind)
                    and (after is None or c.t0 >= after) and (before is None or c.t0 < before)]

    def ok_approvals(self):
        return {c.target for c in self.select("approve", "ok")}

    def ok_sk(self):
        return {pk for c in self.select("sk", "ok") for pk in c.target}


def login(base_url, username, password, seconds=60):
    """A logged-in Browser; retried while the app is not answering."""
    deadline = time.monotonic() + seconds
    while True:
        b = Browser(base_url)
        try:
            b.login(username, password)
            return b
        except RuntimeError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class Approver(threading.Thread):
    """A BKD officer: approves the next request every `pace` seconds and, every `sk_every`
    approvals, issues one decree (TMT today, so the employees move at once) for those of
    them still waiting for a decree on the SK page."""

    def __init__(self, browser, pool, recorder, stop, pace=0.5, sk_every=4):
        super().__init__(daemon=True)
        self.b, self.pool, self.recorder, self.stop = browser, pool, recorder, stop
        self.pace, self.sk_every = pace, sk_every
        self.batch = []

    def run(self):
        while not self.stop.is_set():
            t0 = time.monotonic()
            try:
                pk = self.pool.get_nowait()
            except queue.Empty:
                break
            h = self.b.approve(pk)
            self.recorder.add(Entry(t0, "approve", pk, h.kind, h.ms, h.detail))
            if h.kind == "ok":
                self.batch.append(pk)
            if len(self.batch) >= self.sk_every:
                self.issue_sk()
            rest = self.pace - (time.monotonic() - t0)
            if rest > 0:
                self.stop.wait(rest)

    def issue_sk(self):
        """Decree for this officer's approved requests the SK page still offers."""
        if not self.batch:
            return
        t0 = time.monotonic()
        calon = self.b.sk_candidates()
        if calon is None:
            self.recorder.add(Entry(t0, "sk", [], "error", (time.monotonic() - t0) * 1000,
                                    "halaman SK tidak terbuka"))
            return  # kept for the next try
        ids = sorted(set(self.batch) & calon)
        if not ids:
            self.batch = []
            return
        today = timezone.localdate()
        h = self.b.issue_sk(ids, today, today)
        self.recorder.add(Entry(t0, "sk", ids, h.kind, h.ms, h.detail))
        if h.kind == "ok":
            self.batch = [pk for pk in self.batch if pk not in ids]


class PageReader(threading.Thread):
    """Someone opening the app's pages one after another, `pace` seconds apart."""

    def __init__(self, browser, paths, recorder, stop, pace=0.2):
        super().__init__(daemon=True)
        self.b, self.paths, self.recorder = browser, paths, recorder
        self.stop, self.pace = stop, pace

    def run(self):
        i = 0
        while not self.stop.is_set():
            path = self.paths[i % len(self.paths)]
            i += 1
            t0 = time.monotonic()
            r = self.b.get(path)
            kind = "ok" if r.status == 200 else "error"
            self.recorder.add(Entry(t0, "get", path, kind, r.ms,
                                    "" if kind == "ok" else f"HTTP {r.status} {r.error}"))
            self.stop.wait(self.pace)


def all_pages_ok(browser, paths):
    return all(browser.get(p).status == 200 for p in paths)


def finish_approvals(browser, ids, recorder, seconds=60):
    """After the fault: the officer goes over every request not yet approved, as a user
    would after an error, and issues a decree for whatever still waits for one."""
    from mutasi.models import PermohonanMutasi, Status

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        open_ = list(PermohonanMutasi.objects.filter(pk__in=ids, status=Status.DITERIMA_TUJUAN)
                     .values_list("pk", flat=True))
        if not open_:
            break
        for pk in open_:
            t0 = time.monotonic()
            h = browser.approve(pk)
            recorder.add(Entry(t0, "approve", pk, h.kind, h.ms, h.detail))
        time.sleep(0.5)
    a = Approver(browser, queue.Queue(), recorder, threading.Event())
    a.batch = list(PermohonanMutasi.objects.filter(pk__in=ids, status=Status.DISETUJUI_BKD)
                   .values_list("pk", flat=True))
    while a.batch and time.monotonic() < deadline:
        a.issue_sk()
        if a.batch:
            time.sleep(0.5)
