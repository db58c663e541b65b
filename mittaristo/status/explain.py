"""One sentence per verdict in Finnish, Swedish and English, generated from the facts.

The sentences are written for a councillor: the latest value and its period first, then how it
stands against the target, then the trend in plain words (never "slope" or "noise"). Each
number is one of the verdict's facts formatted with the indicator's decimals, each comparison
word is picked from those numbers as shown, and periods are words ("elokuu 2025"); the
property test in tests/test_status_sentences.py holds the sentences to that.

The wording is in the text catalog: `[sentence]` has one text per reason of the engine (the
keys are the reasons), `[clause]` the pieces several sentences share (the opening "latest value
against the target", later movement, the compared peer period, a withheld value) and
`[words.*]` the parts that follow the target's own wording and the series' frequency.
Placeholders: `now` the opening clause, `v`/`p` the latest value and its period in words,
`rv`/`rp` the source's newest value, `t`/`tp` the target (with its relation), `y` the target
year, `proj`/`best`/`lv`/`lvl` the projection, its optimistic end and the level with its name,
`bv`/`bp` the baseline, `yv`/`yname` the target year's value, `m`/`cv`/`cp`/`cmp` the peer
median, the town's value, their period and the comparison word, `due`/`first_due` dates,
`last`/`label` status labels, `d`/`by`/`done`/`reported`/`text` milestone and report texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from mittaristo.config.model import MilestoneTarget
from mittaristo.formatting import format_date, format_period, format_value
from mittaristo.i18n import t
from mittaristo.status.facts import Facts
from mittaristo.status.series import per_year
from mittaristo.status.verdict import Verdict, compare_shown, meets
from mittaristo.status.words import (
    capitalise,
    compare_word,
    count_word,
    series_word,
    span_words,
    wording,
)

LANGS = ("fi", "sv", "en")


def explain(
    verdict: Verdict,
    facts: Facts,
    target: object,
    *,
    decimals: int,
    unit: str | Mapping[str, str],
) -> dict[str, str]:
    """The verdict's sentence in fi, sv and en (`unit` as one text or one per language)."""
    return {lang: _sentence(verdict, facts, target, lang, decimals, _unit_in(unit, lang))
            for lang in LANGS}  # fmt: skip


def _sentence(
    verdict: Verdict, facts: Facts, target: object, lang: str, decimals: int, unit: str
) -> str:
    parts = _parts(verdict, facts, target, lang, decimals, unit)
    text = t(f"sentence.{verdict.reason}", lang, **parts)
    text += "".join(t(f"clause.{key}", lang, **parts) for key in _tails(verdict, facts))
    return _one_full_stop(text)


def _one_full_stop(text: str) -> str:
    """A unit that ends in a dot ("as.", "kpl.") at a sentence's end takes the full stop itself."""
    return re.sub(r"(?<=\w)\.\.(?!\.)", ".", text)


def _tails(verdict: Verdict, facts: Facts) -> list[str]:
    """Clauses after the sentence: later movement, the compared peer period, a withheld value."""
    tails: list[str] = []
    if verdict.reason in ("value_met_in_year", "dir_achieved") and verdict.after:
        tails.append("after_weakened" if verdict.after == "weakened" else
                     ("after_held_value" if verdict.reason == "value_met_in_year" else "after_latest"))  # fmt: skip
    if verdict.reason in ("value_missed", "dir_missed") and _later(verdict, facts):
        tails.append("after_latest")
    latest_raw = facts.latest_raw
    if verdict.peer_period and latest_raw and verdict.year_point is None:
        if verdict.peer_period != (facts.latest.period if facts.latest else None):
            tails.append("peer_period")
    if facts.withheld is not None and facts.raw:
        tails.append("withheld" if facts.withheld.symbol else "missing")
    if verdict.words.get("text") and verdict.reason.startswith("ms_"):
        tails.append("report_text")
    return tails


def _later(verdict: Verdict, facts: Facts) -> bool:
    yp, latest = verdict.year_point, facts.latest
    return yp is not None and latest is not None and latest.x > yp.x + 1e-9


def _parts(
    verdict: Verdict, facts: Facts, target: object, lang: str, decimals: int, unit: str
) -> dict[str, str]:
    def num(value: float | None) -> str:
        return format_value(value, decimals, unit, lang)

    latest, base, raw = facts.latest, facts.baseline, facts.latest_raw
    step = per_year(latest.period) if latest else 1
    parts: dict[str, str] = {
        "v": num(latest.value if latest else None),
        "p": span_words(latest.first, latest.period, lang) if latest else "",
        "rv": num(raw.value if raw else None),
        "rp": format_period(raw.period, lang) if raw else "",
        "bv": num(base.value if base else None),
        "bp": span_words(base.first, base.period, lang) if base else "",
        "t": num(verdict.target_value),
        "y": str(verdict.target_year or ""),
        "proj": num(verdict.projection),
        "best": num(verdict.best_case),
        "due": format_date(facts.due, lang),
        "subj": series_word("subject", step, lang),
        "span": series_word("span", 12 if step == 1 else step, lang),
        "yname": series_word("year_name", step, lang, y=verdict.target_year),
        "end": str(verdict.words.get("end", "")),
    }
    parts["Subj"] = capitalise(parts["subj"])
    parts |= _wording(verdict, lang)
    parts |= _level(verdict, lang, num)
    parts |= _target_year(verdict, num)
    parts |= _peer(verdict, facts, lang, num)
    parts |= _misc(verdict, facts, target, lang, num)
    if "tp" in parts:
        parts["tp"] = f"{parts['tp']} {parts['t']}"
    parts["now"] = _now(verdict, facts, lang, parts)
    return parts


def _wording(verdict: Verdict, lang: str) -> dict[str, str]:
    kind = verdict.words.get("relation") or verdict.words.get("want")
    return wording(str(kind), lang) if kind else {}


def _level(verdict: Verdict, lang: str, num) -> dict[str, str]:
    level = verdict.level
    if level is None:
        return {"lvl": "", "lv": num(None)}
    name = t(f"words.level.{level.how}", lang, n=count_word(level.n, lang))
    return {"lvl": name, "lv": num(level.value)}


def _target_year(verdict: Verdict, num) -> dict[str, str]:
    point = verdict.year_point
    return {"yv": num(point.value if point else None)}


def _peer(verdict: Verdict, facts: Facts, lang: str, num) -> dict[str, str]:
    compared = verdict.compared
    if compared is None or verdict.peer_value is None:
        return {}
    step = per_year(compared.period)
    cmp = compare_shown(compared.value, verdict.peer_value, facts.decimals)
    parts = {
        "cv": num(compared.value), "m": num(verdict.peer_value),
        "cp": span_words(compared.first, compared.period, lang), "cmp": compare_word(cmp, lang),
        "csubj": capitalise(series_word("subject", step, lang) if compared is facts.latest
                            else t("words.misc.value", lang)),
    }  # fmt: skip
    parts["peer_now"] = t("clause.peer_now", lang, **parts)
    parts["peer_now_lc"] = parts["peer_now"][:1].lower() + parts["peer_now"][1:]
    return parts


def _misc(verdict: Verdict, facts: Facts, target: object, lang: str, num) -> dict[str, str]:
    words = verdict.words
    parts: dict[str, str] = {"text": str(words.get("text", ""))}
    if isinstance(target, MilestoneTarget):
        parts["d"] = target.description
        parts["by"] = format_date(target.by, lang)
    for key in ("done", "reported"):
        if words.get(key):
            parts[key] = format_date(date.fromisoformat(str(words[key])), lang)
    if verdict.last_status is not None:
        parts["last"] = t(f"status_{verdict.last_status}", lang)
    if words.get("judgement"):
        parts["label"] = t(f"status_{words['judgement']}", lang)
    if "first_due" in words:
        parts["first_due"] = format_date(date.fromisoformat(str(words["first_due"])), lang)
    if verdict.reason == "value_achieved_few":
        prev = facts.points[-3:-1]
        parts["prev"] = ", ".join(
            f"{span_words(o.first, o.period, lang)}: {num(o.value)}" for o in prev
        )
    if facts.withheld is not None:
        parts["wp"] = format_period(facts.withheld.period, lang)
        parts["sym"] = facts.withheld.symbol or ""
    return parts


def _now(verdict: Verdict, facts: Facts, lang: str, parts: Mapping[str, str]) -> str:
    """The opening clause: the latest value against the target (as shown)."""
    if "peer_now" in parts:
        return parts["peer_now"]
    relation = verdict.words.get("relation")
    latest = facts.latest
    if relation is None or latest is None or verdict.target_value is None:
        return t("clause.now_plain", lang, **parts)
    sign = 1 if relation == "at_least" else -1
    ok = meets(latest.value, verdict.target_value, sign, facts.decimals)
    return t("clause.now_meets" if ok else "clause.now_short", lang, **parts)


def _unit_in(unit: str | Mapping[str, str], lang: str) -> str:
    if isinstance(unit, str):
        return unit
    return unit.get(lang) or unit.get("fi") or ""
