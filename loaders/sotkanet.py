"""THL Sotkanet REST 1.1: region list, /json and /csv data → the observation frame.

Sotkanet region ids are not municipality codes (Heinola is 44, not 111), so every data row
goes through a map built from `/regions`. `/json` returns all regions of every category; we keep
municipalities, the whole country and maakunnat, and drop the rest (SEUTUKUNTA, ERVA …).
Two row styles exist in the wild (data-sources.md §3) and both are parsed:
the 2015 string style `{"region":"44","primary value":"20374",…}` and the current numeric style
`{"region":46,"value":196,"absValue":…}`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from loaders.base import ParseError, SourceError
from loaders.failures import fail, fail_from
from mittaristo.config.model import CatalogIndicator, SotkanetSource
from mittaristo.loaderrors import EMPTY_RESULT
from mittaristo.observations import OBS_COLUMNS, SeriesOutcome, empty_frame
from mittaristo.periods import PeriodError, normalise_period
from mittaristo.settings import Settings
from mittaristo.values import ValueRefused, check_number, parse_text_number

CSV_HEADER = ["indicator", "region", "year", "gender", "primary value", "absolute value"]
REGION_COLUMNS = ["id", "code", "category", "title_fi", "title_sv", "title_en", "region"]


class RegionMap(dict[int, str]):
    """Sotkanet region id → our code; also remembers ids of the categories we ignore.

    The extra `known_ids` lets parsers tell "a SEUTUKUNTA row, drop it" from "an id missing
    from our region list" (a new municipality or a stale list, worth reporting).
    """

    def __init__(self, mapping: Mapping[int, str], known_ids: Iterable[int] = ()) -> None:
        super().__init__(mapping)
        self.known_ids: frozenset[int] = frozenset(known_ids) | frozenset(mapping)


# Why a refresh's Sotkanet rows were not stored (the load log's refusals; an import keeps
# its own wording, loaders.imports._check_sotkanet).
NO_VALUE = "row without a value"
OTHER_AREA = "Sotkanet region outside the municipalities, regions and whole country"
UNKNOWN_ID = "Sotkanet region id not in the regions list"


@dataclass
class ParsedSotkanet:
    frame: pd.DataFrame  # OBS_COLUMNS
    unknown_regions: list[int] = field(default_factory=list)
    cells: int = 0  # rows read
    empty: int = 0  # rows without a value (not stored)
    unknown_rows: int = 0  # rows with a value of a region id the regions list lacks

    def refusals(self) -> dict[str, int]:
        """Reason → rows read but not stored: without a value, of an id the region list lacks
        (named, a few), of another category (SEUTUKUNTA …); with the stored rows they add up
        to `cells`."""
        other = self.cells - len(self.frame) - self.empty - self.unknown_rows
        ids = ", ".join(map(str, self.unknown_regions[:5]))
        ids += " …" if len(self.unknown_regions) > 5 else ""
        reasons = {NO_VALUE: self.empty, f"{UNKNOWN_ID} ({ids})": self.unknown_rows}
        reasons[OTHER_AREA] = other
        return {reason: n for reason, n in reasons.items() if n}


# --------------------------------------------------------------------------- regions


def _our_region(category: str, code: str) -> str | None:
    """KUNTA 111 → KU111, MAA → SSS, MAAKUNTA 7 → MK07; other categories are not ours."""
    if category == "MAA":
        return "SSS"
    if not code.isdigit():
        return None
    if category == "KUNTA":
        return f"KU{int(code):03d}"
    if category == "MAAKUNTA":
        return f"MK{int(code):02d}"
    return None


def parse_regions(doc: list[dict]) -> pd.DataFrame:
    """Parse `GET /regions` into one row per region with our region code where we have one."""
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise ParseError("Sotkanet /regions: expected a JSON list of region objects")
    rows = []
    for item in doc:
        try:
            rid, code, category = int(item["id"]), str(item["code"]).strip(), str(item["category"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ParseError(
                f"Sotkanet /regions: a region lacks id/code/category: {item!r:.120}"
            ) from exc
        title = item.get("title") or {}
        if not isinstance(title, dict):
            title = {"fi": str(title)}
        rows.append(
            [
                rid,
                code,
                category,
                title.get("fi"),
                title.get("sv"),
                title.get("en"),
                _our_region(category, code),
            ]
        )
    frame = pd.DataFrame(rows, columns=REGION_COLUMNS).astype({"id": "int64"})
    return frame.astype({c: "object" for c in REGION_COLUMNS[1:]})


def region_map(regions_frame: pd.DataFrame) -> RegionMap:
    """Sotkanet id → our code for regions we show; ids of other categories stay 'known'."""
    mapped = regions_frame[regions_frame["region"].notna()]
    return RegionMap(
        {int(i): str(r) for i, r in zip(mapped["id"], mapped["region"], strict=True)},
        known_ids=(int(i) for i in regions_frame["id"]),
    )


# --------------------------------------------------------------------------- data


def _to_float(value: object, where: str) -> float:
    """Numbers and numeric text (decimal point or comma, "325 716") → float; null/'' → NaN
    (a row without a value: counted as refused, never stored); booleans, NaN, infinities and
    other text are refused (mittaristo.values)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return math.nan
    try:
        if isinstance(value, str):
            return parse_text_number(value)
        return check_number(value)
    except ValueRefused as exc:
        raise ParseError(f"{where}: {exc}") from None


def _parse_row(row: dict, indicator: int | None, source: str) -> tuple[int, int, str, str, float]:
    """(indicator, region id, year, gender, value) of one row in either field style."""
    if not isinstance(row, dict):
        raise ParseError(f"{source}: expected an object per row, got {row!r:.80}")
    try:
        ind = int(row.get("indicator", indicator))  # type: ignore[arg-type]  # int(None) → TypeError, caught below
        region = int(row["region"])
        year = normalise_period(row["year"])
    except PeriodError as exc:
        raise ParseError(f"{source}: {exc} (Sotkanet data is yearly)") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise ParseError(f"{source}: row lacks indicator/region/year: {row!r:.120}") from exc
    if len(year) != 4:
        raise ParseError(f"{source}: year {row['year']!r} is not a year (Sotkanet data is yearly)")
    raw = row["value"] if "value" in row else row.get("primary value")
    value = _to_float(raw, f"{source} indicator {ind} region {region} year {year}")
    return ind, region, year, str(row.get("gender") or "total"), value


def _rows_to_frame(
    rows: Iterable[dict],
    regions: Mapping[int, str],
    indicator: int | None,
    source: str,
    first: int = 1,
) -> ParsedSotkanet:
    """Rows → frame; `first` is the line (CSV) or item number (JSON) of the first row, so a
    cell given twice names both places."""
    known = getattr(regions, "known_ids", frozenset(regions))
    records, unknown = [], set()
    seen: dict[tuple, tuple[int, float]] = {}
    place = "line" if "CSV" in source else "item"
    empty = unknown_rows = 0
    for n, row in enumerate(rows, start=first):
        ind, rid, year, gender, value = _parse_row(row, indicator, source)
        key = (ind, rid, year, gender)
        if key in seen:
            raise ParseError(
                f"{source}: {place} {n}: the same cell as {place} {seen[key][0]} (indicator "
                f"{ind}, region {rid}, {year}, {gender}) — keep one of them"
            )
        seen[key] = (n, value)
        if math.isnan(value):
            empty += 1
            continue
        if indicator is not None and ind != indicator:
            raise ParseError(f"{source}: asked for indicator {indicator}, the response has {ind}")
        code = regions.get(rid)
        if code is None:
            if rid not in known:
                unknown.add(rid)
                unknown_rows += 1
            continue
        records.append(
            ("sotkanet", str(ind), str(ind), f"Sukupuoli={gender}", code, year, value, None)
        )
    frame = pd.DataFrame.from_records(records, columns=OBS_COLUMNS) if records else empty_frame()
    frame["value"] = frame["value"].astype("float64")
    return ParsedSotkanet(
        frame=frame,
        unknown_regions=sorted(unknown),
        cells=len(seen),
        empty=empty,
        unknown_rows=unknown_rows,
    )


def parse_json(
    rows: list[dict], region_map: Mapping[int, str], *, indicator: int | None = None
) -> ParsedSotkanet:
    """Parse a `/json` response (a list of rows, either field style)."""
    source = f"Sotkanet /json indicator {indicator}" if indicator else "Sotkanet /json"
    if not isinstance(rows, list):
        raise ParseError(f"{source}: expected a JSON list of rows, got {type(rows).__name__}")
    return _rows_to_frame(rows, region_map, indicator, source)


def parse_csv(text: str, region_map: Mapping[int, str]) -> ParsedSotkanet:
    """Parse a `/csv` download: `;`-separated, header as in CSV_HEADER, maybe decimal comma."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in CSV_HEADER[:5] if c not in header]
    if missing:
        raise ParseError(f"Sotkanet CSV: missing columns {missing}; header was {header}")
    rows = (
        dict(zip(header, cells, strict=False)) for cells in reader if any(c.strip() for c in cells)
    )
    return _rows_to_frame(rows, region_map, None, "Sotkanet CSV", first=2)


# --------------------------------------------------------------------------- fetch


def fetch_regions(client, settings: Settings) -> pd.DataFrame:
    """GET /regions (about 500 items); the caller stores it so data rows can be mapped."""
    response = client.get(f"{settings.sotkanet_url}/regions")
    try:
        doc = response.json()
    except ValueError as exc:
        raise ParseError(f"Sotkanet /regions: not JSON ({exc})") from exc
    return parse_regions(doc)


def fetch_release_time(client, settings: Settings, indicator: int) -> str | None:
    """`data-updated` of `/indicators/{id}` [U: text date or epoch milliseconds]."""
    doc = client.get(f"{settings.sotkanet_url}/indicators/{indicator}").json()
    updated = doc.get("data-updated") if isinstance(doc, dict) else None
    if isinstance(updated, int | float) and not isinstance(updated, bool):
        return pd.Timestamp(int(updated), unit="ms", tz="UTC").isoformat()
    return str(updated) if updated else None


def _fetch_one(
    client, settings: Settings, ind: CatalogIndicator, regions, years: range
) -> SeriesOutcome:
    src = ind.source_as(SotkanetSource)
    outcome = SeriesOutcome(indicator_id=ind.id, url=f"{settings.sotkanet_url}/json")
    params = {"indicator": src.indicator, "years": list(years), "genders": src.gender}
    try:
        response = client.get(f"{settings.sotkanet_url}/json", params=params)
        outcome.requests += 1
        outcome.url = getattr(response, "url", None) or outcome.url
        parsed = parse_json(response.json(), regions, indicator=src.indicator)
    except SourceError as exc:
        return fail_from(outcome, exc, f"Sotkanet {src.indicator}")
    except ValueError as exc:  # json.JSONDecodeError and requests' JSON error subclass it
        error = ParseError(f"Sotkanet /json indicator {src.indicator}: not JSON ({exc})")
        return fail_from(outcome, error, f"Sotkanet {src.indicator}")
    except ParseError as exc:
        return fail_from(outcome, exc, f"Sotkanet {src.indicator}")
    return _judge(outcome, parsed, src.indicator)


def _judge(outcome: SeriesOutcome, parsed: ParsedSotkanet, indicator: int) -> SeriesOutcome:
    """Keep mapped rows; fail only when no municipality row could be mapped."""
    frame = parsed.frame
    outcome.cells_read, outcome.refused = parsed.cells, parsed.refusals()
    if parsed.unknown_regions:
        outcome.extra["unknown_regions"] = parsed.unknown_regions
    if frame.empty and not parsed.unknown_regions:
        english = f"Sotkanet indicator {indicator}: empty result"
        fail(outcome, english, EMPTY_RESULT, where=f"Sotkanet {indicator}", code=indicator)
    elif not frame["region"].str.startswith("KU").any():
        ids = ", ".join(map(str, parsed.unknown_regions)) or "none"
        outcome.error = f"Sotkanet indicator {indicator}: no municipality row could be mapped (unknown region ids: {ids})"
    else:
        outcome.frame = frame
    return outcome


def fetch_indicators(
    client,
    settings: Settings,
    indicators: list[CatalogIndicator],
    *,
    region_map: Mapping[int, str],
    years: range,
    with_metadata: bool = True,
    **_ctx,
) -> list[SeriesOutcome]:
    """One GET /json per Sotkanet indicator (all regions), plus /indicators/{id} for the release time.

    A metadata failure never fails the series: the release time is then unknown.
    """
    outcomes = []
    for ind in (i for i in indicators if i.source.kind == "sotkanet"):
        outcome = _fetch_one(client, settings, ind, region_map, years)
        if with_metadata and outcome.ok:
            try:
                outcome.release_time = fetch_release_time(
                    client, settings, ind.source_as(SotkanetSource).indicator
                )
            except (SourceError, ValueError) as exc:
                outcome.extra["metadata_error"] = str(exc)
            outcome.requests += 1
        outcomes.append(outcome)
    return outcomes
