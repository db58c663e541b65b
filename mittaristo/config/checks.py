"""Cross-reference checks that the per-field schema cannot express.

Each check returns `Finding`s: the data path inside the file (as in the YAML) and a message;
mittaristo.config.load turns the path into `file:line`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from mittaristo.config.model import (
    MUNICIPALITY_CODE,
    Action,
    Catalog,
    DerivedSource,
    IndicatorUse,
    MilestoneTarget,
    Strategy,
)

Finding = tuple[tuple[str | int, ...], str]

# Period text as the observation frame stores it: 2024, 2024Q3, 2024M05.
PERIOD_TEXT = re.compile(r"^\d{4}(Q[1-4]|M(0[1-9]|1[0-2]))?$")
# Targets whose status is computed from a numeric series, so they need a catalog indicator.
NUMERIC_TARGET_KINDS = frozenset({"at_least", "at_most", "direction", "vs_peers"})


# --------------------------------------------------------------------------- catalog


def check_catalog(catalog: Catalog) -> list[Finding]:
    """Unique ids, and derived indicators that refer to existing, non-circular inputs."""
    findings = _duplicates(
        ((("indicators", i, "id"), ind.id) for i, ind in enumerate(catalog.indicators)),
        "indicator id",
    )
    ids = {ind.id for ind in catalog.indicators}
    for i, ind in enumerate(catalog.indicators):
        if isinstance(ind.source, DerivedSource):
            findings += _check_derived_inputs(("indicators", i, "source"), ind.id, ind.source, ids)
    findings += _check_derived_cycles(catalog)
    return findings


def _check_derived_inputs(
    path: tuple, own_id: str, source: DerivedSource, ids: set[str]
) -> list[Finding]:
    out: list[Finding] = []
    for key in ("of", "denominator"):
        ref = getattr(source, key)
        if ref is None:
            continue
        if ref == own_id:
            out.append(((*path, key), f"'{ref}' refers to itself"))
        elif ref not in ids:
            out.append(((*path, key), f"unknown catalog indicator '{ref}'"))
    return out


def _check_derived_cycles(catalog: Catalog) -> list[Finding]:
    """A derived indicator whose inputs lead back to it can never be computed."""
    inputs = {
        ind.id: {ref for ref in (ind.source.of, ind.source.denominator) if ref and ref != ind.id}
        for ind in catalog.indicators
        if isinstance(ind.source, DerivedSource)
    }
    out: list[Finding] = []
    for i, ind in enumerate(catalog.indicators):
        if ind.id in inputs and ind.id in _reachable(ind.id, inputs):
            out.append(
                (("indicators", i, "source"), f"derived inputs of '{ind.id}' lead back to it")
            )
    return out


def _reachable(start: str, inputs: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(inputs.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(inputs.get(node, ()))
    return seen


# --------------------------------------------------------------------------- strategy


def check_strategy(
    strategy: Strategy,
    file_stem: str,
    catalog_ids: set[str] | None,
    municipalities: Collection[str] | None = None,
) -> list[Finding]:
    """Every check of one strategy file; `catalog_ids=None` skips the catalog references
    (the catalog itself was invalid), `municipalities=None` skips the code-list check."""
    findings: list[Finding] = []
    if strategy.town != file_stem:
        findings.append(
            (("town",), f"'{strategy.town}' differs from the file name ({file_stem}.yaml)")
        )
    findings += check_codes(strategy, municipalities)
    findings += check_reviews(strategy)
    findings += check_unique_ids(strategy)
    findings += check_indicator_uses(strategy, catalog_ids)
    findings += check_action_measures(strategy)
    return findings


def check_codes(strategy: Strategy, municipalities: Collection[str] | None) -> list[Finding]:
    """Town and peers must be known municipality codes (KU111); peers distinct, not the town."""
    known = set(municipalities) if municipalities is not None else None
    out: list[Finding] = []
    if known is not None and strategy.municipality not in known:
        out.append((("municipality",), f"unknown municipality code {strategy.municipality}"))
    seen: set[str] = set()
    for i, peer in enumerate(strategy.peers):
        path = ("peers", i)
        if not MUNICIPALITY_CODE.match(peer):
            out.append((path, f"'{peer}' is not a municipality code like KU111"))
        elif known is not None and peer not in known:
            out.append((path, f"unknown municipality code {peer}"))
        elif peer == strategy.municipality:
            out.append((path, "the town itself cannot be its own peer"))
        elif peer in seen:
            out.append((path, f"{peer} is listed twice"))
        seen.add(peer)
    return out


def check_reviews(strategy: Strategy) -> list[Finding]:
    """Adoption ≤ mid-term review ≤ end review."""
    r = strategy.reviews
    out: list[Finding] = []
    if r.end < r.adoption:
        out.append((("reviews", "end"), f"end review {r.end} is before the adoption {r.adoption}"))
    if r.mid_term and not r.adoption <= r.mid_term <= r.end:
        out.append(
            (
                ("reviews", "mid_term"),
                f"mid-term review {r.mid_term} is not between {r.adoption} and {r.end}",
            )
        )
    return out


def check_unique_ids(strategy: Strategy) -> list[Finding]:
    """Ids are unique within the strategy: links and `measures` refer to them."""
    goals = [(("goals", g, "id"), goal.id) for g, goal in enumerate(strategy.goals)]
    subs = [
        (("goals", g, "subgoals", s, "id"), sub.id)
        for g, goal in enumerate(strategy.goals)
        for s, sub in enumerate(goal.subgoals)
    ]
    uses = [((*path, "id"), use.id) for path, use in iter_uses(strategy)]
    actions = [((*path, "id"), act.id) for path, act in iter_actions(strategy)]
    return (
        _duplicates(goals, "goal id")
        + _duplicates(subs, "sub-goal id")
        + _duplicates(uses, "mittari id")
        + _duplicates(actions, "action id")
    )


def check_indicator_uses(strategy: Strategy, catalog_ids: set[str] | None) -> list[Finding]:
    out: list[Finding] = []
    for path, use in iter_uses(strategy):
        out += _check_use(path, use, strategy, catalog_ids)
    return out


def _check_use(
    path: tuple, use: IndicatorUse, strategy: Strategy, catalog_ids: set[str] | None
) -> list[Finding]:
    out: list[Finding] = []
    target, start, end = use.target, strategy.period.start, strategy.period.end
    if use.indicator is not None and catalog_ids is not None and use.indicator not in catalog_ids:
        out.append(((*path, "indicator"), f"unknown catalog indicator '{use.indicator}'"))
    if use.indicator is not None and use.qualitative_reason:
        out.append(
            (
                (*path, "qualitative_reason"),
                "only a mittari without a catalog indicator is qualitative",
            )
        )
    if use.indicator is None and target.kind in NUMERIC_TARGET_KINDS:
        msg = f"target kind '{target.kind}' needs a catalog indicator (a manual one if no open series exists)"
        out.append(((*path, "target", "kind"), msg))
    by = target.by_year if isinstance(target, MilestoneTarget) else getattr(target, "by", None)
    if by is not None and by < start:
        out.append(
            ((*path, "target", "by"), f"year {by} is before the strategy period {start}–{end}")
        )
    if target.kind == "vs_peers" and not strategy.peers:
        out.append(((*path, "target", "kind"), "a 'vs_peers' target needs the strategy's peers"))
    if use.baseline and not PERIOD_TEXT.match(use.baseline.period):
        msg = f"period '{use.baseline.period}' is not like 2024, 2024Q3 or 2024M05"
        out.append(((*path, "baseline", "period"), msg))
    return out


def check_action_measures(strategy: Strategy) -> list[Finding]:
    """An action's `measures` name mittari ids of the same strategy."""
    use_ids = {use.id for _, use in iter_uses(strategy)}
    return [
        ((*path, "measures", m), f"unknown mittari id '{ref}'")
        for path, act in iter_actions(strategy)
        for m, ref in enumerate(act.measures)
        if ref not in use_ids
    ]


# --------------------------------------------------------------------------- helpers


def iter_uses(strategy: Strategy) -> Iterable[tuple[tuple, IndicatorUse]]:
    """Every mittari with its data path, in document order."""
    for g, goal in enumerate(strategy.goals):
        yield from ((("goals", g, "indicators", i), use) for i, use in enumerate(goal.indicators))
        for s, sub in enumerate(goal.subgoals):
            base = ("goals", g, "subgoals", s, "indicators")
            yield from (((*base, i), use) for i, use in enumerate(sub.indicators))


def iter_actions(strategy: Strategy) -> Iterable[tuple[tuple, Action]]:
    for g, goal in enumerate(strategy.goals):
        yield from ((("goals", g, "actions", i), act) for i, act in enumerate(goal.actions))
        for s, sub in enumerate(goal.subgoals):
            base = ("goals", g, "subgoals", s, "actions")
            yield from (((*base, i), act) for i, act in enumerate(sub.actions))


def _duplicates(items: Iterable[tuple[tuple, str]], what: str) -> list[Finding]:
    first: dict[str, tuple] = {}
    out: list[Finding] = []
    for path, value in items:
        if value in first:
            out.append((path, f"duplicate {what} '{value}' (first at {format_path(first[value])})"))
        first.setdefault(value, path)
    return out


def format_path(path: tuple[str | int, ...]) -> str:
    """('goals', 2, 'indicators', 0) → 'goals[2].indicators[0]'."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
