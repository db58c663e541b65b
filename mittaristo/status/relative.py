"""vs_peers targets: the town against the peer-group median of the same period.

The target is a level relative to the peers, so it is judged as a value target of 0 on the gap
series (town − median): the same evidence rules, the gap's own noise. Peer medians exist only
for periods where enough peers report (the one peer-median rule); when the town's newest
period has none, the last comparable period is judged and named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from mittaristo.config.model import Baseline
from mittaristo.status.facts import Facts, gather_facts
from mittaristo.status.periods import Point
from mittaristo.status.result import Status
from mittaristo.status.series import Obs
from mittaristo.status.value import judge_value
from mittaristo.status.verdict import Verdict, not_reported

# value-target reasons → vs_peers sentence keys
REASONS = {
    "value_achieved": "peer_met",
    "value_achieved_dip": "peer_met_dip",
    "value_achieved_held": "peer_met_held",
    "value_achieved_few": "peer_met_few",
    "value_met_in_year": "peer_met_in_year",
    "value_achieved_late": "peer_achieved_late",
    "value_missed": "peer_missed",
    "value_on_track": "peer_on_track",
    "value_too_slow": "peer_narrowing",
    "value_off_track": "peer_widening",
    "value_out_of_reach": "peer_out_of_reach",
    "value_still_out_of_reach": "peer_out_of_reach",
    "value_unconfirmed": "peer_unconfirmed",
    "value_one_good_value": "peer_one_good_value",
    "value_no_change": "peer_no_change",
    "value_year_missing": "peer_year_missing",
    "noise_unknown": "peer_noise_unknown",
    "no_new_values": "peer_one_period",
    "one_new_value": "peer_one_period",
    "short_window": "short_window",
}


def judge_peers(
    relation: str,
    by: int,
    facts: Facts,
    medians: Mapping[str, float] | None,
    options: Mapping[str, object],
) -> Verdict:
    """`facts` are the town's own; `options` the gather_facts arguments of the town's series."""
    base = Verdict(Status.NO_DATA, "no_data", target_year=by, words={"relation": relation})
    if facts.latest is None:
        return base.but(status=Status.NOT_ASSESSABLE, reason="short_window") if facts.raw else base
    valid = {p: float(v) for p, v in (medians or {}).items() if v is not None and v == v}
    gaps = [Point(o.period, o.value - valid[o.period]) for o in facts.raw if o.period in valid]
    if not gaps:
        return base.but(status=Status.NOT_ASSESSABLE, reason="peer_missing")
    gap_facts = _gap_facts(gaps, facts, options)
    verdict = judge_value(relation, 0.0, by, gap_facts)
    gap_point = verdict.year_point or gap_facts.latest
    compared = town_point(facts, gap_point)
    median = compared.value - gap_point.value if gap_point and compared else None
    verdict = verdict.but(
        reason=REASONS.get(verdict.reason, verdict.reason), target_value=median,
        peer_value=median, peer_period=compared.period if compared else None, compared=compared,
        words={"relation": relation},
    )  # fmt: skip
    return verdict if verdict.year_point is not None else not_reported(verdict, facts)


def _gap_facts(gaps: Sequence[Point], town: Facts, options: Mapping[str, object]) -> Facts:
    """Facts of the gap series; staleness stays the town's own (a lagging peer median is not
    the town's overdue value)."""
    baseline = options.get("baseline")
    opts = dict(options)
    if isinstance(baseline, Baseline):  # a configured value is the town's, not a gap
        opts["baseline"] = Baseline(period=baseline.period)
    today = opts.pop("today")
    assert isinstance(today, date)
    gap = gather_facts(gaps, today=today, **opts)  # type: ignore[arg-type]
    return replace(gap, stale=False, due=town.due)


def town_point(town: Facts, gap: Obs | None) -> Obs | None:
    """The town's own value of a compared gap point: the same period, or the mean of the same
    12-month (4-quarter) window."""
    if gap is None:
        return None
    if gap.first is None:
        return next((o for o in town.raw if o.period == gap.period), None)
    start = next((o.x for o in town.raw if o.period == gap.first), None)
    members = [o for o in town.raw if start is not None and start - 1e-9 <= o.x <= gap.x + 1e-9]
    if not members:
        return None
    return Obs(gap.period, gap.x, sum(o.value for o in members) / len(members), first=gap.first)
