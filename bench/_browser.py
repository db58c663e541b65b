"""The real app under make run's command (`ui.serve`: streamlit run + warm-up) and headless chromium, for figures 5–6."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PYTHON,
    ROOT,
    STREAMLIT_ARGS,
    child_env,
    free_port,
    stop_process,
)

OVERVIEW_TABLE = "table.mtr-table"  # the overview's scorecard table (ui.components)


class App:
    """make run's `python -m ui.serve run app.py …` on `db`, on a free port; `.pid` is the server."""

    def __init__(
        self,
        db: Path,
        log_path: Path,
        *,
        offline: str | None = "keep",
        edits: Path | None = None,
        secrets: Path | None = None,
    ) -> None:
        """`offline=None` removes MITTARISTO_OFFLINE (the first start probes for real), "1" sets
        it, "keep" leaves the environment's; `edits` gives the editors' database (else the environment's)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_path.open("wb")
        env = child_env(MITTARISTO_DB=str(db))
        if edits is not None:
            env["MITTARISTO_EDITS_DB"] = str(edits)
        if offline is None:
            env.pop("MITTARISTO_OFFLINE", None)
        elif offline != "keep":
            env["MITTARISTO_OFFLINE"] = offline
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [PYTHON, *STREAMLIT_ARGS, "--server.port", str(self.port),
             *(["--secrets.files", str(secrets)] if secrets else [])],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.pid = self.proc.pid

    def wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited with {self.proc.returncode} (log: {self.log.name})"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError(
            f"streamlit did not answer within {timeout:.0f} s (log: {self.log.name})"
        )

    def stop(self) -> None:
        stop_process(self.proc)
        self.log.close()


@contextlib.contextmanager
def running_app(db: Path, log_path: Path, **options: object) -> Iterator[App]:
    """An `App` that answers its health check, stopped (only this process) on exit: the one
    way the benchmarks and scripts/screenshots.py start the dashboard."""
    app = App(db, log_path, **options)  # type: ignore[arg-type]
    try:
        app.wait_healthy(timeout=90.0)
        yield app
    finally:
        app.stop()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """A headless chromium (Debian's, never a downloaded one)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


# The table checked in the page on every animation frame: the clock stops within a frame of the
# table's arrival. Playwright's wait_for_selector checks at 0, 20, 70, 170 and 270 ms and then
# every 500 ms, so the table, which comes about a second after DOMContentLoaded, was noticed up
# to half a second after it was drawn (`python -m bench.cuts detect` shows both side by side).
_TABLE_ATTACHED = f"() => document.querySelector({OVERVIEW_TABLE!r}) !== null"


def open_overview(page, url: str, town: str | None = None, timeout: float = 90.0) -> None:
    """Load the overview and wait until its scorecard table is rendered (in the page: on a long
    page the goals start collapsed, so the table can be there but not visible)."""
    target = f"{url}/?kunta={town}" if town else f"{url}/"
    page.goto(target, wait_until="domcontentloaded", timeout=timeout * 1000)
    page.wait_for_function(_TABLE_ATTACHED, polling="raf", timeout=timeout * 1000)
