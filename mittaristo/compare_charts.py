"""The comparison page's figures: the ranking bars and the chosen towns' lines."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go

from mittaristo.presentation import CHART_COLOURS


def _separators(lang: str) -> str:
    return ".," if lang == "en" else ", "


def ranking_figure(
    shown: pd.DataFrame, names: Sequence[str], town_code: str, title: str, lang: str
) -> go.Figure:
    """Bars best first; the town's bar in the highlight colour (its name is on the axis too)."""
    colours = [
        CHART_COLOURS["highlight"] if c == town_code else CHART_COLOURS["town"]
        for c in shown["region"]
    ]
    bar = go.Figure(
        go.Bar(x=list(shown["value"]), y=list(names), orientation="h", marker_color=colours)
    )
    bar.update_layout(
        title={"text": title}, height=max(300, 18 * len(shown)),
        yaxis={"autorange": "reversed"}, template="plotly_white",
        margin={"l": 10, "r": 10, "t": 40, "b": 10}, separators=_separators(lang),
    )  # fmt: skip
    return bar


def towns_figure(
    frame: pd.DataFrame,
    codes: Sequence[str],
    town_code: str,
    name_of: Callable[[str], str],
    lang: str,
) -> go.Figure:
    """One line per chosen town; the town itself thick and in the highlight colour."""
    lines = go.Figure()
    for code in codes:
        mine = frame[frame["region"] == code].sort_values("period")
        own = code == town_code
        lines.add_trace(
            go.Scatter(
                x=list(mine["period"]), y=list(mine["value"]), name=name_of(code),
                line={"width": 4 if own else 1.5, "color": CHART_COLOURS["highlight"] if own else None},
            )
        )  # fmt: skip
    lines.update_layout(template="plotly_white", height=420, separators=_separators(lang))
    return lines
