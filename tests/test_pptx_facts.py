"""The deck's chart slides name each mittari's vastuu, seuranta and SDG goals, read back from the
written PPTX (python-pptx) for Kemi (SDG tags, departments) and Pieksämäki (the Seuranta column).

The deck is written without chart images (write_deck with no PNGs: the panel is the same), and
what each panel must say is computed from the strategy YAML (tests/strategy_yaml.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pptx import Presentation
from strategy_yaml import yaml_mittarit

from mittaristo import edits
from mittaristo.config.load import load_config
from mittaristo.i18n import t
from reports.common import heading
from reports.context import gather
from reports.pptx_deck import MAX_FACT, PANEL, _panel, write_deck
from reports.pptx_parts import Run, paragraphs_height

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT)
EDITOR = edits.Editor("Testi Tekijä", "cli")


def _slides(path: Path) -> list[tuple[str, str]]:
    """(title, all the text of the slide), in deck order."""
    out = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title else ""
        out.append((title, "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)))
    return out


def _chart_slides(slides: list[tuple[str, str]], texts: list[str]) -> list[str]:
    """The slide of each charted mittari, in order (Kemi repeats mittari names across
    departments, so a title alone does not say which slide is whose)."""
    out, at = [], 0
    for text in texts:
        at = next(i for i in range(at, len(slides)) if slides[i][0].startswith(heading(text)[:40]))
        out.append(slides[at][1])
        at += 1
    return out


def _cut(value: str) -> str:
    return value if len(value) <= MAX_FACT else value[: MAX_FACT - 1].rstrip() + "…"


def _fact_line(m: dict, lang: str) -> str:
    parts = [(t("meta_owner", lang), m["owner"]), (t("meta_follow_up", lang), m["follow_up"])]
    parts.append((t("meta_sdg", lang), ", ".join(str(n) for n in sorted(m["sdg"]))))
    return " · ".join(f"{k}: {_cut(v)}" for k, v in parts if v)


def _deck(town: str, lang: str, demo_db: Path, edits_db: Path, out: Path) -> list[tuple[str, str]]:
    ctx = gather(town, lang, config=CONFIG, db_path=demo_db, edits_path=edits_db)
    write_deck(ctx, {}, out)
    return _slides(out)


def test_kemi_chart_slides_name_vastuu_and_sdg(demo_db, tmp_path):
    by_id = {m["id"]: m for m in yaml_mittarit("kemi")}
    ctx = gather("kemi", "fi", config=CONFIG, db_path=demo_db, edits_path=tmp_path / "e.duckdb")
    charted = ctx.attention_rows()
    assert charted and any(by_id[r.use.id]["sdg"] for r in charted)
    slides = _deck("kemi", "fi", demo_db, tmp_path / "e.duckdb", tmp_path / "kemi.pptx")
    for row, text in zip(
        charted, _chart_slides(slides, [r.use.text for r in charted]), strict=True
    ):
        line = _fact_line(by_id[row.use.id], "fi")
        assert line.startswith(t("meta_owner", "fi")) and line in text, (row.use.id, text)
    sdg_row = next(r for r in charted if by_id[r.use.id]["sdg"])
    assert "SDG: " in _fact_line(by_id[sdg_row.use.id], "fi")


def test_pieksamaki_chart_slide_names_its_seuranta_in_swedish(demo_db, tmp_path):
    """An editor's 'off track' assessment of a followed Pieksämäki mittari puts it on a chart
    slide; the slide has its Vastuutaho and Seuranta from the plan (labels in Swedish)."""
    mittari = "kilpailukykyinen-palkkaus"
    m = next(x for x in yaml_mittarit("pieksamaki") if x["id"] == mittari)
    assert m["follow_up"] and m["owner"]
    eds = tmp_path / "e.duckdb"
    edits.record_report(
        eds, editor=EDITOR, town="pieksamaki", mittari_id=mittari, state="assessment",
        reported_on=dt.date.today(), judgement="off_track", text="Palkkaus jäljessä.",
        strategy=CONFIG.strategies["pieksamaki"],
    )  # fmt: skip
    slides = _deck("pieksamaki", "sv", demo_db, eds, tmp_path / "p.pptx")
    (text,) = _chart_slides(slides, [m["text"]])
    line = _fact_line(m, "sv")
    assert f"{t('meta_follow_up', 'sv')}: {m['follow_up']}" in line and line in text


def _panel_shape(slide):
    """The chart slide's right-hand text box (the panel under the status badge)."""
    from pptx.util import Inches

    return next(
        s for s in slide.shapes
        if s.has_text_frame and abs(s.left - Inches(9.1)) < 10 and abs(s.top - Inches(2.4)) < 10
    )  # fmt: skip


def _runs(shape) -> list[list[Run]]:
    return [
        [Run(r.text, r.font.size.pt) for r in para.runs] for para in shape.text_frame.paragraphs
    ]


def test_a_long_note_and_report_shrink_to_fit_the_panel(demo_db, tmp_path):
    """An editor's longest note and report on a charted Kemi mittari: the panel's text is made
    smaller (never under 8 pt) until its estimated height fits the 4.4-inch box; a slide with
    short texts keeps its 12 pt. Without the fit the estimate is well over the box."""
    eds = tmp_path / "e.duckdb"
    ctx = gather("kemi", "fi", config=CONFIG, db_path=demo_db, edits_path=eds)
    long_row, short_row = ctx.attention_rows()[:2]
    period = edits.review_period(ctx.strategy, dt.date.today())
    sentence = "Tavoitteen toteutuminen edellyttää toimia usealta toimialalta. "
    edits.add_note("kemi", long_row.use.id, period, sentence * 70, editor=EDITOR, path=eds)
    ctx = gather("kemi", "fi", config=CONFIG, db_path=demo_db, edits_path=eds)
    long_row = next(r for r in ctx.attention_rows() if r.use.id == long_row.use.id)
    assert paragraphs_height(_panel(ctx, long_row), *PANEL[:1]) > PANEL[1]  # needs the fit
    write_deck(ctx, {}, tmp_path / "k.pptx")
    deck = [s for s in Presentation(str(tmp_path / "k.pptx")).slides if s.shapes.title]
    rows = ctx.attention_rows()
    at, panels = 0, {}
    for row in rows:  # in deck order: Kemi repeats mittari names across departments
        title = heading(row.use.text)[:40]
        at = next(i for i in range(at, len(deck)) if deck[i].shapes.title.text.startswith(title))
        panels[row.use.id] = _runs(_panel_shape(deck[at]))
        at += 1
    long_panel = panels[long_row.use.id]
    sizes = [r.size for runs in long_panel for r in runs]
    assert min(sizes) >= 8 and max(sizes) < 12
    assert paragraphs_height(long_panel, PANEL[0]) <= PANEL[1]
    assert sentence.strip() in "".join(r.text for runs in long_panel for r in runs)
    short_panel = panels[short_row.use.id]
    assert max(r.size for runs in short_panel for r in runs) == 12
