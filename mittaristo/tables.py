"""Tables "as shown": the data behind a chart, for the table alternative, CSV and XLSX.

The tables keep numbers (for the CSV download and the workbook's numeric cells); `as_text`
gives the table a person reads, every value formatted as in the chart's hover text and the
status sentence (mittaristo.formatting).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pandas as pd

from mittaristo.formatting import Measured, csv_convention, format_indicator_value, format_period
from mittaristo.i18n import t
from mittaristo.peers import median_values, peer_medians
from mittaristo.safetext import export_text
from mittaristo.scorecard import ScoreRow


def indicator_table(
    row: ScoreRow,
    frame: pd.DataFrame,
    *,
    town_name: str,
    peers: Sequence[str],
    lang: str,
    show_peers: bool = False,
    show_country: bool = False,
) -> pd.DataFrame:
    """One row per period: the town's value, and the peer median / country when shown."""
    table = pd.DataFrame(
        {
            t("col_period", lang): [p.period for p in row.points],
            town_name: [p.value for p in row.points],
        }
    )
    if row.indicator is None or frame.empty:
        return table
    mine = frame[frame["indicator_id"] == row.indicator.id]
    extra: dict[str, pd.Series] = {}
    if show_peers and peers:
        medians = median_values(peer_medians(frame, row.indicator.id, peers))
        extra[t("trace_peer_median", lang)] = pd.Series(medians, dtype="float64")
    if show_country:
        extra[t("trace_country", lang)] = mine[mine["region"] == "SSS"].set_index("period")["value"]
    period_col = t("col_period", lang)
    for name, values in extra.items():
        table = table.merge(
            values.rename(name).rename_axis(period_col).reset_index(), on=period_col, how="outer"
        )
    return table.sort_values(period_col).reset_index(drop=True)


def as_text(
    table: pd.DataFrame, indicator: Measured | None, lang: str, *, text_columns: Sequence[str] = ()
) -> pd.DataFrame:
    """The table as read on a page: periods in words, values with the indicator's decimals and
    unit; `text_columns` (names, ranks) are shown as they are."""
    period = t("col_period", lang)
    out = table.copy()
    for column in out.columns:
        if column == period:
            out[column] = [format_period(p, lang) for p in out[column]]
        elif column not in text_columns:
            out[column] = [format_indicator_value(v, indicator, lang) for v in out[column]]
    return out.astype(str)


def ranking_numbers(shown: pd.DataFrame, names: Sequence[str], lang: str) -> pd.DataFrame:
    """The ranking chart's table with numbers (CSV/XLSX): rank, municipality, period, value."""
    return pd.DataFrame(
        {
            t("col_rank", lang): [int(r) for r in shown["rank"]],
            t("col_region", lang): list(names),
            t("col_period", lang): list(shown["period"]),
            t("col_value", lang): list(shown["value"]),
        }
    )


def ranking_table(
    shown: pd.DataFrame, names: Sequence[str], indicator: Measured | None, lang: str
) -> pd.DataFrame:
    """The ranking chart's table as read: rank, municipality, period and value."""
    table = ranking_numbers(shown, names, lang)
    return as_text(table, indicator, lang, text_columns=table.columns[:2])


def towns_numbers(wide: pd.DataFrame, name_of: Callable[[str], str], lang: str) -> pd.DataFrame:
    """The chosen towns' lines with numbers: one row per period, one column per town."""
    table = wide.rename(columns=name_of).rename_axis(t("col_period", lang)).reset_index()
    table.columns.name = None
    return table


def towns_text_table(
    wide: pd.DataFrame, name_of: Callable[[str], str], indicator: Measured | None, lang: str
) -> pd.DataFrame:
    """The chosen towns' line chart as a table as read."""
    return as_text(towns_numbers(wide, name_of, lang), indicator, lang)


def exportable(table: pd.DataFrame) -> pd.DataFrame:
    """A copy with its text cells and column names by the export rule (mittaristo.safetext):
    a NUL or a soft line break in a name, note or message would stop a CSV reader or break the
    workbook; the numbers stay numbers."""
    out = table.rename(columns=export_text)
    for i, dtype in enumerate(out.dtypes):
        if pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype):
            values = [export_text(v) for v in out.iloc[:, i]]
            out.isetitem(i, pd.Series(values, index=out.index, dtype=dtype))
    return out


def csv_bytes(table: pd.DataFrame, lang: str) -> bytes:
    """A table as CSV in the reader's convention (formatting.csv_convention): Finnish Excel
    opens a fi/sv download in columns with its numbers as numbers."""
    separator, decimal_mark, bom = csv_convention(lang)
    text = exportable(table).to_csv(
        index=False, sep=separator, decimal=decimal_mark, lineterminator="\r\n"
    )
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


def xlsx_bytes(table: pd.DataFrame, sheet: str) -> bytes:
    """A table as a one-sheet workbook, numbers as numeric cells (Excel shows them in the
    reader's own convention)."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        name = " ".join(str(export_text(sheet)).split())[:31] or "data"  # one line
        exportable(table).to_excel(writer, sheet_name=name, index=False)
    return out.getvalue()
