"""`python -m mittaristo.status judge CASES.json [--lang fi|sv|en]` (contract): one JSON line per
case, every target kind, bad input named by case id and field with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mittaristo.status.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
BASE = {
    "better": "higher", "frequency": "yearly", "unit": "%", "decimals": 1,
    "adoption": "2021-12-13", "period_end": 2025, "today": "2025-06-01", "lag_months": 4,
}  # fmt: skip
HISTORY = [["2016", 7.0], ["2017", 7.1], ["2018", 6.9], ["2019", 7.2], ["2020", 7.0]]
CASES = [
    {**BASE, "id": "value", "target": {"kind": "at_most", "value": 9.0, "by": 2025}, "better": "lower",
     "series": [["2016", 12.1], ["2017", 11.5], ["2018", 11.9], ["2019", 11.6], ["2020", 12.3],
                ["2021", 11.9], ["2022", 11.7], ["2023", 12.0], ["2024", 11.8]]},
    {**BASE, "id": "direction", "target": {"kind": "direction", "direction": "decrease"},
     "better": "lower", "series": [*HISTORY, ["2021", 7.0], ["2022", 6.5], ["2023", 6.1], ["2024", 5.6]]},
    {**BASE, "id": "peers", "target": {"kind": "vs_peers", "relation": "at_most"}, "better": "lower",
     "series": [*HISTORY, ["2021", 7.1], ["2022", 7.3], ["2023", 7.0], ["2024", 7.2], ["2025", 7.1]],
     "peers": {"A": [[str(y), 9.0 + 0.1 * (y % 2)] for y in range(2016, 2025)],
               "B": [[str(y), 10.0] for y in range(2016, 2025)],
               "C": [["2025", 11.0]]}},
    {**BASE, "id": "milestone", "target": {"kind": "milestone", "description": "Kotoutumisohjelma",
                                           "by": "2022-06-30", "done_on": "2023-02-01"}, "series": []},
    {**BASE, "id": "followed", "target": {"kind": "followed", "every_months": 12},
     "series": [["2022", 5], ["2023", 6], ["2024", None, ".."]]},
    {**BASE, "id": "withheld", "target": {"kind": "at_least", "value": 8.0, "by": 2025},
     "series": [*HISTORY, ["2021", 7.1], ["2022", 7.3], ["2023", None, ".."]], "today": "2024-06-01"},
]  # fmt: skip
EXPECTED = {
    "value": ("too_slow", False),
    "direction": ("on_track", False),
    "peers": ("achieved", False),
    "milestone": ("achieved", True),
    "followed": ("reported", False),
    "withheld": ("no_clear_change", False),
}


def write(tmp_path: Path, cases: object) -> Path:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    return path


def test_judge_answers_every_target_kind_as_json_lines(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "mittaristo.status", "judge", str(write(tmp_path, CASES))],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["id"] for d in lines] == [c["id"] for c in CASES]
    for out in lines:
        assert set(out) == {"id", "status", "late", "sentence", "facts"}
        assert (out["status"], out["late"]) == EXPECTED[out["id"]], out["sentence"]
        assert out["sentence"].endswith((".", "”")) and out["facts"]["reason"]
    by_id = {d["id"]: d for d in lines}
    assert "viimeistään" not in by_id["value"]["sentence"]  # Finnish by default
    assert by_id["peers"]["facts"]["peer"]["period"] == "2024"  # 2025: only 1 of 3 peers
    assert "Verrattu kauteen 2024" in by_id["peers"]["sentence"]
    assert "(2023)" in by_id["withheld"]["sentence"] and "”..”" in by_id["withheld"]["sentence"]
    assert (
        by_id["value"]["facts"]["noise_sd"] > 0 and by_id["value"]["facts"]["lag_assumed"] is False
    )


@pytest.mark.parametrize(
    ("lang", "word"), [("sv", "Det senaste värdet"), ("en", "The latest value")]
)
def test_judge_speaks_the_asked_language(tmp_path, capsys, lang, word):
    assert main(["judge", str(write(tmp_path, CASES[:1])), "--lang", lang]) == 0
    assert word in json.loads(capsys.readouterr().out)["sentence"]


def test_judge_reads_standard_input(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(CASES[:2])))
    assert main(["judge", "-"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_lag_is_assumed_when_absent_and_said_so(tmp_path, capsys):
    case = {k: v for k, v in CASES[0].items() if k != "lag_months"}
    assert main(["judge", str(write(tmp_path, [case]))]) == 0
    facts = json.loads(capsys.readouterr().out)["facts"]
    assert facts["lag_assumed"] is True and facts["lag_months"] == 12


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"series": [["2024-05", 1.0]]}, "series[0][0]"),
        ({"series": [["2024", "12,3"]]}, "series[0][1]"),
        ({"series": [["2024", 1.0, ".."]]}, "series[0][2]"),
        ({"better": "up"}, "better"),
        ({"frequency": "weekly"}, "frequency"),
        ({"today": "2.12.2026"}, "today"),
        ({"decimals": 1.5}, "decimals"),
        ({"target": {"kind": "at_least", "by": 2025}}, "target.at_least.value"),
        ({"target": {"kind": "someday"}}, "target"),
        ({"peers": {"A": [["2024"]]}}, "peers.A[0]"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_names_the_case_and_the_field_and_judges_nothing(tmp_path, capsys, change, field):
    bad = {**CASES[1], "id": "kemi-7", **change}
    assert main(["judge", str(write(tmp_path, [CASES[0], bad]))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing judged when any case is bad
    assert "case 'kemi-7'" in captured.err and f"field '{field}" in captured.err, captured.err


def test_a_missing_field_and_a_duplicate_id_are_named(tmp_path, capsys):
    missing = {k: v for k, v in CASES[1].items() if k != "adoption"}
    assert main(["judge", str(write(tmp_path, [CASES[0], CASES[0], missing]))]) == 2
    err = capsys.readouterr().err
    assert "#2: case 'value': field 'id': duplicate id" in err
    assert "#3: case 'direction': field 'adoption': missing (required)" in err


def test_bad_json_and_a_missing_file_exit_two(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "x",\n  "target": }]', encoding="utf-8")
    assert main(["judge", str(path)]) == 2
    assert "broken.json:2:13: not valid JSON" in capsys.readouterr().err
    assert main(["judge", str(tmp_path / "nope.json")]) == 2
    assert main(["judge", str(write(tmp_path, {"id": 1}))]) == 2
    assert "expected a JSON list of cases" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_unit_ending_in_a_dot_takes_the_full_stop(tmp_path, capsys, lang):
    """'19 150 as..' is a typo a council member sees: the unit's dot ends the sentence."""
    case = {
        **BASE, "id": "pop", "unit": "as.", "decimals": 0, "today": "2026-12-02",
        "target": {"kind": "direction", "direction": "increase", "by": 2025},
        "series": [[str(y), 20100 - 140 * (y - 2018)] for y in range(2018, 2026)],
    }  # fmt: skip
    assert main(["judge", str(write(tmp_path, [case])), "--lang", lang]) == 0
    sentence = json.loads(capsys.readouterr().out)["sentence"]
    assert "as." in sentence
    assert ".." not in sentence
