"""The edits database: user edits kept apart from the refreshed statistics file.

A refresh replaces the statistics file with `os.replace`, so anything written into it by the
app would be lost; notes, action statuses, snapshots and the audit trail therefore live in
their own DuckDB file. Connections are short: a read-write one only for the moment of a write
(DuckDB lets one process hold it), read-only ones for reads. A missing file reads as "no edits".
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from mittaristo.store.rows import one_row

SCHEMA_VERSION = 1
_RETRY_SECONDS = 3.0

_DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    "CREATE SEQUENCE IF NOT EXISTS edit_id START 1",
    """CREATE TABLE IF NOT EXISTS note (
        id BIGINT PRIMARY KEY, town TEXT NOT NULL, use_id TEXT NOT NULL,
        review_period TEXT NOT NULL, text TEXT NOT NULL, author TEXT NOT NULL,
        created_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS action_state (
        id BIGINT PRIMARY KEY, town TEXT NOT NULL, action_id TEXT NOT NULL,
        status TEXT NOT NULL, changed_by TEXT NOT NULL, changed_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS snapshot (
        id BIGINT PRIMARY KEY, town TEXT NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL,
        taken_at TIMESTAMP NOT NULL, as_of DATE NOT NULL, load_run_id INTEGER,
        taken_by TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS snapshot_row (
        snapshot_id BIGINT NOT NULL, ord INTEGER NOT NULL, use_id TEXT NOT NULL,
        indicator_id TEXT, text TEXT NOT NULL, goal_id TEXT NOT NULL, latest_period TEXT,
        latest_value DOUBLE, status TEXT NOT NULL, stale BOOLEAN NOT NULL, inputs JSON,
        explanation JSON)""",
    """CREATE TABLE IF NOT EXISTS snapshot_action (
        snapshot_id BIGINT NOT NULL, action_id TEXT NOT NULL, status TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS mittari_report (
        id BIGINT PRIMARY KEY, town TEXT NOT NULL, mittari_id TEXT NOT NULL,
        state TEXT NOT NULL, reported_on DATE NOT NULL, done_on DATE, judgement TEXT,
        text TEXT NOT NULL, period TEXT, reported_by TEXT NOT NULL,
        reported_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit (
        id BIGINT PRIMARY KEY, "at" TIMESTAMP NOT NULL, editor TEXT NOT NULL, method TEXT NOT NULL,
        entity TEXT NOT NULL, key TEXT NOT NULL, old JSON, new JSON)""",
)


class EditsError(Exception):
    """The edits store cannot do what was asked (locked too long, newer schema...)."""


def resolve(path: Path | str) -> Path:
    return Path(path)


def utc_now() -> dt.datetime:
    """Naive UTC, like every TIMESTAMP of the statistics store."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def edits_version(path: Path | str) -> str:
    """Changes on every write (file and WAL stat): the cache key of the app's edit queries."""
    db = resolve(path)
    parts = []
    for file in (db, db.with_name(db.name + ".wal")):
        try:
            stat = file.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{stat.st_mtime_ns}:{stat.st_size}")
    return "/".join(parts)


def _connect(db: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open, retrying briefly while another connection (thread or process) holds the file."""
    deadline = time.monotonic() + _RETRY_SECONDS
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only)
        except duckdb.Error as exc:
            busy = "lock" in str(exc).lower() or "different configuration" in str(exc)
            if not busy or time.monotonic() > deadline:
                raise EditsError(f"cannot open the edits database {db}: {exc}") from exc
            time.sleep(0.05)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in _DDL:
        con.execute(ddl)
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is not None and int(row[0]) > SCHEMA_VERSION:
        raise EditsError(f"edits schema version {row[0]} is newer than this code")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


@contextmanager
def write_connection(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection inside one transaction: committed on success, rolled back on
    any error (so a failed edit writes nothing, not even its audit row)."""
    db = resolve(path)
    db.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(db, read_only=False)
    try:
        ensure_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def next_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(one_row(con.execute("SELECT nextval('edit_id')"))[0])


def read_rows(path: Path | str, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a read-only query; [] when there is no edits file (or table) yet."""
    db = resolve(path)
    if not db.is_file():
        return []
    con = _connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    except duckdb.CatalogException:
        return []
    finally:
        con.close()
