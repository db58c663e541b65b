"""Issue 12 point 6: control characters in names, notes, editor reports, action texts and a
manual value's source note. Every export (the XLSX workbook, the PDF review, the PPTX deck, the
dashboard's CSV and XLSX downloads) writes a valid file that shows the text without them, and
the databases and the configuration keep the text as written.

The hostile text goes in the way a user puts it in: a manual CSV through `python -m loaders
import`, a note and a report through the edits API, an action's text in the strategy YAML (as
YAML escapes). The packs are read back with openpyxl, pypdf and python-pptx.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from mittaristo import edits, store
from mittaristo.config.load import load_config
from mittaristo.safetext import export_text
from mittaristo.tables import csv_bytes, xlsx_bytes
from reports.build import build_report
from reports.common import heading
from tests.test_import_cases import cases_database, run

ROOT = Path(__file__).resolve().parents[1]
TOWN, INDICATOR, USE = "heinola", "asukaskysely_hyvinvointikokemus", "asukkaan-hyvinvointikokemus"
FOLLOWED = "kestavan-kasvun-indeksi"  # a followed mittari: its Toteuma is an editor's report
ACTION = "ro-tyonantaja-04"
EDITOR = edits.Editor("Testi Tekijä", "cli")
# NUL, SOH, Word's soft line break (U+000B), US, DEL, NEL (U+0085), a C1 control and the two
# XML non-characters: what lxml (XLSX, PPTX) refuses and what the PDF font has no glyph for.
HOSTILE = "A\x00B\x01C\x0bD\x1fE\x7fF\x85G\x9fH\ufffeI\uffffJ"
CLEAN = "ABC\nDEF\nGHIJ"  # the export rule: separators as line breaks, the rest dropped
NOT_EXPORTED = {*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\ufffe", "\uffff"} - {
    "\t",
    "\n",
}


def _bad(text: str) -> set[str]:
    return set(text) & NOT_EXPORTED


def test_the_export_rule_for_every_control_character():
    """Tab and newline stay; the other C0 and C1 controls and DEL are dropped, except the line
    and page separators (U+000B, U+000C, U+001C–U+001E, U+0085, U+2028/9), which become line
    breaks; a lone surrogate, which no UTF-8 file can hold, becomes U+FFFD."""
    assert export_text(HOSTILE) == CLEAN
    breaks = {0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85}
    for code in [*range(0x20), *range(0x7F, 0xA0)]:
        expected = {0x09: "a\tb", 0x0A: "a\nb"}.get(code, "a\nb" if code in breaks else "ab")
        assert export_text(f"a{chr(code)}b") == expected, hex(code)
    assert export_text("a\u2028b\u2029c\r\nd") == "a\nb\nc\nd"
    assert export_text("x\ud800y\udfffz") == "x\ufffdy\ufffdz"
    assert export_text("Säädös \u00a0€ 😀") == "Säädös \u00a0€ 😀"  # printable text untouched
    assert export_text(12.5) == 12.5 and export_text(None) is None


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict:
    """A statistics database with Heinola's survey values and hostile source notes, an edits
    database with a hostile note and report, and a configuration with a hostile action text."""
    base = tmp_path_factory.mktemp("hostile")
    db, eds = cases_database(base / "stats.duckdb"), base / "edits.duckdb"
    manual = base / "survey.csv"  # falling values: the mittari misses its target (a chart slide)
    manual.write_text(
        "town;indicator;period;value;source_note\n"
        f"{TOWN};{INDICATOR};2023;80;Kysely 2023 {HOSTILE}\n"
        f"{TOWN};{INDICATOR};2024;78;Kysely 2024\n"
        f"{TOWN};{INDICATOR};2025;70;Kysely 2025\x0brivi 2\n",
        encoding="utf-8",
    )
    code, out = run("import", manual, "--format", "manual-csv", "--db", db)
    assert code == 0, out
    cfg = base / "config"
    (cfg / "strategies").mkdir(parents=True)
    shutil.copy(ROOT / "indicators.yaml", cfg)
    yaml = (ROOT / "strategies" / f"{TOWN}.yaml").read_text(encoding="utf-8")
    plain = f"{{id: {ACTION}, text: Perehdytyksen kehittäminen}}"
    assert plain in yaml
    escaped = r'"Perehdytys\0\x01\vkehitys\x1f\x7f\N\x9f\ufffe\uffffloppu"'  # YAML escapes
    yaml = yaml.replace(plain, f"{{id: {ACTION}, text: {escaped}}}")
    (cfg / "strategies" / f"{TOWN}.yaml").write_text(yaml, encoding="utf-8")
    config = load_config(cfg)
    strategy = config.strategies[TOWN]
    period = edits.review_period(strategy, dt.date.today())
    edits.add_note(TOWN, USE, period, f"Huom {HOSTILE} loppu", editor=EDITOR, path=eds)
    edits.record_report(
        eds, editor=EDITOR, town=TOWN, mittari_id=FOLLOWED, state="assessment",
        reported_on=dt.date.today(), judgement="off_track", text=f"Raportti {HOSTILE} loppu",
        strategy=strategy,
    )  # fmt: skip
    packs = {
        fmt: build_report(
            TOWN, fmt, "fi", base / f"pack.{fmt}", config=config, db_path=db, edits_path=eds
        )  # fmt: skip
        for fmt in ("xlsx", "pdf", "pptx")
    }
    return {"db": db, "edits": eds, "config": config, "packs": packs}


def test_the_databases_and_the_configuration_keep_the_text_as_written(hostile):
    notes = store.source_notes(hostile["db"], INDICATOR, "KU111")
    assert notes == {"2023": f"Kysely 2023 {HOSTILE}", "2024": "Kysely 2024",
                     "2025": "Kysely 2025\x0brivi 2"}  # fmt: skip
    (note,) = edits.list_notes(TOWN, path=hostile["edits"])
    assert note.text == f"Huom {HOSTILE} loppu"
    assert edits.latest_reports(hostile["edits"], TOWN)[FOLLOWED].report.text == (
        f"Raportti {HOSTILE} loppu"
    )
    action = next(a for _, _, a in hostile["config"].strategies[TOWN].actions() if a.id == ACTION)
    assert action.text == "Perehdytys\x00\x01\x0bkehitys\x1f\x7f\x85\x9f\ufffe\uffffloppu"


def test_the_workbook_shows_the_texts_cleaned(hostile):
    cells = [
        c.value
        for ws in openpyxl.load_workbook(hostile["packs"]["xlsx"]).worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert not _bad("".join(cells))
    assert "Kysely 2023 " + CLEAN in cells  # the data sheet, beside the 2023 value
    assert "Kysely 2025\nrivi 2" in cells
    assert any(f"Huom {CLEAN} loppu" in v for v in cells)
    assert any(f"Raportti {CLEAN} loppu" in v for v in cells)
    assert "Perehdytys\nkehitys\nloppu" in cells  # the actions sheet


def test_the_pdf_shows_the_texts_cleaned(hostile):
    text = "\n".join(page.extract_text() for page in PdfReader(hostile["packs"]["pdf"]).pages)
    assert not _bad(text)
    flat = " ".join(text.split())
    assert "Lähdehuomautus (2023): Kysely 2023 A B C D E F G H I J" in flat  # on one line
    assert "Lähdehuomautus (2025): Kysely 2025 rivi 2" in flat
    assert "Huom ABC DEF GHIJ loppu" in flat and "Raportti ABC DEF GHIJ loppu" in flat
    assert "Perehdytys kehitys loppu" in flat


def _slide_text(slide) -> str:
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    texts += [c.text for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells]
    return "\n".join(texts)


def test_the_deck_shows_the_texts_cleaned(hostile):
    slides = list(Presentation(str(hostile["packs"]["pptx"])).slides)
    assert not _bad("\n".join(_slide_text(s) for s in slides))
    by_title = {s.shapes.title.text_frame.text: _slide_text(s) for s in slides if s.shapes.title}
    survey = by_title[heading("asukkaan hyvinvointikokemus -kysely")]
    assert f"Huom {CLEAN} loppu" in survey
    # the source notes of the values on the chart, newest first, worded as in the PDF
    assert (
        "Lähdehuomautus (2025): Kysely 2025 rivi 2\nLähdehuomautus (2024): Kysely 2024\n"
        "Lähdehuomautus (2023): Kysely 2023 A B C D E F G H I J\n"
    ) in survey
    followed = by_title[heading("Kestävän kasvun indeksi")]
    assert f"Raportti {CLEAN} loppu" in followed


def test_the_dashboards_csv_and_xlsx_downloads_show_the_texts_cleaned():
    """The indicator page's and the Data page's downloads (mittaristo.tables): text cells and
    column names by the export rule, numbers still numbers; without it the CSV carried a NUL
    and the workbook could not be written."""
    table = pd.DataFrame(
        {"Kausi": ["2024", "2025"], f"Heinola{HOSTILE}": [72.5, None], "Viesti": [HOSTILE, None]}
    )
    lines = csv_bytes(table, "fi").decode("utf-8-sig").split("\r\n")
    assert not _bad("\r\n".join(lines).replace("\r\n", ""))
    assert lines[0] == f'Kausi;"Heinola{CLEAN}";Viesti'
    assert lines[1:3] == [f'2024;72,5;"{CLEAN}"', "2025;;"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table, f"h{HOSTILE}"))).active
    assert [c.value for c in sheet[1]] == ["Kausi", f"Heinola{CLEAN}", "Viesti"]
    assert [c.value for c in sheet[2]] == ["2024", 72.5, CLEAN]
    assert sheet.title == "hABC DEF GHIJ"  # a sheet's name on one line


def test_the_deck_names_the_source_notes_in_swedish_and_fits_many(hostile, tmp_path):
    """The chart slide's source notes come from the one text catalog (sv here). A mittari with
    more notes than the panel takes shows the newest three and how many more the workbook's data
    sheet holds, and the panel still fits its box (shrink-to-fit)."""
    import dataclasses

    from mittaristo.i18n import t
    from reports.context import gather
    from reports.pptx_deck import MAX_SOURCE_NOTES, PANEL, _panel, write_deck
    from reports.pptx_parts import fit_paragraphs, paragraphs_height

    ctx = gather(TOWN, "sv", config=hostile["config"], db_path=hostile["db"],
                 edits_path=hostile["edits"])  # fmt: skip
    write_deck(ctx, {}, tmp_path / "sv.pptx")
    slides = list(Presentation(str(tmp_path / "sv.pptx")).slides)
    row = ctx.row_by_use(USE)
    assert row is not None
    survey = next(_slide_text(s) for s in slides if s.shapes.title.text_frame.text
                  == heading(row.use.text))  # fmt: skip
    assert "Källanteckning (2025): Kysely 2025 rivi 2" in survey
    assert "Källanteckning (2023): Kysely 2023 A B C D E F G H I J" in survey
    assert t("source_note_line", "sv", period="2025", note="x") != t(
        "source_note_line", "fi", period="2025", note="x"
    )
    long = "Kuntalaiskyselyn vastausprosentti ja otos kuvattu liitteessä. " * 4
    many = {"2019": long, "2021": long, "2022": long, "2023": long, "2024": long, "2025": long}
    wide = dataclasses.replace(ctx, source_notes={INDICATOR: many})
    points = [p.period for p in row.points]
    assert points == ["2023", "2024", "2025"]
    extra = [(p, v) for p, v in [("2020", 60.0), ("2021", 61.0), ("2022", 62.0)]]
    wider = dataclasses.replace(
        row,
        points=tuple(dataclasses.replace(row.points[0], period=p, value=v) for p, v in extra)
        + row.points,
    )
    panel = _panel(wide, wider)
    text = ["".join(r.text for r in runs) for runs in panel]
    notes = [line for line in text if line.startswith("Källanteckning (")]
    assert [n[16:20] for n in notes] == ["2025", "2024", "2023"][:MAX_SOURCE_NOTES]
    more = t("report_source_notes_more", "sv", n=2, sheet=t("report_sheet_data", "sv"))
    assert more in text and text.index(more) == text.index(notes[-1]) + 1
    # five notes belong to charted values (2021–2025): three shown, two more; 2019 has no value
    assert "2019" not in " ".join(notes)
    fitted = fit_paragraphs(panel, *PANEL)
    assert paragraphs_height(fitted, PANEL[0]) <= PANEL[1]


def test_a_chart_with_hostile_names_renders():
    """A chart PNG (`--format png`, the PDF's and the deck's charts) whose title and legend
    carry control characters: plotly.js failed the whole image (kaleido error 525)."""
    import plotly.graph_objects as go

    from reports.images import PNG_SIGNATURE, exportable_figure, render_png

    fig = go.Figure(go.Scatter(x=["2024", "2025"], y=[1.0, 2.0], name=f"Heinola{HOSTILE}"))
    fig.update_layout(title=f"asukkaan{HOSTILE} -kysely")
    assert render_png(fig, 400, 300, 1).startswith(PNG_SIGNATURE)
    shown = exportable_figure(fig)
    assert shown.layout.title.text == f"asukkaan{CLEAN} -kysely"
    assert shown.data[0].name == f"Heinola{CLEAN}" and list(shown.data[0].y) == [1.0, 2.0]
    assert fig.data[0].name == f"Heinola{HOSTILE}"  # the caller's figure is left as it was
