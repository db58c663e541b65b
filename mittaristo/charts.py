"""Plotly figures of a mittari: the town's series against its target, peers and the country.

Built here (not in a page) so the dashboard and the exported PNG/PPTX/PDF show the same chart.
Hover texts are preformatted by mittaristo.formatting (customdata), so a point's hover shows
exactly the string of the table alternative and the status sentence; the axes group digits
with the same marks (plotly `separators`).

The time axis is a date axis: every point sits at its period's first day
(`mittaristo.status.period_start`: 2024 → 1.1.2024, 2024Q3 → 1.7.2024, 2024M05 → 1.5.2024),
the same rule as the comparison page's town lines, so months and quarters land where they
belong and a line is drawn in time order. Ticks are years (the axis spans the strategy period
and the years before it); a point's exact period is in its hover, in the reader's language.

Magnitudes: the town, its target, expected path, baseline and projection are the town's own
scale (the left axis). The peers (median and range) and the whole country each go to a right
axis of their own when their magnitude is far from the town's (`far_apart`), and say so in
their name and the axis title; two far series of the same magnitude share one right axis.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from mittaristo.formatting import (
    format_indicator_value,
    format_period,
    plotly_date_tickformat,
    plotly_separators,
)
from mittaristo.i18n import t
from mittaristo.peers import peer_medians
from mittaristo.presentation import CHART_COLOURS
from mittaristo.scorecard import ScoreRow, series_points
from mittaristo.status import Point, period_start, period_to_year_fraction
from mittaristo.status.periods import last_period_of

HISTORY_YEARS = 8  # years shown before the strategy period (the rest is a pan away)
NOTE_WIDTH = 130  # characters per line of the source note under a chart
NOTE_LINE_PX = 16
# Two series whose largest values differ more than this many times do not share a linear axis
# (the country's 21 000 unemployed would flatten Kemi's 114 to a line at zero).
MAGNITUDE_RATIO = 10.0
# Ticks group digits with the language's marks ("21 000", never "21k").
VALUE_AXIS = {"separatethousands": True, "exponentformat": "none"}


def add_source_note(fig: go.Figure, text: str | None) -> go.Figure:
    """The chart's source line (mittaristo.presentation.chart_source_text) as an annotation
    under the plot, so it is on the page and in every exported image alike; the bottom margin
    grows to fit it. Call it after the layout is final."""
    if not text:
        return fig
    lines = textwrap.wrap(text, NOTE_WIDTH) or [text]
    legend_below = fig.layout.legend.y is not None and fig.layout.legend.y < 0
    shift = 95 if legend_below else 40
    fig.add_annotation(
        text="<br>".join(lines), name="source_note", xref="paper", yref="paper", x=0, y=0,
        xanchor="left", yanchor="top", yshift=-shift, showarrow=False, align="left",
        font={"size": 11, "color": "#333333"},
    )  # fmt: skip
    fig.update_layout(margin={"b": shift + NOTE_LINE_PX * len(lines) + 10})
    return fig


def far_apart(values: Sequence[float | None], others: Sequence[float | None]) -> bool:
    """True when two series' magnitudes differ so much that one linear axis would hide one."""
    a = max((abs(v) for v in values if v is not None and v == v), default=0.0)
    b = max((abs(v) for v in others if v is not None and v == v), default=0.0)
    if a == 0 or b == 0:
        return False
    return max(a, b) / min(a, b) > MAGNITUDE_RATIO


# "3. neljännes 2025: 7,9 %" and the trace's name; customdata = [period text, value text].
HOVER = "%{customdata[0]}: %{customdata[1]}<extra>%{fullData.name}</extra>"
# The axes a far-apart series can go to: the first and, when two far series are far from each
# other too (a count of the peers' size and the country's), an outer one.
RIGHT_AXES = ("y2", "y3")
OUTER_AXIS_SPACE = 0.1  # share of the width the outer right axis takes from the plot


def period_x(period: str) -> str:
    """A period's place on a chart's date axis: its first day, ISO (`2024Q3` → `2024-07-01`)."""
    return period_start(str(period)).isoformat()


def hover_texts(
    periods: Sequence[str], values: Sequence[float | None], row: ScoreRow, lang: str
) -> list[list[str]]:
    """[period, value] per point, formatted as everywhere else (customdata of a trace)."""
    return [
        [format_period(str(p), lang), format_indicator_value(v, row.indicator, lang)]
        for p, v in zip(periods, values, strict=True)
    ]


def _xy(points: Sequence[Point]) -> tuple[list[str], list[float | None], list[str]]:
    ordered = sorted(points, key=lambda p: period_to_year_fraction(p.period))
    return (
        [period_x(p.period) for p in ordered],
        [p.value for p in ordered],
        [p.period for p in ordered],
    )


@dataclass
class AxisPlan:
    """Which axis each far-from-the-town series goes to: `y` (the town's), `y2`, `y3`."""

    town: list[float | None]
    axes: dict[str, list[float | None]] = field(default_factory=dict)  # axis -> its first series
    names: dict[str, list[str]] = field(default_factory=dict)  # axis -> names of its series

    def place(self, name: str, values: Sequence[float | None]) -> str:
        if not far_apart(self.town, values):
            return "y"
        for axis, anchor in self.axes.items():
            if not far_apart(anchor, values):
                self.names[axis].append(name)
                return axis
        axis = RIGHT_AXES[len(self.axes)]
        self.axes[axis], self.names[axis] = list(values), [name]
        return axis


def _axis_name(name: str, axis: str, lang: str) -> str:
    if axis == "y":
        return name
    key = "trace_right_axis" if axis == "y2" else "trace_outer_right_axis"
    return t(key, lang, name=name)


def _town_trace(row: ScoreRow, town_name: str, lang: str) -> go.Scatter:
    xs, ys, labels = _xy(row.points)
    return go.Scatter(
        x=xs, y=ys, text=labels, mode="lines+markers", name=town_name,
        line={"color": CHART_COLOURS["town"], "width": 3}, marker={"size": 7},
        customdata=hover_texts(labels, ys, row, lang), hovertemplate=HOVER,
    )  # fmt: skip


def _line(row: ScoreRow, lang: str, ends: Sequence[tuple[str, float | None]], **style):
    """A target / expected / projection line (or a marker): each of its `ends` (period
    text, value) sits at its period's first day and hovers with its period and value."""
    periods, ys = zip(*ends, strict=True)
    return go.Scatter(
        x=[period_x(p) for p in periods], y=list(ys),
        customdata=hover_texts(periods, ys, row, lang), hovertemplate=HOVER, **style,
    )  # fmt: skip


def _target_period(year: int, row: ScoreRow) -> str:
    """The period a target "by `year`" is judged on (the status engine's own point: `2025`
    for a yearly series, `2025Q4` quarterly), so the lines end where the verdict is read."""
    a = row.assessment
    like = a.latest_period or a.baseline_period or str(year)
    return last_period_of(year, like)


def projection_ends(row: ScoreRow) -> tuple[tuple[str, float], tuple[str, float]] | None:
    """The projection at the current pace as two (period, value) points: the trend line at the
    newest value and at the target period. It is the trend line itself (slope per year), so it
    points the way the trend goes; None without a trend or a target year."""
    a, target = row.assessment, row.use.target
    end_year = a.target_year or getattr(target, "by", None)
    if (
        a.projection is None
        or a.slope is None
        or not a.latest_period
        or not isinstance(end_year, int)
    ):
        return None
    end = _target_period(end_year, row)
    x0, x1 = period_to_year_fraction(a.latest_period), period_to_year_fraction(end)
    if x1 <= x0:
        return None
    return (a.latest_period, a.projection - a.slope * (x1 - x0)), (end, a.projection)


def _target_traces(row: ScoreRow, start_year: int, lang: str) -> list[go.Scatter]:
    """Target line, expected path baseline → target, and the projection at the current pace
    (all on the town's own axis: they are the town's figures)."""
    a = row.assessment
    traces: list[go.Scatter] = []
    base = (
        (a.baseline_period, a.baseline_value)
        if a.baseline_value is not None and a.baseline_period
        else None
    )
    if a.target_value is not None and a.target_year is not None:
        goal = (_target_period(a.target_year, row), a.target_value)
        traces.append(_line(
            row, lang, [(str(start_year), a.target_value), goal], mode="lines",
            name=t("trace_target", lang),
            line={"color": CHART_COLOURS["target"], "dash": "dash", "width": 2},
        ))  # fmt: skip
        if base:
            traces.append(_line(
                row, lang, [base, goal], mode="lines", name=t("trace_expected", lang),
                line={"color": CHART_COLOURS["expected"], "dash": "dot", "width": 2},
            ))  # fmt: skip
    if base:
        traces.append(_line(
            row, lang, [base], mode="markers", name=t("trace_baseline", lang),
            marker={"symbol": "diamond-open", "size": 14, "color": "#000000", "line": {"width": 2}},
        ))  # fmt: skip
    ends = projection_ends(row)
    if ends is not None:
        traces.append(_line(
            row, lang, list(ends), mode="lines", name=t("trace_projection", lang),
            line={"color": CHART_COLOURS["projection"], "dash": "dashdot", "width": 1.5},
        ))  # fmt: skip
    return traces


def _peer_traces(
    frame: pd.DataFrame, row: ScoreRow, peers: Sequence[str], lang: str, plan: AxisPlan
) -> list[go.Scatter]:
    """The peers' median and range; on a right axis when their magnitude (the range's ends
    included: one big peer stretches it) is far from the town's."""
    if row.indicator is None:
        return []
    medians = list(peer_medians(frame, row.indicator.id, peers).values())
    if not medians:
        return []
    xs = [period_x(m.period) for m in medians]
    highs, lows = [m.high for m in medians], [m.low for m in medians]
    values = [m.value for m in medians]
    axis = plan.place(t("trace_peer_median", lang), [*values, *highs, *lows])
    band = go.Scatter(
        x=xs + xs[::-1], y=highs + lows[::-1], fill="toself", yaxis=axis,
        fillcolor="rgba(127,127,127,0.15)", line={"width": 0},
        name=_axis_name(t("trace_peer_band", lang), axis, lang), hoverinfo="skip",
    )  # fmt: skip
    median = go.Scatter(
        x=xs, y=values, mode="lines", yaxis=axis,
        name=_axis_name(t("trace_peer_median", lang), axis, lang),
        line={"color": CHART_COLOURS["peers"], "width": 2},
        customdata=hover_texts([m.period for m in medians], values, row, lang), hovertemplate=HOVER,
    )  # fmt: skip
    return [band, median]


def _country_trace(
    frame: pd.DataFrame, row: ScoreRow, lang: str, plan: AxisPlan
) -> list[go.Scatter]:
    """The whole country's line; on a right axis, said in its name, when its magnitude is far
    from the town's (a count for the country against one town's count)."""
    if row.indicator is None:
        return []
    points = series_points(frame, row.indicator.id, "SSS")
    if not points:
        return []
    xs, ys, labels = _xy(points)
    name = t("trace_country", lang)
    axis = plan.place(name, ys)
    return [go.Scatter(
        x=xs, y=ys, text=labels, mode="lines", name=_axis_name(name, axis, lang), yaxis=axis,
        line={"color": CHART_COLOURS["country"], "width": 2, "dash": "longdash"},
        customdata=hover_texts(labels, ys, row, lang), hovertemplate=HOVER,
    )]  # fmt: skip


def _right_axes(fig: go.Figure, plan: AxisPlan, unit: str, lang: str) -> None:
    """The right axes the plan used, each titled with its series and the unit."""
    for axis, names in plan.names.items():
        title = t("axis_right", lang, name=", ".join(names), unit=unit)
        layout: dict = {
            "title": {"text": title}, "overlaying": "y", "side": "right", "showgrid": False,
            **VALUE_AXIS,
        }  # fmt: skip
        if axis == "y3":
            layout.update(anchor="free", position=1.0)
            fig.update_layout(xaxis={"domain": [0, 1 - OUTER_AXIS_SPACE]})
        fig.update_layout({f"yaxis{axis[1:]}": layout})


def date_range(xs: Sequence[str], before_days: int, after_days: int) -> list[str]:
    """[first − before, last + after] of ISO dates (a date axis' range with some air)."""
    days = sorted(dt.date.fromisoformat(str(x)[:10]) for x in xs)
    return [
        (days[0] - dt.timedelta(days=before_days)).isoformat(),
        (days[-1] + dt.timedelta(days=after_days)).isoformat(),
    ]


def indicator_figure(
    row: ScoreRow,
    frame: pd.DataFrame,
    *,
    town_name: str,
    peers: Sequence[str],
    start_year: int,
    lang: str,
    show_peers: bool = False,
    show_country: bool = False,
    source: str | None = None,
) -> go.Figure:
    """The indicator page's chart; the same figure is exported as PNG. `source` is the line
    under the chart (presentation.chart_source_text)."""
    plan = AxisPlan([p.value for p in row.points])
    traces: list[go.Scatter] = []
    if row.indicator is not None and show_peers:
        traces += _peer_traces(frame, row, peers, lang, plan)
    if row.indicator is not None and show_country:
        traces += _country_trace(frame, row, lang, plan)
    traces.append(_town_trace(row, town_name, lang))
    traces += _target_traces(row, start_year, lang)
    fig = go.Figure(traces)
    unit = row.indicator.unit.get(lang) if row.indicator else ""
    first = dt.date(start_year - HISTORY_YEARS, 1, 1).isoformat()  # earlier years: a pan away
    drawn = [str(x) for tr in traces for x in (tr.x or ()) if x is not None]
    x_range = [date_range([first], 183, 0)[0], date_range([first, *drawn], 0, 183)[1]]
    span_years = int(x_range[1][:4]) - int(x_range[0][:4])
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=420, separators=plotly_separators(lang),
        legend={"orientation": "h", "y": -0.15},
        yaxis={"title": {"text": unit}, **VALUE_AXIS},
        xaxis={
            "type": "date", "range": x_range, "tick0": "2000-01-01",
            "dtick": "M12" if span_years < 16 else "M24",
            "tickformat": plotly_date_tickformat(lang, yearly=True),
        },
        title={"text": row.use.text}, template="plotly_white", font={"family": "DejaVu Sans, sans-serif"},
    )  # fmt: skip
    _right_axes(fig, plan, unit, lang)
    return add_source_note(fig, source)
