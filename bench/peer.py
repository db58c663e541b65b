"""Figure 4: the peer query — one mittari for every area and every year, from DuckDB.

Exactly what the comparison page asks (`ui.queries.indicator_all_regions` →
`store.series_for_indicators(db, [id], None)`), timed as the app runs it: each call opens its
own read-only connection, queries and closes (nothing is kept between calls).
"""

from __future__ import annotations

from bench import Context, Figure, clock, failed_figure, summary

GOAL = "≤ 20 ms median"
INDICATOR = "vakiluku"  # every municipality, 1990–2025 in the demo DB


def run(ctx: Context) -> list[Figure]:
    from mittaristo import store

    title = "Peer query: 1 mittari × all areas × all years"
    try:
        first = store.series_for_indicators(ctx.db, [INDICATOR], None)  # warm the OS file cache
    except Exception as exc:  # noqa: BLE001 - reported as a figure that could not be measured
        return [failed_figure("peer_query_ms", title, "ms", GOAL, f"{type(exc).__name__}: {exc}")]
    n_rows = len(first)
    n_regions = first["region"].nunique() if n_rows else 0
    n_periods = first["period"].nunique() if n_rows else 0
    runs = max(ctx.runs * 3, 5) if not ctx.quick else ctx.runs
    times = []
    for _ in range(runs):
        seconds, frame = clock(lambda: store.series_for_indicators(ctx.db, [INDICATOR], None))
        assert len(frame) == n_rows
        times.append(seconds * 1000)
    value, lo, hi = summary(times)
    return [
        Figure(
            "peer_query_ms", title, value, "ms", GOAL, value <= 20.0, lo, hi, runs,
            note=f"{INDICATOR}: {n_rows:,} rows = {n_regions} areas × {n_periods} years "
            "(connection opened and closed per call, as in the app)",
            details={"ms": [round(t, 2) for t in times], "rows": n_rows},
        )
    ]  # fmt: skip
