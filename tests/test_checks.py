"""Cross-reference checks on validated models (no YAML involved)."""

from __future__ import annotations

import copy

from mittaristo.config.checks import check_catalog, check_strategy, format_path
from mittaristo.config.model import Catalog, Strategy

CATALOG_IDS = {"tyottomyysaste", "suosittelu"}


def indicator(ind_id: str, source: dict) -> dict:
    return {
        "id": ind_id,
        "name": {"fi": ind_id},
        "unit": {"fi": "%"},
        "better": "lower",
        "decimals": 1,
        "frequency": "yearly",
        "lag_months": 12,
        "source": source,
        "license": "CC BY 4.0",
    }


SOTKANET = {"kind": "sotkanet", "indicator": 181, "confirmed": True}

BASE = {
    "town": "heinola",
    "municipality": "KU111",
    "name": {"fi": "Heinola"},
    "documents": [{"title": "Kaupunkistrategia"}],
    "period": {"start": 2022, "end": 2025},
    "reviews": {"adoption": "2022-01-31", "end": "2025-12-31"},
    "peers": ["KU915", "KU182"],
    "goals": [
        {
            "id": "elinvoima",
            "name": {"fi": "Elinvoima"},
            "indicators": [
                {
                    "id": "tyottomyys",
                    "text": "Työttömyysaste laskee",
                    "indicator": "tyottomyysaste",
                    "target": {"kind": "direction", "direction": "decrease"},
                }
            ],
            "subgoals": [{"id": "yritykset", "name": {"fi": "Yritykset"}}],
            "actions": [{"id": "a1", "text": "Tee", "status": "done", "measures": ["tyottomyys"]}],
        }
    ],
}


def strategy_with(**changes) -> Strategy:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return Strategy.model_validate(data)


def goal_with(**changes) -> Strategy:
    goal = {**copy.deepcopy(BASE["goals"][0]), **changes}
    return strategy_with(goals=[goal])


def use(use_id: str, target: dict, indicator: str | None = "tyottomyysaste", **extra) -> dict:
    out = {"id": use_id, "text": use_id, "indicator": indicator, "target": target, **extra}
    if indicator is None:
        out.setdefault("qualitative_reason", "ei tilastoa")
    return out


def findings(
    strategy: Strategy, stem: str = "heinola", ids=CATALOG_IDS, municipalities=None
) -> list[str]:
    return [
        f"{format_path(path)}: {msg}"
        for path, msg, *_ in check_strategy(strategy, stem, ids, municipalities)
    ]


def test_valid_strategy_has_no_findings():
    assert findings(strategy_with(), municipalities={"KU111", "KU915", "KU182"}) == []


def test_town_must_match_the_file_name():
    assert findings(strategy_with(), stem="kemi") == [
        "town: 'heinola' differs from the file name (kemi.yaml)"
    ]


def test_peer_problems_are_each_named():
    strategy = strategy_with(
        municipality="KU111", peers=["KU915", "915", "KU111", "KU915", "KU999"]
    )
    assert findings(strategy, municipalities={"KU111", "KU915"}) == [
        "peers[1]: '915' is not a municipality code like KU111",
        "peers[2]: the town itself cannot be its own peer",
        "peers[3]: KU915 is listed twice",
        "peers[4]: unknown municipality code KU999",
    ]


def test_unknown_town_code_is_rejected_only_when_a_list_is_given():
    strategy = strategy_with(municipality="KU998", peers=[])
    assert findings(strategy, municipalities={"KU111"}) == [
        "municipality: unknown municipality code KU998"
    ]
    assert findings(strategy, municipalities=None) == []


def test_review_dates_must_be_in_order():
    reviews = {"adoption": "2022-01-31", "mid_term": "2026-01-01", "end": "2021-12-31"}
    assert findings(strategy_with(reviews=reviews)) == [
        "reviews.end: end review 2021-12-31 is before the adoption 2022-01-31",
        "reviews.mid_term: mid-term review 2026-01-01 is not between 2022-01-31 and 2021-12-31",
    ]


def test_mittari_ids_are_unique_across_goals_and_subgoals():
    target = {"kind": "followed"}
    strategy = goal_with(
        subgoals=[{"id": "s", "name": {"fi": "S"}, "indicators": [use("tyottomyys", target)]}]
    )
    assert findings(strategy) == [
        "goals[0].subgoals[0].indicators[0].id: duplicate mittari id 'tyottomyys' (first at goals[0].indicators[0].id)"
    ]


def test_unknown_catalog_indicator_is_reported_unless_the_catalog_is_unknown():
    strategy = goal_with(
        indicators=[use("x", {"kind": "followed"}, indicator="tyottomyys_aste")], actions=[]
    )
    assert findings(strategy) == [
        "goals[0].indicators[0].indicator: unknown catalog indicator 'tyottomyys_aste'"
    ]
    assert findings(strategy, ids=None) == []


def test_numeric_target_needs_a_catalog_indicator():
    uses = [
        use("kysely", {"kind": "at_least", "value": 80, "by": 2025}, indicator=None),
        use("seuranta", {"kind": "followed"}, indicator=None),
        use(
            "suunnitelma",
            {"kind": "milestone", "description": "valmis", "by": 2023},
            indicator=None,
        ),
    ]
    assert findings(goal_with(indicators=uses, actions=[])) == [
        "goals[0].indicators[0].target.kind: target kind 'at_least' needs a catalog indicator "
        "(a manual one if no open series exists)"
    ]


def test_qualitative_reason_conflicts_with_a_catalog_indicator():
    uses = [use("x", {"kind": "followed"}, qualitative_reason="ei dataa")]
    assert findings(goal_with(indicators=uses, actions=[])) == [
        "goals[0].indicators[0].qualitative_reason: only a mittari without a catalog indicator is qualitative"
    ]


def test_target_years_outside_the_period_are_rejected_for_every_kind():
    uses = [
        use("a", {"kind": "at_most", "value": 8, "by": 2021}),
        use("b", {"kind": "milestone", "description": "valmis", "by": "2021-06-30"}),
        use("c", {"kind": "direction", "direction": "decrease", "by": 2022}),
        use("d", {"kind": "vs_peers", "relation": "at_most", "by": 2026}),
        use("e", {"kind": "milestone", "description": "valmis", "by": "2025-12-31"}),
        use("f", {"kind": "milestone", "description": "valmis", "by": "2026-01-01"}),
    ]
    assert findings(goal_with(indicators=uses, actions=[])) == [
        "goals[0].indicators[0].target.by: year 2021 is before the strategy period 2022–2025",
        "goals[0].indicators[1].target.by: date 2021-06-30 is before the strategy period 2022–2025",
        "goals[0].indicators[3].target.by: year 2026 is after the strategy period 2022–2025",
        "goals[0].indicators[5].target.by: date 2026-01-01 is after the strategy period 2022–2025",
    ]


def test_findings_carry_hints_and_the_first_duplicate():
    [dup] = check_strategy(
        goal_with(actions=[{"id": "x", "text": "a", "status": "done"}] * 2), "heinola", CATALOG_IDS
    )
    assert dup.path == ("goals", 0, "actions", 1, "id")
    assert dup.ref == ("goals", 0, "actions", 0, "id")
    assert "{line}" in dup.hint


def test_peer_target_needs_peers():
    uses = [use("x", {"kind": "vs_peers", "relation": "at_most"})]
    strategy = strategy_with(
        peers=[], goals=[{**BASE["goals"][0], "indicators": uses, "actions": []}]
    )
    assert findings(strategy) == [
        "goals[0].indicators[0].target.kind: a 'vs_peers' target needs the strategy's peers"
    ]


def test_baseline_period_must_look_like_an_observation_period():
    uses = [
        use("a", {"kind": "followed"}, baseline={"period": "2021"}),
        use("b", {"kind": "followed"}, baseline={"period": "2024Q3"}),
        use("c", {"kind": "followed"}, baseline={"period": "2024M13"}),
        use("d", {"kind": "followed"}, baseline={"period": "v. 2021"}),
    ]
    assert findings(goal_with(indicators=uses, actions=[])) == [
        "goals[0].indicators[2].baseline.period: period '2024M13' is not like 2024, 2024Q3 or 2024M05",
        "goals[0].indicators[3].baseline.period: period 'v. 2021' is not like 2024, 2024Q3 or 2024M05",
    ]


def test_action_measures_must_name_mittari_ids():
    action = {
        "id": "a1",
        "text": "Tee",
        "status": "not_started",
        "measures": ["tyottomyys", "tyottomyysaste"],
    }
    sub = {"id": "s", "name": {"fi": "S"}, "actions": [action]}
    assert findings(goal_with(actions=[], subgoals=[sub])) == [
        "goals[0].subgoals[0].actions[0].measures[1]: unknown mittari id 'tyottomyysaste'"
    ]


def test_catalog_duplicate_ids_and_bad_derived_inputs_are_found():
    catalog = Catalog.model_validate(
        {
            "version": 1,
            "indicators": [
                indicator("a", SOTKANET),
                indicator("a", SOTKANET),
                indicator("self", {"kind": "derived", "op": "yoy_change_pct", "of": "self"}),
                indicator(
                    "gone", {"kind": "derived", "op": "ratio_pct", "of": "a", "denominator": "nope"}
                ),
                indicator("p", {"kind": "derived", "op": "yoy_change_pct", "of": "q"}),
                indicator("q", {"kind": "derived", "op": "yoy_change_pct", "of": "p"}),
            ],
        }
    )
    assert [f"{format_path(p)}: {m}" for p, m, *_ in check_catalog(catalog)] == [
        "indicators[1].id: duplicate indicator id 'a' (first at indicators[0].id)",
        "indicators[2].source.of: 'self' refers to itself",
        "indicators[3].source.denominator: unknown catalog indicator 'nope'",
        "indicators[4].source: derived inputs of 'p' lead back to it",
        "indicators[5].source: derived inputs of 'q' lead back to it",
    ]
