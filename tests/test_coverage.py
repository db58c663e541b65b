"""Per-town mapping coverage: automatic / manual / qualitative."""

from __future__ import annotations

from pathlib import Path

from mittaristo.config.coverage import (
    assess_coverage,
    classify_indicator,
    coverage_as_dict,
    format_coverage,
    list_unused_indicators,
)
from mittaristo.config.load import Config
from mittaristo.config.model import Catalog, Strategy


def indicator(ind_id: str, source: dict) -> dict:
    return {
        "id": ind_id,
        "name": {"fi": ind_id},
        "unit": {"fi": "€/as"},
        "better": "higher",
        "decimals": 0,
        "frequency": "yearly",
        "lag_months": 12,
        "source": source,
        "license": "CC BY 4.0",
    }


CATALOG = Catalog.model_validate(
    {
        "version": 1,
        "indicators": [
            indicator("tyottomat", {"kind": "sotkanet", "indicator": 181, "confirmed": True}),
            indicator(
                "toimintakate",
                {
                    "kind": "pxweb",
                    "database": "StatFin",
                    "table": "12ml.px",
                    "measure": "toimintakate_asuk",
                    "confirmed": False,
                },
            ),
            indicator(
                "nettomenojen_kasvu",
                {"kind": "derived", "op": "yoy_change_pct", "of": "toimintakate"},
            ),
            indicator("tyytyvaisyys", {"kind": "manual", "entered_by": "HR", "reason": "kysely"}),
            indicator(
                "tyytyvaisyys_muutos",
                {"kind": "derived", "op": "yoy_change_pct", "of": "tyytyvaisyys"},
            ),
            indicator(
                "co2",
                {"kind": "syke", "measure": "total", "per_resident": False, "confirmed": False},
            ),
        ],
    }
)


def mittari(use_id: str, indicator_id: str | None) -> dict:
    out = {
        "id": use_id,
        "text": f"{use_id} (teksti)",
        "indicator": indicator_id,
        "target": {"kind": "followed"},
    }
    if indicator_id is None:
        out["qualitative_reason"] = "ei tilastoa"
    return out


def strategy(town: str, code: str, goal: dict) -> Strategy:
    return Strategy.model_validate(
        {
            "town": town,
            "municipality": code,
            "name": {"fi": town},
            "documents": [{"title": "Strategia"}],
            "period": {"start": 2022, "end": 2025},
            "reviews": {"adoption": "2022-01-01", "end": "2025-12-31"},
            "goals": [{"id": "g", "name": {"fi": "G"}, **goal}],
        }
    )


HEINOLA = strategy(
    "heinola",
    "KU111",
    {
        "indicators": [mittari("tyottomyys", "tyottomat"), mittari("kysely", "tyytyvaisyys")],
        "subgoals": [
            {
                "id": "talous",
                "name": {"fi": "Talous"},
                "indicators": [mittari("menot", "nettomenojen_kasvu"), mittari("brandi", None)],
            }
        ],
        "actions": [{"id": "a", "text": "Tee", "status": "done"}],
    },
)
LIEKSA = strategy(
    "lieksa", "KU422", {"actions": [{"id": "a", "text": "Tee", "status": "in_progress"}]}
)
CONFIG = Config(
    config_dir=Path("."), catalog=CATALOG, strategies={"lieksa": LIEKSA, "heinola": HEINOLA}
)


def test_each_mittari_is_classified_by_its_source():
    heinola = assess_coverage(CONFIG)[0]
    assert [
        (u.use_id, u.mapping, u.source_kind, u.confirmed, u.subgoal_id) for u in heinola.uses
    ] == [
        ("tyottomyys", "automatic", "sotkanet", True, None),
        ("kysely", "manual", "manual", None, None),
        ("menot", "automatic", "derived", False, "talous"),
        ("brandi", "qualitative", None, None, "talous"),
    ]


def test_derived_indicator_inherits_its_inputs_mapping():
    catalog = CATALOG.by_id()
    assert classify_indicator("nettomenojen_kasvu", catalog) == ("automatic", False)
    assert classify_indicator("tyytyvaisyys_muutos", catalog) == ("manual", None)
    assert classify_indicator("tyottomat", catalog) == ("automatic", True)


def test_counts_and_shares_per_town_in_town_order():
    heinola, lieksa = assess_coverage(CONFIG)
    assert (heinola.town, heinola.total, heinola.actions) == ("heinola", 4, 1)
    assert [heinola.count(k) for k in ("automatic", "manual", "qualitative")] == [2, 1, 1]
    assert heinola.share("automatic") == 0.5
    assert [u.use_id for u in heinola.unconfirmed] == ["menot"]
    assert (lieksa.town, lieksa.total, lieksa.share("automatic"), lieksa.actions) == (
        "lieksa",
        0,
        0.0,
        1,
    )


def test_unused_indicators_exclude_inputs_of_used_derived_ones():
    assert list_unused_indicators(CONFIG) == ["tyytyvaisyys_muutos", "co2"]


def test_text_report_has_a_row_per_town_and_lists_unconfirmed_sources():
    text = format_coverage(assess_coverage(CONFIG), list_unused_indicators(CONFIG))
    rows = {
        line.split()[0]: line.split()
        for line in text.splitlines()
        if line.startswith(("heinola", "lieksa"))
    }
    assert rows["heinola"] == [
        "heinola",
        "KU111",
        "4",
        "2",
        "(50",
        "%)",
        "1",
        "(25",
        "%)",
        "1",
        "(25",
        "%)",
        "1",
    ]
    assert rows["lieksa"][:4] == ["lieksa", "KU422", "0", "0"]
    assert "  heinola: menot → nettomenojen_kasvu (derived)" in text.splitlines()
    assert (
        text.splitlines()[-1] == "Catalog indicators no strategy uses (2): tyytyvaisyys_muutos, co2"
    )


def test_json_form_carries_counts_and_every_mittari():
    data = coverage_as_dict(assess_coverage(CONFIG), [])
    heinola = data["towns"][0]
    assert heinola["counts"] == {"automatic": 2, "manual": 1, "qualitative": 1}
    assert heinola["unconfirmed"] == 1
    assert heinola["uses"][3] == {
        "goal_id": "g",
        "subgoal_id": "talous",
        "use_id": "brandi",
        "text": "brandi (teksti)",
        "mapping": "qualitative",
        "indicator_id": None,
        "source_kind": None,
        "confirmed": None,
        "series": None,  # only automatic mittarit have a source series
    }


def _with_series(states: dict[str, dict]) -> Config:
    data = CATALOG.model_dump(exclude_none=True)
    for ind in data["indicators"]:
        if ind["id"] in states:
            ind["series"] = states[ind["id"]]
    return Config(
        catalog=Catalog.model_validate(data),
        strategies=CONFIG.strategies,
        config_dir=CONFIG.config_dir,
    )


def test_series_state_of_every_automatic_mittari_is_counted_per_town():
    ended = {"state": "discontinued", "last_period": "2019", "evidence": "notice"}
    cases = [
        # (catalog series states, heinola's counts)
        ({}, {"automatic": 2, "confirmed": 1, "current": 0, "discontinued": 0, "unconfirmed": 2}),
        (
            {"tyottomat": {"state": "current"}, "toimintakate": {"state": "current"}},
            {"automatic": 2, "confirmed": 1, "current": 2, "discontinued": 0, "unconfirmed": 0},
        ),
        # a derived indicator carries the state of its input
        (
            {"tyottomat": {"state": "current"}, "toimintakate": ended},
            {"automatic": 2, "confirmed": 1, "current": 1, "discontinued": 1, "unconfirmed": 0},
        ),
    ]
    for states, expected in cases:
        (heinola, _lieksa) = assess_coverage(_with_series(states))
        assert heinola.series_counts() == expected, states
    config = _with_series(cases[2][0])
    text = format_coverage(assess_coverage(config), list_unused_indicators(config))
    row = next(line for line in text.splitlines() if line.startswith("  heinola "))
    assert row.split() == ["heinola", "2", "1", "1", "1", "0"]
    assert "  heinola: menot → nettomenojen_kasvu" in text.splitlines()
    assert coverage_as_dict(assess_coverage(config), [])["towns"][0]["series"] == cases[2][1]
