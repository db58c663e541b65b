"""Performance benchmarks: `make bench` (= `python -m bench`). Numbers, not tests.

Every figure module exposes `run(ctx) -> list[Figure]`; `bench.__main__` runs them, prints one
table and writes `bench/results.json` as {"figure": {"value", "unit", "goal", "met", ...}}.
BENCHMARKS.md says what each figure measures, against what, and how to rerun it.
"""

from __future__ import annotations

import gc
import math
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = Path(__file__).resolve().parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# `make run`'s command (Makefile), without the interpreter: ui.serve is Streamlit's CLI with a
# warm-up while the browser loads (tests/test_serve.py checks that the two stay the same).
STREAMLIT_ARGS = [
    "-m", "ui.serve", "run", "app.py",
    "--server.address", "127.0.0.1", "--server.headless", "true",
    "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
]  # fmt: skip


@dataclass
class Figure:
    """One line of the table and one key of results.json."""

    key: str
    title: str
    value: float | None
    unit: str
    goal: str
    met: bool | None  # None: no goal yet (or the figure could not be measured)
    min: float | None = None
    max: float | None = None
    runs: int = 0
    note: str = ""
    details: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "value": _round(self.value),
            "unit": self.unit,
            "goal": self.goal,
            "met": self.met,
            "min": _round(self.min),
            "max": _round(self.max),
            "runs": self.runs,
            "title": self.title,
            "note": self.note,
            "details": self.details,
        }


def failed_figure(key: str, title: str, unit: str, goal: str, reason: str) -> Figure:
    """A figure that could not be measured: it is still written, with met = false."""
    return Figure(key, title, None, unit, goal, False, note=f"NOT MEASURED: {reason}")


@dataclass
class Context:
    """What every figure module gets: sizes, run counts and shared resources."""

    runs: int = 5  # repetitions of the cheap figures
    slow_runs: int = 3  # repetitions of the expensive ones (refresh, browser, pyjstat)
    cells: int = 1_000_000  # parse: size of the generated json-stat2 document
    refresh_only: list[str] | None = None  # refresh: indicator ids (None = every series)
    municipalities: list[str] | None = None  # refresh: SYKE files of these only (None = all)
    db: Path | None = None  # an existing DB with every municipality (built when None)
    workdir: Path = field(default_factory=lambda: Path("/tmp"))
    quick: bool = False  # tiny sizes (the smoke test): numbers are not comparable
    log: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True)


def summary(samples: Sequence[float]) -> tuple[float, float, float]:
    """(median, min, max)."""
    values = [float(s) for s in samples]
    return statistics.median(values), min(values), max(values)


def clock(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds one call takes, after a full GC so garbage of the previous call is not billed."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate a server process we started; kill it when it does not stop within 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM (peak resident set) of a process in MB, from /proc."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    return env


def _round(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(value, 4) if abs(value) < 100 else round(value, 1)
