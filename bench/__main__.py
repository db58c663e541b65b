"""`python -m bench` (= `make bench`): run every figure, print the table, write bench/results.json.

    python -m bench                         # everything (about 7 minutes)
    python -m bench --only parse pages      # some figures; results.json keeps the others
    python -m bench --db data/mittaristo.duckdb --runs 9 --cells 2000000
    python -m bench --quick                 # tiny sizes: checks the harness, numbers meaningless

Each figure runs in its own interpreter (`--worker NAME`), so one figure's memory, caches and
imports never colour another's numbers.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import BENCH_DIR, PYTHON, ROOT, Context, Figure, child_env, failed_figure
from bench.towns import KEYS as TOWNS_KEYS

FIGURES = (
    "parse",
    "refresh",
    "pages",
    "peer",
    "memory",
    "startup",
    "firststart",
    "status",
    "towns",
)
NEEDS_DB = {"pages", "peer", "memory", "startup"}
# Keys each figure writes (so a crashed worker still leaves a line per key in results.json).
KEYS = {
    "parse": [("jsonstat_parse_vs_json_loads", "json-stat2 parse ÷ json.loads", "×", "≤ 2.0× json.loads"),
              ("jsonstat_parse_vs_pyjstat", "pyjstat ÷ json-stat2 parse", "×", "≥ 5× faster than pyjstat")],
    "refresh": [("refresh_requests", "Full refresh: requests vs minimum", "requests", "= minimum"),
                ("refresh_wall_vs_floor", "Full refresh: wall time ÷ floor", "×", "≤ 1.2× floor")],
    "pages": [("page_overview_vs_bare", "Overview rerun ÷ bare page", "×", "≤ 3× bare page"),
              ("page_indicator_vs_bare", "Indicator page rerun ÷ bare page", "×", "≤ 3× bare page")],
    "peer": [("peer_query_ms", "Peer query (1 mittari × all areas × all years)", "ms", "≤ 20 ms median")],
    "memory": [("app_peak_rss_mb", "App peak RSS serving the overview", "MB", "≤ 200 MB")],
    "startup": [("startup_s", "Start-up to overview table in chromium", "s", "≤ 2.5 s")],
    "firststart": [("first_start_s", "First start (no DB) to overview table", "s", "≤ 30 s")],
    "status": [("status_false_verdicts_noise", "Pure-noise series judged as moving or achieved", "%", "≤ 10 %"),
               ("status_flip_rate_steady", "Steady series: status flips between consecutive reviews", "%", "≤ 10 %")],
    "towns": TOWNS_KEYS,
}  # fmt: skip
# quick refresh: two PxWeb series, one Sotkanet, one SYKE per-resident series for 5 municipalities
QUICK_ONLY = ["vakiluku", "tyottomyysaste", "sairastavuusindeksi", "co2_paastot_per_asukas"]
QUICK_MUNICIPALITIES = ["KU005", "KU020", "KU111", "KU240", "KU593"]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--only",
        nargs="+",
        choices=FIGURES,
        metavar="FIGURE",
        help=f"run only these figures ({', '.join(FIGURES)})",
    )
    p.add_argument("--runs", type=int, help="repetitions of the cheap figures (default 7)")
    p.add_argument(
        "--slow-runs", type=int, help="repetitions of refresh/browser/pyjstat (default 3)"
    )
    p.add_argument("--cells", type=int, help="parse: cells in the document (default 1 000 000)")
    p.add_argument("--refresh-only", nargs="+", metavar="ID", help="refresh: these series only")
    p.add_argument(
        "--refresh-hosts",
        choices=("split", "single"),
        default="split",
        help="refresh: one emulator per service (default) or one for all",
    )
    p.add_argument(
        "--db", type=Path, help="existing DB with every municipality (else a demo DB is built)"
    )
    p.add_argument("--out", type=Path, default=BENCH_DIR / "results.json")
    p.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    p.add_argument(
        "--markdown", action="store_true",
        help="print --out (results.json) as the Markdown table of BENCHMARKS.md; runs nothing",
    )  # fmt: skip
    p.add_argument("--worker", choices=FIGURES, help=argparse.SUPPRESS)
    p.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    return p.parse_args(argv)  # fmt: skip


def make_context(args: argparse.Namespace, workdir: Path) -> Context:
    quick = args.quick
    return Context(
        runs=args.runs or (2 if quick else 7),
        slow_runs=args.slow_runs or (1 if quick else 3),
        cells=args.cells or (3_000 if quick else 1_000_000),
        refresh_only=args.refresh_only or (QUICK_ONLY if quick else None),
        municipalities=QUICK_MUNICIPALITIES if quick else None,
        db=args.db,
        workdir=workdir,
        quick=quick,
    )


def worker(args: argparse.Namespace) -> int:
    """Run one figure in this interpreter; print its figures as JSON on the last stdout line."""
    ctx = make_context(args, args.workdir)
    name = args.worker
    if name == "parse":
        from bench import parse as module
    elif name == "refresh":
        from bench import refresh as module
    elif name == "pages":
        from bench import pages as module
    elif name == "peer":
        from bench import peer as module
    elif name == "memory":
        from bench import memory as module
    elif name == "status":
        from bench import status as module
    elif name == "towns":
        from bench import towns as module
    elif name == "firststart":
        from bench import firststart as module
    else:
        from bench import startup as module
    kwargs = {"hosts": args.refresh_hosts} if name == "refresh" else {}
    figures = module.run(ctx, **kwargs)
    print(json.dumps([dataclasses.asdict(f) for f in figures]), flush=True)
    return 0


def build_db(ctx: Context) -> Path:
    """A demo database with every municipality: the real loaders against the emulator."""
    from loaders.demo import UnthrottledClient, emulator_settings
    from loaders.emulator import start_emulator
    from loaders.refresh import refresh
    from mittaristo.config.load import load_config
    from mittaristo.settings import Settings

    path = ctx.workdir / "bench.duckdb"
    config = load_config(ROOT)
    only = None
    if ctx.quick:  # everything but the SYKE files (311 downloads)
        only = [i.id for i in config.catalog.indicators if i.source.kind in ("pxweb", "sotkanet")]
    started = time.monotonic()
    with start_emulator() as emu:
        settings = emulator_settings(Settings(), emu.env())
        with UnthrottledClient(settings) as client:
            report = refresh(config, path, settings, only=only, kind="demo",
                             source_label="demo", client=client)  # fmt: skip
    ctx.log(f"bench: demo database {path} built in {time.monotonic() - started:.0f} s "
            f"({report.n_ok} series ok, {report.n_failed} failed)")  # fmt: skip
    return path


def run_worker(name: str, args: argparse.Namespace, ctx: Context) -> list[Figure]:
    cmd = [PYTHON, "-m", "bench", "--worker", name, "--workdir", str(ctx.workdir),
           "--runs", str(ctx.runs), "--slow-runs", str(ctx.slow_runs), "--cells", str(ctx.cells),
           "--refresh-hosts", args.refresh_hosts]  # fmt: skip
    if ctx.refresh_only:
        cmd += ["--refresh-only", *ctx.refresh_only]
    if ctx.db:
        cmd += ["--db", str(ctx.db)]
    if ctx.quick:
        cmd += ["--quick"]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, text=True)
    lines = proc.stdout.strip().splitlines()
    try:
        figures = [Figure(**f) for f in json.loads(lines[-1])]
    except (IndexError, ValueError, TypeError):
        reason = f"worker exited with {proc.returncode} (see the log above)"
        figures = [failed_figure(k, t, u, g, reason) for k, t, u, g in KEYS[name]]
    for f in figures:
        f.details.setdefault("figure_seconds", round(time.monotonic() - started, 1))
    return figures


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for mod in ("duckdb", "pandas", "numpy", "streamlit", "plotly", "pyjstat", "playwright"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod)
        except Exception:  # noqa: BLE001 - only informative
            versions[mod] = "?"
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
            "python": platform.python_version(), "packages": versions}  # fmt: skip


def fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def table(figures: list[Figure]) -> str:
    rows = [("figure", "value", "min", "max", "unit", "goal", "met", "note")]
    for f in figures:
        met = "—" if f.met is None else ("yes" if f.met else "NO")
        rows.append((f.key, fmt(f.value), fmt(f.min), fmt(f.max), f.unit, f.goal, met, f.note))
    widths = [max(len(r[i]) for r in rows) for i in range(7)]
    lines = []
    for n, r in enumerate(rows):
        lines.append(
            "  ".join(c.ljust(w) for c, w in zip(r[:7], widths, strict=True)) + "  " + r[7]
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  ----")
    return "\n".join(lines)


def markdown(results: dict) -> str:
    """results.json as the table in BENCHMARKS.md."""
    lines = [
        "| figure | value | min | max | goal | met | note |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for key, f in results.items():
        met = "—" if f.get("met") is None else ("yes" if f["met"] else "**no**")
        unit = f.get("unit", "")
        cells = [fmt(f.get(k)) + (f" {unit}" if k == "value" and f.get(k) is not None else "")
                 for k in ("value", "min", "max")]  # fmt: skip
        lines.append(
            f"| `{key}` | {' | '.join(cells)} | {f.get('goal', '')} | {met} | {f.get('note', '')} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args)
    if args.markdown:
        print(markdown(json.loads(args.out.read_text(encoding="utf-8"))))
        return 0
    started = time.monotonic()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="mittaristo-bench-"))
    ctx = make_context(args, workdir)
    names = [n for n in FIGURES if not args.only or n in args.only]
    figures: list[Figure] = []
    try:
        if ctx.db is None and NEEDS_DB & set(names):
            ctx.db = build_db(ctx)
        for name in names:
            ctx.log(f"bench: {name} …")
            figures += run_worker(name, args, ctx)
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.monotonic() - started
    results = {}
    if args.out.exists() and args.only:  # a partial run keeps the other figures
        try:
            results = json.loads(args.out.read_text(encoding="utf-8"))
        except ValueError:
            results = {}
    results.update({f.key: f.as_json() for f in figures})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(figures))
    info = machine()
    print(
        f"\n{len(figures)} figures in {elapsed:.0f} s ({'quick' if ctx.quick else 'full'} sizes, "
        f"runs {ctx.runs}, slow runs {ctx.slow_runs}); written to {args.out}"
    )
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['memory']}, {info['os']}, "
        f"Python {info['python']}, " + ", ".join(f"{k} {v}" for k, v in info["packages"].items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
