"""The one check of an observation's value, and the one reader of numbers written as text.

A value is stored only when it is a finite number within a sane range (|x| ≤ 1e15: more than
any Finnish municipal figure in euros); booleans (`true` would become 1), NaN, infinities and
400-digit numbers are refused. A missing value is stored only with the source's symbol (`.`,
`..`, `...`), never as a bare NULL. Finnish text numbers ("325 716", "1 234,5", "−3" with the
minus sign U+2212) are read right; other text is refused, not guessed.
"""

from __future__ import annotations

import math
import re

MAX_ABS = 1e15
SYMBOLS = frozenset({".", "..", "..."})  # StatFin: not applicable / withheld / too uncertain
_SPACES = str.maketrans("", "", "\u00a0\u202f\u2009 ")  # (no-break, narrow, thin) spaces
# ASCII digits only: `\d` also matches "１２３" and "١٢٣", which float() reads but no Finnish
# file writes — a number in another script is refused, not guessed.
_GROUPED = re.compile(
    r"^[+-]?(?:\d+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+)(?:[.,]\d+)?$", re.ASCII
)
_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$", re.ASCII)


class ValueRefused(ValueError):
    """A value that cannot be stored; the message names it and says why."""


def check_number(value: object) -> float:
    """A finite float within ±MAX_ABS, or ValueRefused (booleans and non-numbers too)."""
    if isinstance(value, bool):
        raise ValueRefused(f"value {value!r} is a boolean, not a number")
    if not isinstance(value, int | float):
        raise ValueRefused(f"value {value!r} is not a number")
    try:
        number = float(value)
    except OverflowError:
        raise ValueRefused(f"value {str(value)[:20]}… is too large") from None
    if math.isnan(number):
        raise ValueRefused("value NaN is not a number")
    if math.isinf(number) or abs(number) > MAX_ABS:
        raise ValueRefused(f"value {str(value)[:20]} is infinite or beyond ±{MAX_ABS:g}")
    return number


def parse_text_number(text: str) -> float:
    """`325 716`, `1 234,5`, `12.5`, `−3`, `1e3` → float; any other text is ValueRefused.

    The decimal separator is a comma or a point, never a thousands separator (`1.234,5` and
    `1,234.5` are refused: which one is meant cannot be told).
    """
    cleaned = text.strip().replace("\u2212", "-")
    if _GROUPED.match(cleaned):
        number = float(cleaned.translate(_SPACES).replace(",", "."))
    elif _PLAIN.match(cleaned):
        number = float(cleaned)
    else:
        raise ValueRefused(f"value {text[:40]!r} is not a number")
    if not abs(number) <= MAX_ABS:
        shown = cleaned[:20] + ("…" if len(cleaned) > 20 else "")
        raise ValueRefused(f"value {shown} is infinite or beyond ±{MAX_ABS:g}")
    return number


def read_value(raw: object) -> tuple[float | None, str | None]:
    """(value, symbol) of one source cell: a number, a numeric text or a dot symbol."""
    if isinstance(raw, str):
        text = raw.strip()
        if text in SYMBOLS:
            return None, text
        return parse_text_number(text), None
    if raw is None:
        raise ValueRefused("value is empty and has no symbol")
    return check_number(raw), None
