"""Figure 11: first start — from launching make run's streamlit command with no database (pip
already done) to the first overview's scorecard table visible in headless chromium.

This is a newcomer's first `make run` on a machine that cannot reach the official services
(this machine has no internet: exactly the case measured). The services are really probed
(MITTARISTO_OFFLINE is removed from the server's environment); the app then builds the demo
database with visible progress and shows the overview. Goal ≤ 30 s (issue 17).
"""

from __future__ import annotations

import time

from bench import Context, Figure, failed_figure, summary
from bench._browser import App, browser, open_overview

GOAL_S = 30.0
GOAL = f"≤ {GOAL_S:.0f} s"
KEY = "first_start_s"
TITLE = "First start without a database: launch → overview table (services unreachable)"


def run(ctx: Context) -> list[Figure]:
    runs = 1 if ctx.quick else 2
    totals, to_health = [], []
    try:
        with browser() as chromium:
            for i in range(runs):
                db = ctx.workdir / f"first_start_{i}" / "mittaristo.duckdb"
                db.parent.mkdir(parents=True, exist_ok=True)
                app = App(db, ctx.workdir / f"first_start_{i}.log", offline=None,
                          edits=db.parent / "edits.duckdb")  # fmt: skip
                try:
                    context = chromium.new_context()
                    page = context.new_page()
                    app.wait_healthy()
                    healthy = time.perf_counter() - app.started
                    open_overview(page, app.url, timeout=300)
                    total = time.perf_counter() - app.started
                    context.close()
                finally:
                    app.stop()
                if not db.exists():
                    raise RuntimeError("the overview showed but no database was built")
                totals.append(total)
                to_health.append(healthy)
                ctx.log(f"first start: run {i + 1}: {total:.1f} s (server healthy {healthy:.1f} s)")
    except Exception as exc:  # noqa: BLE001 - reported as a figure that could not be measured
        return [failed_figure(KEY, TITLE, "s", GOAL, f"{type(exc).__name__}: {exc}"[:300])]
    value, lo, hi = summary(totals)
    return [
        Figure(
            KEY, TITLE, value, "s", GOAL, value <= GOAL_S, lo, hi, runs,
            note="no DB, services really probed (no internet here), demo DB built by the app",
            details={"total_s": [round(t, 1) for t in totals],
                     "server_healthy_s": [round(t, 2) for t in to_health]},
        )
    ]  # fmt: skip
