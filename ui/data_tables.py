"""The Data page's tables with column names in the user's language (real HTML tables).

Every cell is text formatted by mittaristo.formatting: times in Helsinki time, release days as
dates, periods in words, counts with the language's digit grouping.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from mittaristo.formatting import (
    MISSING,
    format_date,
    format_datetime,
    format_number,
    format_period,
)
from mittaristo.i18n import t

FRESHNESS_COLUMNS = {
    "indicator_id": "data_col_indicator", "source": "data_col_source",
    "last_status": "data_col_status", "last_fetched_at": "data_col_fetched",
    "release_time": "data_col_release", "last_period": "data_col_period",
    "n_rows": "data_col_rows", "last_error": "data_col_error",
}  # fmt: skip
RUN_COLUMNS = {
    "run_id": "data_col_run", "kind": "data_col_kind", "started_at": "data_col_started",
    "status": "data_col_status", "n_ok": "data_col_ok", "n_failed": "data_col_failed",
    "n_rows_new": "data_col_new", "n_rows_revised": "data_col_revised", "message": "data_col_message",
}  # fmt: skip


def _count(value: object, lang: str) -> str:
    return format_number(value, 0, lang)  # type: ignore[arg-type]


def _text(value: object, lang: str) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return MISSING
    return str(value)


# How each column reads; every other column is shown as text.
CELL_FORMATS: dict[str, Callable[[object, str], str]] = {
    "last_fetched_at": format_datetime, "started_at": format_datetime,
    "release_time": format_date, "last_period": format_period,
    "n_rows": _count, "n_ok": _count, "n_failed": _count, "n_rows_new": _count,
    "n_rows_revised": _count,
}  # fmt: skip


def localized(frame: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    """The chosen columns, as text, with translated headers."""
    present = [c for c in columns if c in frame.columns]
    out = frame[present].copy()
    for column in present:
        show = CELL_FORMATS.get(column, _text)
        out[column] = [show(value, lang) for value in frame[column]]
    return out.astype(str).rename(columns={c: t(columns[c], lang) for c in present})
