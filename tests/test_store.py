"""The DuckDB store: vintages, the contract view, atomic swap, locking, readers, consistency."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from mittaristo import store
from mittaristo.observations import CONTRACT_COLUMNS, SeriesOutcome
from mittaristo.reference import municipality_codes
from mittaristo.store import RefreshLocked, RefreshWriter, StoreMissing

ROOT = Path(__file__).resolve().parents[1]


def obs(rows: list[tuple], source: str = "pxweb", dataset: str = "11re", measure: str = "vaesto"):
    """(region, period, value[, symbol]) tuples → an OBS frame."""
    full = [r if len(r) == 4 else (*r, None) for r in rows]
    frame = pd.DataFrame(full, columns=["region", "period", "value", "symbol"])
    return frame.assign(source=source, dataset=dataset, measure=measure, dimensions="")


def write(db: Path, outcomes: dict[str, pd.DataFrame | str], **kw) -> RefreshWriter:
    """One run: a frame writes rows, a string is a failure reason."""
    with RefreshWriter(db, kind=kw.pop("kind", "refresh"), **kw) as w:
        for ind, value in outcomes.items():
            if isinstance(value, str):
                w.write_outcome(SeriesOutcome(ind, error=value), "pxweb")
            else:
                w.write_outcome(SeriesOutcome(ind, frame=value), "pxweb")
        w.finish()
    return w


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "m.duckdb"


def test_vintages_insert_unchanged_revised_missing(db):
    w1 = write(db, {"vakiluku": obs([("KU111", "2020", 1.0), ("KU111", "2021", 2.0)])})
    assert (w1.n_rows_new, w1.n_rows_revised) == (2, 0)
    w2 = write(
        db,
        {"vakiluku": obs([("KU111", "2020", 1.0), ("KU111", "2021", 3.0), ("KU111", "2022", 4.0)])},
    )
    assert (w2.n_rows_new, w2.n_rows_revised) == (1, 1)
    w3 = write(db, {"vakiluku": obs([("KU111", "2022", 4.0)])})  # partial answer
    assert (w3.n_rows_new, w3.n_rows_revised) == (0, 0)
    current = store.current_series(db, "vakiluku")
    assert current[["period", "value"]].values.tolist() == [
        ["2020", 1.0],
        ["2021", 3.0],
        ["2022", 4.0],
    ]
    history = store.value_history(db, "vakiluku", "KU111", "2021")
    assert history[["value", "valid_from_run"]].values.tolist() == [[2.0, 1], [3.0, 2]]
    assert history["valid_to_run"].tolist()[0] == 2 and pd.isna(history["valid_to_run"].tolist()[1])
    assert store.current_series(db, "vakiluku", as_of_run=1)["value"].tolist() == [1.0, 2.0]
    assert store.check_consistency(db) == []


def test_symbols_are_null_safe(db):
    write(db, {"x": obs([("KU111", "2020", None, ".."), ("KU111", "2021", np.nan, ".")])})
    again = write(db, {"x": obs([("KU111", "2020", None, ".."), ("KU111", "2021", None, ".")])})
    assert (again.n_rows_new, again.n_rows_revised) == (0, 0)
    later = write(db, {"x": obs([("KU111", "2020", 5.0, None)])})
    assert later.n_rows_revised == 1
    assert store.current_series(db, "x", ["KU111"])["value"].tolist()[0] == 5.0


def test_two_values_for_one_cell_in_one_frame_are_refused(db):
    """The store keeps one current row per cell: a frame with two values for a cell is a bug
    upstream and fails as a whole (nothing of it stored); an exact repeat is one row."""
    with RefreshWriter(db, kind="refresh") as w:
        bad = w.write_series(obs([("KU111", "2020", 1.0), ("KU111", "2020", 2.0)]),
                             indicator_id="x", source_kind="pxweb")  # fmt: skip
        w.finish()
    assert bad.status == "failed" and "two different values for one cell" in bad.error
    assert "KU111" in bad.error and "2020" in bad.error
    write(db, {"x": obs([("KU111", "2020", 1.0), ("KU111", "2020", 1.0)])})
    assert store.current_series(db, "x")["value"].tolist() == [1.0]


@pytest.mark.parametrize(
    ("row", "says"),
    [
        (("KU001", "2020", 1.0, None), "regions the reference does not know: 'KU001'"),
        (("00100", "2020", 1.0, None), "regions the reference does not know: '00100'"),
        (
            ("KU111", "2024M13", 1.0, None),
            "periods not in the form 2024, 2024Q3 or 2024M05: '2024M13'",
        ),
        (("KU111", "2024Q5", 1.0, None), "periods not in the form"),
        (("KU111", "2022K1", 1.0, None), "periods not in the form"),
        (("KU111", "2005 - 1", 1.0, None), "periods not in the form"),
        (("KU111", "2020", float("inf"), None), "values infinite or beyond"),
        (("KU111", "2020", 1e300, None), "values infinite or beyond"),
        (("KU111", "2020", None, None), "missing values without a symbol"),
        (("KU111", "2020", float("nan"), None), "missing values without a symbol"),
    ],
)
def test_the_store_guards_itself(db, row, says):
    """No path around the parsers stores a bad row: the writer checks what it receives."""
    write(db, {"x": obs([("KU111", "2019", 5.0)])})
    with RefreshWriter(db, kind="refresh") as w:
        result = w.write_series(obs([row]), indicator_id="x", source_kind="pxweb")
    assert result.status == "failed" and says in result.error
    assert store.current_series(db, "x")["period"].tolist() == ["2019"]


def test_observations_view_is_the_contract(db):
    shared = obs([("KU111", "2020", 1.0), ("SSS", "2020", 9.0)])
    write(db, {"a": shared, "b": shared})  # two catalog indicators, one series
    with store.read_connection(db) as con:
        columns = con.execute("SELECT * FROM observations LIMIT 0").description
        rows = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        linked = con.execute("SELECT count(*) FROM indicator_observations").fetchone()[0]
    assert tuple(c[0] for c in columns) == CONTRACT_COLUMNS
    assert (rows, linked) == (2, 4)


def test_derived_rows_stay_out_of_observations(db):
    write(db, {"d": obs([("KU111", "2020", 1.0)], source="derived", dataset="yoy_change_pct")})
    with store.read_connection(db) as con:
        assert con.execute("SELECT count(*) FROM observations").fetchone()[0] == 0
    assert len(store.series_for_indicators(db, ["d"], ["KU111"])) == 1


def test_demo_rows_are_replaced_by_live_rows(db):
    write(
        db,
        {"x": obs([("KU111", "2020", 1.0), ("KU111", "2021", 1.0)])},
        kind="demo",
        source_label="demo",
    )
    assert store.data_mode(db) == "demo"
    with store.read_connection(db) as con:
        assert con.execute("SELECT DISTINCT source FROM observations").fetchall() == [("demo",)]
    write(db, {"x": obs([("KU111", "2020", 2.0)])})
    assert store.data_mode(db) == "live"
    assert store.current_series(db, "x")["value"].tolist() == [2.0]
    assert store.check_consistency(db) == []


def test_failed_series_keeps_previous_values_and_is_logged(db):
    write(db, {"x": obs([("KU111", "2020", 1.0)]), "y": obs([("KU111", "2020", 7.0)])})
    w = write(db, {"x": "HTTP 500 from emulator", "y": obs([("KU111", "2020", 7.0)])})
    assert w.status == "partial"
    assert store.current_series(db, "x")["value"].tolist() == [1.0]
    fresh = store.series_freshness(db).set_index("indicator_id")
    assert fresh.loc["x", "last_error"] == "HTTP 500 from emulator"
    assert fresh.loc["x", "last_ok_run"] == 1 and fresh.loc["y", "last_ok_run"] == 2
    assert store.load_runs(db)["status"].tolist() == ["partial", "ok"]


def test_bad_frame_is_a_failed_series_not_a_crash(db):
    w = write(db, {"x": pd.DataFrame({"region": ["KU111"]})})
    assert (w.n_ok, w.n_failed) == (0, 1)
    assert "could not store" in store.series_freshness(db)["last_error"].iloc[0]


def test_exception_leaves_the_original_byte_identical(db):
    write(db, {"x": obs([("KU111", "2020", 1.0)])})
    before = digest(db)
    with pytest.raises(RuntimeError), RefreshWriter(db, kind="refresh") as w:
        w.write_outcome(SeriesOutcome("x", frame=obs([("KU111", "2020", 99.0)])), "pxweb")
        w.finish()
        raise RuntimeError("boom")
    assert digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["m.duckdb", "m.duckdb.lock"]


def test_without_finish_nothing_is_swapped(db):
    write(db, {"x": obs([("KU111", "2020", 1.0)])})
    before = digest(db)
    with RefreshWriter(db, kind="refresh") as w:
        w.write_outcome(SeriesOutcome("x", frame=obs([("KU111", "2020", 2.0)])), "pxweb")
    assert digest(db) == before


def test_second_writer_is_refused(db):
    with RefreshWriter(db, kind="refresh") as w:
        with (
            pytest.raises(RefreshLocked, match="another refresh"),
            RefreshWriter(db, kind="import"),
        ):
            pass
        w.finish()
    assert store.load_runs(db)["run_id"].tolist() == [1]


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreMissing, match="no database"):
        store.load_runs(tmp_path / "nope.duckdb")


def test_data_version_changes_on_every_swap(db):
    write(db, {"x": obs([("KU111", "2020", 1.0)])})
    first = store.data_version(db)
    write(db, {"x": obs([("KU111", "2020", 1.0)])})
    assert store.data_version(db) != first


def test_http_cache_round_trip(db):
    with RefreshWriter(db, kind="refresh") as w:
        assert w.http_cache.get("u") is None
        w.http_cache.put("u", '"e1"', "Mon, 01 Jun 2026 06:00:00 GMT", b"a;b\n")
        assert w.http_cache.get("u") == ('"e1"', "Mon, 01 Jun 2026 06:00:00 GMT", b"a;b\n")
        w.finish()
    with RefreshWriter(db, kind="refresh") as w:  # kept for the next run's conditional GET
        assert w.http_cache.get("u")[2] == b"a;b\n"
        w.finish()


def test_latest_values_skip_symbol_rows(db):
    write(
        db,
        {"x": obs([("KU111", "2020", 1.0), ("KU111", "2021", None, ".."), ("KU240", "2021", 3.0)])},
    )
    latest = store.latest_values(db, ["x"], "KU111")
    assert latest[["indicator_id", "period", "value"]].values.tolist() == [["x", "2020", 1.0]]


_READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT value FROM observations").fetchone()[0])
con.close()
"""


def read_in_other_process(db: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _READER, str(db)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return float(out.stdout)


def test_reader_in_another_process_during_a_write(db):
    write(db, {"x": obs([("KU111", "2020", 1.0)])})
    with RefreshWriter(db, kind="refresh") as w:
        w.write_outcome(SeriesOutcome("x", frame=obs([("KU111", "2020", 2.0)])), "pxweb")
        assert read_in_other_process(db) == 1.0  # no lock error, old data
        w.finish()
        assert read_in_other_process(db) == 1.0  # not swapped until the block ends
    assert read_in_other_process(db) == 2.0


_KILLED_WRITER = """
import sys
import numpy as np, pandas as pd
from mittaristo.observations import CONTRACT_COLUMNS, SeriesOutcome
from mittaristo.reference import municipality_codes
from mittaristo.store import RefreshWriter
db, n = sys.argv[1], 60_000
codes = municipality_codes()
for run in range(1000):
    frame = pd.DataFrame({"source": "pxweb", "dataset": "t", "measure": "m", "dimensions": "",
        "region": [codes[i % 300] for i in range(n)], "period": [str(1900 + i // 300) for i in range(n)],
        "value": np.full(n, float(run)), "symbol": None})
    with RefreshWriter(db, kind="refresh") as w:
        w.write_outcome(SeriesOutcome("x", frame=frame), "pxweb")
        w.finish()
    print(run, flush=True)
"""


def test_sigkill_at_any_moment_leaves_a_sound_database(db):
    write(db, {"x": obs([("KU005", "1900", -1.0)])})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.05, 0.4, 0.9, 1.3, 1.8, 2.6):
        proc = subprocess.Popen(
            [sys.executable, "-c", _KILLED_WRITER, str(db)], env=env, stdout=subprocess.DEVNULL
        )
        time.sleep(delay)
        proc.kill()
        proc.wait()
        assert store.check_consistency(db) == []
        values = set(store.current_series(db, "x", ["KU005"])["value"])
        assert len(values) == 1  # one whole run, never a mix
    stale = list(db.parent.glob("m.duckdb.tmp-*"))
    old = time.time() - 7200
    for path in stale:
        os.utime(path, (old, old))
    write(db, {"y": obs([("KU111", "2020", 1.0)])})
    assert not list(db.parent.glob("m.duckdb.tmp-*"))


def test_consistency_check_finds_broken_invariants(db):
    write(db, {"x": obs([("KU111", "2020", 1.0)])})
    con = duckdb.connect(str(db))
    con.execute(
        "INSERT INTO observation_history SELECT * REPLACE (99 AS valid_from_run) FROM observation_history"
    )
    con.execute("UPDATE load_run SET finished_at = NULL")
    con.close()
    problems = store.check_consistency(db)
    assert any("not in load_run" in p for p in problems)
    assert any("more than one current row" in p for p in problems)
    assert any("without finished_at" in p for p in problems)


def test_a_full_refresh_sized_write_takes_seconds(db):
    regions = municipality_codes()[:300]
    r, y = np.meshgrid(regions, [str(v) for v in range(1995, 2025)], indexing="ij")
    frame = obs(list(zip(r.ravel(), y.ravel(), np.arange(r.size, dtype=float), strict=True)))
    started = time.monotonic()
    w = write(db, {f"i{k}": frame for k in range(45)})
    assert w.n_rows_new == 45 * 9000
    assert time.monotonic() - started < 30  # ~3 s here; generous for slow CI machines
