"""The Data page's tables with column names in the user's language (real HTML tables)."""

from __future__ import annotations

import pandas as pd

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


def _fmt(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return str(value)[:19].replace("T", " ")


def localized(frame: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    """The chosen columns, as text, with translated headers."""
    present = [c for c in columns if c in frame.columns]
    out = frame[present].map(_fmt) if not frame.empty else frame[present]
    return out.rename(columns={c: t(columns[c], lang) for c in present})
