"""A series as the verdict sees it: clean yearly points, the baseline, a withheld newest value.

Monthly and quarterly series are judged on 12-month (4-quarter) means stepping back a year at
a time from the newest period: a seasonal low month is not a level, and month-to-month
wobble is not the year-to-year noise a trend must beat. Yearly and irregular series are used
as they are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from mittaristo.config.model import Baseline
from mittaristo.status.periods import Point, last_period_fraction, parse_period


@dataclass(frozen=True)
class Obs:
    """A point on the year axis; `first` is the first period of a 12-month window."""

    period: str
    x: float
    value: float
    first: str | None = None


@dataclass(frozen=True)
class Withheld:
    """The newest period of the series has no value: the source withheld it (`..`) or it is
    missing. Its period still counts as published (the source has answered for it)."""

    period: str
    symbol: str | None


def _x(period: str) -> float:
    year, index, per_year = parse_period(period)
    return year + (index - 1) / per_year


def clean_points(series: Sequence[Point]) -> tuple[tuple[Obs, ...], Withheld | None]:
    """Valid points sorted by period (a repeated period keeps its last entry), and the newest
    period when it has no value."""
    by_period: dict[str, Point] = {}
    for point in series:
        _x(point.period)  # a malformed period is an error, not a skipped point
        by_period[point.period] = point
    ordered = sorted(by_period.values(), key=lambda p: _x(p.period))
    valid = tuple(
        Obs(p.period, _x(p.period), float(p.value))
        for p in ordered
        if p.value is not None and math.isfinite(p.value)
    )
    newest = ordered[-1] if ordered else None
    withheld = None
    if newest is not None and (not valid or valid[-1].period != newest.period):
        withheld = Withheld(newest.period, getattr(newest, "symbol", None))
    return valid, withheld


def per_year(period: str) -> int:
    return parse_period(period)[2]


def annual_points(raw: tuple[Obs, ...]) -> tuple[Obs, ...]:
    """Yearly points as they are; sub-annual ones as full 12-month windows ending at the newest
    period, then a year earlier, and so on (a window with a missing period is left out)."""
    if not raw or per_year(raw[-1].period) == 1:
        return raw
    step = per_year(raw[-1].period)
    by_index = {_index(o.period): o for o in raw}
    newest = _index(raw[-1].period)
    out: list[Obs] = []
    end = newest
    while end - step + 1 >= min(by_index):
        members = [m for i in range(end - step + 1, end + 1) if (m := by_index.get(i)) is not None]
        if len(members) == step:
            value = sum(m.value for m in members) / step
            last = members[-1]
            out.append(Obs(last.period, last.x, value, first=members[0].period))
        end -= step
    return tuple(reversed(out))


def _index(period: str) -> int:
    year, index, per = parse_period(period)
    return year * per + index - 1


def calendar_year(raw: tuple[Obs, ...], year: int) -> Obs | None:
    """The value of `year`: the yearly point, or the mean of all its months/quarters."""
    members = [o for o in raw if parse_period(o.period)[0] == year]
    if not members:
        return None
    step = per_year(members[0].period)
    if step == 1:
        return members[0]
    if len(members) < step:
        return None
    last = members[-1]
    value = sum(o.value for o in members) / step
    return Obs(last.period, last.x, value, first=members[0].period)


def choose_baseline(
    points: tuple[Obs, ...], baseline: Baseline | None, adoption_year: int
) -> Obs | None:
    """The configured baseline (its value, else the series' point at or before its period),
    else the last point of the adoption year or earlier, else the first point."""
    if not points:
        return (
            Obs(baseline.period, _x(baseline.period), baseline.value)
            if baseline is not None and baseline.value is not None
            else None
        )
    like = points[-1].period
    if baseline is not None:
        cutoff = _cutoff(baseline.period, like)
        if baseline.value is not None:
            return Obs(baseline.period, cutoff, float(baseline.value))
    else:
        cutoff = last_period_fraction(adoption_year, like)
    before = [o for o in points if o.x <= cutoff + 1e-9]
    return before[-1] if before else points[0]


def _given(baseline: Baseline | None) -> bool:
    return baseline is not None and baseline.value is not None


def _cutoff(period: str, like: str) -> float:
    """x of a configured baseline period on the series' axis: a year given for a sub-annual
    series means the window ending at that year's last period."""
    year, _, per = parse_period(period)
    if per == 1:
        return last_period_fraction(year, like)
    return _x(period)
