"""What every target kind needs from a series, computed once: the yearly points, the baseline,
the trend since it with its evidence, the noise, the withheld newest value and the staleness."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from mittaristo.config.model import Baseline
from mittaristo.status.periods import Point, cadence_months, value_due
from mittaristo.status.series import (
    Obs,
    Withheld,
    annual_points,
    choose_baseline,
    clean_points,
)
from mittaristo.status.stats import (
    MIN_TREND_POINTS,
    Evidence,
    Noise,
    estimate_noise,
    recent_level,
    trend_evidence,
)


@dataclass(frozen=True)
class Level:
    """Where the series stands now: the trend line's value at the newest point when the trend
    is clear, else the median of the last five values; `se` None when the noise is unknown."""

    value: float
    se: float | None
    how: str  # "trend" | "recent"
    n: int  # the values it rests on


@dataclass(frozen=True)
class Facts:
    raw: tuple[Obs, ...]  # every valid point at the series' own frequency
    points: tuple[Obs, ...]  # yearly points (12-month windows for sub-annual series)
    baseline: Obs | None
    trend: tuple[Obs, ...]  # the baseline and the points after it
    fitted: tuple[Obs, ...]  # the points the trend test uses (see `trend_points`)
    noise: Noise
    evidence: Evidence | None
    withheld: Withheld | None
    cadence: int  # months between two values
    due: date | None  # after this date the next value is overdue
    stale: bool
    decimals: int

    @property
    def latest(self) -> Obs | None:
        return self.points[-1] if self.points else None

    @property
    def latest_raw(self) -> Obs | None:
        return self.raw[-1] if self.raw else None

    @property
    def windowed(self) -> bool:
        return bool(self.points) and self.points[-1].first is not None

    @property
    def direction(self) -> int:
        return self.evidence.direction if self.evidence else 0

    @property
    def enough_for_trend(self) -> bool:
        return self.noise.known and len(self.fitted) >= MIN_TREND_POINTS

    def level(self) -> Level | None:
        if not self.points:
            return None
        ev = self.evidence
        if ev is not None and ev.direction != 0 and self.latest is not None:
            x = self.latest.x
            line_se = ev.line.se_at(x, self.noise.sd or 0.0)
            return Level(ev.line.at(x), line_se, "trend", len(self.fitted))
        value, se, n = recent_level([o.value for o in self.points], self.noise.sd)
        return Level(value, se, "recent", n)


def trend_points(points: tuple[Obs, ...], trend: tuple[Obs, ...]) -> tuple[Obs, ...]:
    """The baseline and the points after it; when that is fewer than three, the values just
    before the baseline complete it to three, so one new value is read against the years
    before it (and the leave-one-out test still keeps a single value from deciding)."""
    if not trend or len(trend) >= MIN_TREND_POINTS:
        return trend
    before = [o for o in points if o.x < trend[0].x - 1e-9]
    need = MIN_TREND_POINTS - len(trend)
    return (*before[max(0, len(before) - need) :], *trend)


def gather_facts(
    series: Sequence[Point],
    *,
    baseline: Baseline | None,
    adoption_year: int,
    decimals: int,
    frequency: str,
    lag_months: int,
    today: date,
    cadence: int | None = None,
) -> Facts:
    raw, withheld = clean_points(series)
    points = annual_points(raw)
    base = choose_baseline(points, baseline, adoption_year)
    trend: tuple[Obs, ...] = ()
    if base is not None:
        trend = (base, *(o for o in points if o.x > base.x + 1e-9))
    noise = estimate_noise([o.x for o in points], [o.value for o in points], decimals)
    fitted = trend_points(points, trend)
    evidence = trend_evidence([o.x for o in fitted], [o.value for o in fitted], noise)
    periods = [o.period for o in raw] + ([withheld.period] if withheld else [])
    months = cadence_months(frequency, periods, cadence)
    newest = withheld.period if withheld else (raw[-1].period if raw else None)
    due = value_due(newest, months, lag_months) if newest else None
    return Facts(
        raw=raw, points=points, baseline=base, trend=trend, fitted=fitted, noise=noise,
        evidence=evidence,
        withheld=withheld, cadence=months, due=due, stale=due is not None and due < today,
        decimals=decimals,
    )  # fmt: skip


def earlier_reviews(facts: Facts) -> list[Facts]:
    """The series as each earlier review saw it: cut after the 2nd, 3rd, … trend point (the
    baseline is the first), oldest first, ending with `facts` itself. A verdict that held at
    the previous review holds until the evidence turns (see value.py), so the engine replays
    them; stale/due/withheld belong to today only."""
    out: list[Facts] = []
    for end in facts.trend[1:-1]:
        raw = tuple(o for o in facts.raw if o.x <= end.x + 1e-9)
        points = annual_points(raw)
        trend = tuple(o for o in facts.trend if o.x <= end.x + 1e-9)
        noise = estimate_noise([o.x for o in points], [o.value for o in points], facts.decimals)
        fitted = trend_points(points, trend)
        evidence = trend_evidence([o.x for o in fitted], [o.value for o in fitted], noise)
        out.append(replace(facts, raw=raw, points=points, trend=trend, fitted=fitted,
                           noise=noise, evidence=evidence, withheld=None, due=None,
                           stale=False))  # fmt: skip
    return [*out, facts]
