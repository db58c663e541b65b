"""json-stat2 datasets in exactly the layout Statistics Finland's PxWeb v1 returns.

The layout (key order included) follows the recorded 11re response in
`../shared/fixtures/pxweb_v1_statfin_11re_query_helsinki_5y_jsonstat2.json`: eliminated variables
are absent from `id`/`dimension`, `value` is row-major in `id` order (last dimension fastest),
and `status` appears only when some cell carries a symbol.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from loaders.emulator.description import Measure, Table
from loaders.emulator.synthetic import Synth, unit_hash

JOIN_WORDS = {"fi": ("muuttujina", "ja"), "sv": ("efter", "och"), "en": ("by", "and")}
SOURCE = {"fi": "Tilastokeskus", "sv": "Statistikcentralen", "en": "Statistics Finland"}
UNKNOWN_REGION = ("KU999", "Tuntematon kunta")


@dataclass
class Var:
    """A variable as one request sees it (codes may be renamed by the `renamed-codes` fault)."""

    code: str
    text: str
    values: list[str]
    texts: list[str]
    key: str  # the code before renaming: keeps synthetic values identical under renamed codes
    role: str | None = None  # geo / time / metric
    elimination: bool = False
    measures: dict[str, Measure] = field(default_factory=dict)  # metric only: live code -> measure


def joined(texts: list[str], lang: str) -> str:
    """`Alue, Vuosi ja Tiedot` — how PxWeb titles list variables."""
    and_word = JOIN_WORDS[lang][1]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} {and_word} {texts[-1]}"


@dataclass
class Query:
    """A resolved POST: the kept variables with chosen value positions, eliminated ones aside."""

    table: Table
    lang: str
    updated: str
    description: str
    kept: list[tuple[Var, list[int]]]
    eliminated: list[Var]
    unknown_region: bool = False
    empty: bool = False
    cell_mismatch: bool = False


def build_dataset(q: Query, synth: Synth) -> dict:
    dims = [(var, [var.values[i] for i in idx], [var.texts[i] for i in idx]) for var, idx in q.kept]
    if q.unknown_region:
        dims = [_with_unknown_region(d) for d in dims]
    if q.empty:
        dims = [(v, [], []) if v.role == "time" else (v, c, t) for v, c, t in dims]
    values, status = _values(q, dims, synth)
    if q.cell_mismatch and values:
        values = values[:-1]
    metric = next(((v, c) for v, c, _ in dims if v.role == "metric"), None)
    contents = (
        _label(metric[0].measures[metric[1][0]], q.lang)
        if metric and len(metric[1]) == 1
        else q.description.split(" -- ", 1)[-1]
    )
    words = JOIN_WORDS[q.lang][0]
    data: dict = {
        "version": "2.0",
        "class": "dataset",
        "label": f"{contents} {words} {joined([v.text for v, _, _ in dims], q.lang)}",
        "source": (
            q.table.source
            if q.table.source and q.lang == "fi"
            else f"{SOURCE[q.lang]}, {q.table.subject[1].lower()}"
        ),
        "updated": f"{q.updated}Z",
        "role": {
            role: [v.code for v, _, _ in dims if v.role == role]
            for role in ("time", "geo", "metric")
        },
        "id": [v.code for v, _, _ in dims],
        "size": [len(codes) for _, codes, _ in dims],
        "dimension": {v.code: _dimension(v, codes, texts, q.lang) for v, codes, texts in dims},
        "extension": {"px": _px_extension(q, dims, contents)},
        "value": values,
    }
    data["role"] = {k: v for k, v in data["role"].items() if v}
    if status:
        data["status"] = status
    return data


def _label(measure: Measure, lang: str) -> str:
    return measure.label.get(lang) or measure.label["fi"]


def _with_unknown_region(dim: tuple[Var, list[str], list[str]]) -> tuple[Var, list[str], list[str]]:
    var, codes, texts = dim
    if var.role != "geo":
        return dim
    return var, [*codes, UNKNOWN_REGION[0]], [*texts, UNKNOWN_REGION[1]]


def _values(q: Query, dims: list, synth: Synth) -> tuple[list, dict[str, str]]:
    """Every cell in row-major order; `..` cells are None with a status symbol."""
    keys = [var.key for var, _, _ in dims]
    geo, time, metric = keys.index("geo"), keys.index("time"), keys.index("metric")
    others = [i for i, k in enumerate(keys) if k not in ("geo", "time", "metric")]
    base = f"{q.table.database}/{q.table.path}"
    per_year = {"y": 1, "q": 4, "m": 12}[q.table.time]
    series_of: dict[tuple[str, ...], tuple[str, Measure, float]] = {}
    values: list = []
    status: dict[str, str] = {}
    for combo in itertools.product(*(codes for _, codes, _ in dims)):
        sig = (combo[metric], *(combo[i] for i in others))
        if sig not in series_of:
            series_of[sig] = _series(
                base, dims[metric][0].measures[sig[0]], keys, others, sig[1:], per_year
            )
        series, measure, share = series_of[sig]
        value = synth.value(series, measure.kind, combo[geo], combo[time], measure.decimals, share)
        if value is None:
            status[str(len(values))] = ".."
        values.append(value)
    return values, status


def _series(
    base: str,
    measure: Measure,
    keys: list[str],
    others: list[int],
    chosen: tuple[str, ...],
    per_year: int,
) -> tuple[str, Measure, float]:
    """Identity of a series (invariant under renamed codes) and the share of counts it holds:
    a quarter of a yearly flow, an age group's part of the total."""
    picked = sorted(
        (keys[i], code) for i, code in zip(others, chosen, strict=True) if code != "SSS"
    )
    series = "|".join([base, measure.code, *(f"{k}={c}" for k, c in picked)])
    share = (1.0 / per_year if measure.flow else 1.0) * math.prod(
        0.1 + 0.5 * unit_hash(base, k, c) for k, c in picked
    )
    return series, measure, share


def _dimension(var: Var, codes: list[str], texts: list[str], lang: str) -> dict:
    category: dict = {
        "index": {c: n for n, c in enumerate(codes)},
        "label": dict(zip(codes, texts, strict=True)),
    }
    if var.role == "metric":
        category["unit"] = {
            c: {
                "base": var.measures[c].unit.get(lang) or var.measures[c].unit["fi"],
                "decimals": var.measures[c].decimals,
            }
            for c in codes
        }
    extension: dict = {"elimination": var.elimination}
    if var.elimination:
        extension["eliminationValueCode"] = "SSS"
    extension["show"] = "value"
    return {"label": var.text, "category": category, "extension": extension}


def _px_extension(q: Query, dims: list, contents: str) -> dict:
    metric = [v for v, _, _ in dims if v.role == "metric"]
    decimals = max((m.decimals for m in metric[0].measures.values()), default=0) if metric else 0
    subject_code, subject_area = q.table.subject
    return {
        "tableid": q.table.table_id,
        "decimals": decimals,
        "official-statistics": True,
        "aggregallowed": True,
        "language": q.lang,
        "contents": contents,
        "description": q.description,
        "descriptiondefault": False,
        "heading": [v.code for v, _, _ in dims if v.role in ("time", "metric")],
        "stub": [v.code for v, _, _ in dims if v.role not in ("time", "metric")],
        "matrix": q.table.table_id,
        "subject-code": subject_code,
        "subject-area": subject_area,
    }
