"""`python -m ui.serve run app.py …`: make run's server — Streamlit's own CLI (same arguments,
same server), without the component scan and with a warm-up while the first browser loads.

Streamlit runs nothing of the app until a browser's websocket connects, about a second after
the server answers (the page loads and runs Streamlit's JavaScript first). That second the
server sits idle, and then the first session pays every cold cost in its script run: the
pages' imports (pydantic models, DuckDB, the status engine), the configuration cache, the text
catalog and DuckDB's instance (issue 17: measured 0.35–0.45 s of the first run at load ~3,
over a second when the machine is busier). The warm-up does that work once
the server listens, in a daemon thread, so the first overview's run finds it done. It only
prepares what every start needs (no query, no town's data); a session that arrives first
simply does the rest itself (imports are thread-safe), and a failed warm-up is logged and
changes nothing.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import time

log = logging.getLogger("mittaristo.serve")

# What the first overview imports (app.py's frame and pages/overview.py's own imports); a test
# checks the list against those files, so a new page import is warmed too.
WARM_MODULES = (
    "mittaristo.config.result",
    "mittaristo.config.model",
    "mittaristo.edits",
    "mittaristo.i18n",
    "mittaristo.presentation",
    "mittaristo.scorecard",
    "mittaristo.status",
    "mittaristo.status.explain",
    "mittaristo.usemeta",
    "ui.components",
    "ui.export_panel",
    "ui.frame",
    "ui.overview_views",
    "ui.queries",
    "ui.review_queries",
)


def _serving() -> bool:
    from streamlit import runtime

    if not runtime.exists():
        return False
    state = runtime.get_instance().state
    return state.name in ("NO_SESSIONS_CONNECTED", "ONE_OR_MORE_SESSIONS_CONNECTED")


def warm_up() -> None:
    """Import the overview's modules, read the configuration (the app's cached resource),
    parse the default language's texts and create the process's DuckDB instance."""
    for name in WARM_MODULES:
        importlib.import_module(name)
    from mittaristo import store
    from mittaristo.i18n import LANG_NAMES, t
    from ui import queries

    queries.get_config()
    t("app_title", "fi")
    dict(LANG_NAMES)
    store.prepare()
    from ui import plotly_theme  # last: the overview draws no chart

    plotly_theme.ensure()


def _warm_when_serving(timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not _serving():  # after the server's own start (it would only slow that down)
        if time.monotonic() > deadline:
            return
        time.sleep(0.01)
    started = time.perf_counter()
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - the first session does the same work and reports it
        log.exception("warm-up failed (the first page does the work itself)")
        return
    # one line in the server's output, next to Streamlit's own "You can now view…"
    print(f"  Warm-up done in {time.perf_counter() - started:.2f} s.", file=sys.stderr, flush=True)


def skip_component_scan() -> None:
    """Streamlit's server start reads the metadata of every installed distribution (86 in this
    venv, 0.1–0.4 s before the server answers) looking for custom components (components v2)
    to serve; the app uses none and installs none, so the scan has nothing to find."""
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = _no_components


def _no_components(max_workers: int | None = None) -> list:
    return []


class _DeferPlotly:
    """An import finder that refuses plotly while Streamlit is imported: Streamlit then skips its
    plotly theme (it suppresses the ImportError: plotly is optional to it) and the warm-up
    configures it (ui.plotly_theme) once the server listens; ~0.2 s less before it answers."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.split(".")[0] in ("plotly", "_plotly_utils"):
            raise ImportError(f"{name}: deferred by ui.serve until the server listens")


def import_streamlit() -> None:
    """Streamlit's CLI and server modules, without plotly (the finder is removed afterwards)."""
    blocker = _DeferPlotly()
    sys.meta_path.insert(0, blocker)
    try:
        import streamlit.web.bootstrap
        import streamlit.web.cli  # noqa: F401
    finally:
        sys.meta_path.remove(blocker)


def main() -> int:
    import_streamlit()
    skip_component_scan()
    threading.Thread(target=_warm_when_serving, name="mittaristo-warm-up", daemon=True).start()
    from streamlit.web.cli import main as streamlit_main

    return streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
