"""`python -m loaders status [--db PATH]`: freshness per series, last errors, the last runs.

Exit 0 when the database exists and its last run was ok, 1 when the last run failed or was
partial, 2 when there is no database yet (so cron and monitoring can alert on it).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from loaders.commands._shared import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_db_argument,
    command_settings,
    error,
)
from mittaristo.formatting import MISSING, format_date, format_datetime, format_number
from mittaristo.loaderrors import english

if TYPE_CHECKING:
    import pandas as pd

RUNS_SHOWN = 10
CLI_LANG = "en"
COUNTS = {"n_rows", "n_ok", "n_failed", "n_rows_new", "n_rows_revised"}
FRESHNESS = [
    ("indicator_id", "indicator"),
    ("source", "source"),
    ("last_fetched_at", "last ok (Helsinki time)"),
    ("release_time", "released"),
    ("n_rows", "rows"),
    ("last_period", "latest"),
    ("last_error", "last error"),
]
RUNS = [
    ("run_id", "run"),
    ("kind", "kind"),
    ("started_at", "started (Helsinki time)"),
    ("status", "status"),
    ("n_ok", "ok"),
    ("n_failed", "failed"),
    ("n_rows_new", "new"),
    ("n_rows_revised", "revised"),
    ("message", "message"),
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    from mittaristo import store

    db_path = command_settings(args).db
    try:
        mode = store.data_mode(db_path)
        freshness = store.series_freshness(db_path)
        runs = store.load_runs(db_path, limit=RUNS_SHOWN)
    except store.StoreMissing as exc:
        error(str(exc))
        return EXIT_USAGE
    except store.StoreError as exc:
        error(f"database error: {exc}")
        return EXIT_FAILED
    print(f"Database: {db_path}")
    if mode != "live":
        print(f"Data mode: {mode} — synthetic demo data, not official statistics")
    print("\nSeries:")
    print(format_table(freshness, FRESHNESS))
    print("\nLast runs:")
    print(format_table(runs, RUNS))
    last = runs["status"].iloc[0] if len(runs) else None
    return EXIT_OK if last == "ok" else EXIT_FAILED


def format_table(frame: pd.DataFrame, columns: list[tuple[str, str]], max_width: int = 60) -> str:
    """Plain aligned text columns (no dependency; readable in a cron mail)."""
    if frame.empty:
        return "  (none)"
    rows = [[title for _, title in columns]]
    for record in frame.to_dict("records"):
        rows.append([_cell(record.get(key), max_width, key) for key, _ in columns])
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    return "\n".join(
        "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _cell(value: object, max_width: int, key: str = "") -> str:
    """One cell as text: times in Helsinki time, release days as dates and counts grouped, as
    mittaristo.formatting shows them in English (the CLI's language)."""
    import datetime as dt

    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return MISSING
    if isinstance(value, dt.datetime):
        text = format_datetime(value, CLI_LANG)
    elif key == "release_time":
        text = format_date(str(value), CLI_LANG)
    elif key in COUNTS:
        text = format_number(value, 0, CLI_LANG)  # type: ignore[arg-type]
    elif key == "last_error":  # the English sentence, without the dashboard's code head
        text = " ".join(english(str(value)).split())
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= max_width else text[: max_width - 1] + "…"
