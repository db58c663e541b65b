"""A filled strategy workbook → rows of cells that remember where they came from.

Merged cells (a Word table pasted into Excel merges the cells beside a multi-line cell) give
their value to every cell they cover. Headers are found in the first rows of each sheet in
any language (columns.py); unknown columns are reported and ignored (Kemi's Toteuma). Every
value keeps its sheet, row and column, so a problem is reported where the person can fix it.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from mittaristo.template.columns import (
    READ_SHEETS,
    STRATEGY,
    header_keys,
    norm,
    sheet_keys,
)
from mittaristo.template.problems import Problem

MAX_BYTES = 20_000_000
MAX_ROWS = 10_000
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Cell:
    value: object  # str (stripped), int, float, dt.date or None
    sheet: str  # the sheet's title as written in the workbook
    row: int
    column: str  # A, B, …
    header: str  # the column's header as written

    @property
    def text(self) -> str:
        """The value as text ('' when empty); 2024.0 → '2024'."""
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value)


@dataclass
class Sheet:
    key: str
    title: str
    rows: list[dict[str, Cell]] = field(default_factory=list)  # column key → cell
    ignored: list[str] = field(default_factory=list)  # headers not understood


@dataclass
class Workbook:
    sheets: dict[str, Sheet]
    problems: list[Problem]


def read_workbook(source: Path | bytes) -> Workbook:
    """Every sheet the importer reads, or problems when the file is not a readable workbook."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    where = "" if isinstance(source, bytes) else Path(source).name
    if len(data) > MAX_BYTES:
        return Workbook({}, [Problem(where, 0, "", "", "sheet.problem.too_big", "sheet.hint_file")])
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return Workbook({}, [Problem(where, 0, "", "", "sheet.problem.not_xlsx", "sheet.hint_file",
                                     {"reason": type(exc).__name__})])  # fmt: skip
    sheets: dict[str, Sheet] = {}
    problems: list[Problem] = []
    for ws in book.worksheets:
        key = sheet_keys().get(norm(ws.title))
        if key in READ_SHEETS and key not in sheets:
            sheets[key] = _read_sheet(ws, key, problems)
    return Workbook(sheets, problems)


def _grid(ws) -> list[list[object]]:
    """The sheet's values with every merged range filled with its top-left value."""
    last = min(ws.max_row, MAX_ROWS + 1)
    grid = [list(row) for row in ws.iter_rows(values_only=True, max_row=last)]
    for merged in ws.merged_cells.ranges:
        value = ws.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
            row = grid[r - 1]
            row.extend([None] * (merged.max_col - len(row)))
            for c in range(merged.min_col, merged.max_col + 1):
                row[c - 1] = value
    return grid


def clean(value: object) -> object:
    """A cell value as the importer uses it: stripped text (lines kept), numbers, dates."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        lines = [" ".join(line.split()) for line in value.replace("\r", "\n").split("\n")]
        text = "\n".join(line for line in lines if line)
        return text or None
    if isinstance(value, bool):
        return str(value)
    return value


def _read_sheet(ws, key: str, problems: list[Problem]) -> Sheet:
    grid = _grid(ws)
    sheet = Sheet(key, ws.title)
    if len(grid) > MAX_ROWS:
        problems.append(
            Problem(ws.title, MAX_ROWS, "", "", "sheet.problem.too_many_rows", "sheet.hint_file")
        )
        return sheet
    if key == STRATEGY:
        return _read_fields(grid, sheet)
    known = header_keys(key)
    head_at = next(
        (i for i, row in enumerate(grid[:HEADER_SEARCH_ROWS])
         if sum(norm(v) in known for v in row if v is not None) >= 2),
        None,
    )  # fmt: skip
    if head_at is None:
        return sheet
    columns: dict[int, tuple[str, str]] = {}
    for c, value in enumerate(grid[head_at]):
        if value is None:
            continue
        col_key = known.get(norm(value))
        if col_key is None or any(k == col_key for k, _ in columns.values()):
            sheet.ignored.append(str(value))
        else:
            columns[c] = (col_key, str(value))
    for r, row in enumerate(grid[head_at + 1 :], start=head_at + 2):
        cells = {
            col_key: Cell(clean(row[c]) if c < len(row) else None, ws.title, r,
                          get_column_letter(c + 1), head)
            for c, (col_key, head) in columns.items()
        }  # fmt: skip
        if any(cell.value is not None for cell in cells.values()):
            sheet.rows.append(cells)
    return sheet


def _read_fields(grid: list[list[object]], sheet: Sheet) -> Sheet:
    """Label · value rows (the strategy sheet): one dict whose keys are the fields found."""
    known = header_keys(STRATEGY)
    fields: dict[str, Cell] = {}
    for r, row in enumerate(grid, start=1):
        if not row or row[0] is None:
            continue
        key = known.get(norm(row[0]))
        if key is None:
            continue
        value = clean(row[1]) if len(row) > 1 else None
        fields[key] = Cell(value, sheet.title, r, "B", str(row[0]))
    sheet.rows = [fields]
    return sheet
