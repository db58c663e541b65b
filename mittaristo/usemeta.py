"""Vastuu, toimiala, seuranta and SDG tags of a mittari, as the strategy document gives them.

One lookup over the strategy model, shared by the indicator page, the overview filters and the
exports, so a mittari's owner or SDG tags never differ between a page and a report. No streamlit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from mittaristo.config.model import Goal, IndicatorUse, Strategy, SubGoal


@dataclass(frozen=True)
class UseMeta:
    """owner: the mittari's own vastuu, else its sub-goal's department, else that of the actions
    it follows; department: the sub-goal's (Kemi's tables are per toimiala), else the owner;
    sdg: the mittari's, its goal's and sub-goal's tags and those of the actions it follows."""

    owner: str | None
    department: str | None
    follow_up: str | None
    sdg: tuple[int, ...]


def _meta(goal: Goal, sub: SubGoal | None, use: IndicatorUse, strategy: Strategy) -> UseMeta:
    owner = use.owner or (sub.owner if sub else None)
    sdg = set(use.sdg) | set(goal.sdg) | set(sub.sdg if sub else ())
    for g, s, act in strategy.actions():
        if g is goal and s is sub and use.id in act.measures:
            sdg |= set(act.sdg)
            owner = owner or act.owner
    department = (sub.owner if sub else None) or owner
    return UseMeta(owner, department, use.follow_up, tuple(sorted(sdg)))


def use_meta(use: IndicatorUse, strategy: Strategy) -> UseMeta | None:
    """The facts of one mittari of `strategy` (None when the strategy has no such mittari)."""
    for goal, sub, u in strategy.indicator_uses():
        if u.id == use.id:
            return _meta(goal, sub, u, strategy)
    return None


def strategy_meta(strategy: Strategy) -> dict[str, UseMeta]:
    """Every mittari's facts by its id, in document order."""
    return {u.id: _meta(g, s, u, strategy) for g, s, u in strategy.indicator_uses()}


def sdg_options(metas: Iterable[UseMeta]) -> list[int]:
    """The SDG goals any mittari is tagged with (empty: the town has no SDG tags, no filter)."""
    return sorted({n for m in metas for n in m.sdg})


def department_options(metas: Iterable[UseMeta]) -> list[str]:
    """The departments (vastuu) named for the mittarit, in document order of first mention."""
    return list(dict.fromkeys(m.department for m in metas if m.department))


def matches(meta: UseMeta | None, sdg: Collection[int], departments: Collection[str]) -> bool:
    """A mittari passes when it has one of the chosen SDG goals (if any are chosen) and one of
    the chosen departments (if any are chosen); the two filters combine with AND."""
    if sdg and (meta is None or not set(meta.sdg) & set(sdg)):
        return False
    return not departments or (meta is not None and meta.department in departments)
