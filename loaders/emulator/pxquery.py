"""A PxWeb table's variables as one request sees them, and the resolution of a POST query.

Kept apart from the routing in `pxweb.py`: this is where the June 2026 codes, the
`renamed-codes` / `missing-content` faults and PxWeb's selection rules (item / all / top,
elimination, 400 on anything else) live.
"""

from __future__ import annotations

import fnmatch

from loaders.emulator.description import Table, Variable
from loaders.emulator.jsonstat import Var
from loaders.emulator.reference import Area
from loaders.emulator.response import Response, json_response

# Renamed-codes fault: same texts, other codes (as after a future classification change).
RENAMED = {"geo": "alue_24_20270101", "time": "vuosi_x", "metric": "tiedot_x"}


def error(message: str, detail: str = "") -> Response:
    """A 400 with PxWeb v1's own wording (as SSB shows it); StatFin may send a bare 400 [U]."""
    return json_response({"error": message, **({"detail": detail} if detail else {})}, 400)


def build_variables(
    table: Table, areas: list[Area], periods: list[str], lang: str, *, renamed: bool, missing: bool
) -> list[Var]:
    """The table's variables in its own order (description.yaml); faults rename codes or drop
    content codes (`missing`: the first half of them, at least one)."""
    return [_var(table, var, areas, periods, lang, renamed, missing) for var in table.variables]


def _var(
    table: Table,
    var: Variable,
    areas: list[Area],
    periods: list[str],
    lang: str,
    renamed: bool,
    missing: bool,
) -> Var:
    code = RENAMED.get(var.role or "", "") if renamed else var.code
    if var.role == "geo":
        served = sorted((a for a in areas if _level(a.code) in var.levels), key=_region_order)
        return Var(
            code, var.text(lang), [a.code for a in served],
            [_area_text(var, a, lang) for a in served],
            key="geo", role="geo", elimination=var.elimination,
        )  # fmt: skip
    if var.role == "time":
        return Var(code, var.text(lang), periods, periods, "time", "time")
    if var.role == "metric":
        measures = table.measures
        if missing:
            measures = measures[max(1, len(measures) // 2) :]
        live = {(_renamed_measure(m.code, table) if renamed else m.code): m for m in measures}
        return Var(
            code, var.text(lang), list(live), [m.label.get(lang) or m.label["fi"] for m in live.values()],
            key="metric", role="metric", measures=live,
        )  # fmt: skip
    return Var(
        _renamed_extra(var.code) if renamed else var.code,
        var.text(lang),
        list(var.values),
        [var.value_text(v, lang) for v in var.values],
        key=var.code,
        elimination=var.elimination,
    )


def _area_text(var: Variable, area: Area, lang: str) -> str:
    """Today's name, or the recorded Finnish text where it differs (KOKO MAA, Maarianhamina -
    Mariehamn)."""
    if lang == "fi":
        if area.code == "SSS" and var.total:
            return var.total
        return var.names.get(area.code) or area.name(lang)
    return area.name(lang)


def _region_order(area: Area) -> tuple[int, str]:
    """As the recorded 11re, 12r5 and 2017 Kuntien avainluvut answers list them: the country,
    the municipalities by Finnish name, then the other areas by code."""
    level = _level(area.code)
    if level == "SSS":
        return (0, "")
    return (1, area.name("fi")) if level == "KU" else (2, area.code)


def _level(code: str) -> str:
    return "SSS" if code == "SSS" else code[:2]


def resolve_query(variables: list[Var], items: object) -> tuple[list, list[Var]] | Response:
    """Selections per variable in metadata order, or the 400 PxWeb gives for a bad query."""
    if not isinstance(items, list):
        return error("Parameter error", "query must be a list")
    by_code = {v.code: v for v in variables}
    chosen: dict[str, list[int]] = {}
    for item in items:
        code = item.get("code") if isinstance(item, dict) else None
        if code not in by_code:
            return error("Parameter error", f"Non-existent variable {code!r}")
        picked = _select(by_code[code], item.get("selection") or {})
        if picked is None:
            return error(
                f"The request for variable '{code}' has an error. Please check your query."
            )
        chosen[code] = picked
    kept, eliminated = [], []
    for var in variables:
        if var.code in chosen:
            kept.append((var, chosen[var.code]))
        elif var.elimination:
            eliminated.append(var)
        elif len(var.values) == 1:  # the recorded 11re query leaves its one content code out
            kept.append((var, [0]))
        else:
            return error(
                f"The request for variable '{var.code}' has an error. Please check your query.",
                "a variable that cannot be eliminated is missing from the query",
            )
    return kept, eliminated


def _select(var: Var, selection: object) -> list[int] | None:
    """Positions chosen by an item / all / top filter, in metadata order; None if invalid."""
    if not isinstance(selection, dict):
        return None
    kind, values = selection.get("filter"), selection.get("values")
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return None
    if kind == "item":
        if not values or any(v not in var.values for v in values):
            return None
        wanted = set(values)
        return [i for i, v in enumerate(var.values) if v in wanted]
    if kind == "all":
        match = [
            i for i, v in enumerate(var.values) if any(fnmatch.fnmatchcase(v, p) for p in values)
        ]
        return match or None
    if kind == "top" and len(values) == 1 and values[0].isdigit() and int(values[0]) > 0:
        n = int(values[0])
        positions = list(range(len(var.values)))
        return positions[-n:] if var.role == "time" else positions[:n]
    return None  # agg:/vs: value sets are not emulated


def _renamed_extra(code: str) -> str:
    """ikaryhma_10_20180101 -> ikaryhma_11_20270101."""
    stem, _, rest = code.partition("_")
    number = rest.split("_")[0]
    return f"{stem}_{int(number) + 1 if number.isdigit() else 1}_20270101"


def _renamed_measure(code: str, table: Table) -> str:
    """Another prefix, same suffix: vaerak-vaesto -> vaerak27-vaesto, M411 -> ka27-M411."""
    base = code.split("-", 1)[-1]
    return f"{table.subject[0] if table.statfin else 'ka'}27-{base}"
