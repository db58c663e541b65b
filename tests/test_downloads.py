"""Table downloads in the reader's convention (issue 15 point 7): fi/sv CSV with `;`, decimal
comma and a UTF-8 BOM (Finnish Excel), en with `,` and dot; an XLSX with numeric cells."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from mittaristo.tables import csv_bytes, ranking_numbers, ranking_table, xlsx_bytes

# Kemi and Tornio, unemployment rate 2024 (values as the ranking table carries them)
SHOWN = pd.DataFrame(
    {
        "region": ["KU851", "KU240"],
        "period": ["2024", "2024"],
        "value": [9.8, 12795.25],
        "rank": [1, 2],
    }
)


def test_finnish_csv_has_bom_semicolons_and_decimal_commas():
    data = csv_bytes(ranking_numbers(SHOWN, ["Tornio", "Kemi"], "fi"), "fi")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines() == [
        "Sija;Alue;Ajankohta;Arvo",
        "1;Tornio;2024;9,8",
        "2;Kemi;2024;12795,25",
    ]


def test_swedish_csv_is_the_same_convention_with_swedish_headers():
    text = csv_bytes(ranking_numbers(SHOWN, ["Torneå", "Kemi"], "sv"), "sv").decode("utf-8-sig")
    header, first, _ = text.splitlines()
    assert ";" in header and first.endswith(";9,8")


def test_english_csv_has_commas_dots_and_no_bom():
    data = csv_bytes(ranking_numbers(SHOWN, ["Tornio", "Kemi"], "en"), "en")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode().splitlines()[2] == "2,Kemi,2024,12795.25"


def test_unknown_language_is_an_error():
    with pytest.raises(ValueError):
        csv_bytes(SHOWN, "de")


def test_xlsx_keeps_numbers_as_numbers():
    book = openpyxl.load_workbook(
        io.BytesIO(xlsx_bytes(ranking_numbers(SHOWN, ["T", "K"], "fi"), "kemi"))
    )
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["Sija", "Alue", "Ajankohta", "Arvo"]
    assert sheet["D3"].value == 12795.25 and sheet["A3"].value == 2


def test_table_alternative_numbers_are_finnish():
    from pathlib import Path

    from mittaristo.config.load import load_config

    ind = load_config(Path(__file__).resolve().parents[1]).catalog.by_id()["tyottomyysaste"]
    text = ranking_table(SHOWN, ["Tornio", "Kemi"], ind, "fi")
    value = text.iloc[1, 3]
    assert "," in value and "." not in value and "\u00a0" in value  # 12 795,3 %
