"""`python -m loaders validate`: exit codes, error lines, coverage output."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import yaml

from loaders.commands import validate
from mittaristo.config import project

ROOT = Path(__file__).resolve().parents[1]

CATALOG = {
    "version": 1,
    "indicators": [
        {
            "id": "tyottomat",
            "name": {"fi": "Työttömät, % työvoimasta"},
            "unit": {"fi": "%"},
            "better": "lower",
            "decimals": 1,
            "frequency": "yearly",
            "lag_months": 12,
            "source": {"kind": "sotkanet", "indicator": 181, "confirmed": True},
            "license": "CC BY 4.0",
        }
    ],
}
STRATEGY = {
    "town": "kemi",
    "municipality": "KU240",
    "name": {"fi": "Kemi"},
    "documents": [{"title": "Kaupunkistrategia 2022–2025"}],
    "period": {"start": 2022, "end": 2025},
    "reviews": {"adoption": "2022-02-14", "end": "2025-12-31"},
    "peers": ["KU851", "KU678"],
    "goals": [
        {
            "id": "tyo",
            "name": {"fi": "Työ"},
            "indicators": [
                {
                    "id": "tyottomyys",
                    "text": "Työttömyysasteen lasku",
                    "indicator": "tyottomat",
                    "target": {"kind": "direction", "direction": "decrease"},
                },
                {
                    "id": "imago",
                    "text": "Kaupungin imago",
                    "qualitative_reason": "ei mitattavaa sarjaa",
                    "target": {"kind": "followed"},
                },
            ],
        }
    ],
}


def write_config(root: Path, strategy: dict = STRATEGY) -> Path:
    (root / "strategies").mkdir(parents=True)
    (root / "indicators.yaml").write_text(
        yaml.safe_dump(CATALOG, allow_unicode=True), encoding="utf-8"
    )
    text = yaml.safe_dump(strategy, allow_unicode=True, sort_keys=False)
    (root / "strategies" / "kemi.yaml").write_text(text, encoding="utf-8")
    return root


def run_validate(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    validate.add_arguments(parser)
    return validate.run(parser.parse_args(list(argv)))


def test_valid_configuration_exits_zero_with_a_summary(tmp_path, capsys):
    assert run_validate("--config-dir", str(write_config(tmp_path))) == 0
    assert (
        capsys.readouterr().out
        == "OK: 1 indikaattori, 1 strategia / 1 indicator, 1 strategy (kemi)\n"
    )


def test_coverage_flag_prints_the_town_row(tmp_path, capsys):
    assert run_validate("--config-dir", str(write_config(tmp_path)), "--coverage") == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("kemi"))
    assert row.split() == [
        "kemi",
        "KU240",
        "2",
        "1",
        "(50",
        "%)",
        "0",
        "(0",
        "%)",
        "1",
        "(50",
        "%)",
        "0",
    ]


def test_invalid_configuration_exits_one_with_file_line_errors_on_stderr(tmp_path, capsys):
    strategy = {**STRATEGY, "peers": ["KU851", "KU999"]}
    assert run_validate("--config-dir", str(write_config(tmp_path, strategy))) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = (tmp_path / "strategies" / "kemi.yaml").read_text(encoding="utf-8").splitlines()
    peer_line = lines.index("- KU999") + 1
    assert captured.err.splitlines() == [
        f"strategies/kemi.yaml:{peer_line} peers[1]: unknown municipality code KU999 — hint: "
        "did you mean KU992 (Äänekoski), KU989 (Ähtäri) or KU599 (Pedersören kunta)? "
        "The codes are in data/reference/municipalities.csv",
        "Konfiguraatiossa on 1 virhe / 1 problem in the configuration",
    ]


def test_json_output_lists_issues_for_tools(tmp_path, capsys):
    strategy = {**STRATEGY, "municipality": "240"}
    assert (
        run_validate("--config-dir", str(write_config(tmp_path, strategy)), "--format", "json") == 1
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    assert [(i["file"], i["line"], i["path"]) for i in payload["issues"]] == [
        ("strategies/kemi.yaml", 2, "municipality")
    ]


def test_json_output_with_coverage_when_valid(tmp_path, capsys):
    assert (
        run_validate("--config-dir", str(write_config(tmp_path)), "--coverage", "--format", "json")
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True and payload["towns"] == ["kemi"]
    assert payload["coverage"]["towns"][0]["counts"] == {
        "automatic": 1,
        "manual": 0,
        "qualitative": 1,
    }


def test_config_dir_comes_from_the_environment_when_not_given(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MITTARISTO_CONFIG_DIR", str(write_config(tmp_path)))
    assert run_validate() == 0
    assert capsys.readouterr().out.startswith("OK: 1 indikaattori")


def test_reference_list_supplies_municipality_codes_and_names():
    names = project.municipality_names()
    assert len(names) == 308 and {"KU111", "KU240", "KU422", "KU593"} <= set(names)
    assert names["KU111"] == "Heinola"


def test_config_code_does_not_import_streamlit():
    code = (
        "import sys; sys.modules['streamlit'] = None; "
        "import mittaristo.config.load, mittaristo.config.coverage, loaders.commands.validate"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_better_is_cross_checked_against_each_targets_direction(tmp_path, capsys):
    """A rising-unemployment target on an indicator where lower is better: one of the two is
    written wrong, and validate says which line and what to write."""
    uses = STRATEGY["goals"][0]["indicators"]
    wrong = [
        {**uses[0], "target": {"kind": "direction", "direction": "increase"}},
        {**uses[0], "id": "tyottomyys2", "target": {"kind": "at_least", "value": 5, "by": 2025}},
        {**uses[0], "id": "tyottomyys3", "target": {"kind": "vs_peers", "relation": "at_least"}},
        {**uses[0], "id": "tyottomyys4", "target": {"kind": "at_most", "value": 5, "by": 2025}},
        uses[1],
    ]
    strategy = {**STRATEGY, "goals": [{**STRATEGY["goals"][0], "indicators": wrong}]}
    assert (
        run_validate("--config-dir", str(write_config(tmp_path, strategy)), "--format", "json") == 1
    )
    issues = json.loads(capsys.readouterr().out)["issues"]
    found = {i["path"]: i for i in issues}
    assert set(found) == {
        "goals[0].indicators[0].target.kind",
        "goals[0].indicators[1].target.kind",
        "goals[0].indicators[2].target.kind",
    }, issues  # the at_most target (the 4th) agrees with better: lower
    first = found["goals[0].indicators[0].target.kind"]
    assert "better: lower for 'tyottomat'" in first["message"]
    assert "direction: decrease" in first["hint"]
    assert "kind: at_most" in found["goals[0].indicators[1].target.kind"]["hint"]
    assert "relation: at_most" in found["goals[0].indicators[2].target.kind"]["hint"]
    assert all(i["file"] == "strategies/kemi.yaml" and i["line"] for i in found.values())
