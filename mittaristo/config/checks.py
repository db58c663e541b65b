"""Cross-reference checks that the per-field schema cannot express.

Each check returns `Finding`s: the data path inside the file (as in the YAML), a message, a
plain-language hint on how to fix it and, for duplicates, the path of the first occurrence
(`ref`). mittaristo.config.load turns the paths into `file:line` and writes the line of `ref`
in place of `{line}` in the hint.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from mittaristo import reference
from mittaristo.config.model import (
    MUNICIPALITY_CODE,
    Action,
    Catalog,
    DerivedSource,
    IndicatorUse,
    KuntatalousSource,
    MilestoneTarget,
    Strategy,
    SykeSource,
)

DataPath = tuple[str | int | float, ...]  # YAML keys may be numbers (`2025: …`)


class Finding(NamedTuple):
    path: DataPath
    message: str
    hint: str = ""
    ref: DataPath | None = None  # where the first of a duplicate is; its line fills `{line}`


# Period text as the observation frame stores it: 2024, 2024Q3, 2024M05.
PERIOD_TEXT = re.compile(r"^\d{4}(Q[1-4]|M(0[1-9]|1[0-2]))?$")
# Targets whose status is computed from a numeric series, so they need a catalog indicator.
NUMERIC_TARGET_KINDS = frozenset({"at_least", "at_most", "direction", "vs_peers"})
REFERENCE_CSV = "data/reference/municipalities.csv"


# --------------------------------------------------------------------------- hints


def close_matches(word: object, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Candidates that look like `word` (typos, a missing letter, ä written as a)."""
    text = str(word)
    pool = list(dict.fromkeys(candidates))
    found = difflib.get_close_matches(text, pool, n=n, cutoff=0.6)
    if not found:
        lowered = {c.lower(): c for c in pool}
        found = [lowered[c] for c in difflib.get_close_matches(text.lower(), lowered, n, 0.6)]
    return found


def did_you_mean(word: object, candidates: Iterable[str], otherwise: str) -> str:
    found = close_matches(word, candidates)
    if not found:
        return otherwise
    quoted = _or_list([f"'{c}'" for c in found])
    return f"did you mean {quoted}?"


def _or_list(items: list[str]) -> str:
    """['a', 'b', 'c'] → 'a, b or c'."""
    return f"{', '.join(items[:-1])} or {items[-1]}" if len(items) > 1 else "".join(items)


def unknown_catalog_id_hint(ref: str, ids: Iterable[str]) -> str:
    return did_you_mean(
        ref, ids, f"add an indicator with id: {ref} to indicators.yaml, or use an id listed there"
    )


def _municipality_hint(value: str, known: Mapping[str, str] | Collection[str]) -> str:
    """Close codes and names from the reference list: `KU398 (Lahti)`; a merged municipality
    points at its successor."""
    merged = reference.mergers().get(value.strip().upper())
    if merged is not None:
        return (
            f"{merged.old_name} ({merged.old_code}) merged into {merged.new_name} on "
            f"{merged.valid_from:%-d.%-m.%Y}: write {merged.new_code}"
        )
    names = dict(known) if isinstance(known, Mapping) else {}
    by_name = {name.lower(): code for code, name in names.items()}
    if value.strip().lower() in by_name:
        code = by_name[value.strip().lower()]
        return f"{names[code]} has the code {code}: write {code}"
    if MUNICIPALITY_CODE.match(value):  # a mistyped digit: the codes one digit away, nearest first
        codes = sorted(
            (
                c
                for c in known
                if len(c) == len(value) and sum(a != b for a, b in zip(c, value, strict=True)) == 1
            ),
            key=lambda c: abs(int(c[2:]) - int(value[2:])),
        )[:3]
    else:
        codes = close_matches(value.upper(), known)
        codes += [by_name[n.lower()] for n in close_matches(value, names.values())]
    codes = list(dict.fromkeys(codes))[:4]
    if codes:
        listed = _or_list([f"{c} ({names[c]})" if c in names else c for c in codes])
        return f"did you mean {listed}? The codes are in {REFERENCE_CSV}"
    return f"use a municipality code (KU + 3 digits) listed in {REFERENCE_CSV}"


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
        if isinstance(ind.source, KuntatalousSource | SykeSource) and ind.source.population:
            if ind.source.population not in ids - {ind.id}:
                hint = unknown_catalog_id_hint(ind.source.population, ids - {ind.id})
                msg = f"population: unknown catalog indicator '{ind.source.population}'"
                findings.append(Finding(("indicators", i, "source", "population"), msg, hint))
    findings += _check_derived_cycles(catalog)
    return findings


def _check_derived_inputs(
    path: DataPath, own_id: str, source: DerivedSource, ids: set[str]
) -> list[Finding]:
    out: list[Finding] = []
    for key in ("of", "denominator"):
        ref = getattr(source, key)
        if ref is None:
            continue
        if ref == own_id:
            hint = "a derived indicator is computed from other catalog indicators: name another id"
            out.append(Finding((*path, key), f"'{ref}' refers to itself", hint))
        elif ref not in ids:
            hint = unknown_catalog_id_hint(ref, ids - {own_id})
            out.append(Finding((*path, key), f"unknown catalog indicator '{ref}'", hint))
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
                Finding(
                    ("indicators", i, "source"),
                    f"derived inputs of '{ind.id}' lead back to it",
                    "at least one indicator in the chain must come from a real source "
                    "(pxweb, sotkanet, syke or manual)",
                )
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
    municipalities: Collection[str] | Mapping[str, str] | None = None,
) -> list[Finding]:
    """Every check of one strategy file; `catalog_ids=None` skips the catalog references
    (the catalog itself was invalid), `municipalities=None` skips the code-list check
    (a mapping code → name also lets the hints name the towns)."""
    findings: list[Finding] = []
    if strategy.town != file_stem:
        findings.append(
            Finding(
                ("town",),
                f"'{strategy.town}' differs from the file name ({file_stem}.yaml)",
                f"rename the file to {strategy.town}.yaml, or write town: {file_stem}",
            )
        )
    findings += check_codes(strategy, municipalities)
    findings += check_reviews(strategy)
    findings += check_unique_ids(strategy)
    findings += check_indicator_uses(strategy, catalog_ids)
    findings += check_action_measures(strategy)
    findings += check_sdg(strategy)
    return findings


def check_codes(
    strategy: Strategy, municipalities: Collection[str] | Mapping[str, str] | None
) -> list[Finding]:
    """Town and peers must be known municipality codes (KU111); peers distinct, not the town."""
    known = municipalities
    out: list[Finding] = []
    if known is not None and strategy.municipality not in known:
        out.append(
            Finding(
                ("municipality",),
                f"unknown municipality code {strategy.municipality}",
                _municipality_hint(strategy.municipality, known),
            )
        )
    seen: dict[str, int] = {}
    for i, peer in enumerate(strategy.peers):
        path = ("peers", i)
        if not MUNICIPALITY_CODE.match(peer):
            hint = (
                _municipality_hint(peer, known)
                if known is not None
                else f"write the code (KU + 3 digits) from {REFERENCE_CSV}"
            )
            out.append(Finding(path, f"'{peer}' is not a municipality code like KU111", hint))
        elif known is not None and peer not in known:
            hint = _municipality_hint(peer, known)
            out.append(Finding(path, f"unknown municipality code {peer}", hint))
        elif peer == strategy.municipality:
            hint = f"remove {peer} from peers: peers are the other towns to compare with"
            out.append(Finding(path, "the town itself cannot be its own peer", hint))
        elif peer in seen:
            hint = "remove this one: the first is at line {line}"
            out.append(Finding(path, f"{peer} is listed twice", hint, ("peers", seen[peer])))
        seen.setdefault(peer, i)
    return out


def check_reviews(strategy: Strategy) -> list[Finding]:
    """Adoption ≤ mid-term review ≤ end review."""
    r = strategy.reviews
    out: list[Finding] = []
    if r.end < r.adoption:
        out.append(
            Finding(
                ("reviews", "end"),
                f"end review {r.end} is before the adoption {r.adoption}",
                "the order is adoption ≤ mid_term ≤ end: check the years of both dates",
            )
        )
    if r.mid_term and not r.adoption <= r.mid_term <= r.end:
        out.append(
            Finding(
                ("reviews", "mid_term"),
                f"mid-term review {r.mid_term} is not between {r.adoption} and {r.end}",
                "the order is adoption ≤ mid_term ≤ end: fix the date or remove mid_term",
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
    path: DataPath, use: IndicatorUse, strategy: Strategy, catalog_ids: set[str] | None
) -> list[Finding]:
    out: list[Finding] = []
    target = use.target
    if use.indicator is not None and catalog_ids is not None and use.indicator not in catalog_ids:
        out.append(
            Finding(
                (*path, "indicator"),
                f"unknown catalog indicator '{use.indicator}'",
                unknown_catalog_id_hint(use.indicator, catalog_ids),
            )
        )
    if use.indicator is not None and use.qualitative_reason:
        out.append(
            Finding(
                (*path, "qualitative_reason"),
                "only a mittari without a catalog indicator is qualitative",
                "remove qualitative_reason, or remove indicator: if no series measures it",
            )
        )
    if use.indicator is None and target.kind in NUMERIC_TARGET_KINDS:
        msg = f"target kind '{target.kind}' needs a catalog indicator (a manual one if no open series exists)"
        hint = (
            "add indicator: <catalog id> (a kind: manual one in indicators.yaml if needed), "
            "or use target kind: followed or milestone"
        )
        out.append(Finding((*path, "target", "kind"), msg, hint))
    out += _check_target_year(path, target, strategy)
    if target.kind == "vs_peers" and not strategy.peers:
        out.append(
            Finding(
                (*path, "target", "kind"),
                "a 'vs_peers' target needs the strategy's peers",
                "add peers: [KU…, KU…] (the comparison towns) to the strategy, "
                "or use another target kind",
            )
        )
    if use.baseline and not PERIOD_TEXT.match(use.baseline.period):
        msg = f"period '{use.baseline.period}' is not like 2024, 2024Q3 or 2024M05"
        hint = 'write the year, quarter or month in quotes, e.g. period: "2021"'
        out.append(Finding((*path, "baseline", "period"), msg, hint))
    return out


def _check_target_year(path: DataPath, target: object, strategy: Strategy) -> list[Finding]:
    """A target's year (or a milestone's date) lies inside the strategy period."""
    start, end = strategy.period.start, strategy.period.end
    by = getattr(target, "by", None)
    if by is None:
        return []
    year = target.by_year if isinstance(target, MilestoneTarget) else by
    what = f"year {by}" if isinstance(by, int) else f"date {by}"
    if year < start:
        relation = "before"
    elif year > end:
        relation = "after"
    else:
        return []
    hint = f"use a year from {start} to {end}, or change period:"
    return [
        Finding(
            (*path, "target", "by"),
            f"{what} is {relation} the strategy period {start}–{end}",
            hint,
        )
    ]


# Which values a target wants, by kind (and its direction / relation).
_WANTS = {"at_least": "higher", "at_most": "lower", "increase": "higher", "decrease": "lower"}


def target_wants(target: object) -> str | None:
    """ "higher" / "lower": the values the target asks for; None for milestones and followed."""
    kind = getattr(target, "kind", "")
    key = getattr(target, "direction", None) or getattr(target, "relation", None) or kind
    return _WANTS.get(key)


def check_better(strategy: Strategy, better: Mapping[str, str] | None) -> list[Finding]:
    """Each target's direction agrees with its indicator's `better` in the catalog: a target
    "at most 6 %" on an indicator where higher is better is one of the two written wrong."""
    if better is None:
        return []
    out: list[Finding] = []
    for path, use in iter_uses(strategy):
        wants = target_wants(use.target)
        has = better.get(use.indicator or "")
        if wants is None or has is None or wants == has:
            continue
        where = (*path, "target", "kind")
        opposite = {"at_least": "at_most", "at_most": "at_least"}
        fix = (
            f"direction: {'decrease' if wants == 'higher' else 'increase'}"
            if use.target.kind == "direction"
            else f"{'relation' if use.target.kind == 'vs_peers' else 'kind'}: "
            f"{opposite.get(getattr(use.target, 'relation', use.target.kind), '?')}"
        )
        msg = (
            f"the target asks for {wants} values, but indicators.yaml says better: {has} "
            f"for '{use.indicator}'"
        )
        hint = f"if {has} values are better, write {fix}; otherwise fix better: in indicators.yaml"
        out.append(Finding(where, msg, hint))
    return out


def check_action_measures(strategy: Strategy) -> list[Finding]:
    """An action's `measures` name mittari ids of the same strategy."""
    use_ids = [use.id for _, use in iter_uses(strategy)]
    otherwise = "use the id of one of this strategy's mittarit (goals → indicators → id)"
    return [
        Finding(
            (*path, "measures", m),
            f"unknown mittari id '{ref}'",
            did_you_mean(ref, use_ids, otherwise),
        )
        for path, act in iter_actions(strategy)
        for m, ref in enumerate(act.measures)
        if ref not in use_ids
    ]


def check_sdg(strategy: Strategy) -> list[Finding]:
    """SDG numbers of goals, sub-goals and actions are 1–17 (the schema checks only those of a
    mittari)."""
    lists: list[tuple[DataPath, list[int]]] = []
    for g, goal in enumerate(strategy.goals):
        lists.append((("goals", g, "sdg"), goal.sdg))
        lists += [
            (("goals", g, "subgoals", s, "sdg"), sub.sdg) for s, sub in enumerate(goal.subgoals)
        ]
    lists += [((*path, "sdg"), act.sdg) for path, act in iter_actions(strategy)]
    return [
        Finding(
            path,
            f"SDG goals are numbered 1–17, got {bad}",
            "use the numbers 1–17 of the UN Sustainable Development Goals",
        )
        for path, values in lists
        if (bad := [v for v in values if not 1 <= v <= 17])
    ]


# --------------------------------------------------------------------------- helpers


def iter_uses(strategy: Strategy) -> Iterable[tuple[DataPath, IndicatorUse]]:
    """Every mittari with its data path, in document order."""
    for g, goal in enumerate(strategy.goals):
        yield from ((("goals", g, "indicators", i), use) for i, use in enumerate(goal.indicators))
        for s, sub in enumerate(goal.subgoals):
            base = ("goals", g, "subgoals", s, "indicators")
            yield from (((*base, i), use) for i, use in enumerate(sub.indicators))


def iter_actions(strategy: Strategy) -> Iterable[tuple[DataPath, Action]]:
    for g, goal in enumerate(strategy.goals):
        yield from ((("goals", g, "actions", i), act) for i, act in enumerate(goal.actions))
        for s, sub in enumerate(goal.subgoals):
            base = ("goals", g, "subgoals", s, "actions")
            yield from (((*base, i), act) for i, act in enumerate(sub.actions))


def _duplicates(items: Iterable[tuple[DataPath, str]], what: str) -> list[Finding]:
    first: dict[str, DataPath] = {}
    out: list[Finding] = []
    for path, value in items:
        if value in first:
            out.append(
                Finding(
                    path,
                    f"duplicate {what} '{value}' (first at {format_path(first[value])})",
                    "ids must be unique: the first one is at line {line}; give this one another id",
                    first[value],
                )
            )
        first.setdefault(value, path)
    return out


def format_path(path: DataPath) -> str:
    """('goals', 2, 'indicators', 0) → 'goals[2].indicators[0]'."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
