"""PxWeb v1 loader (Statistics Finland: StatFin, Kuntien avainluvut): fetch and split back.

Per table: GET the metadata, resolve variables by role/text (loaders.pxweb_query), POST as few
json-stat2 queries as the cell limit allows, parse them (loaders.jsonstat) and hand each catalog
indicator its rows. StatFin allows 30 calls / 10 s and about 120 000 cells per query; the server's
own `?config` answer wins when it is stricter (data-sources.md §2).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from loaders.base import ConfigError, LoaderError, ParseError, add_counts
from loaders.failures import classify, fail
from loaders.http import SERVER_WINDOW_MARGIN, HttpClient, HttpStatusError
from loaders.jsonstat import parse_jsonstat2, release_time
from loaders.pxweb_csv import parse_pxweb_csv
from loaders.pxweb_query import (
    TableMeta,
    Variable,
    build_queries,
    cells,
    fit_plan,
    halve_plan,
    match_content_code,
    parse_metadata,
    plan_query,
    query_body,
    resolve_selections,
    split_plan,
    variable_code,
)
from mittaristo.config.model import CatalogIndicator, PxWebSource
from mittaristo.loaderrors import CODE_MISSING, EMPTY_RESULT
from mittaristo.observations import OBS_COLUMNS, SeriesOutcome
from mittaristo.settings import Settings

__all__ = [
    "TableMeta",
    "Variable",
    "aggregate_to_year",
    "build_queries",
    "fetch_indicators",
    "fetch_metadata",
    "match_content_code",
    "parse_metadata",
    "parse_pxweb_csv",
    "query_body",
    "read_limits",
    "resolve_selections",
    "split_plan",
    "table_url",
]

# A refused cell's reason: a quarter or month whose year the source does not give whole
# (aggregate_to_year makes no yearly value of it rather than an under-count).
INCOMPLETE_YEAR = "sub-period of a year the source does not give whole"
TOO_MANY_VALUES = {403, 413}  # PxWeb v1 answers 403, PxApi 413 when a query is too large
_LIMITS: dict[str, tuple[int, int, float]] = {}  # ?config answers per base URL


def table_url(settings: Settings, database: str, table: str) -> str:
    return f"{settings.pxweb_url.rstrip('/')}/{settings.lang}/{database.strip('/')}/{table.lstrip('/')}"


def fetch_metadata(client: HttpClient, url: str, table: str | None = None) -> TableMeta:
    """GET the table: its variables and their values (`table` names it in messages)."""
    return parse_metadata(_json(client.get(url), url), table or url.rsplit("/", 1)[-1])


def read_limits(client: HttpClient, settings: Settings) -> tuple[int, int, float]:
    """(max cells, max calls, window s) from `{base}/{lang}/?config`, else the Settings defaults."""
    base = settings.pxweb_url.rstrip("/")
    if base not in _LIMITS:
        limits = (settings.pxweb_max_cells, settings.pxweb_max_calls, settings.pxweb_time_window)
        try:
            doc = client.get(f"{base}/{settings.lang}/?config").json()
            cells = min(int(doc["maxValues"]), int(doc.get("maxCells", doc["maxValues"])))
            found = (cells, int(doc["maxCalls"]), float(doc["timeWindow"]))
            limits = found if min(found) > 0 else limits
        except (LoaderError, ValueError, KeyError, TypeError, AttributeError):
            pass  # not every PxWeb answers ?config; the documented StatFin limits are the defaults
        _LIMITS[base] = limits
    return _LIMITS[base]


def effective_limits(
    announced: tuple[int, int, float], settings: Settings
) -> tuple[int, int, float]:
    """(cells, calls, window s) a run keeps to: a server's `?config` can only tighten the
    Settings (published 40 / 60 s / 120 000), never loosen them, so a server that announces too
    much (or a `?config` that fails) never lets the client run faster than the published limit."""
    cells, calls, window = announced
    return (
        min(cells, settings.pxweb_max_cells),
        min(calls, settings.pxweb_max_calls),
        max(window, settings.pxweb_time_window),
    )


def fetch_indicators(
    client: HttpClient, settings: Settings, indicators: list[CatalogIndicator], **ctx: object
) -> list[SeriesOutcome]:
    """One outcome per indicator; one failing table never stops the others. `ctx` is unused."""
    outcomes: dict[str, SeriesOutcome] = {}
    groups: dict[tuple, list[CatalogIndicator]] = {}
    for ind in indicators:
        src = ind.source
        if src.kind != "pxweb":
            outcomes[ind.id] = SeriesOutcome(ind.id, error=f"not a PxWeb indicator ({src.kind})")
            continue
        picks = tuple(
            sorted((k, (v,) if isinstance(v, str) else tuple(v)) for k, v in src.selections.items())
        )
        groups.setdefault((src.database, src.table, picks), []).append(ind)
    if groups:
        max_cells, calls, window = effective_limits(read_limits(client, settings), settings)
        client.set_rate_limit(settings.pxweb_url, calls, window + SERVER_WINDOW_MARGIN)
        metas: dict[str, TableMeta] = {}  # one metadata GET per table, shared by its groups
        for group in groups.values():
            outcomes.update(_fetch_group(client, settings, group, max_cells, metas))
    return [outcomes[ind.id] for ind in indicators]


def _fetch_group(
    client: HttpClient,
    settings: Settings,
    group: list[CatalogIndicator],
    max_cells: int,
    metas: dict[str, TableMeta] | None = None,
) -> dict[str, SeriesOutcome]:
    src = group[0].source_as(PxWebSource)
    url = table_url(settings, src.database, src.table)
    start = client.request_count
    where = f"{src.database}/{src.table}"
    codes: dict[str, str] = {}
    failed: dict[str, tuple[str, str, dict[str, str]]] = {}  # id -> (English, code, params)
    frame: pd.DataFrame | None = None
    updated: str | None = None
    refusals: dict[str, dict[str, int]] = {}  # content code → reason → cells
    try:
        metas = {} if metas is None else metas
        if url not in metas:
            metas[url] = fetch_metadata(client, url, where)
        meta = metas[url]
        for ind in group:
            measure = ind.source_as(PxWebSource).measure
            try:
                codes[ind.id] = match_content_code(meta, measure)
            except ConfigError as exc:
                failed[ind.id] = (str(exc), CODE_MISSING, {"where": where, "code": measure})
        wanted = [ind for ind in group if ind.id in codes]
        if wanted:
            frame, updated, refusals = _download(client, url, meta, wanted, max_cells)
    except LoaderError as exc:
        failed = {ind.id: (str(exc), *classify(exc, where)) for ind in group}
    made = client.request_count - start
    extra = {"group": [ind.id for ind in group], "group_requests": made}
    out = {}
    for ind in group:
        if ind.id in failed:
            english, code, params = failed[ind.id]
            outcome = SeriesOutcome(ind.id, url=url, requests=made, extra=extra)
            out[ind.id] = fail(outcome, english, code, **params)
            continue
        assert frame is not None  # every indicator without a frame has failed above
        rows = frame[frame["measure"] == codes[ind.id]].reset_index(drop=True)
        refused = dict(refusals.get(codes[ind.id], {}))
        outcome = SeriesOutcome(ind.id, url=url, requests=made, extra=extra, refused=refused)
        outcome.cells_read = len(rows) + sum(refused.values())
        rows = _transform(rows, ind.source_as(PxWebSource), meta, outcome)
        if rows.empty:  # like Sotkanet: no rows is a failure, never a silent "ok, 0 rows"
            error = f"{where}: empty result for content code {codes[ind.id]}"
            out[ind.id] = fail(outcome, error, EMPTY_RESULT, where=where, code=codes[ind.id])
            continue
        outcome.frame, outcome.release_time = rows, updated
        out[ind.id] = outcome
    return out


def _transform(
    rows: pd.DataFrame, src: PxWebSource, meta: TableMeta, outcome: SeriesOutcome
) -> pd.DataFrame:
    """The catalog's sums (`sum_over`, `aggregate_to_year`) with their accounting on `outcome`:
    the cells read stay the source's cells; those added into a stored value together with
    others are `combined` (10 age groups → 1 stored row: 9 combined), the sub-periods of a
    year the source does not give whole are refused (no yearly value is made of them)."""
    if src.sum_over:  # configured by variable text (Ikä); the rows carry its code
        before = len(rows)
        rows = sum_over(rows, [variable_code(meta, v) for v in src.sum_over])
        outcome.combined += before - len(rows)
    if src.aggregate_to_year:
        before = len(rows)
        rows = aggregate_to_year(rows, src.aggregate_to_year)
        used, made = rows.attrs["sub_periods_used"], rows.attrs["years_made"]
        left_out = before - (len(rows) - made) - used  # sub-periods not in a whole year
        outcome.combined += used - made
        if left_out:
            add_counts(outcome.refused, {INCOMPLETE_YEAR: left_out})
    return rows


def _download(
    client: HttpClient, url: str, meta: TableMeta, wanted: list[CatalogIndicator], max_cells: int
) -> tuple[pd.DataFrame, str | None, dict[str, dict[str, int]]]:
    """POST every part; a 'too many values' answer halves the part (the server may allow less).
    Returns the rows, the newest release time and the refused cells per content code (a
    part's cells are only counted once it parsed: a halved part is counted in its halves)."""
    pending = split_plan(plan_query(meta, wanted), meta, max_cells)
    frames, stamps = [], []
    refusals: dict[str, dict[str, int]] = {}  # the parts' refused cells per content code
    while pending:
        plan = pending.pop(0)
        try:
            doc = _json(client.post_json(url, query_body(plan, meta)), url)
        except HttpStatusError as exc:
            halves = halve_plan(plan, meta) if exc.status in TOO_MANY_VALUES else []
            if not halves:
                raise
            limit = cells(halves[0])
            pending = [h for p in [plan, *pending] for h in fit_plan(p, meta, limit)]
            continue
        part = parse_jsonstat2(
            doc, dataset=_dataset_name(doc, meta.table), skip_unknown_regions=True
        )
        for code, reasons in part.attrs["refused_by_measure"].items():
            add_counts(refusals.setdefault(code, {}), reasons)
        frames.append(part)
        stamps.append(release_time(doc))
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return frame, max((s for s in stamps if s), default=None), refusals


def _dataset_name(doc: dict, table: str) -> str:
    tableid = ((doc.get("extension") or {}).get("px") or {}).get("tableid")
    return str(tableid) if tableid else re.sub(r"\.px$", "", table.rsplit("/", 1)[-1])


def _json(response, url: str) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise ParseError(f"{url}: the answer is not JSON ({response.text[:200]!r})") from exc


def sum_over(frame: pd.DataFrame, variables: list[str]) -> pd.DataFrame:
    """Add up the selected values of `variables` (e.g. the age groups 15-19…60-64 into one
    working-age figure); the dimension text keeps what was summed (`Ikä=15-19+…+60-64`).

    A sum with a withheld part (status symbol) is withheld too, never an under-count.
    """
    if frame.empty:
        return frame
    wanted = {v.casefold() for v in variables}
    pairs = (
        frame["dimensions"]
        .astype(str)
        .map(lambda text: [p.split("=", 1) for p in text.split(";") if "=" in p])
    )
    summed: dict[str, list[str]] = {}
    for items in pairs:
        for name, code in items:
            if name.casefold() in wanted and code not in summed.setdefault(name, []):
                summed[name].append(code)
    joined = {name: "+".join(codes) for name, codes in summed.items()}
    frame = frame.assign(
        dimensions=[";".join(f"{n}={joined.get(n, c)}" for n, c in items) for items in pairs],
        symbol=frame["symbol"].astype(object),
    )
    keys = ["source", "dataset", "measure", "dimensions", "region", "period"]
    out = (
        frame.astype({k: str for k in keys})
        .groupby(keys, sort=False)
        .agg(
            value=("value", lambda v: v.sum() if v.notna().all() else float("nan")),
            symbol=("symbol", lambda s: next((x for x in s if isinstance(x, str) and x), None)),
        )
    )
    out = out.reset_index()
    out.loc[out["value"].notna(), "symbol"] = None
    return out[OBS_COLUMNS]


def aggregate_to_year(frame: pd.DataFrame, how: str) -> pd.DataFrame:
    """Quarters/months → `YYYY` by sum/mean/last; only years with every sub-period present.

    A year with a missing or symbol-only sub-period is left out rather than under-counted.
    """
    period = frame["period"].astype(str)
    parts = period.str.extract(r"^(\d{4})([QMK])(\d{1,2})$")
    sub = frame[parts[0].notna()].assign(year=parts[0], kind=parts[1], step=parts[2].astype(float))
    keys = ["source", "dataset", "measure", "dimensions", "region", "year"]
    sub = sub[sub["value"].notna()].sort_values("step").astype({k: str for k in keys})
    grouped = sub.groupby(keys, sort=False)
    agg = grouped.agg(n=("value", "size"), kind=("kind", "first"), value=("value", how))
    agg = agg[agg["n"] == agg["kind"].map({"Q": 4, "K": 4, "M": 12})].reset_index()
    yearly = frame[parts[0].isna()]
    used = int(agg["n"].sum())
    agg = agg.rename(columns={"year": "period"}).assign(symbol=None)[OBS_COLUMNS]
    out = pd.concat([yearly.astype({"symbol": object}), agg], ignore_index=True)[OBS_COLUMNS]
    # the refresh's accounting: the sub-period rows summed into years, and the years made
    out.attrs.update(sub_periods_used=used, years_made=len(agg))
    return out
