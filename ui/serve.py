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

That second is not idle for the server, though: the browser first fetches Streamlit's
JavaScript (about 60 files at once, then more as it runs), and a warm-up holding Python's lock
meanwhile made those answers three times slower (59 files: 0.13–0.18 s alone, 0.48–0.51 s
beside the warm-up), so the page reached its first script run no sooner than with no warm-up
at all. The warm-up therefore yields: each step waits until no static file is being sent and
none has been for a moment (the browser is then parsing what it got, and the server is idle),
and the chart library, which the overview does not draw, waits until the first page is drawn.

Those answers themselves are made cheap too: every connection sends without Nagle's delay
(answer_without_delay), and Streamlit's immutable files are read into memory at the start and
answered from there (ui.static_memory): index.html's 61 files over six connections take
0.04 s instead of 0.43 s with Streamlit's plain server (`python -m bench.cuts static`).
"""

from __future__ import annotations

import functools
import gc
import importlib
import logging
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from ui.static_memory import StaticFromMemory

log = logging.getLogger("mittaristo.serve")

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = (ROOT / "app.py", ROOT / "pages" / "overview.py")  # the first overview's scripts
QUIET_S = 0.05  # no static file sent for this long: the browser is parsing, the server idle
FIRST_VISIT_S = 0.2  # before any static file: a browser opened with the server shows up by then
STEP_WAIT_S = 1.0  # a step never waits longer for quiet (a page that keeps loading, a crawler)
CHARTS_WAIT_S = 30.0  # the chart step waits this long at most for a first page to be drawn

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


class StaticTraffic:
    """Streamlit's static files being sent, counted where the server answers them, so that the
    warm-up can run in the gaps (the counters are only changed on the server's event loop)."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.last_end: float | None = None  # time.monotonic() when the last one was sent
        self.since = time.monotonic()  # counting from (reset when the server listens)

    def wrap(self, app: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
        """The ASGI app `app`, counted."""

        async def counted(scope: object, receive: object, send: object) -> None:
            self.in_flight += 1
            try:
                await app(scope, receive, send)
            finally:
                self.in_flight -= 1
                self.last_end = time.monotonic()

        return counted

    def quiet(self, quiet_s: float = QUIET_S) -> bool:
        """Nothing being sent, for `quiet_s` since the last file — or, before any file was
        asked for, for FIRST_VISIT_S: a warm-up step must not start just as the browser's first
        ~60 requests arrive (one step holds Python's lock for up to a quarter second)."""
        if self.in_flight:
            return False
        if self.last_end is None:
            return time.monotonic() - self.since >= FIRST_VISIT_S
        return time.monotonic() - self.last_end >= quiet_s

    def wait_quiet(self, quiet_s: float = QUIET_S, timeout: float | None = None) -> bool:
        """Sleep (the lock is free meanwhile) until quiet; False if `timeout` came first."""
        deadline = time.monotonic() + (STEP_WAIT_S if timeout is None else timeout)
        while not self.quiet(quiet_s):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True


TRAFFIC = StaticTraffic()
_PAGE_DRAWN = threading.Event()


def page_drawn() -> None:
    """Called by the app after each page run (ui.frame): the first one lets the chart step go."""
    _PAGE_DRAWN.set()


def track_static_requests() -> bool:
    """Streamlit's immutable static files read into memory at the start and answered from
    there (ui.static_memory), and every static file counted as it is sent (TRAFFIC). Streamlit
    builds its static mount with `create_streamlit_static_handler`, looked up when the server
    starts; False (Streamlit's own handler as it is, and a warm-up that does not wait) if a
    Streamlit version has no such function."""
    try:
        from streamlit.web.server.starlette import starlette_static_routes as routes
    except ImportError:
        return False
    make = getattr(routes, "create_streamlit_static_handler", None)
    if make is None:
        return False

    def counted_handler(*args: object, **kwargs: object) -> Callable[..., Awaitable[None]]:
        files = make(*args, **kwargs)
        directory = getattr(files, "directory", None)
        if directory is None:
            return TRAFFIC.wrap(files)
        in_memory = StaticFromMemory(files, Path(directory))
        in_memory.prefill_in_background()  # before the first browser asks (~30 ms)
        return TRAFFIC.wrap(in_memory)

    routes.create_streamlit_static_handler = counted_handler
    return True


def _compile_scripts() -> None:
    """app.py and the overview page compiled into the Runtime's script cache (Streamlit reads,
    parses and rewrites them for "magic" on a first run); skipped if a Streamlit keeps no such
    cache."""
    from streamlit import runtime

    cache = getattr(runtime.get_instance(), "_script_cache", None) if runtime.exists() else None
    if cache is None:
        return
    for script in SCRIPTS:
        cache.get_bytecode(str(script))


def _freeze_objects() -> None:
    """What the warm-up made lives as long as the process (modules, the configuration): after
    one collection, `gc.freeze()` moves it out of the collector's way, so the collection
    Streamlit runs after every script run (runner.postScriptGC; 45 ms here over the warm-up's
    objects) scans only what the runs themselves create."""
    gc.collect()
    gc.freeze()


def _prepare_overview() -> None:
    from mittaristo import store
    from mittaristo.i18n import LANG_NAMES, t
    from ui import queries

    queries.get_config()
    t("app_title", "fi")
    dict(LANG_NAMES)
    store.prepare()


def _prepare_default_town() -> None:
    """The data the first overview shows, for the town it opens with (the first in the
    configuration, as ui.frame chooses), computed into the app's own caches: its scorecard (the
    status engine over the town's series), the missing-notes flags, the editors' reports and
    the mittarit's use metadata. Skipped quietly without a database: the first start builds it."""
    import datetime as dt

    from mittaristo import store
    from ui import queries, review_queries

    town = sorted(queries.get_config().strategies)[0]
    try:
        with store.snapshot(queries.db_path()):
            version = queries.data_version()
            queries.scorecard(town, version, dt.date.today())
            review_queries.notes_missing(town, version)
    except store.StoreMissing:
        return
    queries.town_reports(town, queries.edits_version())
    queries.use_meta(town)


def warm_up() -> None:
    """Import the overview's modules, read the configuration (the app's cached resource),
    parse the default language's texts, create the process's DuckDB instance and compute the
    default town's overview data — one step at a time, each in a gap between static files."""
    steps: list[Callable[[], object]] = [
        functools.partial(importlib.import_module, name) for name in WARM_MODULES
    ]
    for step in [*steps, _prepare_overview, _compile_scripts, _prepare_default_town,
                 _freeze_objects]:  # fmt: skip
        TRAFFIC.wait_quiet()
        step()


def warm_charts() -> None:
    """The chart library's theme (the indicator page's first chart), once a first page is drawn
    or nobody came: the overview draws no chart, so it must not wait for this."""
    _PAGE_DRAWN.wait(CHARTS_WAIT_S)
    TRAFFIC.wait_quiet(quiet_s=0.3)  # the first page's own lazy files come after its run
    from ui import plotly_theme

    plotly_theme.ensure()
    _freeze_objects()


def _warm_when_serving(timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not _serving():  # after the server's own start (it would only slow that down)
        if time.monotonic() > deadline:
            return
        time.sleep(0.01)
    started = time.perf_counter()
    TRAFFIC.since = time.monotonic()
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - the first session does the same work and reports it
        log.exception("warm-up failed (the first page does the work itself)")
        return
    # one line in the server's output, next to Streamlit's own "You can now view…"
    print(f"  Warm-up done in {time.perf_counter() - started:.2f} s.", file=sys.stderr, flush=True)
    try:
        warm_charts()
    except Exception:  # noqa: BLE001 - the first chart page configures the theme itself
        log.exception("chart warm-up failed (the first chart page does the work itself)")


def skip_component_scan() -> None:
    """Streamlit's server start reads the metadata of every installed distribution (86 in this
    venv, 0.1–0.4 s before the server answers) looking for custom components (components v2)
    to serve; the app uses none and installs none, so the scan has nothing to find."""
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = _no_components


def _no_components(max_workers: int | None = None) -> list:
    return []


def answer_without_delay() -> bool:
    """TCP_NODELAY on every connection the server accepts. Streamlit binds its socket itself, as
    `socket(family)`: the socket's protocol reads 0, so asyncio skips the TCP_NODELAY it sets on
    TCP connections. Without it each response's body waited for the browser's delayed
    acknowledgement of its headers (Nagle's algorithm): 40 ms for every static file after a
    connection's first, 0.43 s for index.html's 61 files over six connections (0.14 s with it:
    `python -m bench.cuts static`). The listening socket gets the option (Linux passes it
    on to accepted connections) and is rewrapped as TCP, so that asyncio sets it on each
    connection where a system does not. False if a Streamlit version binds no such socket."""
    try:
        from streamlit.web.server.starlette import starlette_server as server
    except ImportError:
        return False
    bind = getattr(server, "_bind_socket", None)
    if bind is None:
        return False

    def bind_tcp(address: str, port: int, backlog: int) -> socket.socket:
        sock = bind(address, port, backlog)
        if sock.proto != socket.IPPROTO_TCP:
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    server._bind_socket = bind_tcp
    return True


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
    answer_without_delay()
    track_static_requests()
    threading.Thread(target=_warm_when_serving, name="mittaristo-warm-up", daemon=True).start()
    from streamlit.web.cli import main as streamlit_main

    return streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    # run as the module `ui.serve`, not as __main__: the app's ui.frame imports ui.serve to say a
    # page was drawn, and must reach this run's state, not a second copy of the module
    from ui import serve

    sys.exit(serve.main())
