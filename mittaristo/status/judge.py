"""`python -m mittaristo.status judge CASES.json [--lang fi|sv|en]`: the engine on a case file.

An analyst's tool and the engine's acceptance interface (contract). Input: a JSON list of cases

    {"id", "target": <a target mapping exactly as in strategies/*.yaml>,
     "better": "higher"|"lower", "frequency": "yearly"|"quarterly"|"monthly"|"irregular",
     "unit", "decimals", "adoption": "YYYY-MM-DD", "period_end": YYYY, "today": "YYYY-MM-DD",
     "lag_months" (optional), "series": [[period, value] or [period, null, symbol], …],
     "peers" (optional): {"name": [[period, value], …], …}}

and optionally "baseline" ({"period", "value"} as in a strategy), "cadence_months" (a declared
cadence, e.g. 24 for a biennial survey) and "reports" (dated milestone reports / assessments:
{"reported_on", "state": done|in_progress|late|assessment, "done_on", "judgement", "text"}).
Output: one JSON object per line, {"id", "status", "late", "sentence", "facts"}. Every case is
checked before any is judged; bad input prints one line per problem naming the case id and
the field, and exits with 2.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from mittaristo.config.model import Baseline, Target
from mittaristo.status.engine import assess
from mittaristo.status.periods import FREQUENCY_MONTHS, Point, parse_period
from mittaristo.status.reports import Report
from mittaristo.status.result import Status

LANGS = ("fi", "sv", "en")
REQUIRED = ("id", "target", "better", "frequency", "decimals", "adoption", "period_end",
            "today", "series")  # fmt: skip
KNOWN = {*REQUIRED, "unit", "lag_months", "peers", "baseline", "cadence_months", "reports"}


class CaseError(ValueError):
    """Bad input in one case: names the case and the field."""

    def __init__(self, case_id: str, field: str, message: str):
        super().__init__(f"case {case_id}: field '{field}': {message}")


def judge_case(case: Mapping[str, Any], lang: str = "fi") -> dict:
    """One case in, one output object out (raises CaseError on bad input)."""
    kwargs, target = parse_case(case)
    a = assess(target, **kwargs)
    facts = dict(a.facts)
    facts["lag_months"] = kwargs["lag_months"]
    facts["lag_assumed"] = "lag_months" not in case
    return {"id": case["id"], "status": str(a.status), "late": a.late,
            "sentence": a.explanation[lang], "facts": facts}  # fmt: skip


def parse_case(case: Mapping[str, Any]) -> tuple[dict, Any]:
    """(assess keyword arguments, target) of one case; CaseError names the first problem."""
    cid = _case_id(case)
    if not isinstance(case, Mapping):
        raise CaseError(cid, "", "a case is a JSON object")
    for key in REQUIRED:
        if key not in case:
            raise CaseError(cid, key, "missing (required)")
    unknown = sorted(set(case) - KNOWN)
    if unknown:
        raise CaseError(cid, unknown[0], f"unknown field; the fields are {sorted(KNOWN)}")
    frequency = _choice(cid, case, "frequency", tuple(FREQUENCY_MONTHS))
    kwargs: dict[str, Any] = {
        "better": _choice(cid, case, "better", ("higher", "lower")),
        "frequency": frequency,
        "adoption": _date(cid, case, "adoption"),
        "today": _date(cid, case, "today"),
        "period_end_year": _int(cid, case, "period_end", 1990, 2100),
        "decimals": _int(cid, case, "decimals", 0, 6),
        "lag_months": _int(cid, case, "lag_months", 0, 60)
        if "lag_months" in case
        else FREQUENCY_MONTHS[frequency],
        "unit": _unit(cid, case.get("unit", "")),
        "series": _series(cid, case["series"], "series"),
    }
    if case.get("peers") is not None:
        kwargs["peer_median"] = _peer_medians(cid, case["peers"])
    if case.get("baseline") is not None:
        kwargs["baseline"] = _model(cid, "baseline", Baseline, case["baseline"])
    if case.get("cadence_months") is not None:
        kwargs["cadence_months"] = _int(cid, case, "cadence_months", 1, 120)
    if case.get("reports") is not None:
        kwargs["reports"] = _reports(cid, case["reports"])
    return kwargs, _target(cid, case["target"])


def _case_id(case: object) -> str:
    if isinstance(case, Mapping) and isinstance(case.get("id"), str | int):
        return repr(str(case["id"]))
    return "(without an id)"


def _choice(cid: str, case: Mapping, key: str, allowed: Sequence[str]) -> str:
    value = case[key]
    if value not in allowed:
        raise CaseError(cid, key, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _date(cid: str, case: Mapping, key: str) -> date:
    value = case[key]
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CaseError(cid, key, f"{value!r} is not a date like 2026-03-31") from None


def _int(cid: str, case: Mapping, key: str, low: int, high: int) -> int:
    value = case[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CaseError(cid, key, f"{value!r} is not a whole number from {low} to {high}")
    return value


def _unit(cid: str, unit: object) -> str | dict[str, str]:
    if isinstance(unit, str):
        return unit
    if isinstance(unit, Mapping) and all(isinstance(v, str) for v in unit.values()):
        return {str(k): v for k, v in unit.items()}
    raise CaseError(cid, "unit", 'a text, or {"fi": …, "sv": …, "en": …}')


def _series(cid: str, rows: object, field: str) -> list[Point]:
    if not isinstance(rows, list):
        raise CaseError(cid, field, "a list of [period, value] or [period, null, symbol]")
    return [_point(cid, row, f"{field}[{i}]") for i, row in enumerate(rows)]


def _point(cid: str, row: object, field: str) -> Point:
    if not isinstance(row, list) or len(row) not in (2, 3):
        raise CaseError(cid, field, f"{row!r} is not [period, value] or [period, null, symbol]")
    period, value = str(row[0]), row[1]
    try:
        parse_period(period)
    except ValueError as exc:
        raise CaseError(cid, f"{field}[0]", str(exc)) from None
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise CaseError(cid, f"{field}[1]", f"{value!r} is not a number or null")
    symbol = row[2] if len(row) == 3 else None
    if symbol is not None and not isinstance(symbol, str):
        raise CaseError(cid, f"{field}[2]", f"{symbol!r} is not a symbol text such as '..'")
    if value is not None and symbol:
        raise CaseError(cid, f"{field}[2]", "a symbol goes with a null value")
    return Point(period, None if value is None else float(value), symbol)


def _peer_medians(cid: str, peers: object) -> dict[str, float]:
    """The peer median per period where at least half of the peers (rounded up) report."""
    if not isinstance(peers, Mapping):
        raise CaseError(cid, "peers", 'an object {"name": [[period, value], …], …}')
    by_period: dict[str, list[float]] = {}
    for name, rows in peers.items():
        for point in _series(cid, rows, f"peers.{name}"):
            if point.value is not None:
                by_period.setdefault(point.period, []).append(point.value)
    need = max(1, (len(peers) + 1) // 2)
    return {p: _median(v) for p, v in by_period.items() if len(v) >= need}


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@cache
def _adapter(model: Any) -> TypeAdapter:
    return TypeAdapter(model)


def _model(cid: str, field: str, model: Any, data: object) -> Any:
    try:
        return _adapter(model).validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in (field, *err["loc"]))
        raise CaseError(cid, where, err["msg"]) from None


def _target(cid: str, data: object) -> Any:
    return _model(cid, "target", Target, data)


def _reports(cid: str, rows: object) -> list[Report]:
    if not isinstance(rows, list):
        raise CaseError(cid, "reports", "a list of report objects")
    out = []
    for i, row in enumerate(rows):
        field = f"reports[{i}]"
        if not isinstance(row, Mapping) or "reported_on" not in row or "state" not in row:
            raise CaseError(cid, field, "needs reported_on and state")
        try:
            out.append(Report(
                reported_on=date.fromisoformat(row["reported_on"]), state=row["state"],
                done_on=date.fromisoformat(row["done_on"]) if row.get("done_on") else None,
                judgement=Status(row["judgement"]) if row.get("judgement") else None,
                text=str(row.get("text", "")),
            ))  # fmt: skip
        except (TypeError, ValueError) as exc:
            raise CaseError(cid, field, str(exc)) from None
        if row["state"] not in ("done", "in_progress", "late", "assessment"):
            raise CaseError(cid, f"{field}.state", "one of done, in_progress, late, assessment")
    return out


def load_cases(text: str, source: str) -> list:
    """The case list of a JSON document; ValueError names the file, line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{source}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, list):
        raise ValueError(f"{source}: expected a JSON list of cases")
    return data
