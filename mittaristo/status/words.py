"""Sentence parts that follow the facts: a 12-month window in words, the comparison words and
the target's own wording — from the text catalog (`[words.*]`); periods and dates in words come
from the one formatter (mittaristo.formatting).

Every comparison word is chosen from the numbers as shown (never from the target kind alone),
so "alle" always stands next to a smaller number.
"""

from __future__ import annotations

from mittaristo.formatting import format_period
from mittaristo.i18n import t

SERIES_KIND = {1: "year", 12: "month", 4: "quarter"}  # periods per year → [words.*] key
COMPARE_KEY = {1: "above", -1: "below", 0: "equal"}


def span_words(first: str | None, last: str, lang: str) -> str:
    """A 12-month window as a range in words: "syyskuu 2024 – elokuu 2025"."""
    if first is None:
        return format_period(last, lang)
    return f"{format_period(first, lang)} – {format_period(last, lang)}"


def series_word(table: str, per_year: int, lang: str, **fields: object) -> str:
    """A `[words.<table>]` text for a yearly, 12-month or 4-quarter series."""
    return t(f"words.{table}.{SERIES_KIND.get(per_year, 'month')}", lang, **fields)


def compare_word(side: int, lang: str) -> str:
    return t(f"words.compare.{COMPARE_KEY[side]}", lang)


def count_word(n: int, lang: str) -> str:
    try:
        return t(f"words.count.{n}", lang)
    except KeyError:
        return str(n)


def wording(kind: str, lang: str) -> dict[str, str]:
    """The parts of a target's own wording (`[words.at_least]`, `[words.increase]`, …)."""
    keys = {
        "at_least": ("tp", "under", "rel_goal"),
        "at_most": ("tp", "under", "rel_goal"),
        "increase": ("want_adj", "unwanted_adj", "moved", "unmoved", "want_noun"),
        "decrease": ("want_adj", "unwanted_adj", "moved", "unmoved", "want_noun"),
    }[kind]
    return {key: t(f"words.{kind}.{key}", lang) for key in keys}


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
