"""The refresh writer: one load run written into a copy of the database, swapped in on success.

    with RefreshWriter(path, kind="refresh") as w:
        w.write_outcome(outcome, "pxweb")
        w.finish()          # without finish() (or on an exception) the copy is thrown away

Only one writer per database at a time (`<db>.lock`); a second one gets RefreshLocked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from mittaristo import loaderrors
from mittaristo.lazy import lazy_module
from mittaristo.observations import SeriesOutcome
from mittaristo.store import files
from mittaristo.store.cache import DuckDBHttpCache
from mittaristo.store.rows import one_row
from mittaristo.store.schema import (
    DEMO_SOURCE,
    DERIVED_SOURCE,
    RUN_KINDS,
    RUN_STATUSES,
    StoreError,
    ensure_schema,
    utc_now,
)
from mittaristo.store.vintages import WriteCounts, write_frame

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


REGION_COLUMNS = ["id", "code", "category", "title_fi", "title_sv", "title_en", "region"]

_SERIES_LOAD_SQL = "INSERT INTO series_load VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_FINISH_SQL = """UPDATE load_run SET finished_at = ?, status = ?, n_series = ?, n_ok = ?,
    n_failed = ?, n_rows_new = ?, n_rows_revised = ?, message = ? WHERE run_id = ?"""
_MODE_SQL = """SELECT count(*) FILTER (WHERE source = 'demo'),
    count(*) FILTER (WHERE source NOT IN ('demo', 'derived'))
FROM observation_history WHERE valid_to_run IS NULL"""


@dataclass(frozen=True)
class SeriesResult:
    """What writing one series did (for progress lines and the run summary)."""

    indicator_id: str | None
    status: str  # ok | failed
    error: str | None
    counts: WriteCounts


class RefreshWriter:
    """Context manager around one load run (see the module docstring)."""

    def __init__(self, db_path: Path | str, *, kind: str, source_label: str | None = None):
        if kind not in RUN_KINDS:
            raise ValueError(f"kind must be one of {RUN_KINDS}, got {kind!r}")
        self.db_path = Path(db_path)
        self.kind, self.source_label = kind, source_label
        self.run_id = 0
        self.n_ok = self.n_failed = self.n_rows_new = self.n_rows_revised = 0
        self.status: str | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lock_fd: int | None = None
        self._tmp: Path | None = None
        self._cache: DuckDBHttpCache | None = None

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> RefreshWriter:
        self._lock_fd = files.acquire_lock(self.db_path)
        try:
            files.remove_stale_temps(self.db_path)
            self._tmp = files.temp_path_for(self.db_path)
            files.copy_database(self.db_path, self._tmp)
            self._con = duckdb.connect(str(self._tmp))
            ensure_schema(self._con)
            self._start_run()
        except BaseException:
            self._discard()
            files.release_lock(self._lock_fd)
            raise
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None and self.status is not None:
                self._commit()
            else:
                self._discard()
        except BaseException:
            self._discard()
            raise
        finally:
            if self._lock_fd is not None:
                files.release_lock(self._lock_fd)

    def _start_run(self) -> None:
        con = self.con
        self.run_id = int(
            one_row(con.execute("SELECT COALESCE(max(run_id), 0) + 1 FROM load_run"))[0]
        )
        con.execute(
            "INSERT INTO load_run (run_id, kind, source_label, started_at, status) VALUES (?, ?, ?, ?, 'running')",
            [self.run_id, self.kind, self.source_label, utc_now()],
        )

    def _commit(self) -> None:
        assert self._tmp is not None, "commit without a started refresh"
        con, self._con = self.con, None
        con.execute("CHECKPOINT")
        con.close()
        if files.wal_path(self._tmp).exists():
            raise StoreError(f"the new database {self._tmp} still has a WAL after closing")
        files.swap_in(self._tmp, self.db_path)

    def _discard(self) -> None:
        if self._con is not None:
            try:
                self._con.close()
            except duckdb.Error:
                pass
            self._con = None
        if self._tmp is not None:
            files.discard_temp(self._tmp)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError("the writer is not open (use it as a context manager)")
        return self._con

    # ------------------------------------------------------------------ writing

    @property
    def http_cache(self) -> DuckDBHttpCache:
        if self._cache is None:
            self._cache = DuckDBHttpCache(self.con)
        return self._cache

    def write_outcome(
        self, outcome: SeriesOutcome, source_kind: str, *, dataset: str | None = None
    ) -> SeriesResult:
        """Store one SeriesOutcome (mittaristo.observations): its rows as vintages, or its
        failure reason."""
        if not outcome.ok:
            return self.record_failure(
                outcome.indicator_id,
                source_kind,
                loaderrors.stored(
                    outcome.error or "no data", outcome.error_code, outcome.error_params
                ),
                dataset=dataset,
                url=outcome.url,
            )
        return self.write_series(
            outcome.frame,
            indicator_id=outcome.indicator_id,
            source_kind=source_kind,
            dataset=dataset,
            url=outcome.url,
            release_time=outcome.release_time,
        )

    def write_series(
        self,
        frame: pd.DataFrame,
        *,
        indicator_id: str | None,
        source_kind: str,
        dataset: str | None = None,
        url: str | None = None,
        release_time: str | None = None,
    ) -> SeriesResult:
        """Merge a frame as one series of this run; a frame the store cannot take is a failure."""
        demo = self.source_label == DEMO_SOURCE and source_kind != DERIVED_SOURCE
        dataset = dataset or _datasets(frame)
        fetched_at, con = utc_now(), self.con
        con.execute("BEGIN TRANSACTION")
        try:
            counts = write_frame(
                con,
                frame,
                indicator_id=indicator_id,
                run_id=self.run_id,
                fetched_at=fetched_at,
                source=DEMO_SOURCE if demo else None,
            )
        except (StoreError, duckdb.Error, KeyError, ValueError) as exc:
            con.execute("ROLLBACK")
            reason = f"could not store: {exc}"
            return self.record_failure(indicator_id, source_kind, reason, dataset=dataset, url=url)
        head = [self.run_id, indicator_id, source_kind, dataset, "ok", None]
        tail = [release_time, fetched_at, url]
        con.execute(_SERIES_LOAD_SQL, [*head, counts.n_rows, counts.n_new, counts.n_revised, *tail])
        con.execute("COMMIT")
        self.n_ok += 1
        self.n_rows_new += counts.n_new
        self.n_rows_revised += counts.n_revised
        return SeriesResult(indicator_id, "ok", None, counts)

    def record_failure(
        self,
        indicator_id: str | None,
        source_kind: str,
        error: str,
        *,
        dataset: str | None = None,
        url: str | None = None,
    ) -> SeriesResult:
        """Log a failed series; its previous values stay current (nothing is retired)."""
        row = [
            self.run_id,
            indicator_id,
            source_kind,
            dataset,
            "failed",
            error,
            0,
            0,
            0,
            None,
            utc_now(),
            url,
        ]
        self.con.execute(_SERIES_LOAD_SQL, row)
        self.n_failed += 1
        return SeriesResult(indicator_id, "failed", error, WriteCounts(0, 0, 0))

    def write_notes(
        self, indicator_id: str | None, frame: pd.DataFrame, notes: dict[tuple[str, str, str], str]
    ) -> int:
        """The source notes of the cells in `frame` (measure, region, period → note), as written
        (control characters too); a cell re-imported without a note loses its old one."""
        con = self.con
        cells = frame[["measure", "region", "period"]].astype(str).drop_duplicates()
        con.register("note_cells", cells)
        try:
            con.execute(
                """DELETE FROM source_note n USING note_cells c WHERE n.measure = c.measure
                   AND n.region = c.region AND n.period = c.period
                   AND n.indicator_id IS NOT DISTINCT FROM ?""",
                [indicator_id],
            )
        finally:
            con.unregister("note_cells")
        rows = [
            [indicator_id, m, r, p, note, self.run_id]
            for (m, r, p) in cells.itertuples(index=False, name=None)
            if (note := notes.get((m, r, p)))
        ]
        if rows:
            con.executemany("INSERT INTO source_note VALUES (?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def write_regions(self, frame: pd.DataFrame) -> int:
        """Replace the Sotkanet region table (an empty frame keeps the stored one)."""
        if frame is None or frame.empty:
            return 0
        regions = frame.reindex(columns=REGION_COLUMNS)
        con = self.con
        con.register("incoming_regions", regions)
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM sotkanet_region")
            con.execute(
                "INSERT INTO sotkanet_region SELECT DISTINCT ON (id) CAST(id AS INTEGER), code, category, "
                "title_fi, title_sv, title_en, region FROM incoming_regions"
            )
            con.execute("COMMIT")
        finally:
            con.unregister("incoming_regions")
        return len(regions)

    def stored_regions(self) -> pd.DataFrame:
        """The Sotkanet regions of the previous run (fallback when /regions fails)."""
        return self.con.execute(
            "SELECT id, code, category, title_fi, title_sv, title_en, region FROM sotkanet_region"
        ).df()

    def current_series(self, indicator_id: str) -> pd.DataFrame:
        """Current rows of one indicator in this run's copy (input of derived indicators)."""
        return self.con.execute(
            "SELECT DISTINCT ON (region, period) region, period, value, symbol FROM indicator_observations "
            "WHERE indicator_id = ? ORDER BY region, period, dimensions, valid_from_run DESC",
            [indicator_id],
        ).df()

    def record_cells(
        self, read: int, stored: int, refused: dict[str, int], *, combined: int = 0
    ) -> None:
        """An import's or a refresh's accounting kept with its run, so the Data page's load log
        shows what was read and refused (cells read = rows stored + cells combined + cells
        refused), not only the rows. `combined`: source cells that went into a stored value
        together with others (a refresh's summed age groups or quarters; an import has none)."""
        n_refused = sum(refused.values())
        reasons = json.dumps({k: int(v) for k, v in refused.items() if v}, ensure_ascii=False)
        self.con.execute(
            "UPDATE load_run SET cells_read = ?, rows_stored = ?, cells_refused = ?, "
            "refusals = ?, cells_combined = ? WHERE run_id = ?",
            [int(read), int(stored), int(n_refused), reasons, int(combined), self.run_id],
        )

    def finish(self, status: str | None = None, message: str | None = None) -> str:
        """Close the run (status from the counts unless given); the swap happens on exit."""
        status = status or self._derive_status()
        if status not in RUN_STATUSES:
            raise ValueError(f"status must be one of {RUN_STATUSES}, got {status!r}")
        con = self.con
        counts = [
            self.n_ok + self.n_failed,
            self.n_ok,
            self.n_failed,
            self.n_rows_new,
            self.n_rows_revised,
        ]
        con.execute(_FINISH_SQL, [utc_now(), status, *counts, message, self.run_id])
        con.execute("INSERT OR REPLACE INTO meta VALUES ('data_mode', ?)", [self._data_mode()])
        con.execute("INSERT OR REPLACE INTO meta VALUES ('last_run', ?)", [str(self.run_id)])
        self.status = status
        return status

    def _derive_status(self) -> str:
        if self.n_failed == 0:
            return "ok"
        return "failed" if self.n_ok == 0 else "partial"

    def _data_mode(self) -> str:
        n_demo, n_live = one_row(self.con.execute(_MODE_SQL))
        if n_demo and n_live:
            return "mixed"
        if n_demo or (not n_live and self.source_label == DEMO_SOURCE):
            return "demo"
        return "live"


def _datasets(frame: pd.DataFrame | None) -> str | None:
    if frame is None or "dataset" not in frame.columns or frame.empty:
        return None
    return ",".join(sorted(str(v) for v in frame["dataset"].dropna().unique()))
