"""PxWeb CSV downloads → observation frame, for `import` on networks without API access.

PxWeb writes CSV in a few shapes (comma or semicolon, with or without a title line, one value
column per heading combination such as "2021 Väestö 31.12." or "2021 Miehet"); the assumptions
are listed in `parse_pxweb_csv`. Every cell of the file becomes one row or the file is refused
(with the line and what is wrong): unclear headers, regions that are not Finnish areas, periods
that are not periods, values that are not numbers and one cell given twice are never guessed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import pandas as pd

from loaders.base import ParseError, capped
from loaders.pxweb_query import CONTENT_TEXTS, REGION_TEXTS, TIME_TEXTS
from mittaristo.areas import WHOLE_COUNTRY, dimension_kind, few, resolve_region, says_finland
from mittaristo.observations import OBS_COLUMNS
from mittaristo.periods import PeriodError, normalise_period
from mittaristo.values import SYMBOLS, ValueRefused, parse_text_number

# A value column's header: a period, then (after a space) the rest of the heading — never a
# digit or a dash ("2005 - 1" is not the year 2005 with a measure "- 1").
_PERIOD = re.compile(r"^(\d{4}(?:[QMK]\d{1,2})?)(?:\s+(?=[^\d\s\-–])|$)(.*)$", re.IGNORECASE)
NIL = "-"  # StatFin: magnitude nil, i.e. 0


@dataclass
class _CsvLayout:
    stubs: list[str]
    values: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    cells: list[str]


def parse_pxweb_csv(
    text: str, *, dataset: str, region_codes: dict[str, str] | None = None
) -> pd.DataFrame:
    """A PxWeb CSV download → OBS frame, one row per cell of the file.

    Assumptions: the header is the first row with ≥ 2 fields (a title line and blank lines
    before it are skipped, one-field lines after the data are notes); leading columns are the
    stub variables (Alue, Vuosi, Tiedot, …) and the rest are value columns, one per heading
    combination, whose header may begin with the period ("2021 Väestö 31.12."). The rest of a
    value column's header is the measure, or — when a Tiedot column names the measure — one
    more dimension (`Sarake=Miehet`), so three columns total / men / women stay three cells.
    Regions are read through `mittaristo.areas` (codes with or without prefix, fi/sv names) or
    `region_codes` (name → code); a file without a region column is the whole country only
    when its title or notes say Finland. Decimal commas are accepted in `;` files.
    """
    head, rows = _csv_rows(text, dataset)
    header, data = rows[0].cells, rows[1:]
    layout = _csv_layout(header, [r.cells for r in data], dataset)
    regions = _region_column(layout, data, region_codes, dataset, head)
    problems: list[str] = []
    records: list[tuple] = []
    first_line: dict[tuple, int] = {}
    for row in data:
        for rec in _csv_records(row, layout, regions, problems):
            key = rec[:4]
            if key in first_line:
                problems.append(
                    f"line {row.line}: the same cell as line {first_line[key]} "
                    f"({_describe(rec)}) — keep one of them"
                )
                continue
            first_line[key] = row.line
            records.append(rec)
    if problems:
        raise ParseError(f"{dataset}: {len(problems)} problems:\n{capped(problems)}")
    frame = pd.DataFrame(
        records, columns=["measure", "dimensions", "region", "period", "value", "symbol"]
    )
    frame.insert(0, "dataset", dataset)
    frame.insert(0, "source", "pxweb")
    return frame.astype({"value": float})[OBS_COLUMNS]


def _describe(rec: tuple) -> str:
    measure, dims, region, period = rec[:4]
    return ", ".join(p for p in (measure, dims, region, period) if p)


def _csv_rows(text: str, dataset: str) -> tuple[str, list[_Row]]:
    """(the text before the header, rows from the header on with their line numbers).

    The delimiter is the one that splits the header row; a data row of another width is an
    error (it used to vanish), a one-field row after the data is a note and is kept as text."""
    lines = text.lstrip("\ufeff").splitlines()
    found = next(((i, d) for i, line in enumerate(lines) if (d := _delimiter(line))), None)
    if found is None:
        raise ParseError("PxWeb CSV: no header row with at least two columns")
    start, delimiter = found
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter)
    rows: list[_Row] = []
    notes: list[str] = []
    width = None
    for cells in reader:
        line = start + reader.line_num
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if width is None:
            width = len(cells)
        elif len(cells) == 1 and width > 1:
            notes.append(cells[0])
            continue
        elif len(cells) != width:
            raise ParseError(
                f"{dataset}: line {line}: {len(cells)} fields but the header has {width}"
            )
        rows.append(_Row(line, cells))
    if len(rows) < 2:
        raise ParseError("PxWeb CSV: a header and at least one data row are needed")
    return "\n".join(lines[:start] + notes), rows


def _delimiter(line: str) -> str | None:
    """`;` or `,` when the line splits into ≥ 2 fields (a quoted title line does not)."""
    widths = {d: len(next(csv.reader([line], delimiter=d), [])) for d in ";,"}
    best = max(widths, key=lambda d: widths[d])
    return best if widths[best] >= 2 else None


def _is_number(cell: str) -> bool:
    if cell in ("", NIL) or cell in SYMBOLS:
        return True
    try:
        parse_text_number(cell)
    except ValueRefused:
        return False
    return True


def _is_time(name: str) -> bool:
    low = name.lower()
    return low in TIME_TEXTS or low.startswith("timeperiod_")


def _is_region(name: str) -> bool:
    return name.lower() in REGION_TEXTS or dimension_kind(name) is not None


def _csv_layout(header: list[str], data: list[list[str]], dataset: str) -> _CsvLayout:
    """Stub columns first, then value columns: a value column's header starts with a period,
    or (after a Vuosi column) its cells are numbers."""
    time_seen = False

    def is_stub(i: int) -> bool:
        nonlocal time_seen
        name = header[i]
        if _is_time(name):
            time_seen = True
            return True
        if _is_region(name) or name.lower() in CONTENT_TEXTS:
            return True
        if _PERIOD.match(name):
            return False
        return not time_seen or not all(_is_number(row[i]) for row in data)

    first_value = next((i for i in range(len(header)) if not is_stub(i)), None)
    if first_value is None or first_value == 0:
        raise ParseError(
            f"{dataset}: cannot tell stub and value columns apart in the header {header} (a "
            "value column's header starts with its period, e.g. '2024 Väestö', or follows a "
            "Vuosi column and holds numbers)"
        )
    stubs, values = header[:first_value], header[first_value:]
    has_time = any(_is_time(s) for s in stubs)
    if not has_time and not all(_PERIOD.match(v) for v in values):
        raise ParseError(
            f"{dataset}: no Vuosi column and value headers do not start with a period: {values}"
        )
    return _CsvLayout(stubs, values)


_POSTAL = re.compile(r"posti|postnummer|postal|zip", re.IGNORECASE)


def _region_column(
    layout: _CsvLayout, data: list[_Row], names: dict[str, str] | None, dataset: str, head: str
) -> tuple[int | None, dict[str, str]]:
    """(index of the region stub, cell → code); refuses a file whose regions are not Finnish
    areas, naming the column and a few values, and a file without regions not said to be
    Finland."""
    index = next((i for i, s in enumerate(layout.stubs) if _is_region(s)), None)
    postal = [s for s in layout.stubs if _POSTAL.search(s)]
    if postal:
        raise ParseError(
            f"{dataset}: column {postal[0]!r}: postal code areas are not municipalities — "
            "download the table by municipality (Alue/Kunta)"
        )
    if index is None:
        if not says_finland(head + " " + " ".join(layout.stubs + layout.values)):
            raise ParseError(
                f"{dataset}: no region column (Alue, Kunta, Maakunta …) and the file does not "
                "say it is about Finland — download the table with its region (Alue) column"
            )
        return None, {}
    column = layout.stubs[index]
    kind = dimension_kind(column) or ""
    lookup = {k.lower(): v for k, v in (names or {}).items()}
    codes: dict[str, str] = {}
    unknown: list[str] = []
    for row in data:
        cell = row.cells[index]
        if cell in codes or cell in unknown:
            continue
        code = lookup.get(cell.lower()) or resolve_region(cell, kind)
        if code is None:
            unknown.append(cell)
        else:
            codes[cell] = code
    if unknown:
        raise ParseError(
            f"{dataset}: column {column!r}: {len(unknown)} regions are not Finnish "
            f"municipalities, regions, wellbeing services counties or the whole country "
            f"(unknown region {few(unknown)}) — import only Finnish municipal data"
        )
    return index, codes


def _csv_records(row: _Row, layout: _CsvLayout, regions, problems: list[str]) -> list[tuple]:
    region_i, codes = regions
    region, period, measure, dims = WHOLE_COUNTRY, None, None, []
    for i, (name, cell) in enumerate(zip(layout.stubs, row.cells, strict=False)):
        if i == region_i:
            region = codes[cell]
        elif _is_time(name):
            period = cell
        elif name.lower() in CONTENT_TEXTS:
            measure = cell
        else:
            dims.append(f"{name}={cell}")
    out = []
    values = row.cells[len(layout.stubs) :]
    for name, cell in zip(layout.values, values, strict=True):
        match = _PERIOD.match(name)
        col_period, rest = (match.group(1), match.group(2)) if match else (None, name)
        cell_dims = [*dims, f"Sarake={rest}"] if measure and rest else dims
        try:
            when = normalise_period(period or col_period)
            value, symbol = _csv_value(cell)
        except (PeriodError, ValueRefused) as exc:
            problems.append(f"line {row.line}, column {name!r}: {exc}")
            continue
        out.append(
            (measure or rest or "value", ";".join(sorted(cell_dims)), region, when, value, symbol)
        )
    return out


def _csv_value(cell: str) -> tuple[float | None, str | None]:
    if cell in SYMBOLS:
        return None, cell
    if cell == NIL:
        return 0.0, None
    if not cell:
        raise ValueRefused("value is empty and has no symbol (., .., ...)")
    return parse_text_number(cell), None
