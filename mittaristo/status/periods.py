"""Statistical periods as text (`2024`, `2024Q3`, `2024M05`): their place on a year axis and
their end date.

Statistics Finland writes periods this way. The status engine needs them as numbers (the x axis
of the trend, in years, so that slopes are per year whatever the frequency) and as dates (is the
latest value stale? can a new value arrive before the next review?).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

_PERIOD = re.compile(r"^(\d{4})(?:([QM])(\d{1,2}))?$")
_PER_YEAR = {None: 1, "Q": 4, "M": 12}

# Months from one value's period to the next. An irregular series (a survey every few years)
# takes its declared cadence, else the typical gap between its own values, else a year.
FREQUENCY_MONTHS: dict[str, int] = {"yearly": 12, "quarterly": 3, "monthly": 1, "irregular": 12}


@dataclass(frozen=True)
class Point:
    """One value of a series; `value` None when the source marks it missing, with the
    source's `symbol` (`..` withheld, `.` not applicable) when it gave one."""

    period: str
    value: float | None
    symbol: str | None = None


def parse_period(period: str) -> tuple[int, int, int]:
    """(year, index within the year from 1, periods per year).

    Any other shape is an error rather than a guess: a misread period would move a point on the
    trend line without anyone noticing.
    """
    match = _PERIOD.match(period.strip())
    if not match:
        raise ValueError(f"unknown period {period!r}: expected 2024, 2024Q3 or 2024M05")
    year, letter, number = match.groups()
    per_year = _PER_YEAR[letter]
    index = int(number) if number else 1
    if not 1 <= index <= per_year:
        raise ValueError(f"period {period!r} is out of range (1–{per_year})")
    return int(year), index, per_year


def period_to_year_fraction(period: str) -> float:
    """Start of the period in years: 2024 → 2024.0, 2024Q3 → 2024.5, 2024M05 → 2024.333…"""
    year, index, per_year = parse_period(period)
    return year + (index - 1) / per_year


def period_start(period: str) -> date:
    """First day of the period (a chart's date axis): 2024 → 2024-01-01, 2024Q3 → 2024-07-01,
    2024M05 → 2024-05-01."""
    year, index, per_year = parse_period(period)
    return date(year, (index - 1) * 12 // per_year + 1, 1)


def period_end(period: str) -> date:
    """Last day of the period: 2024 → 2024-12-31, 2024Q3 → 2024-09-30, 2024M05 → 2024-05-31."""
    year, index, per_year = parse_period(period)
    return _month_end(year, index * 12 // per_year)


def last_period_fraction(year: int, like: str) -> float:
    """x of the last period of `year` at the granularity of `like` (2025.0 yearly, 2025.75
    quarterly): a target "by 2025" is judged on the value of that period."""
    _, _, per_year = parse_period(like)
    return year + (per_year - 1) / per_year


def last_period_of(year: int, like: str) -> str:
    """The last period of `year` at the granularity of `like` (`2025` yearly, `2025Q4`
    quarterly, `2025M12` monthly): a target "by 2025" is judged on the value of that period."""
    _, _, per_year = parse_period(like)
    return {1: str(year), 4: f"{year}Q4", 12: f"{year}M12"}[per_year]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def month_end_after(day: date, months: int) -> date:
    """End of the month `months` after `day`'s month (period ends are month ends)."""
    total = day.year * 12 + day.month - 1 + months
    return _month_end(total // 12, total % 12 + 1)


def frequency_months(frequency: str) -> int:
    try:
        return FREQUENCY_MONTHS[frequency]
    except KeyError:
        raise ValueError(
            f"unknown frequency {frequency!r}: expected one of {sorted(FREQUENCY_MONTHS)}"
        ) from None


def cadence_months(frequency: str, periods: Sequence[str] = (), declared: int | None = None) -> int:
    """Months between two values: the declared cadence (a biennial survey: 24), else the
    frequency's; an irregular series without one takes the median gap between its own values
    (never below a year)."""
    if declared is not None:
        return declared
    months = frequency_months(frequency)
    if frequency != "irregular" or len(periods) < 2:
        return months
    ends = sorted(period_end(p) for p in periods)
    pairs = zip(ends, ends[1:], strict=False)
    gaps = [(b.year - a.year) * 12 + b.month - a.month for a, b in pairs]
    return max(months, int(median(gaps)))


def next_value_expected(
    latest_period: str | None, frequency: str, lag_months: int, cadence: int | None = None
) -> date | None:
    """When the value of the period after `latest_period` should be published: that period's end
    plus the publication lag. None when there is no value yet (nothing to count from)."""
    if latest_period is None:
        return None
    months = cadence if cadence is not None else frequency_months(frequency)
    return month_end_after(period_end(latest_period), months + lag_months)


def value_due(latest_period: str, cadence: int, lag_months: int) -> date:
    """The date after which the latest value counts as stale: the next value is overdue (its
    period's end + the lag, i.e. latest period end + cadence + lag)."""
    return month_end_after(period_end(latest_period), lag_months + cadence)


def can_update_before(
    review_date: date,
    latest_period: str | None,
    frequency: str,
    lag_months: int,
    cadence: int | None = None,
) -> bool:
    """Can this mittari get a new value before the review? False warns the council in advance
    that the review will see the same figure again. With no value yet nothing rules it out."""
    expected = next_value_expected(latest_period, frequency, lag_months, cadence)
    return expected is None or expected <= review_date
