"""Set-based vintage writes: compare a fetched frame with the current rows of its indicator.

Unchanged rows (same value and symbol, NULL-safe) are left alone; a changed row is closed
(`valid_to_run` = this run) and the new value inserted, so a revision keeps the old value and the
run that saw it; new rows are inserted; rows missing from the fetch stay current (a partial answer
never deletes anything). Everything runs as a few SQL statements over the registered frame, so
~400 000 rows write in seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from mittaristo.areas import few, is_known_region
from mittaristo.lazy import lazy_module
from mittaristo.observations import IDENTITY, OBS_COLUMNS
from mittaristo.periods import is_stored_period
from mittaristo.store.schema import DEMO_SOURCE, DERIVED_SOURCE, StoreError
from mittaristo.values import MAX_ABS

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    pd = lazy_module("pandas")
    np = lazy_module("numpy")


# The incoming frame, one row per identity (the last duplicate wins), typed and normalised.
_STAGE_SQL = """
CREATE OR REPLACE TEMP TABLE stage AS
SELECT DISTINCT ON (source, dataset, measure, dimensions, region, period) *
FROM (
    SELECT COALESCE(CAST(? AS TEXT), CAST(source AS TEXT)) AS source,
        CAST(dataset AS TEXT) AS dataset, CAST(measure AS TEXT) AS measure,
        COALESCE(CAST(dimensions AS TEXT), '') AS dimensions, CAST(region AS TEXT) AS region,
        CAST(period AS TEXT) AS period,
        CASE WHEN isnan(CAST(value AS DOUBLE)) THEN NULL ELSE CAST(value AS DOUBLE) END AS value,
        NULLIF(CAST(symbol AS TEXT), '') AS symbol, _ord
    FROM incoming_frame
)
ORDER BY source, dataset, measure, dimensions, region, period, _ord DESC
"""

# The statements below match a stage row s with the current history row h of the same identity
# (indicator_id NULL-safe); "changed" is value or symbol differing, NULL-safe.

# A row first written earlier in this same run is replaced, not kept as a one-run vintage.
_DELETE_SAME_RUN = """DELETE FROM observation_history h USING stage s
WHERE h.valid_to_run IS NULL AND h.indicator_id IS NOT DISTINCT FROM ?
    AND h.source = s.source AND h.dataset = s.dataset AND h.measure = s.measure
    AND h.dimensions = s.dimensions AND h.region = s.region AND h.period = s.period
    AND h.valid_from_run = ?
    AND (h.value IS DISTINCT FROM s.value OR h.symbol IS DISTINCT FROM s.symbol)"""
_CLOSE_CHANGED = """UPDATE observation_history h SET valid_to_run = ? FROM stage s
WHERE h.valid_to_run IS NULL AND h.indicator_id IS NOT DISTINCT FROM ?
    AND h.source = s.source AND h.dataset = s.dataset AND h.measure = s.measure
    AND h.dimensions = s.dimensions AND h.region = s.region AND h.period = s.period
    AND (h.value IS DISTINCT FROM s.value OR h.symbol IS DISTINCT FROM s.symbol)"""
_INSERT_NEW = """INSERT INTO observation_history
SELECT ?, s.source, s.dataset, s.measure, s.dimensions, s.region, s.period, s.value, s.symbol,
    ?, ?, NULL
FROM stage s
WHERE NOT EXISTS (SELECT 1 FROM observation_history h WHERE h.valid_to_run IS NULL AND h.indicator_id IS NOT DISTINCT FROM ?
    AND h.source = s.source AND h.dataset = s.dataset AND h.measure = s.measure
    AND h.dimensions = s.dimensions AND h.region = s.region AND h.period = s.period)"""

# Demo rows and live rows of one indicator never stay current together: a live load retires
# the indicator's demo rows and a demo load retires its live rows (both stay in the history).
_RETIRE_LIVE = """UPDATE observation_history SET valid_to_run = ?
WHERE valid_to_run IS NULL AND indicator_id = ? AND valid_from_run <> ?
    AND source NOT IN ('demo', 'derived')"""
_RETIRE_DEMO = """UPDATE observation_history SET valid_to_run = ?
WHERE valid_to_run IS NULL AND indicator_id = ? AND valid_from_run <> ? AND source = 'demo'"""


# A source that renamed a code (June 2026: `vaesto` → `vaerak-vaesto`) sends the same series
# under a new identity: the indicator's current rows of a series key the new load no longer
# has are retired (kept in the history), so one period never has two current values.
_RETIRE_SUPERSEDED = """UPDATE observation_history SET valid_to_run = ?
WHERE valid_to_run IS NULL AND indicator_id = ? AND valid_from_run <> ?
    AND NOT EXISTS (SELECT 1 FROM stage s WHERE s.source = observation_history.source
        AND s.dataset = observation_history.dataset AND s.measure = observation_history.measure
        AND s.dimensions IS NOT DISTINCT FROM observation_history.dimensions)"""


@dataclass(frozen=True)
class WriteCounts:
    """Rows in the fetched frame, and how many of them were new or revised values."""

    n_rows: int
    n_new: int
    n_revised: int


def write_frame(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    *,
    indicator_id: str | None,
    run_id: int,
    fetched_at: dt.datetime,
    source: str | None = None,
) -> WriteCounts:
    """Merge `frame` (OBS_COLUMNS) into observation_history as vintages of `indicator_id`.

    `source` overrides the frame's source column (the demo writes every row as `demo`).
    """
    _check_frame(frame, _listed_regions(con))
    incoming = frame.reindex(columns=OBS_COLUMNS)  # absent dimensions/symbol → NULL
    incoming["_ord"] = np.arange(len(incoming))
    con.register("incoming_frame", incoming)
    try:
        con.execute(_STAGE_SQL, [source])
    finally:
        con.unregister("incoming_frame")
    n_rows = _scalar(con, "SELECT count(*) FROM stage")
    deleted = _scalar(con, _DELETE_SAME_RUN, [indicator_id, run_id])
    revised = _scalar(con, _CLOSE_CHANGED, [run_id, indicator_id])
    inserted = _scalar(con, _INSERT_NEW, [indicator_id, fetched_at, run_id, indicator_id])
    if indicator_id is not None and n_rows:
        _retire_other_mode(con, indicator_id, run_id)
        con.execute(_RETIRE_SUPERSEDED, [run_id, indicator_id, run_id])
    con.execute("DROP TABLE stage")
    return WriteCounts(n_rows=n_rows, n_new=inserted - revised - deleted, n_revised=revised)


def _retire_other_mode(con: duckdb.DuckDBPyConnection, indicator_id: str, run_id: int) -> None:
    sources = {src for (src,) in con.execute("SELECT DISTINCT source FROM stage").fetchall()}
    if DEMO_SOURCE in sources:
        con.execute(_RETIRE_LIVE, [run_id, indicator_id, run_id])
    if sources - {DEMO_SOURCE, DERIVED_SOURCE}:
        con.execute(_RETIRE_DEMO, [run_id, indicator_id, run_id])


def _listed_regions(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Codes of the stored Sotkanet regions list: an official list that also names
    municipalities merged before 2017 (older data), which the reference does not keep."""
    rows = con.execute("SELECT DISTINCT region FROM sotkanet_region WHERE region IS NOT NULL")
    return frozenset(str(r) for (r,) in rows.fetchall())


def _check_frame(frame: pd.DataFrame, listed: frozenset[str] = frozenset()) -> None:
    """The store guards itself: whatever path a frame took, a row is stored only with a known
    Finnish region, a period in the stored form, a finite value within range or a symbol, and
    one value per cell. A frame that breaks this is a bug upstream: fail loudly, store nothing."""
    required = [c for c in IDENTITY if c != "dimensions"]
    missing = [c for c in (*required, "value") if c not in frame.columns]
    if missing:
        raise StoreError(f"observation frame lacks columns {missing}")
    nulls = [c for c in required if frame[c].isna().any()]
    if nulls:
        raise StoreError(f"observation frame has empty identity values in {nulls}")
    if frame.empty:
        return
    _check_cells(frame, listed)


def _bad(values: pd.Series, ok) -> list[str]:
    uniques = pd.unique(values.astype(str))
    return [str(v) for v in uniques if not ok(v)]


def _check_cells(frame: pd.DataFrame, listed: frozenset[str]) -> None:
    regions = _bad(frame["region"], lambda r: is_known_region(r) or r in listed)
    if regions:
        raise StoreError(f"regions the reference does not know: {few(regions)}")
    periods = _bad(frame["period"], is_stored_period)
    if periods:
        raise StoreError(f"periods not in the form 2024, 2024Q3 or 2024M05: {few(periods)}")
    value = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    symbol = frame["symbol"] if "symbol" in frame.columns else pd.Series(None, index=frame.index)
    has_symbol = symbol.notna() & (symbol.astype(str) != "")
    out_of_range = ~np.isnan(value) & ~(np.abs(value) <= MAX_ABS)
    if out_of_range.any():
        raise StoreError(
            f"values infinite or beyond ±{MAX_ABS:g}: {few(_bad(value[out_of_range], lambda _: False))}"
        )
    bare = np.isnan(value) & ~has_symbol & frame["value"].notna().to_numpy() | (
        frame["value"].isna() & ~has_symbol
    )
    if bare.any():
        rows = frame.loc[bare, ["region", "period"]].astype(str).agg(" ".join, axis=1).tolist()
        raise StoreError(f"missing values without a symbol (., .., ...): {few(rows)}")
    identity = frame.reindex(columns=list(IDENTITY)).fillna("").astype(str)
    doubled = identity.duplicated(keep=False)
    if doubled.any():
        cells = pd.DataFrame(
            {
                "key": identity[doubled].agg("|".join, axis=1),
                "value": value[doubled].astype(str),
                "symbol": symbol[doubled].astype(str),
            }
        )
        differing = cells.groupby("key")[["value", "symbol"]].nunique().max(axis=1) > 1
        if differing.any():
            raise StoreError(
                f"two different values for one cell: {few(list(differing[differing].index))}"
            )


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> int:
    row = con.execute(sql, params or []).fetchone()
    return int(row[0]) if row else 0
