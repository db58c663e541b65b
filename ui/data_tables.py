"""The Data page's tables with column names in the user's language (real HTML tables).

Every cell is text formatted by mittaristo.formatting: times in Helsinki time, release days as
dates, periods in words, counts with the language's digit grouping; a load failure is the text
catalog's sentence for its stored code (mittaristo.loaderrors.describe).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

import pandas as pd

from mittaristo.formatting import (
    MISSING,
    format_date,
    format_datetime,
    format_number,
    format_period,
)
from mittaristo.i18n import t
from mittaristo.loaderrors import describe, english
from mittaristo.presentation import one_line

FRESHNESS_COLUMNS = {
    "indicator_id": "data_col_indicator", "source": "data_col_source",
    "last_status": "data_col_status", "last_fetched_at": "data_col_fetched",
    "release_time": "data_col_release", "last_period": "data_col_period",
    "n_rows": "data_col_rows", "last_error": "data_col_error",
}  # fmt: skip
RUN_COLUMNS = {
    "run_id": "data_col_run", "kind": "data_col_kind", "started_at": "data_col_started",
    "status": "data_col_status", "n_ok": "data_col_ok", "n_failed": "data_col_failed",
    "n_rows_new": "data_col_new", "n_rows_revised": "data_col_revised", "cells": "data_col_cells",
    "message": "data_col_message",
}  # fmt: skip
MAX_REASONS = 3  # refusal reasons shown in one load-log cell; the rest are counted

# The parsers' constant refusal reasons (English, as stored; loaders.base, loaders.pxweb,
# loaders.sotkanet) → the text catalog's key.
REFUSAL_KEYS = {
    "no value and no status symbol": "refusal.no_value",
    "row without a value": "refusal.no_value",
    "Sotkanet region outside the municipalities, regions and whole country": "refusal.sotkanet_area",
    "no stored population for the municipality and year (per resident)": "refusal.no_population",
    "State Treasury document without the key figure(s)": "refusal.no_figure",
    "sub-period of a year the source does not give whole": "refusal.incomplete_year",
    "the series failed: none of its cells stored": "refusal.series_failed",
}


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
    # a failure's stored code in a sentence of the reader's language (mittaristo.loaderrors)
    "last_error": lambda v, lang: MISSING if _text(v, lang) == MISSING else describe(str(v), lang),
}  # fmt: skip


def _coded(prefix: str, known: tuple[str, ...]) -> Callable[[object, str], str]:
    """A stored code (`ok`, `refresh`, `pxweb`) in words; an unknown code as it is."""

    def show(value: object, lang: str) -> str:
        text = _text(value, lang)
        return t(f"{prefix}{text}", lang) if text in known else text

    return show


CODED: dict[str, Callable[[object, str], str]] = {
    "last_status": _coded("datatable.status_", ("ok", "partial", "failed")),
    "status": _coded("datatable.status_", ("ok", "partial", "failed")),
    "kind": _coded("datatable.kind_", ("refresh", "import", "demo")),
    "source": lambda v, lang: (
        t("datatable.source_demo", lang) if v == "demo"
        else _coded("source.", ("pxweb", "sotkanet", "syke", "manual", "derived"))(v, lang)
    ),
}  # fmt: skip

_LOADED = re.compile(r"^(\d+)/(\d+) series loaded(?:; failed: (.+))?$")
_IMPORTED = re.compile(r"^(\d+) (rows|Sotkanet regions) from (.+)$")


def run_message(message: object, lang: str) -> str:
    """A run's stored message (the loaders write it in English for the log) in the reader's
    language: "30/30 sarjaa ladattu", "1 234 riviä tiedostosta arvot.csv"."""
    text = _text(message, lang)
    if found := _LOADED.match(text):
        ok, total, failed = found.groups()
        out = t("datatable.loaded", lang, ok=_count(int(ok), lang), total=_count(int(total), lang))
        return f"{out}; {t('datatable.failed', lang, names=failed)}" if failed else out
    if found := _IMPORTED.match(text):
        n, what, name = found.groups()
        key = "datatable.import_rows" if what == "rows" else "datatable.import_regions"
        return t(key, lang, n=int(n), file=name)
    return text


def refusal_reason(reason: str, lang: str) -> str:
    """A stored refusal reason in the reader's language when the catalog knows it."""
    if key := REFUSAL_KEYS.get(reason):
        return t(key, lang)
    if reason.startswith("region not in the reference classification"):
        return t("refusal.unknown_region", lang, codes=reason.partition("(")[2].rstrip(")"))
    if reason.startswith("Sotkanet region id not in the regions list"):
        return t("refusal.sotkanet_unknown", lang, ids=reason.partition("(")[2].rstrip(")"))
    return reason


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))  # type: ignore[call-overload]


def cells_text(
    read: object,
    stored: object,
    refused: object,
    refusals: object,
    lang: str,
    combined: object = None,
) -> str:
    """'Luettu 12 = tallennettu 10 + hylätty 2 (syy: n; …)', the first MAX_REASONS reasons and
    how many more; MISSING for a run that kept no accounting (older runs, a refresh of derived
    indicators only). A refresh's cells summed into a stored value with others (`combined`:
    age groups, quarters) are their own term, never counted as refused."""
    if _missing(read):
        return MISSING
    n_read, n_stored, n_refused = (int(v or 0) for v in (read, stored, refused))  # type: ignore[call-overload]
    n_combined = 0 if _missing(combined) else int(combined)  # type: ignore[call-overload]
    counts = {"read": _count(n_read, lang), "stored": _count(n_stored, lang),
              "refused": _count(n_refused, lang)}  # fmt: skip
    if n_combined:
        text = t("datatable.cells_combined", lang, combined=_count(n_combined, lang), **counts)
    else:
        text = t("datatable.cells", lang, **counts)
    reasons = json.loads(str(refusals)) if isinstance(refusals, str) and refusals else {}
    if not reasons:
        return text
    shown = [f"{refusal_reason(r, lang)}: {_count(n, lang)}" for r, n in reasons.items()]
    more = len(shown) - MAX_REASONS
    tail = "; ".join(shown[:MAX_REASONS])
    if more > 0:
        tail += "; " + t("datatable.more_reasons", lang, n=more)
    return f"{text} ({tail})"


def with_cells(runs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The load runs with their accounting as one 'cells' column (imports and refreshes keep
    it; `cells_combined` only on runs since it was added)."""
    out = runs.copy()
    cols = ("cells_read", "rows_stored", "cells_refused", "refusals")
    if not len(out) or not all(c in out.columns for c in cols):
        out["cells"] = MISSING
        return out
    combined = out["cells_combined"] if "cells_combined" in out.columns else [None] * len(out)
    out["cells"] = [
        cells_text(*values, lang, combined=c)
        for values, c in zip(out[list(cols)].itertuples(index=False), combined, strict=True)
    ]
    return out


def _decimals(value: float) -> int:
    """As many decimals as the value was typed with (up to 3): 72.5 → 1, 1234 → 0."""
    return 0 if float(value).is_integer() else min(3, len(repr(float(value)).split(".")[1]))


def manual_values_table(
    values: list[tuple[str, str, float | None, str]], names: Mapping[str, str], lang: str
) -> pd.DataFrame:
    """The town's manual values as text with each value's source note (its provenance)."""
    return pd.DataFrame(
        {
            t("data_col_indicator", lang): [names.get(i, i) for i, _, _, _ in values],
            t("col_period", lang): [format_period(p, lang) for _, p, _, _ in values],
            t("col_value", lang): [MISSING if v is None else format_number(v, _decimals(v), lang)
                                   for _, _, v, _ in values],
            t("report_col_source_note", lang): [one_line(n) or MISSING for _, _, _, n in values],
        }
    )  # fmt: skip


def localized(
    frame: pd.DataFrame,
    columns: dict[str, str],
    lang: str,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The chosen columns, as text, with translated headers; stored codes in words and an
    indicator id with its name when `names` (id → name) is given."""
    present = [c for c in columns if c in frame.columns]
    out = frame[present].copy()
    for column in present:
        show = CELL_FORMATS.get(column) or CODED.get(column) or _text
        if column == "cells":
            show = lambda v, lang: str(v)  # noqa: E731 — already text (with_cells)
        if column == "message":
            show = run_message
        out[column] = [show(value, lang) for value in frame[column]]
        if column == "indicator_id" and names:
            out[column] = [f"{names[v]} ({v})" if v in names else v for v in out[column]]
    return out.astype(str).rename(columns={c: t(columns[c], lang) for c in present})


def technical_errors(errors: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The failures' English reasons as the loader logged them (for the administrator, under
    the translated sentences): indicator and reason."""
    ids = [str(v) for v in errors["indicator_id"]]
    return pd.DataFrame(
        {
            t("data_col_indicator", lang): [f"{names[i]} ({i})" if i in names else i for i in ids],
            t("data_col_error", lang): [english(str(v)) for v in errors["last_error"]],
        }
    )


def problems_table(
    problems: Mapping[str, str], names: Mapping[str, str], lang: str
) -> pd.DataFrame:
    """A refresh's failures (indicator id → the load log's text) as translated sentences."""
    return pd.DataFrame(
        {
            t("data_col_indicator", lang): [
                f"{names[i]} ({i})" if i in names else i for i in problems
            ],
            t("data_col_error", lang): [describe(text, lang) for text in problems.values()],
        }
    )
