"""One size of the cost curve (bench/towns.py): the app with N configured towns, in its own
interpreter — first run, warm reruns of Heinola's overview and compare pages, peak RSS.

    python -m bench.towns_app ROUNDS   (MITTARISTO_CONFIG_DIR and MITTARISTO_DB set by the caller)

Prints one JSON line: {"first_s", "overview_ms": [...], "compare_ms": [...], "rss_mb", "towns"}.
"""

from __future__ import annotations

import json
import logging
import sys
import time

from bench import ROOT, clock, peak_rss_mb

TOWN = "heinola"


def _app(page: str | None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params = {"kunta": TOWN}
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    at.run()  # the first rerun of a page fills its own caches
    problems = [e.value for e in at.exception] + [e.value for e in at.error]
    if problems:
        raise RuntimeError(f"{page or 'overview'}: {problems[:2]}")
    return at


def main(rounds: int) -> dict:
    import os

    for name in ("streamlit", "streamlit.runtime", "streamlit.runtime.scriptrunner_utils"):
        logging.getLogger(name).setLevel(logging.ERROR)
    started = time.perf_counter()
    apps = {"overview": _app(None)}
    first = time.perf_counter() - started
    apps["compare"] = _app("pages/compare.py")
    towns = len(apps["overview"].sidebar.selectbox(key="kunta").options)
    times: dict[str, list[float]] = {name: [] for name in apps}
    for i in range(rounds):
        for name in list(apps) if i % 2 == 0 else list(apps)[::-1]:
            seconds, _ = clock(apps[name].run)
            times[name].append(round(seconds * 1000, 1))
    return {
        "first_s": round(first, 2),
        "overview_ms": times["overview"],
        "compare_ms": times["compare"],
        "rss_mb": round(peak_rss_mb(os.getpid()) or 0.0, 1),
        "towns": towns,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))), flush=True)
