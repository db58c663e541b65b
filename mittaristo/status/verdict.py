"""The verdict every judge returns, and the comparisons they share.

A verdict is a status, the reason key of its sentence and the numbers it rests on. Every
comparison is made on the values as shown (rounded to the indicator's decimals), so the
sentence and the table can never contradict the status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from mittaristo.formatting import round_half_up
from mittaristo.status.facts import Facts, Level
from mittaristo.status.result import Status
from mittaristo.status.series import Obs


@dataclass(frozen=True)
class Verdict:
    status: Status
    reason: str  # key of the explanation sentence
    late: bool = False
    target_value: float | None = None
    target_year: int | None = None
    projection: float | None = None  # the trend line at the target year (value targets: the
    #                                  judged series; vs_peers: the gap)
    best_case: float | None = None  # the optimistic end of the projection's 90 % band
    expected_now: float | None = None
    progress_ratio: float | None = None
    level: Level | None = None
    year_point: Obs | None = None  # the target year's value, once it is in
    compared: Obs | None = None  # vs_peers: the town's value of the compared period
    peer_value: float | None = None
    peer_period: str | None = None
    after: str | None = None  # since the target year: "held" | "weakened"
    last_status: Status | None = None  # not_reported: what the last values said
    words: Mapping[str, str] = field(default_factory=dict)  # kind-specific sentence parts

    def but(self, **changes: Any) -> Verdict:
        return replace(self, **changes)


def shown(value: float, decimals: int) -> float:
    return float(round_half_up(value, decimals))


def meets(value: float, target: float, sign: int, decimals: int) -> bool:
    """Whether `value` is on the right side of `target` as shown on screen: 5,95 shown as 6,0
    meets "at least 6,0"."""
    return sign * (round_half_up(value, decimals) - round_half_up(target, decimals)) >= 0


def compare_shown(a: float, b: float, decimals: int) -> int:
    """+1 / 0 / −1: a above, equal to, below b as shown."""
    diff = round_half_up(a, decimals) - round_half_up(b, decimals)
    return (diff > 0) - (diff < 0)


def not_reported(verdict: Verdict, facts: Facts) -> Verdict:
    """The next value is overdue: the status says so; what the last values said is kept."""
    if not facts.stale:
        return verdict
    return verdict.but(status=Status.NOT_REPORTED, reason="overdue", last_status=verdict.status)
