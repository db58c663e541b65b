"""The meeting deck (16:9): title, what changed, status by goal, a scorecard per goal, and a
chart slide for every mittari that is off track or changed status, with its note.

Statuses are symbol + text + colour in every table and badge, so the deck survives a
black-and-white printer and colour-blind readers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches

from mittaristo.formatting import format_date, format_datetime
from mittaristo.i18n import t
from mittaristo.presentation import STATUS_STYLES, caveat_line, target_text, use_facts
from mittaristo.reference import area_name
from mittaristo.scorecard import ScoreRow
from reports import common
from reports import pptx_parts as pp
from reports.changes import change_tables, changes_subtitle
from reports.context import ReportContext
from reports.pptx_parts import Run

TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5
TABLE_TOP, TABLE_BOTTOM = 1.95, 6.85
SCORE_WIDTHS = (5.2, 2.2, 2.5, 2.43)
MAX_NOTE = 420
PANEL = (3.73, 4.4)  # the chart slide's right-hand text box, inches
MAX_FACT = 90  # characters of one vastuu / seuranta value on a chart slide
MAX_SOURCE_NOTES = 3  # a manual mittari's source notes on its chart slide, newest first


class Deck:
    """A presentation plus the footer every slide gets."""

    def __init__(self, ctx: ReportContext):
        self.ctx = ctx
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = Emu(12_192_000), Emu(6_858_000)  # 16:9
        date = format_date(ctx.today, ctx.lang)
        self.subtitle = t("report_deck_subtitle", ctx.lang, date=date)
        self.footer_text = f"{area_name(ctx.strategy.municipality, ctx.lang)} · {self.subtitle}"
        self.demo = t("report_demo_mark", ctx.lang) if ctx.is_demo else None

    def slide(self, title: str, *, kicker: str | None = None, size: float = 28):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY_LAYOUT])
        pp.set_title(slide, title, size=size, kicker=kicker)
        pp.footer(slide, self.footer_text, len(self.prs.slides), self.demo)
        return slide


def title_slide(deck: Deck) -> None:
    ctx, lang = deck.ctx, deck.ctx.lang
    slide = deck.prs.slides.add_slide(deck.prs.slide_layouts[TITLE_LAYOUT])
    pp.rectangle(slide, 0, 0, 0.35, pp.SLIDE_H, pp.NAVY)
    title, sub = slide.shapes.title, slide.placeholders[1]
    for shape, top, height in ((title, 1.3, 1.9), (sub, 3.3, 0.7)):
        shape.left, shape.top = Inches(0.9), Inches(top)
        shape.width, shape.height = Inches(11.6), Inches(height)
    title.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    pp.fill_frame(title.text_frame, [[Run(ctx.strategy_title, 36, True, pp.NAVY)]])
    pp.fill_frame(sub.text_frame, [[Run(deck.subtitle, 22, colour=pp.ACCENT)]])
    fetched = format_datetime(ctx.last_fetched, lang)
    details = [
        t("strategy_period", lang, start=ctx.strategy.period.start, end=ctx.strategy.period.end),
        t("report_data_fetched", lang, date=fetched),
    ]
    pp.text_box(slide, 0.9, 4.1, 11.6, 1.3, [[Run(line, 14, colour=pp.GREY)] for line in details])
    if ctx.is_demo:
        box = pp.rectangle(slide, 0.9, 5.55, 11.6, 0.9, pp.DEMO_FILL, pp.DEMO_BORDER, 3)
        frame = box.text_frame
        frame.margin_left = frame.margin_right = Inches(0.2)
        pp.fill_frame(frame, [[Run(t("demo_banner", lang), 15, True, pp.INK)]])


def summary_slide(deck: Deck) -> None:
    """Goals × statuses: how many mittarit of each goal are in each status (worst first)."""
    ctx, lang = deck.ctx, deck.ctx.lang
    slide = deck.slide(t("report_summary_title", lang))
    goals = ctx.strategy.goals
    statuses = common.summary_statuses(ctx)
    column = 7.33 / (len(statuses) + 1)  # the status columns and the followed one share 7.33 in
    widths = [3.9, 1.1] + [column] * (len(statuses) + 1)
    table = pp.add_table(slide, pp.MARGIN, 1.7, widths, len(goals) + 2, 0.5)
    heads = [
        [[Run(t("col_goal", lang), 12, True, pp.NAVY)]],
        [[Run(t("report_col_count", lang), 11, True, pp.NAVY)]],
    ]
    for status in statuses:
        style = STATUS_STYLES[status]
        heads.append(
            [
                [Run(style.symbol, 18, True, style.colour)],
                [Run(t(style.text_key, lang), 10, True, pp.NAVY)],
            ]
        )
    heads.append([[Run(t("rollup_followed", lang), 10, True, pp.NAVY)]])
    for cell, paras in zip(table.rows[0].cells, heads, strict=True):
        pp.style_cell(cell, paras, pp.GROUP, anchor=MSO_ANCHOR.BOTTOM)
    table.rows[0].height = Inches(1.0)
    for i, goal in enumerate([*goals, None], start=1):
        rows = ctx.goal_rows(goal.id) if goal else ctx.rows
        name = goal.name.get(lang) if goal else t("report_total", lang)
        fill = "FFFFFF" if i % 2 else pp.BAND
        cells = list(table.rows[i].cells)
        pp.style_cell(cells[0], [[Run(name, 12, goal is None, pp.INK)]], fill)
        pp.style_cell(cells[1], [[Run(str(len(rows)), 12, True, pp.INK)]], fill)
        counts = dict(common.rollup_parts(ctx, rows))
        pp.style_cell(cells[-1], [[Run(common.followed_cell(rows), 12, True, pp.INK)]], fill)
        for cell, status in zip(cells[2:-1], statuses, strict=True):
            n = counts.get(status, 0)
            style = STATUS_STYLES[status]
            run = (
                Run(f"{style.symbol} {n}", 13, True, style.colour)
                if n
                else Run("–", 12, colour=pp.GREY)
            )
            pp.style_cell(cell, [[run]], fill)


def _status_runs(row: ScoreRow, lang: str) -> list[list[Run]]:
    style = STATUS_STYLES[row.status]
    late = f" ({t('late', lang)})" if row.assessment.late else ""
    runs = [
        Run(style.symbol + " ", 14, True, style.colour),
        Run(t(style.text_key, lang) + late, 12, True, pp.INK),
    ]
    paras = [runs]
    if row.assessment.stale:
        paras.append([Run(f"({t('stale', lang)})", 10, colour=pp.GREY)])
    return paras


def _score_items(ctx: ReportContext, goal) -> list[tuple[str, object, float]]:
    """("group", sub-goal name, height) and ("row", ScoreRow, height) in table order."""
    items: list[tuple[str, object, float]] = []
    for sub, rows in common.goal_groups(ctx, goal):
        if sub is not None:
            items.append(("group", sub.name.get(ctx.lang), 0.38))
        for row in rows:
            height = pp.row_height(common.scorecard_cells(ctx, row), SCORE_WIDTHS, 12)
            items.append(("row", row, max(height + (0.15 if row.assessment.stale else 0), 0.42)))
    return items


def paginate(items: Sequence[tuple[str, object, float]], room: float) -> list[list]:
    pages: list[list] = [[]]
    used = 0.0
    for item in items:
        if pages[-1] and used + item[2] > room:
            pages.append([])
            used = 0.0
        pages[-1].append(item)
        used += item[2]
    return pages


def goal_slides(deck: Deck, goal) -> None:
    ctx, lang = deck.ctx, deck.ctx.lang
    rows = ctx.goal_rows(goal.id)
    pages = paginate(_score_items(ctx, goal), TABLE_BOTTOM - TABLE_TOP - 0.45)
    for n, page in enumerate(pages):
        title = goal.name.get(lang) + (f" {t('report_continued', lang)}" if n else "")
        slide = deck.slide(title, size=26 if len(title) < 60 else 22)
        pp.text_box(
            slide,
            pp.MARGIN,
            1.45,
            12.3,
            0.4,
            [[Run(common.rollup_text(ctx, rows), 12, colour=pp.GREY)]],
        )
        table = pp.add_table(slide, pp.MARGIN, TABLE_TOP, SCORE_WIDTHS, len(page) + 1, 0.4)
        pp.header_row(table, common.scorecard_headers(lang))
        for i, (kind, item, height) in enumerate(page, start=1):
            cells = list(table.rows[i].cells)
            table.rows[i].height = Inches(height)
            if kind == "group":
                cells[0].merge(cells[-1])
                pp.style_cell(cells[0], [[Run(item, 12, True, pp.NAVY)]], pp.GROUP)
                continue
            fill = "FFFFFF" if i % 2 else pp.BAND
            texts = common.scorecard_cells(ctx, item)
            for cell, text in zip(cells[:3], texts[:3], strict=True):
                pp.style_cell(cell, [[Run(text, 12, colour=pp.INK)]], fill)
            pp.style_cell(cells[3], _status_runs(item, lang), fill)


def _facts_runs(ctx: ReportContext, row: ScoreRow) -> list[Run]:
    """Vastuu · Seuranta · SDG as the document gives them (usemeta via use_facts), one line;
    a long vastuu (Pieksämäki names partners too) is cut so the panel keeps its room."""
    runs: list[Run] = []
    for i, (label, value) in enumerate(use_facts(row.use, ctx.strategy, ctx.lang)):
        value = value if len(value) <= MAX_FACT else value[: MAX_FACT - 1].rstrip() + "…"
        runs += [Run(f"{' · ' if i else ''}{label}: ", 10, True, pp.INK), Run(value, 10)]
    return runs


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source_note_paras(ctx: ReportContext, row: ScoreRow) -> list[list[Run]]:
    """'Lähdehuomautus (2024): …' for the manual values on the chart, as the PDF words it under
    its chart; past the newest few, how many more the workbook's data sheet holds."""
    lang = ctx.lang
    lines = common.chart_source_note_lines(ctx, row)
    paras = [[Run(_cut(line, MAX_NOTE), 10, colour=pp.GREY)] for line in lines[:MAX_SOURCE_NOTES]]
    if len(lines) > MAX_SOURCE_NOTES:
        more = t("report_source_notes_more", lang, n=len(lines) - MAX_SOURCE_NOTES,
                 sheet=t("report_sheet_data", lang))  # fmt: skip
        paras.append([Run(more, 10, colour=pp.GREY)])
    return paras


def _panel(ctx: ReportContext, row: ScoreRow) -> list[list[Run]]:
    """The right-hand text of a chart slide: change, explanation, target, vastuu · seuranta ·
    SDG, latest and the source notes of manual values, report, note."""
    lang = ctx.lang
    paras: list[list[Run]] = []
    change = common.change_line(ctx, row)
    if change:
        paras.append([Run(change, 12, True, pp.INK)])
    paras.append([Run(row.assessment.explanation.get(lang, ""), 12, colour=pp.INK)])
    paras.append(
        [
            Run(f"{t('col_target', lang)}: ", 12, True),
            Run(target_text(row.use, row.indicator, lang), 12),
        ]
    )
    words = common.layers(ctx, row).lines(lang)[0]
    words = words if len(words) <= MAX_NOTE else words[: MAX_NOTE - 1].rstrip() + "…"
    paras.append([Run(words, 10, colour=pp.INK)])
    facts = _facts_runs(ctx, row)
    if facts:
        paras.append(facts)
    caveat = caveat_line(row.use, lang)
    if caveat:
        paras.append([Run(f"(!) {caveat}", 11, True, pp.INK)])
    paras.append(
        [Run(f"{t('col_latest', lang)}: ", 12, True), Run(common.latest_text(row, lang), 12)]
    )
    paras += _source_note_paras(ctx, row)  # a manual value's provenance
    report = common.report_text(ctx, row)
    if report:  # the editor's Toteuma report
        report = report if len(report) <= MAX_NOTE else report[: MAX_NOTE - 1].rstrip() + "…"
        paras.append([Run(f"{t('toteuma.label', lang)}: ", 12, True), Run(report, 12)])
    notes = common.note_lines(ctx, row, limit=1) or [t("report_no_note", lang)]
    note = " ".join(notes)
    note = note if len(note) <= MAX_NOTE else note[: MAX_NOTE - 1].rstrip() + "…"
    paras.append([Run(t("col_note", lang), 12, True, pp.NAVY)])
    paras.append([Run(note, 12, italic=not ctx.notes.get(row.use.id), colour=pp.INK)])
    return paras


def chart_slide(deck: Deck, row: ScoreRow, png: bytes | None) -> None:
    ctx, lang = deck.ctx, deck.ctx.lang
    kicker = f"{t('report_attention_title', lang)} · {row.goal.name.get(lang)}"
    slide = deck.slide(
        common.heading(row.use.text), kicker=kicker, size=24 if len(row.use.text) < 70 else 20
    )
    if png:
        pic = slide.shapes.add_picture(
            io.BytesIO(png), Inches(pp.MARGIN), Inches(1.6), width=Inches(8.3)
        )
        pp.set_alt_text(pic, f"{row.use.text}: {common.latest_text(row, lang)}")
    else:
        pp.text_box(
            slide, pp.MARGIN, 3.0, 8.3, 1.0, [[Run(t("report_no_chart", lang), 14, colour=pp.GREY)]]
        )
    pp.text_box(
        slide, pp.MARGIN, 5.95, 8.3, 0.55, [[Run(common.source_line(ctx, row), 10, colour=pp.GREY)]]
    )
    style = STATUS_STYLES[row.status]
    badge = pp.rectangle(
        slide, 9.1, 1.65, 3.73, 0.6, "FFFFFF", style.colour, 2.5, MSO_SHAPE.ROUNDED_RECTANGLE
    )
    label = [
        Run(style.symbol + " ", 18, True, style.colour),
        Run(t(style.text_key, lang), 15, True, pp.INK),
    ]
    if row.assessment.stale:
        label.append(Run(f" ({t('stale', lang)})", 11, colour=pp.GREY))
    pp.fill_frame(badge.text_frame, [label], align=PP_ALIGN.CENTER)
    pp.text_box(slide, 9.1, 2.4, *PANEL, pp.fit_paragraphs(_panel(ctx, row), *PANEL))


def attention_slides(deck: Deck, charts: dict[str, bytes]) -> None:
    rows = deck.ctx.attention_rows()
    if not rows:
        slide = deck.slide(t("report_attention_title", deck.ctx.lang))
        pp.text_box(
            slide, pp.MARGIN, 1.7, 12.3, 0.8, [[Run(t("report_attention_none", deck.ctx.lang), 16)]]
        )
    for row in rows:
        chart_slide(deck, row, charts.get(row.use.id))


def changes_slides(deck: Deck) -> None:
    """One slide per kind of change (status, new points, revisions, completed actions)."""
    ctx, lang = deck.ctx, deck.ctx.lang
    subtitle = changes_subtitle(ctx)
    for table_spec in change_tables(ctx):
        rows = table_spec.rows or [
            [t("report_changes_none", lang)] + [""] * (len(table_spec.headers) - 1)
        ]
        for start in range(0, len(rows), 10):
            chunk = rows[start : start + 10]
            slide = deck.slide(
                f"{t('report_changes_title', lang)}: {table_spec.title}", kicker=subtitle
            )
            widths = [
                12.33 * (0.5 if i == 0 else 0.5 / (len(table_spec.headers) - 1))
                for i in range(len(table_spec.headers))
            ]
            table = pp.add_table(slide, pp.MARGIN, 1.6, widths, len(chunk) + 1, 0.42)
            pp.header_row(table, table_spec.headers)
            for i, cells in enumerate(chunk, start=1):
                fill = "FFFFFF" if i % 2 else pp.BAND
                for cell, text in zip(table.rows[i].cells, cells, strict=True):
                    pp.style_cell(cell, [[Run(text, 12)]], fill)


def write_deck(ctx: ReportContext, charts: dict[str, bytes], out: Path) -> None:
    """Write the deck to `out` (the caller makes the write atomic)."""
    deck = Deck(ctx)
    title_slide(deck)
    if ctx.diff is not None:
        changes_slides(deck)
    summary_slide(deck)
    for goal in ctx.strategy.goals:
        if ctx.goal_rows(goal.id):
            goal_slides(deck, goal)
    attention_slides(deck, charts)
    deck.prs.save(str(out))
