"""Reads of the statistics database as it was after one load run (its vintages).

A snapshot records the run its numbers came from; reading "as of" that run later gives the
same numbers even after the source revised them, which is how revisions are found.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mittaristo import store
from mittaristo.lazy import lazy_module
from mittaristo.store.rows import one_row

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


FRAME_COLUMNS = ["indicator_id", "region", "period", "value"]

_AS_OF_SQL = """
SELECT DISTINCT ON (indicator_id, region, period) indicator_id, region, period, value
FROM observation_history
WHERE indicator_id IS NOT NULL AND list_contains(CAST(? AS TEXT[]), indicator_id)
    AND list_contains(CAST(? AS TEXT[]), region)
    AND valid_from_run <= ? AND (valid_to_run IS NULL OR valid_to_run > ?)
ORDER BY indicator_id, region, period, valid_from_run DESC, dimensions
"""


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c == "value" else "object") for c in FRAME_COLUMNS}
    )


def latest_frame(
    db_path: Path | str, indicator_ids: Sequence[str], regions: Sequence[str]
) -> tuple[int | None, pd.DataFrame]:
    """(latest run id, current values) read on ONE connection, so the run id is the one the
    values came from even if a refresh swaps the file meanwhile. No database → (None, empty)."""
    try:
        with store.read_connection(db_path) as con:
            run = one_row(con.execute("SELECT max(run_id) FROM load_run"))[0]
            if run is None:
                return None, empty_frame()
            return int(run), _as_of(con, indicator_ids, regions, int(run))
    except store.StoreMissing:
        return None, empty_frame()


def frames_at_runs(
    db_path: Path | str,
    indicator_ids: Sequence[str],
    regions: Sequence[str],
    runs: Sequence[int],
) -> list[pd.DataFrame]:
    """The values as known after each of `runs` (one connection for all)."""
    with store.read_connection(db_path) as con:
        return [_as_of(con, indicator_ids, regions, run) for run in runs]


def max_run(db_path: Path | str) -> int | None:
    try:
        with store.read_connection(db_path) as con:
            row = one_row(con.execute("SELECT max(run_id) FROM load_run"))
    except store.StoreMissing:
        return None
    return None if row[0] is None else int(row[0])


def _as_of(con, indicator_ids: Sequence[str], regions: Sequence[str], run: int) -> pd.DataFrame:
    params = [list(indicator_ids), list(regions), run, run]
    frame = con.execute(_AS_OF_SQL, params).df()
    return frame if not frame.empty else empty_frame()
