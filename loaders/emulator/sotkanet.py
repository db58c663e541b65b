"""Sotkanet REST 1.1 (THL): /regions, /indicators, /indicators/{id}, /json and /csv.

Regions come from the project's reference CSVs in the shape of the recorded /regions response
(only the KUNTA, MAAKUNTA and MAA categories). Data rows use the current numeric field style
(`value`, `absValue`); every region has a row for every requested year inside the indicator's
range. The indicators, their titles and organisations are those of the emulator's own
description (`description.yaml`: titles recorded from the 2016 `/indicators` list); an
indicator it does not describe answers 404 on /indicators/{id}, /json and /csv
[U: what the live service does for an unknown id is not recorded].
"""

from __future__ import annotations

import datetime as dt

from loaders.emulator.description import SotkanetIndicator
from loaders.emulator.reference import Area, Geography
from loaders.emulator.response import (
    CSV_TYPE,
    Request,
    Response,
    json_response,
    not_found,
    text_response,
)
from loaders.emulator.synthetic import Synth, unit_hash

PREFIX = "/rest/1.1/"
UNKNOWN_REGION_ID = 9999  # listed by no /regions answer (the `unknown-region` fault)
GENDERS = ("male", "female", "total")
CSV_HEADER = "indicator;region;year;gender;primary value;absolute value"


def _title(texts: dict[str, str]) -> dict[str, str]:
    return {lang: texts.get(lang) or texts["fi"] for lang in ("fi", "en", "sv")}


def region_entry(area: Area, geo: Geography) -> dict:
    """One /regions item in the recorded shape (memberOf: the country and the maakunta)."""
    if area.level == "KUNTA":
        member_of = (
            [geo.country.sotkanet_id, geo.by_code[area.parent].sotkanet_id] if area.parent else []
        )
        uri = f"http://www.yso.fi/onto/kunnat/k{area.number}"
    else:
        member_of = []
        uri = (
            "http://www.yso.fi/onto/kunnat/suomi"
            if area.level == "MAA"
            else f"http://www.yso.fi/onto/kunnat/mk{area.number}"
        )
    return {
        "id": area.sotkanet_id,
        "code": area.number,
        "category": area.level,
        "title": _title(area.names),
        "memberOf": member_of,
        "uri": uri,
    }


class SotkanetService:
    def __init__(
        self,
        indicators: dict[int, SotkanetIndicator],
        geo: Geography,
        synth: Synth,
        years: tuple[int, int],
    ) -> None:
        self.indicators, self.geo, self.synth, self.years = indicators, geo, synth, years

    def handle(self, req: Request) -> Response:
        rest = req.path[len(PREFIX) :].strip("/")
        if rest == "regions":
            return json_response([region_entry(a, self.geo) for a in self.geo.areas])
        if rest == "indicators":
            return json_response([self._summary(ind) for ind in self.indicators.values()])
        if rest.startswith("indicators/"):
            ind = self._indicator(rest.split("/", 1)[1])
            return json_response(self._details(ind)) if ind else not_found("no such indicator")
        if rest in ("json", "csv"):
            return self._data(req, rest)
        return not_found()

    def _indicator(self, raw: str | None) -> SotkanetIndicator | None:
        return self.indicators.get(int(raw)) if raw and raw.isdigit() else None

    def _summary(self, ind: SotkanetIndicator) -> dict:
        return {
            "id": ind.id,
            "title": _title(ind.title),
            "organization": ind.organization,
            "classifications": {
                "sex": {"values": list(GENDERS)},
                "region": {"values": ["Kunta", "Maakunta", "Maa"]},
            },
        }

    def _last(self, ind: SotkanetIndicator) -> int:
        """The indicator's last year: its own where described (243: 2019), else the window's."""
        return min(self.years[1], ind.last) if ind.last else self.years[1]

    def _details(self, ind: SotkanetIndicator) -> dict:
        updated = dt.date(2026, 1, 5) + dt.timedelta(
            days=int(150 * unit_hash("sotkanet-updated", ind.id))
        )
        empty = {"fi": "", "en": "", "sv": ""}
        return {
            "id": ind.id,
            "data-updated": updated.isoformat(),
            "range": {"start": self.years[0], "end": self._last(ind)},
            "title": _title(ind.title),
            "description": _title(ind.title),
            "interpretation": empty,
            "limits": empty,
            "legislation": empty,
            "notices": empty,
            "primaryValueType": {
                "code": ind.value_type,
                "title": _title(ind.unit),
            },
            "decimals": ind.decimals,
            "classifications": {
                "region": {
                    "title": {"fi": "Alue", "en": "Region", "sv": "Område"},
                    "values": ["Kunta", "Maakunta", "Maa"],
                },
                "sex": {"values": list(GENDERS)},
            },
            "organization": ind.organization,
            "subjects": [],
            "sources": [],
            "groups": [],
        }

    def _data(self, req: Request, fmt: str) -> Response:
        query = req.query
        ind = self._indicator((query.get("indicator") or [""])[0] or None)
        if ind is None:
            return not_found("no such indicator")
        try:
            years = sorted({int(y) for raw in query.get("years", []) for y in raw.split(",") if y})
        except ValueError:
            return text_response("400 Bad Request: years must be numbers", 400)
        genders = [g for raw in query.get("genders", []) for g in raw.split(",") if g] or list(
            GENDERS
        )
        if not years or any(g not in GENDERS for g in genders):
            return text_response(
                "400 Bad Request: give years=YYYY (repeated) and genders=male|female|total", 400
            )
        rows = (
            []
            if req.active("empty")
            else self._rows(ind, years, genders, req.active("unknown-region"))
        )
        if fmt == "json":
            return json_response(rows)
        lines = [CSV_HEADER] + [
            ";".join(
                _csv(r[k]) for k in ("indicator", "region", "year", "gender", "value", "absValue")
            )
            for r in rows
        ]
        return Response(200, ("\r\n".join(lines) + "\r\n").encode("utf-8"), CSV_TYPE)

    def _rows(
        self, ind: SotkanetIndicator, years: list[int], genders: list[str], unknown: bool
    ) -> list[dict]:
        rows = []
        for year in (y for y in years if self.years[0] <= y <= self._last(ind)):
            for gender in sorted(genders, key=GENDERS.index):
                for area in self.geo.areas:
                    rows.append(self._row(ind, area.code, area.sotkanet_id, year, gender))
                if unknown:
                    rows.append(self._row(ind, "KU999", UNKNOWN_REGION_ID, year, gender))
        return rows

    def _row(
        self, ind: SotkanetIndicator, code: str, region_id: int, year: int, gender: str
    ) -> dict:
        """One data row; men's and women's figures stay near the total (counts split in two)."""
        tilt = (
            1.0
            if gender == "total"
            else 0.92 + 0.16 * unit_hash("sotkanet-gender", ind.id, code, year, gender)
        )
        counted = ind.kind.partition("@")[0] in ("count", "population", "signed_count")
        share = tilt / 2 if counted and gender != "total" else 1.0
        value = self.synth.value(
            f"sotkanet/{ind.id}", ind.kind, code, str(year), ind.decimals, share, missing=False
        )
        if value is not None and not counted and gender != "total":
            value = round(value * tilt, ind.decimals) if ind.decimals else round(value * tilt)
        population = self.synth.population(code, year + 0.5) * (1.0 if gender == "total" else 0.5)
        scale = {"percent": 100.0, "permille": 1000.0}.get(ind.kind.split("_")[0])
        if counted:
            absolute = value
        else:
            absolute = round(value * population / scale) if scale and value is not None else None
        return {
            "indicator": ind.id,
            "region": region_id,
            "year": year,
            "gender": gender,
            "value": value,
            "absValue": absolute,
        }


def _csv(value: object) -> str:
    return "" if value is None else str(value)
