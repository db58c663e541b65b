"""One judge per target kind. Each turns the series facts into a `Verdict`: a status, the reason
key of its explanation sentence, and the numbers the verdict rests on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from mittaristo.config.model import (
    DirectionTarget,
    FollowedTarget,
    MilestoneTarget,
    PeerTarget,
    ValueTarget,
)
from mittaristo.formatting import round_half_up
from mittaristo.status.facts import Facts, Obs
from mittaristo.status.periods import last_period_fraction
from mittaristo.status.result import Status
from mittaristo.status.trend import change_threshold, fit_theil_sen, year_to_year_noise

ON_TRACK_RATIO = 0.95  # Open SDG's threshold: ≥ 95 % of the needed progress is on track


@dataclass(frozen=True)
class Verdict:
    status: Status
    reason: str  # key of the explanation sentence
    target_value: float | None = None
    target_year: int | None = None
    projection: float | None = None
    expected_now: float | None = None
    progress_ratio: float | None = None
    peer_value: float | None = None
    words: Mapping[str, str] = field(default_factory=dict)  # kind-specific sentence parts


def meets(value: float, target: float, sign: int, decimals: int) -> bool:
    """Whether `value` is on the right side of `target` as shown on screen: 5,95 shown as 6,0
    meets "at least 6,0", so the table never contradicts the status."""
    return sign * (round_half_up(value, decimals) - round_half_up(target, decimals)) >= 0


def project(facts: Facts, year: int) -> float | None:
    """The trend line's value at the last period of `year`."""
    if facts.line is None or facts.latest is None:
        return None
    return facts.line.at(last_period_fraction(year, facts.latest.period))


def _expected_progress(
    facts: Facts, target: float, target_x: float, sign: int
) -> tuple[float | None, float | None]:
    """(value expected now on the straight path baseline → target, trend progress ÷ expected).

    Uses differences only, so a target of 0 or a sign change (deficit → surplus) is harmless.
    A baseline that already met the target needed no progress: both are None then.
    """
    base, latest = facts.baseline, facts.latest
    if base is None or latest is None or facts.line is None or target_x <= base.x:
        return None, None
    if sign * (target - base.value) <= 0:
        return None, None
    share = (latest.x - base.x) / (target_x - base.x)
    expected = base.value + (target - base.value) * share
    needed = expected - base.value
    return expected, (facts.line.at(latest.x) - base.value) / needed


def judge_value(target: ValueTarget, facts: Facts, decimals: int) -> Verdict:
    sign = 1 if target.kind == "at_least" else -1
    known: dict = {"target_value": target.value, "target_year": target.by}
    known["words"] = {"relation": target.kind}
    latest = facts.latest
    if latest is None:
        return Verdict(Status.NO_DATA, "no_data", **known)
    known["projection"] = project(facts, target.by)
    if meets(latest.value, target.value, sign, decimals):
        return Verdict(Status.ACHIEVED, "value_met", **known)
    target_x = last_period_fraction(target.by, latest.period)
    if latest.x >= target_x:
        return Verdict(Status.OFF_TRACK, "value_missed", **known)
    if facts.line is None:
        return Verdict(Status.NOT_ASSESSABLE, "not_assessable", **known)
    expected, ratio = _expected_progress(facts, target.value, target_x, sign)
    known |= {"expected_now": expected, "progress_ratio": ratio}
    moving = sign * facts.direction
    if moving < 0:
        return Verdict(Status.OFF_TRACK, "value_off_track", **known)
    if moving == 0:
        return Verdict(Status.NO_CLEAR_CHANGE, "value_no_change", **known)
    reaches = meets(known["projection"], target.value, sign, decimals)
    if reaches or (ratio is not None and ratio >= ON_TRACK_RATIO):
        return Verdict(Status.ON_TRACK, "value_on_track", **known)
    return Verdict(Status.TOO_SLOW, "value_too_slow", **known)


def judge_direction(target: DirectionTarget, facts: Facts, period_end_year: int) -> Verdict:
    year = target.by or period_end_year
    known: dict = {"target_year": year, "projection": project(facts, year)}
    words = {"want": target.direction}
    latest = facts.latest
    if latest is None:
        return Verdict(Status.NO_DATA, "no_data", **known)
    if facts.line is None:
        return Verdict(Status.NOT_ASSESSABLE, "not_assessable", **known)
    passed = latest.x >= last_period_fraction(year, latest.period)
    moving = (1 if target.direction == "increase" else -1) * facts.direction
    if moving > 0:
        reason = "dir_achieved" if passed else "dir_on_track"
        return Verdict(Status.ACHIEVED if passed else Status.ON_TRACK, reason, **known, words=words)
    if moving < 0:
        return Verdict(Status.OFF_TRACK, "dir_off_track", **known, words=words)
    if passed:
        return Verdict(Status.OFF_TRACK, "dir_missed", **known, words=words)
    return Verdict(Status.NO_CLEAR_CHANGE, "dir_no_change", **known, words=words)


def _gap_trend(
    facts: Facts, peers: Mapping[str, float], decimals: int, year: int
) -> tuple[int, float] | None:
    """(clear direction of town − peer median since the baseline, that gap projected to the
    last period of `year`); None below two comparable periods."""
    gaps = [Obs(o.period, o.x, o.value - peers[o.period]) for o in facts.trend if o.period in peers]
    line = fit_theil_sen([g.x for g in gaps], [g.value for g in gaps])
    if line is None:
        return None
    every = [o.value - peers[o.period] for o in facts.observations if o.period in peers]
    threshold = change_threshold(year_to_year_noise(every), decimals)
    change = line.slope * (gaps[-1].x - gaps[0].x)
    direction = (change > threshold) - (change < -threshold)
    return direction, line.at(last_period_fraction(year, gaps[-1].period))


def judge_peers(
    target: PeerTarget,
    facts: Facts,
    peers: Mapping[str, float] | None,
    period_end_year: int,
    decimals: int,
) -> Verdict:
    year = target.by or period_end_year
    sign = 1 if target.relation == "at_least" else -1
    known: dict = {"target_year": year, "projection": project(facts, year)}
    words = {"relation": target.relation}
    latest = facts.latest
    if latest is None:
        return Verdict(Status.NO_DATA, "no_data", **known)
    valid = {p: v for p, v in (peers or {}).items() if v is not None and v == v}
    if latest.period not in valid:
        return Verdict(Status.NOT_ASSESSABLE, "peer_missing", **known, words=words)
    median = valid[latest.period]
    known |= {"target_value": median, "peer_value": median, "words": words}
    if meets(latest.value, median, sign, decimals):
        return Verdict(Status.ACHIEVED, "peer_met", **known)
    if latest.x >= last_period_fraction(year, latest.period):
        return Verdict(Status.OFF_TRACK, "peer_missed", **known)
    gap = _gap_trend(facts, valid, decimals, year)
    if gap is None:
        return Verdict(Status.NOT_ASSESSABLE, "peer_one_period", **known)
    closing, projected_gap = sign * gap[0], gap[1]
    if closing < 0:
        return Verdict(Status.OFF_TRACK, "peer_widening", **known)
    if closing == 0:
        return Verdict(Status.NO_CLEAR_CHANGE, "peer_no_change", **known)
    if meets(projected_gap, 0.0, sign, decimals):
        return Verdict(Status.ON_TRACK, "peer_on_track", **known)
    return Verdict(Status.TOO_SLOW, "peer_narrowing", **known)


def judge_milestone(target: MilestoneTarget, today: date) -> Verdict:
    """Done on time or late are both achieved (the sentence says late); a done_on in the
    future is a plan, not a fact, so it counts as not done."""
    due = target.by if isinstance(target.by, date) else date(target.by, 12, 31)
    done = target.done_on if target.done_on is not None and target.done_on <= today else None
    known = {"target_year": due.year}
    if done is not None:
        return Verdict(Status.ACHIEVED, "ms_done" if done <= due else "ms_late", **known)
    if today > due:
        return Verdict(Status.OFF_TRACK, "ms_overdue", **known)
    return Verdict(Status.ON_TRACK, "ms_pending", **known)


def judge_followed(target: FollowedTarget, facts: Facts, period_end_year: int) -> Verdict:
    """Followed means reported: a fresh value achieves it; a value that should have been
    renewed by now is 'too slow' (the `stale` flag says why)."""
    known = {"target_year": period_end_year, "projection": project(facts, period_end_year)}
    if facts.latest is None:
        return Verdict(Status.NO_DATA, "no_data", **known)
    if facts.stale:
        return Verdict(Status.TOO_SLOW, "followed_stale", **known)
    return Verdict(Status.ACHIEVED, "followed_fresh", **known)
