"""A PxWeb table's variables as one request sees them, and the resolution of a POST query.

Kept apart from the routing in `pxweb.py`: this is where the June 2026 codes, the
`renamed-codes` / `missing-content` faults and PxWeb's selection rules (item / all / top,
elimination, 400 on anything else) live.
"""

from __future__ import annotations

import fnmatch

from loaders.emulator.catalog import Table
from loaders.emulator.jsonstat import Var
from loaders.emulator.reference import Area
from loaders.emulator.response import Response, json_response

TIME_VARS = {
    "y": ("timeperiod_y", {"fi": "Vuosi", "sv": "År", "en": "Year"}),
    "q": ("timeperiod_q", {"fi": "Vuosineljännes", "sv": "Kvartal", "en": "Quarter"}),
    "m": ("timeperiod_m", {"fi": "Kuukausi", "sv": "Månad", "en": "Month"}),
}
REGION_TEXT = {"fi": "Alue", "sv": "Område", "en": "Area"}
CONTENT_TEXT = {"fi": "Tiedot", "sv": "Uppgifter", "en": "Information"}
# Renamed-codes fault: same texts, other codes (as after a future classification change).
RENAMED = {"geo": "alue_24_20270101", "time": "vuosi_x", "metric": "tiedot_x"}


def error(message: str, detail: str = "") -> Response:
    """A 400 with PxWeb v1's own wording (as SSB shows it); StatFin may send a bare 400 [U]."""
    return json_response({"error": message, **({"detail": detail} if detail else {})}, 400)


def build_variables(
    table: Table, areas: list[Area], periods: list[str], lang: str, *, renamed: bool, missing: bool
) -> list[Var]:
    """Region, the catalog's other variables, time and content, in the order PxWeb lists them."""
    region = Var(
        RENAMED["geo"] if renamed else "alue_23_20260101", REGION_TEXT[lang],
        [a.code for a in areas], [a.name(lang) for a in areas], key="geo", role="geo",
    )  # fmt: skip
    extras = [
        Var(
            _renamed_extra(x.code) if renamed else x.code,
            x.texts[lang],
            list(x.values),
            [x.value_text(v, lang) for v in x.values],
            key=x.code,
            elimination=True,
        )  # fmt: skip
        for x in table.extras
    ]
    time_code, time_texts = TIME_VARS[table.time]
    time = Var(
        RENAMED["time"] if renamed else time_code,
        time_texts[lang],
        periods,
        periods,
        "time",
        "time",
    )
    measures = table.measures[1:] if missing else table.measures
    live = {(_renamed_measure(m.live_code, table) if renamed else m.live_code): m for m in measures}
    content = Var(
        RENAMED["metric"] if renamed else "contentscode", CONTENT_TEXT[lang], list(live),
        [m.label[lang] for m in live.values()], key="metric", role="metric", measures=live,
    )  # fmt: skip
    return [region, *extras, time, content]


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
