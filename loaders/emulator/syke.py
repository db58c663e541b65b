"""SYKE ALas download files: `Tulokset_taso_5/kunta_{n}.csv` (per resident, the loader divides by
Statistics Finland's population, so SYKE's `asukasluvut_2025.csv` is not served).

The real files are static downloads, so the loader should fetch them with conditional GETs; the
emulator sends `ETag` and `Last-Modified` and answers 304 to a matching `If-None-Match` (or, when
that is absent, an `If-Modified-Since` not older than the file). Numbers use a decimal comma and
`NA` for missing, as the real files do; `n` is the municipality number without leading zeros.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from email.utils import format_datetime, parsedate_to_datetime

from loaders.emulator.reference import Geography
from loaders.emulator.response import CSV_TYPE, Request, Response, not_found
from loaders.emulator.synthetic import Synth, unit_hash

PREFIX = "/syke/"
MODIFIED = dt.datetime(2026, 6, 8, 6, 0, tzinfo=dt.UTC)
FIRST_YEAR = 2005
HEADER = "vuosi;kt;kt_tuuli;GWh;hinku_laskenta;päästökauppa;taso_3;taso_4;taso_5"
# taso_3, taso_4, taso_5, hinku_laskenta, päästökauppa, share of the total, GWh per kt (None: NA)
SECTORS = (
    ("Tie", "Hen", "Kad", "On", "Ei", 0.22, 3.7),
    ("Tie", "Kuo", "Maa", "On", "Ei", 0.12, 3.7),
    ("Kau", "Kau", "Kau", "On", "Ei", 0.14, 4.5),
    ("Kau", "Kau", "Pkp", "Ei", "On", 0.10, 4.5),
    ("Säh", "Kul", "Kul", "On", "Ei", 0.12, 6.0),
    ("Erl", "Öljy", "Öljy", "On", "Ei", 0.06, 3.6),
    ("Maa", "Kot", "Kot", "On", "Ei", 0.10, None),
    ("Jät", "Kaa", "Kaa", "On", "Ei", 0.04, None),
    ("Teo", "Pol", "Pkp", "Ei", "On", 0.10, 3.0),
)
_FILE = re.compile(r"Tulokset_taso_5/kunta_([1-9]\d{0,2})\.csv")


def _num(value: float | None) -> str:
    return "NA" if value is None else f"{value:.3f}".replace(".", ",")


class SykeService:
    def __init__(self, geo: Geography, synth: Synth, years: tuple[int, int]) -> None:
        self.geo, self.synth = geo, synth
        # Emissions lag a year behind the other series (the 2025 files end in 2024).
        self.years = range(max(years[0], FIRST_YEAR), years[1])

    def handle(self, req: Request) -> Response:
        rest = req.path[len(PREFIX) :]
        match = _FILE.fullmatch(rest)
        code = f"KU{int(match.group(1)):03d}" if match else None
        if code not in self.geo.by_code:
            return not_found("no such file")
        return _conditional(req, self._emissions(code))

    def _emissions(self, code: str) -> str:
        """Sector rows per year: ~4–10 t CO2-eq per resident, falling over time."""
        per_resident = 4.0 + 6.0 * unit_hash("syke-level", code)
        decline = 0.015 + 0.025 * unit_hash("syke-decline", code)
        lines = [HEADER]
        for year in self.years:
            total = (
                self.synth.population(code, year + 0.5)
                * per_resident
                / 1000
                * (1 - decline) ** (year - FIRST_YEAR)
            )
            for t3, t4, t5, hinku, ets, share, gwh_per_kt in SECTORS:
                if t3 == "Teo" and unit_hash("syke-industry", code) > 0.3:
                    continue  # most municipalities have no emissions-trading industry
                weight = share * (0.3 + 1.4 * unit_hash("syke-sector", code, t3, t5))
                noise = 1 + 0.05 * (unit_hash("syke-noise", code, year, t3, t5) - 0.5)
                kt = total * weight * noise
                hidden = t3 == "Teo" and unit_hash("syke-na", code, year) < 0.15
                wind = None if t3 in ("Maa", "Jät") else kt * (0.85 if t3 == "Säh" else 1.0)
                gwh = kt * gwh_per_kt if gwh_per_kt else None
                row = [
                    str(year),
                    _num(None if hidden else kt),
                    _num(wind),
                    _num(gwh),
                    hinku,
                    ets,
                    t3,
                    t4,
                    t5,
                ]
                lines.append(";".join(row))
        return "\n".join(lines) + "\n"


def _conditional(req: Request, text: str) -> Response:
    """200 with validators, or 304 when the client's copy is current."""
    body = text.encode("utf-8")
    etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
    headers = {"ETag": etag, "Last-Modified": format_datetime(MODIFIED, usegmt=True)}
    if _not_modified(req, etag):
        return Response(304, b"", CSV_TYPE, headers)
    return Response(200, body, CSV_TYPE, headers)


def _not_modified(req: Request, etag: str) -> bool:
    if_none_match = req.header("If-None-Match")
    if if_none_match is not None:  # takes precedence over If-Modified-Since (RFC 9110)
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = req.header("If-Modified-Since")
    if since:
        try:
            return MODIFIED <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False
