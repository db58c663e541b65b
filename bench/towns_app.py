"""One size of the cost curve (bench/towns.py): the app with N configured towns, in its own
interpreter, driven line by line so that the sizes' reruns interleave (a busy machine slows
every size in the same round, and each round gives one ratio).

    python -m bench.towns_app   (MITTARISTO_CONFIG_DIR and MITTARISTO_DB set by the caller)

Prints {"first_s", "towns"} when ready; then reads `overview` or `compare` (one warm rerun,
answers {"ms"}) until `done` (answers {"rss_mb"}: the process's peak RSS).
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


def main() -> None:
    import os

    for name in ("streamlit", "streamlit.runtime", "streamlit.runtime.scriptrunner_utils"):
        logging.getLogger(name).setLevel(logging.ERROR)
    started = time.perf_counter()
    apps = {"overview": _app(None)}
    first = time.perf_counter() - started
    apps["compare"] = _app("pages/compare.py")
    towns = len(apps["overview"].sidebar.selectbox(key="kunta").options)
    _say({"first_s": round(first, 2), "towns": towns})
    for line in sys.stdin:
        command = line.strip()
        if command == "done":
            break
        seconds, _ = clock(apps[command].run)
        _say({"ms": round(seconds * 1000, 1)})
    _say({"rss_mb": round(peak_rss_mb(os.getpid()) or 0.0, 1)})


def _say(message: dict) -> None:
    print(json.dumps(message), flush=True)


if __name__ == "__main__":
    main()
