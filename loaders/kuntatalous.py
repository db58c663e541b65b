"""The State Treasury's municipal-economy data (Valtiokonttori, Kuntatalouden tietopalvelu).

Statistics Finland discontinued its municipal-finance statistic in 2021 (data-sources.md §0a);
since then the municipalities report their accounts to the State Treasury. Its REST service works
in two steps (the API's own documentation, fixtures/2026/valtiokonttori-kuntarest-api-doc-EXCERPTS.md):
`GET …/aineistot` lists every reported document (Y-tunnus, reporting package such as KKNR,
reporting period such as 2025C12, approval stage, approval time, the document's URL), and the
document's URL answers its facts, `[{tunnusluku, arvo, …}]` (taxonomy number → value as text).

The key figures are reported amounts, so a catalog entry names the taxonomy numbers and how they
combine (Σ sign × arvo; a ratio ×100; per resident with the population of the same year and
municipality from Statistics Finland). No recorded State Treasury answer exists: the shapes and
codes are those of public working clients ([Q]), and the catalog says `confirmed: false`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from loaders.base import NO_FIGURE, NO_POPULATION, ParseError, SourceError
from loaders.failures import classify, fail
from mittaristo import reference
from mittaristo.config.model import CatalogIndicator, KuntatalousSource, KuntatalousTerm
from mittaristo.loaderrors import EMPTY_RESULT, NO_INPUT
from mittaristo.observations import OBS_COLUMNS, Observation, SeriesOutcome, observation_frame
from mittaristo.settings import Settings

FINAL_STAGES = {"lopullinen": "lopullinen", "jälkikorjattu": "jalkikorjattu"}  # text → URL form
YEAR_END = "C12"  # reporting period of a whole year's accounts (2025C12)


@dataclass(frozen=True)
class Document:
    """One reported document of the catalogue."""

    business_id: str
    package: str
    period: str  # 2025C12
    stage: str  # lopullinen | jalkikorjattu (URL form)
    approved: str  # the approval time as the service writes it (sorts as text)
    published: str | None
    url: str | None

    @property
    def year(self) -> int:
        return int(self.period[:4])


@dataclass
class Facts:
    """A document's key figures: taxonomy number → value (one value per number)."""

    values: dict[str, float] = field(default_factory=dict)
    rows: int = 0


def _load_json(data: bytes | str, what: str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ParseError(f"State Treasury {what}: not JSON ({exc})") from exc


def parse_catalogue(data: bytes | str) -> list[Document]:
    """`/aineistot` → the year-end documents in a final stage (lopullinen or jälkikorjattu)."""
    body = _load_json(data, "catalogue (aineistot)")
    items = body.get("aineistot") if isinstance(body, dict) else body
    if not isinstance(items, list):
        raise ParseError("State Treasury catalogue: no 'aineistot' list in the answer")
    out = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ParseError(f"State Treasury catalogue: item {n} is not an object")
        try:
            stage_text = str(item["hyvaksymisvaihe"]).strip().lower()
            doc = Document(
                business_id=str(item["ytunnus"]).strip(),
                package=str(item["raportointikokonaisuus"]).strip(),
                period=str(item["raportointikausi"]).strip(),
                stage=FINAL_STAGES.get(stage_text, stage_text),
                approved=str(item.get("hyvaksymispvm") or ""),
                published=item.get("julkaisupvm"),
                url=item.get("tunnusluvut") or item.get("url"),
            )
        except KeyError as exc:
            raise ParseError(f"State Treasury catalogue: item {n} lacks the field {exc}") from exc
        if doc.stage in FINAL_STAGES.values() and doc.period.endswith(YEAR_END):
            if doc.period[:4].isdigit():
                out.append(doc)
    return out


def choose_documents(
    documents: Sequence[Document], package: str, business_ids: set[str]
) -> dict[tuple[str, int], Document]:
    """Per (Y-tunnus, year) the newest final document of the package: a correction
    (jälkikorjattu, approved later) replaces the first final version."""
    chosen: dict[tuple[str, int], Document] = {}
    for doc in documents:
        if doc.package != package or doc.business_id not in business_ids:
            continue
        key = (doc.business_id, doc.year)
        old = chosen.get(key)
        if old is None or (doc.approved, doc.stage) > (old.approved, old.stage):
            chosen[key] = doc
    return chosen


def document_url(settings: Settings, doc: Document) -> str:
    """The catalogue's own URL for the facts, else the documented form
    `…/dokumentti/{lopullinen|jalkikorjattu}/{package}/{ytunnus}/{period}`."""
    if doc.url:
        return str(doc.url)
    base = settings.kuntatalous_url
    return f"{base}/dokumentti/{doc.stage}/{doc.package}/{doc.business_id}/{doc.period}"


def _number(text: object, code: str, where: str) -> float:
    """The service writes values as text with a decimal point ("-127292.31")."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    else:
        raw = str(text).strip()
        if "," in raw:
            raise ParseError(f"{where}: value {raw!r} of key figure {code} has a comma")
        try:
            value = float(raw)
        except ValueError as exc:
            raise ParseError(
                f"{where}: value {raw!r} of key figure {code} is not a number"
            ) from exc
    if not math.isfinite(value):
        raise ParseError(f"{where}: value of key figure {code} is not finite")
    return value


def parse_document(data: bytes | str, *, where: str = "State Treasury document") -> Facts:
    """A document's facts → taxonomy number → value. Two different values of one number in one
    document are refused (the sum would be silently wrong)."""
    body = _load_json(data, where)
    rows = body.get("tunnusluvut") if isinstance(body, dict) else body
    if not isinstance(rows, list):
        raise ParseError(f"{where}: expected a list of key figures (tunnusluku, arvo)")
    facts = Facts(rows=len(rows))
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or "tunnusluku" not in row or "arvo" not in row:
            raise ParseError(f"{where}: row {n} lacks tunnusluku or arvo")
        code = str(row["tunnusluku"]).strip()
        if row["arvo"] in (None, ""):
            continue
        value = _number(row["arvo"], code, f"{where}, row {n}")
        if code in facts.values and facts.values[code] != value:
            raise ParseError(
                f"{where}: key figure {code} has two values ({facts.values[code]} and {value})"
            )
        facts.values[code] = value
    return facts


def _sum(terms: Sequence[KuntatalousTerm], facts: Facts) -> float | None:
    """Σ sign × value, or None when one of the terms is not in the document."""
    if any(t.code not in facts.values for t in terms):
        return None
    return sum(t.sign * facts.values[t.code] for t in terms)


def measure_name(src: KuntatalousSource) -> str:
    """The measure as stored: the codes and how they combine (1400/1374, 3319283-3418067)."""

    def codes(terms: Sequence[KuntatalousTerm]) -> str:
        return "".join(f"{'-' if t.sign < 0 else '+'}{t.code}" for t in terms).lstrip("+")

    name = codes(src.terms)
    if src.denominator:
        name += "/" + codes(src.denominator)
    return name + ("_per_resident" if src.per_resident else "")


def figure_value(src: KuntatalousSource, facts: Facts) -> float | None:
    """The catalog's figure from one document (before dividing by the population)."""
    value = _sum(src.terms, facts)
    if value is None or not src.denominator:
        return value
    denominator = _sum(src.denominator, facts)
    if denominator is None or denominator == 0:
        return None
    return 100.0 * value / denominator


def _population_lookup(frame: pd.DataFrame | None) -> dict[tuple[str, str], float]:
    if frame is None or frame.empty:
        return {}
    ok = frame.dropna(subset=["value"])
    return {(str(r.region), str(r.period)): float(r.value) for r in ok.itertuples()}


def rows_for(
    src: KuntatalousSource,
    documents: Mapping[tuple[str, int], tuple[Facts, str]],  # (code, year) → facts, url
    population: pd.DataFrame | None,
    outcome: SeriesOutcome,
) -> list[Observation]:
    """Observation rows of one indicator from the fetched documents. The accounting on
    `outcome` counts documents (one municipality-year each; the figure is made of its key
    figures, which are not counted themselves): read, and refused without the figure or the
    population."""
    people = _population_lookup(population)
    out, no_figure, no_population = [], [], []
    for (code, year), (facts, _url) in sorted(documents.items()):
        value = figure_value(src, facts)
        if value is None:
            no_figure.append(f"{code} {year}")
            continue
        if src.per_resident:
            residents = people.get((code, str(year)))
            if not residents or residents <= 0:
                no_population.append(f"{code} {year}")
                continue
            value = value / residents
        out.append(
            Observation(
                "kuntatalous", src.package, measure_name(src), "", code, str(year), value, None
            )
        )
    if no_figure:
        outcome.extra["documents_without_figure"] = no_figure
    if no_population:
        outcome.extra["years_without_population"] = no_population
    outcome.cells_read = len(documents)
    refused = {NO_FIGURE: len(no_figure), NO_POPULATION: len(no_population)}
    outcome.refused = {reason: n for reason, n in refused.items() if n}
    return out


def _get(client: Any, url: str) -> bytes:
    response = client.get(url, headers={"Accept": "application/json"})
    return bytes(response.content)


def fetch_documents(
    client: Any, settings: Settings, packages: set[str], codes: Sequence[str]
) -> tuple[dict[str, dict[tuple[str, int], tuple[Facts, str]]], int, dict[str, str]]:
    """The catalogue once, then each needed document once: package → (code, year) → facts."""
    ids = {b.business_id: b.code for c, b in reference.business_ids().items() if c in set(codes)}
    catalogue = parse_catalogue(_get(client, f"{settings.kuntatalous_url}/aineistot"))
    requests, failed = 1, {}
    out: dict[str, dict[tuple[str, int], tuple[Facts, str]]] = {}
    for package in sorted(packages):
        docs = out.setdefault(package, {})
        for (business_id, year), doc in sorted(
            choose_documents(catalogue, package, set(ids)).items()
        ):
            url = document_url(settings, doc)
            requests += 1
            try:
                facts = parse_document(
                    _get(client, url), where=f"State Treasury {package} {business_id} {doc.period}"
                )
            except (SourceError, ParseError) as exc:
                failed[f"{ids[business_id]} {year}"] = str(exc)
                continue
            docs[(ids[business_id], year)] = (facts, url)
    return out, requests, failed


def missing_business_ids(codes: Sequence[str]) -> list[str]:
    """The wanted municipalities that have no sourced Y-tunnus in data/reference."""
    known = reference.business_ids()
    return [c for c in codes if c not in known]


def fetch_indicators(
    client: Any,
    settings: Settings,
    indicators: list[CatalogIndicator],
    *,
    municipalities: Sequence[str],
    populations: Mapping[str, pd.DataFrame] | None = None,
    **_ctx: object,
) -> list[SeriesOutcome]:
    """Every kuntatalous indicator from one catalogue and the documents it names.

    `municipalities`: the KU codes wanted (those with a Y-tunnus in data/reference are asked);
    `populations`: catalog id → stored (region, period, value) of the population series.
    """
    wanted = [i for i in indicators if i.source.kind == "kuntatalous"]
    if not wanted:
        return []
    sources = {ind.id: ind.source_as(KuntatalousSource) for ind in wanted}
    codes = [c for c in municipalities if c in reference.business_ids()]
    url = f"{settings.kuntatalous_url}/aineistot"
    unknown_codes = missing_business_ids(municipalities)
    outcomes = {ind.id: SeriesOutcome(ind.id, url=url) for ind in wanted}
    askable = [i for i in wanted if sources[i.id].terms]
    for ind in wanted:
        if not sources[ind.id].terms:
            outcomes[ind.id].error = (
                f"no State Treasury key-figure code is known for {ind.id} (unconfirmed): add its "
                "taxonomy number(s) to indicators.yaml (source.terms)"
            )
    if askable and not codes:
        for ind in askable:
            outcomes[ind.id].error = (
                "no municipality asked has a Y-tunnus in data/reference/business_ids.csv "
                f"({', '.join(unknown_codes[:5])}{' …' if len(unknown_codes) > 5 else ''})"
            )
        return list(outcomes.values())
    if askable:
        try:
            docs, requests, failed = fetch_documents(
                client, settings, {sources[i.id].package for i in askable}, codes
            )
        except (SourceError, ParseError) as exc:
            code, params = classify(exc, "Valtiokonttori")
            for ind in askable:
                fail(outcomes[ind.id], f"State Treasury: {exc}", code, **params)
            return list(outcomes.values())
        outcomes[askable[0].id].requests = requests
        for ind in askable:
            src, outcome = sources[ind.id], outcomes[ind.id]
            if failed:
                outcome.extra["failed_documents"] = dict(failed)
            if unknown_codes:
                outcome.extra["municipalities_without_business_id"] = len(unknown_codes)
            population = (populations or {}).get(src.population or "")
            if src.per_resident and (population is None or population.empty):
                english = (
                    f"no stored values of {src.population} (population) to compute per resident"
                )
                outcome.cells_read = len(docs.get(src.package, {}))  # read, none stored
                fail(outcome, english, NO_INPUT, inputs=src.population or "")
                continue
            rows = rows_for(src, docs.get(src.package, {}), population, outcome)
            if not rows:
                english = (
                    f"State Treasury: no {src.package} document had key figure(s) "
                    f"{measure_name(src)} for the municipalities asked"
                )
                where = f"Valtiokonttori {src.package}"
                fail(outcome, english, EMPTY_RESULT, where=where, code=measure_name(src))
                continue
            outcome.frame = observation_frame(rows)[OBS_COLUMNS]
    return list(outcomes.values())


# --------------------------------------------------------------------------- import of a download


def parse_download(
    data: bytes | str,
    indicators: Sequence[CatalogIndicator],
    populations: Mapping[str, pd.DataFrame],
    *,
    name: str = "file",
) -> tuple[pd.DataFrame, list[str], int]:
    """A downloaded State Treasury document (the `/dokumentti/…` answer, or several of them in
    one JSON list) → the rows of every catalog kuntatalous indicator it can give, exactly as a
    refresh computes them. Returns (frame, warnings, fact rows read).

    Refused with the reason: facts without `ytunnus`/`raportointikausi`, a Y-tunnus that
    data/reference/business_ids.csv does not know, a period that is not a year end (C12).
    """
    body = _load_json(data, name)
    rows = body.get("tunnusluvut") if isinstance(body, dict) else body
    if not isinstance(rows, list):
        raise ParseError(f"{name}: expected the list of key figures of a State Treasury document")
    by_id = {b.business_id: b.code for b in reference.business_ids().values()}
    grouped: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not {"ytunnus", "raportointikausi"} <= set(row):
            raise ParseError(f"{name}: row {n} lacks ytunnus or raportointikausi")
        business_id, period = str(row["ytunnus"]).strip(), str(row["raportointikausi"]).strip()
        if business_id not in by_id:
            raise ParseError(
                f"{name}: row {n}: Y-tunnus {business_id} is not in data/reference/business_ids.csv "
                "(add the municipality's row with its source)"
            )
        if not (period.endswith(YEAR_END) and period[:4].isdigit()):
            raise ParseError(f"{name}: row {n}: period {period!r} is not a year end (YYYYC12)")
        package = str(row.get("raportointikokonaisuus") or "").strip()
        grouped.setdefault((package, by_id[business_id], int(period[:4])), []).append(row)
    docs: dict[str, dict[tuple[str, int], tuple[Facts, str]]] = {}
    for (package, code, year), facts in grouped.items():
        parsed = parse_document(json.dumps(facts), where=f"{name} ({code} {year})")
        docs.setdefault(package, {})[(code, year)] = (parsed, name)
    out: list[Observation] = []
    warnings: list[str] = []
    for ind in indicators:
        if ind.source.kind != "kuntatalous":
            continue
        src = ind.source_as(KuntatalousSource)
        if src.package not in docs or not src.terms:
            continue
        population = populations.get(src.population or "")
        if src.per_resident and (population is None or population.empty):
            warnings.append(
                f"{ind.id}: not computed — no stored {src.population} (population); "
                "refresh or import it first"
            )
            continue
        outcome = SeriesOutcome(ind.id)
        out.extend(rows_for(src, docs[src.package], population, outcome))
        for key, what in (
            ("documents_without_figure", "lacks"),
            ("years_without_population", "has no population for"),
        ):
            if outcome.extra.get(key):
                warnings.append(f"{ind.id}: {what} {', '.join(outcome.extra[key])}")
    return observation_frame(out), warnings, len(rows)
