"""YAML → model with every problem located as `file:line path: message`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mittaristo.config.load import ConfigValidationError, load_config

ROOT = Path(__file__).resolve().parents[1]

CATALOG = """\
version: 1
indicators:
  - id: tyottomyysaste
    name: {fi: Työttömien osuus työvoimasta, en: Unemployment rate}
    unit: {fi: "%"}
    better: lower
    decimals: 1
    frequency: yearly
    lag_months: 14
    source:
      kind: pxweb
      database: Kuntien_avainluvut
      table: uusin/142h.px
      measure: M162
      confirmed: true
    license: CC BY 4.0
  - id: suosittelu_tyopaikkana
    name: {fi: Suosittelisi työpaikkana}
    unit: {fi: "%"}
    better: higher
    decimals: 0
    frequency: yearly
    lag_months: 1
    source: {kind: manual, entered_by: henkilöstöpalvelut, reason: henkilöstökysely}
    license: internal
"""

STRATEGY = """\
town: heinola
municipality: KU111
name: {fi: Heinola}
documents:
  - title: Kaupunkistrategia
period: {start: 2022, end: 2025}
reviews: {adoption: 2022-01-31, mid_term: 2023-12-15, end: 2025-12-31}
peers: [KU915, KU182]
goals:
  - id: elinvoima
    name: {fi: Elinvoimainen Heinola}
    indicators:
      - id: tyottomyys
        text: Työttömyysaste laskee
        indicator: tyottomyysaste
        target: {kind: direction, direction: decrease}
        baseline: {period: "2021"}
      - id: suosittelu
        text: Suosittelisitko Heinolaa työpaikkana
        indicator: suosittelu_tyopaikkana
        target:
          kind: at_least
          value: 80
          by: 2025
    actions:
      - id: yrityspalvelut
        text: Yrityspalvelujen kehittäminen
        status: in_progress
        measures: [tyottomyys]
"""


def write_config(
    root: Path, catalog: str = CATALOG, strategies: dict[str, str] | None = None
) -> Path:
    (root / "strategies").mkdir(parents=True, exist_ok=True)
    (root / "indicators.yaml").write_text(catalog, encoding="utf-8")
    for town, text in (strategies if strategies is not None else {"heinola": STRATEGY}).items():
        (root / "strategies" / f"{town}.yaml").write_text(text, encoding="utf-8")
    return root


def line_no(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `fragment`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if fragment in line]
    return hits[occurrence - 1]


def issues_of(root: Path, **kwargs) -> list[str]:
    """`file:line path: message` of every issue (the hints are tested in test_config_cases)."""
    with pytest.raises(ConfigValidationError) as info:
        load_config(root, **kwargs)
    return [issue.headline for issue in info.value.issues]


def test_valid_configuration_loads_into_typed_model(tmp_path):
    config = load_config(write_config(tmp_path))
    assert [ind.id for ind in config.catalog.indicators] == [
        "tyottomyysaste",
        "suosittelu_tyopaikkana",
    ]
    heinola = config.strategy("heinola")
    assert heinola.municipality == "KU111"
    assert heinola.reviews.mid_term.isoformat() == "2023-12-15"
    assert heinola.goals[0].indicators[1].target.value == 80.0


def test_wrong_enum_value_is_reported_with_file_line_and_path(tmp_path):
    catalog = CATALOG.replace("better: lower", "better: lowr")
    line = line_no(catalog, "better: lowr")
    assert issues_of(write_config(tmp_path, catalog)) == [
        f"indicators.yaml:{line} indicators[0].better: Input should be 'higher' or 'lower' (got 'lowr')"
    ]


def test_missing_required_key_points_at_its_mapping(tmp_path):
    catalog = CATALOG.replace("    better: higher\n", "")
    line = line_no(catalog, "- id: suosittelu_tyopaikkana")
    assert issues_of(write_config(tmp_path, catalog)) == [
        f"indicators.yaml:{line} indicators[1].better: required key is missing"
    ]


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    catalog = CATALOG.replace("decimals: 0", "decimals: 9")
    strategy = STRATEGY.replace("status: in_progress", "status: started").replace(
        "KU182]", "KU111]"
    )
    issues = issues_of(write_config(tmp_path, catalog, {"heinola": strategy}))
    assert [issue.split(" ")[0] for issue in issues] == [
        f"indicators.yaml:{line_no(catalog, 'decimals: 9')}",
        f"strategies/heinola.yaml:{line_no(strategy, 'status: started')}",
    ]


def test_union_alternatives_are_merged_into_one_issue(tmp_path):
    strategy = STRATEGY.replace(
        "kind: at_least\n          value: 80", "kind: milestone\n          description: x"
    )
    strategy = strategy.replace("by: 2025", "by: soon")
    [issue] = issues_of(write_config(tmp_path, strategies={"heinola": strategy}))
    assert issue.startswith(
        f"strategies/heinola.yaml:{line_no(strategy, 'by: soon')} goals[0].indicators[1].target.by: "
    )
    assert "valid date" in issue and "; or " in issue and "valid integer" in issue


def test_source_kind_tag_is_left_out_of_the_path(tmp_path):
    catalog = CATALOG.replace("      measure: M162\n", "")
    line = line_no(catalog, "    source:")
    assert issues_of(write_config(tmp_path, catalog)) == [
        f"indicators.yaml:{line} indicators[0].source.measure: required key is missing"
    ]


def test_unknown_key_is_reported_at_its_own_line(tmp_path):
    catalog = CATALOG.replace(
        "    license: internal", "    licence: internal\n    license: internal"
    )
    assert issues_of(write_config(tmp_path, catalog)) == [
        f"indicators.yaml:{line_no(catalog, 'licence:')} indicators[1].licence: unknown key"
    ]


def test_duplicate_key_is_an_error_not_a_silent_overwrite(tmp_path):
    catalog = CATALOG.replace("    license: internal", "    license: internal\n    license: CC0")
    assert issues_of(write_config(tmp_path, catalog)) == [
        f"indicators.yaml:{line_no(catalog, 'license: CC0')} indicators[1].license: "
        f"duplicate key 'license' (first at line {line_no(catalog, 'license: internal')})"
    ]


def test_yaml_syntax_error_reports_its_line(tmp_path):
    strategy = STRATEGY.replace("text: Työttömyysaste laskee", "text: [Työttömyysaste laskee")
    [issue] = issues_of(write_config(tmp_path, strategies={"heinola": strategy}))
    assert issue.startswith("strategies/heinola.yaml:")
    assert "YAML syntax" in issue
    assert int(issue.split(":")[1].split()[0]) >= line_no(strategy, "[Työttömyysaste")


def test_empty_file_is_reported(tmp_path):
    assert issues_of(
        write_config(tmp_path, strategies={"heinola": STRATEGY, "kemi": "# todo\n"})
    ) == ["strategies/kemi.yaml:1: the file is empty"]


def test_number_where_text_is_expected_suggests_quotes(tmp_path):
    strategy = STRATEGY.replace('baseline: {period: "2021"}', "baseline: {period: 2021}")
    [issue] = issues_of(write_config(tmp_path, strategies={"heinola": strategy}))
    assert issue.endswith(
        "goals[0].indicators[0].baseline.period: Input should be a valid string (got 2021; write it in quotes: '2021')"
    )


def test_cross_reference_error_is_located_at_the_key(tmp_path):
    strategy = STRATEGY.replace("indicator: tyottomyysaste", "indicator: tyottomyys_aste")
    assert issues_of(write_config(tmp_path, strategies={"heinola": strategy})) == [
        f"strategies/heinola.yaml:{line_no(strategy, 'indicator: tyottomyys_aste')} "
        "goals[0].indicators[0].indicator: unknown catalog indicator 'tyottomyys_aste'"
    ]


def test_target_year_before_the_strategy_period_is_rejected(tmp_path):
    strategy = STRATEGY.replace("by: 2025", "by: 2019")
    assert issues_of(write_config(tmp_path, strategies={"heinola": strategy})) == [
        f"strategies/heinola.yaml:{line_no(strategy, 'by: 2019')} goals[0].indicators[1].target.by: "
        "year 2019 is before the strategy period 2022–2025"
    ]


def test_strategy_file_name_must_match_its_town(tmp_path):
    assert issues_of(write_config(tmp_path, strategies={"kemi": STRATEGY})) == [
        "strategies/kemi.yaml:1 town: 'heinola' differs from the file name (kemi.yaml)"
    ]


def test_second_strategy_for_the_same_municipality_is_rejected(tmp_path):
    copy = STRATEGY.replace("town: heinola", "town: heinola2")
    assert issues_of(
        write_config(tmp_path, strategies={"heinola": STRATEGY, "heinola2": copy})
    ) == [
        "strategies/heinola2.yaml:2 municipality: KU111 already has a strategy file: strategies/heinola.yaml"
    ]


def test_peer_codes_are_checked_against_the_given_municipalities(tmp_path):
    issues = issues_of(write_config(tmp_path), municipalities={"KU111", "KU915"})
    assert issues == [
        f"strategies/heinola.yaml:{line_no(STRATEGY, 'peers:')} peers[1]: unknown municipality code KU182"
    ]


def test_invalid_catalog_still_reports_strategy_schema_errors(tmp_path):
    catalog = CATALOG.replace("version: 1", "version: 2")
    strategy = STRATEGY.replace("status: in_progress", "status: valmis")
    issues = issues_of(write_config(tmp_path, catalog, {"heinola": strategy}))
    assert [i.split(" ")[1] for i in issues] == ["version:", "goals[0].actions[0].status:"]


def test_missing_folder_and_files_are_reported(tmp_path):
    assert issues_of(tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}: configuration folder not found"
    ]
    (tmp_path / "strategies").mkdir()
    assert issues_of(tmp_path) == [
        "indicators.yaml: file not found",
        "strategies/: no strategy files (*.yaml) found",
    ]


def test_yaml_merge_keys_are_resolved(tmp_path):
    catalog = CATALOG.replace(
        "version: 1", "version: 1\nx-common: &yearly {frequency: yearly, lag_months: 14}"
    )
    catalog = catalog.replace("    frequency: yearly\n    lag_months: 14\n", "    <<: *yearly\n", 1)
    assert issues_of(write_config(tmp_path, catalog)) == [
        f"indicators.yaml:{line_no(catalog, 'x-common')} x-common: unknown key"
    ]


def test_recursive_alias_is_rejected_without_hanging(tmp_path):
    [issue] = issues_of(
        write_config(tmp_path, strategies={"heinola": STRATEGY + "loop: &a [*a]\n"})
    )
    assert issue.startswith("strategies/heinola.yaml:") and "recursive alias" in issue


def test_shipped_configuration_validates():
    """The project's own indicators.yaml and strategies (once they exist) are valid."""
    if not (ROOT / "indicators.yaml").exists() or not list(ROOT.glob("strategies/*.yaml")):
        pytest.skip("the project has no indicators.yaml or strategies yet")
    with (ROOT / "data" / "reference" / "municipalities.csv").open(encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    config = load_config(ROOT, municipalities=codes)
    assert config.strategies
