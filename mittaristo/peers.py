"""The one peer-group rule: a peer median exists only where enough of the peers report.

The status engine, the indicator chart, its table alternative and the exports all read peer
medians from here, so a period that the verdict ignores is never drawn as a median on the
chart (and the other way round). With too few peers reporting, the median of the remaining
towns says more about which towns reported than about the group.

Rule: a period has a peer median when at least `MIN_PEER_SHARE` of the configured peers (half,
rounded up, never fewer than one) have a numeric value for it. A comparison that needs the
median of a period without one falls back to the last earlier period that has one, and says
which (`comparable_median`).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mittaristo.seriesrows import SeriesRows, as_series_rows
from mittaristo.status.periods import period_to_year_fraction

if TYPE_CHECKING:
    import pandas as pd

MIN_PEER_SHARE = 0.5


@dataclass(frozen=True)
class PeerMedian:
    """The peer median of one period, with how many of the peers it rests on."""

    period: str
    value: float
    low: float  # the smallest and largest reporting peer (the chart's band)
    high: float
    reporting: int
    peers: int


def required_reporting(peer_count: int, min_share: float = MIN_PEER_SHARE) -> int:
    """How many peers must report for a median: ⌈share × peers⌉, at least one."""
    return max(1, math.ceil(peer_count * min_share - 1e-9))


def peer_medians(
    frame: SeriesRows | pd.DataFrame,
    indicator_id: str,
    peers: Sequence[str],
    *,
    min_share: float = MIN_PEER_SHARE,
) -> dict[str, PeerMedian]:
    """Period → PeerMedian for every period where enough of `peers` report, in period order.

    `frame` has the store's columns indicator_id, region, period, value (NULL = withheld).
    """
    if not peers:
        return {}
    rows = as_series_rows(frame)
    wanted = set(peers)
    by_period: dict[str, list[float]] = {}
    for region in wanted:
        for period, value, _ in rows.points(indicator_id, region):
            if value is not None:
                by_period.setdefault(period, []).append(value)
    need = required_reporting(len(wanted), min_share)
    found = [
        PeerMedian(p, float(statistics.median(v)), min(v), max(v), len(v), len(wanted))
        for p, v in by_period.items()
        if len(v) >= need
    ]
    found.sort(key=lambda m: period_to_year_fraction(m.period))
    return {m.period: m for m in found}


def median_values(medians: Mapping[str, PeerMedian]) -> dict[str, float]:
    """Period → median value (the status engine's input)."""
    return {period: m.value for period, m in medians.items()}


def comparable_median(medians: Mapping[str, PeerMedian], period: str) -> PeerMedian | None:
    """The median of `period`, else of the last earlier period that has one, else None."""
    if period in medians:
        return medians[period]
    x = period_to_year_fraction(period)
    earlier = [m for m in medians.values() if period_to_year_fraction(m.period) < x]
    return earlier[-1] if earlier else None
