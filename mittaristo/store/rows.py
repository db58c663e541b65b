"""Typed access to query results that always have a row (aggregates, nextval)."""

from __future__ import annotations

from typing import Any

import duckdb


def one_row(result: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The single row of an aggregate query; DuckDB returning none would be a store defect."""
    row = result.fetchone()
    if row is None:
        raise RuntimeError("an aggregate query returned no row")
    return row
