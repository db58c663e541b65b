"""DuckDB schema of the data store, its version, and the errors the store raises.

The schema is created by the refresh writer on first write (never by readers, which only open
read-only). All timestamps are UTC, stored as naive TIMESTAMP.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from mittaristo.observations import CONTRACT_COLUMNS, IDENTITY, SQL_TYPES

SCHEMA_VERSION = 1

# The identity of one observation of one catalog indicator (indicator_id may be NULL for an
# imported series that matched no catalog entry) and the columns of the `observations` view
# come from the one contract in mittaristo.observations.
_HISTORY_COLUMNS = ", ".join(f"{name} {kind}" for name, kind in SQL_TYPES.items())
_CONTRACT_SELECT = ", ".join(CONTRACT_COLUMNS)
_IDENTITY_LIST = ", ".join(IDENTITY)
RUN_KINDS = ("refresh", "import", "demo")
RUN_STATUSES = ("ok", "partial", "failed")
DERIVED_SOURCE = "derived"
DEMO_SOURCE = "demo"

_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    """CREATE TABLE IF NOT EXISTS load_run (
        run_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source_label TEXT,
        started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, status TEXT NOT NULL,
        n_series INTEGER DEFAULT 0, n_ok INTEGER DEFAULT 0, n_failed INTEGER DEFAULT 0,
        n_rows_new INTEGER DEFAULT 0, n_rows_revised INTEGER DEFAULT 0, message TEXT)""",
    """CREATE TABLE IF NOT EXISTS series_load (
        run_id INTEGER NOT NULL, indicator_id TEXT, source TEXT, dataset TEXT,
        status TEXT NOT NULL, error TEXT, n_rows INTEGER, n_new INTEGER, n_revised INTEGER,
        release_time TEXT, fetched_at TIMESTAMP, url TEXT)""",
    # No index on purpose: the vintage updates are set-based scans, and DuckDB updates of
    # indexed tables are slower and more restricted.
    f"""CREATE TABLE IF NOT EXISTS observation_history (
        indicator_id TEXT, {_HISTORY_COLUMNS}, valid_from_run INTEGER NOT NULL,
        valid_to_run INTEGER)""",
    """CREATE TABLE IF NOT EXISTS sotkanet_region (
        id INTEGER PRIMARY KEY, code TEXT, category TEXT, title_fi TEXT, title_sv TEXT,
        title_en TEXT, region TEXT)""",
    # A manual value's source note ("Kuntalaiskysely 2024"), kept with the value it describes;
    # created on the next write of an existing database (no other migration needed).
    """CREATE TABLE IF NOT EXISTS source_note (
        indicator_id TEXT, measure TEXT NOT NULL, region TEXT NOT NULL, period TEXT NOT NULL,
        note TEXT NOT NULL, run_id INTEGER NOT NULL)""",
    # An import's accounting (cells read = rows stored + cells refused, refusals as JSON
    # {reason: n}); added to an older database on its next write.
    "ALTER TABLE load_run ADD COLUMN IF NOT EXISTS cells_read INTEGER",
    "ALTER TABLE load_run ADD COLUMN IF NOT EXISTS rows_stored INTEGER",
    "ALTER TABLE load_run ADD COLUMN IF NOT EXISTS cells_refused INTEGER",
    "ALTER TABLE load_run ADD COLUMN IF NOT EXISTS refusals TEXT",
    # a refresh's source cells summed into a stored value with others (read = stored +
    # combined + refused); NULL on older runs, 0 for imports
    "ALTER TABLE load_run ADD COLUMN IF NOT EXISTS cells_combined INTEGER",
    """CREATE TABLE IF NOT EXISTS http_cache (
        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, body BLOB, fetched_at TIMESTAMP)""",
)

# (contract) current values only, one row per observation; derived (computed) rows are not
# observations of a source and stay out. When two catalog indicators share a series, the most
# recently confirmed row wins (their values are the same series anyway).
# The column names interpolated below are the contract's constants, never data.
_VIEWS = (
    f"""CREATE OR REPLACE VIEW observations AS
    SELECT DISTINCT ON ({_IDENTITY_LIST}) {_CONTRACT_SELECT}
    FROM observation_history
    WHERE valid_to_run IS NULL AND source <> 'derived'
    ORDER BY {_IDENTITY_LIST}, valid_from_run DESC, fetched_at DESC""",  # noqa: S608
    f"""CREATE OR REPLACE VIEW indicator_observations AS
    SELECT indicator_id, {_CONTRACT_SELECT}, valid_from_run
    FROM observation_history
    WHERE valid_to_run IS NULL AND indicator_id IS NOT NULL""",  # noqa: S608
)


class StoreError(Exception):
    """The store cannot do what was asked (wrong schema version, failed swap...)."""


class StoreMissing(StoreError):
    """The database file does not exist yet: run a refresh, the demo or an import first."""


class RefreshLocked(StoreError):
    """Another refresh (or import) is writing this database right now."""


def utc_now() -> dt.datetime:
    """Naive UTC: what every TIMESTAMP column of the store holds."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and views; refuse a file written by a newer version of the code."""
    for ddl in _TABLES:
        con.execute(ddl)
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is not None and int(row[0]) > SCHEMA_VERSION:
        raise StoreError(
            f"database schema version {row[0]} is newer than this code ({SCHEMA_VERSION})"
        )
    for ddl in _VIEWS:
        con.execute(ddl)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
