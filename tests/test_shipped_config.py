"""The shipped configuration: the four seed towns, faithful to their documents, fully mapped."""

from pathlib import Path

import pytest

from mittaristo.config.coverage import assess_coverage
from mittaristo.config.load import load_config
from mittaristo.reference import municipalities

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT)


def test_all_four_seed_towns_are_configured(config):
    assert {s.town: s.municipality for s in config.strategies.values()} == {
        "heinola": "KU111", "kemi": "KU240", "lieksa": "KU422", "pieksamaki": "KU593",
    }  # fmt: skip


def test_every_indicator_a_strategy_uses_is_in_the_catalog(config):
    catalog = config.catalog.by_id()
    for strategy in config.strategies.values():
        for _, _, use in strategy.indicator_uses():
            assert use.indicator is None or use.indicator in catalog, (strategy.town, use.id)


def test_every_peer_is_a_real_municipality_and_not_the_town(config):
    known = municipalities()
    for strategy in config.strategies.values():
        assert len(strategy.peers) == 6
        assert all(code in known for code in strategy.peers), strategy.town
        assert strategy.municipality not in strategy.peers


def test_every_automatic_catalog_entry_has_a_loader(config):
    from loaders import kuntatalous, pxweb, sotkanet, syke  # noqa: F401 - the loaders of these kinds

    kinds = {ind.source.kind for ind in config.catalog.indicators}
    assert kinds <= {"pxweb", "sotkanet", "syke", "kuntatalous", "manual", "derived"}
    assert not any(
        getattr(ind.source, "table", "").startswith("kta/") for ind in config.catalog.indicators
    )  # Statistics Finland's municipal finance (kta) ended in 2021: the State Treasury kind
    for ind in config.catalog.indicators:
        if ind.source.kind == "derived":
            assert ind.source.of in config.catalog.by_id()


# (town, mittarit, automatic, manual, qualitative, actions) — `python -m loaders validate --coverage`
COVERAGE = [
    ("heinola", 32, 8, 22, 2, 34),
    ("kemi", 143, 16, 86, 41, 130),
    ("lieksa", 0, 0, 0, 0, 51),
    ("pieksamaki", 28, 2, 15, 11, 23),
]


@pytest.mark.parametrize(
    ("town", "total", "automatic", "manual", "qualitative", "actions"), COVERAGE
)
def test_coverage_of_the_shipped_strategies(
    config, town, total, automatic, manual, qualitative, actions
):
    cov = {c.town: c for c in assess_coverage(config)}[town]
    kinds = [u.mapping for u in cov.uses]
    assert (cov.total, cov.actions) == (total, actions)
    assert (kinds.count("automatic"), kinds.count("manual"), kinds.count("qualitative")) == (
        automatic, manual, qualitative,
    )  # fmt: skip


def test_heinola_goals_and_mittarit_follow_the_document(config):
    """001_223e562fb3f02772.txt: 4 goals × 3 sub-goals, each with the mittarit in parentheses."""
    heinola = config.strategies["heinola"]
    goals = [g.name.fi for g in heinola.goals][:4]
    assert goals == [
        "Hyvinvoinnin kasvu",
        "Uudistuva työ ja asuminen",
        "Vahva kaupunkiyhteisö",
        "Kestävä talous",
    ]
    assert all(len(g.subgoals) == 3 for g in heinola.goals[:4])
    texts = {u.text for _, _, u in heinola.indicator_uses()}
    for mittari in ("työikäisten nettomuutto", "työpaikkojen määrä", "CO2-päästöt",
                    "konsernin velat ja vastuut per asukas", "vuosikate/investoinnit", "toimintakate"):  # fmt: skip
        assert mittari in texts
    targets = {u.id: u.target for _, _, u in heinola.indicator_uses()}
    assert (
        targets["suosittelu-tyopaikkana"].kind == "at_least"
        and targets["suosittelu-tyopaikkana"].value == 80
    )
    assert targets["nettomenojen-kasvu-vs-verrokit"].kind == "vs_peers"
    assert targets["nettomenojen-kasvu-vs-verrokit"].relation == "at_most"


def test_kemi_lieksa_pieksamaki_spot_checks(config):
    kemi = config.strategies["kemi"]
    assert [g.name.fi for g in kemi.goals] == [
        "Elinvoimainen kaupunki",
        "Hyvinvoivat asukkaat",
        "Sujuva arki",
    ]
    kemi_ids = {u.indicator for _, _, u in kemi.indicator_uses()}
    assert {
        "tyottomyysaste",
        "nuorisotyottomyys",
        "tyopaikat",
        "kertynyt_ylijaama_per_asukas",
    } <= kemi_ids
    lieksa = config.strategies["lieksa"]
    assert "Ilmastosuunnitelman toimeenpano" in {a.text for _, _, a in lieksa.actions()}
    pieksamaki = config.strategies["pieksamaki"]
    uses = {u.text: u for _, _, u in pieksamaki.indicator_uses()}
    assert uses["Perustettujen yritysten määrä"].indicator == "aloittaneet_yritykset"
    assert any(a.owner == "Yrityspalvelut" for _, _, a in pieksamaki.actions())


def test_every_automatic_source_series_states_whether_it_is_still_published(config):
    """Issue 11: current / discontinued (with the notice, and its last period once ended) /
    unconfirmed, for every catalog entry a loader fetches (a derived one follows its inputs)."""
    missing = [
        ind.id
        for ind in config.catalog.indicators
        if ind.is_automatic and ind.source.kind != "derived" and ind.series is None
    ]
    assert missing == []
    by_id = config.catalog.by_id()
    ended = {
        ind.id: (ind.series.last_period, ind.frequency)
        for ind in config.catalog.indicators
        if ind.series and ind.series.state == "discontinued"
    }
    assert ended["sairastavuusindeksi"] == ("2019", "yearly")  # THL: the 2017–2019 edition
    assert ended["aloittaneet_yritykset"] == (None, "yearly")  # announced; quarters summed to years
    assert by_id["sairastavuusindeksi"].series.end_year == 2019


@pytest.mark.parametrize(
    ("what", "forbidden"),
    [
        ("a yearly Kuntien avainluvut edition", "kuntien_avainluvut_20"),
        ("an edition folder", "table: 20"),
        ("overnight stays in the capacity table", "matk/117s"),
    ],
)
def test_no_catalog_entry_points_at_a_fragile_or_wrong_table(what, forbidden):
    text = (ROOT / "indicators.yaml").read_text(encoding="utf-8")
    tables = [line for line in text.splitlines() if line.strip().startswith("table:")]
    assert not [t for t in tables if forbidden in t], what
    assert sum("Kuntien_avainluvut" in line for line in text.splitlines()) >= 7
