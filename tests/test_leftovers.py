"""The session guard (tests/leftovers.py) fails a run that leaves a process behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

LEAKY = """
import subprocess, sys
def test_starts_a_detached_process_and_forgets_it():
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
"""
TIDY = """
import subprocess, sys
def test_starts_a_process_and_stops_it():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    proc.terminate()
    proc.wait()
"""


def run_inner(tmp_path: Path, code: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_inner.py").write_text(code)
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "leftovers", "-p", "no:cacheprovider",
         "-c", os.devnull, "--rootdir", str(tmp_path), str(tmp_path / "test_inner.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_a_leftover_process_fails_the_session_and_is_killed(tmp_path):
    result = run_inner(tmp_path, LEAKY)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "processes left running by the tests" in result.stderr
    assert "time.sleep(60)" in result.stderr
    pid = int(result.stderr.split("pid ")[1].split(":")[0])
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


def test_a_session_that_cleans_up_passes(tmp_path):
    result = run_inner(tmp_path, TIDY)
    assert result.returncode == 0, result.stdout + result.stderr
