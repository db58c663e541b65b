"""json-stat2 → observation frame (OBS_COLUMNS). Pure: no I/O, no network.

A StatFin answer can hold a million cells, so the frame is built column-wise with numpy
(index arithmetic instead of a loop per cell) and the text columns are pandas Categoricals.
Dimensions are recognised by role first and by name second, because the June 2026 change
renamed every variable code (`Alue` → `alue_23_20260101`) but kept the labels.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from loaders.base import ParseError
from mittaristo.observations import OBS_COLUMNS

SYMBOLS = frozenset({".", "..", "..."})  # StatFin: no data / confidential / too uncertain
# Dimension names by role (fi, sv, en) when a document has no `role` (older PxWeb answers).
_TIME_NAMES = set("vuosi|kuukausi|vuosineljännes|år|månad|kvartal|year|month|quarter".split("|"))
_METRIC_NAMES = set("contentscode|tiedot|uppgifter|information".split("|"))
_REGION_NAMES = set("kunta|työpaikan alue|område|kommun|area|municipality|region".split("|"))
_MUNICIPALITY_3 = re.compile(r"^\d{3}$")


@dataclass
class _Dim:
    """One dimension: its code, label and category codes in index order."""

    code: str
    label: str
    codes: list[str]


def parse_jsonstat2(
    doc: dict | bytes | str, *, source: str = "pxweb", dataset: str | None = None
) -> pd.DataFrame:
    """One row per cell (sparse documents: per listed cell); raises ParseError on bad shape."""
    doc = _load(doc, dataset)
    name = dataset or _table_id(doc) or "?"
    dims = _dimensions(doc, name)
    sizes = [len(d.codes) for d in dims]
    total = math.prod(sizes)
    values, keep = _values(doc.get("value"), total, name)
    symbols = _symbols(doc.get("status"), total, values, name)
    if keep is not None:
        keep |= symbols.codes >= 0
    region_i, time_i, metric_i = _roles(doc, dims, name)
    columns = {
        "source": _constant(source, total),
        "dataset": _constant(name, total),
        "measure": _column(dims, sizes, metric_i, fallback=name),
        "dimensions": _other_dims(dims, sizes, {region_i, time_i, metric_i}),
        "region": _column(dims, sizes, region_i, fallback="SSS", rename=_region_code, name=name),
        "period": _column(dims, sizes, time_i, fallback=""),
        "value": values,
        "symbol": symbols,
    }
    frame = pd.DataFrame(columns, columns=OBS_COLUMNS, copy=False)
    if keep is not None:
        frame = frame[keep].reset_index(drop=True)
    return frame


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
        codes = _category_codes(body.get("category") or {}, size, f"{name}: dimension {code!r}")
        dims.append(_Dim(code, str(body.get("label") or code), codes))
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
    return codes


def _values(raw: object, total: int, name: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Dense float array (None → NaN) and, for the sparse form, the mask of listed cells."""
    if isinstance(raw, list):
        if len(raw) != total:
            raise ParseError(f"{name}: {len(raw)} values but the dimensions give {total} cells")
        try:
            return np.array(raw, dtype=float), None
        except (TypeError, ValueError):
            return np.array([_number(v) for v in raw], dtype=float), None
    if isinstance(raw, dict):
        values = np.full(total, np.nan)
        keep = np.zeros(total, dtype=bool)
        if raw:
            where = _positions(raw.keys(), total, name)
            values[where] = [_number(v) for v in raw.values()]
            keep[where] = True
        return values, keep
    raise ParseError(f"{name}: 'value' must be a list or an object, got {type(raw).__name__}")


def _number(value: object) -> float:
    """Slow path for odd cells: numbers kept, anything else (symbols, text) becomes NaN."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


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
    region_i = find("geo", lambda s: s.startswith(("alue", "område")) or s in _REGION_NAMES)
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
    """`Label=code;Label=code` sorted by label; one category per combination of their codes."""
    others = sorted((i for i in range(len(dims)) if i not in used), key=lambda i: dims[i].label)
    if not others:
        return _constant("", math.prod(sizes))
    combos = [""]
    combined = np.zeros([1] * len(sizes), dtype=np.int64)
    for i in others:
        combos = [f"{p};" * bool(p) + f"{dims[i].label}={c}" for p in combos for c in dims[i].codes]
        shape = [1] * len(sizes)
        shape[i] = sizes[i]
        combined = combined * sizes[i] + np.arange(sizes[i]).reshape(shape)
    codes: np.ndarray = np.broadcast_to(combined.astype(_code_dtype(len(combos))), sizes).ravel()
    return _categorical(codes, combos)


def _region_code(code: str) -> str:
    """2017-style municipality codes (`111`) get the KU prefix; SSS, KU…, MK…, SK… are kept."""
    return f"KU{code}" if _MUNICIPALITY_3.match(code) else code


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
