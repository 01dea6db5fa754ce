"""python -m faults [redis_down|worker_killed|postgres_restart|all] ...

Starts a private PostgreSQL and Redis (free ports above 55432 and 56379, temporary
folders), builds the demo Pemda in them, runs the scenarios in order and prints PASS/FAIL
with figures for each. Exits 1 if any scenario fails. Everything started is stopped and
removed at the end, also on failure or Ctrl-C. FAULTS_KEEP_LOGS=1 keeps the process logs.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import time
import traceback


def _on_term(signum, frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    from .infra import log, missing_tools
    from .lab import Lab
    from .scenarios import SCENARIOS, Report

    names = argv or ["all"]
    if "all" in names:
        names = list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        print(f"skenario tidak dikenal: {', '.join(unknown)}; pilih dari "
              f"{', '.join(SCENARIOS)} atau all", file=sys.stderr)
        return 2
    missing = missing_tools()
    if missing:
        print(f"uji gangguan tidak dapat berjalan: {', '.join(missing)} tidak ditemukan "
              "(perlu redis-server dan PostgreSQL: initdb, pg_ctl, psql)", file=sys.stderr)
        return 2
    # Ctrl-C and SIGTERM unwind through the `finally` below, also when started in the
    # background (where a shell leaves SIGINT ignored).
    signal.signal(signal.SIGTERM, _on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    t0 = time.monotonic()
    lab = Lab()
    atexit.register(lab.close)
    reports = []
    try:
        lab.open()
        for name in names:
            log(f"skenario {name} dimulai")
            lab.scenario = name
            try:
                rep = SCENARIOS[name](lab)
            except Exception:
                rep = Report(name, problems=["galat skrip:\n" + traceback.format_exc()])
                lab.stop_processes()
                lab.ensure_servers()
            finally:
                lab.stop_processes()
            rep.print_summary()
            if not rep.passed:
                print(lab.log_tails(name), flush=True)
            reports.append(rep)
    finally:
        keep = os.environ.get("FAULTS_KEEP_LOGS") == "1"
        lab.close(keep_logs=keep)
    print("Ringkasan uji gangguan:")
    for rep in reports:
        print(f"  {'PASS' if rep.passed else 'FAIL'}  {rep.name} ({rep.seconds:.0f} s)")
    print(f"  total {time.monotonic() - t0:.0f} s", flush=True)
    return 0 if reports and all(rep.passed for rep in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
