"""Deterministic, plausible synthetic values for every (series, region, period).

Tests compare numbers across runs and machines, so everything derives from SHA-256 of the cell's
identity (never Python's per-process randomised `hash`). Values follow the unit's nature: shares
stay within 0–100 with a gentle trend, counts scale with a fake municipality size (and regions
sum their municipalities' populations), euro figures sit in realistic ranges, and net figures
(migration, deficits) can be negative. About 1.5 % of cells are `..` (value None).
"""

from __future__ import annotations

import functools
import hashlib
import re

from loaders.emulator.reference import Geography

KINDS = (
    "population",
    "count",
    "percent",
    "percent_low",
    "percent_high",
    "permille",
    "euro",
    "signed_count",
    "signed_rate",
    "signed_euro",
    "index",
)
MISSING_SHARE = 0.015
BASE_YEAR = 2009

# Real-ish 2009 populations so the seed towns and the big cities look familiar (others: hashed).
KNOWN_SIZES = {
    "KU091": 583_350,
    "KU049": 244_330,
    "KU837": 211_507,
    "KU092": 197_636,
    "KU564": 139_133,
    "KU853": 176_087,
    "KU111": 20_374,
    "KU240": 22_580,
    "KU422": 12_788,
    "KU593": 20_151,
}
# Counts per resident per year for names we recognise ("count@RATE"); others get a hashed rate.
COUNT_RATES = (
    (("yöpym",), 3.0),
    (("aloittan", "yritys", "yritykset"), 0.0045),
    (("avoi", "avpaik"), 0.012),
    (("työpaik", "työllis", "tyolliset"), 0.42),
    (("työttöm", "tyottom"), 0.05),
)
_SIGNED = (
    "netto",
    "muuttovoitto",
    "enemmyys",
    "muutos",
    "ylijäämä",
    "alijäämä",
    "yli-/ali",
    "kasvu",
)


def unit_hash(*parts: object) -> float:
    """A number in [0, 1) fixed by `parts` on every run and machine."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def infer_kind(name: str, unit: str, code: str = "") -> str:
    """Pick a value model from a measure's Finnish name and unit (when the description names none)."""
    text, unit_l = f"{name} {unit}".lower(), unit.lower()
    per_mille = any(s in text for s in ("1 000", "1000", "‰"))
    if any(s in text for s in _SIGNED):
        if "€" in unit_l or "euro" in unit_l:
            return "signed_euro"
        return "signed_rate" if per_mille or "%" in unit_l else "signed_count"
    if "€" in unit_l or "euro" in unit_l:
        return "euro"
    if "%" in unit_l or "prosent" in unit_l:
        if "työttö" in text:
            return "percent_low"  # unemployment shares: a few per cent to ~25
        return "percent_high" if "työllisyys" in text or "omavarais" in text else "percent"
    if per_mille:
        return "permille"
    if "indeksi" in text:
        return "index"
    if "pist" in unit_l:
        return "percent"  # points on a 0–100 scale (TEA)
    if "väkiluku" in text or "väestö" in text or "asukasluku" in text or code == "M411":
        return "population"
    text = f"{text} {code.lower()}"
    rate = next((r for words, r in COUNT_RATES if any(w in text for w in words)), None)
    return "count" if rate is None else f"count@{rate}"


@functools.lru_cache(maxsize=4096)
def period_time(period: str) -> float:
    """Mid-point of a period as a fractional year: 2024 -> 2024.5, 2024Q1 -> 2024.125."""
    match = re.fullmatch(r"(\d{4})(?:([QM])(\d{1,2}))?", period)
    if not match:
        raise ValueError(f"not a period: {period!r}")
    year, sep, num = match.groups()
    if not sep:
        return int(year) + 0.5
    per_year = 4 if sep == "Q" else 12
    return int(year) + (int(num) - 0.5) / per_year


def _cell_draws(series: str, code: str, period: str) -> tuple[float, float]:
    """Two independent numbers in [0, 1) for one cell (missing?, noise) from one digest."""
    digest = hashlib.sha256(f"{series}\x1f{code}\x1f{period}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64, int.from_bytes(digest[8:16], "big") / 2**64


class Synth:
    """Value generator bound to the geography (populations of regions sum their municipalities)."""

    def __init__(self, geography: Geography) -> None:
        self.geo = geography
        self._pop: dict[tuple[str, float], float] = {}
        self._params: dict[tuple[str, str], tuple[float, float, float]] = {}

    def size(self, code: str) -> float:
        """A municipality's 2009 population (hashed log-uniform 800–60 000 unless known)."""
        if code in KNOWN_SIZES:
            return float(KNOWN_SIZES[code])
        return 800.0 * (75.0 ** unit_hash("size", code))

    def population(self, code: str, t: float) -> float:
        """Population at fractional year t; regions and the country are sums of municipalities."""
        key = (code, t)
        if key not in self._pop:
            if code.startswith("KU"):
                size = self.size(code)
                bonus = 0.012 if size > 1e5 else 0.004 if size > 3e4 else 0.0
                growth = 1.0 + 0.027 * (unit_hash("growth", code) - 0.6) + bonus
                self._pop[key] = size * growth ** (t - BASE_YEAR)
            else:
                self._pop[key] = sum(self.population(m.code, t) for m in self.geo.members(code))
        return self._pop[key]

    def value(
        self,
        series: str,
        kind: str,
        code: str,
        period: str,
        decimals: int,
        share: float = 1.0,
        *,
        missing: bool = True,
    ) -> float | int | None:
        """One cell. `series` names the table+measure(+other selections); `share` scales counts
        (a quarter of a yearly flow, an age group's part of the population); `missing=False`
        for services that omit rather than flag absent cells."""
        gap, noise = _cell_draws(series, code, period)
        if missing and gap < MISSING_SHARE:
            return None
        kind, _, rate = kind.partition("@")
        raw = self._raw(series, kind, code, period_time(period), noise - 0.5, float(rate or "nan"))
        if kind in ("population", "count", "signed_count"):
            raw *= share
        if kind.startswith("percent"):
            raw = min(100.0, max(0.0, raw))
        value = round(raw, decimals)
        return int(value) if decimals == 0 else value

    def _series_params(self, series: str, code: str) -> tuple[float, float, float]:
        """Level of the series, the area's offset from it and its trend (cached: per cell cost)."""
        key = (series, code)
        if key not in self._params:
            level = unit_hash(series, "level")
            self._params[key] = (
                level,
                unit_hash(series, code, "region") - 0.5,
                unit_hash(series, code, "slope") - 0.5,
            )
        return self._params[key]

    def _raw(self, series: str, kind: str, code: str, t: float, noise: float, rate: float) -> float:
        level, offset, slope = self._series_params(series, code)
        dt = t - 2015.0
        pop = self.population(code, t)
        if kind == "population":
            return pop * (1.0 + 0.001 * noise)
        if kind == "count":
            rate = rate if rate == rate else 0.001 + 0.3 * level**3  # NaN: no hint
            return (
                pop
                * rate
                * (1.0 + 0.4 * offset)
                * (1.0 + 0.02 * slope) ** dt
                * (1.0 + 0.04 * noise)
            )
        if kind == "percent":
            return 5.0 + 80.0 * level + 12.0 * offset + 0.4 * slope * dt + 1.0 * noise
        if kind == "percent_low":
            return max(
                0.5, 3.0 + 9.0 * level + 8.0 * (offset + 0.5) + 0.2 * slope * dt + 0.6 * noise
            )
        if kind == "percent_high":
            return 55.0 + 20.0 * level + 14.0 * offset + 0.3 * slope * dt + 0.8 * noise
        if kind == "permille":
            base = 1.0 + 60.0 * level
            return max(
                0.0, base * (1.0 + 0.5 * offset) * (1.0 + 0.01 * slope * dt) + 0.05 * base * noise
            )
        if kind == "signed_rate":
            return 16.0 * offset + 0.3 * slope * dt + 3.0 * noise
        if kind == "signed_count":
            return pop * (0.012 * offset + 0.0004 * slope * dt + 0.006 * noise)
        if kind == "euro":
            base = 300.0 + 4000.0 * level
            return base * (1.0 + 0.35 * offset) * (1.0 + 0.03 * slope) ** dt + 0.03 * base * noise
        if kind == "signed_euro":
            base = 200.0 + 600.0 * level
            return base * (0.4 + 1.2 * offset) + 10.0 * slope * dt + 0.4 * base * noise
        return 100.0 + 30.0 * offset + 0.5 * slope * dt + 2.0 * noise  # index
