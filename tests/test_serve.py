"""make run's server (`python -m ui.serve`, issue 17): Streamlit's own CLI with the same arguments,
plus a warm-up that prepares the first overview's cold work once the server listens."""

import ast
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import STREAMLIT_ARGS, free_port, stop_process
from ui import serve

ROOT = Path(__file__).resolve().parents[1]


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
    env = {k: v for k, v in os.environ.items() if not k.startswith("MITTARISTO_")}
    env["MITTARISTO_CACHE_DIR"] = str(tmp_path / "cache")
    proc = subprocess.run([sys.executable, "-c", WARM_CHILD], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    # only ui.serve's own imports before; everything after; one text catalog (Finnish) parsed
    assert proc.stdout.split("\n")[0] == "[] True True 1"
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
