"""`assess`: one mittari's series and target in, an `Assessment` out. Pure: the same inputs
always give the same verdict (revised data is simply a different series)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

from mittaristo.config.model import (
    Baseline,
    DirectionTarget,
    FollowedTarget,
    MilestoneTarget,
    PeerTarget,
    ValueTarget,
)
from mittaristo.status.explain import explain
from mittaristo.status.facts import Facts, gather_facts
from mittaristo.status.kinds import (
    Verdict,
    judge_direction,
    judge_followed,
    judge_milestone,
    judge_peers,
    judge_value,
)
from mittaristo.status.periods import Point
from mittaristo.status.result import Assessment

AnyTarget = ValueTarget | DirectionTarget | PeerTarget | MilestoneTarget | FollowedTarget


def assess(
    target: AnyTarget,
    series: Sequence[Point],
    *,
    better: Literal["higher", "lower"],
    adoption: date,
    period_end_year: int,
    today: date,
    frequency: str,
    lag_months: int,
    peer_median: Mapping[str, float] | None = None,
    baseline: Baseline | None = None,
    decimals: int = 1,
    unit: str | Mapping[str, str] = "",
) -> Assessment:
    """Where one mittari stands against its target (method: see the package docstring).

    `better` is checked but does not steer the verdict: every target kind states its own
    direction (at_least/at_most, increase/decrease), and a hidden default is what we avoid.
    """
    if better not in ("higher", "lower"):
        raise ValueError(f"better must be 'higher' or 'lower', got {better!r}")
    facts = gather_facts(
        series,
        baseline=baseline,
        adoption_year=adoption.year,
        decimals=decimals,
        frequency=frequency,
        lag_months=lag_months,
        today=today,
        grace_months=target.every_months if isinstance(target, FollowedTarget) else None,
    )
    verdict = _judge(target, facts, today, period_end_year, peer_median, decimals)
    return _assemble(verdict, facts, target, decimals, unit)


def _judge(
    target: AnyTarget,
    facts: Facts,
    today: date,
    period_end_year: int,
    peer_median: Mapping[str, float] | None,
    decimals: int,
) -> Verdict:
    if isinstance(target, ValueTarget):
        return judge_value(target, facts, decimals)
    if isinstance(target, DirectionTarget):
        return judge_direction(target, facts, period_end_year)
    if isinstance(target, PeerTarget):
        return judge_peers(target, facts, peer_median, period_end_year, decimals)
    if isinstance(target, MilestoneTarget):
        return judge_milestone(target, today)
    if isinstance(target, FollowedTarget):
        return judge_followed(target, facts, period_end_year)
    raise TypeError(f"unknown target kind: {type(target).__name__}")


def _assemble(
    verdict: Verdict, facts: Facts, target: AnyTarget, decimals: int, unit: str | Mapping[str, str]
) -> Assessment:
    base, latest = facts.baseline, facts.latest
    numbers = {
        "v": latest.value if latest else None,
        "t": verdict.target_value,
        "proj": verdict.projection,
        "bv": base.value if base else None,
        "m": verdict.peer_value,
    }
    texts: dict[str, object] = {
        "p": latest.period if latest else "",
        "bp": base.period if base else "",
        "y": verdict.target_year if verdict.target_year is not None else "",
        "due": facts.due if facts.due else "",
        **verdict.words,
    }
    if isinstance(target, MilestoneTarget):
        texts |= {"d": target.description, "by": target.by, "done": target.done_on or ""}
    return Assessment(
        status=verdict.status,
        stale=facts.stale,
        baseline_period=base.period if base else None,
        baseline_value=base.value if base else None,
        latest_period=latest.period if latest else None,
        latest_value=latest.value if latest else None,
        target_value=verdict.target_value,
        target_year=verdict.target_year,
        slope=facts.line.slope if facts.line else None,
        noise=facts.noise,
        projection=verdict.projection,
        expected_now=verdict.expected_now,
        progress_ratio=verdict.progress_ratio,
        peer_value=verdict.peer_value,
        n_points=len(facts.trend),
        explanation=explain(verdict.reason, numbers, texts, decimals=decimals, unit=unit),
    )
