"""Read side of the store: short-lived read-only connections and the named queries.

A read-only connection still blocks a writer that opens the same file, and in one process a
connection that stays open pins the old file after a swap, so every query opens, reads, closes.
"Opens" is an ATTACH of the file to one in-memory DuckDB the process keeps (about 1 ms), not a
new DuckDB instance per query (15–40 ms); the file is detached again when the read ends.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import itertools
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from mittaristo.lazy import lazy_module
from mittaristo.seriesrows import SeriesRows
from mittaristo.store.rows import one_row
from mittaristo.store.schema import StoreError, StoreMissing

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
else:
    pd = lazy_module("pandas")
    pa = lazy_module("pyarrow")
    pc = lazy_module("pyarrow.compute")


_NO_RUN = 2_147_483_647  # "no as_of_run": every row is visible, only current rows qualify

# While a `snapshot()` block runs: (absolute path, its connection, os.stat of the file it reads).
# (The fourth item is the alias the file is attached under in the process's in-memory DuckDB.)
_PINNED: contextvars.ContextVar[
    tuple[Path, duckdb.DuckDBPyConnection, os.stat_result, str] | None
] = contextvars.ContextVar("mittaristo_store_snapshot", default=None)

# The process's in-memory DuckDB that reads attach their file to: (pid, connection). Built on
# first use; a forked child builds its own (a DuckDB instance does not survive fork).
_SHARED: tuple[int, duckdb.DuckDBPyConnection] | None = None
_SHARED_LOCK = threading.Lock()
_ALIASES = itertools.count(1)

_SERIES_SQL = """
SELECT DISTINCT ON (region, period) region, period, value, symbol, fetched_at
FROM observation_history
WHERE indicator_id = ?
    AND (? IS NULL OR list_contains(CAST(? AS TEXT[]), region))
    AND valid_from_run <= ? AND (valid_to_run IS NULL OR valid_to_run > ?)
ORDER BY region, period, valid_from_run DESC, dimensions
"""

# DISTINCT ON (indicator_id, region, period) in the ORDER BY's order, done by _first_per_key on
# the sorted rows (DuckDB's DISTINCT ON costs ~9 ms for one mittari × every area, this < 1 ms).
_MANY_SQL = """
SELECT indicator_id, region, period, value, symbol, fetched_at
FROM indicator_observations
WHERE list_contains(CAST(? AS TEXT[]), indicator_id)
    AND (? IS NULL OR list_contains(CAST(? AS TEXT[]), region))
ORDER BY indicator_id, region, period, valid_from_run DESC, dimensions
"""

_LATEST_SQL = """
SELECT DISTINCT ON (indicator_id) indicator_id, period, value, symbol, fetched_at
FROM indicator_observations
WHERE list_contains(CAST(? AS TEXT[]), indicator_id) AND region = ? AND value IS NOT NULL
ORDER BY indicator_id, period DESC, valid_from_run DESC, dimensions
"""

_FRESHNESS_SQL = """
WITH last_try AS (
    SELECT DISTINCT ON (indicator_id) indicator_id, source, dataset, status, error, fetched_at
    FROM series_load WHERE indicator_id IS NOT NULL
    ORDER BY indicator_id, run_id DESC, fetched_at DESC),
last_ok AS (
    SELECT DISTINCT ON (indicator_id) indicator_id, run_id, release_time, fetched_at, url
    FROM series_load WHERE indicator_id IS NOT NULL AND status = 'ok'
    ORDER BY indicator_id, run_id DESC, fetched_at DESC),
cur AS (
    SELECT indicator_id, count(*) AS n_rows, max(period) AS last_period
    FROM indicator_observations GROUP BY indicator_id)
SELECT t.indicator_id, t.source, t.dataset, t.status AS last_status,
    t.fetched_at AS last_attempt_at, o.run_id AS last_ok_run, o.fetched_at AS last_fetched_at,
    o.release_time, o.url, COALESCE(c.n_rows, 0) AS n_rows, c.last_period,
    CASE WHEN t.status = 'failed' THEN t.error END AS last_error
FROM last_try t LEFT JOIN last_ok o USING (indicator_id) LEFT JOIN cur c USING (indicator_id)
ORDER BY t.indicator_id
"""

_HISTORY_SQL = """
SELECT h.source, h.dataset, h.measure, h.dimensions, h.value, h.symbol, h.fetched_at,
    h.valid_from_run, h.valid_to_run, f.finished_at AS known_from, t.finished_at AS known_until
FROM observation_history h
LEFT JOIN load_run f ON f.run_id = h.valid_from_run
LEFT JOIN load_run t ON t.run_id = h.valid_to_run
WHERE h.indicator_id = ? AND h.region = ? AND h.period = ?
ORDER BY h.valid_from_run, h.dimensions
"""


@contextmanager
def read_connection(db_path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection closed after use; StoreMissing when there is no database yet."""
    path = Path(db_path)
    pinned = _pinned(path)
    if pinned is not None:  # inside snapshot(): the snapshot's file, through a cursor of its own
        con = _cursor()[0]  # (one connection per read: no result of another read is pending)
        try:
            con.execute(f"USE {pinned[3]}")
            yield con
        finally:
            with contextlib.suppress(duckdb.Error):
                con.close()
        return
    if not path.is_file():
        raise StoreMissing(
            f"no database at {path}: run `python -m loaders refresh` (or `demo`) first"
        )
    con, alias = _cursor()
    try:
        con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(path)])
        con.execute(f"USE {alias}")
    except duckdb.Error as exc:
        _release(con, alias)
        raise StoreError(f"cannot open {path} for reading: {exc}") from exc
    except BaseException:
        _release(con, alias)
        raise
    try:
        yield con
    finally:
        _release(con, alias)


def _cursor() -> tuple[duckdb.DuckDBPyConnection, str]:
    """A connection of its own (a cursor) to the process's in-memory DuckDB, and a fresh alias."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None or _SHARED[0] != os.getpid():
            _SHARED = (os.getpid(), duckdb.connect(":memory:"))
        return _SHARED[1].cursor(), f"mittaristo_read_{next(_ALIASES)}"


def prepare() -> None:
    """Create the process's in-memory DuckDB now (its first creation costs a first page
    ~0.05–0.2 s; ui.serve calls this while the browser loads)."""
    con, _ = _cursor()
    con.close()


def _release(con: duckdb.DuckDBPyConnection, alias: str) -> None:
    """Close the cursor and detach the file (then nothing in this process holds it open)."""
    with contextlib.suppress(duckdb.Error):
        con.close()
    with _SHARED_LOCK:  # the shared connection itself is only ever used under the lock
        if _SHARED is not None and _SHARED[0] == os.getpid():
            with contextlib.suppress(duckdb.Error):
                _SHARED[1].execute(f"DETACH DATABASE IF EXISTS {alias}")


def _pinned(path: Path) -> tuple[Path, duckdb.DuckDBPyConnection, os.stat_result, str] | None:
    pinned = _PINNED.get()
    return pinned if pinned is not None and pinned[0] == Path(os.path.abspath(path)) else None


@contextmanager
def snapshot(db_path: Path | str) -> Iterator[None]:
    """Pin the current database file for several reads (one page of the app).

    Inside the block every read function of the store given the same path (in this thread or
    context) reads one file through one read-only connection, so the reads never mix two
    refresh runs even when a refresh swaps the file meanwhile. The connection is a cursor of the
    process's in-memory DuckDB that ATTACHes the file read-only under its own alias: it does not
    share DuckDB's per-process instance of the path, so other readers see a new file as soon as
    it is swapped in.
    """
    path = Path(db_path)
    if _pinned(path) is not None:  # nested: the outer snapshot already pins this file
        yield
        return
    if not path.is_file():
        raise StoreMissing(
            f"no database at {path}: run `python -m loaders refresh` (or `demo`) first"
        )
    con, alias = _cursor()
    try:
        for _ in range(5):  # a swap between stat and ATTACH: attach the new file instead
            before = path.stat()
            con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(path)])
            after = path.stat()
            if (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns):
                break
            con.execute(f"DETACH {alias}")
        else:
            raise StoreError(f"{path} kept changing while it was being opened")
        con.execute(f"USE {alias}")
    except duckdb.Error as exc:
        _release(con, alias)
        raise StoreError(f"cannot open {path} for reading: {exc}") from exc
    except BaseException:
        _release(con, alias)
        raise
    token = _PINNED.set((Path(os.path.abspath(path)), con, after, alias))
    try:
        yield
    finally:
        _PINNED.reset(token)
        _release(con, alias)


@contextmanager
def unpinned() -> Iterator[None]:
    """Reads of the file as it is now, inside a page's snapshot: the page that has just
    written a run (an upload) reads that run, not the file pinned before the write."""
    token = _PINNED.set(None)
    try:
        yield
    finally:
        _PINNED.reset(token)


def data_version(db_path: Path | str) -> str:
    """Changes on every swap (run id, mtime_ns, inode): the cache key of the app's queries."""
    path = Path(db_path)
    with read_connection(path) as con:
        row = one_row(con.execute("SELECT max(run_id) FROM load_run"))
    pinned = _pinned(path)
    stat = pinned[2] if pinned is not None else path.stat()
    return f"{row[0] or 0}-{stat.st_mtime_ns}-{stat.st_ino}"


def current_series(
    db_path: Path | str,
    indicator_id: str,
    regions: Sequence[str] | None = None,
    *,
    as_of_run: int | None = None,
) -> pd.DataFrame:
    """(region, period, value, symbol, fetched_at) of one indicator, one row per region+period.

    `as_of_run` gives the values as they were known after that run (vintages).
    """
    run = _NO_RUN if as_of_run is None else as_of_run
    wanted = None if regions is None else list(regions)
    params = [indicator_id, wanted, wanted, run, run]
    with read_connection(db_path) as con:
        return con.execute(_SERIES_SQL, params).df()


def series_for_indicators(
    db_path: Path | str, indicator_ids: Sequence[str], regions: Sequence[str] | None
) -> pd.DataFrame:
    """(indicator_id, region, period, value, symbol, fetched_at): current values of many
    indicators at once, one row per indicator+region+period; `regions=None` = every region."""
    wanted = None if regions is None else list(regions)
    with read_connection(db_path) as con:
        # Through Arrow: about 3× faster than .df() on the text columns (the app's hottest
        # read); text columns come back as pandas' str dtype, also when empty or all NULL.
        rows = con.sql(_MANY_SQL, params=[list(indicator_ids), wanted, wanted]).to_arrow_table()
    return _first_per_key(rows, ("indicator_id", "region", "period")).to_pandas()


def series_rows_for_indicators(
    db_path: Path | str, indicator_ids: Sequence[str], regions: Sequence[str] | None
) -> SeriesRows:
    """The rows of `series_for_indicators` as plain tuples, without pandas or Arrow: the
    scorecard's read, so a server that only shows overviews never imports them."""
    wanted = None if regions is None else list(regions)
    with read_connection(db_path) as con:
        rows = con.execute(_MANY_SQL, [list(indicator_ids), wanted, wanted]).fetchall()
    first, last = [], None
    for indicator_id, region, period, value, symbol, _fetched in rows:
        key = (indicator_id, region, period)
        if key != last:  # sorted newest vintage first within a key: DISTINCT ON
            first.append((indicator_id, region, period, value, symbol))
            last = key
    return SeriesRows.from_rows(first)


def _first_per_key(table: pa.Table, keys: Sequence[str]) -> pa.Table:
    """The first row of each key in a table sorted by `keys` first (DISTINCT ON)."""
    if table.num_rows < 2:
        return table
    same = None  # row i+1 has the key of row i
    for key in keys:
        column = table.column(key)
        equal = pc.equal(column.slice(1), column.slice(0, table.num_rows - 1))
        same = equal if same is None else pc.and_(same, equal)
    if not pc.any(same).as_py():
        return table
    keep = pa.concat_arrays([pa.array([True]), pc.invert(same).combine_chunks()])
    return table.filter(keep)


def latest_values(db_path: Path | str, indicator_ids: Sequence[str], region: str) -> pd.DataFrame:
    """Per indicator, the latest period that has a value for `region` (symbol-only rows skipped)."""
    with read_connection(db_path) as con:
        return con.execute(_LATEST_SQL, [list(indicator_ids), region]).df()


def series_freshness(db_path: Path | str) -> pd.DataFrame:
    """Per indicator: last attempt and status, last ok run and its fetch time (last_fetched_at),
    release time and URL, current rows and last period, and the error if the last attempt failed."""
    with read_connection(db_path) as con:
        return con.execute(_FRESHNESS_SQL).df()


def load_runs(db_path: Path | str, limit: int = 50) -> pd.DataFrame:
    """The latest load runs, newest first."""
    with read_connection(db_path) as con:
        return con.execute("SELECT * FROM load_run ORDER BY run_id DESC LIMIT ?", [limit]).df()


def series_loads(db_path: Path | str, run_id: int) -> pd.DataFrame:
    """What happened to each series in one run (errors included)."""
    with read_connection(db_path) as con:
        return con.execute(
            "SELECT * FROM series_load WHERE run_id = ? ORDER BY indicator_id", [run_id]
        ).df()


def data_mode(db_path: Path | str) -> str:
    """live | demo | mixed — the app shows a 'not official' banner unless live."""
    with read_connection(db_path) as con:
        row = con.execute("SELECT value FROM meta WHERE key = 'data_mode'").fetchone()
    return row[0] if row else "live"


def value_history(db_path: Path | str, indicator_id: str, region: str, period: str) -> pd.DataFrame:
    """Every vintage of one value, oldest first, with when each was known (run finish times)."""
    with read_connection(db_path) as con:
        return con.execute(_HISTORY_SQL, [indicator_id, region, period]).df()


def run_as_of(db_path: Path | str, when: dt.datetime) -> int | None:
    """The last run finished at or before `when` (naive UTC): 'what did we know on 12 March'."""
    with read_connection(db_path) as con:
        row = con.execute(
            "SELECT max(run_id) FROM load_run WHERE finished_at <= ?", [when]
        ).fetchone()
    return row[0] if row else None


def sotkanet_regions(db_path: Path | str) -> pd.DataFrame:
    """The stored Sotkanet region list (id → our region code), e.g. for imports."""
    with read_connection(db_path) as con:
        return con.execute(
            "SELECT id, code, category, title_fi, title_sv, title_en, region FROM sotkanet_region"
        ).df()


def source_notes(db_path: Path | str, indicator_id: str, region: str) -> dict[str, str]:
    """Period → the source note stored with a manual value (empty for a database written
    before notes were kept)."""
    with read_connection(db_path) as con:
        try:
            rows = con.execute(
                "SELECT period, note FROM source_note WHERE indicator_id = ? AND region = ?",
                [indicator_id, region],
            ).fetchall()
        except duckdb.CatalogException:
            return {}
    return {str(period): str(note) for period, note in rows}
