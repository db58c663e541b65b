"""make run's server (`python -m ui.serve`, issue 17): Streamlit's own CLI with the same arguments,
plus a warm-up that prepares the first overview's cold work once the server listens."""

import ast
import asyncio
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench import STREAMLIT_ARGS, free_port, stop_process
from ui import serve

ROOT = Path(__file__).resolve().parents[1]


def run_child(code: str, **env_vars: str) -> str:
    """`python -c code` in the project with the environment's MITTARISTO_* replaced by `env_vars`;
    its first line of output (the child prints what it saw), after checking it exited cleanly."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MITTARISTO_")} | env_vars
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.split("\n")[0]


def _project_imports(path: Path) -> set[str]:
    """The mittaristo/ui modules a file imports at its top level (`from ui import frame` → ui.frame)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            if root not in ("mittaristo", "ui"):
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = (ROOT / Path(*sub.split("."))).with_suffix(".py").is_file()
                names.add(sub if is_module else node.module)
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.split(".")[0] in ("mittaristo", "ui")}
    return names


def test_the_warm_up_imports_everything_the_first_overview_imports():
    wanted = _project_imports(ROOT / "app.py") | _project_imports(ROOT / "pages" / "overview.py")
    assert wanted, "the parser found no import"
    assert wanted <= set(serve.WARM_MODULES), sorted(wanted - set(serve.WARM_MODULES))


WARM_CHILD = """
import sys
from ui import serve
before = [m for m in serve.WARM_MODULES if m in sys.modules]
serve.warm_up()
from mittaristo.store import read
from mittaristo.i18n import catalog
print(before, all(m in sys.modules for m in serve.WARM_MODULES), read._SHARED is not None,
      catalog.cache_info().currsize)
"""


def test_warm_up_imports_reads_the_config_parses_finnish_and_creates_duckdb(tmp_path):
    seen = run_child(WARM_CHILD, MITTARISTO_CACHE_DIR=str(tmp_path / "cache"))
    # only ui.serve's own imports before; everything after; one text catalog (Finnish) parsed
    assert seen == "[] True True 1"
    assert list((tmp_path / "cache").iterdir()), "the configuration was not read (no cache file)"


def test_make_run_and_the_benchmark_start_the_same_server_command():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = re.search(r"^run:.*\n\t\$\(BIN\)/python (.*)$", makefile, re.MULTILINE)
    assert run, "no run target"
    words = run.group(1).split()
    assert words[:4] == ["-m", "ui.serve", "run", "app.py"]
    assert STREAMLIT_ARGS[:4] == words[:4]
    for flag in ("--server.address", "--server.headless", "--browser.gatherUsageStats"):
        assert words[words.index(flag) + 1] == STREAMLIT_ARGS[STREAMLIT_ARGS.index(flag) + 1]


def test_ui_serve_runs_streamlit_with_the_given_arguments_and_warms_up(tmp_path):
    """The server answers on the port it was given and the warm-up runs in it: its thread has
    imported the overview's modules before any browser connected (the log says so)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MITTARISTO_")}
    env |= {
        "MITTARISTO_CACHE_DIR": str(tmp_path / "cache"),
        "MITTARISTO_DB": str(tmp_path / "x.duckdb"),
    }
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, *STREAMLIT_ARGS, "--server.port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "Warm-up done" not in log_path.read_text(errors="replace"):
            assert proc.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as answer:
            assert answer.status == 200
        # .streamlit/config.toml: no site may send the page host messages (test_security)
        host = f"http://127.0.0.1:{port}/_stcore/host-config"
        with urllib.request.urlopen(host, timeout=5) as answer:
            assert json.loads(answer.read())["allowedOrigins"] == []
    finally:
        stop_process(proc)
    assert "warm-up failed" not in log_path.read_text()


SCAN_CHILD = """
import importlib.metadata, sys
calls = []
real = importlib.metadata.distributions
importlib.metadata.distributions = lambda *a, **k: calls.append(1) or real(*a, **k)
from streamlit.components.v2.component_manager import BidiComponentManager
if sys.argv[1] == "skip":
    from ui import serve
    serve.skip_component_scan()
BidiComponentManager().discover_and_register_components(start_file_watching=False)
print(len(calls))
"""


def test_the_server_start_skips_streamlits_component_scan():
    """ui.serve replaces the scan Streamlit's Runtime runs at start (scan_component_manifests,
    imported by name inside discover_and_register_components): without it the distributions are
    read, with it never — a Streamlit that moves the scan makes the first count 0 or the second 1."""
    counts = {}
    for mode in ("scan", "skip"):
        proc = subprocess.run([sys.executable, "-c", SCAN_CHILD, mode], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
        counts[mode] = int(proc.stdout.split()[-1])
    assert counts["scan"] >= 1
    assert counts["skip"] == 0


DEFER_CHILD = """
import sys
from ui import serve, plotly_theme
serve.import_streamlit()
after_import = "plotly" in sys.modules
import plotly.io as pio
plotly_theme.ensure()
print(after_import, pio.templates.default, type(sys.meta_path[0]).__name__ != "_DeferPlotly")
"""


def test_streamlit_imports_without_plotly_and_the_theme_comes_later():
    """ui.serve imports Streamlit with plotly held back (its theme costs ~0.2 s before the server
    answers); ui.plotly_theme.ensure() then makes Streamlit's template plotly's default, as a
    plain `import streamlit` does."""
    proc = subprocess.run([sys.executable, "-c", DEFER_CHILD], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["False", "streamlit", "True"]
    plain = subprocess.run(
        [sys.executable, "-c", "import streamlit, plotly.io as pio; print(pio.templates.default)"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert plain.stdout.split() == ["streamlit"]


def test_every_place_that_builds_a_figure_in_the_app_ensures_the_theme_first():
    for path in ("ui/queries.py", "pages/compare.py", "ui/export_panel.py", "ui/serve.py"):
        assert "plotly_theme.ensure()" in (ROOT / path).read_text(encoding="utf-8"), path


def _send_static(traffic: serve.StaticTraffic, release: threading.Event) -> threading.Thread:
    """One static file 'being sent' through a counted ASGI app until `release` is set."""

    async def slow_app(scope, receive, send):
        while not release.is_set():
            await asyncio.sleep(0.005)

    counted = traffic.wrap(slow_app)
    thread = threading.Thread(target=asyncio.run, args=(counted({}, None, None),))
    thread.start()
    return thread


def test_static_traffic_is_quiet_only_between_files(monkeypatch):
    monkeypatch.setattr(serve, "FIRST_VISIT_S", 0.2)
    traffic = serve.StaticTraffic()
    assert not traffic.quiet(), "quiet before a browser could have asked for anything"
    release = threading.Event()
    thread = _send_static(traffic, release)
    deadline = time.monotonic() + 5
    while traffic.in_flight == 0 and time.monotonic() < deadline:
        time.sleep(0.001)
    assert traffic.in_flight == 1 and not traffic.quiet(quiet_s=0.0)
    assert traffic.wait_quiet(timeout=0.1) is False  # gave up: the file is still being sent
    release.set()
    thread.join()
    assert traffic.in_flight == 0 and traffic.last_end is not None
    assert not traffic.quiet(quiet_s=5.0)  # just sent: not yet a gap
    assert traffic.wait_quiet(quiet_s=0.05, timeout=2.0) is True
    fresh = serve.StaticTraffic()
    fresh.since -= 0.2
    assert fresh.quiet(), "nobody came within FIRST_VISIT_S: the warm-up goes on"


def test_the_server_counts_streamlits_static_files():
    """track_static_requests wraps the mount Streamlit builds; a Streamlit that renames or
    inlines its factory makes this fail (the warm-up would then never wait)."""
    child = """
import sys
sys.path.insert(0, "tests")
from asgi_helpers import asgi_request
from ui import serve
assert serve.track_static_requests()
from streamlit.web.server.starlette import starlette_static_routes as routes
mount = routes.create_streamlit_static_assets_routes(None)[0]
sent = []
def seen(message):
    sent.append((message["type"], serve.TRAFFIC.in_flight))
asgi_request(mount.app, "/index.html", observe=seen)
print(sent[0], serve.TRAFFIC.in_flight, serve.TRAFFIC.last_end is not None)
"""
    proc = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    # counted while the answer was being sent, done afterwards
    assert proc.stdout.split("\n")[0] == "('http.response.start', 1) 0 True"


YIELD_CHILD = """
import sys, threading, time
from ui import serve
serve.import_streamlit()  # as main() does: Streamlit without plotly
serve.STEP_WAIT_S = 30
serve.TRAFFIC.in_flight = 1  # a static file is being sent: no step may start
worker = threading.Thread(target=serve.warm_up)
worker.start()
time.sleep(1.0)
held = [m for m in serve.WARM_MODULES if m in sys.modules]
serve.TRAFFIC.in_flight, serve.TRAFFIC.last_end = 0, time.monotonic()
worker.join(60)
print(held, all(m in sys.modules for m in serve.WARM_MODULES), "plotly" in sys.modules)
"""


def test_the_warm_up_waits_while_static_files_are_sent(tmp_path):
    seen = run_child(YIELD_CHILD, MITTARISTO_CACHE_DIR=str(tmp_path / "cache"))
    # nothing imported while the file was sent, everything after; no chart library for an overview
    assert seen == "[] True False"


CHARTS_CHILD = """
import sys, threading, time
from ui import serve
serve.CHARTS_WAIT_S = 30
worker = threading.Thread(target=serve.warm_charts)
worker.start()
time.sleep(0.5)
before = "plotly" in sys.modules
serve.page_drawn()  # what ui.frame says after a page run
worker.join(60)
import plotly.io as pio
print(before, "plotly" in sys.modules, pio.templates.default)
"""


def test_the_chart_theme_is_prepared_once_a_first_page_is_drawn():
    before, after, template = run_child(CHARTS_CHILD).split()
    assert (before, after) == ("False", "True")
    assert template == "streamlit", template


def test_python_m_ui_serve_runs_in_the_module_the_app_imports():
    """`python -m ui.serve` must run main() in `ui.serve` (not in a __main__ copy): the app's
    ui.frame reaches that module to say a page was drawn."""
    child = """
import runpy, sys
sys.argv = ["ui.serve", "version"]
try:
    runpy.run_module("ui.serve", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
from streamlit.web.server.starlette import starlette_static_routes as routes
print(routes.create_streamlit_static_handler.__module__)
"""
    proc = subprocess.run([sys.executable, "-c", child], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().split("\n")[-1] == "ui.serve"


PRIME_CHILD = """
import datetime as dt
from ui import queries, serve
calls = []
real = queries.build_scorecard
queries.build_scorecard = lambda *a, **k: calls.append(a[1]) or real(*a, **k)
serve.warm_up()  # make run's warm-up, which ends with the default town's data
primed = list(calls)
town = sorted(queries.get_config().strategies)[0]
rows = queries.scorecard(town, queries.data_version(), dt.date.today())  # the first overview's call
print(primed == [town], len(calls), len(rows) > 0)
"""


def test_the_warm_up_computes_the_default_towns_scorecard_for_the_first_overview(demo_db, tmp_path):
    """The first overview's scorecard comes from the warm-up's cache entry (built once, for the
    town the app opens with); without a database the step is skipped quietly."""
    env = {"MITTARISTO_CACHE_DIR": str(tmp_path / "cache"),
           "MITTARISTO_EDITS_DB": str(tmp_path / "edits.duckdb")}  # fmt: skip
    assert run_child(PRIME_CHILD, MITTARISTO_DB=str(demo_db), **env) == "True 1 True"
    missing = tmp_path / "none.duckdb"
    run_child(
        "from ui import serve; serve._prepare_default_town()", MITTARISTO_DB=str(missing), **env
    )
    assert not missing.exists()


NODELAY_CHILD = """
import asyncio, socket
from ui import serve
assert serve.answer_without_delay()
from streamlit.web.server.starlette import starlette_server
listener, _ = starlette_server._bind_server_socket("127.0.0.1", "127.0.0.1", 0, 8)
on_listener = listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
seen = []
class Record(asyncio.Protocol):
    def connection_made(self, transport):
        sock = transport.get_extra_info("socket")
        seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        transport.close()
async def main():
    server = await asyncio.get_running_loop().create_server(Record, sock=listener)
    _, writer = await asyncio.open_connection(*listener.getsockname())
    while not seen:
        await asyncio.sleep(0.01)
    writer.close()
    server.close()
asyncio.run(main())
print(on_listener != 0, seen[0] != 0)
"""


def test_every_connection_the_server_accepts_sends_without_delay():
    """Streamlit binds its listening socket itself, as the server start does here
    (_bind_server_socket), and asyncio turns Nagle's algorithm off only on sockets whose protocol
    reads TCP: without ui.serve's rewrap each static file after a connection's first waited 40 ms
    for the browser's delayed acknowledgement. The connection asyncio accepts is checked, as
    uvicorn gets it; a Streamlit that binds elsewhere makes answer_without_delay() False."""
    assert run_child(NODELAY_CHILD) == "True True"


MEMORY_CHILD = """
import sys, threading
from pathlib import Path
sys.path.insert(0, "tests")
from asgi_helpers import asgi_request
from ui import serve
from ui.static_memory import named_in_index
assert serve.track_static_requests()
from streamlit import file_util
from streamlit.web.server.starlette import starlette_static_routes as routes
mount = routes.create_streamlit_static_assets_routes(None)[0]
for thread in threading.enumerate():
    if thread.name == "mittaristo-static":
        thread.join(30)
import starlette.staticfiles
async def refuse(self, path, scope):
    raise RuntimeError("Streamlit's handler was asked for " + path)
starlette.staticfiles.StaticFiles.get_response = refuse
def get(path):
    try:
        return asgi_request(mount.app, path)[0]
    except RuntimeError:
        return "handler"
named = named_in_index(Path(file_util.get_static_dir()))
print(len(named) > 50, {get("/" + p) for p in named}, get("/index.html"))
"""


def test_the_server_answers_streamlits_files_from_memory_once_read():
    """The static mount the server builds reads index.html's files at once (a thread) and then
    answers them without Streamlit's handler; index.html itself still goes to the handler."""
    assert run_child(MEMORY_CHILD) == "True {200} handler"
