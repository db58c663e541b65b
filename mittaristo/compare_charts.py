"""The comparison page's figures: the ranking bars and the chosen towns' lines.

Hover texts are preformatted (customdata) with the strings of the tables beside the charts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from mittaristo.charts import HOVER, VALUE_AXIS, add_source_note, far_apart
from mittaristo.formatting import (
    Measured,
    format_indicator_value,
    format_period,
    plotly_date_tickformat,
    plotly_separators,
)
from mittaristo.i18n import t
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


def _magnitudes_far_apart(frame: pd.DataFrame, codes: Sequence[str], town_code: str) -> bool:
    """True when some chosen town's values are so far from the town's own (or, without the
    town chosen, from the first town's) that one linear axis would flatten one of them."""
    values = {c: list(frame[frame["region"] == c]["value"]) for c in codes}
    anchor = town_code if town_code in values else (codes[0] if codes else None)
    if anchor is None:
        return False
    return any(far_apart(values[anchor], v) for c, v in values.items() if c != anchor)


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
    month sits where it belongs and no town's earlier years land after another's later ones.

    Towns of very different size in a count (Helsinki's and Kemi's unemployed) never share one
    linear axis: the value axis turns logarithmic when every value is positive, else each town
    gets a panel of its own scale (small multiples); the axis title or a line above the panels
    says which."""
    codes = list(codes)
    unit = indicator.unit.get(lang) if indicator is not None else ""
    far = _magnitudes_far_apart(frame, codes, town_code)
    values = pd.to_numeric(frame[frame["region"].isin(codes)]["value"], errors="coerce").dropna()
    log = far and bool(len(values)) and bool((values > 0).all())
    panels = far and not log and len(codes) > 1
    lines = (
        make_subplots(
            rows=len(codes), cols=1, shared_xaxes=True, vertical_spacing=0.06,
            subplot_titles=[name_of(c) for c in codes],
        )
        if panels
        else go.Figure()
    )  # fmt: skip
    for i, code in enumerate(codes, start=1):
        mine = frame[frame["region"] == code].copy()
        mine["_x"] = [period_to_year_fraction(str(p)) for p in mine["period"]]
        mine = mine.sort_values("_x")
        own = code == town_code
        periods, values_ = [str(p) for p in mine["period"]], list(mine["value"])
        trace = go.Scatter(
            x=[period_start(p).isoformat() for p in periods], y=values_, name=name_of(code),
            mode="lines+markers",
            customdata=[
                [format_period(p, lang), format_indicator_value(v, indicator, lang)]
                for p, v in zip(periods, values_, strict=True)
            ],
            hovertemplate=HOVER,
            line={"width": 4 if own else 1.5, "color": CHART_COLOURS["highlight"] if own else None},
        )  # fmt: skip
        if panels:
            lines.add_trace(trace, row=i, col=1)
        else:
            lines.add_trace(trace)
    chosen = frame[frame["region"].isin(codes)]["period"].astype(str)
    yearly = all("Q" not in p and "M" not in p for p in chosen)
    x_axis = {"type": "date", "tickformat": plotly_date_tickformat(lang, yearly=yearly)}
    lines.update_layout(
        template="plotly_white", height=max(420, 160 * len(codes)) if panels else 420,
        separators=plotly_separators(lang), legend={"orientation": "h", "y": -0.15},
        margin={"l": 10, "r": 10, "t": 60 if panels else 30, "b": 10},
    )  # fmt: skip
    lines.update_xaxes(**x_axis)
    lines.update_yaxes(**VALUE_AXIS)
    if log:
        lines.update_yaxes(type="log", title={"text": t("axis_log", lang, unit=unit)})
    elif panels:
        lines.update_layout(title={"text": t("chart_own_scales", lang, unit=unit)})
    elif unit:
        lines.update_yaxes(title={"text": unit})
    return add_source_note(lines, source)
