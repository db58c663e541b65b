"""The State Treasury's municipal-economy data (loaders/kuntatalous.py): the documented shapes,
the refresh through the emulator, faults, per-resident arithmetic, and a wrong code failing.

No recorded State Treasury answer exists (fixtures/2026/PROVENANCE.md, Want 2): the shapes here
are those of the API's documentation and of public working clients ([Q]).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from refresh_fixtures import STRATEGY

from loaders import kuntatalous
from loaders.base import ImportRejected, ParseError
from loaders.demo import emulator_settings
from loaders.emulator import start_emulator
from loaders.emulator.kuntatalous import KuntatalousService
from loaders.emulator.reference import Geography
from loaders.emulator.synthetic import Synth
from loaders.importing import parse_file, store_result
from loaders.refresh import refresh
from mittaristo import reference, store
from mittaristo.config.load import load_config
from mittaristo.config.model import CatalogIndicator, KuntatalousSource
from mittaristo.settings import Settings

ESPOO, KAUNIAINEN = "KU049", "KU235"
ESPOO_ID, KAUNIAINEN_ID = "0101263-6", "0203026-2"

COMMON = """    unit: {fi: €/asukas}
    better: higher
    decimals: 0
    frequency: yearly
    lag_months: 12
    license: CC BY 4.0
"""
CATALOG = f"""version: 1
indicators:
  - id: vakiluku
    name: {{fi: Väkiluku}}
{COMMON}    source: {{kind: pxweb, database: Kuntien_avainluvut,
             table: uusin/142h.px, measure: M411, confirmed: true}}
  - id: vuosikate_per_asukas
    name: {{fi: Vuosikate}}
{COMMON}    source:
      kind: kuntatalous
      package: KKNR
      entity: municipality
      terms: [{{code: "1400"}}]
      per_resident: true
      population: vakiluku
      definition: vuosikate / asukasluku 31.12.
      confirmed: false
  - id: toimintakate_per_asukas
    name: {{fi: Toimintakate}}
{COMMON}    source:
      kind: kuntatalous
      package: KKNR
      entity: municipality
      terms: [{{code: "3319283"}}, {{code: "3418067", sign: -1}}]
      per_resident: true
      population: vakiluku
      definition: (toimintatuotot − toimintakulut) / asukasluku
      confirmed: false
  - id: investointien_tulorahoitus
    name: {{fi: Investointien tulorahoitus}}
{COMMON}    source:
      kind: kuntatalous
      package: KKNR
      entity: municipality
      terms: [{{code: "1400"}}]
      denominator: [{{code: "1374"}}]
      per_resident: false
      definition: vuosikate / investoinnit × 100
      confirmed: false
"""


def indicator(source: dict, ident: str = "x") -> CatalogIndicator:
    return CatalogIndicator.model_validate({
        "id": ident, "name": {"fi": ident}, "unit": {"fi": "€"}, "better": "higher",
        "decimals": 0, "frequency": "yearly", "lag_months": 12, "license": "CC BY 4.0",
        "source": {"kind": "kuntatalous", "package": "KKNR", "entity": "municipality",
                   "per_resident": False, "definition": "d", "confirmed": False, **source},
    })  # fmt: skip


def catalogue_item(business_id: str, year: int, stage: str, approved: str) -> dict:
    return {
        "ytunnus": business_id, "raportointikausi": f"{year}C12", "raportointikokonaisuus": "KKNR",
        "hyvaksymisvaihe": stage, "hyvaksymispvm": approved, "julkaisupvm": approved[:10],
    }  # fmt: skip


def facts(values: dict[str, str], business_id: str = KAUNIAINEN_ID) -> str:
    return json.dumps([
        {"ytunnus": business_id, "raportointikausi": "2025C12", "raportointikokonaisuus": "KKNR",
         "osakokonaisuus": "k-t07", "taksonomia": "jhs-2018-01/2024-03-26", "tunnusluku": code,
         "arvo": value, "tarkastushavainnot": [], "kieli": "fi"}
        for code, value in values.items()
    ])  # fmt: skip


# --------------------------------------------------------------------------- shapes


def test_reference_has_only_sourced_business_ids():
    ids = reference.business_ids()
    assert {c: b.business_id for c, b in ids.items()} == {
        ESPOO: ESPOO_ID,
        KAUNIAINEN: KAUNIAINEN_ID,
    }
    assert not any(b.confirmed for b in ids.values())  # public code only, no recorded answer
    assert all(b.evidence.startswith("[Q]") for b in ids.values())
    assert set(ids) <= set(reference.municipalities())


def test_catalogue_keeps_final_year_end_documents_and_the_correction_wins():
    body = json.dumps({"aineistot": [
        catalogue_item(KAUNIAINEN_ID, 2025, "Lopullinen", "2026-01-01 10:00:00"),
        catalogue_item(KAUNIAINEN_ID, 2025, "Jälkikorjattu", "2026-02-01 10:00:00"),
        {**catalogue_item(KAUNIAINEN_ID, 2025, "Jälkikorjattu", "2026-03-01 10:00:00"),
         "raportointikausi": "2025C09"},
        catalogue_item(KAUNIAINEN_ID, 2025, "Alustava", "2026-03-01 10:00:00"),
        {**catalogue_item(KAUNIAINEN_ID, 2025, "Lopullinen", "2026-03-01 10:00:00"),
         "raportointikokonaisuus": "KKTPA"},
    ]})  # fmt: skip
    docs = kuntatalous.parse_catalogue(body)
    assert [(d.period, d.stage) for d in docs] == [
        ("2025C12", "lopullinen"), ("2025C12", "jalkikorjattu"), ("2025C12", "lopullinen"),
    ]  # fmt: skip
    chosen = kuntatalous.choose_documents(docs, "KKNR", {KAUNIAINEN_ID})
    assert list(chosen) == [(KAUNIAINEN_ID, 2025)]
    doc = chosen[(KAUNIAINEN_ID, 2025)]
    assert doc.stage == "jalkikorjattu"
    url = kuntatalous.document_url(Settings(), doc)
    assert url == (
        "https://prodkuntarest.westeurope.cloudapp.azure.com/rest/v1/json/dokumentti/"
        "jalkikorjattu/KKNR/0203026-2/2025C12"
    )


def test_catalogue_without_its_list_or_fields_is_refused_by_name():
    with pytest.raises(ParseError, match="no 'aineistot' list"):
        kuntatalous.parse_catalogue('{"items": []}')
    with pytest.raises(ParseError, match="item 1 lacks the field 'hyvaksymisvaihe'"):
        kuntatalous.parse_catalogue('{"aineistot": [{"raportointikausi": "2025C12"}]}')
    with pytest.raises(ParseError, match="not JSON"):
        kuntatalous.parse_catalogue("<html>")


def test_document_values_are_signed_decimal_text():
    parsed = kuntatalous.parse_document(facts({"1447": "-127292.31", "1400": "10658434.20"}))
    assert parsed.values == {"1447": -127292.31, "1400": 10658434.2}
    with pytest.raises(ParseError, match="value '1,234' of key figure 1400 has a comma"):
        kuntatalous.parse_document(facts({"1400": "1,234"}))
    with pytest.raises(ParseError, match="not finite"):
        kuntatalous.parse_document(facts({"1400": "NaN"}))
    one = json.loads(facts({"1400": "1.00"}))[0]
    twice = [one, {**one, "arvo": "2.00"}]
    with pytest.raises(ParseError, match="key figure 1400 has two values"):
        kuntatalous.parse_document(json.dumps(twice))


def test_figures_by_hand():
    doc = kuntatalous.parse_document(
        facts(
            {
                "1400": "10658434.20",
                "1374": "14322882.56",
                "3319283": "1000.00",
                "3418067": "5000.00",
            }
        )
    )
    margin = indicator({"terms": [{"code": "3319283"}, {"code": "3418067", "sign": -1}]})
    assert kuntatalous.figure_value(margin.source_as(KuntatalousSource), doc) == -4000.0
    financing = indicator({"terms": [{"code": "1400"}], "denominator": [{"code": "1374"}]})
    src = financing.source_as(KuntatalousSource)
    assert kuntatalous.figure_value(src, doc) == pytest.approx(100 * 10658434.20 / 14322882.56)
    assert kuntatalous.measure_name(src) == "1400/1374"
    missing = indicator({"terms": [{"code": "9999"}]})
    assert kuntatalous.figure_value(missing.source_as(KuntatalousSource), doc) is None


def test_per_resident_divides_by_the_same_years_population():
    src = indicator(
        {"terms": [{"code": "1400"}], "per_resident": True, "population": "vakiluku"}
    ).source_as(KuntatalousSource)
    docs = {
        (KAUNIAINEN, 2024): (kuntatalous.parse_document(facts({"1400": "9000000.00"})), "u"),
        (KAUNIAINEN, 2025): (kuntatalous.parse_document(facts({"1400": "10658434.20"})), "u"),
    }
    population = pd.DataFrame(
        {"region": [KAUNIAINEN, KAUNIAINEN], "period": ["2024", "2023"], "value": [10000.0, 9990.0]}
    )
    outcome = kuntatalous.SeriesOutcome("x")
    rows = kuntatalous.rows_for(src, docs, population, outcome)
    assert [(r.region, r.period, r.value) for r in rows] == [(KAUNIAINEN, "2024", 900.0)]
    assert outcome.extra["years_without_population"] == [f"{KAUNIAINEN} 2025"]
    assert rows[0].measure == "1400_per_resident" and rows[0].dataset == "KKNR"


def test_model_refuses_inconsistent_sources():
    with pytest.raises(ValueError, match="per_resident needs population"):
        indicator({"terms": [{"code": "1400"}], "per_resident": True})
    with pytest.raises(ValueError, match="not also per resident"):
        indicator({"terms": [{"code": "1"}], "denominator": [{"code": "2"}],
                   "per_resident": True, "population": "v"})  # fmt: skip
    with pytest.raises(ValueError, match="can only be confirmed: false"):
        indicator({"terms": [], "confirmed": True})
    with pytest.raises(ValueError, match="pattern"):
        indicator({"terms": [{"code": "14OO"}]})


# --------------------------------------------------------------------------- through the emulator


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    directory = tmp_path_factory.mktemp("kt")
    (directory / "indicators.yaml").write_text(CATALOG, encoding="utf-8")
    (directory / "strategies").mkdir()
    (directory / "strategies" / "testila.yaml").write_text(STRATEGY, encoding="utf-8")
    return load_config(directory)


def run(config, db: Path, faults=(), **kw):
    with start_emulator(faults=faults) as emu:
        settings = emulator_settings(Settings(), emu.env()).with_changes(max_retries=0)
        return refresh(config, db, settings, municipalities=[ESPOO, KAUNIAINEN, "KU111"], **kw)


@pytest.fixture(scope="module")
def loaded(config, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "m.duckdb"
    return db, run(config, db)


def test_refresh_loads_the_finance_figures_through_the_new_kind(loaded):
    db, report = loaded
    assert report.status == "ok" and report.failed == [], report.failed
    series = store.current_series(db, "vuosikate_per_asukas")
    assert set(series["region"]) == {ESPOO, KAUNIAINEN}  # KU111 has no sourced Y-tunnus
    assert sorted(set(series["period"])) == ["2021", "2022", "2023", "2024", "2025"]


def test_emulated_values_equal_the_hand_computation(loaded):
    db, _ = loaded
    service = KuntatalousService(Synth(Geography()), (1990, 2025))
    population = store.current_series(db, "vakiluku", [KAUNIAINEN]).set_index("period")["value"]
    margin = store.current_series(db, "vuosikate_per_asukas", [KAUNIAINEN]).set_index("period")
    toiminta = store.current_series(db, "toimintakate_per_asukas", [KAUNIAINEN]).set_index("period")
    financing = store.current_series(db, "investointien_tulorahoitus", [KAUNIAINEN]).set_index(
        "period"
    )
    for year in (2021, 2024):
        people = population[str(year)]
        amount = service.amount(KAUNIAINEN, "1400", year)
        assert margin.loc[str(year), "value"] == pytest.approx(amount / people)
        net = service.amount(KAUNIAINEN, "3319283", year) - service.amount(
            KAUNIAINEN, "3418067", year
        )
        assert toiminta.loc[str(year), "value"] == pytest.approx(net / people)
        assert financing.loc[str(year), "value"] == pytest.approx(
            100 * amount / service.amount(KAUNIAINEN, "1374", year)
        )


def test_the_corrected_document_replaces_the_first_final_one(loaded):
    db, _ = loaded
    service = KuntatalousService(Synth(Geography()), (1990, 2025))
    first = min(service.by_business_id)  # the demo corrects this one's last year
    code = service.by_business_id[first]
    population = store.current_series(db, "vakiluku", [code]).set_index("period")["value"]
    margin = store.current_series(db, "vuosikate_per_asukas", [code]).set_index("period")
    corrected = service.amount(code, "1400", 2025, corrected=True)
    assert corrected != service.amount(code, "1400", 2025)
    assert margin.loc["2025", "value"] == pytest.approx(corrected / population["2025"])


def test_a_code_the_service_does_not_report_fails_by_name(config, tmp_path):
    wrong = CATALOG.replace(
        'terms: [{code: "1400"}]\n      per_resident: true',
        'terms: [{code: "1401"}]\n      per_resident: true',
    )
    assert wrong != CATALOG
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "indicators.yaml").write_text(wrong, encoding="utf-8")
    (tmp_path / "c" / "strategies").mkdir()
    (tmp_path / "c" / "strategies" / "testila.yaml").write_text(STRATEGY, encoding="utf-8")
    report = run(load_config(tmp_path / "c"), tmp_path / "m.duckdb")
    failed = dict(report.failed)
    assert list(failed) == ["vuosikate_per_asukas"]
    assert "no KKNR document had key figure(s) 1401_per_resident" in failed["vuosikate_per_asukas"]


@pytest.mark.parametrize("fault", ["500", "invalid-json", "truncated", "empty"])
def test_a_faulty_service_fails_the_finance_series_and_keeps_the_rest(config, tmp_path, fault):
    report = run(config, tmp_path / "m.duckdb", faults=[f"{fault}@/kuntatalous/"])
    failed = dict(report.failed)
    assert set(failed) == {
        "vuosikate_per_asukas",
        "toimintakate_per_asukas",
        "investointien_tulorahoitus",
    }
    assert all("State Treasury" in why for why in failed.values()), failed
    assert store.current_series(tmp_path / "m.duckdb", "vakiluku")["value"].notna().any()


def test_without_population_per_resident_fails_clearly(config, tmp_path):
    report = run(config, tmp_path / "m.duckdb", only=["vuosikate_per_asukas"])
    assert dict(report.failed) == {
        "vuosikate_per_asukas": "no stored values of vakiluku (population) to compute per resident"
    }


# --------------------------------------------------------------------------- import


def document_file(path: Path, values: dict[str, str], period: str = "2024C12") -> Path:
    rows = json.loads(facts(values))
    path.write_text(json.dumps([{**r, "raportointikausi": period} for r in rows]), encoding="utf-8")
    return path


def test_import_of_a_downloaded_document_gives_the_refresh_rows(config, loaded, tmp_path):
    """A document saved from /dokumentti/… for Kauniainen 2024, imported into a copy of the
    refreshed database: the same per-resident arithmetic, linked to the catalog ids."""
    import shutil

    db, _ = loaded
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    people = store.current_series(copy, "vakiluku", [KAUNIAINEN]).set_index("period")["value"][
        "2024"
    ]
    values = {
        "1400": "10658434.20",
        "1374": "14322882.56",
        "3319283": "9000000.00",
        "3418067": "62000000.50",
    }
    path = document_file(tmp_path / "kauniainen-2024.json", values)
    result = parse_file(path, "kuntatalous-json", config, copy)
    assert result.cells_read() == 4
    got = {(r.measure, r.region, r.period): r.value for r in result.frame.itertuples()}
    assert got == pytest.approx({
        ("1400_per_resident", KAUNIAINEN, "2024"): 10658434.20 / people,
        ("3319283-3418067_per_resident", KAUNIAINEN, "2024"): (9000000.00 - 62000000.50) / people,
        ("1400/1374", KAUNIAINEN, "2024"): 100 * 10658434.20 / 14322882.56,
    })  # fmt: skip
    summary = store_result(result, path, config, copy)
    assert (
        "vuosikate_per_asukas: 1 rows" in summary
        and "investointien_tulorahoitus: 1 rows" in summary
    )
    stored = store.current_series(copy, "vuosikate_per_asukas", [KAUNIAINEN]).set_index("period")
    assert stored.loc["2024", "value"] == pytest.approx(10658434.20 / people)


def test_import_refuses_an_unknown_business_id_and_a_part_year(config, loaded, tmp_path):
    db, _ = loaded
    path = document_file(tmp_path / "d.json", {"1400": "1.00"})
    path.write_text(path.read_text().replace(KAUNIAINEN_ID, "1234567-8"), encoding="utf-8")
    with pytest.raises(
        ImportRejected, match="Y-tunnus 1234567-8 is not in data/reference/business_ids.csv"
    ):
        parse_file(path, "kuntatalous-json", config, db)
    part = document_file(tmp_path / "p.json", {"1400": "1.00"}, period="2024C06")
    with pytest.raises(ImportRejected, match="period '2024C06' is not a year end"):
        parse_file(part, "kuntatalous-json", config, db)


def test_import_without_a_stored_population_says_what_to_load_first(config, tmp_path):
    path = document_file(tmp_path / "d.json", {"1400": "1.00", "1374": "4.00"})
    result = parse_file(path, "kuntatalous-json", config, tmp_path / "none.duckdb")
    assert [(r.measure, r.value) for r in result.frame.itertuples()] == [("1400/1374", 25.0)]
    assert any("no stored vakiluku (population)" in w for w in result.warnings)


def test_validation_names_an_unknown_population_id(tmp_path):
    from mittaristo.config.load import ConfigValidationError

    (tmp_path / "indicators.yaml").write_text(
        CATALOG.replace("population: vakiluku", "population: vakilukuu", 1), encoding="utf-8"
    )
    (tmp_path / "strategies").mkdir()
    (tmp_path / "strategies" / "testila.yaml").write_text(STRATEGY, encoding="utf-8")
    with pytest.raises(
        ConfigValidationError, match="population: unknown catalog indicator 'vakilukuu'"
    ):
        load_config(tmp_path)
