"""Manual values (surveys, internal records) from a CSV or XLSX file typed by a person.

People make typing mistakes, and a half-imported file is worse than none: every row is checked,
every problem is collected, and the file is rejected as a whole with one line per problem in the
form `file:line: what is wrong — how to fix`. Finnish habits are accepted (`;` separator,
decimal comma, `1 234,5`, Excel's Windows-1252 CSV, Finnish column names).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.base import ImportRejected, capped
from mittaristo.i18n import t
from mittaristo.observations import OBS_COLUMNS, empty_frame
from mittaristo.periods import PeriodError, normalise_period
from mittaristo.values import ValueRefused, check_number, parse_text_number

COLUMN_ALIASES = {
    "town": ("town", "kunta", "municipality", "kaupunki"),
    "indicator": ("indicator", "mittari", "indikaattori"),
    "period": ("period", "vuosi", "kausi", "ajanjakso"),
    "value": ("value", "arvo"),
    "source_note": ("source_note", "source note", "lähde", "lahde", "source"),
}
REQUIRED = ("town", "indicator", "period", "value")
COLUMNS_HINT = "the first row must name the columns town, indicator, period, value, source_note"

Cell = str | float | int | bool | dt.date | None


@dataclass
class ManualResult:
    """Rows ready for the store, the source note per row, and notes for the person importing."""

    frame: pd.DataFrame  # OBS_COLUMNS, source "manual"
    notes: dict[tuple[str, str, str], str] = field(
        default_factory=dict
    )  # (measure, region, period)
    warnings: list[str] = field(default_factory=list)


class _Problems(list[str]):
    """Collected `file:line: what — fix` lines."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def add(self, line: int, what: str, fix: str) -> None:
        self.append(f"{self.name}:{line}: {what} — {fix}")

    def raise_if_any(self, cells_read: int | None = None) -> None:
        if self:
            head = t("manual_problems", "en", name=self.name, n=len(self))
            exc = ImportRejected(head + "\n" + capped(self))
            exc.cells_read, exc.problems = cells_read, tuple(self)
            raise exc


# --------------------------------------------------------------------------- reading


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Text and a note when the file was not UTF-8 (Excel's 'CSV' saves Windows-1252)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        note = "the file was not UTF-8; it was read as Windows-1252 (Latin-1), check ä and ö"
        return data.decode("cp1252", errors="replace"), note


def _read_csv(data: bytes, warnings: list[str]) -> list[tuple[int, list[Cell]]]:
    text, note = decode_text(data)
    if note:
        warnings.append(note)
    first = text.split("\n", 1)[0]
    delimiter = max(";\t,", key=first.count) if first.strip() else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Cell]]] = []
    for cells in reader:
        rows.append((reader.line_num, list(cells)))
    return rows


MAX_XLSX_INFLATED = 100_000_000  # bytes of the unzipped parts: a 2 MB file can inflate to 600 MB
MAX_ROWS = 100_000  # rows of a manual sheet (one town's values for decades is a few thousand)


def _check_inflated(path: Path) -> None:
    """The zip's own size table, read before openpyxl unpacks anything."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl names the broken file below
    if inflated > MAX_XLSX_INFLATED:
        raise ImportRejected(
            f"{path.name}:1: the workbook unpacks to {inflated / 1e6:.0f} MB, over the "
            f"{MAX_XLSX_INFLATED / 1e6:g} MB limit — save only the values sheet, or as CSV"
        )


def _read_xlsx(path: Path, warnings: list[str]) -> list[tuple[int, list[Cell]]]:
    import openpyxl  # only needed for Excel files

    _check_inflated(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken or non-xlsx file
        raise ImportRejected(
            f"{path.name}: not a readable .xlsx file ({type(exc).__name__}: {exc})"
        ) from exc
    try:
        sheet = book.worksheets[0]
        if len(book.worksheets) > 1:
            warnings.append(f"only the first sheet ({sheet.title!r}) was read")
        if (sheet.max_row or 0) > MAX_ROWS:
            raise ImportRejected(
                f"{path.name}:1: the sheet has {sheet.max_row} rows, over the {MAX_ROWS} row "
                "limit — split it into smaller files"
            )
        rows: list[tuple[int, list[Cell]]] = []
        for i, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if i > MAX_ROWS:  # the sheet's own dimension can understate it
                raise ImportRejected(
                    f"{path.name}:{i}: over the {MAX_ROWS} row limit — split it into smaller files"
                )
            rows.append((i, list(row)))
        return rows
    finally:
        book.close()


def _text(cell: Cell) -> str:
    """A cell as text; Excel's whole numbers (2024.0) without the '.0'."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# --------------------------------------------------------------------------- checks


def _header(line: int, cells: list[Cell], problems: _Problems) -> dict[str, int]:
    """Column name → position; unknown or doubled names are problems (typos hide data)."""
    lookup = {alias: col for col, aliases in COLUMN_ALIASES.items() for alias in aliases}
    found: dict[str, int] = {}
    for pos, cell in enumerate(cells):
        name = _text(cell).lower()
        if not name:
            continue
        col = lookup.get(name)
        if col is None:
            problems.add(line, f"unknown column {_text(cell)!r}", COLUMNS_HINT)
        elif col in found:
            problems.add(line, f"column {col!r} appears twice", "keep one column of each")
        else:
            found[col] = pos
    for col in REQUIRED:
        if col not in found:
            problems.add(line, f"column {col!r} is missing", COLUMNS_HINT)
    return found


def parse_number(cell: Cell) -> float | None:
    """12,5 · 12.5 · 1 234,5 · −3 → float (mittaristo.values); None when it is not a finite
    number within range (booleans, NaN, infinities, text)."""
    try:
        if isinstance(cell, int | float):
            return check_number(cell)
        return parse_text_number(_text(cell))
    except ValueRefused:
        return None


def parse_period(cell: Cell) -> str | None:
    """2024, 2024Q3 / 2024K3, 2024M05 / 2024M5 (mittaristo.periods) → stored text, else None."""
    if isinstance(cell, dt.date):
        return None  # Excel made it a date
    try:
        return normalise_period(cell)
    except PeriodError:
        return None


def _check_value(cell: Cell, line: int, problems: _Problems) -> float | None:
    if _text(cell) == "":
        problems.add(
            line, "value is empty", "write a number, or delete the row if there is no value"
        )
        return None
    value = parse_number(cell)
    if value is None:
        problems.add(
            line,
            f"value {_text(cell)!r} is not a number",
            "write only the number, e.g. 12,5 or 1 234 (no units, % signs or text)",
        )
    return value


def _check_period(cell: Cell, line: int, problems: _Problems) -> str | None:
    period = parse_period(cell)
    if period is None:
        hint = (
            "Excel made it a date: format the column as text"
            if isinstance(cell, dt.date)
            else "write"
        )
        problems.add(
            line, f"period {_text(cell)!r} is not valid", f"{hint} e.g. 2024, 2024Q3 or 2024M05"
        )
    return period


def _check_key(
    cell: Cell, known: dict[str, str], line: int, problems: _Problems, what: str, fix: str
) -> str | None:
    text = _text(cell)
    if not text:
        problems.add(line, f"{what} is empty", fix)
        return None
    found = known.get(text.lower())
    if found is None:
        close = difflib.get_close_matches(text.lower(), list(known), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        problems.add(line, f"unknown {what} {text!r}{hint}", fix)
    return found


def _check_rows(rows, columns: dict[str, int], towns, indicators, problems: _Problems, notes: dict):
    """One record per valid row; every problem is added to `problems`."""
    records: list = []
    first_line: dict = {}
    town_fix = (
        "use a town id, municipality code or name from strategies/ (e.g. heinola, KU111, Heinola)"
    )
    ind_fix = "use an indicator id from indicators.yaml"
    for line, cells in rows:
        if not any(_text(c) for c in cells):
            continue
        get = {col: (cells[pos] if pos < len(cells) else None) for col, pos in columns.items()}
        if any(_text(c) for c in cells[max(columns.values()) + 1 :]):
            problems.add(
                line,
                "the row has more cells than the header",
                "remove the extra cells or name the column",
            )
        region = _check_key(get["town"], towns, line, problems, "town", town_fix)
        measure = _check_key(get["indicator"], indicators, line, problems, "indicator", ind_fix)
        period = _check_period(get["period"], line, problems)
        value = _check_value(get["value"], line, problems)
        key = (measure, region, period)
        if None in key:
            continue
        if key in first_line:
            problems.add(
                line,
                f"duplicate of line {first_line[key]} ({measure}, {region}, {period})",
                "keep one row per town, indicator and period",
            )
            continue
        first_line[key] = line
        records.append(("manual", "manual", measure, "", region, period, value, None))
        if note := _text(get.get("source_note")):
            notes[key] = note
    return records


def _read_rows(path: Path, problems: _Problems, max_bytes: int, warnings: list[str]):
    """Non-empty rows with their line numbers; a too large or unreadable file stops here."""
    size = path.stat().st_size
    if size > max_bytes:
        limit = f"over the {max_bytes / 1e6:g} MB limit"
        problems.add(1, f"the file is {size / 1e6:.1f} MB, {limit}", "split it into smaller files")
        problems.raise_if_any()
    suffix = path.suffix.lower()
    if suffix == ".xls":
        problems.add(1, "old .xls files are not read", "save it as .xlsx or CSV (UTF-8)")
        problems.raise_if_any()
    rows = (
        _read_xlsx(path, warnings)
        if suffix in (".xlsx", ".xlsm")
        else _read_csv(path.read_bytes(), warnings)
    )
    rows = [(line, cells) for line, cells in rows if any(_text(c) for c in cells)]
    if not rows:
        problems.add(1, "the file is empty", COLUMNS_HINT + ", then one row per value")
        problems.raise_if_any()
    return rows


def parse_manual_file(
    path: Path, *, towns: dict[str, str], indicator_ids: set[str], max_bytes: int = 20_000_000
) -> ManualResult:
    """Validate a whole manual-values file; raises ImportRejected listing every problem.

    `towns` maps every accepted spelling (town id, KU code, Finnish name) → municipality code.
    """
    path = Path(path)
    problems, warnings = _Problems(path.name), list[str]()
    rows = _read_rows(path, problems, max_bytes, warnings)
    columns = _header(rows[0][0], rows[0][1], problems)
    problems.raise_if_any()  # without the columns the rows cannot be read
    if len(rows) == 1:
        fix = "add one row per town, indicator, period and value"
        problems.add(rows[0][0] + 1, "the file has no data rows", fix)
    notes: dict[tuple[str, str, str], str] = {}
    town_keys = {k.lower(): v for k, v in towns.items()}
    ind_keys = {i.lower(): i for i in indicator_ids}
    records = _check_rows(rows[1:], columns, town_keys, ind_keys, problems, notes)
    problems.raise_if_any(cells_read=len(rows) - 1)  # every data row holds one value
    frame = pd.DataFrame.from_records(records, columns=OBS_COLUMNS) if records else empty_frame()
    frame["value"] = frame["value"].astype("float64")
    return ManualResult(frame=frame, notes=notes, warnings=warnings)
