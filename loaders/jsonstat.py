"""json-stat2 → observation frame (OBS_COLUMNS). Pure: no I/O, no network.

A StatFin answer can hold a million cells, so the frame is built column-wise with numpy
(index arithmetic instead of a loop per cell) and the text columns are pandas Categoricals.
Dimensions are recognised by role first and by name second, because the June 2026 change
renamed every variable code (`Alue` → `alue_23_20260101`) but kept the labels.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from loaders.base import NO_VALUE, ParseError
from mittaristo.areas import (
    dimension_kind,
    few,
    other_area_kind,
    resolve_region,
    says_finland,
)
from mittaristo.observations import OBS_COLUMNS
from mittaristo.periods import PeriodError, normalise_period
from mittaristo.values import MAX_ABS, ValueRefused, parse_text_number

SYMBOLS = frozenset({".", "..", "..."})  # StatFin: no data / confidential / too uncertain
# Dimension names by role (fi, sv, en) when a document has no `role` (older PxWeb answers).
_TIME_NAMES = set(
    "vuosi|kuukausi|vuosineljännes|år|månad|kvartal|tid|year|month|quarter".split("|")
)  # `Tid`: the time code of SCB, SSB and Swedish-language PxWeb tables
_METRIC_NAMES = set("contentscode|tiedot|uppgifter|information".split("|"))
_REGION_NAMES = set("kunta|työpaikan alue|område|kommun|area|municipality|region".split("|"))
# A PxWeb answer holds at most a few hundred thousand cells (StatFin's limit per query is far
# lower); the dimensions of a small file can multiply to billions ("size" bombs), which would
# be allocated before any value is read.
MAX_CELLS = 10_000_000


@dataclass
class _Dim:
    """One dimension: its code, label and category codes in index order."""

    code: str
    label: str
    codes: list[str]
    labels: list[str]


def parse_jsonstat2(
    doc: dict | bytes | str,
    *,
    source: str = "pxweb",
    dataset: str | None = None,
    require_finland: bool = False,
    skip_unknown_regions: bool = False,
) -> pd.DataFrame:
    """One row per cell (sparse documents: per listed cell); raises ParseError on bad shape.

    Regions must be Finnish areas the reference knows (the region dimension is named with a
    few of its unknown values otherwise), periods are normalised (`2024K1` → `2024Q1`) or
    refused, values must be finite numbers (booleans, NaN, infinities refused). A cell with
    neither a value nor a status symbol holds nothing: it is not stored and is counted in
    `frame.attrs["refused"]`. Without a region dimension the table is the whole country (SSS);
    with `require_finland` (imports) only when the document says it is about Finland.
    `skip_unknown_regions` (a live refresh: a code the reference does not know yet, say after
    a merger) leaves those cells out, counted in `attrs["refused"]`, instead of refusing all.
    """
    doc = _load(doc, dataset)
    name = dataset or _table_id(doc) or "?"
    dims = _dimensions(doc, name)
    sizes = [len(d.codes) for d in dims]
    total = math.prod(sizes)
    if total > MAX_CELLS:
        shown = " × ".join(f"{d.code} {len(d.codes)}" for d in dims)
        raise ParseError(
            f"{name}: the dimensions give {total:,} cells ({shown}), over the "
            f"{MAX_CELLS:,} cells an import reads — download a smaller selection"
        )
    values, keep, texts = _values(doc.get("value"), total, name)
    symbols = _symbols(_status(doc.get("status"), total, texts), total, values, name)
    region_i, time_i, metric_i = _roles(doc, dims, name)
    unknown: list[int] = []
    if region_i is not None:
        dims[region_i].codes, unknown = _region_codes(dims[region_i], name, skip_unknown_regions)
        dims[region_i].labels = list(dims[region_i].codes)
    elif require_finland and (other := _other_areas(dims, {time_i, metric_i})):
        raise ParseError(
            f"{name}: {other} — download the table by municipality (Alue/Kunta), maakunta or "
            "wellbeing services county"
        )
    elif require_finland and not says_finland(_describing_text(doc)):
        raise ParseError(
            f"{name}: no region dimension and the table does not say it is about Finland "
            "(a national table of another country is not Finland's whole country) — download "
            "the table with its region (Alue) dimension"
        )
    assert time_i is not None  # _roles refuses a document without a time dimension
    dims[time_i].codes = _periods(dims[time_i], name)
    empty = np.isnan(values) & (symbols.codes < 0)
    listed = np.ones(total, dtype=bool) if keep is None else keep
    measure = _column(dims, sizes, metric_i, fallback=name)
    by_measure: dict[str, dict[str, int]] = {}  # measure → reason → cells (a refresh's series)
    refused = _tally(listed & empty, NO_VALUE, measure, by_measure)
    keep = (listed | (symbols.codes >= 0)) & ~empty
    refusals = {NO_VALUE: refused} if refused else {}
    if unknown and region_i is not None:
        foreign = np.isin(_cell_codes(sizes, region_i), unknown) & keep
        keep &= ~foreign
        codes = ", ".join(dims[region_i].codes[i] for i in unknown[:5])
        reason = f"region not in the reference classification ({codes})"
        refusals[reason] = _tally(foreign, reason, measure, by_measure)
        refused += refusals[reason]
    columns = {
        "source": _constant(source, total),
        "dataset": _constant(name, total),
        "measure": measure,
        "dimensions": _other_dims(dims, sizes, {region_i, time_i, metric_i}),
        "region": _column(dims, sizes, region_i, fallback="SSS", name=name),
        "period": _column(dims, sizes, time_i, fallback=""),
        "value": values,
        "symbol": symbols,
    }
    frame = pd.DataFrame(columns, columns=OBS_COLUMNS, copy=False)
    if not keep.all():
        frame = frame[keep].reset_index(drop=True)
    frame.attrs["cells"] = int(len(frame) + refused)
    frame.attrs["refused"] = refusals
    frame.attrs["refused_by_measure"] = by_measure
    return frame


def _tally(
    mask: np.ndarray, reason: str, measure: pd.Categorical, out: dict[str, dict[str, int]]
) -> int:
    """Count the refused cells of `mask` per measure into `out` (a refresh gives each catalog
    series its own refusals; one query holds several content codes); returns their number."""
    counts = np.bincount(measure.codes[mask], minlength=len(measure.categories))
    for category, n in zip(measure.categories, counts, strict=True):
        if n:
            out.setdefault(str(category), {})[reason] = int(n)
    return int(counts.sum())


def _other_areas(dims: list[_Dim], roles: set[int | None]) -> str | None:
    """'dimension 'Seutukunta': sub-regions (seutukunta) are not …' for the first dimension
    holding areas the store does not keep (a table without a region dimension of ours)."""
    for i, dim in enumerate(dims):
        kind = None if i in roles else other_area_kind(dim.label) or other_area_kind(dim.code)
        if kind:
            return (
                f"dimension {dim.label!r}: {kind} are not municipalities, regions or wellbeing "
                f"services counties ({few([f'{c} {t}'.strip() for c, t in zip(dim.codes, dim.labels, strict=True)])})"
            )
    return None


def _describing_text(doc: dict) -> str:
    """The document's own words about itself (label, source, notes, PxWeb extension)."""
    parts = [doc.get("label"), doc.get("source"), doc.get("note"), doc.get("extension")]
    return json.dumps(parts, ensure_ascii=False)


def _region_codes(dim: _Dim, name: str, skip: bool) -> tuple[list[str], list[int]]:
    """Stored codes of the region dimension's categories and the positions of unknown ones
    (when skipping), or a refusal naming the dimension and a few of its unknown values."""
    kind = dimension_kind(dim.label) or dimension_kind(dim.code) or ""
    out, unknown, where = [], [], []
    for i, (code, label) in enumerate(zip(dim.codes, dim.labels, strict=True)):
        found = resolve_region(code, kind) or (resolve_region(label, kind) if label else None)
        if found and not skip and label and not _names_area(code, label, found, kind):
            found = None  # Norway's "005" is Buskerud, not Alajärvi
        if found is None:
            unknown.append(f"{code} {label}".strip() if label and label != code else code)
            where.append(i)
        out.append(found or code)
    if len(set(out)) != len(out):
        raise ParseError(f"{name}: dimension {dim.label!r}: two categories are one region")
    if skip and len(where) < len(out):
        return out, where
    if unknown:
        raise ParseError(
            f"{name}: dimension {dim.label!r}: {len(unknown)} regions are not Finnish "
            f"municipalities, regions, wellbeing services counties or the whole country "
            f"({few(unknown)}) — import only Finnish municipal data"
        )
    return out, []


def _names_area(code: str, label: str, found: str, kind: str) -> bool:
    """Whether a category's label fits the area its code resolved to (or is just a code)."""
    if label == code or resolve_region(label, kind) == found:
        return True
    text = label if label.upper().startswith(code.upper()) else f"{code} {label}"
    return resolve_region(text, kind) == found


def _periods(dim: _Dim, name: str) -> list[str]:
    out, bad = [], []
    for code in dim.codes:
        try:
            out.append(normalise_period(code))
        except PeriodError as exc:
            bad.append(str(exc))
            out.append(code)
    if bad:
        raise ParseError(f"{name}: dimension {dim.label!r}: {len(bad)} bad periods: {bad[0]}")
    return out


def release_time(doc: dict) -> str | None:
    """The table's own `updated` time (ISO 8601), used as the release time of the series."""
    updated = doc.get("updated") if isinstance(doc, dict) else None
    return str(updated) if updated else None


def _load(doc: dict | bytes | str, dataset: str | None) -> dict:
    if isinstance(doc, bytes | str):
        try:
            doc = json.loads(doc)
        except ValueError as exc:
            raise ParseError(f"{dataset or 'json-stat2'}: not JSON ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("class") != "dataset":
        found = doc.get("class") if isinstance(doc, dict) else type(doc).__name__
        name = dataset or (_table_id(doc) if isinstance(doc, dict) else None) or "json-stat2"
        raise ParseError(f"{name}: expected class 'dataset', got {found!r}")
    return doc


def _table_id(doc: dict) -> str | None:
    px = (doc.get("extension") or {}).get("px") or {}
    return px.get("tableid") or doc.get("label")


def _dimensions(doc: dict, name: str) -> list[_Dim]:
    ids, sizes, dimension = doc.get("id"), doc.get("size"), doc.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(dimension, dict):
        raise ParseError(f"{name}: json-stat2 needs 'id', 'size' and 'dimension'")
    if len(ids) != len(sizes):
        raise ParseError(f"{name}: 'id' has {len(ids)} entries but 'size' has {len(sizes)}")
    dims = []
    for code, size in zip(ids, sizes, strict=True):
        if code not in dimension:
            raise ParseError(f"{name}: dimension {code!r} is listed in 'id' but not described")
        body = dimension[code]
        if not isinstance(body, dict):
            raise ParseError(f"{name}: dimension {code!r} is not an object")
        category = body.get("category") or {}
        codes = _category_codes(category, size, f"{name}: dimension {code!r}")
        given = category.get("label")
        names: dict = given if isinstance(given, dict) else {}
        labels = [str(names.get(c, "")) for c in codes]
        dims.append(_Dim(code, str(body.get("label") or code), codes, labels))
    return dims


def _category_codes(category: dict, size: int, where: str) -> list[str]:
    """Codes in index order from the object form, the array form, or a lone label."""
    index = category.get("index")
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        codes = [""] * len(index)
        for code, pos in index.items():
            if not isinstance(pos, int) or not 0 <= pos < len(index) or codes[pos]:
                raise ParseError(f"{where}: bad category index position {pos!r} for {code!r}")
            codes[pos] = str(code)
    elif index is None and size == 1 and len(category.get("label") or {}) == 1:
        codes = [str(next(iter(category["label"])))]
    else:
        raise ParseError(f"{where}: category has no usable index")
    if len(codes) != size:
        raise ParseError(f"{where}: size says {size} categories, index has {len(codes)}")
    if len(set(codes)) != len(codes):
        seen: set[str] = set()
        repeated = next(c for c in codes if c in seen or seen.add(c))  # type: ignore[func-returns-value]
        raise ParseError(f"{where}: category code {repeated!r} is repeated")
    return codes


Texts = dict[int, str]  # cell → a status symbol written in the value itself ("..")


def _values(raw: object, total: int, name: str) -> tuple[np.ndarray, np.ndarray | None, Texts]:
    """Dense float array (None → NaN), for the sparse form the mask of listed cells, and the
    symbols written as values; a boolean, NaN, infinite or out-of-range value is refused."""
    texts: Texts = {}
    if isinstance(raw, list):
        if len(raw) != total:
            raise ParseError(f"{name}: {len(raw)} values but the dimensions give {total} cells")
        fast = set(map(type, raw)) <= {int, float, type(None)}
        try:
            values = np.array(raw, dtype=float) if fast else np.array([])
        except OverflowError:  # an integer of hundreds of digits
            fast = False
        if fast:
            nones = raw.count(None)
        else:
            values = np.array([_number(v, i, name, texts) for i, v in enumerate(raw)])
            nones = sum(v is None for v in raw) + len(texts)
        _check_values(values, nones, name)
        return values, None, texts
    if isinstance(raw, dict):
        values = np.full(total, np.nan)
        keep = np.zeros(total, dtype=bool)
        if raw:
            where = _positions(raw.keys(), total, name)
            items = zip(where.tolist(), raw.values(), strict=True)
            values[where] = [_number(v, i, name, texts) for i, v in items]
            keep[where] = True
            nones = sum(v is None for v in raw.values()) + len(texts)
            _check_values(values[where], nones, name)
        return values, keep, texts
    raise ParseError(f"{name}: 'value' must be a list or an object, got {type(raw).__name__}")


def _check_values(values: np.ndarray, nones: int, name: str) -> None:
    nan = np.isnan(values)
    if int(nan.sum()) != nones:
        raise ParseError(f"{name}: value NaN is not a number (cell {int(np.argmax(nan))})")
    finite = values[~nan]
    if finite.size and not (np.abs(finite) <= MAX_ABS).all():
        cell = int(np.flatnonzero(~nan)[np.argmax(~(np.abs(finite) <= MAX_ABS))])
        raise ParseError(
            f"{name}: cell {cell}: value {float(values[cell])} is infinite or beyond ±{MAX_ABS:g}"
        )


def _number(value: object, cell: int, name: str, texts: Texts) -> float:
    """Slow path for odd cells: numbers and numeric text read, a dot symbol kept as the
    cell's symbol; a boolean or other text is refused (it used to become 1/0 or NULL)."""
    if value is None:
        return math.nan
    if isinstance(value, bool):
        raise ParseError(f"{name}: cell {cell}: value {value!r} is a boolean, not a number")
    if isinstance(value, int | float):
        return float(value) if not isinstance(value, int) or abs(value) <= MAX_ABS else math.inf
    if isinstance(value, str) and value.strip() in SYMBOLS:
        texts[cell] = value.strip()
        return math.nan
    try:
        return parse_text_number(str(value))
    except ValueRefused as exc:
        raise ParseError(f"{name}: cell {cell}: {exc}") from None


def _status(raw: object, total: int, texts: Texts) -> object:
    """A one-element status list applies to every cell (json-stat2); symbols written as values
    join the status."""
    if isinstance(raw, list) and len(raw) == 1 and total != 1:
        raw = raw[0]
    if not texts:
        return raw
    merged: dict[object, object] = {str(k): v for k, v in texts.items()}
    if isinstance(raw, dict):
        merged = {**merged, **raw}
    elif isinstance(raw, list):
        merged = {**merged, **{str(i): s for i, s in enumerate(raw) if s}}
    elif isinstance(raw, str):
        merged = {str(i): raw for i in range(total)}
    return merged


def _positions(keys: Iterable[Any], total: int, name: str) -> np.ndarray:
    try:
        where = np.fromiter((int(k) for k in keys), dtype=np.int64)
    except ValueError as exc:
        raise ParseError(f"{name}: sparse keys must be cell numbers ({exc})") from exc
    if where.size and (where.min() < 0 or where.max() >= total):
        raise ParseError(f"{name}: sparse cell number outside 0…{total - 1}")
    return where


def _symbols(raw: object, total: int, values: np.ndarray, name: str) -> pd.Categorical:
    """Status → symbol column; a dot symbol also blanks the value (never NaN without reason).

    A status that is not a dot symbol (e.g. "p" preliminary) is kept only where the value is
    missing, so a missing value still carries its reason; otherwise the value wins.
    """
    codes = np.full(total, -1, dtype=np.int8)
    cats: list[str] = []
    if isinstance(raw, str):
        items: list[tuple[int, object]] = [(-1, raw)]  # -1: every cell
    elif isinstance(raw, dict):
        items = [(_cell(k, total, name), s) for k, s in raw.items() if s]
    elif isinstance(raw, list):
        if len(raw) != total:
            raise ParseError(f"{name}: {len(raw)} status entries but {total} cells")
        items = [(i, s) for i, s in enumerate(raw) if s]
    elif raw is None:
        items = []
    else:
        raise ParseError(f"{name}: 'status' must be an object, a list or a string")
    for pos, sym in items:
        sym = str(sym)
        if sym not in cats:
            cats.append(sym)
        where = slice(None) if pos == -1 else pos
        if sym in SYMBOLS:
            values[where] = np.nan
            codes[where] = cats.index(sym)
        else:
            codes[where] = np.where(np.isnan(values[where]), cats.index(sym), codes[where])
    return _categorical(codes, cats)


def _cell(key: object, total: int, name: str) -> int:
    try:
        pos = int(key)  # type: ignore[call-overload]
    except ValueError as exc:
        raise ParseError(f"{name}: status key {key!r} is not a cell number") from exc
    if not 0 <= pos < total:
        raise ParseError(f"{name}: status for cell {pos} outside 0…{total - 1}")
    return pos


def _roles(doc: dict, dims: list[_Dim], name: str) -> tuple[int | None, int | None, int | None]:
    """Index of the region, time and metric dimension (role first, then code/label)."""
    role = doc.get("role") or {}
    ids = [d.code for d in dims]

    def find(key: str, by_name) -> int | None:
        for code in role.get(key) or []:
            if code in ids:
                return ids.index(code)
        hits = [
            i for i, d in enumerate(dims) if by_name(d.code.lower()) or by_name(d.label.lower())
        ]
        return hits[0] if hits else None

    time_i = find("time", lambda s: s.startswith("timeperiod_") or s in _TIME_NAMES)
    metric_i = find("metric", lambda s: s in _METRIC_NAMES)
    region_i = find(
        "geo",
        lambda s: (
            s.startswith(("alue", "område")) or s in _REGION_NAMES or dimension_kind(s) is not None
        ),
    )
    if time_i is None:
        raise ParseError(f"{name}: no time dimension (role.time, timeperiod_*, Vuosi, Kuukausi)")
    found = [i for i in (time_i, metric_i, region_i) if i is not None]
    if len(set(found)) != len(found):
        raise ParseError(f"{name}: one dimension cannot be both region, time and content")
    return region_i, time_i, metric_i


def _code_dtype(n: int) -> type:
    return np.int8 if n <= 127 else np.int16 if n <= 32767 else np.int32 if n < 2**31 else np.int64


def _cell_codes(sizes: Sequence[int], i: int) -> np.ndarray:
    """Category number of dimension i for every cell (row-major, last dimension fastest)."""
    shape = [1] * len(sizes)
    shape[i] = sizes[i]
    small: np.ndarray = np.arange(sizes[i], dtype=_code_dtype(sizes[i])).reshape(shape)
    return np.broadcast_to(small, sizes).ravel()


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    dtype = pd.CategoricalDtype(categories)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _constant(text: str, total: int) -> pd.Categorical:
    return _categorical(np.zeros(total, dtype=np.int8), [text])


def _column(dims, sizes, i: int | None, *, fallback: str, rename=None, name="") -> pd.Categorical:
    if i is None:
        return _constant(fallback, math.prod(sizes))
    cats = [rename(c) for c in dims[i].codes] if rename else dims[i].codes
    if len(set(cats)) != len(cats):
        raise ParseError(f"{name}: {dims[i].code!r} codes collide as {cats[:10]}")
    return _categorical(_cell_codes(sizes, i), cats)


def _other_dims(dims: list[_Dim], sizes: list[int], used: set[int | None]) -> pd.Categorical:
    """`var=code;var=code` sorted by the dimension's code; one category per combination.

    Keyed by codes, never labels: the labels are in the language of the download, the codes
    are not, so the Finnish, Swedish and English downloads of one table are one series."""
    others = sorted((i for i in range(len(dims)) if i not in used), key=lambda i: dims[i].code)
    if not others:
        return _constant("", math.prod(sizes))
    combos = [""]
    combined = np.zeros([1] * len(sizes), dtype=np.int64)
    for i in others:
        combos = [f"{p};" * bool(p) + f"{dims[i].code}={c}" for p in combos for c in dims[i].codes]
        shape = [1] * len(sizes)
        shape[i] = sizes[i]
        combined = combined * sizes[i] + np.arange(sizes[i]).reshape(shape)
    codes: np.ndarray = np.broadcast_to(combined.astype(_code_dtype(len(combos))), sizes).ravel()
    return _categorical(codes, combos)


def make_jsonstat2(
    dims: Sequence[tuple[str, str, Sequence[str]]],
    values: Sequence[float | None] | dict[str, float],
    *,
    tableid: str = "test",
    roles: dict[str, list[str]] | None = None,
    status: dict[str, str] | None = None,
    updated: str = "2026-04-01T05:00:00Z",
) -> dict:
    """Build a small json-stat2 document like PxWeb's (for tests): dims = (code, label, codes)."""
    doc: dict = {
        "version": "2.0",
        "class": "dataset",
        "label": f"{tableid} test table",
        "updated": updated,
        "id": [code for code, _, _ in dims],
        "size": [len(codes) for _, _, codes in dims],
        "dimension": {
            code: {"label": label, "category": {"index": {c: i for i, c in enumerate(codes)}}}
            for code, label, codes in dims
        },
        "extension": {"px": {"tableid": tableid}},
        "value": values,
    }
    if roles:
        doc["role"] = roles
    if status:
        doc["status"] = status
    return doc
