"""A strategy (or nothing: the blank template) → the strategy workbook (XLSX bytes).

The plan sheet has one row per action–mittari pair in the shape towns already use; every
other field of the model has its own column or sheet, and the Tunniste columns carry the
ids, so importing the exported workbook gives back the same strategy. Rows are ordered so
that the order in which actions and mittarit first appear is their order in the strategy.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mittaristo.config.model import Catalog, Strategy
from mittaristo.i18n import t
from mittaristo.safetext import export_text
from mittaristo.template.columns import (
    CATALOG,
    COLUMNS,
    DECISIONS,
    DOCUMENTS,
    GOALS,
    INSTRUCTIONS,
    PLAN,
    PLAN_COLUMNS,
    STATUSES,
    STRATEGY,
    STRATEGY_FIELDS,
    TOWN_SHAPE,
    header,
    sheet_title,
    status_word,
)
from mittaristo.template.export_rows import Decisions, goal_rows, plan_rows, strategy_values

BOLD = Font(bold=True)
TOWN_FILL = PatternFill("solid", fgColor="DDEBF7")
EXTRA_FILL = PatternFill("solid", fgColor="EDEDED")
WRAP = Alignment(wrap_text=True, vertical="top")
WIDTHS = {"goal": 40, "subgoal": 40, "action": 45, "mittari": 40, "target": 30, "owner": 28,
          "interpretation": 30, "reason": 30, "note": 30, "history": 30, "description": 40,
          "title": 45, "name": 45, "document": 40}  # fmt: skip
MAX_STATUS_ROWS = 2000


def build_workbook(strategy: Strategy | None, catalog: Catalog, lang: str = "fi") -> bytes:
    """The template in `lang`, filled with `strategy` when one is given."""
    book = Workbook()
    book.remove(book.active)
    decisions = Decisions()
    rows = plan_rows(strategy, decisions) if strategy else []
    _instructions(book.create_sheet(sheet_title(INSTRUCTIONS, lang)), lang)
    _fields(book.create_sheet(sheet_title(STRATEGY, lang)), strategy, lang)
    plan = _table(book, PLAN, rows, lang)
    _table(book, GOALS, goal_rows(strategy) if strategy else [], lang)
    _table(book, DOCUMENTS, _document_rows(strategy), lang)
    _table(book, DECISIONS, decisions.rows(), lang)
    _table(book, CATALOG, _catalog_rows(catalog, lang), lang)
    _validations(plan, book[sheet_title(CATALOG, lang)], len(catalog.indicators), lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(ws, lang: str) -> None:
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 110
    ws.append([t("sheet.instructions_title", lang)])
    ws["A1"].font = Font(bold=True, size=14)
    for line in t("sheet.instructions", lang).split("\n"):
        ws.append(["", line])
    ws.append([])
    ws.append([t("sheet.columns_title", lang)])
    ws.cell(ws.max_row, 1).font = BOLD
    for key in PLAN_COLUMNS:
        ws.append([header(PLAN, key, lang), t(f"sheet.help.{key}", lang)])
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = WRAP


def _fields(ws, strategy: Strategy | None, lang: str) -> None:
    values = strategy_values(strategy) if strategy else {}
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 80
    for key in STRATEGY_FIELDS:
        ws.append(
            [header(STRATEGY, key, lang), values.get(key), t(f"sheet.strategy_help.{key}", lang)]
        )
        ws.cell(ws.max_row, 1).font = BOLD
        for cell in ws[ws.max_row]:
            cell.alignment = WRAP


def _table(book: Workbook, sheet: str, rows: list[dict], lang: str):
    ws = book.create_sheet(sheet_title(sheet, lang))
    columns = COLUMNS[sheet]
    ws.append([header(sheet, key, lang) for key in columns])
    for i, key in enumerate(columns, start=1):
        cell = ws.cell(1, i)
        cell.font = BOLD
        cell.alignment = WRAP
        cell.fill = TOWN_FILL if sheet != PLAN or i <= TOWN_SHAPE else EXTRA_FILL
        if sheet == PLAN:
            cell.comment = Comment(t(f"sheet.help.{key}", lang), "Mittaristo")
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(key, 16)
    for row in rows:
        ws.append([_cell_value(row.get(key), key, lang) for key in columns])
        for cell in ws[ws.max_row]:
            cell.alignment = WRAP
    ws.freeze_panes = "A2"
    return ws


def _cell_value(value: object, key: str, lang: str) -> object:
    """A field as its cell: a status in words, text by the export rule (a control character
    in a name would make the workbook unwritable)."""
    if key == "status" and value in STATUSES:
        return status_word(str(value), lang)
    return export_text(value)


def _document_rows(strategy: Strategy | None) -> list[dict]:
    out = []
    for doc in strategy.documents if strategy else []:
        row: dict = {"title": doc.title, "source_file": doc.source_file}
        if doc.adopted_by:
            row |= {"body": doc.adopted_by.body, "date": doc.adopted_by.date,
                    "section": doc.adopted_by.section, "document": doc.adopted_by.document}  # fmt: skip
        out.append(row)
    return out


def _catalog_rows(catalog: Catalog, lang: str) -> list[dict]:
    return [
        {"id": ind.id, "name": ind.name.get(lang), "unit": ind.unit.get(lang),
         "better": t(f"sheet.better.{ind.better}", lang), "source": ind.source.kind}
        for ind in catalog.indicators
    ]  # fmt: skip


def _validations(plan, catalog_ws, n_indicators: int, lang: str) -> None:
    """Drop-down lists: the action statuses, and the catalog ids (typing stays allowed)."""
    words = ",".join(status_word(s, lang) for s in STATUSES)
    status_col = get_column_letter(PLAN_COLUMNS.index("status") + 1)
    status = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
    status.add(f"{status_col}2:{status_col}{MAX_STATUS_ROWS}")
    plan.add_data_validation(status)
    id_col = get_column_letter(PLAN_COLUMNS.index("indicator") + 1)
    ids = DataValidation(
        type="list", formula1=f"'{catalog_ws.title}'!$A$2:$A${n_indicators + 1}", allow_blank=True,
        showErrorMessage=False,
    )  # fmt: skip
    ids.add(f"{id_col}2:{id_col}{MAX_STATUS_ROWS}")
    plan.add_data_validation(ids)
