"""A pytest plugin: no test may leave a process running after the session ends.

Every process a test starts (emulators, streamlit servers, browsers, kaleido) inherits this
mark; at the end of the session none may still run. A detached process (setsid, re-parented
to init) is found too, because the mark travels in its environment, not in its parentage.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

RUN_MARK = "MITTARISTO_TEST_RUN"


def pytest_sessionstart(session):
    import uuid

    os.environ[RUN_MARK] = uuid.uuid4().hex


def _marked_processes(mark: str) -> list[tuple[int, str]]:
    """(pid, command line) of every other process whose environment carries `mark`."""
    found, needle = [], f"{RUN_MARK}={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        found.append((int(entry.name), command.strip()))
    return found


def pytest_sessionfinish(session, exitstatus):
    import signal
    import time

    mark = os.environ.get(RUN_MARK)
    if not mark or not Path("/proc").is_dir():
        return
    deadline = time.monotonic() + 10
    while (left := _marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.25)  # a process stopped at the end of a test may take a moment to exit
    if not left:
        return
    for pid, _ in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    lines = "\n".join(f"  pid {pid}: {command[:200]}" for pid, command in left)
    print(f"\nprocesses left running by the tests (now killed):\n{lines}", file=sys.stderr)
    session.exitstatus = 1
