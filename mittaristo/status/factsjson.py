"""The facts of a verdict as plain JSON: what `judge` prints and what a reader can check the
sentence against (numbers unrounded, periods as the source writes them, dates ISO)."""

from __future__ import annotations

from dataclasses import asdict

from mittaristo.config.model import MilestoneTarget
from mittaristo.status.facts import Facts
from mittaristo.status.series import Obs
from mittaristo.status.verdict import Verdict


def _point(obs: Obs | None) -> dict | None:
    if obs is None:
        return None
    out: dict = {"period": obs.period, "value": obs.value}
    if obs.first is not None:
        out["first"] = obs.first  # a 12-month (4-quarter) mean from `first` to `period`
    return out


def facts_json(verdict: Verdict, facts: Facts, target: object) -> dict:
    ev = facts.evidence
    kind = getattr(target, "kind", "")
    out: dict = {
        "kind": "value" if kind in ("at_least", "at_most") else kind,
        "reason": verdict.reason,
        "late": verdict.late,
        "latest": _point(facts.latest),
        "latest_raw": _point(facts.latest_raw),
        "baseline": _point(facts.baseline),
        "points": [_point(o) for o in facts.points] if facts.windowed else None,
        "n_points": len(facts.trend),
        "target": {"value": verdict.target_value, "year": verdict.target_year},
        "noise_sd": facts.noise.sd,
        "noise_df": facts.noise.df,
        "noise_floor": facts.noise.floor,
        "slope": ev.line.slope if ev else None,
        "slope_se": ev.se if ev else None,
        "t": ev.t if ev else None,
        "t_crit": ev.t_crit if ev else None,
        "trend_clear": bool(ev and ev.significant),
        "trend_stable": bool(ev and ev.stable),
        "direction": facts.direction,
        "level": asdict(verdict.level) if verdict.level else None,
        "projection": verdict.projection,
        "best_case": verdict.best_case,
        "expected_now": verdict.expected_now,
        "progress_ratio": verdict.progress_ratio,
        "target_year_value": _point(verdict.year_point),
        "after_target_year": verdict.after,
        "stale": facts.stale,
        "due": facts.due.isoformat() if facts.due else None,
        "cadence_months": facts.cadence,
        "withheld": asdict(facts.withheld) if facts.withheld else None,
    }
    if verdict.peer_value is not None or kind == "vs_peers":
        out["peer"] = {"period": verdict.peer_period, "median": verdict.peer_value,
                       "town": _point(verdict.compared)}  # fmt: skip
    if verdict.last_status is not None:
        out["last_status"] = str(verdict.last_status)
    if isinstance(target, MilestoneTarget):
        out["milestone"] = {"deadline": str(target.by), **dict(verdict.words)}
    elif verdict.words.get("reported"):
        out["report"] = dict(verdict.words)
    return out
