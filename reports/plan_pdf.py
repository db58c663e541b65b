"""The review PDF's section of the strategy's own table, filled (rows from reports.plan_table).

Landscape A4 pages at the end of the report, bookmarked; the column header row repeats on
every page, a header row per goal and per department (or, in an action plan, the goal's
sub-goals) spans the table as in the document.
"""

from __future__ import annotations

from fpdf import FontFace

from mittaristo.i18n import t
from reports.context import ReportContext
from reports.pdf_parts import GREY, GROUP, NAVY, ReportPDF, start_table
from reports.plan_table import PlanTable

GOAL_FILL = (213, 220, 230)


def plan_section(pdf: ReportPDF, ctx: ReportContext, table: PlanTable) -> None:
    pdf.add_page(orientation="L")
    pdf.heading(t("plan_title", ctx.lang), 0)
    pdf.text_block(ctx.strategy.documents[0].title, 9, colour=GREY, gap=3)
    n = len(table.headers)
    styles = {
        "goal": FontFace(emphasis="BOLD", color=NAVY, fill_color=GOAL_FILL, size_pt=9),
        "department": FontFace(emphasis="BOLD", color=NAVY, fill_color=GROUP),
        "subgoals": FontFace(color=(26, 26, 26), fill_color=GROUP),
    }
    ctx_table, grid = start_table(pdf, table.headers, table.widths, 7)
    for row in table.rows:
        line = grid.row()
        if row.kind == "row":
            for text in row.cells:
                line.cell(text)
        else:
            line.cell(row.cells[0], colspan=n, style=styles[row.kind])
    ctx_table.__exit__(None, None, None)
