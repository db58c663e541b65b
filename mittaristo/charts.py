"""Plotly figures of a mittari: the town's series against its target, peers and the country.

Built here (not in a page) so the dashboard and the exported PNG/PPTX/PDF show the same chart.
Hover texts are preformatted by mittaristo.formatting (customdata), so a point's hover shows
exactly the string of the table alternative and the status sentence; the axes group digits
with the same marks (plotly `separators`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from mittaristo.formatting import format_indicator_value, format_period, plotly_separators
from mittaristo.i18n import t
from mittaristo.peers import peer_medians
from mittaristo.presentation import CHART_COLOURS
from mittaristo.scorecard import ScoreRow, series_points
from mittaristo.status import Point, period_to_year_fraction
from mittaristo.status.periods import last_period_fraction

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


def hover_texts(
    periods: Sequence[str], values: Sequence[float | None], row: ScoreRow, lang: str
) -> list[list[str]]:
    """[period, value] per point, formatted as everywhere else (customdata of a trace)."""
    return [
        [format_period(str(p), lang), format_indicator_value(v, row.indicator, lang)]
        for p, v in zip(periods, values, strict=True)
    ]


def _xy(points: Sequence[Point]) -> tuple[list[float], list[float | None], list[str]]:
    xs = [period_to_year_fraction(p.period) for p in points]
    return xs, [p.value for p in points], [p.period for p in points]


def _town_trace(row: ScoreRow, town_name: str, lang: str) -> go.Scatter:
    xs, ys, labels = _xy(row.points)
    return go.Scatter(
        x=xs, y=ys, text=labels, mode="lines+markers", name=town_name,
        line={"color": CHART_COLOURS["town"], "width": 3}, marker={"size": 7},
        customdata=hover_texts(labels, ys, row, lang), hovertemplate=HOVER,
    )  # fmt: skip


def _line(row: ScoreRow, lang: str, ends: Sequence[tuple[float, str, float | None]], **style):
    """A target / expected / projection line (or a marker): each of its `ends` (x, period
    text, value) hovers with its period and value."""
    xs, periods, ys = zip(*ends, strict=True)
    return go.Scatter(
        x=list(xs), y=list(ys), customdata=hover_texts(periods, ys, row, lang),
        hovertemplate=HOVER, **style,
    )  # fmt: skip


def _target_x(year: int, row: ScoreRow) -> float:
    """x of the period a target "by `year`" is judged on (the status engine's own point:
    2025.0 for a yearly series, 2025.75 quarterly), so the lines end inside the axis."""
    a = row.assessment
    like = a.latest_period or a.baseline_period or str(year)
    return last_period_fraction(year, like)


def projection_ends(row: ScoreRow) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The projection at the current pace as two (x, value) points: the trend line at the
    newest value and at the target year. It is the trend line itself (slope per year), so it
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
    x0, x1 = period_to_year_fraction(a.latest_period), _target_x(end_year, row)
    if x1 <= x0:
        return None
    return (x0, a.projection - a.slope * (x1 - x0)), (x1, a.projection)


def _target_traces(row: ScoreRow, start_year: int, lang: str) -> list[go.Scatter]:
    """Target line, expected path baseline → target, and the projection at the current pace."""
    a = row.assessment
    traces: list[go.Scatter] = []
    base = (
        (period_to_year_fraction(a.baseline_period), a.baseline_period, a.baseline_value)
        if a.baseline_value is not None and a.baseline_period
        else None
    )
    if a.target_value is not None and a.target_year is not None:
        goal = (_target_x(a.target_year, row), str(a.target_year), a.target_value)
        traces.append(_line(
            row, lang, [(start_year, str(start_year), a.target_value), goal], mode="lines",
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
    if ends is not None and a.latest_period:
        (x0, y0), (x1, y1) = ends
        end_year = a.target_year or getattr(row.use.target, "by", None)
        traces.append(_line(
            row, lang, [(x0, a.latest_period, y0), (x1, str(end_year), y1)], mode="lines",
            name=t("trace_projection", lang),
            line={"color": CHART_COLOURS["projection"], "dash": "dashdot", "width": 1.5},
        ))  # fmt: skip
    return traces


def _peer_traces(
    frame: pd.DataFrame, row: ScoreRow, peers: Sequence[str], lang: str
) -> list[go.Scatter]:
    if row.indicator is None:
        return []
    medians = list(peer_medians(frame, row.indicator.id, peers).values())
    if not medians:
        return []
    xs = [period_to_year_fraction(m.period) for m in medians]
    highs, lows = [m.high for m in medians], [m.low for m in medians]
    band = go.Scatter(
        x=xs + xs[::-1], y=highs + lows[::-1], fill="toself",
        fillcolor="rgba(127,127,127,0.15)", line={"width": 0}, name=t("trace_peer_band", lang),
        hoverinfo="skip",
    )  # fmt: skip
    values = [m.value for m in medians]
    median = go.Scatter(
        x=xs, y=values, mode="lines", name=t("trace_peer_median", lang),
        line={"color": CHART_COLOURS["peers"], "width": 2},
        customdata=hover_texts([m.period for m in medians], values, row, lang), hovertemplate=HOVER,
    )  # fmt: skip
    return [band, median]


def _country_trace(frame: pd.DataFrame, row: ScoreRow, lang: str) -> list[go.Scatter]:
    """The whole country's line; on a second (right) axis, said in its name, when its
    magnitude is far from the town's (a count for the country against one town's count)."""
    if row.indicator is None:
        return []
    points = series_points(frame, row.indicator.id, "SSS")
    if not points:
        return []
    xs, ys, labels = _xy(points)
    name = t("trace_country", lang)
    right = far_apart([p.value for p in row.points], ys)
    return [go.Scatter(
        x=xs, y=ys, text=labels, mode="lines",
        name=t("trace_right_axis", lang, name=name) if right else name,
        yaxis="y2" if right else "y",
        line={"color": CHART_COLOURS["country"], "width": 2, "dash": "longdash"},
        customdata=hover_texts(labels, ys, row, lang), hovertemplate=HOVER,
    )]  # fmt: skip


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
    traces: list[go.Scatter] = []
    if row.indicator is not None and show_peers:
        traces += _peer_traces(frame, row, peers, lang)
    if row.indicator is not None and show_country:
        traces += _country_trace(frame, row, lang)
    traces.append(_town_trace(row, town_name, lang))
    traces += _target_traces(row, start_year, lang)
    fig = go.Figure(traces)
    unit = row.indicator.unit.get(lang) if row.indicator else ""
    last = max([period_to_year_fraction(p.period) for p in row.points] or [start_year])
    drawn = [x for tr in traces for x in (tr.x or ()) if isinstance(x, int | float)]
    end = max([last, row.assessment.target_year or start_year, *drawn]) + 0.5
    x_range = [start_year - HISTORY_YEARS - 0.5, end]
    fig.update_layout(
        margin={"l": 10, "r": 10, "t": 40, "b": 10}, height=420, separators=plotly_separators(lang),
        legend={"orientation": "h", "y": -0.15},
        yaxis={"title": {"text": unit}, **VALUE_AXIS},
        xaxis={"tickformat": "d", "dtick": 1 if end - x_range[0] < 16 else 2, "range": x_range},
        title={"text": row.use.text}, template="plotly_white", font={"family": "DejaVu Sans, sans-serif"},
    )  # fmt: skip
    if any(getattr(tr, "yaxis", None) == "y2" for tr in traces):
        fig.update_layout(yaxis2={
            "title": {"text": t("axis_right", lang, name=t("trace_country", lang), unit=unit)},
            "overlaying": "y", "side": "right", "showgrid": False, **VALUE_AXIS,
        })  # fmt: skip
    return add_source_note(fig, source)
