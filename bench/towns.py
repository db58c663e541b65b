"""Figure 9: the cost curve — 4, 50 and all current municipalities configured.

For each size a configuration folder is made: the four shipped strategies plus synthetic ones
(`mittaristo.newtown.starter_strategy`: the common key figures, peers by similarity) for the
next municipalities in code order. Per size:
- **refresh**: `loaders.refresh.refresh` with demo data through the in-process emulator and the
  demo's unthrottled client (as `python -m loaders demo`), into a new database: requests, wall
  time, database size; the configuration's load and validation time is timed apart;
- **app** (bench/towns_app.py, a fresh interpreter per size): AppTest of the real app.py,
  Heinola's overview and compare pages, warm reruns; the process's peak RSS.
And, at all municipalities, the refresh with the first 5 and 15 automatic series, to show what
the refresh cost does grow with: distinct series, one request plan for every municipality.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import time
from pathlib import Path

from bench import PYTHON, ROOT, Context, Figure, child_env, failed_figure, summary

SIZES = (4, 50, 0)  # 0 = every current municipality
QUICK_SIZES = (4, 6)
SERIES_STEPS = (5, 15)
RERUN_GOAL = 1.25  # all-towns rerun ÷ 4-towns rerun (the noise of a shared 2-core machine)
KEYS = [
    ("towns_refresh_requests", "Refresh requests, all towns ÷ 4 towns", "×", "= 1.00 (series, not towns)"),
    ("towns_refresh_wall", "Refresh wall time (demo), all towns ÷ 4 towns", "×", "≤ 1.25×"),
    ("towns_db_mb", "Database size with all towns", "MB", "same for every size"),
    ("towns_overview_rerun", "Overview rerun, all towns ÷ 4 towns (per round)", "×", f"≤ {RERUN_GOAL}×"),
    ("towns_compare_rerun", "Compare rerun, all towns ÷ 4 towns (per round)", "×", f"≤ {RERUN_GOAL}×"),
    ("towns_app_rss_mb", "App peak RSS (AppTest process), all towns", "MB", "≤ 4 towns + 25 MB"),
    ("towns_config_load_s", "Configuration load + validation, all towns", "s", "none (reported)"),
]  # fmt: skip


def synthetic_configs(workdir: Path, sizes: tuple[int, ...]) -> dict[int, Path]:
    """{size: config folder}: the shipped strategies plus starter strategies for the next
    municipalities in code order (their peers from the similarity measure)."""
    from mittaristo import newtown, reference
    from mittaristo.config.load import load_config
    from mittaristo.config.write import dump_strategy
    from mittaristo.keyfigures import assemble_key_figures
    from mittaristo.similarity import suggest_peers

    shipped = load_config(ROOT)
    catalog = shipped.catalog.by_id()
    taken = {s.municipality for s in shipped.strategies.values()}
    codes = [c for c in reference.municipality_codes() if c not in taken]
    figures = assemble_key_figures(None, reference.key_figures(), reference.municipality_codes(),
                                   dt.date.today(), live=False)  # fmt: skip
    term = newtown.council_term(dt.date.today())
    period = newtown.default_period(term)
    reviews = newtown.default_reviews(period, term, dt.date.today())
    out: dict[int, Path] = {}
    for size in sizes:
        n = size or len(taken) + len(codes)
        folder = workdir / f"towns-{n}"
        (folder / "strategies").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "indicators.yaml", folder / "indicators.yaml")
        for path in (ROOT / "strategies").glob("*.yaml"):
            shutil.copy(path, folder / "strategies" / path.name)
        for code in codes[: n - len(taken)]:
            area = reference.municipalities()[code]
            slug = f"k{code[2:]}-{newtown.town_slug(area.name_fi)}"
            data = newtown.starter_strategy(
                code=code, slug=slug, names={"fi": area.name_fi, "sv": area.name_sv, "en": area.name_en},
                period=period, reviews=reviews, peers=suggest_peers(figures.rank(code), 6), catalog=catalog,
            )  # fmt: skip
            (folder / "strategies" / f"{slug}.yaml").write_text(
                dump_strategy(data), encoding="utf-8"
            )
        out[n] = folder
    return out


def refresh_once(folder: Path, db: Path, ctx: Context, only: list[str] | None) -> dict:
    from loaders.demo import UnthrottledClient, emulator_settings
    from loaders.emulator import start_emulator
    from loaders.refresh import refresh
    from mittaristo.config.load import load_config
    from mittaristo.settings import Settings

    started = time.monotonic()
    config = load_config(folder)
    load_s = time.monotonic() - started
    with start_emulator() as emu:
        settings = emulator_settings(Settings(), emu.env())
        with UnthrottledClient(settings) as client:
            started = time.monotonic()
            report = refresh(config, db, settings, only=only, kind="demo", source_label="demo",
                             client=client, municipalities=ctx.municipalities)  # fmt: skip
            wall = time.monotonic() - started
    return {"towns": len(config.strategies), "config_load_s": round(load_s, 2),
            "requests": report.requests, "wall_s": round(wall, 2), "series": report.n_series,
            "series_ok": report.n_ok, "series_failed": report.n_failed,
            "db_mb": round(db.stat().st_size / 1e6, 2)}  # fmt: skip


class AppProcess:
    """bench.towns_app for one configuration folder, driven one rerun at a time."""

    def __init__(self, folder: Path, db: Path):
        env = child_env(MITTARISTO_CONFIG_DIR=str(folder), MITTARISTO_DB=str(db),
                        MITTARISTO_EDITS_DB=str(folder / "edits.duckdb"))  # fmt: skip
        self.proc = subprocess.Popen([PYTHON, "-m", "bench.towns_app"], cwd=ROOT, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)  # fmt: skip
        self.ready: dict = {}

    def wait_ready(self) -> None:
        self.ready = self._read()

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            self.proc.kill()
            raise RuntimeError(f"bench.towns_app stopped (exit {self.proc.wait()})")
        return json.loads(line)

    def rerun(self, page: str) -> float:
        self.proc.stdin.write(page + "\n")
        self.proc.stdin.flush()
        return self._read()["ms"]

    def finish(self) -> float:
        self.proc.stdin.write("done\n")
        self.proc.stdin.flush()
        rss = self._read()["rss_mb"]
        self.proc.wait(timeout=60)
        return rss


def measure_apps(folders: dict[int, Path], dbs: dict[int, Path], rounds: int) -> dict[int, dict]:
    """Warm reruns of the overview and the compare page for every size, interleaved: in each
    round every size reruns each page once (the order rotates), so load on the machine hits
    all sizes alike."""
    apps = {}
    try:
        for n in folders:  # started together, their first runs overlap
            apps[n] = AppProcess(folders[n], dbs[n])
        for app in apps.values():
            app.wait_ready()
        times = {n: {"overview_ms": [], "compare_ms": []} for n in apps}
        sizes = list(apps)
        for i in range(rounds):
            order = sizes[i % len(sizes) :] + sizes[: i % len(sizes)]
            for page in ("overview", "compare"):
                for n in order:
                    times[n][f"{page}_ms"].append(apps[n].rerun(page))
        return {n: {**apps[n].ready, **times[n], "rss_mb": apps[n].finish()} for n in sizes}
    finally:
        for app in apps.values():
            if app.proc.poll() is None:
                app.proc.kill()


def run(ctx: Context) -> list[Figure]:
    try:
        return _measure(ctx)
    except Exception as exc:  # noqa: BLE001 - reported as figures that could not be measured
        reason = f"{type(exc).__name__}: {exc}"[:300]
        return [failed_figure(k, t, u, g, reason) for k, t, u, g in KEYS]


def _measure(ctx: Context) -> list[Figure]:
    from loaders.refresh import select_indicators
    from mittaristo.config.load import load_config

    folders = synthetic_configs(ctx.workdir, QUICK_SIZES if ctx.quick else SIZES)
    rounds = ctx.runs if ctx.quick else max(ctx.runs, 11)
    curve: dict[int, dict] = {}
    dbs = {n: ctx.workdir / f"towns-{n}.duckdb" for n in folders}
    for n, folder in folders.items():
        curve[n] = refresh_once(folder, dbs[n], ctx, ctx.refresh_only)
        ctx.log(f"towns: {n} towns, refresh: {json.dumps(curve[n])}")
    for n, app in measure_apps(folders, dbs, rounds).items():
        curve[n] |= app
        ctx.log(f"towns: {n} towns, app: {json.dumps(app)}")
    biggest = max(curve)
    automatic = [i.id for i in select_indicators(load_config(ROOT), ctx.refresh_only)
                 if i.source.kind != "derived"]  # fmt: skip
    by_series = {}
    for k in [s for s in SERIES_STEPS if s < len(automatic)]:
        db = ctx.workdir / f"towns-{biggest}-series-{k}.duckdb"
        by_series[k] = refresh_once(folders[biggest], db, ctx, automatic[:k])
        ctx.log(f"towns: {biggest} towns, {k} series: {json.dumps(by_series[k])}")
    by_series[curve[biggest]["series"]] = curve[biggest]
    return figures(curve, by_series)


def _median(values: list[float]) -> float:
    return summary(values)[0]


def figures(curve: dict[int, dict], by_series: dict[int, dict]) -> list[Figure]:
    sizes = sorted(curve)
    small, big = curve[sizes[0]], curve[sizes[-1]]
    per = lambda key, fmt: ", ".join(f"{n}: {fmt(curve[n][key])}" for n in sizes)  # noqa: E731
    series = ", ".join(f"{k} series {v['requests']} requests / {v['wall_s']:.1f} s"
                       for k, v in sorted(by_series.items()))  # fmt: skip
    details = {"curve": {str(n): curve[n] for n in sizes},
               "by_series": {str(k): v for k, v in sorted(by_series.items())}}  # fmt: skip
    req = big["requests"] / small["requests"]
    wall = big["wall_s"] / small["wall_s"]
    ov = _median([b / a for a, b in zip(small["overview_ms"], big["overview_ms"], strict=True)])
    cmp = _median([b / a for a, b in zip(small["compare_ms"], big["compare_ms"], strict=True)])
    same_db = max(curve[n]["db_mb"] for n in sizes) - min(curve[n]["db_mb"] for n in sizes) < 0.5
    rss_growth = big["rss_mb"] - small["rss_mb"]
    rows = [
        (req, all(curve[n]["requests"] == small["requests"] for n in sizes),
         f"towns {per('requests', str)} requests; at {sizes[-1]} towns: {series}"),
        (wall, wall <= 1.25, f"wall {per('wall_s', lambda v: f'{v:.1f} s')}"),
        (big["db_mb"], same_db, f"{per('db_mb', lambda v: f'{v:.1f} MB')}"),
        (ov, ov <= RERUN_GOAL, "median warm rerun " + ", ".join(f"{n}: {_median(curve[n]['overview_ms']):.0f} ms" for n in sizes)),
        (cmp, cmp <= RERUN_GOAL, "median warm rerun " + ", ".join(f"{n}: {_median(curve[n]['compare_ms']):.0f} ms" for n in sizes)),
        (big["rss_mb"], rss_growth <= 25, f"VmHWM {per('rss_mb', lambda v: f'{v:.0f} MB')}; first overview {per('first_s', lambda v: f'{v:.1f} s')}"),
        (big["config_load_s"], None, f"{per('config_load_s', lambda v: f'{v:.1f} s')} (once per process: the app caches it)"),
    ]  # fmt: skip
    return [
        Figure(key, title, value, unit, goal, met, value, value, 1, note=note, details=details)
        for (key, title, unit, goal), (value, met, note) in zip(KEYS, rows, strict=True)
    ]
