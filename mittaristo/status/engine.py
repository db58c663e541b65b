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
from mittaristo.status.direction import judge_direction
from mittaristo.status.explain import explain
from mittaristo.status.facts import Facts, gather_facts
from mittaristo.status.factsjson import facts_json
from mittaristo.status.periods import Point, last_period_fraction, value_due
from mittaristo.status.relative import judge_peers
from mittaristo.status.reports import Report, judge_followed, judge_milestone
from mittaristo.status.result import Assessment, Status
from mittaristo.status.value import judge_value
from mittaristo.status.verdict import Verdict

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
    reports: Sequence[Report] = (),
    cadence_months: int | None = None,
    series_ended: int | None = None,
) -> Assessment:
    """Where one mittari stands against its target (method: see the package docstring).

    `better` is checked but does not steer the verdict: every target kind states its own
    direction (at_least/at_most, increase/decrease); `validate` cross-checks the two.
    `reports` are editors' dated milestone reports and qualitative assessments.
    `series_ended` is the last year of a series its source has discontinued (catalog
    `series.last_period`): a target after it is not judged on a series that cannot reach it.
    """
    if better not in ("higher", "lower"):
        raise ValueError(f"better must be 'higher' or 'lower', got {better!r}")
    cadence = target.every_months if isinstance(target, FollowedTarget) else None
    options: dict[str, object] = {
        "baseline": baseline, "adoption_year": adoption.year, "decimals": decimals,
        "frequency": frequency, "lag_months": lag_months, "cadence": cadence or cadence_months,
    }  # fmt: skip
    facts = gather_facts(series, today=today, **options)  # type: ignore[arg-type]
    options["today"] = today
    first_due = value_due(str(adoption.year), facts.cadence, lag_months)
    verdict = ended(target, series_ended, period_end_year) or _judge(
        target, facts, peer_median, options, reports, period_end_year, first_due
    )
    return _assemble(verdict, facts, target, decimals, unit, ended=series_ended is not None)


def ended(target: AnyTarget, last_year: int | None, period_end_year: int) -> Verdict | None:
    """A discontinued series cannot answer a target after its last year: the status says that
    it ended ("Sarja on päättynyt 2019") instead of a verdict the data can no longer support.
    Milestones and followed mittarit rest on reports, not on the series."""
    if last_year is None or isinstance(target, MilestoneTarget | FollowedTarget):
        return None
    year = target.by or period_end_year  # direction / vs_peers without `by`: the period end
    if year <= last_year:
        return None  # the target's year is inside the published series: judged as usual
    return Verdict(
        Status.NOT_ASSESSABLE,
        reason="series_ended",
        target_year=year,
        words={"end": str(last_year)},
    )


def _judge(
    target: AnyTarget,
    facts: Facts,
    peer_median: Mapping[str, float] | None,
    options: Mapping[str, object],
    reports: Sequence[Report],
    period_end_year: int,
    first_due: date,
) -> Verdict:
    today = options["today"]
    assert isinstance(today, date)
    if isinstance(target, ValueTarget):
        return judge_value(target.kind, target.value, target.by or period_end_year, facts)
    if isinstance(target, DirectionTarget):
        return judge_direction(target.direction, target.by or period_end_year, facts)
    if isinstance(target, PeerTarget):
        year = target.by or period_end_year
        return judge_peers(target.relation, year, facts, peer_median, options)
    if isinstance(target, MilestoneTarget):
        return judge_milestone(target, reports, today)
    if isinstance(target, FollowedTarget):
        return judge_followed(target, facts, reports, today=today, first_due=first_due,
                              period_end_year=period_end_year)  # fmt: skip
    raise TypeError(f"unknown target kind: {type(target).__name__}")


def _assemble(
    verdict: Verdict,
    facts: Facts,
    target: AnyTarget,
    decimals: int,
    unit: str | Mapping[str, str],
    *,
    ended: bool = False,
) -> Assessment:
    base, latest, ev = facts.baseline, facts.latest_raw, facts.evidence
    track = bool(facts.trend) and not isinstance(target, MilestoneTarget | FollowedTarget)
    over = ended  # a discontinued series: no next value will come, so never "overdue"
    return Assessment(
        status=verdict.status,
        stale=facts.stale and not over,
        baseline_period=base.period if base else None,
        baseline_value=base.value if base else None,
        latest_period=latest.period if latest else None,
        latest_value=latest.value if latest else None,
        target_value=verdict.target_value,
        target_year=verdict.target_year,
        slope=ev.line.slope if ev and track else None,
        noise=facts.noise.sd,
        projection=verdict.projection
        if not isinstance(target, PeerTarget)
        else _own(facts, verdict),
        expected_now=verdict.expected_now,
        progress_ratio=verdict.progress_ratio,
        peer_value=verdict.peer_value,
        n_points=len(facts.trend),
        explanation=explain(verdict, facts, target, decimals=decimals, unit=unit),
        late=verdict.late,
        reason=verdict.reason,
        facts=facts_json(verdict, facts, target),
        due=None if over else facts.due,
    )


def _own(facts: Facts, verdict: Verdict) -> float | None:
    """vs_peers: the town's own trend at the target year (what the chart draws)."""
    if facts.evidence is None or facts.latest is None or verdict.target_year is None:
        return None
    return facts.evidence.line.at(last_period_fraction(verdict.target_year, facts.latest.period))
