"""One sentence per verdict in Finnish, Swedish and English, with numbers formatted per language.

The sentences are written for a councillor: the latest value and its period first, then how it
stands against the target, then the trend in plain words (never "slope" or "noise"). Their
wording is in the text catalog: `[sentence]` has one text per reason of the engine (the keys
are the reasons, so a new reason is a new key in all three files) and `[words.<kind>]` the parts
that follow the target's own wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from mittaristo.formatting import format_date, format_period, format_value, is_period
from mittaristo.i18n import LANGS, t

# Sentence parts a target's wording brings: texts["relation"] (at_least / at_most) or
# texts["want"] (increase / decrease) names the `[words.<kind>]` table they come from.
_WORDING_FIELDS = {
    "relation": ("tp", "rel_ok", "rel_fail"),
    "want": ("want", "unwanted", "want_noun"),
}


def explain(
    reason: str,
    numbers: Mapping[str, float | None],
    texts: Mapping[str, object],
    *,
    decimals: int,
    unit: str | Mapping[str, str],
) -> dict[str, str]:
    """The reason's sentence in fi, sv and en (`unit` as one text or one per language).

    `numbers` (v, t, proj, bv, m) are formatted with the indicator's decimals and unit; `texts`
    holds periods (`2025Q3` is shown as `3. neljännes 2025`), years, dates and the target's
    `relation`/`want` wording keys. Every number, date and period goes through
    mittaristo.formatting, so the sentence shows the strings the tables and charts show.
    """
    sentences: dict[str, str] = {}
    for lang in LANGS:
        parts: dict[str, str] = {
            key: format_value(value, decimals, _unit_in(unit, lang), lang)
            for key, value in numbers.items()
        }
        parts |= {key: _text(value, lang) for key, value in texts.items()}
        for wording, fields in _WORDING_FIELDS.items():
            if wording in texts:
                parts |= {f: t(f"words.{texts[wording]}.{f}", lang) for f in fields}
        if "tp" in parts:
            parts["tp"] = f"{parts['tp']} {parts['t']}"
        sentences[lang] = t(f"sentence.{reason}", lang, **parts)
    return sentences


def _text(value: object, lang: str) -> str:
    """A date or a year as a date, a statistical period in words, anything else as it is."""
    if isinstance(value, date | int):
        return format_date(value, lang)
    return format_period(value, lang) if is_period(value) else str(value)


def _unit_in(unit: str | Mapping[str, str], lang: str) -> str:
    if isinstance(unit, str):
        return unit
    return unit.get(lang) or unit.get("fi") or ""
