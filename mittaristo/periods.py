"""The one reader of statistical periods as sources spell them → the stored form.

Stored periods are `2024`, `2024Q3` and `2024M05` (what StatFin writes and the status engine,
reports and charts read). Sources and hand-made files also write `2024K3` (kvartaali), `2024M5`,
`2024 Q3` or a whole number year; those are normalised here. `2024-05` (May, or 2024–2005?)
and `2005 - 1` are not guessed. Anything else, and any
impossible period (`2024M13`, `2024Q5`, year 0213), is refused: a misread period would move a
point on a trend line, and one such value used to break every report of the town.
"""

from __future__ import annotations

import re

FIRST_YEAR, LAST_YEAR = 1900, 2100
_SPELLINGS = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:\s*(?P<q>[QK])\s*(?P<qn>\d{1,2})|\s*M\s*(?P<m>\d{1,2}))?$",
    re.IGNORECASE | re.ASCII,  # "２０２４" is not a year a Finnish file writes
)
CANONICAL = re.compile(r"^\d{4}(?:Q[1-4]|M(?:0[1-9]|1[0-2]))?$", re.ASCII)
EXPECTED = "expected a year (2024), a quarter (2024Q3 or 2024K3) or a month (2024M05)"


class PeriodError(ValueError):
    """A period that is not one, or is impossible; the message says which and why."""


def normalise_period(raw: object) -> str:
    """`2024`, `2024K3`/`2024q3` → `2024Q3`, `2024M5` → `2024M05`; else PeriodError."""
    if isinstance(raw, bool) or raw is None:
        raise PeriodError(f"period {raw!r} is not a period: {EXPECTED}")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    match = _SPELLINGS.match(text)
    if not match:
        raise PeriodError(f"period {text!r} is not a period: {EXPECTED}")
    year = int(match["year"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(f"period {text!r}: year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    if match["q"]:
        quarter = int(match["qn"])
        if not 1 <= quarter <= 4:
            raise PeriodError(f"period {text!r}: there is no quarter {quarter} (1–4)")
        return f"{year}Q{quarter}"
    month_text = match["m"]
    if month_text:
        month = int(month_text)
        if not 1 <= month <= 12:
            raise PeriodError(f"period {text!r}: there is no month {month} (1–12)")
        return f"{year}M{month:02d}"
    return str(year)


def is_stored_period(text: object) -> bool:
    """Whether a text is already in the stored form (the store's guard)."""
    return (
        isinstance(text, str)
        and CANONICAL.match(text) is not None
        and (FIRST_YEAR <= int(text[:4]) <= LAST_YEAR)
    )
