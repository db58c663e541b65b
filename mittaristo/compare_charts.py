"""The comparison page's figures: the ranking bars and the chosen towns' lines.

Hover texts are preformatted (customdata) with the strings of the tables beside the charts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from mittaristo.charts import HOVER, VALUE_AXIS, add_source_note
from mittaristo.formatting import (
    Measured,
    format_indicator_value,
    format_period,
    plotly_date_tickformat,
    plotly_separators,
)
from mittaristo.presentation import CHART_COLOURS
from mittaristo.status import period_start, period_to_year_fraction


def ranking_figure(
    shown: pd.DataFrame,
    names: Sequence[str],
    town_code: str,
    title: str,
    lang: str,
    indicator: Measured | None = None,
    source: str | None = None,
) -> go.Figure:
    """Bars best first; the town's bar in the highlight colour (its name is on the axis too).
    `source` is the line under the chart (presentation.chart_source_text)."""
    colours = [
        CHART_COLOURS["highlight"] if c == town_code else CHART_COLOURS["town"]
        for c in shown["region"]
    ]
    values = list(shown["value"])
    bar = go.Figure(
        go.Bar(
            x=values, y=list(names), orientation="h", marker_color=colours,
            customdata=[format_indicator_value(v, indicator, lang) for v in values],
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )  # fmt: skip
    bar.update_layout(
        title={"text": title}, height=max(300, 18 * len(shown)),
        yaxis={"autorange": "reversed"}, xaxis=dict(VALUE_AXIS),
        template="plotly_white", margin={"l": 10, "r": 10, "t": 40, "b": 10},
        separators=plotly_separators(lang),
    )  # fmt: skip
    return add_source_note(bar, source)


def towns_figure(
    frame: pd.DataFrame,
    codes: Sequence[str],
    town_code: str,
    name_of: Callable[[str], str],
    lang: str,
    indicator: Measured | None = None,
    source: str | None = None,
) -> go.Figure:
    """One line per chosen town; the town itself thick and in the highlight colour. The x axis
    is a date axis (each period at its first day, points in time order), so a quarter or a
    month sits where it belongs and no town's earlier years land after another's later ones."""
    lines = go.Figure()
    for code in codes:
        mine = frame[frame["region"] == code].copy()
        mine["_x"] = [period_to_year_fraction(str(p)) for p in mine["period"]]
        mine = mine.sort_values("_x")
        own = code == town_code
        periods, values = [str(p) for p in mine["period"]], list(mine["value"])
        lines.add_trace(
            go.Scatter(
                x=[period_start(p).isoformat() for p in periods], y=values, name=name_of(code),
                mode="lines+markers",
                customdata=[
                    [format_period(p, lang), format_indicator_value(v, indicator, lang)]
                    for p, v in zip(periods, values, strict=True)
                ],
                hovertemplate=HOVER,
                line={"width": 4 if own else 1.5, "color": CHART_COLOURS["highlight"] if own else None},
            )
        )  # fmt: skip
    chosen = frame[frame["region"].isin(list(codes))]["period"].astype(str)
    yearly = all("Q" not in p and "M" not in p for p in chosen)
    lines.update_layout(
        template="plotly_white", height=420, separators=plotly_separators(lang),
        xaxis={"type": "date", "tickformat": plotly_date_tickformat(lang, yearly=yearly)},
        yaxis=dict(VALUE_AXIS), legend={"orientation": "h", "y": -0.15},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )  # fmt: skip
    return add_source_note(lines, source)
