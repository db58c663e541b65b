"""Figure 3: warm reruns of the overview and the indicator page against a bare page (AppTest).

All three run through the real `app.py` (set_page_config, CSS, sidebar, navigation, the
first-run check and the demo banner). The bare page (`bench/bare_page.py`, a title only) is
added to app.py's `st.navigation` for this process, so the only difference between the three
is the page itself. Town: Heinola (30 mittarit), peers and country shown on the indicator page.
Warm = the caches are filled by the first runs; only the second and later `at.run()` count.
Rounds interleave the three pages; each round gives one ratio page ÷ bare.
"""

from __future__ import annotations

import logging
import os
import time

from bench import BENCH_DIR, ROOT, Context, Figure, clock, failed_figure, summary

TOWN = "heinola"
BARE_PAGE = BENCH_DIR / "bare_page.py"
GOAL = "≤ 3× bare page"


def _add_bare_page() -> None:
    """app.py's st.navigation gets the bench page appended (this process only)."""
    import streamlit as st

    original = getattr(st, "_bench_original_navigation", st.navigation)
    st._bench_original_navigation = original

    def navigation(pages, *args, **kwargs):
        bare = st.Page(str(BARE_PAGE), title="bench", url_path="bench-bare")
        return original([*pages, bare], *args, **kwargs)

    st.navigation = navigation


def _app(page: str | None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params = {"kunta": TOWN, "verrokit": "1", "maa": "1"}
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    at.run()  # and once more: the first rerun of a page fills its own caches
    if at.exception or at.error:
        problems = [e.value for e in at.exception] + [e.value for e in at.error]
        raise RuntimeError(f"{page or 'overview'}: {problems[:2]}")
    return at


def run(ctx: Context) -> list[Figure]:
    os.environ["MITTARISTO_DB"] = str(ctx.db)
    os.environ.setdefault("MITTARISTO_CONFIG_DIR", str(ROOT))
    for name in ("streamlit", "streamlit.runtime", "streamlit.runtime.scriptrunner_utils"):
        logging.getLogger(name).setLevel(logging.ERROR)
    _add_bare_page()
    try:
        apps = {
            "bare": _app(os.path.relpath(BARE_PAGE, ROOT)),
            "overview": _app(None),
            "indicator": _app("pages/indicator.py"),
        }
    except Exception as exc:  # noqa: BLE001 - reported as a figure that could not be measured
        reason = f"{type(exc).__name__}: {exc}"[:300]
        return [failed_figure(k, t, "×", GOAL, reason) for k, t in (
            ("page_overview_vs_bare", "Overview rerun ÷ bare page"),
            ("page_indicator_vs_bare", "Indicator page rerun ÷ bare page"))]  # fmt: skip
    checks = {
        "overview": len(apps["overview"].markdown) >= 2,  # rollups + scorecard tables
        "indicator": len(apps["indicator"].get("plotly_chart")) == 1,
        "bare": [t.value for t in apps["bare"].title] == ["Bench"],
    }
    times: dict[str, list[float]] = {name: [] for name in apps}
    rounds = max(ctx.runs, 11) if not ctx.quick else ctx.runs
    for i in range(rounds):
        order = list(apps) if i % 2 == 0 else list(apps)[::-1]
        for name in order:
            seconds, _ = clock(apps[name].run)
            times[name].append(seconds)
    ctx.log("pages: warm reruns (ms): " + "; ".join(
        f"{n} {', '.join(f'{t * 1000:.0f}' for t in v)}" for n, v in times.items()))  # fmt: skip
    bare_ms = summary(times["bare"])[0] * 1000
    figures = []
    for name, title in (("overview", "Overview (Heinola, 30 mittarit) rerun ÷ bare page"),
                        ("indicator", "Indicator page rerun ÷ bare page")):  # fmt: skip
        ratios = [p / b for p, b in zip(times[name], times["bare"], strict=True)]
        value, lo, hi = summary(ratios)
        page_ms = summary(times[name])[0] * 1000
        figures.append(Figure(
            f"page_{name}_vs_bare", title, value, "×", GOAL, value <= 3.0 and checks[name],
            lo, hi, rounds,
            note=f"{page_ms:.0f} ms vs bare {bare_ms:.0f} ms (median warm rerun)"
            + ("" if checks[name] else "; PAGE DID NOT RENDER AS EXPECTED"),
            details={"page_ms": [round(t * 1000, 1) for t in times[name]],
                     "bare_ms": [round(t * 1000, 1) for t in times["bare"]], "town": TOWN},
        ))  # fmt: skip
    return figures


def measure_once(page: str | None) -> float:  # pragma: no cover - a helper for profiling by hand
    at = _app(page)
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start
