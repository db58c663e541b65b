"""Figure 5: the app's peak RSS serving the overview, on a database with every municipality.
Goal ≤ 200 MB (issue 17); the log prints what it loads and where the memory goes (bench/breakdown.py).

The real app is started with make run's streamlit command; headless chromium opens the overview
of every configured town one after the other (each a new session, until its scorecard table is
visible); then the server process's peak resident set (VmHWM in /proc/PID/status) is read.
"""

from __future__ import annotations

from bench import ROOT, Context, Figure, failed_figure, peak_rss_mb, summary
from bench._browser import App, browser, open_overview
from bench.breakdown import format_breakdown, import_breakdown, mapped_libraries, rss_parts

GOAL_MB = 200.0
GOAL = f"≤ {GOAL_MB:.0f} MB"


def run(ctx: Context) -> list[Figure]:
    from mittaristo.config.load import load_config

    title = "App peak RSS serving the overview (all municipalities)"
    towns = sorted(load_config(ROOT).strategies)
    runs = 1 if ctx.quick else ctx.slow_runs
    peaks, after_first = [], []
    try:
        with browser() as chromium:
            for i in range(runs):
                app = App(ctx.db, ctx.workdir / f"memory_{i}.log")
                try:
                    app.wait_healthy()
                    timeline = {"healthy": rss_parts(app.pid)}
                    for n, town in enumerate(towns):
                        context = chromium.new_context()
                        page = context.new_page()
                        if town_has_table(town):
                            open_overview(page, app.url, town)
                        else:  # a town without mittarit has no table: wait for its title
                            page.goto(f"{app.url}/?kunta={town}", wait_until="domcontentloaded")
                            page.wait_for_selector("h1", timeout=90_000)
                        context.close()
                        timeline[town] = rss_parts(app.pid)
                        if n == 0:
                            after_first.append(peak_rss_mb(app.pid))
                    peak = peak_rss_mb(app.pid)
                    libraries = mapped_libraries(app.pid)
                finally:
                    app.stop()
                if peak is None:
                    raise RuntimeError("cannot read /proc/PID/status of the server")
                peaks.append(peak)
                ctx.log(f"memory: run {i + 1}: peak RSS {peak:.0f} MB "
                        f"(after the first overview {after_first[-1]:.0f} MB)")  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - reported as a figure that could not be measured
        return [
            failed_figure(
                "app_peak_rss_mb", title, "MB", GOAL, f"{type(exc).__name__}: {exc}"[:300]
            )
        ]
    value, lo, hi = summary(peaks)
    loads = what_it_loads(ctx)
    breakdown = import_breakdown()
    ctx.log(f"memory: loads {loads}")
    ctx.log(
        "memory: server RSS (MB) "
        + "; ".join(
            f"{k} {v.get('VmRSS')} (anon {v.get('RssAnon')}, file {v.get('RssFile')})"
            for k, v in timeline.items()
        )
    )
    ctx.log(f"memory: native libraries mapped in the server: {', '.join(libraries)}")
    ctx.log(
        "memory: resident MB added per import group (fresh interpreter):\n"
        + format_breakdown(breakdown)
    )
    return [
        Figure(
            "app_peak_rss_mb", title, value, "MB", GOAL, value <= GOAL_MB, lo, hi, runs,
            note=f"VmHWM after the overviews of {', '.join(towns)}; "
            f"after the first alone {summary(after_first)[0]:.0f} MB; DB {loads['db_mb']} MB, "
            f"{loads['regions']} regions; native libs mapped: {', '.join(libraries)}",
            details={"peak_mb": [round(p, 1) for p in peaks],
                     "after_first_overview_mb": [round(p, 1) for p in after_first], "towns": towns,
                     "loads": loads, "rss_timeline_mb": timeline, "mapped_libraries": libraries,
                     "import_breakdown_mb": dict(breakdown)},
        )
    ]  # fmt: skip


def what_it_loads(ctx: Context) -> dict:
    """What the figure serves: the database (size, regions, rows) and the pages opened."""
    import duckdb

    assert ctx.db is not None
    con = duckdb.connect(str(ctx.db), read_only=True)
    try:
        regions, rows, series = con.execute(
            "SELECT count(DISTINCT region), count(*), count(DISTINCT indicator_id) "
            "FROM indicator_observations"
        ).fetchone() or (0, 0, 0)
    finally:
        con.close()
    return {"db": str(ctx.db), "db_mb": round(ctx.db.stat().st_size / 1e6, 1),
            "regions": regions, "rows": rows, "series": series,
            "pages": "overview (?kunta=TOWN) of each configured town, one new browser context each"}  # fmt: skip


def town_has_table(town: str) -> bool:
    from mittaristo.config.load import load_config

    strategy = load_config(ROOT).strategies[town]
    return any(use.indicator for _, _, use in strategy.indicator_uses())
