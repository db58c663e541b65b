"""SYKE ALas municipal greenhouse-gas emissions: download files, not an API (data-sources.md §1.4).

One `;`-separated CSV per municipality (`Tulokset_taso_5/kunta_{n}.csv`) with one row per sector
and year; the municipality's total is the sum of `kt` (kt CO2-ekv) over a year's rows, and the
"Hinku" total (used in municipal climate targets) sums only rows flagged `hinku_laskenta`.
Per resident divides by Statistics Finland's population of the same year: the catalog's
population series (`population: vakiluku`) as this refresh stored it — never SYKE's
`asukasluvut_2025.csv`, whose population columns no public code shows (data-sources.md §0a).
~300 small files change rarely, so downloads are conditional (ETag / Last-Modified) and
sequential.

[U] marks what no recorded file confirms: the zero padding of file numbers and the spelling of
the Hinku flag values.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Protocol

import pandas as pd

from loaders.base import NO_POPULATION, NO_VALUE, ParseError, SourceError
from loaders.failures import fail
from mittaristo.config.model import CatalogIndicator, SykeSource
from mittaristo.loaderrors import EMPTY_RESULT, NO_INPUT
from mittaristo.observations import OBS_COLUMNS, SeriesOutcome
from mittaristo.settings import Settings

EMISSION_COLUMNS = ["vuosi", "kt", "hinku_laskenta"]
CREDIT_LEVEL3 = "Tuu"  # taso_3 of the emission-credit rows (taso_1 "Kompensaatiot")
NA_VALUES = ["NA", "NULL", ""]
READ_OPTIONS = {"sep": ";", "dtype": str, "na_values": NA_VALUES, "keep_default_na": False}
# [U] Kausal's reader casts the flag to Boolean; the §1.4 notes say On/Ei. Accept both.
TRUE_FLAGS = frozenset({"on", "true", "1", "kyllä", "k", "yes"})


class HttpCache(Protocol):
    """What conditional GET needs; the store provides a DuckDB-backed one."""

    def get(self, url: str) -> tuple[str | None, str | None, bytes] | None: ...

    def put(self, url: str, etag: str | None, last_modified: str | None, body: bytes) -> None: ...


class MemoryHttpCache:
    """In-memory HttpCache for tests and one-off runs."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[str | None, str | None, bytes]] = {}

    def get(self, url: str) -> tuple[str | None, str | None, bytes] | None:
        return self._items.get(url)

    def put(self, url: str, etag: str | None, last_modified: str | None, body: bytes) -> None:
        self._items[url] = (etag, last_modified, body)


# --------------------------------------------------------------------------- parse


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Latin-1/Windows-1252: SYKE's encoding is [U]."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes, name: str) -> pd.DataFrame:
    try:
        frame = pd.read_csv(io.StringIO(decode_text(data)), **READ_OPTIONS)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ParseError(f"SYKE {name}: not a ;-separated CSV ({exc})") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _numbers(column: pd.Series, name: str, what: str) -> pd.Series:
    """Decimal-comma text → float; refuses text that is not a number (names the file, line)."""
    text = column.str.replace(r"[\s\u00a0]", "", regex=True).str.replace(",", ".", regex=False)
    values = pd.to_numeric(text, errors="coerce")
    bad = column[values.isna() & column.notna()]
    if not bad.empty:
        where = f"{what} {bad.iloc[0]!r} on line {bad.index[0] + 2}"
        raise ParseError(f"SYKE {name}: {where} is not a number")
    return values.astype("float64")


def parse_emissions_csv(data: bytes, *, kuntanro: str) -> pd.DataFrame:
    """Per year: `year` (int), `total_kt`, `hinku_kt` (SYKE's default frame, without credits),
    `hinku_credits_kt` (the frame with credits), kt CO2-ekv; NaN when a year has no values."""
    name = f"kunta_{kuntanro}.csv"
    frame = _read_csv(data, name)
    missing = [c for c in EMISSION_COLUMNS if c not in frame.columns]
    if missing:
        raise ParseError(
            f"SYKE {name}: missing columns {missing}; the file has {list(frame.columns)}"
        )
    years = _numbers(frame["vuosi"], name, "vuosi")
    if years.isna().any() or (years % 1 != 0).any():
        raise ParseError(f"SYKE {name}: a row has no valid vuosi (year)")
    kt = _numbers(frame["kt"], name, "kt")
    hinku = frame["hinku_laskenta"].fillna("").str.strip().str.lower().isin(TRUE_FLAGS)
    # Emission credits (taso_3 `Tuu`, "Päästöhyvitykset") are outside SYKE's default frame
    # "Hinku-laskenta ilman päästöhyvityksiä" and outside the emissions total; the frame
    # "Hinku-laskenta päästöhyvityksillä" adds them and counts kt_tuuli (kausal-paths AlasNode).
    level3 = frame["taso_3"] if "taso_3" in frame.columns else pd.Series("", index=frame.index)
    credit = level3.fillna("").astype(str).str.strip() == CREDIT_LEVEL3
    wind = _numbers(frame["kt_tuuli"], name, "kt_tuuli") if "kt_tuuli" in frame.columns else kt
    work = pd.DataFrame(
        {
            "year": years.astype("int64"),
            "kt": kt.where(~credit),
            "hinku": kt.where(hinku & ~credit),
            "credits": wind.where(hinku | credit),
        }
    )
    # One vectorised sum per column (min_count=1: a year without values stays NaN, never 0);
    # a per-group Python lambda cost ~0.1 s a file, 30 s of the 308-file demo build.
    sums = work.groupby("year", sort=True).sum(min_count=1)
    sums.columns = ["total_kt", "hinku_kt", "hinku_credits_kt"]
    return sums.reset_index()


# --------------------------------------------------------------------------- fetch


def municipality_number(code: str) -> str:
    """KU091 → "91": [U] file names use the number without leading zeros (as Kausal's script)."""
    return str(int(code.removeprefix("KU")))


def conditional_get(client, url: str, cache: HttpCache | None) -> tuple[bytes, str | None, bool]:
    """Body, Last-Modified and whether the cached copy was reused (a 304)."""
    cached = cache.get(url) if cache is not None else None
    etag, last_modified, _ = cached or (None, None, b"")
    headers = {"If-None-Match": etag, "If-Modified-Since": last_modified}
    headers = {k: v for k, v in headers.items() if v}
    response = client.get(url, headers=headers or None)
    if response.status_code == 304 and cached:
        return cached[2], cached[1], True
    if response.status_code >= 300:
        raise SourceError(f"GET {url}: HTTP {response.status_code}")
    last_modified = response.headers.get("Last-Modified")
    if cache is not None:
        cache.put(url, response.headers.get("ETag"), last_modified, response.content)
    return response.content, last_modified, False


def _iso(http_date: str | None) -> str | None:
    try:
        return parsedate_to_datetime(http_date).isoformat() if http_date else None
    except (TypeError, ValueError):
        return None


@dataclass
class Downloads:
    """The files of one refresh, shared by every SYKE indicator (each file is fetched once)."""

    sums: dict[str, pd.DataFrame] = field(default_factory=dict)  # KU111 → year, total_kt, hinku_kt
    failed: dict[str, str] = field(default_factory=dict)  # KU111 → reason
    last_modified: list[str] = field(default_factory=list)
    requests: int = 0
    not_modified: int = 0

    def get(self, client, url: str, cache: HttpCache | None) -> bytes:
        self.requests += 1
        body, last_modified, reused = conditional_get(client, url, cache)
        self.not_modified += reused
        if iso := _iso(last_modified):
            self.last_modified.append(iso)
        return body


def download(client, settings: Settings, municipalities: list[str], cache=None) -> Downloads:
    """Every municipality's file once (conditionally); a failed file is recorded, not raised."""
    dl = Downloads()
    for code in municipalities:
        number = municipality_number(code)
        url = f"{settings.syke_url}/Tulokset_taso_5/kunta_{number}.csv"
        try:
            dl.sums[code] = parse_emissions_csv(dl.get(client, url, cache), kuntanro=number)
        except (SourceError, ParseError) as exc:
            dl.failed[code] = str(exc)
    return dl


def _series(dl: Downloads, column: str, outcome: SeriesOutcome) -> pd.DataFrame:
    """region, year, value (kt) over the municipalities whose file parsed. The accounting
    counts municipality-years, the values the parser made of each file's sector rows (the
    rows themselves are not counted): every one is read, a year without a value refused."""
    parts = [s[["year", column]].assign(region=code) for code, s in dl.sums.items()]
    out = pd.concat(parts, ignore_index=True).rename(columns={column: "value"})
    kept = out.dropna(subset=["value"])  # a year without a value: refused, never stored as 0
    outcome.cells_read = len(out)
    if len(out) > len(kept):
        outcome.refused[NO_VALUE] = len(out) - len(kept)
    return kept


def _per_resident(
    series: pd.DataFrame, population: pd.DataFrame, outcome: SeriesOutcome
) -> pd.DataFrame:
    """kt × 1000 / residents of the same year = t CO2-ekv per asukas. `population` is the stored
    (region, period, value) of the catalog's population series; years without it are left out."""
    people = population.loc[population["value"].notna(), ["region", "period", "value"]]
    people = people[people["period"].astype(str).str.fullmatch(r"\d{4}")]
    people = people.assign(year=people["period"].astype(int)).rename(
        columns={"value": "population"}
    )[["region", "year", "population"]]
    merged = series.merge(people, on=["region", "year"], how="left")
    missing = merged[merged["population"].isna() | (merged["population"] <= 0)]
    if not missing.empty:
        outcome.extra["years_without_population"] = sorted({int(y) for y in missing["year"]})
        outcome.refused[NO_POPULATION] = len(missing)
    merged = merged.drop(missing.index)
    return merged.assign(value=merged["value"] * 1000.0 / merged["population"])


def _outcome(
    ind: CatalogIndicator,
    dl: Downloads,
    settings: Settings,
    populations: Mapping[str, pd.DataFrame],
) -> SeriesOutcome:
    src = ind.source_as(SykeSource)
    measure = f"{src.measure}_per_resident" if src.per_resident else src.measure
    outcome = SeriesOutcome(indicator_id=ind.id, url=f"{settings.syke_url}/Tulokset_taso_5/")
    outcome.release_time = max(dl.last_modified, default=None)
    if dl.failed:
        outcome.extra["failed_municipalities"] = dict(dl.failed)
    if not dl.sums:
        reasons = list(dl.failed.values())
        more = f" (and {len(reasons) - 2} more)" if len(reasons) > 2 else ""
        outcome.error = (
            f"SYKE: every municipality file failed ({len(reasons)}): "
            + "; ".join(reasons[:2])
            + more
        )
        return outcome
    series = _series(dl, f"{src.measure}_kt", outcome)
    if src.per_resident:
        population = populations.get(src.population or "")
        if population is None or population.empty:
            english = (
                f"SYKE: no stored values of {src.population} (Statistics Finland's population) "
                "to compute per resident"
            )
            return fail(outcome, english, NO_INPUT, inputs=str(src.population))
        series = _per_resident(series, population, outcome)
    if series.empty:
        english = f"SYKE: no {measure} values in the downloaded files"
        return fail(outcome, english, EMPTY_RESULT, where="SYKE", code=measure)
    period = series["year"].astype(str)
    frame = series.assign(
        source="syke", dataset="alas", measure=measure, dimensions="", period=period
    )
    outcome.frame = frame.assign(symbol=None)[OBS_COLUMNS].reset_index(drop=True)
    return outcome


def outcomes(
    indicators: list[CatalogIndicator],
    dl: Downloads,
    settings: Settings,
    populations: Mapping[str, pd.DataFrame] | None = None,
) -> list[SeriesOutcome]:
    """Every SYKE indicator from one set of downloads. `populations`: catalog id → stored
    (region, period, value) of the population series the per-resident indicators name.

    The downloads are shared, so their request count goes on the first outcome only; a
    municipality whose file fails is listed in `extra["failed_municipalities"]`.
    """
    wanted = [i for i in indicators if i.source.kind == "syke"]
    out = [_outcome(ind, dl, settings, populations or {}) for ind in wanted]
    if out:
        out[0].requests = dl.requests
    for outcome in out:
        outcome.extra["not_modified"] = dl.not_modified
    return out


def fetch_indicators(
    client,
    settings: Settings,
    indicators: list[CatalogIndicator],
    *,
    municipalities: list[str],
    cache: HttpCache | None = None,
    populations: Mapping[str, pd.DataFrame] | None = None,
    **_ctx,
) -> list[SeriesOutcome]:
    """Download each municipality's file once (conditionally) and derive every SYKE indicator."""
    if not any(i.source.kind == "syke" for i in indicators):
        return []
    return outcomes(
        indicators, download(client, settings, municipalities, cache), settings, populations
    )
