"""`python -m bench.cuts`: the start-up cuts of issue 17, each before and after side by side.

Every pair runs in fresh interpreters, alternating (before, after, before, after…) so load from
other work on the machine falls on both alike; the ratio after ÷ before is what to read. Each
child times its own work from its first line (the interpreter's own start is left out) and
prints the seconds. Not part of `make bench` (figure 6, startup_s, is the end-to-end figure).

    python -m bench.cuts               # every cut, 9 pairs each
    python -m bench.cuts config -n 15  # one cut
    python -m bench.cuts serve --db data/mittaristo.duckdb -n 7   # end to end, in chromium
    python -m bench.cuts static -n 5   # Streamlit's static files over keep-alive connections
    python -m bench.cuts detect --db data/mittaristo.duckdb   # when figure 6 notices the table
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench import PYTHON, ROOT, child_env

_TIMED = "import time as _t; _t0 = _t.perf_counter()\n{code}\nprint(_t.perf_counter() - _t0)\n"

# name → (what it measures, before, after); both sides do the same job on the same inputs.
CUTS: dict[str, tuple[str, str, str]] = {
    "config": (
        "the app's configuration: validate (before) vs the on-disk cache (after), imports included",
        "from mittaristo.settings import load_settings\n"
        "from mittaristo.config.project import load_project_config\n"
        "c = load_project_config(load_settings())\nassert len(c.strategies) >= 4",
        "from mittaristo.settings import load_settings\n"
        "from mittaristo.config.project import cached_project_config\n"
        "c = cached_project_config(load_settings())\nassert len(c.strategies) >= 4",
    ),
    "settings": (
        "the settings object: with pydantic-settings imported, as the old BaseSettings did "
        "(before) vs the plain pydantic model reading MITTARISTO_* itself (after)",
        "import pydantic_settings\nfrom mittaristo.settings import load_settings\n"
        "s = load_settings()",
        "from mittaristo.settings import load_settings\ns = load_settings()",
    ),
    "i18n": (
        "the text catalog at a Finnish page's start: every catalog parsed for the language "
        "names, as before (before) vs only fi.toml and the heads of sv/en (after)",
        "from mittaristo.i18n import LANG_NAMES, LANGS, t, catalog\n"
        "[catalog(lang) for lang in LANGS]\nt('app_title', 'fi'); dict(LANG_NAMES)",
        "from mittaristo.i18n import LANG_NAMES, t\nt('app_title', 'fi'); dict(LANG_NAMES)",
    ),
    "langnames": (
        "the language selector's three names at a Finnish page's start: the top-level keys before "
        "the first table of sv/en/fi (most of each file) parsed, as before (before) vs the one "
        "language_name line of each (after)",
        "import tomllib\nfrom importlib import resources\nfrom mittaristo.i18n import LANGS, t\n"
        "t('app_title', 'fi')\nnames = {}\nfor lang in LANGS:\n"
        "    text = (resources.files('mittaristo') / 'texts' / f'{lang}.toml').read_text('utf-8')\n"
        "    head = []\n    for line in text.splitlines():\n"
        "        if line.lstrip().startswith('['): break\n        head.append(line)\n"
        "    names[lang] = tomllib.loads('\\n'.join(head))['language_name']\n"
        "assert names['sv'] == 'Svenska'",
        "from mittaristo.i18n import LANG_NAMES, t\nt('app_title', 'fi')\nnames = dict(LANG_NAMES)\n"
        "assert names['sv'] == 'Svenska'",
    ),
    "scan": (
        "Streamlit's component scan at the server's start (its Runtime calls it before the "
        "server answers): every installed distribution's metadata read (before) vs skipped by "
        "ui.serve (after); streamlit imported on both sides",
        "from streamlit.components.v2.component_manager import BidiComponentManager\n"
        "BidiComponentManager().discover_and_register_components(start_file_watching=False)",
        "from streamlit.components.v2.component_manager import BidiComponentManager\n"
        "from ui import serve\nserve.skip_component_scan()\n"
        "BidiComponentManager().discover_and_register_components(start_file_watching=False)",
    ),
    "plotly": (
        "Streamlit's CLI and server modules as the server's start imports them: with its plotly "
        "theme built at import (before) vs plotly held back by ui.serve until the warm-up (after)",
        "import streamlit.web.bootstrap, streamlit.web.cli",
        "from ui import serve\nserve.import_streamlit()",
    ),
    "schema": (
        "the configuration's pydantic models, then a cached configuration read: every "
        "validator built at import, as before (before) vs defer_build (after)",
        "import mittaristo.config.model as m\n"
        "for k in [c for c in vars(m).values() if isinstance(c, type) and issubclass(c, m.Strict)]:"
        " k.model_rebuild(force=True)\n"
        "from mittaristo.settings import load_settings\n"
        "from mittaristo.config.project import cached_project_config\n"
        "c = cached_project_config(load_settings())",
        "import mittaristo.config.model as m\n"
        "from mittaristo.settings import load_settings\n"
        "from mittaristo.config.project import cached_project_config\n"
        "c = cached_project_config(load_settings())",
    ),
}


def _child(code: str, env: dict[str, str]) -> float:
    out = subprocess.run([PYTHON, "-c", _TIMED.format(code=code)], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=120)  # fmt: skip
    return float(out.stdout.strip().splitlines()[-1])


def measure(name: str, pairs: int) -> tuple[float, float]:
    title, before, after = CUTS[name]
    with tempfile.TemporaryDirectory(prefix="mittaristo-cuts-") as tmp:
        env = child_env(MITTARISTO_CACHE_DIR=os.path.join(tmp, "cache"))
        _child(after, env)  # warm: the cache file exists, as on every start but the first
        b, a = [], []
        for _ in range(pairs):
            b.append(_child(before, env))
            a.append(_child(after, env))
    mb, ma = statistics.median(b), statistics.median(a)
    print(f"{name:8} before {mb * 1000:7.1f} ms   after {ma * 1000:7.1f} ms   "
          f"after ÷ before {ma / mb:.2f}   ({pairs} pairs; {title})", flush=True)  # fmt: skip
    return mb, ma


def _alternating_starts(
    pairs: int, db: Path, sides: dict[str, tuple[list[str], Callable]], init_script: str = ""
) -> Iterator[tuple[str, object, float]]:
    """Figure 6's start, `pairs` times for each side in turn: each side's server command on `db`,
    a new browser context, the health poll, then the side's way of opening the overview; yields
    (side, page, seconds from launch to the overview) while the page is still open."""
    import bench._browser as browser_mod
    from bench import STREAMLIT_ARGS

    with (
        tempfile.TemporaryDirectory(prefix="mittaristo-cuts-") as tmp,
        browser_mod.browser() as chromium,
    ):
        try:
            for _ in range(pairs):
                for side, (command, open_overview) in sides.items():
                    browser_mod.STREAMLIT_ARGS = command
                    app = browser_mod.App(db, Path(tmp) / f"{side}.log")
                    try:
                        context = chromium.new_context()
                        page = context.new_page()
                        if init_script:
                            page.add_init_script(init_script)
                        app.wait_healthy()  # as figure 6 does: poll, then open the overview
                        open_overview(page, app.url)
                        yield side, page, time.perf_counter() - app.started
                        context.close()
                    finally:
                        app.stop()
        finally:
            browser_mod.STREAMLIT_ARGS = STREAMLIT_ARGS


def measure_serve(pairs: int, db: Path) -> tuple[float, float]:
    """End to end, as figure 6 (startup_s) measures it: launch → overview table in chromium,
    Streamlit's plain `streamlit run` (before) vs make run's `ui.serve` (after), alternating."""
    import bench._browser as browser_mod
    from bench import STREAMLIT_ARGS

    sides = {"before": (["-m", "streamlit", *STREAMLIT_ARGS[2:]], browser_mod.open_overview),
             "after": (list(STREAMLIT_ARGS), browser_mod.open_overview)}  # fmt: skip
    times: dict[str, list[float]] = {"before": [], "after": []}
    for side, _page, seconds in _alternating_starts(pairs, db, sides):
        times[side].append(seconds)
    mb, ma = statistics.median(times["before"]), statistics.median(times["after"])
    print(f"serve    before {mb:7.2f} s    after {ma:7.2f} s    after ÷ before {ma / mb:.2f}   "
          f"({pairs} pairs; launch → overview table: `streamlit run` vs make run's ui.serve)",
          flush=True)  # fmt: skip
    return mb, ma


def _fetch(port: int, paths: list[str]) -> None:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for path in paths:
            connection.request("GET", path)
            answer = connection.getresponse()
            answer.read()
            assert answer.status == 200, (path, answer.status)
    finally:
        connection.close()


def measure_static(pairs: int, connections: int = 6) -> tuple[float, float]:
    """index.html's files over `connections` keep-alive connections (as a browser opens them),
    from Streamlit's plain `streamlit run` (before) vs make run's `ui.serve` (after), each
    server idle (a few seconds after it answers); also one small file ten times on one
    connection, which shows the 40 ms a response waited for without TCP_NODELAY."""
    import threading

    from streamlit import file_util

    import bench._browser as browser_mod
    from bench import STREAMLIT_ARGS
    from ui.static_memory import named_in_index

    static_root = Path(file_util.get_static_dir())
    files = [f"/{path}" for path in named_in_index(static_root)]
    smallest = min(files, key=lambda path: (static_root / path.lstrip("/")).stat().st_size)
    commands = {"before": ["-m", "streamlit", *STREAMLIT_ARGS[2:]], "after": list(STREAMLIT_ARGS)}
    wave: dict[str, list[float]] = {"before": [], "after": []}
    single: dict[str, list[float]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory(prefix="mittaristo-cuts-") as tmp:
        for _ in range(pairs):
            for side, command in commands.items():
                browser_mod.STREAMLIT_ARGS = command
                app = browser_mod.App(Path(tmp) / "none.duckdb", Path(tmp) / f"{side}.log")
                try:
                    app.wait_healthy()
                    time.sleep(3.0)  # past ui.serve's warm-up: the server's own answers only
                    port = app.port
                    started = time.perf_counter()
                    _fetch(port, [smallest] * 10)
                    single[side].append((time.perf_counter() - started) / 10)
                    shares = [files[i::connections] for i in range(connections)]
                    threads = [
                        threading.Thread(target=_fetch, args=(port, share)) for share in shares
                    ]
                    started = time.perf_counter()
                    for thread in threads:
                        thread.start()
                    for thread in threads:
                        thread.join()
                    wave[side].append(time.perf_counter() - started)
                finally:
                    app.stop()
    browser_mod.STREAMLIT_ARGS = STREAMLIT_ARGS
    sb, sa = statistics.median(single["before"]), statistics.median(single["after"])
    mb, ma = statistics.median(wave["before"]), statistics.median(wave["after"])
    print(f"static   before {sb * 1000:7.1f} ms   after {sa * 1000:7.1f} ms   after ÷ before "
          f"{sa / sb:.2f}   ({pairs} pairs; one small file, again and again on one connection)\n"
          f"static   before {mb * 1000:7.1f} ms   after {ma * 1000:7.1f} ms   after ÷ before "
          f"{ma / mb:.2f}   ({pairs} pairs; index.html's {len(files)} files over {connections} "
          f"connections: `streamlit run` vs make run's ui.serve)", flush=True)  # fmt: skip
    return mb, ma


# In the page, on the epoch clock: the start of the first animation frame after the overview's
# table is inserted, the frame that draws it.
_PAINT_PROBE = """
window.__mittaristoTable = {};
const tableWatch = new MutationObserver(() => {
  if (document.querySelector('table.mtr-table')) {
    tableWatch.disconnect();
    requestAnimationFrame(() => {
      window.__mittaristoTable.painted = performance.timeOrigin + performance.now();
    });
  }
});
tableWatch.observe(document, {subtree: true, childList: true});
"""


def measure_detect(pairs: int, db: Path) -> tuple[float, float]:
    """How late figure 6's clock stops after the overview's table is drawn: Playwright's
    wait_for_selector (before; it checks at 0, 20, 70, 170, 270 ms, then every 500 ms) vs a check
    on every animation frame (after, bench._browser.open_overview), alternating, against the
    frame the page itself sees the table drawn in."""
    import bench._browser as browser_mod
    from bench import STREAMLIT_ARGS

    def by_selector(page, url: str) -> None:
        page.goto(f"{url}/", wait_until="domcontentloaded")
        page.wait_for_selector(browser_mod.OVERVIEW_TABLE, state="attached", timeout=90_000)

    sides = {"before": (list(STREAMLIT_ARGS), by_selector),
             "after": (list(STREAMLIT_ARGS), browser_mod.open_overview)}  # fmt: skip
    late: dict[str, list[float]] = {"before": [], "after": []}
    totals: dict[str, list[float]] = {"before": [], "after": []}
    for side, page, seconds in _alternating_starts(pairs, db, sides, _PAINT_PROBE):
        noticed = time.time()
        totals[side].append(seconds)
        page.wait_for_function("() => window.__mittaristoTable.painted !== undefined")
        painted = page.evaluate("() => window.__mittaristoTable.painted") / 1000
        late[side].append(noticed - painted)
    lb, la = statistics.median(late["before"]), statistics.median(late["after"])
    print(f"detect   before {lb * 1000:7.1f} ms   after {la * 1000:7.1f} ms   "
          f"({pairs} pairs; the clock stops this long after the frame that draws the table, "
          f"median; max {max(late['before']) * 1000:.0f} vs {max(late['after']) * 1000:.0f} ms; "
          f"launch → noticed {statistics.median(totals['before']):.2f} vs "
          f"{statistics.median(totals['after']):.2f} s)", flush=True)  # fmt: skip
    return lb, la


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.cuts", description=__doc__.split("\n")[0])
    p.add_argument(
        "cuts", nargs="*", choices=[*CUTS, "serve", "static", "detect"], help="default: every cut"
    )
    p.add_argument("--db", type=Path, help="serve: a database with every municipality")
    p.add_argument("-n", "--pairs", type=int, default=9)
    args = p.parse_args(argv)
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for name in args.cuts or CUTS:
        if name == "serve":
            if args.db is None:
                p.error("serve needs --db (e.g. a database from `python -m loaders demo`)")
            measure_serve(args.pairs, args.db)
        elif name == "detect":
            if args.db is None:
                p.error("detect needs --db (e.g. a database from `python -m loaders demo`)")
            measure_detect(args.pairs, args.db)
        elif name == "static":
            measure_static(args.pairs)
        else:
            measure(name, args.pairs)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
