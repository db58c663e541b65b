"""Import case table (tests/imports_cases/cases.csv): real and written files of every input class
of issue 12, through `python -m loaders import` as a user runs it.

A `stored` case is compared cell by cell with its hand-written `<file>.expected.csv` (an
independent reading of the file: region, period, dimensions, value, symbol), and the import's
summary must add up (cells read = rows stored + cells refused). A refused case must print the
exact message (it names the file, and the line or dimension), exit 1 and leave the database
byte-for-byte unchanged; a report of a town still builds after any refusal.
Provenance of every file: tests/imports_cases/README.md.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import shutil
from pathlib import Path

import duckdb
import pytest

from loaders.cli import main as loaders_main
from tests.conftest import shared_fixture

HERE = Path(__file__).resolve().parent / "imports_cases"
CASES = list(csv.DictReader((HERE / "cases.csv").open(encoding="utf-8", newline="")))
JSONSTAT = "pxweb_v1_statfin_11re_query_helsinki_5y_jsonstat2.json"


def run(*args: object) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = loaders_main([str(a) for a in args])
    return code, out.getvalue()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cases_database(db: Path) -> Path:
    """A database holding the Sotkanet regions list and a real StatFin answer (both read in
    place from ../shared/fixtures): the cases' starting point."""
    code, out = run("import", shared_fixture("sotkanet_1.1_regions.json"),
                    "--format", "sotkanet-regions", "--db", db)  # fmt: skip
    assert code == 0, out
    code, out = run("import", shared_fixture(JSONSTAT), "--format", "jsonstat2", "--db", db)
    assert code == 0, out
    return db


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    return cases_database(tmp_path_factory.mktemp("db") / "mittaristo.duckdb")


@pytest.fixture
def db(base_db, tmp_path) -> Path:
    target = tmp_path / "mittaristo.duckdb"
    shutil.copyfile(base_db, target)
    return target


def rows_of(db: Path, dataset: str) -> list[tuple]:
    sql = """SELECT region, period, dimensions, value, symbol FROM observations
             WHERE dataset = ? ORDER BY region, period, dimensions"""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, [dataset]).fetchall()


def expected_rows(path: Path) -> list[tuple]:
    with path.open(encoding="utf-8", newline="") as handle:
        out = [
            (r["region"], r["period"], r["dimensions"], float(r["value"]) if r["value"] else None,
             r["symbol"] or None)
            for r in csv.DictReader(handle, delimiter=";")
        ]  # fmt: skip
    return sorted(out, key=lambda r: (r[0], r[1], r[2]))


def dataset_of(case: dict) -> str:
    if case["format"] == "manual-csv":
        return "manual"
    if case["format"] == "jsonstat2":
        data = (HERE / case["file"]).read_bytes()
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text"
        doc = json.loads(data.decode("utf-16" if utf16 else "utf-8-sig"))
        return doc["extension"]["px"]["tableid"]
    return Path(case["file"]).stem


def metadata_args(case: dict) -> list[object]:
    """`--metadata FILE` for a PxWeb CSV case: a file of this folder or, `shared:…`, a recorded
    StatFin metadata answer read in place."""
    name = case.get("metadata") or ""
    if not name:
        return []
    if name.startswith("shared:"):
        return ["--metadata", shared_fixture(name.removeprefix("shared:"))]
    return ["--metadata", HERE / name]


def test_the_table_is_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)) and len(CASES) >= 30
    for case in CASES:
        assert (HERE / case["file"]).is_file(), case["file"]
        if case["metadata"] and not case["metadata"].startswith("shared:"):
            assert (HERE / case["metadata"]).is_file(), case["metadata"]
        if case["expect"] == "stored":
            assert (HERE / case["file"]).with_suffix(".expected.csv").is_file(), case["id"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in CASES])
def test_case(case, db):
    path = HERE / case["file"]
    before = sha(db)
    code, out = run("import", path, "--format", case["format"], "--db", db, *metadata_args(case))
    if case["expect"] != "stored":
        assert code == 1, out
        assert case["expect"] in out, out
        assert out.lstrip().split(":", 1)[0].endswith(path.name.split(".")[0]) or path.name in out
        assert sha(db) == before, "a refused import changed the database"
        return
    assert code == 0, out
    want = expected_rows(path.with_suffix(".expected.csv"))
    got = [(r[0], r[1], r[2], None if r[3] is None or math.isnan(r[3]) else r[3], r[4])
           for r in rows_of(db, dataset_of(case))]  # fmt: skip
    assert got == want
    assert f"read {len(want)} cells: {len(want)} rows stored, 0 cells refused" in out


def test_one_element_status_applies_to_every_cell(db):
    code, out = run("import", HERE / "jsonstat2_one_element_status.json", "--format", "jsonstat2",
                    "--db", db)  # fmt: skip
    assert code == 0, out
    assert [r[4] for r in rows_of(db, "case12")] == ["..", ".."]


def test_recorded_statfin_answer_is_stored_cell_by_cell(base_db):
    """The real StatFin answer (CC BY 4.0, read in place): every value, at its own cell."""
    doc = json.loads(shared_fixture(JSONSTAT).read_text(encoding="utf-8"))
    years = doc["dimension"]["timeperiod_y"]["category"]["index"]
    got = {r[1]: r[3] for r in rows_of(base_db, "11re")}
    assert got == {year: doc["value"][pos] for year, pos in years.items()}


def test_sotkanet_recorded_csv_counts_add_up(db):
    """The recorded Sotkanet CSV: rows read = rows stored + rows of regions outside our list."""
    path = shared_fixture("sotkanet_1.1_csv_indicator127_2009_total.csv")
    lines = [x for x in path.read_text(encoding="utf-8-sig").splitlines()[1:] if x.strip()]
    code, out = run("import", path, "--format", "sotkanet-csv", "--db", db)
    assert code == 0, out
    stored = len(rows_of(db, "127"))
    head = next(x for x in out.splitlines() if x.startswith("imported"))
    assert (
        f"read {len(lines)} cells: {stored} rows stored, {len(lines) - stored} cells refused"
        in head
    )


def test_a_report_builds_after_refused_imports(db, tmp_path):
    from mittaristo.config.load import load_config
    from mittaristo.settings import PROJECT_DIR
    from reports.build import build_report

    heinola = HERE / "kuntien_avainluvut_2025_aikasarja.csv"  # Heinola's jobs (M152), written
    code, out = run("import", heinola, "--format", "pxweb-csv", "--db", db)
    assert code == 0 and "tyopaikat: 2 rows" in out, out
    for case in CASES:
        if case["expect"] != "stored":
            args = ("--format", case["format"], "--db", db, *metadata_args(case))
            assert run("import", HERE / case["file"], *args)[0] == 1
    config = load_config(PROJECT_DIR)
    out = build_report("heinola", "xlsx", "fi", tmp_path / "h.xlsx", config=config, db_path=db,
                       edits_path=tmp_path / "edits.duckdb")  # fmt: skip
    assert out.stat().st_size > 0


def test_source_note_is_stored_as_written_and_shown(db):
    """The manual file's source_note is kept with its value (U+000B and all) and shown on the
    indicator page in one line; a database written before notes were kept gains the table."""
    from mittaristo import store
    from mittaristo.presentation import source_note_lines

    with duckdb.connect(str(db)) as con:
        con.execute("DROP TABLE IF EXISTS source_note")  # a database of the previous version
    assert store.source_notes(db, "asukaskysely_hyvinvointikokemus", "KU111") == {}
    path = HERE / "manual_source_note_vt.csv"
    code, out = run("import", path, "--format", "manual-csv", "--db", db)
    assert code == 0, out
    notes = store.source_notes(db, "asukaskysely_hyvinvointikokemus", "KU111")
    assert notes == {"2024": "Kuntalaiskysely 2024\x0brivi 2 (kirjoitettu testiä varten)"}
    assert source_note_lines(notes, "fi") == [
        "Lähdehuomautus (2024): Kuntalaiskysely 2024 rivi 2 (kirjoitettu testiä varten)"
    ]


# --------------------------------------------------------------------------- one table, three languages
# No recording of one table in two languages exists in ../shared/fixtures (PROVENANCE.md), so the
# Swedish and English downloads are made here from the recorded Finnish ones by translating their
# labels only (codes and values untouched). The wording is this test's own translation, not a
# confirmed StatFin label; what matters is that it differs from the Finnish.
META_11RE = "2026/statfin-11re-metadata-fi-2026.json"
LABELS = {
    "sv": {"Alue": "Område", "Ikä": "Ålder", "Sukupuoli": "Kön", "Vuosi": "År",
           "Tiedot": "Uppgifter", "Yhteensä": "Totalt", "Miehet": "Män", "Naiset": "Kvinnor",
           "Väestö 31.12.": "Befolkning 31.12.", "KOKO MAA": "HELA LANDET"},
    "en": {"Alue": "Area", "Ikä": "Age", "Sukupuoli": "Sex", "Vuosi": "Year",
           "Tiedot": "Information", "Yhteensä": "Total", "Miehet": "Males",
           "Naiset": "Females", "Väestö 31.12.": "Population 31 Dec", "KOKO MAA": "WHOLE COUNTRY"},
}  # fmt: skip


def translate(text: str, lang: str) -> str:
    """A Finnish label in `lang` (municipality names from the reference classification)."""
    from mittaristo.reference import municipalities

    if text in LABELS[lang]:
        return LABELS[lang][text]
    by_fi = {a.name_fi: a for a in municipalities().values()}
    place = by_fi.get(text)
    return (place.name_sv if lang == "sv" else place.name_en) if place else text


def translated_jsonstat(lang: str) -> dict:
    doc = json.loads(shared_fixture(JSONSTAT).read_text(encoding="utf-8"))
    for dim in doc["dimension"].values():
        dim["label"] = translate(dim["label"], lang)
        labels = dim["category"].get("label") or {}
        dim["category"]["label"] = {k: translate(v, lang) for k, v in labels.items()}
    doc["label"] = f"{doc['label']} ({lang}, translated by the test)"
    doc["extension"]["px"]["language"] = lang
    return doc


def translated_metadata(lang: str) -> dict:
    doc = json.loads(shared_fixture(META_11RE).read_text(encoding="utf-8"))
    for var in doc["variables"]:
        var["text"] = translate(var["text"], lang)
        var["valueTexts"] = [translate(t, lang) for t in var["valueTexts"]]
    return doc


def csv_download(lang: str | None) -> str:
    """The recorded 11re answer (Helsinki 2021–2025) as the CSV a download in `lang` gives:
    stubs Alue, Ikä, Sukupuoli, Tiedot; one value column per year."""
    doc = json.loads(shared_fixture(JSONSTAT).read_text(encoding="utf-8"))
    say = (lambda t: t) if lang is None else (lambda t: translate(t, lang))
    years = list(doc["dimension"]["timeperiod_y"]["category"]["index"])
    head = [say("Alue"), say("Ikä"), say("Sukupuoli"), say("Tiedot"), *years]
    row = [f"KU091 {say('Helsinki')}", say("Yhteensä"), say("Yhteensä"), say("Väestö 31.12.")]
    line = ";".join(f'"{c}"' for c in [*head]) + "\n" + ";".join(f'"{c}"' for c in row)
    return f'"{say("Väestö 31.12.")} 11re"\n\n{line};' + ";".join(map(str, doc["value"])) + "\n"


def series_of(db: Path) -> dict[tuple, int]:
    sql = """SELECT source, dataset, measure, dimensions, count(*) FROM observations
             WHERE dataset = '11re' GROUP BY ALL"""
    with duckdb.connect(str(db), read_only=True) as con:
        return {tuple(r[:4]): r[4] for r in con.execute(sql).fetchall()}


def test_fi_sv_en_downloads_of_one_table_are_one_series(tmp_path):
    """json-stat2 in fi (recorded), sv and en, and CSV in fi (recorded metadata) and sv (its
    metadata translated) into one database: one series of 5 cells, as the Finnish file alone."""
    alone = tmp_path / "alone.duckdb"
    assert run("import", shared_fixture(JSONSTAT), "--format", "jsonstat2", "--db", alone)[0] == 0
    want = series_of(alone)
    assert want == {
        ("pxweb", "11re", "vaerak-vaesto", "ikaryhma_10_20180101=SSS;sukupuoli_9_20180101=SSS"): 5
    }
    db = tmp_path / "all.duckdb"
    shutil.copyfile(alone, db)
    for lang in ("sv", "en"):
        path = tmp_path / f"11re_{lang}.json"
        path.write_text(json.dumps(translated_jsonstat(lang), ensure_ascii=False), "utf-8")
        code, out = run("import", path, "--format", "jsonstat2", "--db", db)
        assert code == 0 and "read 5 cells: 5 rows stored, 0 cells refused" in out, out
    meta_sv = tmp_path / "11re_sv.meta.json"
    meta_sv.write_text(json.dumps(translated_metadata("sv"), ensure_ascii=False), "utf-8")
    for lang, meta in ((None, shared_fixture(META_11RE)), ("sv", meta_sv)):
        path = tmp_path / f"11re_{lang or 'fi'}.csv"
        path.write_text(csv_download(lang), "utf-8")
        code, out = run("import", path, "--format", "pxweb-csv", "--dataset", "11re",
                        "--metadata", meta, "--db", db)  # fmt: skip
        assert code == 0 and "5 rows stored" in out, out
    assert series_of(db) == want
    assert rows_of(db, "11re") == rows_of(alone, "11re")


def test_a_swedish_csv_without_its_metadata_is_stored_by_label_and_says_so(db):
    """Without the metadata no code is known: every cell is still stored (an analyst's real
    download must import), keyed by the file's labels, and the import says that a download in
    another language would be another series and how to avoid it."""
    path = db.parent / "11re_sv.csv"
    path.write_text(csv_download("sv"), "utf-8")
    code, out = run("import", path, "--format", "pxweb-csv", "--dataset", "11re", "--db", db)
    assert code == 0, out
    assert "read 5 cells: 5 rows stored, 0 cells refused" in out, out
    assert "warning: 11re_sv.csv: stored by the file's labels ('Ålder'" in out, out
    assert "--metadata FILE" in out and "json-stat2" in out
    assert len([r for r in rows_of(db, "11re") if "Ålder=Totalt" in r[2]]) == 5


def test_three_value_columns_without_metadata_keep_every_cell(db):
    """The issue's first case, as a user downloads it: three value columns (total / men /
    women), no metadata — three cells per row stored, none dropped, a warning about labels."""
    path = HERE / "pxweb_three_value_columns.csv"
    expected = list(
        csv.reader((HERE / "pxweb_three_value_columns.expected.csv").open(encoding="utf-8"))
    )
    code, out = run("import", path, "--format", "pxweb-csv", "--db", db)
    assert code == 0, out
    stored = rows_of(db, "pxweb_three_value_columns")
    assert len(stored) == len(expected) - 1  # the expected file has a header line
    assert f"{len(stored)} rows stored, 0 cells refused" in out, out
    assert "stored by the file's labels ('Tiedot', the value columns' headings)" in out
