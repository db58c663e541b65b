"""The conditional-GET cache of the SYKE loader, kept in the store's `http_cache` table."""

from __future__ import annotations

import threading

import duckdb

from mittaristo.store.schema import utc_now


class DuckDBHttpCache:
    """Conditional-GET cache (SYKE files) in the `http_cache` table of the writer's copy.

    Entries live and die with the run: a discarded run also discards what it cached.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._lock = threading.Lock()

    def get(self, url: str) -> tuple[str | None, str | None, bytes] | None:
        with self._lock:
            row = self._con.execute(
                "SELECT etag, last_modified, body FROM http_cache WHERE url = ?", [url]
            ).fetchone()
        return None if row is None else (row[0], row[1], bytes(row[2]))

    def put(self, url: str, etag: str | None, last_modified: str | None, body: bytes) -> None:
        with self._lock:
            self._con.execute(
                "INSERT OR REPLACE INTO http_cache VALUES (?, ?, ?, ?, ?)",
                [url, etag, last_modified, bytes(body), utc_now()],
            )
