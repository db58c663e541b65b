"""A refresh killed with SIGKILL at 20 different moments never damages or changes the database.

`python -m loaders refresh` runs as a child process against a slow emulator (every answer
delayed by LATENCY seconds). The test counts the emulator's answered requests and kills the
child when `k` of them have been answered, immediately or LATENCY/2 later, for k = 0…9: the
moments spread over the whole run (start-up, copying the database, fetching, writing series).
Because every request takes at least LATENCY and a complete run needs more than 10 of them,
each kill lands before the run could have been swapped in. After each kill the live database
file is byte-for-byte the previous one, opens, passes the consistency check and shows exactly
the previous values; a following refresh succeeds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pandas as pd
import pytest

from loaders.emulator import start_emulator
from mittaristo import store
from tests.reliability_helpers import (
    NO_SYKE_IDS,
    ROOT,
    current_values,
    fast_settings,
    file_hash,
    forget_pxweb_limits,
    last_run,
    load_small_config,
    refresh_in_process,
    write_small_config,
)

LATENCY = 0.2  # seconds per answer
ANSWERED = range(10)  # kill after this many answered requests …
OFFSETS = (0.0, LATENCY / 2)  # … at once, or half a request later
KILL_POINTS = [(k, offset) for k in ANSWERED for offset in OFFSETS]
WAIT_LIMIT = 120.0  # a kill point not reached within this is a failure, not a hang


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = write_small_config(tmp_path_factory.mktemp("config"))
    config = load_small_config(root)
    db = tmp_path_factory.mktemp("db") / "mittaristo.duckdb"
    forget_pxweb_limits()
    with start_emulator() as emu:
        code, output = refresh_in_process(config, db, fast_settings(emu.env()), only=NO_SYKE_IDS)
    assert code == 0, output
    return root, config, db


def _wait_answered(emu, count: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while len(emu.requests) < count:
        assert proc.poll() is None, (
            f"the refresh ended (code {proc.returncode}) before request {count}"
        )
        assert time.monotonic() < deadline, f"request {count} was not answered in {WAIT_LIMIT} s"
        time.sleep(0.005)


def test_sigkill_at_20_moments_leaves_the_previous_database(setup, tmp_path):
    root, config, base_db = setup
    db = tmp_path / "mittaristo.duckdb"
    shutil.copyfile(base_db, db)
    before_hash = file_hash(db)
    before_values = current_values(db)
    before_runs = store.load_runs(db)
    assert len(before_runs) == 1
    assert len(KILL_POINTS) == 20

    mid_write = 0  # kills that hit while the refresh's temp copy of the database existed
    log = tmp_path / "refresh.log"
    with start_emulator(latency=LATENCY, faults=["latency"]) as emu:
        env = {**os.environ, **emu.env()}
        for k, offset in KILL_POINTS:
            answered_before = len(emu.requests)
            with log.open("w") as out:
                proc = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "loaders",
                        "refresh",
                        "--db",
                        str(db),
                        "--config-dir",
                        str(root),
                        "--only",
                        *NO_SYKE_IDS,
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            try:
                _wait_answered(emu, answered_before + k, proc)
                if offset:
                    time.sleep(offset)
                temps = list(db.parent.glob(f"{db.name}.tmp-{proc.pid}-*"))
                assert proc.poll() is None, f"kill point {k}+{offset}: the refresh already ended"
                proc.kill()  # SIGKILL
                assert proc.wait(timeout=30) == -9
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait(timeout=30)
            mid_write += bool(temps)
            point = f"kill after {k} answers + {offset} s"
            assert file_hash(db) == before_hash, f"{point}: the live file changed"
            assert store.check_consistency(db) == [], point
            pd.testing.assert_frame_equal(current_values(db), before_values, obj=point)
            pd.testing.assert_frame_equal(store.load_runs(db), before_runs, obj=point)
            assert store.data_mode(db) == "live"
    # Every kill after the first answered request hit a refresh that had its copy open.
    assert mid_write >= len([p for p in KILL_POINTS if p[0] >= 1])

    # The lock died with the killed processes: the next refresh runs and succeeds.
    forget_pxweb_limits()
    with start_emulator() as emu:
        code, output = refresh_in_process(config, db, fast_settings(emu.env()), only=NO_SYKE_IDS)
    assert code == 0, output
    run = last_run(db)
    assert (run["run_id"], run["status"], run["n_failed"]) == (2, "ok", 0), (
        "no killed run left a trace in load_run"
    )
    assert store.check_consistency(db) == []
    pd.testing.assert_frame_equal(current_values(db), before_values)
