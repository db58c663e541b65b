"""The app's read path while refreshes swap the database file underneath it.

A child process runs refreshes through the real RefreshWriter (copy → write → os.replace), each
run writing every indicator of the strategy with values that carry its run id. Meanwhile
reader threads in this process (the app serves its sessions from threads of one process) render
"pages" in a loop as the app does: the data version, store.series_for_indicators for the town,
its peers and the country, mittaristo.scorecard.build_scorecard over that frame, the freshness
table and the load log. Asserted: not one exception (no lock errors), every page was built from
one single run, and the readers really saw several runs come and go.

A page is several queries, each on its own short-lived connection, so a swap between two of
them would mix runs: a page is read inside `store.snapshot(db)`, which pins one file for all
its reads. Readers alternate such pages with single unpinned queries (one query is always one
run). The app must render its pages inside the snapshot too (see RELIABILITY.md).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from mittaristo import store
from mittaristo.reference import municipalities
from mittaristo.scorecard import build_scorecard, regions_needed
from tests.reliability_helpers import (
    ROOT,
    load_small_config,
    run_of,
    write_marked_runs,
    write_small_config,
)

RUNS = 12  # refreshes (swaps) while the readers read
READERS = 3
TIME_LIMIT = 120.0  # the loop is bounded: the writer must be done by then
TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = write_small_config(tmp_path_factory.mktemp("config"))
    config = load_small_config(root)
    strategy = config.strategies["heinola"]
    ids = sorted(
        {
            u.indicator
            for _, _, u in strategy.indicator_uses()
            if u.indicator and config.catalog.by_id()[u.indicator].is_automatic
        }
    )
    needed = regions_needed(strategy)
    others = [c for c in sorted(municipalities()) if c not in needed][:60]
    return config, ids, needed, [*needed, *others]


def read_page(db: Path, config, ids: list[str], regions: list[str]) -> dict:
    """One page render of the app's read path; returns the run each part came from."""
    version = store.data_version(db)
    frame = store.series_for_indicators(db, ids, regions)
    rows = build_scorecard(config, "heinola", frame, TODAY)
    freshness = store.series_freshness(db)
    runs = store.load_runs(db, limit=3)
    latest = [r.assessment.latest_value for r in rows if r.kind == "automatic"]
    return {
        "version": int(version.split("-")[0]),
        "series": {run_of(v) for v in frame["value"]},
        "series_ids": set(frame["indicator_id"]),
        "scorecard": {run_of(v) for v in latest if v is not None},
        "n_latest": sum(v is not None for v in latest),
        "freshness": set(int(r) for r in freshness["last_ok_run"]),
        "load_log": int(runs["run_id"].max()),
    }


def test_readers_never_fail_and_never_mix_runs_while_refreshes_swap(setup, tmp_path):
    config, ids, page_regions, all_regions = setup
    db = tmp_path / "mittaristo.duckdb"
    write_marked_runs(str(db), 1, ids, all_regions)  # run 1 exists before the readers start

    code = (
        "import sys; from tests.reliability_helpers import write_marked_runs; "
        f"write_marked_runs(sys.argv[1], {RUNS}, {ids!r}, {all_regions!r})"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", code, str(db)], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    errors: list[BaseException] = []
    pages: list[dict] = []
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_LIMIT

    singles: list[set[int]] = []

    def reader() -> None:
        pinned = False
        while writer.poll() is None and time.monotonic() < deadline:
            pinned = not pinned
            try:
                if pinned:
                    with store.snapshot(db):
                        page = read_page(db, config, ids, page_regions)
                else:
                    frame = store.series_for_indicators(db, ids, page_regions)
                    rows = build_scorecard(config, "heinola", frame, TODAY)
                    single = {
                        run_of(r.assessment.latest_value) for r in rows if r.kind == "automatic"
                    } | {run_of(v) for v in frame["value"]}
            except BaseException as exc:  # noqa: BLE001 - every failure is the finding
                with lock:
                    errors.append(exc)
                continue
            with lock:
                if pinned:
                    pages.append(page)
                else:
                    singles.append(single)

    threads = [threading.Thread(target=reader, name=f"reader-{i}") for i in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIME_LIMIT + 30)
    try:
        writer_code = writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=30)
    stderr = writer.stderr.read()

    assert writer_code == 0, stderr
    assert not errors, f"{len(errors)} read errors, e.g. {errors[0]!r}"
    assert store.load_runs(db, limit=1)["run_id"].iloc[0] == RUNS + 1
    assert store.check_consistency(db) == []

    seen = Counter()
    for page in pages:
        assert len(page["series"]) == 1, f"one query mixed runs: {page}"
        (run,) = page["series"]
        assert page["series_ids"] == set(ids)
        assert page["scorecard"] == {run} and page["n_latest"] == len(ids), page
        seen[run] += 1
    mixed = [p for p in pages if {p["version"], p["load_log"], *p["freshness"]} != p["series"]]
    assert len(pages) >= 20 and len(seen) >= 3, (
        f"the readers must overlap several swaps: {len(pages)} pages, runs {sorted(seen)}"
    )
    assert not mixed, (
        f"{len(mixed)} of {len(pages)} pages mixed runs across their queries, e.g. {mixed[0]}"
    )
    assert len(singles) >= 20 and all(len(s) == 1 for s in singles)


def test_snapshot_keeps_reading_the_pinned_file_across_a_swap(setup, tmp_path):
    """Deterministic: a swap inside a snapshot is invisible to it, visible right after it;
    another database file read inside the block is not affected by the pin."""
    config, ids, page_regions, all_regions = setup
    db = tmp_path / "mittaristo.duckdb"
    other = tmp_path / "other.duckdb"
    write_marked_runs(str(db), 1, ids, all_regions)
    write_marked_runs(str(other), 3, ids, all_regions)
    with store.snapshot(db):
        before = read_page(db, config, ids, page_regions)
        write_marked_runs(str(db), 1, ids, all_regions)  # run 2 swapped in meanwhile
        during = read_page(db, config, ids, page_regions)
        version_inside = store.data_version(db)
        elsewhere = read_page(other, config, ids, page_regions)
    after = read_page(db, config, ids, page_regions)
    for page, run in ((before, 1), (during, 1), (after, 2), (elsewhere, 3)):
        assert page["series"] == page["scorecard"] == page["freshness"] == {run}, page
        assert page["version"] == page["load_log"] == run
    assert store.data_version(db) != version_inside, "the version changes with the swap"
