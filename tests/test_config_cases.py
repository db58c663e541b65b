"""A table of valid and invalid configurations: each invalid one is a small mutation of a minimal
valid catalog + strategy and must be reported with its file, line, message and hint."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mittaristo.config.load import (
    ConfigIssue,
    ConfigValidationError,
    load_config,
    read_source,
    validate_model,
)
from mittaristo.config.model import Catalog, Strategy
from mittaristo.reference import municipalities

ROOT = Path(__file__).resolve().parents[1]
CATALOG_FILE = "indicators.yaml"
STRATEGY_FILE = "strategies/heinola.yaml"

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
      table: 2025/kuntien_avainluvut_2025_aikasarja.px
      measure: M162
      confirmed: true
    license: CC BY 4.0
  - id: tyottomat_lkm
    name: {fi: Työttömät}
    unit: {fi: henkeä}
    better: lower
    decimals: 0
    frequency: yearly
    lag_months: 12
    source: {kind: sotkanet, indicator: 181, confirmed: true}
    license: CC BY 4.0
  - id: vaesto
    name: {fi: Väkiluku}
    unit: {fi: henkeä}
    better: higher
    decimals: 0
    frequency: yearly
    lag_months: 3
    source: {kind: sotkanet, indicator: 127, confirmed: true}
    license: CC BY 4.0
  - id: tyottomat_vaestosta
    name: {fi: Työttömien osuus väestöstä}
    unit: {fi: "%"}
    better: lower
    decimals: 1
    frequency: yearly
    lag_months: 12
    source: {kind: derived, op: ratio_pct, of: tyottomat_lkm, denominator: vaesto}
    license: CC BY 4.0
  - id: suosittelu
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
  - title: Kaupunkistrategia 2022–2025
period: {start: 2022, end: 2025}
reviews:
  adoption: 2022-01-31
  mid_term: 2023-12-15
  end: 2025-12-31
peers: [KU398, KU286]
goals:
  - id: elinvoima
    name: {fi: Elinvoimainen Heinola}
    sdg: [8]
    indicators:
      - id: tyottomyys
        text: Työttömyysaste laskee
        indicator: tyottomyysaste
        owner: Elinvoimapalvelut
        target: {kind: direction, direction: decrease}
        baseline: {period: "2021"}
      - id: suosittelu
        text: Suosittelisitko Heinolaa työpaikkana
        indicator: suosittelu
        target:
          kind: at_least
          value: 80
          by: 2025
      - id: verrokit
        text: Työttömyys verrokkeja matalampi
        indicator: tyottomat_vaestosta
        target: {kind: vs_peers, relation: at_most}
    actions:
      - id: yrityspalvelut
        text: Yrityspalvelujen kehittäminen
        status: in_progress
        measures: [tyottomyys]
  - id: hyvinvointi
    name: {fi: Hyvin voiva Heinola}
    indicators:
      - id: imago
        text: Kaupungin imago paranee
        qualitative_reason: ei mitattavaa sarjaa
        target: {kind: followed}
      - id: liikuntasuunnitelma
        text: Liikuntasuunnitelma valmis
        qualitative_reason: asiakirja
        target:
          kind: milestone
          description: Suunnitelma hyväksytty
          by: 2023-06-30
    actions:
      - id: liikuntapaikat
        text: Liikuntapaikkojen kunnostus
        status: not_started
        schedule: {text: 2023–2024, start: 2023, end: 2024}
"""


def line_no(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `fragment`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if fragment in line]
    return hits[occurrence - 1]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the base text must hold {old!r} exactly once"
    return text.replace(old, new)


def write(root: Path, catalog: str = CATALOG, strategies: dict[str, str] | None = None) -> Path:
    (root / "strategies").mkdir(parents=True, exist_ok=True)
    (root / CATALOG_FILE).write_text(catalog, encoding="utf-8")
    for stem, text in (strategies if strategies is not None else {"heinola": STRATEGY}).items():
        (root / "strategies" / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return root


def names() -> dict[str, str]:
    return {code: area.name_fi for code, area in municipalities().items()}


def issues_of(root: Path) -> list[ConfigIssue]:
    with pytest.raises(ConfigValidationError) as info:
        load_config(root, municipalities=names())
    return info.value.issues


# --------------------------------------------------------------------------- valid


VALID = {
    "base": (CATALOG, STRATEGY),
    "quoted_dates_and_optional_keys_left_out": (
        CATALOG.replace(
            "    license: internal\n", "    license: internal\n    interpretation: {fi: Kysely}\n"
        ),
        edit(
            edit(STRATEGY, "adoption: 2022-01-31", 'adoption: "2022-01-31"'),
            "  mid_term: 2023-12-15\n",
            "",
        ),
    ),
    "milestone_on_the_last_day_and_subgoals": (
        CATALOG,
        edit(STRATEGY, "by: 2023-06-30", "by: 2025-12-31")
        + """\
  - id: osallisuus
    name: {fi: Osallisuus, sv: Delaktighet}
    subgoals:
      - id: nuoret
        name: {fi: Nuoret}
        indicators:
          - id: nuorisovaltuusto
            text: Nuorisovaltuusto kokoontuu
            qualitative_reason: pöytäkirjat
            target: {kind: milestone, description: Kokous, by: 2022}
        actions:
          - id: nuorten_kuuleminen
            text: Nuorten kuuleminen
            status: done
            measures: [nuorisovaltuusto, tyottomyys]
            sdg: [16, 17]
""",
    ),
    "yaml_anchors_and_merge_keys": (
        CATALOG.replace(
            "  - id: vaesto\n    name: {fi: Väkiluku}\n    unit: {fi: henkeä}\n    better: higher\n",
            "  - id: vaesto\n    name: {fi: Väkiluku}\n    unit: &persons {fi: henkeä}\n"
            "    better: higher\n",
        ),
        STRATEGY,
    ),
}


@pytest.mark.parametrize(("catalog", "strategy"), list(VALID.values()), ids=list(VALID))
def test_valid_configuration_loads(tmp_path, catalog, strategy):
    config = load_config(write(tmp_path, catalog, {"heinola": strategy}), municipalities=names())
    assert list(config.strategies) == ["heinola"]
    assert config.catalog.by_id()["tyottomyysaste"].better == "lower"


# --------------------------------------------------------------------------- invalid


@dataclass(frozen=True)
class Case:
    """One mutation: in `file` replace `old` by `new`; expect one issue in `file` (or `where`)
    on the line holding `at` (in the mutated text), with `message` and `hint` fragments."""

    id: str
    file: str
    old: str
    new: str
    at: str
    message: str
    hint: str
    where: str | None = None  # the issue's file when not `file` (a renamed strategy)

    def texts(self) -> tuple[str, str]:
        if self.file == CATALOG_FILE:
            return edit(CATALOG, self.old, self.new), STRATEGY
        return CATALOG, edit(STRATEGY, self.old, self.new)


S, C = STRATEGY_FILE, CATALOG_FILE
FIRST_GOAL = line_no(STRATEGY, "- id: elinvoima")
FIRST_ACTION = line_no(STRATEGY, "- id: yrityspalvelut")
FIRST_SUOSITTELU = line_no(CATALOG, "- id: suosittelu")
DUPLICATE_INDICATOR = CATALOG[CATALOG.index("  - id: suosittelu") :]

INVALID = [
    Case(
        "yaml_syntax_error",
        S,
        "text: Työttömyysaste laskee",
        "text: Työttömyysaste: laskee",
        "Työttömyysaste: laskee",
        "YAML syntax: mapping values are not allowed here",
        "must be in quotes",
    ),
    Case(
        "tab_indentation",
        C,
        "    decimals: 1\n    frequency: yearly\n    lag_months: 14",
        "    decimals: 1\n\tfrequency: yearly\n    lag_months: 14",
        "\tfrequency",
        "found character '\\t' that cannot start any token",
        "indent with spaces, not tabs",
    ),
    Case(
        "duplicate_key",
        S,
        "  mid_term: 2023-12-15\n",
        "  mid_term: 2023-12-15\n  mid_term: 2024-01-15\n",
        "mid_term: 2024-01-15",
        f"reviews.mid_term: duplicate key 'mid_term' (first at line {line_no(STRATEGY, 'mid_term')})",
        "keep one 'mid_term:' in this mapping",
    ),
    Case(
        "unknown_key_in_catalog",
        C,
        "    license: internal\n",
        "    license: internal\n    lisenssi: sisäinen\n",
        "lisenssi:",
        "indicators[4].lisenssi: unknown key",
        "allowed keys here: id, name, unit, better, decimals",
    ),
    Case(
        "unknown_key_in_strategy",
        S,
        "owner: Elinvoimapalvelut",
        "ownr: Elinvoimapalvelut",
        "ownr:",
        "goals[0].indicators[0].ownr: unknown key",
        "did you mean 'owner'? allowed keys here: id, text, indicator",
    ),
    Case(
        "text_cut_at_a_comma_in_braces",
        S,
        "name: {fi: Hyvin voiva Heinola}",
        "name: {fi: Hyvin voiva, terve Heinola}",
        "terve Heinola",
        "goals[1].name.terve Heinola: unknown key",
        "put the whole text in quotes",
    ),
    Case(
        "missing_better",
        C,
        "    better: higher\n    decimals: 0\n    frequency: yearly\n    lag_months: 3\n",
        "    decimals: 0\n    frequency: yearly\n    lag_months: 3\n",
        "- id: vaesto",
        "indicators[2].better: required key is missing",
        "add better: higher or better: lower — there is no default",
    ),
    Case(
        "better_up",
        C,
        "    better: higher\n    decimals: 0\n    frequency: yearly\n    lag_months: 3\n",
        "    better: up\n    decimals: 0\n    frequency: yearly\n    lag_months: 3\n",
        "better: up",
        "indicators[2].better: Input should be 'higher' or 'lower' (got 'up')",
        "use one of: higher, lower",
    ),
    Case(
        "better_misspelt",
        C,
        "    better: higher\n    decimals: 0\n    frequency: yearly\n    lag_months: 3\n",
        "    better: highr\n    decimals: 0\n    frequency: yearly\n    lag_months: 3\n",
        "better: highr",
        "indicators[2].better: Input should be 'higher' or 'lower'",
        "did you mean 'higher'?",
    ),
    Case(
        "missing_required_key",
        C,
        "    lag_months: 3\n",
        "",
        "- id: vaesto",
        "indicators[2].lag_months: required key is missing",
        "add lag_months: 12",
    ),
    Case(
        "decimals_as_text",
        C,
        "    decimals: 1\n    frequency: yearly\n    lag_months: 14",
        '    decimals: "1"\n    frequency: yearly\n    lag_months: 14',
        'decimals: "1"',
        "indicators[0].decimals: expected a number, got the text '1'",
        "write it without quotes, e.g. decimals: 1",
    ),
    Case(
        "wrong_type_for_value",
        S,
        "value: 80",
        "value: kahdeksankymmentä",
        "value: kahdeksankymmentä",
        "target.value: Input should be a valid number",
        "write a number without quotes (a decimal point, not a comma), e.g. value: 80",
    ),
    Case(
        "unknown_source_kind",
        C,
        "kind: pxweb",
        "kind: pxwebb",
        "kind: pxwebb",
        "indicators[0].source.kind: Input tag 'pxwebb' found using 'kind' does not match",
        "did you mean kind: pxweb? kind is one of: pxweb, sotkanet, syke, kuntatalous, manual, derived",
    ),
    Case(
        "pxweb_without_table",
        C,
        "      table: 2025/kuntien_avainluvut_2025_aikasarja.px\n",
        "",
        "    source:",
        "indicators[0].source.table: required key is missing",
        "add table: 11re.px",
    ),
    Case(
        "sotkanet_indicator_as_text",
        C,
        "indicator: 181",
        "indicator: työttömät",
        "indicator: työttömät",
        "indicators[1].source.indicator: Input should be a valid integer",
        "write a whole number without quotes, e.g. indicator: 181",
    ),
    Case(
        "derived_without_denominator",
        C,
        "of: tyottomat_lkm, denominator: vaesto}",
        "of: tyottomat_lkm}",
        "of: tyottomat_lkm}",
        "indicators[3].source: op ratio_pct needs a denominator (a catalog id)",
        "add denominator: <catalog id of the divisor>",
    ),
    Case(
        "derived_refers_to_unknown_id",
        C,
        "of: tyottomat_lkm,",
        "of: tyottomat_lukumaara,",
        "of: tyottomat_lukumaara",
        "indicators[3].source.of: unknown catalog indicator 'tyottomat_lukumaara'",
        "did you mean 'tyottomat_lkm'?",
    ),
    Case(
        "duplicate_catalog_id",
        C,
        DUPLICATE_INDICATOR,
        DUPLICATE_INDICATOR + DUPLICATE_INDICATOR,
        "- id: suosittelu",  # the second occurrence, see SECOND
        "indicators[5].id: duplicate indicator id 'suosittelu' (first at indicators[4].id)",
        f"the first one is at line {FIRST_SUOSITTELU}",
    ),
    Case(
        "unknown_indicator_id_in_strategy",
        S,
        "indicator: tyottomyysaste",
        "indicator: tyottomyys_aste",
        "indicator: tyottomyys_aste",
        "goals[0].indicators[0].indicator: unknown catalog indicator 'tyottomyys_aste'",
        "did you mean 'tyottomyysaste'",
    ),
    Case(
        "unknown_indicator_id_without_a_close_match",
        S,
        "indicator: tyottomyysaste",
        "indicator: kirjastokaynnit",
        "indicator: kirjastokaynnit",
        "unknown catalog indicator 'kirjastokaynnit'",
        "add an indicator with id: kirjastokaynnit to indicators.yaml",
    ),
    Case(
        "target_year_before_the_period",
        S,
        "by: 2025",
        "by: 2019",
        "by: 2019",
        "goals[0].indicators[1].target.by: year 2019 is before the strategy period 2022–2025",
        "use a year from 2022 to 2025, or change period:",
    ),
    Case(
        "target_year_after_the_period",
        S,
        "by: 2025",
        "by: 2030",
        "by: 2030",
        "goals[0].indicators[1].target.by: year 2030 is after the strategy period 2022–2025",
        "use a year from 2022 to 2025, or change period:",
    ),
    Case(
        "milestone_date_after_the_period",
        S,
        "by: 2023-06-30",
        "by: 2026-06-30",
        "by: 2026-06-30",
        "goals[1].indicators[1].target.by: date 2026-06-30 is after the strategy period 2022–2025",
        "use a year from 2022 to 2025",
    ),
    Case(
        "period_end_before_start",
        S,
        "period: {start: 2022, end: 2025}",
        "period: {start: 2025, end: 2022}",
        "period:",
        "period: period ends (2022) before it starts (2025)",
        "swap the years",
    ),
    Case(
        "unknown_peer_code",
        S,
        "peers: [KU398, KU286]",
        "peers: [KU398, KU289]",
        "peers:",
        "peers[1]: unknown municipality code KU289",
        "did you mean KU288 (Kruunupyy), KU287 (Kristiinankaupunki) or KU286 (Kouvola)?",
    ),
    Case(
        "peer_written_as_a_name",
        S,
        "peers: [KU398, KU286]",
        "peers: [KU398, Kouvola]",
        "peers:",
        "peers[1]: 'Kouvola' is not a municipality code like KU111",
        "Kouvola has the code KU286: write KU286",
    ),
    Case(
        "the_town_itself_as_a_peer",
        S,
        "peers: [KU398, KU286]",
        "peers: [KU398, KU111]",
        "peers:",
        "peers[1]: the town itself cannot be its own peer",
        "remove KU111 from peers",
    ),
    Case(
        "duplicate_goal_id",
        S,
        "  - id: hyvinvointi",
        "  - id: elinvoima",
        "- id: elinvoima",  # the second occurrence, see SECOND
        "goals[1].id: duplicate goal id 'elinvoima' (first at goals[0].id)",
        f"the first one is at line {FIRST_GOAL}",
    ),
    Case(
        "duplicate_action_id",
        S,
        "- id: liikuntapaikat",
        "- id: yrityspalvelut",
        "- id: yrityspalvelut",  # the second occurrence, see SECOND
        "goals[1].actions[0].id: duplicate action id 'yrityspalvelut'",
        f"the first one is at line {FIRST_ACTION}",
    ),
    Case(
        "action_measures_a_missing_mittari",
        S,
        "measures: [tyottomyys]",
        "measures: [tyottomuus]",
        "measures: [tyottomuus]",
        "goals[0].actions[0].measures[0]: unknown mittari id 'tyottomuus'",
        "did you mean 'tyottomyys'?",
    ),
    Case(
        "invalid_action_status",
        S,
        "status: not_started",
        "status: started",
        "status: started",
        "goals[1].actions[0].status: Input should be 'not_reported', 'not_started', 'in_progress' or 'done'",
        "did you mean 'not_started'? use one of: not_reported, not_started, in_progress, done",
    ),
    Case(
        "review_dates_out_of_order",
        S,
        "mid_term: 2023-12-15",
        "mid_term: 2026-03-01",
        "mid_term: 2026-03-01",
        "reviews.mid_term: mid-term review 2026-03-01 is not between 2022-01-31 and 2025-12-31",
        "the order is adoption ≤ mid_term ≤ end",
    ),
    Case(
        "bad_date",
        S,
        "adoption: 2022-01-31",
        "adoption: 31.1.2022",
        "adoption: 31.1.2022",
        "reviews.adoption: Input should be a valid date",
        "write the date as YYYY-MM-DD",
    ),
    Case(
        "sdg_18",
        S,
        "sdg: [8]",
        "sdg: [8, 18]",
        "sdg: [8, 18]",
        "goals[0].sdg: SDG goals are numbered 1–17, got [18]",
        "use the numbers 1–17",
    ),
    Case(
        "sdg_0_of_a_mittari",
        S,
        '        baseline: {period: "2021"}\n',
        '        baseline: {period: "2021"}\n        sdg: [0]\n',
        "sdg: [0]",
        "goals[0].indicators[0].sdg: SDG goals are numbered 1–17, got [0]",
        "use the numbers 1–17",
    ),
    Case(
        "file_name_differs_from_town",
        S,
        "town: heinola",
        "town: heinolan_kaupunki",
        "town:",
        "town: 'heinolan_kaupunki' differs from the file name (heinola.yaml)",
        "rename the file to heinolan_kaupunki.yaml, or write town: heinola",
    ),
    Case(
        "qualitative_mittari_without_reason",
        S,
        "        qualitative_reason: ei mitattavaa sarjaa\n",
        "",
        "- id: imago",
        "goals[1].indicators[0]: a mittari without a catalog indicator needs qualitative_reason",
        "add qualitative_reason: why no series measures it",
    ),
    Case(
        "vs_peers_without_peers",
        S,
        "peers: [KU398, KU286]",
        "peers: []",
        "kind: vs_peers",
        "goals[0].indicators[2].target.kind: a 'vs_peers' target needs the strategy's peers",
        "add peers: [KU…, KU…]",
    ),
    Case(
        "town_code_not_like_KU111",
        S,
        "municipality: KU111",
        "municipality: 111",
        "municipality: 111",
        "municipality: Input should be a valid string (got 111; write it in quotes: '111')",
        "put the value in quotes",
    ),
    Case(
        "id_with_capitals_and_spaces",
        S,
        "- id: tyottomyys\n",
        "- id: Työttömyys laskee\n",
        "- id: Työttömyys laskee",
        "goals[0].indicators[0].id: String should match pattern",
        "use lowercase letters a–z, digits, _ and -",
    ),
]
# Where the mutation duplicates the line the issue is on, the issue is on the second one.
SECOND = {"duplicate_catalog_id", "duplicate_goal_id", "duplicate_action_id"}


@pytest.mark.parametrize("case", INVALID, ids=[case.id for case in INVALID])
def test_invalid_configuration_is_reported_with_line_message_and_hint(tmp_path, case):
    catalog, strategy = case.texts()
    [issue] = issues_of(write(tmp_path, catalog, {"heinola": strategy}))
    text = catalog if case.file == CATALOG_FILE else strategy
    assert issue.file == (case.where or case.file)
    assert issue.line == line_no(text, case.at, 2 if case.id in SECOND else 1)
    assert case.message in issue.headline
    assert case.hint in issue.hint
    assert str(issue) == f"{issue.headline} — hint: {issue.hint}"


def test_the_table_is_large_enough():
    assert len(VALID) >= 3 and len(INVALID) >= 24
    assert len({case.id for case in INVALID}) == len(INVALID)


def test_strategy_file_named_after_another_town(tmp_path):
    [issue] = issues_of(write(tmp_path, strategies={"kemi": STRATEGY}))
    assert (issue.file, issue.line, issue.path) == ("strategies/kemi.yaml", 1, "town")
    assert issue.message == "'heinola' differs from the file name (kemi.yaml)"
    assert issue.hint == "rename the file to heinola.yaml, or write town: kemi"


def test_two_errors_in_two_files_are_both_reported_in_one_run(tmp_path):
    catalog = edit(
        CATALOG,
        "    decimals: 1\n    frequency: yearly\n    lag_months: 14",
        "    decimals: x\n    frequency: yearly\n    lag_months: 14",
    )
    strategy = edit(STRATEGY, "by: 2025", "by: 2031")
    issues = issues_of(write(tmp_path, catalog, {"heinola": strategy}))
    assert [(i.file, i.line) for i in issues] == [
        (CATALOG_FILE, line_no(catalog, "decimals: x")),
        (STRATEGY_FILE, line_no(strategy, "by: 2031")),
    ]
    assert "whole number" in issues[0].hint and "2022 to 2025" in issues[1].hint


def test_every_problem_of_one_file_is_reported(tmp_path):
    strategy = edit(STRATEGY, "by: 2025", "by: 2019")
    strategy = edit(strategy, "indicator: tyottomyysaste", "indicator: tuntematon")
    strategy = edit(strategy, "measures: [tyottomyys]", "measures: [tyottomyys, puuttuva]")
    issues = issues_of(write(tmp_path, strategies={"heinola": strategy}))
    assert [i.path for i in issues] == [
        "goals[0].indicators[0].indicator",
        "goals[0].indicators[1].target.by",
        "goals[0].actions[0].measures[1]",
    ]
    assert all(i.hint for i in issues)


# --------------------------------------------------------------------------- the CLI


def run_cli(config_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", "validate", "--config-dir", str(config_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_exits_zero_on_the_valid_base(tmp_path):
    result = run_cli(write(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 5 indikaattoria, 1 strategia / 5 indicators, 1 strategy")


def test_cli_exits_one_with_every_message_on_stderr(tmp_path):
    strategy = edit(STRATEGY, "by: 2025", "by: 2019")
    result = run_cli(write(tmp_path, strategies={"heinola": strategy}))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{STRATEGY_FILE}:{line_no(strategy, 'by: 2019')} goals[0].indicators[1].target.by: "
        "year 2019 is before the strategy period 2022–2025 — hint: use a year from 2022 to 2025, "
        "or change period:",
        "Konfiguraatiossa on 1 virhe / 1 problem in the configuration",
    ]


def _schema_valid_strategy(root: Path) -> tuple[Path, Strategy] | None:
    for path in sorted((root / "strategies").glob("*.yaml")):
        source = read_source(path, root, [])
        strategy = validate_model(Strategy, source, []) if source else None
        if strategy is not None and strategy.town == path.stem:
            return path, strategy
    return None


def test_cli_on_a_copy_of_the_shipped_configuration_names_both_broken_lines(tmp_path):
    """Acceptance: a copy of a strategy file with a broken target year and an unknown indicator
    id makes the CLI exit 1, naming both with their lines."""
    if not (ROOT / CATALOG_FILE).exists() or not list(ROOT.glob("strategies/*.yaml")):
        pytest.skip("the shipped indicators.yaml and strategies/ do not exist yet")
    shutil.copy(ROOT / CATALOG_FILE, tmp_path / CATALOG_FILE)
    shutil.copytree(ROOT / "strategies", tmp_path / "strategies")
    catalog_source = read_source(tmp_path / CATALOG_FILE, tmp_path, [])
    found = _schema_valid_strategy(tmp_path)
    if catalog_source is None or validate_model(Catalog, catalog_source, []) is None or not found:
        pytest.skip("the shipped configuration is being edited (not schema-valid yet)")
    path, strategy = found
    source = read_source(path, tmp_path, [])
    from mittaristo.config.checks import format_path, iter_uses

    uses = list(iter_uses(strategy))
    dated = [(p, u) for p, u in uses if isinstance(getattr(u.target, "by", None), int)]
    measured = [(p, u) for p, u in uses if u.indicator is not None]
    if not dated or not measured:
        pytest.skip("no mittari with a target year and a catalog indicator to break")
    year_path = (*dated[0][0], "target", "by")
    ind_path = (*measured[-1][0], "indicator")
    year_line, ind_line = source.lines[year_path], source.lines[ind_path]
    bad_year = strategy.period.start - 3

    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[year_line - 1], n = re.subn(r"\bby:\s*\d{4}\b", f"by: {bad_year}", lines[year_line - 1])
    assert n == 1
    lines[ind_line - 1], n = re.subn(
        r"\bindicator:\s*[\w\-]+", "indicator: tuntematon_indikaattori", lines[ind_line - 1]
    )
    assert n == 1
    path.write_text("".join(lines), encoding="utf-8")

    result = run_cli(tmp_path)
    assert result.returncode == 1
    rel = f"strategies/{path.name}"
    period = f"{strategy.period.start}–{strategy.period.end}"
    errors = result.stderr.splitlines()
    assert any(
        line.startswith(
            f"{rel}:{year_line} {format_path(year_path)}: year {bad_year} is before "
            f"the strategy period {period} — hint: "
        )
        for line in errors
    ), result.stderr
    assert any(
        line.startswith(
            f"{rel}:{ind_line} {format_path(ind_path)}: unknown catalog indicator "
            "'tuntematon_indikaattori' — hint: "
        )
        for line in errors
    ), result.stderr
