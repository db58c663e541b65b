"""The workbook: the scorecard with real numbers (for filtering and own charts), the actions,
the data behind every chart as shown, the sources, and what changed.

Every sheet starts with the same title block (town, period, dates, and the demo-data line
when the database is not live) and has its header on row HEADER_ROW, frozen and filterable.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mittaristo.formatting import format_date, format_datetime, format_period
from mittaristo.i18n import t
from mittaristo.presentation import dataset_name, source_name, target_text, use_facts
from mittaristo.reference import area_name
from mittaristo.scorecard import ScoreRow
from mittaristo.tables import indicator_table
from reports import common
from reports.changes import change_tables, changes_subtitle
from reports.context import ReportContext
from reports.plan_table import plan_table
from reports.text import export_text

HEADER_ROW = 5
FONT = "Arial"
NAVY, DEMO_FILL, DEMO_BORDER = "1F2A44", "FFF4E0", "A35F00"


def _font(**style) -> Font:
    return Font(name=FONT, **style)


WRAP = Alignment(wrap_text=True, vertical="top")
HEAD_FONT = _font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor=NAVY)
THIN = Border(bottom=Side(style="thin", color="C8CDD4"))


def sheet_top(ws: Worksheet, ctx: ReportContext, title: str, n_cols: int = 8) -> None:
    """Title, period and dates, and the demo line (row 3) when the data is not official."""
    lang = ctx.lang
    ws["A1"] = export_text(f"{ctx.town_name}: {title}")
    ws["A1"].font = _font(bold=True, size=14, color=NAVY)
    period = t(
        "strategy_period", lang, start=ctx.strategy.period.start, end=ctx.strategy.period.end
    )
    prepared = t("report_prepared", lang, date=format_date(ctx.today, lang))
    fetched = t("report_data_fetched", lang, date=format_datetime(ctx.last_fetched, lang))
    ws["A2"] = export_text(f"{period} · {prepared} · {fetched}")
    ws["A2"].font = _font(color="5E5E5E")
    if ctx.is_demo:
        ws["A3"] = t("demo_banner", lang)
        ws["A3"].font = _font(bold=True, color="1A1A1A")
        ws["A3"].fill = PatternFill("solid", fgColor=DEMO_FILL)
        ws["A3"].alignment = Alignment(vertical="center", wrap_text=True)
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=n_cols)
        ws.row_dimensions[3].height = 24
        side = Side(style="medium", color=DEMO_BORDER)
        for col in range(1, n_cols + 1):
            ws.cell(3, col).border = Border(top=side, bottom=side, left=side if col == 1 else None,
                                            right=side if col == n_cols else None)  # fmt: skip
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def table(
    ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float]
) -> None:
    """Header row (styled, frozen, filterable) and the rows below it, wrapped, top-aligned."""
    for col, (head, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, col, export_text(head))
        cell.font, cell.fill, cell.alignment = HEAD_FONT, HEAD_FILL, WRAP
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, export_text(value))
            cell.alignment, cell.border = WRAP, THIN
    fit_rows(ws, widths, HEADER_ROW)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"


def fit_rows(ws: Worksheet, widths: Sequence[float], first: int) -> None:
    """Row heights for the wrapped text: spreadsheet programs do not grow rows written by a
    library, so a long explanation would otherwise hide behind its neighbours."""
    for r in range(first, ws.max_row + 1):
        lines = 1
        for c, width in enumerate(widths, start=1):
            value = ws.cell(r, c).value
            if isinstance(value, str):
                lines = max(
                    lines,
                    sum(-(-len(part) // max(int(width) - 1, 1)) for part in value.split("\n")),
                )
        ws.row_dimensions[r].height = 14 * min(lines, 12) + 2


def number_format(row: ScoreRow) -> str:
    decimals = row.indicator.decimals if row.indicator else 0
    return "#,##0" + ("." + "0" * decimals if decimals else "")


SCORE_HEADERS = (
    "col_goal", "report_col_subgoal", "col_indicator", "col_kind", "col_latest",
    "report_col_unit", "col_period", "trace_baseline", "col_target", "col_status",
    "report_col_explanation", "col_note", "col_source", "layer_document", "layer_interpretation", "caveat_label", "meta_owner", "meta_follow_up",
    "meta_sdg", "toteuma.column",
)  # fmt: skip
SCORE_WIDTHS = (24, 24, 40, 12, 12, 12, 10, 12, 26, 24, 60, 40, 50, 60, 60, 50, 30, 30, 12, 60)


def _facts(ctx: ReportContext, row) -> list[str]:
    facts = dict(use_facts(row.use, ctx.strategy, ctx.lang))
    keys = ("meta_owner", "meta_follow_up", "meta_sdg")
    return [facts.get(t(k, ctx.lang), "") for k in keys]


def scorecard_sheet(ws: Worksheet, ctx: ReportContext) -> None:
    lang = ctx.lang
    sheet_top(ws, ctx, t("report_sheet_scorecard", lang), len(SCORE_HEADERS))
    rows = []
    for row in ctx.rows:
        a = row.assessment
        notes = common.note_lines(ctx, row, limit=1)
        layer = common.layers(ctx, row).lines(lang)
        rows.append([
            row.goal.name.get(lang), row.subgoal.name.get(lang) if row.subgoal else "",
            row.use.text, common.kind_text(row, lang), a.latest_value,
            row.indicator.unit.get(lang) if row.indicator else "",
            format_period(a.latest_period, lang),
            a.baseline_value, target_text(row.use, row.indicator, lang), common.row_status(row, lang),
            a.explanation.get(lang, ""), notes[0] if notes else "", common.source_line(ctx, row),
            layer[0], " ".join(layer[1:]), row.use.note or "",
            *_facts(ctx, row), common.report_text(ctx, row) or "",
        ])  # fmt: skip
    table(ws, [t(k, lang) for k in SCORE_HEADERS], rows, SCORE_WIDTHS)
    for i, row in enumerate(ctx.rows, start=HEADER_ROW + 1):
        for col in (5, 8):
            ws.cell(i, col).number_format = number_format(row)
        status = ws.cell(i, 10)
        status.font = _font(bold=True, color=common.status_colour(row.status).lstrip("#"))


def actions_sheet(ws: Worksheet, ctx: ReportContext) -> None:
    lang = ctx.lang
    sheet_top(ws, ctx, t("page_actions", lang), 7)
    headers = [t(k, lang) for k in ("col_goal", "report_col_subgoal", "col_action", "col_owner",
                                    "col_schedule", "col_status", "col_changed")]  # fmt: skip
    rows = []
    for item in ctx.actions:
        sched = item.action.schedule
        when = (sched.text or f"{sched.start or ''}–{sched.end or ''}") if sched else ""
        changed = (
            f"{format_datetime(item.state.changed_at, lang)}, {item.state.changed_by}"
            if item.state
            else ""
        )
        rows.append([
            item.goal.name.get(lang), item.subgoal.name.get(lang) if item.subgoal else "",
            item.action.text, item.owner or "", when, common.action_text(item.status, lang), changed,
        ])  # fmt: skip
    table(ws, headers, rows, (24, 24, 60, 20, 14, 16, 26))
    for i, item in enumerate(ctx.actions, start=HEADER_ROW + 1):
        colour = common.ACTION_STYLES[item.status].colour.lstrip("#")
        ws.cell(i, 6).font = _font(bold=True, color=colour)


def data_sheet(ws: Worksheet, ctx: ReportContext) -> None:
    """Per mittari and period: the town, the peer median and the whole country, as in the charts."""
    lang = ctx.lang
    sheet_top(ws, ctx, t("report_sheet_data", lang), 7)
    town = area_name(ctx.strategy.municipality, lang)
    rows, formats = [], []
    for row in ctx.rows:
        row, frame = common.recent(row, ctx.frame, common.first_year(ctx))
        if not row.points:
            continue
        shown = indicator_table(row, frame, town_name=town, peers=ctx.strategy.peers,
                                lang=lang, show_peers=True, show_country=True)  # fmt: skip
        peer, country = t("trace_peer_median", lang), t("trace_country", lang)
        notes = common.source_notes(ctx, row)
        for rec in shown.to_dict("records"):
            values = [rec.get(town), rec.get(peer), rec.get(country)]
            values = [None if v is None or v != v else float(v) for v in values]
            rows.append(
                [
                    row.use.text,
                    row.indicator.unit.get(lang) if row.indicator else "",
                    format_period(rec[t("col_period", lang)], lang),
                    *values,
                    notes.get(str(rec[t("col_period", lang)]), ""),  # the value's source note
                ]
            )
            formats.append(number_format(row))
    headers = [t("col_indicator", lang), t("report_col_unit", lang), t("col_period", lang), town,
               t("trace_peer_median", lang), t("trace_country", lang),
               t("report_col_source_note", lang)]  # fmt: skip
    table(ws, headers, rows, (40, 14, 10, 14, 14, 14, 40))
    for i, fmt in enumerate(formats, start=HEADER_ROW + 1):
        for col in (4, 5, 6):
            ws.cell(i, col).number_format = fmt


def sources_sheet(ws: Worksheet, ctx: ReportContext) -> None:
    lang = ctx.lang
    sheet_top(ws, ctx, t("report_sheet_sources", lang), 7)
    seen, rows = set(), []
    for row in ctx.rows:
        ind = row.indicator
        if ind is None or ind.id in seen:
            continue
        seen.add(ind.id)
        meta = ctx.freshness.get(ind.id, {})
        rows.append([ind.id, ind.name.get(lang), source_name(ind, lang), dataset_name(ind, lang),
                     format_date(meta.get("release_time"), lang),
                     format_datetime(meta.get("last_fetched_at"), lang), ind.license])  # fmt: skip
    headers = ["id", t("col_indicator", lang), t("col_source", lang), t("report_col_dataset", lang),
               t("report_col_released", lang), t("report_col_fetched", lang), t("report_col_license", lang)]  # fmt: skip
    table(ws, headers, rows, (30, 40, 24, 40, 14, 22, 30))


def changes_sheet(ws: Worksheet, ctx: ReportContext) -> None:
    """The four change tables one under another, each with its own title and header."""
    sheet_top(ws, ctx, t("report_changes_title", ctx.lang), 4)
    ws.cell(4, 1, export_text(changes_subtitle(ctx))).font = _font(italic=True)
    r = HEADER_ROW
    for spec in change_tables(ctx):
        ws.cell(r, 1, export_text(spec.title)).font = _font(bold=True, size=12, color=NAVY)
        for c, head in enumerate(spec.headers, start=1):
            cell = ws.cell(r + 1, c, export_text(head))
            cell.font, cell.fill = HEAD_FONT, HEAD_FILL
        body = spec.rows or [[t("report_changes_none", ctx.lang)]]
        for i, cells in enumerate(body, start=r + 2):
            for c, value in enumerate(cells, start=1):
                ws.cell(i, c, export_text(value)).alignment = WRAP
        r += len(body) + 3
    for col, width in zip("ABCD", (50, 24, 24, 24), strict=True):
        ws.column_dimensions[col].width = width


def write_book(ctx: ReportContext, out: Path) -> None:
    """Write the workbook to `out` (the caller makes the write atomic)."""
    book = Workbook()
    book._named_styles["Normal"].font = Font(name=FONT, size=10)  # renders alike everywhere
    sheets = [("report_sheet_scorecard", scorecard_sheet), ("page_actions", actions_sheet),
              ("report_sheet_data", data_sheet), ("report_sheet_sources", sources_sheet)]  # fmt: skip
    if ctx.diff is not None:
        sheets.append(("report_sheet_changes", changes_sheet))
    for i, (key, fill) in enumerate(sheets):
        ws = book.active if i == 0 else book.create_sheet()
        ws.title = t(key, ctx.lang)[:31]
        fill(ws, ctx)
    plan = plan_table(ctx)
    if plan is not None:  # the strategy's own table, filled: beside the scorecard
        from reports.plan_xlsx import plan_sheet

        ws = book.create_sheet(t("plan_sheet", ctx.lang)[:31], index=1)
        plan_sheet(ws, ctx, plan)
    book.properties.title = str(
        export_text(f"{ctx.town_name}: {t('report_sheet_scorecard', ctx.lang)}")
    )
    book.properties.creator = "Mittaristo"
    book.save(str(out))
