"""Direction targets (laskeva / kasvaa from the baseline, by `by` or the strategy period's end).

A direction counts when the trend since the baseline is clear (beyond noise, and not resting on
one value) AND the newest value is on the same side of the baseline as shown — so a sentence
never says "falling" next to a value above its baseline. Once the target year's value is in,
the trend up to that year decides: achieved, or missed (achieved late when it came after).
"""

from __future__ import annotations

from mittaristo.status.facts import Facts
from mittaristo.status.periods import last_period_fraction
from mittaristo.status.result import Status
from mittaristo.status.series import Obs, calendar_year
from mittaristo.status.stats import MIN_TREND_POINTS, trend_evidence
from mittaristo.status.verdict import Verdict, compare_shown, not_reported


def judge_direction(direction: str, by: int, facts: Facts) -> Verdict:
    want = 1 if direction == "increase" else -1
    base = Verdict(Status.NO_DATA, "no_data", target_year=by, words={"want": direction})
    latest = facts.latest
    if latest is None:
        return base.but(status=Status.NOT_ASSESSABLE, reason="short_window") if facts.raw else base
    ev = facts.evidence
    if ev is not None:
        base = base.but(projection=ev.line.at(last_period_fraction(by, latest.period)))
    base = base.but(level=facts.level())
    year_point = calendar_year(facts.raw, by)
    if year_point is not None:
        return _past_deadline(base, facts, want, year_point)
    if latest.x > last_period_fraction(by, latest.period):
        return base.but(status=Status.NOT_ASSESSABLE, reason="dir_year_missing")
    return not_reported(_in_progress(base, facts, want), facts)


def moved(facts: Facts, points: tuple[Obs, ...], end: Obs, want: int) -> bool:
    """A clear trend in the wanted direction over `points`, and `end` on the wanted side of the
    baseline as shown."""
    if facts.baseline is None or len(points) < MIN_TREND_POINTS:
        return False
    ev = trend_evidence([o.x for o in points], [o.value for o in points], facts.noise)
    if ev is None or ev.direction != want:
        return False
    return compare_shown(end.value, facts.baseline.value, facts.decimals) == want


def _past_deadline(base: Verdict, facts: Facts, want: int, year_point: Obs) -> Verdict:
    latest = facts.latest
    assert latest is not None
    upto = tuple(o for o in facts.fitted if o.x <= year_point.x + 1e-9)
    verdict = base.but(year_point=year_point)
    if moved(facts, upto, year_point, want):
        after = None
        if latest.x > year_point.x + 1e-9 and facts.baseline is not None:
            side = compare_shown(latest.value, facts.baseline.value, facts.decimals)
            after = "held" if side == want else "weakened"
        return verdict.but(status=Status.ACHIEVED, reason="dir_achieved", after=after)
    if latest.x > year_point.x + 1e-9 and moved(facts, facts.fitted, latest, want):
        return verdict.but(status=Status.ACHIEVED, reason="dir_achieved_late", late=True)
    return verdict.but(status=Status.MISSED, reason="dir_missed")


def _in_progress(base: Verdict, facts: Facts, want: int) -> Verdict:
    latest, start = facts.latest, facts.baseline
    assert latest is not None
    if not facts.noise.known:
        return base.but(status=Status.NOT_ASSESSABLE, reason="noise_unknown")
    if start is None or len(facts.trend) < 2:
        return base.but(status=Status.NOT_ASSESSABLE, reason="no_new_values")
    if not facts.enough_for_trend:
        return base.but(status=Status.NOT_ASSESSABLE, reason="one_new_value")
    trend = facts.direction
    side = compare_shown(latest.value, start.value, facts.decimals)
    if trend == want and side == want:
        return base.but(status=Status.ON_TRACK, reason="dir_on_track")
    if trend == -want and side == -want:
        return base.but(status=Status.OFF_TRACK, reason="dir_off_track")
    if trend != 0:
        return base.but(status=Status.NO_CLEAR_CHANGE, reason="dir_mixed")
    return base.but(status=Status.NO_CLEAR_CHANGE, reason="dir_no_change")
