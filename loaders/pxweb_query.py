"""PxWeb v1 tables: metadata, variable/code resolution and query planning (pure, no I/O).

StatFin renamed every variable on 8 June 2026 (`Alue` → `alue_23_20260101`, `Vuosi` →
`timeperiod_y`, `Tiedot` → `contentscode`) and prefixed some content codes (`vaesto` →
`vaerak-vaesto`), so variables are found by role or text and content codes by suffix, never by
a fixed code (data-sources.md §0, §2). Queries are as few as the cell limit allows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from loaders.base import ConfigError, ParseError
from mittaristo.config.model import CatalogIndicator, PxWebSource

# Variable texts by role in fi (the default language), sv and en (`Settings.lang`).
TIME_TEXTS = set("vuosi|kuukausi|vuosineljännes|år|månad|kvartal|year|month|quarter".split("|"))
REGION_TEXTS = set("kunta|työpaikan alue|område|kommun|area|municipality|region".split("|"))
CONTENT_TEXTS = set("tiedot|uppgifter|information".split("|"))

Plan = list[tuple["Variable", list[str]]]  # selected values per variable, in table order


@dataclass(eq=False)
class Variable:
    code: str
    text: str
    values: list[str]
    value_texts: list[str]
    time: bool = False
    elimination: bool = False


@dataclass(eq=False)
class TableMeta:
    """A table's variables with their roles found by text/code, never by a fixed code."""

    title: str
    variables: list[Variable]
    table: str = ""  # for messages

    @property
    def time(self) -> Variable | None:
        return next((v for v in self.variables if is_time(v)), None)

    @property
    def content(self) -> Variable | None:
        return next((v for v in self.variables if is_content(v) and not is_time(v)), None)

    @property
    def region(self) -> Variable | None:
        return next((v for v in self.variables if is_region(v)), None)


def is_time(var: Variable) -> bool:
    return var.time or var.code.lower().startswith("timeperiod_") or var.text.lower() in TIME_TEXTS


def is_content(var: Variable) -> bool:
    return var.code.lower() == "contentscode" or var.text.lower() in CONTENT_TEXTS


def is_region(var: Variable) -> bool:
    if is_time(var) or is_content(var):
        return False
    code, text = var.code.lower(), var.text.lower()
    return code.startswith("alue") or text.startswith(("alue", "område")) or text in REGION_TEXTS


def parse_metadata(doc: object, table: str = "") -> TableMeta:
    """The GET answer on a table: {"title", "variables": [{code, text, values, valueTexts, …}]}."""
    if not isinstance(doc, dict) or not isinstance(doc.get("variables"), list):
        raise ParseError(f"{table or 'PxWeb'}: metadata has no 'variables' list")
    variables = []
    for raw in doc["variables"]:
        if (
            not isinstance(raw, dict)
            or "code" not in raw
            or not isinstance(raw.get("values"), list)
        ):
            raise ParseError(f"{table}: metadata variable without code/values: {str(raw)[:120]}")
        values = [str(v) for v in raw["values"]]
        texts = [str(t) for t in raw.get("valueTexts") or values]
        text = str(raw.get("text") or raw["code"])
        variables.append(
            Variable(
                str(raw["code"]),
                text,
                values,
                texts,
                bool(raw.get("time")),
                bool(raw.get("elimination")),
            )
        )
    return TableMeta(str(doc.get("title") or table), variables, table)


def match_content_code(meta: TableMeta, code: str) -> str:
    """The live content code for a configured one: exact, `x-code` (vaerak-vaesto), `x-live`."""
    var = meta.content
    if var is None:
        raise ConfigError(f"{meta.table}: table has no content variable (Tiedot/contentscode)")
    rules: list[Callable[[str, str], bool]] = [
        lambda live, want: live == want,
        lambda live, want: live.endswith("-" + want),
        lambda live, want: want.endswith("-" + live),
    ]
    for fold in (str, str.lower):
        for rule in rules:
            hits = [v for v in var.values if rule(fold(v), fold(code))]
            if len(hits) > 1:
                raise ConfigError(
                    f"{meta.table}: content code {code!r} is ambiguous: {', '.join(hits)}"
                )
            if hits:
                return hits[0]
    raise ConfigError(f"{meta.table}: no content code {code!r}; available: {_listing(var.values)}")


def variable_code(meta: TableMeta, key: str) -> str:
    """The code of the variable a configuration names by its text or code (Ikä → ikaryhma_…)."""
    var = next((v for v in meta.variables if key.lower() in (v.text.lower(), v.code.lower())), None)
    return var.code if var is not None else key


def resolve_selections(
    meta: TableMeta, selections: dict[str, str | list[str]]
) -> dict[str, list[str]]:
    """Configured fixed values (keyed by variable text or code) → {variable code: value codes}."""
    out: dict[str, list[str]] = {}
    for key, wanted in selections.items():
        var = next(
            (v for v in meta.variables if key.lower() in (v.text.lower(), v.code.lower())), None
        )
        if var is None:
            names = ", ".join(f"{v.text} ({v.code})" for v in meta.variables)
            raise ConfigError(
                f"{meta.table}: no variable {key!r} to select from; variables: {names}"
            )
        if var is meta.content:
            raise ConfigError(
                f"{meta.table}: choose the content with `measure`, not selections[{key!r}]"
            )
        out[var.code] = [
            _value_code(meta, var, str(w))
            for w in ([wanted] if isinstance(wanted, str) else wanted)
        ]
    return out


def _value_code(meta: TableMeta, var: Variable, wanted: str) -> str:
    if wanted in var.values:
        return wanted
    by_text = [
        c for c, t in zip(var.values, var.value_texts, strict=False) if t.lower() == wanted.lower()
    ]
    if len(by_text) == 1:
        return by_text[0]
    raise ConfigError(
        f"{meta.table}: {var.text} has no value {wanted!r}; available: {_listing(var.values)}"
    )


def _listing(values: list[str], limit: int = 40) -> str:
    more = f" … (+{len(values) - limit})" if len(values) > limit else ""
    return ", ".join(values[:limit]) + more


def plan_query(meta: TableMeta, indicators: list[CatalogIndicator]) -> Plan:
    """Everything the indicators need in one selection: all regions, all years, all codes."""
    if meta.time is None:
        raise ConfigError(f"{meta.table}: no time variable (Vuosi/Kuukausi/timeperiod_*)")
    chosen = resolve_selections(meta, indicators[0].source_as(PxWebSource).selections)
    codes = list(
        dict.fromkeys(
            match_content_code(meta, ind.source_as(PxWebSource).measure) for ind in indicators
        )
    )
    plan: Plan = []
    for var in meta.variables:
        if var is meta.content:
            plan.append((var, codes))
        elif var.code in chosen:
            plan.append((var, chosen[var.code]))
        elif var is meta.region or var is meta.time:
            plan.append((var, list(var.values)))
        elif not var.elimination:
            raise ConfigError(
                f"{meta.table}: variable {var.text} ({var.code}) cannot be left out; "
                f"add it to selections, e.g. {var.text}: {var.values[0] if var.values else '?'}"
            )
    return plan


def cells(plan: Plan) -> int:
    return math.prod(len(values) for _, values in plan)


def split_plan(plan: Plan, meta: TableMeta, max_cells: int) -> list[Plan]:
    """Fewest queries ≤ max_cells: equal chunks of years; regions only if one year is too big."""
    total = cells(plan)
    if total <= max_cells:
        return [plan]
    years = _values_of(plan, meta.time)
    per_year = total // len(years)
    if per_year <= max_cells:
        chunks = _even_chunks(years, math.ceil(len(years) / (max_cells // per_year)))
        return [_with(plan, meta.time, chunk) for chunk in chunks]
    regions = _values_of(plan, meta.region) if meta.region else []
    per_region_year = per_year // max(len(regions), 1)
    if not regions or per_region_year > max_cells:
        raise ConfigError(
            f"{meta.table}: one year has {per_year} cells, over the limit {max_cells}"
        )
    parts = _even_chunks(regions, math.ceil(len(regions) / (max_cells // per_region_year)))
    return [
        _with(_with(plan, meta.time, [year]), meta.region, part) for year in years for part in parts
    ]


def halve_plan(plan: Plan, meta: TableMeta) -> list[Plan]:
    """Two halves (years first, then regions, then contents); [] when one cell is left."""
    for var in (meta.time, meta.region, meta.content):
        values = _values_of(plan, var) if var is not None else []
        if len(values) > 1:
            return [_with(plan, var, part) for part in _even_chunks(values, 2)]
    return []


def _values_of(plan: Plan, var: Variable | None) -> list[str]:
    return next((values for v, values in plan if v is var), [])


def _with(plan: Plan, var: Variable | None, values: list[str]) -> Plan:
    return [(v, values if v is var else old) for v, old in plan]


def _even_chunks(values: list[str], n: int) -> list[list[str]]:
    bounds = np.linspace(0, len(values), n + 1).round().astype(int)
    return [values[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True) if b > a]


def query_body(plan: Plan, meta: TableMeta) -> dict:
    """The POST body; the region variable uses filter all/* when every value is asked for."""
    query = []
    for var, values in plan:
        full = var is meta.region and values == var.values
        selection = (
            {"filter": "all", "values": ["*"]} if full else {"filter": "item", "values": values}
        )
        query.append({"code": var.code, "selection": selection})
    return {"query": query, "response": {"format": "json-stat2"}}


def build_queries(
    meta: TableMeta, indicators: list[CatalogIndicator], max_cells: int
) -> list[dict]:
    """json-stat2 bodies for indicators sharing a table and selections, each ≤ max_cells."""
    return [query_body(p, meta) for p in split_plan(plan_query(meta, indicators), meta, max_cells)]


def fit_plan(plan: Plan, meta: TableMeta, limit: int) -> list[Plan]:
    if cells(plan) <= limit:
        return [plan]
    return [p for half in halve_plan(plan, meta) for p in fit_plan(half, meta, limit)] or [plan]
