"""The DuckDB data store: vintaged observations, load runs, atomic refresh swaps.

Writers: `with RefreshWriter(path, kind="refresh") as w: ...; w.finish()` (see writer.py).
Readers: the named queries below, each on its own short-lived read-only connection.
The `observations` view is the documented contract for other tools (design.md §4).
"""

from mittaristo.store.cache import DuckDBHttpCache
from mittaristo.store.consistency import check_consistency
from mittaristo.store.read import (
    current_series,
    data_mode,
    data_version,
    latest_values,
    load_runs,
    prepare,
    read_connection,
    run_as_of,
    series_for_indicators,
    series_freshness,
    series_loads,
    series_rows_for_indicators,
    snapshot,
    sotkanet_regions,
    source_notes,
    unpinned,
    value_history,
)
from mittaristo.store.schema import (
    SCHEMA_VERSION,
    RefreshLocked,
    StoreError,
    StoreMissing,
)
from mittaristo.store.vintages import WriteCounts
from mittaristo.store.writer import RefreshWriter, SeriesResult

__all__ = [
    "SCHEMA_VERSION",
    "DuckDBHttpCache",
    "RefreshLocked",
    "RefreshWriter",
    "SeriesResult",
    "StoreError",
    "StoreMissing",
    "WriteCounts",
    "check_consistency",
    "current_series",
    "data_mode",
    "data_version",
    "latest_values",
    "load_runs",
    "prepare",
    "read_connection",
    "run_as_of",
    "series_for_indicators",
    "series_rows_for_indicators",
    "series_freshness",
    "series_loads",
    "snapshot",
    "source_notes",
    "sotkanet_regions",
    "unpinned",
    "value_history",
]
