"""PxWeb CSV downloads → observation frame, for `import` on networks without API access.

PxWeb writes CSV in a few shapes (comma or semicolon, with or without a title line, one value
column per heading combination such as "2021 Väestö 31.12."); the assumptions are listed in
`parse_pxweb_csv`. Unclear headers are refused with a ParseError rather than guessed.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from loaders.base import ParseError
from loaders.pxweb_query import CONTENT_TEXTS, REGION_TEXTS, TIME_TEXTS
from mittaristo.observations import OBS_COLUMNS

_PERIOD = re.compile(r"^(\d{4}(?:[QMK]\d{1,2})?)\b\s*(.*)$")
_REGION_CODE = re.compile(r"^(KU\d{3}|MK\d{2}|SK\d{3}|SSS|\d{3})\b")
_WHOLE_COUNTRY = {"koko maa", "whole country", "hela landet"}
NIL = "-"  # StatFin: magnitude nil, i.e. 0


@dataclass
class _CsvLayout:
    stubs: list[str]
    values: list[str] = field(default_factory=list)


def parse_pxweb_csv(
    text: str, *, dataset: str, region_codes: dict[str, str] | None = None
) -> pd.DataFrame:
    """A PxWeb CSV download → OBS frame.

    Assumptions: the header is the first row with ≥ 2 fields (a title line and blank lines
    before it are skipped); leading columns are the stub variables (Alue, Vuosi, Tiedot, …) and
    the rest are value columns, one per heading combination, whose header may begin with the
    period ("2021 Väestö 31.12."). Regions are read from a leading code (`KU091 Helsinki`,
    `091`, `SSS`) or mapped by name through `region_codes` (name → code). The measure is the
    content's label as the file gives it. Decimal commas are accepted in `;` files.
    """
    rows = _csv_rows(text)
    header, data = rows[0], [r for r in rows[1:] if len(r) == len(rows[0])]
    layout = _csv_layout(header, data, dataset)
    records = [
        rec for row in data for rec in _csv_records(row, header, layout, region_codes, dataset)
    ]
    frame = pd.DataFrame(
        records, columns=["measure", "dimensions", "region", "period", "value", "symbol"]
    )
    frame.insert(0, "dataset", dataset)
    frame.insert(0, "source", "pxweb")
    return frame.astype({"value": float})[OBS_COLUMNS]


def _csv_rows(text: str) -> list[list[str]]:
    """Rows from the header on; the delimiter is the one that splits the header row."""
    lines = text.lstrip("\ufeff").splitlines()
    found = next(((i, d) for i, line in enumerate(lines) if (d := _delimiter(line))), None)
    if found is None:
        raise ParseError("PxWeb CSV: no header row with at least two columns")
    start, delimiter = found
    rows = [r for r in csv.reader(io.StringIO("\n".join(lines[start:])), delimiter=delimiter) if r]
    if len(rows) < 2:
        raise ParseError("PxWeb CSV: a header and at least one data row are needed")
    return [[c.strip() for c in r] for r in rows]


def _delimiter(line: str) -> str | None:
    """`;` or `,` when the line splits into ≥ 2 fields (a quoted title line does not)."""
    widths = {d: len(next(csv.reader([line], delimiter=d), [])) for d in ";,"}
    best = max(widths, key=lambda d: widths[d])
    return best if widths[best] >= 2 else None


def _is_number(cell: str) -> bool:
    return (
        cell in ("", ".", "..", "...", NIL) or re.fullmatch(r"-?\d+(?:[.,]\d+)?", cell) is not None
    )


def _csv_layout(header: list[str], data: list[list[str]], dataset: str) -> _CsvLayout:
    def is_stub(i: int) -> bool:
        name = header[i].lower()
        known = name.startswith(("alue", "timeperiod_")) or name in TIME_TEXTS | REGION_TEXTS | {
            "tiedot"
        }
        return known or not all(_is_number(row[i]) for row in data)

    first_value = next((i for i in range(len(header)) if not is_stub(i)), None)
    if first_value is None or first_value == 0:
        raise ParseError(
            f"{dataset}: cannot tell stub and value columns apart in the header {header}"
        )
    stubs, values = header[:first_value], header[first_value:]
    has_time = any(s.lower() in TIME_TEXTS or s.lower().startswith("timeperiod_") for s in stubs)
    if not has_time and not all(_PERIOD.match(v) for v in values):
        raise ParseError(
            f"{dataset}: no Vuosi column and value headers do not start with a period: {values}"
        )
    return _CsvLayout(stubs, values)


def _csv_records(row, header, layout, region_codes, dataset) -> list[tuple]:
    stub = dict(zip(layout.stubs, row, strict=False))
    region, period, measure, dims = "SSS", None, None, []
    for name, cell in stub.items():
        low = name.lower()
        if low in TIME_TEXTS or low.startswith("timeperiod_"):
            period = cell
        elif low in CONTENT_TEXTS:
            measure = cell
        elif low.startswith("alue") or low in REGION_TEXTS:
            region = _csv_region(cell, region_codes, dataset)
        else:
            dims.append(f"{name}={cell}")
    out = []
    for name, cell in zip(layout.values, row[len(layout.stubs) :], strict=True):
        match = _PERIOD.match(name)
        col_period, col_measure = (match.group(1), match.group(2)) if match else (None, name)
        value, symbol = _csv_value(cell)
        out.append(
            (
                measure or col_measure or dataset,
                ";".join(sorted(dims)),
                region,
                period or col_period,
                value,
                symbol,
            )
        )
    return out


def _csv_region(cell: str, region_codes: dict[str, str] | None, dataset: str) -> str:
    match = _REGION_CODE.match(cell)
    if match:
        code = match.group(1)
        return f"KU{code}" if code.isdigit() else code
    if cell.lower() in _WHOLE_COUNTRY:
        return "SSS"
    lookup = {k.lower(): v for k, v in (region_codes or {}).items()}
    if cell.lower() in lookup:
        return lookup[cell.lower()]
    raise ParseError(f"{dataset}: unknown region {cell!r} (no code, not in the municipality list)")


def _csv_value(cell: str) -> tuple[float, str | None]:
    if cell in (".", "..", "..."):
        return math.nan, cell
    if cell == NIL:
        return 0.0, None
    return (float(cell.replace(",", ".")) if cell else math.nan), None
