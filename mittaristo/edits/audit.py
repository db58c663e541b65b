"""The audit trail: every write leaves who, when, what it was before and what it became.

Rows are only ever inserted, in the same transaction as the edit they describe, so an edit
without its audit row (or the reverse) cannot exist.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from mittaristo.edits.db import next_id, read_rows, utc_now
from mittaristo.edits.rights import Editor


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    editor: str
    method: str
    entity: str
    key: str
    old: Any
    new: Any


def clean_json(value: Any) -> Any:
    """JSON-safe copy: NaN/inf become null (DuckDB's JSON rejects them), dates become text."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(clean_json(value), ensure_ascii=False)


def record(
    con: duckdb.DuckDBPyConnection, editor: Editor, entity: str, key: str, old: Any, new: Any
) -> int:
    """Insert one audit row inside the caller's transaction; returns its id."""
    audit_id = next_id(con)
    con.execute(
        "INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [audit_id, utc_now(), editor.name, editor.method, entity, key, dumps(old), dumps(new)],
    )
    return audit_id


def audit_log(
    *, entity: str | None = None, key: str | None = None, path: Path | str
) -> list[AuditEntry]:
    """The audit rows, oldest first, optionally of one entity type and key."""
    rows = read_rows(
        path,
        'SELECT id, "at", editor, method, entity, key, CAST(old AS TEXT), CAST(new AS TEXT) '
        "FROM audit WHERE (? IS NULL OR entity = ?) AND (? IS NULL OR key = ?) ORDER BY id",
        [entity, entity, key, key],
    )
    return [
        AuditEntry(  # type: ignore[call-arg]  # columns in field order
            *row[:6], json.loads(row[6]) if row[6] else None, json.loads(row[7]) if row[7] else None
        )
        for row in rows
    ]
