"""Issue 12's acceptance as a user runs it: after refused imports of every refusal class the
database is byte-for-byte the same and `python -m reports build` still writes the XLSX and the
PDF; and RELIABILITY.md's counts of the import cases are the counts of cases.csv."""

from __future__ import annotations

import collections
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_import_cases import (
    CASES,
    HERE,
    cases_database,
    metadata_args,
    run,
    sha,
)

ROOT = Path(__file__).resolve().parents[1]
# Each refusal class of the issue and the cases of cases.csv that stand for it.
CLASSES = {
    "region": ("pxweb_norway_price_regions", "pxweb_postal_areas", "jsonstat2_norway_regions",
               "real_ige_galicia_provinces"),
    "not Finland": ("pxweb_sweden_national", "jsonstat2_greenland_national",
                    "jsonstat2_spain_national", "real_icane_cantabria_national"),
    "period": ("pxweb_month_13", "pxweb_quarter_5", "pxweb_year_dash_1", "jsonstat2_month_13"),
    "value": ("pxweb_boolean", "pxweb_nan", "pxweb_infinity", "pxweb_400_digits",
              "jsonstat2_true", "jsonstat2_nan_literal", "sotkanet_boolean"),
    "duplicate": ("pxweb_duplicate_cell", "sotkanet_duplicate_row_csv",
                  "sotkanet_duplicate_row_json", "jsonstat2_repeated_category_code",
                  "jsonstat2_repeated_key"),
    "limits": ("deep_nesting",),
    "json-stat 1.0 / collection": ("jsonstat1_bundle", "jsonstat2_collection_of_two",
                                   "real_scb_jsonstat1_norrbotten"),
}  # fmt: skip
MANUAL_REFUSED = (  # a manual file: a duplicate line and an impossible period
    "town,indicator,period,value\nheinola,suosittelu_tyopaikkana,2024,70\n"
    "heinola,suosittelu_tyopaikkana,2024,71\nheinola,suosittelu_tyopaikkana,2024M13,72\n"
)


@pytest.fixture
def stats_db(tmp_path) -> Path:
    """The cases' database: the Sotkanet regions list and a real StatFin answer."""
    return cases_database(tmp_path / "mittaristo.duckdb")


def _build(database: Path, edits: Path, out: Path, fmt: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MITTARISTO_DB": str(database), "MITTARISTO_EDITS_DB": str(edits)}
    env.pop("MITTARISTO_CONFIG_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "reports", "build", "--town", "heinola", "--format", fmt,
         "--out", str(out), "--quiet"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_refusals_of_every_class_leave_the_db_unchanged_and_reports_build(stats_db, tmp_path):
    db = stats_db
    by_id = {c["id"]: c for c in CASES}
    for ids in CLASSES.values():
        for case_id in ids:
            assert by_id[case_id]["expect"] != "stored", case_id
    heinola = HERE / "kuntien_avainluvut_2025_aikasarja.csv"  # Heinola's jobs (M152)
    code, out = run("import", heinola, "--format", "pxweb-csv", "--db", db)
    assert code == 0, out
    before = sha(db)
    refused = [c for c in CASES if c["expect"] != "stored"]
    for case in refused:
        args = ("--format", case["format"], "--db", db, *metadata_args(case))
        code, out = run("import", HERE / case["file"], *args)
        assert code == 1 and case["expect"] in out, (case["id"], out)
    manual = tmp_path / "arvot.csv"
    manual.write_text(MANUAL_REFUSED, encoding="utf-8")
    code, out = run("import", manual, "--format", "manual-csv", "--db", db)
    assert code == 1 and "arvot.csv:3: duplicate of line 2" in out and "2024M13" in out, out
    assert sha(db) == before, "a refused import changed the database"
    edits = tmp_path / "edits.duckdb"
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        target = tmp_path / f"heinola.{fmt}"
        result = _build(db, edits, target, fmt)
        assert result.returncode == 0, result.stderr[-2000:]
        assert target.read_bytes()[: len(magic)] == magic
    assert sha(db) == before  # building reports only reads


def test_reliability_counts_are_the_counts_of_cases_csv():
    """The line of RELIABILITY.md that counts the import cases, against cases.csv."""
    formats = collections.Counter(c["format"] for c in CASES)
    stored = sum(c["expect"] == "stored" for c in CASES)
    real = sum(c["file"].startswith("real/") for c in CASES)
    json_stat = formats["jsonstat2"]
    sotkanet = sum(n for f, n in formats.items() if f.startswith("sotkanet-"))
    assert (
        sum(formats.values()) == json_stat + sotkanet + formats["pxweb-csv"] + formats["manual-csv"]
    ), formats  # every format is one of the counted kinds
    text = (ROOT / "RELIABILITY.md").read_text(encoding="utf-8")
    line = next(r for r in text.splitlines() if "import cases of issue 12" in r)
    assert f"{stored} stored cell by cell, {len(CASES) - stored} refused" in line, line
    found = re.search(
        r"\| (\d+) \((\d+) PxWeb CSV, (\d+) json-stat — (\d+) of them real files[^—]*—,\s*(\d+) "
        r"Sotkanet, (\d+) manual\)",
        line,
    )
    assert found, line
    assert [int(g) for g in found.groups()] == [
        len(CASES), formats["pxweb-csv"], json_stat, real, sotkanet, formats["manual-csv"]
    ]  # fmt: skip


def test_a_manual_values_source_note_goes_into_the_xlsx_and_the_pdf(stats_db, tmp_path):
    """Issue 12 point 7: the note stored with Heinola's survey value (U+000B and all) is in the
    workbook's data sheet next to its value and under the mittari in the PDF, in one line."""
    import openpyxl
    from pypdf import PdfReader

    from mittaristo.config.load import load_config
    from reports.build import build_report

    for path, fmt in ((HERE / "kuntien_avainluvut_2025_aikasarja.csv", "pxweb-csv"),
                      (HERE / "manual_source_note_vt.csv", "manual-csv")):  # fmt: skip
        code, out = run("import", path, "--format", fmt, "--db", stats_db)
        assert code == 0, out
    config = load_config(ROOT)
    note = "Kuntalaiskysely 2024 rivi 2 (kirjoitettu testiä varten)"  # U+000B as a space
    edits = tmp_path / "edits.duckdb"
    xlsx = build_report("heinola", "xlsx", "fi", tmp_path / "h.xlsx", config=config,
                        db_path=stats_db, edits_path=edits)  # fmt: skip
    book = openpyxl.load_workbook(xlsx)
    data = next(ws for ws in book.worksheets if "Lähdehuomautus" in _values(ws))
    rows = [[c.value for c in r] for r in data.iter_rows()]
    header = next(r for r in rows if "Lähdehuomautus" in r)
    col = header.index("Lähdehuomautus")
    with_note = [r for r in rows if r[col] and r is not header]
    assert len(with_note) == 1, with_note  # the 2024 value only; 2025 has none
    # the soft line break as the export writes it (reports.text.export_text: a line break)
    assert with_note[0][col] == "Kuntalaiskysely 2024\nrivi 2 (kirjoitettu testiä varten)"
    assert with_note[0][2] == "2024" and with_note[0][3] == 72.5
    pdf = build_report("heinola", "pdf", "fi", tmp_path / "h.pdf", config=config,
                       db_path=stats_db, edits_path=edits)  # fmt: skip
    text = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert f"Lähdehuomautus (2024): {note}" in " ".join(text.split())


def _values(ws) -> list:
    return [c.value for r in ws.iter_rows(max_row=12) for c in r]


def test_the_indicator_tables_csv_and_xlsx_carry_the_source_note(stats_db):
    """The indicator page's CSV/XLSX downloads of a manual mittari: the note beside its value."""
    import io

    import openpyxl
    import pandas as pd

    from mittaristo import store
    from mittaristo.i18n import t
    from mittaristo.tables import csv_bytes, xlsx_bytes
    from ui.views import with_source_notes

    code, out = run("import", HERE / "manual_source_note_vt.csv", "--format", "manual-csv",
                    "--db", stats_db)  # fmt: skip
    assert code == 0, out
    notes = store.source_notes(stats_db, "asukaskysely_hyvinvointikokemus", "KU111")
    table = pd.DataFrame({t("col_period", "fi"): ["2024", "2025"], "Heinola": [72.5, 1234.5]})
    shown = with_source_notes(table, notes, "fi")
    text = csv_bytes(shown, "fi").decode("utf-8-sig").splitlines()
    assert text[0] == f"{t('col_period', 'fi')};Heinola;Lähdehuomautus"
    assert text[1] == "2024;72,5;Kuntalaiskysely 2024 rivi 2 (kirjoitettu testiä varten)"
    assert text[2] == "2025;1234,5;"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(shown, "h"))).active
    assert sheet.cell(2, 3).value == "Kuntalaiskysely 2024 rivi 2 (kirjoitettu testiä varten)"
    assert with_source_notes(table, {}, "fi") is table  # no notes: the table as it was
