"""Manual values: Finnish spreadsheet habits are accepted, every mistake is reported with its line.

All inputs are made up (tests/data/README.md); none is an official figure.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from loaders.base import ImportRejected
from loaders.manual import parse_manual_file, parse_number, parse_period

DATA = Path(__file__).parent / "data"
TOWNS = {
    "heinola": "KU111",
    "KU111": "KU111",
    "Heinola": "KU111",
    "kemi": "KU240",
    "KU240": "KU240",
    "pieksamaki": "KU593",
    "Pieksämäki": "KU593",
}
IDS = {"asukastyytyvaisyys", "sairauspoissaolot"}
HEADER = "town;indicator;period;value;source_note\n"


def parse(path: Path, **kwargs):
    return parse_manual_file(path, towns=TOWNS, indicator_ids=IDS, **kwargs)


def write(tmp_path: Path, text: str, name: str = "arvot.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(tmp_path: Path, text: str, **kwargs) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        parse(write(tmp_path, text), **kwargs)
    return str(info.value).splitlines()[1:]


# --------------------------------------------------------------------------- accepted


def test_good_file_gives_observations_and_source_notes():
    result = parse(DATA / "manual_SYNTHETIC_good.csv")
    frame = result.frame.set_index(["region", "measure", "period"])
    assert frame.loc[("KU111", "asukastyytyvaisyys", "2023"), "value"] == 72.5
    assert frame.loc[("KU111", "asukastyytyvaisyys", "2024"), "value"] == 74.0
    assert frame.loc[("KU593", "sairauspoissaolot", "2024Q3"), "value"] == 1234.5
    assert frame.loc[("KU240", "sairauspoissaolot", "2024M05"), "value"] == 12.5
    assert set(result.frame["source"]) == {"manual"} and set(result.frame["dimensions"]) == {""}
    assert result.frame["symbol"].isna().all()
    assert (
        result.notes[("asukastyytyvaisyys", "KU111", "2023")] == "Kuntalaiskysely 2023 (keksitty)"
    )
    assert result.warnings == []


def test_utf8_bom_is_read(tmp_path):
    text = (DATA / "manual_SYNTHETIC_good.csv").read_text(encoding="utf-8")
    result = parse(write(tmp_path, text, encoding="utf-8-sig"))
    assert len(result.frame) == 4 and result.warnings == []


def test_latin1_with_a_umlaut_is_detected_and_noted(tmp_path):
    text = HEADER + "Pieksämäki;asukastyytyvaisyys;2024;70;Kysely (keksitty)\n"
    result = parse(write(tmp_path, text, encoding="cp1252"))
    assert result.frame["region"].tolist() == ["KU593"]
    assert "Windows-1252" in result.warnings[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234", 1234.0),
        ("-3", -3.0),
        ("\u22122,5", -2.5),
    ],
)
def test_numbers_with_comma_point_and_spaces(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1.234,5", "12,5 %", "noin 70", "1 23", ""])
def test_not_plain_numbers(text):
    assert parse_number(text) is None


def test_periods():
    assert [parse_period(p) for p in ("2024", "2024q3", "2024M05", 2024.0)] == [
        "2024",
        "2024Q3",
        "2024M05",
        "2024",
    ]
    assert [parse_period(p) for p in ("2024-05", "2024Q5", "2024M13", "24", "1850")] == [None] * 5


def test_finnish_headers_and_comma_separator(tmp_path):
    text = 'Kunta,Mittari,Vuosi,Arvo,Lähde\nheinola,asukastyytyvaisyys,2023,"72,5",kysely\n'
    result = parse(write(tmp_path, text))
    assert result.frame["value"].tolist() == [72.5]
    assert result.notes == {("asukastyytyvaisyys", "KU111", "2023"): "kysely"}


def test_xlsx_with_numeric_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kunta", "Mittari", "Kausi", "Arvo", "source note"])
    sheet.append(["Heinola", "sairauspoissaolot", 2024, 3.25, None])
    sheet.append(["KU240", "sairauspoissaolot", "2024Q1", "4,5", "HR (keksitty)"])
    book.save(tmp_path / "arvot.xlsx")
    result = parse(tmp_path / "arvot.xlsx")
    assert result.frame[["region", "period", "value"]].values.tolist() == [
        ["KU111", "2024", 3.25],
        ["KU240", "2024Q1", 4.5],
    ]


# --------------------------------------------------------------------------- rejected


def test_missing_column(tmp_path):
    assert problems(
        tmp_path, "town;indicator;period;source_note\nheinola;sairauspoissaolot;2024;x\n"
    ) == [
        "arvot.csv:1: column 'value' is missing — the first row must name the columns town, indicator, period, value, source_note"
    ]


def test_misspelt_column_is_named(tmp_path):
    found = problems(tmp_path, "town;indicator;period;vaule\nheinola;sairauspoissaolot;2024;1\n")
    assert found[0].startswith("arvot.csv:1: unknown column 'vaule' — ")
    assert found[1].startswith("arvot.csv:1: column 'value' is missing")


def test_text_in_a_number(tmp_path):
    text = HEADER + "heinola;sairauspoissaolot;2023;4;\nheinola;sairauspoissaolot;2024;noin 70;\n"
    assert problems(tmp_path, text) == [
        "arvot.csv:3: value 'noin 70' is not a number — write only the number, e.g. 12,5 or 1 234 (no units, % signs or text)"
    ]


def test_unknown_town_suggests_a_close_one(tmp_path):
    [problem] = problems(tmp_path, HEADER + "Heinol;sairauspoissaolot;2024;1;\n")
    assert problem.startswith(
        "arvot.csv:2: unknown town 'Heinol' (did you mean 'heinola'?) — use a town id"
    )


def test_unknown_indicator(tmp_path):
    [problem] = problems(tmp_path, HEADER + "kemi;tyytyvaisyys;2024;1;\n")
    assert problem.startswith("arvot.csv:2: unknown indicator 'tyytyvaisyys'")
    assert problem.endswith("— use an indicator id from indicators.yaml")


def test_bad_period(tmp_path):
    [problem] = problems(tmp_path, HEADER + "kemi;sairauspoissaolot;2024-05;1;\n")
    assert (
        problem == "arvot.csv:2: period '2024-05' is not valid — write e.g. 2024, 2024Q3 or 2024M05"
    )


def test_duplicate_after_mapping_names_the_first_line(tmp_path):
    text = (
        HEADER
        + "heinola;sairauspoissaolot;2024;1;\nkemi;sairauspoissaolot;2024;2;\nKU111;sairauspoissaolot;2024;3;\n"
    )
    assert problems(tmp_path, text) == [
        "arvot.csv:4: duplicate of line 2 (sairauspoissaolot, KU111, 2024) — keep one row per town, indicator and period"
    ]


def test_empty_file(tmp_path):
    [problem] = problems(tmp_path, "\n\n")
    assert problem.startswith("arvot.csv:1: the file is empty — ")


def test_header_without_rows(tmp_path):
    assert problems(tmp_path, HEADER) == [
        "arvot.csv:2: the file has no data rows — add one row per town, indicator, period and value"
    ]


def test_too_large_file(tmp_path):
    [problem] = problems(tmp_path, HEADER + "kemi;sairauspoissaolot;2024;1;\n", max_bytes=20)
    assert (
        "over the 2e-05 MB limit — split it into smaller files" in problem
        and problem.startswith("arvot.csv:1:")
    )


def test_empty_value_and_extra_cells(tmp_path):
    text = (
        HEADER + "kemi;sairauspoissaolot;2023;;\nkemi;sairauspoissaolot;2024;5;lähde;ylimääräinen\n"
    )
    assert problems(tmp_path, text) == [
        "arvot.csv:2: value is empty — write a number, or delete the row if there is no value",
        "arvot.csv:3: the row has more cells than the header — remove the extra cells or name the column",
    ]


def test_every_problem_is_collected_in_one_rejection(tmp_path):
    text = (
        HEADER
        + "Heinol;sairauspoissaolot;2024;1;\nkemi;x;2024;1;\nkemi;sairauspoissaolot;2024;paljon;\nkemi;sairauspoissaolot;2023;2;\n"
    )
    with pytest.raises(ImportRejected, match="arvot.csv: rejected, 3 problems") as info:
        parse(write(tmp_path, text))
    assert [line.split(":")[1] for line in str(info.value).splitlines()[1:]] == ["2", "3", "4"]


def test_excel_date_in_period_says_how_to_fix(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["town", "indicator", "period", "value"])
    book.active.append(["kemi", "sairauspoissaolot", dt.datetime(2024, 5, 1), 3])
    book.save(tmp_path / "arvot.xlsx")
    with pytest.raises(
        ImportRejected,
        match=r"arvot.xlsx:2: period '2024-05-01 00:00:00' is not valid — Excel made it a date",
    ):
        parse(tmp_path / "arvot.xlsx")


def test_old_xls_is_refused(tmp_path):
    with pytest.raises(
        ImportRejected, match=r"arvot.xls:1: old .xls files are not read — save it as .xlsx"
    ):
        parse(write(tmp_path, "x", name="arvot.xls"))


def test_broken_xlsx_is_refused(tmp_path):
    with pytest.raises(ImportRejected, match="not a readable .xlsx file"):
        parse(write(tmp_path, "town;indicator\n", name="arvot.xlsx"))


def test_the_problem_list_is_capped(tmp_path):
    """A file of 2 400 bad rows gives the first ten problems and a count, not 2 400 lines."""
    rows = (
        f"heinola;asukastyytyvaisyys;{1900 + i // 12}M{i % 12 + 1:02d};x{i};\n" for i in range(2400)
    )
    text = HEADER + "".join(rows)
    with pytest.raises(ImportRejected) as info:
        parse(write(tmp_path, text))
    lines = str(info.value).splitlines()
    assert (
        lines[1]
        == "arvot.csv:2: value 'x0' is not a number — write only the number, e.g. 12,5 or 1 234 (no units, % signs or text)"
    )
    assert len(lines) == 12 and lines[-1] == "… and 2390 more problems of the same file"
