"""What every target kind needs from a series, computed once: the clean points, the baseline,
the latest value, the robust trend since the baseline, its noise and the staleness."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mittaristo.config.model import Baseline
from mittaristo.status.periods import Point, period_to_year_fraction, value_due
from mittaristo.status.trend import (
    Line,
    change_threshold,
    clear_direction,
    fit_theil_sen,
    year_to_year_noise,
)


@dataclass(frozen=True)
class Obs:
    """A valid point placed on the year axis."""

    period: str
    x: float
    value: float


@dataclass(frozen=True)
class Facts:
    observations: tuple[Obs, ...]  # every valid point, oldest first, one per period
    baseline: Obs | None
    trend: tuple[Obs, ...]  # the baseline and the points after it
    line: Line | None  # Theil–Sen over `trend`
    noise: float | None  # year-to-year noise of the whole series
    threshold: float  # smallest change that counts
    stale: bool
    due: date | None  # after this date the latest value is stale

    @property
    def latest(self) -> Obs | None:
        return self.observations[-1] if self.observations else None

    @property
    def direction(self) -> int:
        """+1 / −1 when the trend since the baseline moved beyond the noise, else 0."""
        if not self.trend:
            return 0
        span = self.trend[-1].x - self.trend[0].x
        return clear_direction(self.line, span, self.threshold)


def clean_series(series: Sequence[Point]) -> tuple[Obs, ...]:
    """Valid points sorted by period; None/NaN are skipped, a repeated period keeps the last."""
    by_period: dict[str, Obs] = {}
    for point in series:
        if point.value is None or not math.isfinite(point.value):
            continue
        x = period_to_year_fraction(point.period)
        by_period[point.period] = Obs(point.period, x, float(point.value))
    return tuple(sorted(by_period.values(), key=lambda obs: obs.x))


def choose_baseline(
    observations: tuple[Obs, ...], baseline: Baseline | None, adoption_year: int
) -> Obs | None:
    """The configured baseline (its value, else the series' value at or before its period), else
    the last value of the adoption year or earlier, else the first value."""
    if baseline is not None:
        x = period_to_year_fraction(baseline.period)
        if baseline.value is not None:
            return Obs(baseline.period, x, float(baseline.value))
        cutoff = x
    else:
        cutoff = period_to_year_fraction(str(adoption_year)) + 0.999
    before = [obs for obs in observations if obs.x <= cutoff]
    if before:
        return before[-1]
    return observations[0] if observations else None


def gather_facts(
    series: Sequence[Point],
    *,
    baseline: Baseline | None,
    adoption_year: int,
    decimals: int,
    frequency: str,
    lag_months: int,
    today: date,
    grace_months: int | None = None,
) -> Facts:
    observations = clean_series(series)
    base = choose_baseline(observations, baseline, adoption_year)
    trend: tuple[Obs, ...] = ()
    if base is not None:
        trend = (base, *(obs for obs in observations if obs.x > base.x))
    line = fit_theil_sen([o.x for o in trend], [o.value for o in trend]) if trend else None
    noise = year_to_year_noise([o.value for o in observations]) if observations else None
    due = None
    if observations:
        due = value_due(observations[-1].period, frequency, lag_months, grace_months)
    return Facts(
        observations=observations,
        baseline=base,
        trend=trend,
        line=line,
        noise=noise,
        threshold=change_threshold(noise or 0.0, decimals),
        stale=due is not None and due < today,
        due=due,
    )
