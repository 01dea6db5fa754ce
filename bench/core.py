"""The small framework every bench module plugs into: figures, targets, context, timing."""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"


@dataclass(frozen=True)
class Figure:
    """One number a module reports, with its unit and (optionally) its target.

    `min`: the figure must be at least this; `max`: at most this; neither: informational.
    """

    name: str
    unit: str
    min: float | None = None
    max: float | None = None
    desc: str = ""

    @property
    def target(self):
        if self.min is not None:
            return f">= {_fmt(self.min)}"
        if self.max is not None:
            return f"<= {_fmt(self.max)}"
        return "-"

    def status(self, value):
        if value is None:
            return "SKIP"
        if self.min is None and self.max is None:
            return "info"
        ok = (self.min is None or value >= self.min) and (self.max is None or value <= self.max)
        return "OK" if ok else "FAIL"


def _fmt(v):
    if v is None:
        return "-"
    if isinstance(v, int) or (isinstance(v, float) and v.is_integer() and abs(v) >= 100):
        return f"{int(v):,}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}" if abs(v) < 1 else f"{v:.2f}"


def percentile(values, p):
    """Nearest-rank percentile (p in 0–100) of a non-empty sequence."""
    s = sorted(values)
    k = max(0, math.ceil(p / 100 * len(s)) - 1)
    return s[k]


def p50(values):
    return statistics.median(values)


@dataclass
class Context:
    """What a module's `run(ctx)` gets: the options, the bench database, shared helpers."""

    args: object
    db_url: str
    db_name: str
    scale: float
    workdir: Path
    skipped: dict = field(default_factory=dict)  # figure name -> reason
    errors: list = field(default_factory=list)  # labels of parts that raised
    notes: list = field(default_factory=list)
    _cache: dict = field(default_factory=dict)

    def log(self, msg):
        print(f"  · {msg}", flush=True)

    def note(self, msg):
        """A line worth repeating under the table (a skip reason, a diagnosis)."""
        self.notes.append(msg)
        self.log(msg)

    def skip(self, names, reason):
        for n in names:
            self.skipped[n] = reason
        self.note(reason)

    @contextmanager
    def step(self, label):
        """Log `label … 1.23 s` around a block."""
        print(f"  · {label} …", end="", flush=True)
        t0 = time.perf_counter()
        try:
            yield
        except BaseException:
            print(" gagal", flush=True)
            raise
        print(f" {time.perf_counter() - t0:.2f} s", flush=True)

    @contextmanager
    def guard(self, label):
        """Run one part of a module; an exception is printed and recorded, the rest goes on."""
        try:
            yield
        except Exception:
            traceback.print_exc()
            self.errors.append(label)
            print(f"  ! {label} gagal (lihat jejak di atas)", flush=True)

    def cached(self, key, build):
        """Build shared state (the dataset, a logged-in client) once per run."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def scaled(self, n):
        return max(1, int(round(n * self.scale)))


def timed(fn, *a, **kw):
    """(seconds, result) of one call."""
    t0 = time.perf_counter()
    r = fn(*a, **kw)
    return time.perf_counter() - t0, r


def print_table(rows):
    """rows: (module, Figure|None, name, value, status)."""
    header = ("figure", "value", "target", "status")
    body = []
    for _mod, fig, name, value, status in rows:
        unit = fig.unit if fig else ""
        val = "-" if value is None else f"{_fmt(value)} {unit}".strip()
        body.append((name, val, fig.target if fig else "-", status))
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(4)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    sep = "  ".join("-" * w for w in widths)
    print(line.format(*header))
    print(sep)
    for r in body:
        text = line.format(*r)
        if r[3] == "FAIL":
            text += "   <-- target missed"
        print(text)
    sys.stdout.flush()


def write_results(figures, meta, dropped, stamp, out_dir=None):
    """Merge `figures` into out/latest.json (dropping `dropped`) and write a stamped copy."""
    out_dir = out_dir or OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    latest = out_dir / "latest.json"
    merged = {}
    if latest.exists():
        try:
            merged = json.loads(latest.read_text()).get("figures", {})
        except (ValueError, AttributeError):
            merged = {}
    for name in dropped:
        merged.pop(name, None)
    merged.update(figures)
    latest.write_text(
        json.dumps({"figures": dict(sorted(merged.items())), "meta": meta}, indent=2) + "\n"
    )
    stamped = out_dir / f"bench-{stamp}.json"
    stamped.write_text(json.dumps({"figures": figures, "meta": meta}, indent=2) + "\n")
    return latest, stamped
