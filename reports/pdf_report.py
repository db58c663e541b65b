"""The review report (A4 PDF): cover, what changed, status by goal, then per goal its
scorecard, every mittari with its status sentence, chart, source line and notes, and the
goal's actions with their effective status.
"""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FontFace

from mittaristo.formatting import format_date, format_datetime
from mittaristo.i18n import t
from mittaristo.presentation import STATUS_STYLES, caveat_line, target_text, use_facts
from mittaristo.reference import area_name
from mittaristo.scorecard import ScoreRow
from reports import common
from reports.changes import change_tables, changes_subtitle
from reports.context import ReportContext
from reports.pdf_parts import GREY, GROUP, INK, NAVY, ReportPDF, hex_rgb, start_table
from reports.plan_pdf import plan_section
from reports.plan_table import plan_table
from reports.text import export_text

CHART_W = 174  # mm: the full text width
CHART_H = CHART_W * 500 / 960  # the charts are rendered at 960 × 500 px (build.CHART_SIZE)
SCORE_WIDTHS = (44, 18, 20, 18)  # fractions of the width


def new_pdf(ctx: ReportContext) -> ReportPDF:
    lang = ctx.lang
    date = format_date(ctx.today, lang)
    pdf = ReportPDF(
        header_text=f"{area_name(ctx.strategy.municipality, lang)} · {t('report_pdf_title', lang)}",
        footer_text=t("report_prepared", lang, date=date),
        page_text=t("report_page", lang, page="{page}", pages="{pages}"),
        demo=t("report_demo_mark", lang) if ctx.is_demo else None,
    )
    pdf.set_title(str(export_text(f"{ctx.strategy_title}: {t('report_pdf_title', lang)}")))
    pdf.set_lang(lang)
    pdf.set_creator("Mittaristo")
    return pdf


def cover(pdf: ReportPDF, ctx: ReportContext) -> None:
    lang = ctx.lang
    pdf.add_page()
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, 8, pdf.h, style="F")
    pdf.set_y(60)
    pdf.text_block(t("report_pdf_title", lang), 14, "B", hex_rgb("#0072B2"), gap=3)
    pdf.text_block(ctx.strategy_title, 24, "B", NAVY, gap=6)
    period = t(
        "strategy_period", lang, start=ctx.strategy.period.start, end=ctx.strategy.period.end
    )
    for line in (
        period,
        t("report_prepared", lang, date=format_date(ctx.today, lang)),
        t("report_data_fetched", lang, date=format_datetime(ctx.last_fetched, lang)),
    ):
        pdf.text_block(line, 11, colour=GREY, gap=1)
    pdf.ln(8)
    if ctx.is_demo:
        pdf.boxed(t("demo_banner", lang))
    summary(pdf, ctx)


def summary(pdf: ReportPDF, ctx: ReportContext) -> None:
    """Goals × statuses table (counts, worst first), statuses as symbol + text."""
    lang = ctx.lang
    pdf.ln(4)
    pdf.text_block(t("report_summary_title", lang), 13, "B", NAVY, gap=2)
    statuses = common.summary_statuses(ctx)
    headers = [t("col_goal", lang), t("report_col_count", lang)]
    headers += [common.status_text(s, lang) for s in statuses] + [t("rollup_followed", lang)]
    widths = [30, 10] + [10] * len(statuses) + [12]
    ctx_table, table = start_table(pdf, headers, widths, 7.5)
    for goal in [*ctx.strategy.goals, None]:
        rows = ctx.goal_rows(goal.id) if goal else ctx.rows
        counts = dict(common.rollup_parts(ctx, rows))
        bold = FontFace(emphasis="BOLD") if goal is None else None
        row = table.row()
        row.cell(goal.name.get(lang) if goal else t("report_total", lang), style=bold)
        row.cell(str(len(rows)), style=bold)
        for status in statuses:
            n = counts.get(status, 0)
            colour = hex_rgb(STATUS_STYLES[status].colour) if n else GREY
            text = f"{STATUS_STYLES[status].symbol} {n}" if n else "–"
            row.cell(text, style=FontFace(emphasis="BOLD" if n else None, color=colour))
        row.cell(common.followed_cell(rows), style=bold)
    ctx_table.__exit__(None, None, None)


def changes(pdf: ReportPDF, ctx: ReportContext) -> None:
    pdf.add_page()
    pdf.heading(t("report_changes_title", ctx.lang), 0)
    pdf.text_block(changes_subtitle(ctx), 10, colour=GREY, gap=3)
    for spec in change_tables(ctx):
        pdf.heading(spec.title, 1)
        if not spec.rows:
            pdf.text_block(t("report_changes_none", ctx.lang), 10, "I", GREY, gap=4)
            continue
        widths = [2] + [1] * (len(spec.headers) - 1)
        ctx_table, table = start_table(pdf, spec.headers, widths)
        for cells in spec.rows:
            table.row(cells)
        ctx_table.__exit__(None, None, None)
        pdf.ln(4)


def scorecard(pdf: ReportPDF, ctx: ReportContext, goal) -> None:
    ctx_table, table = start_table(pdf, common.scorecard_headers(ctx.lang), SCORE_WIDTHS)
    for sub, rows in common.goal_groups(ctx, goal):
        if sub is not None:
            style = FontFace(emphasis="BOLD", color=NAVY, fill_color=GROUP)
            table.row().cell(sub.name.get(ctx.lang), colspan=4, style=style)
        for item in rows:
            cells = common.scorecard_cells(ctx, item)
            row = table.row()
            for text in cells[:3]:
                row.cell(text)
            colour = hex_rgb(common.status_colour(item.status))
            row.cell(cells[3], style=FontFace(emphasis="BOLD", color=colour))
    ctx_table.__exit__(None, None, None)
    pdf.ln(4)


def mittari(pdf: ReportPDF, ctx: ReportContext, row: ScoreRow, png: bytes | None) -> None:
    """One mittari: heading, status badge, sentence, target and value, chart, source, notes."""
    lang = ctx.lang
    text_mm = 60 + 5 * len(common.note_lines(ctx, row, limit=3))
    pdf.heading(common.heading(row.use.text), 1, keep=text_mm + (CHART_H if png else 0))
    where = row.subgoal.name.get(lang) if row.subgoal else row.goal.name.get(lang)
    pdf.text_block(f"{where} · {common.kind_text(row, lang)}", 8.5, colour=GREY, gap=2)
    style = STATUS_STYLES[row.status]
    stale = f"({t('stale', lang)})" if row.assessment.stale else ""
    late = f" ({t('late', lang)})" if row.assessment.late else ""
    pdf.badge(style.symbol, t(style.text_key, lang) + late, style.colour, stale)
    change = common.change_line(ctx, row)
    if change:
        pdf.text_block(change, 10, "B", INK)
    pdf.text_block(row.assessment.explanation.get(lang, ""), 10)
    pdf.label_value(t("col_target", lang), target_text(row.use, row.indicator, lang))
    for line in common.layers(ctx, row).lines(lang):
        pdf.text_block(line, 8.5, colour=GREY, gap=1)
    facts = use_facts(row.use, ctx.strategy, lang)
    if facts:
        pdf.text_block(" · ".join(f"{k}: {v}" for k, v in facts), 8.5, colour=GREY, gap=1)
    caveat = caveat_line(row.use, lang)
    if caveat:  # the series differs from the document's mittari: said next to the chart
        pdf.text_block(f"(!) {caveat}", 9.5, "B", INK, gap=1)
    if row.assessment.latest_value is not None:
        pdf.label_value(t("col_latest", lang), common.latest_text(row, lang))
    report = common.report_text(ctx, row)
    if report:  # the editor's Toteuma report (state, date, sentence, who)
        pdf.label_value(t("toteuma.label", lang), report)
    if png:
        if pdf.will_page_break(CHART_H + 12):
            pdf.add_page()
        pdf.image(
            io.BytesIO(png),
            x=pdf.l_margin,
            w=CHART_W,
            alt_text=str(export_text(f"{row.use.text}: {common.latest_text(row, lang)}")),
        )
    pdf.text_block(common.source_line(ctx, row), 8, colour=GREY, gap=2)
    for line in common.source_note_lines(ctx, row):  # a manual value's provenance
        pdf.text_block(line, 8, colour=GREY, gap=1)
    for line in common.note_lines(ctx, row):
        pdf.text_block(line, 9.5, "I", INK, gap=1)
    pdf.ln(5)


def actions(pdf: ReportPDF, ctx: ReportContext, goal) -> None:
    lang = ctx.lang
    mine = [a for a in ctx.actions if a.goal.id == goal.id]
    if not mine:
        return
    pdf.heading(f"{t('page_actions', lang)}: {goal.name.get(lang)}", 1)
    headers = [t(k, lang) for k in ("col_action", "col_owner", "col_schedule", "col_status")]
    ctx_table, table = start_table(pdf, headers, (50, 20, 12, 16))
    for item in mine:
        schedule = item.action.schedule
        when = (
            (schedule.text or f"{schedule.start or ''}–{schedule.end or ''}") if schedule else "–"
        )
        row = table.row()
        row.cell(item.action.text)
        row.cell(item.owner or "–")
        row.cell(when)
        colour = hex_rgb(common.ACTION_STYLES[item.status].colour)
        row.cell(
            common.action_text(item.status, lang), style=FontFace(emphasis="BOLD", color=colour)
        )
    ctx_table.__exit__(None, None, None)
    pdf.ln(4)


def write_pdf(ctx: ReportContext, charts: dict[str, bytes], out: Path) -> None:
    """Write the review report to `out` (the caller makes the write atomic)."""
    pdf = new_pdf(ctx)
    cover(pdf, ctx)
    if ctx.diff is not None:
        changes(pdf, ctx)
    for goal in ctx.strategy.goals:
        pdf.add_page()
        pdf.heading(goal.name.get(ctx.lang), 0)
        if goal.description:
            pdf.text_block(goal.description, 10, colour=GREY, gap=3)
        rows = ctx.goal_rows(goal.id)
        if rows:
            pdf.text_block(common.rollup_text(ctx, rows), 9.5, colour=GREY, gap=3)
            scorecard(pdf, ctx, goal)
        for row in rows:
            mittari(pdf, ctx, row, charts.get(row.use.id))
        actions(pdf, ctx, goal)
    plan = plan_table(ctx)
    if plan is not None:  # the strategy's own table, filled (landscape)
        plan_section(pdf, ctx, plan)
    pdf.output(str(out))
