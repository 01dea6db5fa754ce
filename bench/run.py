"""`make bench`: build the bench database, run every bench module, print and save the figures.

    .venv/bin/python bench/run.py [--only pegawai,...] [--reuse-db] [--scale 0.1]

Each module `bench/b_<area>.py` declares FIGURES (name, unit, target) and `run(ctx)`, which
returns {figure name: number}. Results are merged into bench/out/latest.json
({"figures": {...}}) and a timestamped copy is written next to it.
Exit code: 0 when every module ran (missed targets print FAIL but do not fail the run),
1 when a module raised, 2 when no PostgreSQL is reachable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import core, db  # noqa: E402


def discover():
    """{area: module name} for every bench/b_<area>.py, in the modules' ORDER."""
    found = []
    for path in sorted(core.BENCH_DIR.glob("b_*.py")):
        mod = importlib.import_module(f"bench.{path.stem}")
        found.append((getattr(mod, "ORDER", 50), path.stem[2:], mod))
    return [(area, mod) for _o, area, mod in sorted(found, key=lambda x: (x[0], x[1]))]


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="",
                    help="comma-separated areas to run (e.g. 'pegawai'); default: all")
    ap.add_argument("--reuse-db", action="store_true",
                    help="keep the bench database if it already holds the same dataset")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="scale employee and file sizes (targets hold at 1.0 only)")
    ap.add_argument("--list", action="store_true", help="list areas and figures, then exit")
    return ap.parse_args(argv)


def resolve_database_url():
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    print("DATABASE_URL tidak diisi: benchmark membutuhkan PostgreSQL.")
    print(f"Mencoba bawaan {db.DEFAULT_URL} …")
    if not db.server_answers(db.DEFAULT_URL):
        print("PostgreSQL di 127.0.0.1:5432 tidak menjawab. Isi DATABASE_URL, misalnya:")
        print("  DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi make bench")
        sys.exit(2)
    return db.DEFAULT_URL


def setup_django(bench_url):
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Tasks run in-process, as in zero-setup mode, so nothing reaches a worker that is
    # attached to another database (CONTRIBUTING.md, trap 3).
    os.environ.pop("CELERY_BROKER_URL", None)
    # whitenoise warns that collectstatic has not run; irrelevant to the measurements.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings

    # Measure like production and like Django's test runner: no query log, no template
    # debug info. (Static storage was already chosen at import, so templates still render.)
    settings.DEBUG = False


def _run_modules(ctx, selected, rows, figures, dropped, errors):
    for area, mod in selected:
        print(f"\n[{area}]", flush=True)
        declared = {f.name: f for f in mod.FIGURES}
        n_errors = len(ctx.errors)
        try:
            result = mod.run(ctx) or {}
        except Exception:
            traceback.print_exc()
            ctx.errors.append(area)
            result = {}
        failed = len(ctx.errors) > n_errors
        if failed:
            errors.append(area)
        for f in mod.FIGURES:
            value = result.get(f.name)
            if value is None:
                dropped.add(f.name)
                status = "SKIP" if f.name in ctx.skipped else ("ERROR" if failed else "n/a")
            else:
                figures[f.name] = value
                status = f.status(value)
            rows.append((area, f, f.name, value, status))
        for name, value in result.items():
            if name not in declared and value is not None:
                figures[name] = value
                rows.append((area, None, name, value, "info"))


def main(argv=None):
    args = parse_args(argv)
    areas = discover()
    if args.list:
        for area, mod in areas:
            print(area)
            for f in mod.FIGURES:
                print(f"  {f.name:<34} {f.target:<12} {f.unit:<8} {f.desc}")
        return 0
    wanted = {a.strip().removeprefix("b_") for a in args.only.split(",") if a.strip()}
    unknown = wanted - {a for a, _m in areas}
    if unknown:
        print(f"Area tidak dikenal: {', '.join(sorted(unknown))}. "
              f"Pilihan: {', '.join(a for a, _m in areas)}")
        return 2
    selected = [(a, m) for a, m in areas if not wanted or a in wanted]

    try:
        url = resolve_database_url()
        burl, bname = db.bench_url(url)
        if not db.server_answers(burl):
            print(f"PostgreSQL untuk {bname} tidak menjawab.")
            return 2
    except db.BenchDbError as e:
        print(e)
        return 2

    t_start = time.perf_counter()
    load_start = os.getloadavg()[0]
    print(f"SIMUTASI bench — basis data {bname} (dibuat ulang dari DATABASE_URL; "
          f"basis data Anda tidak disentuh)")
    reuse = args.reuse_db and db.exists(burl, bname)
    if not reuse:
        db.recreate(burl, bname)
    setup_django(burl)
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"  · migrate {time.perf_counter() - t0:.1f} s")

    workdir = Path(tempfile.mkdtemp(prefix="simutasi-bench-"))
    ctx = core.Context(args=args, db_url=burl, db_name=bname, scale=args.scale,
                       workdir=workdir)
    ctx.reuse_db = reuse

    rows, figures, dropped, errors = [], {}, set(), []
    try:
        _run_modules(ctx, selected, rows, figures, dropped, errors)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    meta = {
        "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "areas": [a for a, _m in selected],
        "scale": args.scale,
        "database": bname,
        "machine": f"{platform.node()} {os.cpu_count()} CPU, Python {platform.python_version()}",
        "seconds": round(time.perf_counter() - t_start, 1),
        "load_1min": [round(load_start, 2), round(os.getloadavg()[0], 2)],
    }
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    latest, stamped = core.write_results(figures, meta, dropped - set(figures), stamp)

    print()
    if args.scale != 1.0:
        print(f"PERHATIAN: --scale {args.scale}: target hanya berlaku pada skala 1.0.\n")
    core.print_table(rows)
    if ctx.notes:
        print()
        for n in ctx.notes:
            print(f"- {n}")
    busy = max(meta["load_1min"]) > (os.cpu_count() or 1)
    print(f"\nBeban mesin (load 1 menit) awal/akhir: {meta['load_1min'][0]} / "
          f"{meta['load_1min'][1]} pada {os.cpu_count()} CPU"
          + (" — mesin sibuk, angka waktu ikut melambat" if busy else ""))
    print(f"\nHasil: {latest.relative_to(ROOT)} (salinan {stamped.name}); "
          f"total {meta['seconds']} s")
    failed = [r[2] for r in rows if r[4] == "FAIL"]
    if failed:
        print(f"FAIL: {len(failed)} target tidak tercapai: {', '.join(failed)}")
    if errors:
        print(f"ERROR di area: {', '.join(errors)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
