"""Numbers as a Finnish, Swedish or English reader expects them.

Finnish and Swedish write a decimal comma and group thousands with a no-break space (U+00A0,
so a number never breaks across lines) and use the real minus sign U+2212; English writes a
decimal point and a thousands comma. Rounding is half-up, as people round by hand: a councillor
who sees 2,675 rounded to two decimals expects 2,68, not float rounding's 2,67.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Literal

Lang = Literal["fi", "sv", "en"]

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "\u2013"

# (decimal mark, thousands separator, minus sign)
_MARKS: dict[str, tuple[str, str, str]] = {
    "fi": (",", NBSP, MINUS),
    "sv": (",", NBSP, MINUS),
    "en": (".", ",", "-"),
}
_CONTEXT = Context(prec=60)


def _marks(lang: str) -> tuple[str, str, str]:
    """The language's marks; an unknown language is an error, not a silent English."""
    try:
        return _MARKS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}: expected fi, sv or en") from None


def round_half_up(value: float, decimals: int) -> Decimal:
    """`value` rounded half-up to `decimals` places, from its shortest repr (2.675 → 2.68)."""
    step = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP, context=_CONTEXT)


def _group(digits: str, separator: str) -> str:
    """Insert `separator` every three digits from the right: 1234567 → 1 234 567."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def format_number(value: float | None, decimals: int, lang: str) -> str:
    """`value` with `decimals` decimals in `lang`; missing or non-finite values show as "–"."""
    decimal_mark, thousands, minus = _marks(lang)
    if value is None or not math.isfinite(value):
        return MISSING
    rounded = round_half_up(value, decimals)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    text = _group(whole, thousands) + (decimal_mark + fraction if fraction else "")
    # A value that rounds to zero has no sign: "−0,0" would suggest a change that is not there.
    return (minus + text) if rounded < 0 else text


def format_value(value: float | None, decimals: int, unit: str, lang: str) -> str:
    """Number with its unit: fi/sv `7,9 %` (no-break space), en `7.9%` and `€1,234`."""
    number = format_number(value, decimals, lang)
    if value is None or number == MISSING or not unit:
        return number
    if lang == "en" and unit == "%":
        return number + unit
    if lang == "en" and unit == "€":
        return f"{number[0]}€{number[1:]}" if number.startswith("-") else f"€{number}"
    return f"{number}{NBSP}{unit}"
