"""The workbook's sheet of the strategy's own table, filled (rows from reports.plan_table).

Laid out for printing with the agenda: landscape A4, one page wide, the column header row
repeated on every page and frozen on screen, a merged header row per goal and per department
as in the document, wrapped text and rows tall enough for every line.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mittaristo.i18n import t
from reports.context import ReportContext
from reports.plan_table import PlanRow, PlanTable
from reports.text import export_text
from reports.xlsx_book import HEAD_FILL, HEAD_FONT, HEADER_ROW, NAVY, WRAP, _font, sheet_top

GRID = Side(style="thin", color="9AA3AE")
BOX = Border(left=GRID, right=GRID, top=GRID, bottom=GRID)
GOAL_FILL = PatternFill("solid", fgColor="D5DCE6")
DEPARTMENT_FILL = PatternFill("solid", fgColor="EDF0F4")
LINE_PT, MAX_PT = 13.0, 409.0  # Arial 10 line height; the spreadsheet's largest row height


def lines_needed(text: object, width: float) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide."""
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(int(width * 1.1) - 2, 1)  # Arial 10 fits a little more than a character/unit
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _header_row(ws: Worksheet, r: int, row: PlanRow, n_cols: int, total: float) -> None:
    cell = ws.cell(r, 1, export_text(row.cells[0]))
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n_cols)
    if row.kind == "goal":
        cell.font, fill = _font(bold=True, size=12, color=NAVY), GOAL_FILL
    elif row.kind == "department":
        cell.font, fill = _font(bold=True, color=NAVY), DEPARTMENT_FILL
    else:
        cell.font, fill = _font(color="1A1A1A"), DEPARTMENT_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    for c in range(1, n_cols + 1):
        ws.cell(r, c).fill, ws.cell(r, c).border = fill, BOX
    size = 12 if row.kind == "goal" else 10
    ws.row_dimensions[r].height = min(MAX_PT, lines_needed(row.cells[0], total) * size * 1.35 + 6)


def plan_sheet(ws: Worksheet, ctx: ReportContext, table: PlanTable) -> None:
    n_cols = len(table.headers)
    sheet_top(ws, ctx, t("plan_title", ctx.lang), n_cols)
    ws["A4"] = export_text(ctx.strategy.documents[0].title)
    ws["A4"].font = _font(italic=True, color="5E5E5E")
    for c, (head, width) in enumerate(zip(table.headers, table.widths, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, c, export_text(head))
        cell.font, cell.fill, cell.alignment, cell.border = HEAD_FONT, HEAD_FILL, WRAP, BOX
        ws.column_dimensions[get_column_letter(c)].width = width
    total = sum(table.widths)
    for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
        if row.kind != "row":
            _header_row(ws, r, row, n_cols, total)
            continue
        for c, value in enumerate(row.cells, start=1):
            cell = ws.cell(r, c, export_text(value))
            cell.alignment, cell.border = WRAP, BOX
        lines = max(lines_needed(v, w) for v, w in zip(row.cells, table.widths, strict=True))
        ws.row_dimensions[r].height = min(MAX_PT, lines * LINE_PT + 4)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P / &N"
    ws.print_area = f"A1:{get_column_letter(n_cols)}{HEADER_ROW + len(table.rows)}"
