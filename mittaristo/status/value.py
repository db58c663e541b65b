"""Value targets (at_least / at_most a value by a year) — also the gap rule of vs_peers.

Order of the questions, each answered only with evidence beyond the series' noise:
1. Is the target year's value in? Then it decides: met → achieved (later movement told
   apart); not met → missed, or achieved *late* when the level now holds.
2. Is the next value overdue? → not reported (what the last values said is kept).
3. Is the target met on a level that holds? → achieved.
4. Is there a clear trend? Towards the target → on track when its line reaches the target by
   the target year, else too slow; away from it → off track.
5. No clear trend: too slow when even the optimistic end of the trend's 97.5 % (one-sided) band misses
   the target (red is not hidden in grey), else no clear change — or not assessable when there
   are too few values to tell.
Earlier reviews are replayed (the series cut after each value since the baseline), and a
verdict holds until the evidence turns: achieved while the level still meets the target, a
trend direction while its slope keeps |t| ≥ 1, out of reach while the projection misses.
"""

from __future__ import annotations

from mittaristo.status.facts import Facts, earlier_reviews
from mittaristo.status.periods import last_period_fraction
from mittaristo.status.result import Status
from mittaristo.status.series import calendar_year
from mittaristo.status.stats import LEVEL_ALPHA, LOO_T, REACH_ALPHA, t_quantile
from mittaristo.status.verdict import Verdict, meets, not_reported


def judge_value(kind: str, target: float, by: int, facts: Facts) -> Verdict:
    sign = 1 if kind == "at_least" else -1
    base = Verdict(Status.NO_DATA, "no_data", target_value=target, target_year=by,
                   words={"relation": kind})  # fmt: skip
    latest = facts.latest
    if latest is None:
        if facts.raw:
            return base.but(status=Status.NOT_ASSESSABLE, reason="short_window")
        return base
    base = _with_projection(base, facts, sign)
    year_point = calendar_year(facts.raw, by)
    if year_point is not None:
        return _past_deadline(base, facts, sign, year_point)
    if latest.x > last_period_fraction(by, latest.period):
        return base.but(status=Status.NOT_ASSESSABLE, reason="value_year_missing")
    return not_reported(_in_progress(base, facts, sign), facts)


def _with_projection(base: Verdict, facts: Facts, sign: int) -> Verdict:
    """Projection, its optimistic end, the level and Cascade's ratio (reported, not decisive)."""
    latest, ev = facts.latest, facts.evidence
    assert latest is not None and base.target_year is not None and base.target_value is not None
    year_x = last_period_fraction(base.target_year, latest.period)
    level = facts.level()
    if ev is None or facts.noise.sd is None:
        return base.but(level=level)
    projection = ev.line.at(year_x)
    reach_t = t_quantile(1.0 - REACH_ALPHA, facts.noise.df)
    best = projection + sign * reach_t * ev.line.se_at(year_x, facts.noise.sd)
    expected = ratio = None
    start = facts.baseline
    target = base.target_value
    if start is not None and year_x > start.x and sign * (target - start.value) > 0:
        expected = start.value + (target - start.value) * (latest.x - start.x) / (year_x - start.x)
        if expected != start.value:
            ratio = (ev.line.at(latest.x) - start.value) / (expected - start.value)
    return base.but(projection=projection, best_case=best, expected_now=expected,
                    progress_ratio=ratio, level=level)  # fmt: skip


def holds(facts: Facts, target: float, sign: int) -> bool:
    """The target is met on a level that holds: the level (the trend line at the newest point,
    else the median of the last five values) meets it by more than its one-sided 90 % margin —
    one good or bad year decides nothing. Without a noise estimate: at least the last two
    values, all meeting it."""
    d = facts.decimals
    if facts.latest is None:
        return False
    if facts.noise.sd is None:
        recent = facts.points[-3:]
        return len(recent) >= 2 and all(meets(o.value, target, sign, d) for o in recent)
    level = facts.level()
    assert level is not None and level.se is not None
    margin = t_quantile(1.0 - LEVEL_ALPHA, facts.noise.df) * level.se
    return meets(level.value, target, sign, d) and sign * (level.value - target) >= margin


def _past_deadline(base: Verdict, facts: Facts, sign: int, year_point) -> Verdict:
    d, target, latest = facts.decimals, base.target_value, facts.latest
    assert target is not None and latest is not None
    later = latest.x > year_point.x + 1e-9
    verdict = base.but(year_point=year_point)
    if meets(year_point.value, target, sign, d):
        after = None
        if later:
            after = "held" if meets(latest.value, target, sign, d) else "weakened"
        return verdict.but(status=Status.ACHIEVED, reason="value_met_in_year", after=after)
    if later and holds(facts, target, sign):
        return verdict.but(status=Status.ACHIEVED, reason="value_achieved_late", late=True)
    return verdict.but(status=Status.MISSED, reason="value_missed")


def _in_progress(base: Verdict, facts: Facts, sign: int) -> Verdict:
    """Replay the earlier reviews so a verdict holds until the evidence turns."""
    verdict: Verdict | None = None
    for review in earlier_reviews(facts):
        step = base if review is facts else _with_projection(base, review, sign)
        verdict = _review(step, review, sign, verdict)
    assert verdict is not None
    return verdict


def _review(base: Verdict, facts: Facts, sign: int, prev: Verdict | None) -> Verdict:
    d, target = facts.decimals, base.target_value
    assert target is not None and facts.latest is not None
    if holds(facts, target, sign):
        reason = "value_achieved" if facts.noise.known else "value_achieved_few"
        if not meets(facts.latest.value, target, sign, d):
            reason = "value_achieved_dip"  # the level holds although the newest value dipped
        return base.but(status=Status.ACHIEVED, reason=reason)
    level = facts.level()
    if _was(prev, Status.ACHIEVED) and level is not None and meets(level.value, target, sign, d):
        return base.but(status=Status.ACHIEVED, reason="value_achieved_held")
    if not facts.noise.known:
        return base.but(status=Status.NOT_ASSESSABLE, reason="noise_unknown")
    if len(facts.trend) < 2:
        return base.but(status=Status.NOT_ASSESSABLE, reason="no_new_values")
    moving = sign * held_direction(facts, _direction_of(prev, sign))
    if moving > 0:
        if reaches(base, facts, sign):
            return base.but(status=Status.ON_TRACK, reason="value_on_track")
        return base.but(status=Status.TOO_SLOW, reason="value_too_slow")
    if moving < 0:
        return base.but(status=Status.OFF_TRACK, reason="value_off_track")
    reach = _out_of_reach(base, facts, sign, prev)
    if reach:
        return base.but(status=Status.TOO_SLOW, reason=reach)
    if not facts.enough_for_trend:
        return base.but(status=Status.NOT_ASSESSABLE, reason="one_new_value")
    if meets(facts.latest.value, target, sign, d):
        level_ok = level is not None and meets(level.value, target, sign, d)
        reason = "value_unconfirmed" if level_ok else "value_one_good_value"
        return base.but(status=Status.NO_CLEAR_CHANGE, reason=reason)
    return base.but(status=Status.NO_CLEAR_CHANGE, reason="value_no_change")


def reaches(base: Verdict, facts: Facts, sign: int) -> bool:
    """The on-track rule: the trend line meets the target (as shown) at the target year. Not
    Open SDG's / Cascade's ratio ≥ 95 % alone: that can call 59,7 on track for a target of 60,0
    and the sentence would contradict its own numbers."""
    assert base.projection is not None and base.target_value is not None
    return meets(base.projection, base.target_value, sign, facts.decimals)


def _was(prev: Verdict | None, status: Status) -> bool:
    return prev is not None and prev.status is status


def _direction_of(prev: Verdict | None, sign: int) -> int:
    """The trend direction the previous review's verdict rested on (0: none)."""
    if prev is None:
        return 0
    if prev.reason in ("value_on_track", "value_too_slow"):
        return sign
    return -sign if prev.reason == "value_off_track" else 0


def held_direction(facts: Facts, before: int) -> int:
    """The clear trend direction; a direction the previous review found holds while the slope
    keeps its sign with |t| ≥ 1 (a clear trend that weakens a little is not a new verdict)."""
    ev = facts.evidence
    if facts.direction != 0 or ev is None or before == 0:
        return facts.direction
    return before if ev.t * before >= LOO_T else 0


def _out_of_reach(base: Verdict, facts: Facts, sign: int, prev: Verdict | None) -> str | None:
    """Even the optimistic end of the projection's one-sided 97.5 % band misses the target — or the
    previous review found it out of reach and the projection itself still misses it."""
    d, target = facts.decimals, base.target_value
    assert target is not None
    if base.best_case is not None and not meets(base.best_case, target, sign, d):
        return "value_out_of_reach"
    held = prev is not None and prev.reason in OUT_OF_REACH
    if held and base.projection is not None and not meets(base.projection, target, sign, d):
        return "value_still_out_of_reach"
    return None


OUT_OF_REACH = ("value_out_of_reach", "value_still_out_of_reach")
