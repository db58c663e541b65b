"""Numbers as Finnish, Swedish and English readers write them."""

from __future__ import annotations

import pytest

from mittaristo.numberformat import format_number, format_value

NBSP, MINUS = "\u00a0", "\u2212"


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "fi", f"1{NBSP}234,5"),
        (1234.5, 1, "sv", f"1{NBSP}234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (1234567.891, 2, "fi", f"1{NBSP}234{NBSP}567,89"),
        (1234567.891, 0, "en", "1,234,568"),
        (-1234.5, 1, "fi", f"{MINUS}1{NBSP}234,5"),
        (-1234.5, 1, "en", "-1,234.5"),
        (999.0, 0, "fi", "999"),
        (2.675, 2, "fi", "2,68"),  # half-up, not float rounding's 2,67
        (0.5, 0, "en", "1"),  # half-up, not banker's 0
        (-0.04, 1, "fi", "0,0"),  # rounds to zero: no sign
        (0, 1, "sv", "0,0"),
        (None, 1, "fi", "–"),
        (float("nan"), 1, "en", "–"),
    ],
)
def test_format_number(value: float | None, decimals: int, lang: str, expected: str) -> None:
    assert format_number(value, decimals, lang) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "lang", "expected"),
    [
        (7.9, 1, "%", "fi", f"7,9{NBSP}%"),
        (7.9, 1, "%", "en", "7.9%"),
        (1234.0, 0, "€", "sv", f"1{NBSP}234{NBSP}€"),
        (1234.0, 0, "€", "en", "€1,234"),
        (-50.0, 0, "€", "en", "-€50"),
        (12.25, 1, "t CO2e", "en", f"12.3{NBSP}t CO2e"),
        (5.0, 0, "", "fi", "5"),
        (None, 1, "%", "fi", "–"),
    ],
)
def test_format_value(
    value: float | None, decimals: int, unit: str, lang: str, expected: str
) -> None:
    assert format_value(value, decimals, unit, lang) == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="de"):
        format_number(1.0, 1, "de")
