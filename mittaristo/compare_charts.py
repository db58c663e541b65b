"""The comparison page's figures: the ranking bars and the chosen towns' lines.

Hover texts are preformatted (customdata) with the strings of the tables beside the charts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from mittaristo.formatting import (
    Measured,
    format_indicator_value,
    format_period,
    plotly_separators,
)
from mittaristo.presentation import CHART_COLOURS
from mittaristo.status import period_to_year_fraction


def ranking_figure(
    shown: pd.DataFrame,
    names: Sequence[str],
    town_code: str,
    title: str,
    lang: str,
    indicator: Measured | None = None,
) -> go.Figure:
    """Bars best first; the town's bar in the highlight colour (its name is on the axis too)."""
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
        yaxis={"autorange": "reversed"}, xaxis={"separatethousands": True},
        template="plotly_white", margin={"l": 10, "r": 10, "t": 40, "b": 10},
        separators=plotly_separators(lang),
    )  # fmt: skip
    return bar


def towns_figure(
    frame: pd.DataFrame,
    codes: Sequence[str],
    town_code: str,
    name_of: Callable[[str], str],
    lang: str,
    indicator: Measured | None = None,
) -> go.Figure:
    """One line per chosen town; the town itself thick and in the highlight colour. The x axis
    shows the periods in words, in time order whichever town has the earliest."""
    lines = go.Figure()
    for code in codes:
        mine = frame[frame["region"] == code].sort_values("period")
        own = code == town_code
        lines.add_trace(
            go.Scatter(
                x=[format_period(p, lang) for p in mine["period"]], y=list(mine["value"]),
                name=name_of(code),
                customdata=[format_indicator_value(v, indicator, lang) for v in mine["value"]],
                hovertemplate="%{x}: %{customdata}<extra>%{fullData.name}</extra>",
                line={"width": 4 if own else 1.5, "color": CHART_COLOURS["highlight"] if own else None},
            )
        )  # fmt: skip
    chosen = frame[frame["region"].isin(list(codes))]["period"].unique()
    periods = sorted(chosen, key=period_to_year_fraction)
    lines.update_layout(
        template="plotly_white", height=420, separators=plotly_separators(lang),
        xaxis={"categoryorder": "array", "categoryarray": [format_period(p, lang) for p in periods]},
        yaxis={"separatethousands": True},
    )  # fmt: skip
    return lines
