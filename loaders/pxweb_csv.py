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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from loaders.base import ParseError, capped
from loaders.pxweb_query import (
    CONTENT_TEXTS,
    REGION_TEXTS,
    TIME_TEXTS,
    TableMeta,
    is_content,
    is_region,
    is_time,
)
from mittaristo.areas import (
    WHOLE_COUNTRY,
    dimension_kind,
    few,
    other_area_kind,
    resolve_region,
    says_finland,
)
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


NO_CODE_HINT = (
    "a CSV download has only the labels of its language, so a Finnish and a Swedish download "
    "of one table would become two series: give the table's metadata (--metadata FILE: the "
    "PxWeb answer to a GET on the table, in the file's language), or download the table as "
    "json-stat2, which carries the codes"
)


HEADINGS = "value column headings"


class _Codes:
    """The codes behind a CSV's labels: the table's metadata (one GET answer per language, any
    of fi/sv/en) and the content codes the catalog names. A label no code stands for is
    collected per column, and the file is refused naming the column and the labels."""

    def __init__(self, metas: Sequence[TableMeta], content_codes: Iterable[str]) -> None:
        self.has_meta = bool(metas)
        self.order: list[str] = []
        self.names: dict[str, set[str]] = {}  # variable code → its texts and code, lower-case
        self.values: dict[str, dict[str, set[str]]] = {}  # variable → value code → texts
        self.content: str | None = None
        self.skip: set[str] = set()  # region and time variables: read by their own rules
        for meta in metas:
            for var in meta.variables:
                if var.code not in self.names:
                    self.order.append(var.code)
                self.names.setdefault(var.code, {var.code.lower()}).add(var.text.lower())
                if is_content(var) and not is_time(var):
                    self.content = var.code
                if is_time(var) or is_region(var):
                    self.skip.add(var.code)
                texts = self.values.setdefault(var.code, {})
                for code, label in zip(var.values, var.value_texts, strict=False):
                    low = label.strip().lower()
                    texts.setdefault(code, {code.lower()}).update({low, f"{code} {low}".lower()})
        self.catalog = {c.lower(): c for c in content_codes}
        self.missing: dict[str, list[str]] = {}
        self.strangers: set[str] = set()  # columns that are no variable of the metadata
        self.headings: dict[str, dict[str, str] | None] = {}

    def refuse(self, column: str, label: str) -> str:
        seen = self.missing.setdefault(column, [])
        if label not in seen:
            seen.append(label)
        return label

    def variable(self, column: str) -> str | None:
        low = column.strip().lower()
        return next((code for code, names in self.names.items() if low in names), None)

    def value(self, var: str, label: str) -> str | None:
        low = label.strip().lower()
        hits = [code for code, texts in self.values.get(var, {}).items() if low in texts]
        return hits[0] if len(hits) == 1 else None

    def measure(self, label: str, column: str) -> str:
        """A content label → its code: by the metadata, or a code the catalog names (M152)."""
        code = self.value(self.content, label) if self.content else None
        if code is None:
            code = self.catalog.get(label.strip().lower())
        return code if code is not None else self.refuse(column, label)

    def plan_headings(self, rests: list[str], stub_vars: set[str]) -> None:
        """Which heading variables the value columns' headings ('Miehet', 'Väestö 31.12.
        Miehet') name: the one set of variables that reads every heading (a label such as
        'Yhteensä' belongs to several variables; all the columns together tell which)."""
        free = [v for v in self.order if v not in stub_vars and v not in self.skip]
        splits = {r: _splits(r.strip().lower(), free, self.values) for r in set(rests) if r}
        common = None
        for found in splits.values():
            keys = {frozenset(f) for f in found}
            common = keys if common is None else common & keys
        chosen = next(iter(common)) if common and len(common) == 1 else None
        self.headings = {}
        for rest, found in splits.items():
            fits = [f for f in found if chosen is not None and frozenset(f) == chosen]
            self.headings[rest] = fits[0] if len(fits) == 1 else None

    def heading(self, rest: str) -> dict[str, str] | None:
        """{variable code: value code} a value column's heading (after its period) names."""
        found = self.headings.get(rest)
        return dict(found) if found is not None else None

    def label_keyed(self) -> list[str]:
        """Without the table's metadata, the columns whose labels stand in for codes."""
        return [] if self.has_meta else list(self.missing)

    def problems(self) -> list[str]:
        if not self.has_meta:
            return []  # kept by label and said so (`label_keyed`): every cell is stored
        out, hints = [], []
        for column, labels in self.missing.items():
            where = "the value columns' headings" if column == HEADINGS else f"column {column!r}"
            out.append(f"{where}: labels that no code stands for ({few(labels)})")
            if column in self.strangers:
                hints.append(f"the table's metadata has no variable {column!r} (another table's?)")
        if out and not self.has_meta:
            hints.append(NO_CODE_HINT)
        elif len(hints) < len(out):
            hints.append("the table's metadata has no such values")
        return out + hints


def _splits(
    rest: str, free: list[str], values: dict[str, dict[str, set[str]]]
) -> list[dict[str, str]]:
    """Every way to read a heading as one value of each of some of `free` (in order)."""
    if not rest:
        return [{}]
    if not free:
        return []
    var, others = free[0], free[1:]
    out = []
    for code, texts in values.get(var, {}).items():
        for text in texts:
            if rest == text:
                out.append({var: code})
            elif rest.startswith(text + " "):
                out += [
                    {var: code, **tail} for tail in _splits(rest[len(text) + 1 :], others, values)
                ]
    return out + _splits(rest, others, values)  # or the variable is not in the heading


def parse_pxweb_csv(
    text: str,
    *,
    dataset: str,
    region_codes: dict[str, str] | None = None,
    metadata: Sequence[TableMeta] = (),
    content_codes: Iterable[str] = (),
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
    Every other dimension and the measure are stored by their codes (`sukupuoli_9_20180101=1`,
    `vaerak-vaesto`), read from `metadata` (the table's GET answers, in any language) or, for
    the measure, `content_codes` (the catalog's): the fi, sv and en downloads of one table are
    one series. With metadata, a label no code stands for refuses the file, naming the column
    and the labels; without it, every cell is still stored, keyed by the file's labels, and
    `frame.attrs["label_keyed"]` names those columns so the import can say that a download in
    another language would be another series.
    """
    head, rows = _csv_rows(text, dataset)
    header, data = rows[0].cells, rows[1:]
    layout = _csv_layout(header, [r.cells for r in data], dataset)
    regions = _region_column(layout, data, region_codes, dataset, head)
    problems: list[str] = []
    records: list[tuple] = []
    first_line: dict[tuple, int] = {}
    codes = _Codes(metadata, content_codes)
    stub_vars = {v for s in layout.stubs if (v := codes.variable(s))}
    codes.plan_headings([_PERIOD.sub(r"\2", name) for name in layout.values], stub_vars)
    for row in data:
        for rec in _csv_records(row, layout, regions, problems, codes):
            key = rec[:4]
            if key in first_line:
                problems.append(
                    f"line {row.line}: the same cell as line {first_line[key]} "
                    f"({_describe(rec)}) — keep one of them"
                )
                continue
            first_line[key] = row.line
            records.append(rec)
    problems += codes.problems()
    if problems:
        raise ParseError(f"{dataset}: {len(problems)} problems:\n{capped(problems)}")
    frame = pd.DataFrame(
        records, columns=["measure", "dimensions", "region", "period", "value", "symbol"]
    )
    frame.insert(0, "dataset", dataset)
    frame.insert(0, "source", "pxweb")
    frame = frame.astype({"value": float})[OBS_COLUMNS]
    frame.attrs["label_keyed"] = codes.label_keyed()
    return frame


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
        elif width > 1 and len(cells) != width and cells[0] and not any(cells[1:]):
            notes.append(cells[0])  # a note line (`"Lähde: …";;` once Excel saved it)
            continue
        elif len(cells) != width:
            raise ParseError(
                f"{dataset}: line {line}: {len(cells)} fields but the header has {width}"
            )
        rows.append(_Row(line, cells))
    if len(rows) < 2:
        raise ParseError("PxWeb CSV: a header and at least one data row are needed")
    _drop_empty_tail(rows)
    return "\n".join(lines[:start] + notes), rows


def _drop_empty_tail(rows: list[_Row]) -> None:
    """Columns at the end with no header and no cell (a trailing `;` of a file saved from
    Excel) hold nothing: drop them instead of taking them for value columns."""
    width = len(rows[0].cells)
    keep = width
    while keep > 1 and not any(row.cells[keep - 1] for row in rows):
        keep -= 1
    if keep < width:
        for row in rows:
            del row.cells[keep:]


def _delimiter(line: str) -> str | None:
    """`;`, `,` or a tab (PxWeb's "tab delimited" download) when the line splits into ≥ 2
    fields (a quoted title line does not)."""
    widths = {d: _width(next(csv.reader([line], delimiter=d), [])) for d in ";,\t"}
    best = max(widths, key=lambda d: widths[d])
    return best if widths[best] >= 2 else None


def _width(fields: list[str]) -> int:
    """Fields up to the last non-empty one: a title line saved by Excel (`"Väkiluku";;`) is
    still one field."""
    while fields and not fields[-1].strip():
        fields = fields[:-1]
    return len(fields)


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
    other = [(s, k) for s in layout.stubs if (k := other_area_kind(s))]
    if index is None and other:
        raise ParseError(
            f"{dataset}: column {other[0][0]!r}: {other[0][1]} are not municipalities, regions "
            "or wellbeing services counties — download the table by municipality (Alue/Kunta), "
            "maakunta or wellbeing services county"
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


def _csv_records(
    row: _Row, layout: _CsvLayout, regions, problems: list[str], codes: _Codes
) -> list[tuple]:
    region_i, region_codes = regions
    region, period, measure = WHOLE_COUNTRY, None, None
    dims: dict[str, str] = {}
    for i, (name, cell) in enumerate(zip(layout.stubs, row.cells, strict=False)):
        var = codes.variable(name)
        if i == region_i:
            region = region_codes[cell]
        elif _is_time(name):
            period = cell
        elif name.lower() in CONTENT_TEXTS or (var is not None and var == codes.content):
            measure = codes.measure(cell, name)
        elif var is None:
            dims[name] = codes.refuse(name, cell)
            if codes.has_meta:
                codes.strangers.add(name)
        else:
            dims[var] = codes.value(var, cell) or codes.refuse(name, cell)
    out = []
    values = row.cells[len(layout.stubs) :]
    for name, cell in zip(layout.values, values, strict=True):
        match = _PERIOD.match(name)
        col_period, rest = (match.group(1), match.group(2)) if match else (None, name)
        cell_dims, cell_measure = dict(dims), measure
        if rest:
            found = codes.heading(rest) if codes.has_meta else None
            if found is None and measure is None and not codes.has_meta:
                cell_measure = codes.measure(rest, HEADINGS)
            elif found is None:
                cell_dims["?"] = codes.refuse(HEADINGS, rest)  # refused; kept apart till then
            else:
                cell_measure = found.pop(codes.content or "", None) or measure
                cell_dims.update(found)
        if cell_measure is None:
            cell_measure = _sole_content(codes) or "value"
        try:
            when = normalise_period(period or col_period)
            value, symbol = _csv_value(cell)
        except (PeriodError, ValueRefused) as exc:
            problems.append(f"line {row.line}, column {name!r}: {exc}")
            continue
        dim_text = ";".join(f"{k}={v}" for k, v in sorted(cell_dims.items()))
        out.append((cell_measure, dim_text, region, when, value, symbol))
    return out


def _sole_content(codes: _Codes) -> str | None:
    """The content code when the metadata's content variable has exactly one value."""
    found = codes.values.get(codes.content or "", {})
    return next(iter(found)) if len(found) == 1 else None


def _csv_value(cell: str) -> tuple[float | None, str | None]:
    if cell in SYMBOLS:
        return None, cell
    if cell == NIL:
        return 0.0, None
    if not cell:
        raise ValueRefused("value is empty and has no symbol (., .., ...)")
    return parse_text_number(cell), None
