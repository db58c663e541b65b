"""`check-live`: ask every configured source whether each automatic indicator's table and code
still exist, without downloading data.

PxWeb: GET the table's metadata (table gone = 4xx; code missing = no content value matches the
catalog's measure; last period = the last value of the time variable). Sotkanet: GET
`/indicators/{id}` (its `range.end` and `data-updated`). SYKE: GET one municipality's file
(`Tulokset_taso_5/kunta_{n}.csv`, the first of today's municipalities): gone = 4xx, code missing =
the columns the measure needs are absent or carry no value; last period = its newest year. State
Treasury: GET the catalogue (`/aineistot`) and the newest final document of the package for the
first municipality with a known Y-tunnus: code missing = a key figure the catalog names is not in
it. Derived and manual indicators have nothing to ask. Pure over an `HttpClient`, so the tests
point it at the emulator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from loaders import kuntatalous, syke
from loaders.base import ConfigError, LoaderError
from loaders.http import HttpClient, HttpStatusError
from loaders.pxweb import fetch_metadata, table_url
from loaders.pxweb_query import TableMeta, match_content_code, resolve_selections
from mittaristo import reference
from mittaristo.config.model import (
    CatalogIndicator,
    KuntatalousSource,
    PxWebSource,
    SotkanetSource,
    SykeSource,
)
from mittaristo.settings import Settings

FOUND, CODE_MISSING, TABLE_GONE, FAILED, NOT_CHECKED = (
    "found",
    "code missing",
    "table gone",
    "failed",
    "not checked",
)


@dataclass(frozen=True)
class LiveCheck:
    indicator_id: str
    source: str  # kind: where it was asked
    where: str  # table or indicator id
    result: str  # FOUND / CODE_MISSING / TABLE_GONE / FAILED / NOT_CHECKED
    last_period: str | None = None
    last_updated: str | None = None
    detail: str = ""

    @property
    def resolves(self) -> bool:
        return self.result == FOUND


def _gone_or_failed(
    ind: CatalogIndicator, source: str, where: str, exc: HttpStatusError
) -> LiveCheck:
    """A 4xx for a table or file means it is gone; anything else is a failure to ask."""
    result = TABLE_GONE if 400 <= exc.status < 500 else FAILED
    return LiveCheck(ind.id, source, where, result, detail=str(exc))


Checker = Callable[[HttpClient, Settings, CatalogIndicator, dict], LiveCheck]


def _pxweb(client: HttpClient, settings: Settings, ind: CatalogIndicator, cache: dict) -> LiveCheck:
    src = ind.source_as(PxWebSource)
    where = f"{src.database}/{src.table}"
    url = table_url(settings, src.database, src.table)
    try:
        if url not in cache:
            cache[url] = fetch_metadata(client, url, where)
        meta: TableMeta = cache[url]
    except HttpStatusError as exc:
        return _gone_or_failed(ind, "pxweb", where, exc)
    except LoaderError as exc:
        return LiveCheck(ind.id, "pxweb", where, FAILED, detail=str(exc))
    last = meta.time.values[-1] if meta.time and meta.time.values else None
    try:
        code = match_content_code(meta, src.measure)
        resolve_selections(meta, src.selections)
    except ConfigError as exc:
        return LiveCheck(ind.id, "pxweb", where, CODE_MISSING, last, detail=str(exc))
    return LiveCheck(ind.id, "pxweb", where, FOUND, last, detail=f"content code {code}")


def _sotkanet(
    client: HttpClient, settings: Settings, ind: CatalogIndicator, cache: dict
) -> LiveCheck:
    src = ind.source_as(SotkanetSource)
    where = f"indicator {src.indicator}"
    url = f"{settings.sotkanet_url}/indicators/{src.indicator}"
    try:
        doc = client.get(url).json()
    except HttpStatusError as exc:
        result = CODE_MISSING if exc.status == 404 else FAILED
        return LiveCheck(ind.id, "sotkanet", where, result, detail=str(exc))
    except (LoaderError, ValueError) as exc:
        return LiveCheck(ind.id, "sotkanet", where, FAILED, detail=str(exc))
    if not isinstance(doc, dict) or doc.get("id") != src.indicator:
        return LiveCheck(ind.id, "sotkanet", where, FAILED, detail="answer is not this indicator")
    end = (doc.get("range") or {}).get("end")
    title = (doc.get("title") or {}).get("fi", "")
    return LiveCheck(
        ind.id, "sotkanet", where, FOUND,
        str(end) if end is not None else None, doc.get("data-updated"), title,
    )  # fmt: skip


def _syke(client: HttpClient, settings: Settings, ind: CatalogIndicator, cache: dict) -> LiveCheck:
    src = ind.source_as(SykeSource)
    number = syke.municipality_number(reference.municipality_codes()[0])
    where = f"Tulokset_taso_5/kunta_{number}.csv"
    url = f"{settings.syke_url}/{where}"
    try:
        if url not in cache:
            response = client.get(url)
            cache[url] = (
                syke.parse_emissions_csv(response.content, kuntanro=number),
                response.headers.get("Last-Modified"),
            )
        sums, updated = cache[url]
    except HttpStatusError as exc:
        return _gone_or_failed(ind, "syke", where, exc)
    except LoaderError as exc:  # a file without the columns the frames need
        return LiveCheck(ind.id, "syke", where, CODE_MISSING, detail=str(exc))
    values = sums.dropna(subset=[f"{src.measure}_kt"])
    if values.empty:
        return LiveCheck(ind.id, "syke", where, CODE_MISSING, detail=f"no {src.measure} values")
    last = str(int(values["year"].max()))
    return LiveCheck(ind.id, "syke", where, FOUND, last, updated, f"measure {src.measure}")


def _kuntatalous(
    client: HttpClient, settings: Settings, ind: CatalogIndicator, cache: dict
) -> LiveCheck:
    src = ind.source_as(KuntatalousSource)
    url = f"{settings.kuntatalous_url}/aineistot"
    where = f"{src.package} (aineistot)"
    codes = [t.code for t in [*src.terms, *src.denominator]]
    if not codes:
        return LiveCheck(ind.id, "kuntatalous", where, CODE_MISSING, detail="no key-figure code")
    try:
        if url not in cache:
            cache[url] = kuntatalous.parse_catalogue(client.get(url).content)
        ids = {b.business_id for b in reference.business_ids().values()}
        chosen = kuntatalous.choose_documents(cache[url], src.package, ids)
        if not chosen:
            return LiveCheck(
                ind.id, "kuntatalous", where, CODE_MISSING,
                detail=f"no final {src.package} document of a municipality with a known Y-tunnus",
            )  # fmt: skip
        (_, year), doc = max(chosen.items(), key=lambda item: (item[0][1], item[0][0]))
        doc_url = kuntatalous.document_url(settings, doc)
        if doc_url not in cache:
            cache[doc_url] = kuntatalous.parse_document(client.get(doc_url).content, where=doc_url)
        facts = cache[doc_url]
    except HttpStatusError as exc:
        return _gone_or_failed(ind, "kuntatalous", where, exc)
    except LoaderError as exc:
        return LiveCheck(ind.id, "kuntatalous", where, FAILED, detail=str(exc))
    missing = [c for c in codes if c not in facts.values]
    if missing:
        return LiveCheck(
            ind.id, "kuntatalous", where, CODE_MISSING, str(year), doc.published,
            f"key figure(s) {', '.join(missing)} not in {doc.business_id} {doc.period}",
        )  # fmt: skip
    return LiveCheck(
        ind.id, "kuntatalous", where, FOUND, str(year), doc.published,
        f"key figures {', '.join(codes)} in {doc.business_id} {doc.period}",
    )  # fmt: skip


def _not_checked(
    client: HttpClient, settings: Settings, ind: CatalogIndicator, cache: dict
) -> LiveCheck:
    return LiveCheck(
        ind.id, ind.source.kind, ind.source.kind, NOT_CHECKED,
        detail=f"check-live does not list {ind.source.kind} sources yet",
    )  # fmt: skip


# One checker per source kind (a new kind without one is listed as "not checked").
CHECKERS: dict[str, Checker] = {
    "pxweb": _pxweb,
    "sotkanet": _sotkanet,
    "syke": _syke,
    "kuntatalous": _kuntatalous,
}


def check_live(
    client: HttpClient, settings: Settings, indicators: list[CatalogIndicator]
) -> list[LiveCheck]:
    """One `LiveCheck` per automatic, non-derived indicator, in catalog order."""
    cache: dict = {}
    out = []
    for ind in indicators:
        if not ind.is_automatic or ind.source.kind == "derived":
            continue
        out.append(CHECKERS.get(ind.source.kind, _not_checked)(client, settings, ind, cache))
    return out


def format_checks(checks: list[LiveCheck]) -> str:
    head = f"{'indicator':<46}{'source':<12}{'result':<14}{'last period':<13}{'last updated':<14}where / detail"
    lines = [head]
    for c in checks:
        lines.append(
            f"{c.indicator_id:<46}{c.source:<12}{c.result:<14}{c.last_period or '-':<13}"
            f"{c.last_updated or '-':<14}{c.where}: {c.detail}"[:400]
        )
    bad = [c for c in checks if not c.resolves]
    lines.append(
        f"{len(checks) - len(bad)} of {len(checks)} resolve"
        + (f"; not resolved: {', '.join(c.indicator_id for c in bad)}" if bad else "")
    )
    return "\n".join(lines)
