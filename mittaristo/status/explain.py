"""One sentence per verdict in Finnish, Swedish and English, with numbers formatted per language.

The sentences are written for a councillor: the latest value and its period first, then how it
stands against the target, then the trend in plain words (never "slope" or "noise").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from mittaristo.numberformat import MISSING, format_value

LANGS = ("fi", "sv", "en")

_TEMPLATES: dict[str, dict[str, str]] = {
    "no_data": {
        "fi": "Mittarille ei ole vielä yhtään arvoa.",
        "sv": "Mätaren har ännu inga värden.",
        "en": "There are no values for this indicator yet.",
    },
    "not_assessable": {
        "fi": "Kehitystä ei voi vielä arvioida, koska lähtötason jälkeen ei ole uusia arvoja (viimeisin {v}, {p}).",
        "sv": "Utvecklingen kan ännu inte bedömas eftersom det saknas nya värden efter utgångsläget (senaste {v}, {p}).",
        "en": "Progress cannot be assessed yet because there are no new values since the baseline (latest {v}, {p}).",
    },
    "value_met": {
        "fi": "Arvo {v} ({p}) täyttää tavoitteen ({tp} vuoteen {y} mennessä).",
        "sv": "Värdet {v} ({p}) uppfyller målet ({tp} senast {y}).",
        "en": "The value {v} ({p}) meets the target ({tp} by {y}).",
    },
    "value_on_track": {
        "fi": "Arvo {v} ({p}) on vielä tavoitetta {t} heikompi, mutta kehitys on riittävää: nykyvauhdilla {proj} vuonna {y}.",
        "sv": "Värdet {v} ({p}) är ännu sämre än målet {t}, men utvecklingen räcker: i nuvarande takt {proj} år {y}.",
        "en": "The value {v} ({p}) is still short of the target {t}, but progress is sufficient: at the current pace {proj} in {y}.",
    },
    "value_too_slow": {
        "fi": "Arvo {v} ({p}) on tavoitetta {t} heikompi ja kehitys on liian hidasta: nykyvauhdilla {proj} vuonna {y}.",
        "sv": "Värdet {v} ({p}) är sämre än målet {t} och utvecklingen går för långsamt: i nuvarande takt {proj} år {y}.",
        "en": "The value {v} ({p}) is short of the target {t} and progress is too slow: at the current pace {proj} in {y}.",
    },
    "value_off_track": {
        "fi": "Arvo {v} ({p}) on tavoitetta {t} heikompi ja kehitys kulkee väärään suuntaan: nykyvauhdilla {proj} vuonna {y}.",
        "sv": "Värdet {v} ({p}) är sämre än målet {t} och utvecklingen går åt fel håll: i nuvarande takt {proj} år {y}.",
        "en": "The value {v} ({p}) is short of the target {t} and moving in the wrong direction: at the current pace {proj} in {y}.",
    },
    "value_no_change": {
        "fi": "Arvo {v} ({p}) on tavoitetta {t} heikompi, eikä kehityksellä ole selvää suuntaa lähtötasosta {bv} ({bp}): muutokset mahtuvat tavalliseen vaihteluun.",
        "sv": "Värdet {v} ({p}) är sämre än målet {t} och utvecklingen har ingen tydlig riktning sedan utgångsläget {bv} ({bp}): förändringarna ryms inom den normala variationen.",
        "en": "The value {v} ({p}) is short of the target {t} with no clear trend since the baseline {bv} ({bp}): the changes are within normal variation.",
    },
    "value_missed": {
        "fi": "Tavoitevuosi {y} on ohi, eikä tavoitetta ({tp}) saavutettu: arvo on {v} ({p}).",
        "sv": "Målåret {y} har passerat utan att målet ({tp}) nåddes: värdet är {v} ({p}).",
        "en": "The target year {y} has passed without reaching the target ({tp}): the value is {v} ({p}).",
    },
    "dir_on_track": {
        "fi": "Kehitys on tavoitteen mukaisesti {want}: arvo {v} ({p}), lähtötaso {bv} ({bp}); nykyvauhdilla {proj} vuonna {y}.",
        "sv": "Trenden är {want} som målet förutsätter: värdet {v} ({p}), utgångsläget {bv} ({bp}); i nuvarande takt {proj} år {y}.",
        "en": "The trend is {want} as targeted: the value is {v} ({p}) against a baseline of {bv} ({bp}); at the current pace {proj} in {y}.",
    },
    "dir_achieved": {
        "fi": "Tavoite saavutettiin: kehitys oli tavoitevuoteen {y} mennessä {want}, arvo {v} ({p}), lähtötaso {bv} ({bp}).",
        "sv": "Målet nåddes: trenden var {want} fram till målåret {y}, värdet {v} ({p}), utgångsläget {bv} ({bp}).",
        "en": "The target was achieved: the trend was {want} up to the target year {y}, with the value at {v} ({p}) against a baseline of {bv} ({bp}).",
    },
    "dir_off_track": {
        "fi": "Kehitys on tavoitteen vastaisesti {unwanted}: arvo {v} ({p}), lähtötaso {bv} ({bp}).",
        "sv": "Trenden är {unwanted}, tvärtemot målet: värdet {v} ({p}), utgångsläget {bv} ({bp}).",
        "en": "The trend is {unwanted}, against the targeted direction: the value is {v} ({p}) against a baseline of {bv} ({bp}).",
    },
    "dir_no_change": {
        "fi": "Kehityksellä ei ole selvää suuntaa lähtötasosta {bv} ({bp}): viimeisin arvo on {v} ({p}), ja muutokset mahtuvat tavalliseen vaihteluun.",
        "sv": "Utvecklingen har ingen tydlig riktning sedan utgångsläget {bv} ({bp}): det senaste värdet är {v} ({p}) och förändringarna ryms inom den normala variationen.",
        "en": "There is no clear trend since the baseline {bv} ({bp}): the latest value is {v} ({p}) and the changes are within normal variation.",
    },
    "dir_missed": {
        "fi": "Tavoitevuosi {y} on ohi ilman selvää {want_noun}: arvo {v} ({p}), lähtötaso {bv} ({bp}).",
        "sv": "Målåret {y} har passerat utan någon tydlig {want_noun}: värdet {v} ({p}), utgångsläget {bv} ({bp}).",
        "en": "The target year {y} has passed without a clear {want_noun}: the value is {v} ({p}) against a baseline of {bv} ({bp}).",
    },
    "peer_met": {
        "fi": "Arvo {v} ({p}) on {rel_ok} kuin verrokkikuntien mediaani {m}, kuten tavoite edellyttää.",
        "sv": "Värdet {v} ({p}) är {rel_ok} jämförelsekommunernas median {m}, som målet förutsätter.",
        "en": "The value {v} ({p}) is {rel_ok} the peer median {m}, as targeted.",
    },
    "peer_on_track": {
        "fi": "Arvo {v} ({p}) on {rel_fail} kuin verrokkikuntien mediaani {m}, mutta ero kapenee nykyvauhdilla umpeen vuoteen {y} mennessä.",
        "sv": "Värdet {v} ({p}) är {rel_fail} jämförelsekommunernas median {m}, men i nuvarande takt försvinner skillnaden senast {y}.",
        "en": "The value {v} ({p}) is {rel_fail} the peer median {m}, but the gap is narrowing fast enough to close by {y}.",
    },
    "peer_narrowing": {
        "fi": "Arvo {v} ({p}) on {rel_fail} kuin verrokkikuntien mediaani {m}; ero kapenee, mutta liian hitaasti umpeutuakseen vuoteen {y} mennessä.",
        "sv": "Värdet {v} ({p}) är {rel_fail} jämförelsekommunernas median {m}; skillnaden minskar, men för långsamt för att försvinna senast {y}.",
        "en": "The value {v} ({p}) is {rel_fail} the peer median {m}; the gap is narrowing, but too slowly to close by {y}.",
    },
    "peer_widening": {
        "fi": "Arvo {v} ({p}) on {rel_fail} kuin verrokkikuntien mediaani {m}, ja ero kasvaa.",
        "sv": "Värdet {v} ({p}) är {rel_fail} jämförelsekommunernas median {m}, och skillnaden växer.",
        "en": "The value {v} ({p}) is {rel_fail} the peer median {m}, and the gap is widening.",
    },
    "peer_no_change": {
        "fi": "Arvo {v} ({p}) on {rel_fail} kuin verrokkikuntien mediaani {m}, eikä ero ole selvästi muuttunut.",
        "sv": "Värdet {v} ({p}) är {rel_fail} jämförelsekommunernas median {m}, och skillnaden har inte förändrats tydligt.",
        "en": "The value {v} ({p}) is {rel_fail} the peer median {m}, and the gap has not changed clearly.",
    },
    "peer_one_period": {
        "fi": "Arvo {v} ({p}) on {rel_fail} kuin verrokkikuntien mediaani {m}; vertailuvuosia on liian vähän eron kehityksen arvioimiseen.",
        "sv": "Värdet {v} ({p}) är {rel_fail} jämförelsekommunernas median {m}; det finns för få jämförbara perioder för att bedöma hur skillnaden utvecklas.",
        "en": "The value {v} ({p}) is {rel_fail} the peer median {m}; there are too few comparable periods to tell how the gap is developing.",
    },
    "peer_missing": {
        "fi": "Verrokkikuntien mediaania ei ole vielä kaudelta {p}, joten arvoa {v} ei voi verrata.",
        "sv": "Jämförelsekommunernas median saknas ännu för perioden {p}, så värdet {v} kan inte jämföras.",
        "en": "There is no peer median for {p} yet, so the value {v} cannot be compared.",
    },
    "peer_missed": {
        "fi": "Tavoitevuosi {y} on ohi, ja arvo {v} ({p}) on yhä {rel_fail} kuin verrokkikuntien mediaani {m}.",
        "sv": "Målåret {y} har passerat och värdet {v} ({p}) är fortfarande {rel_fail} jämförelsekommunernas median {m}.",
        "en": "The target year {y} has passed and the value {v} ({p}) is still {rel_fail} the peer median {m}.",
    },
    "ms_done": {
        "fi": "”{d}” valmistui {done}, määräaikaan {by} mennessä.",
        "sv": "”{d}” blev klart {done}, inom tidsfristen {by}.",
        "en": "“{d}” was completed on {done}, within the deadline of {by}.",
    },
    "ms_late": {
        "fi": "”{d}” valmistui {done}, myöhässä määräajasta {by}.",
        "sv": "”{d}” blev klart {done}, efter tidsfristen {by}.",
        "en": "“{d}” was completed on {done}, later than the deadline of {by}.",
    },
    "ms_overdue": {
        "fi": "”{d}” ei ole valmis, vaikka määräaika {by} on ohi.",
        "sv": "”{d}” är inte klart fast tidsfristen {by} har gått ut.",
        "en": "“{d}” is not done although the deadline of {by} has passed.",
    },
    "ms_pending": {
        "fi": "”{d}” ei ole vielä valmis; määräaika on {by}.",
        "sv": "”{d}” är ännu inte klart; tidsfristen är {by}.",
        "en": "“{d}” is not done yet; the deadline is {by}.",
    },
    "followed_fresh": {
        "fi": "Mittaria seurataan: viimeisin arvo on {v} ({p}).",
        "sv": "Mätaren följs upp: det senaste värdet är {v} ({p}).",
        "en": "The indicator is being followed: the latest value is {v} ({p}).",
    },
    "followed_stale": {
        "fi": "Viimeisin arvo {v} ({p}) on vanhentunut: uuden arvon piti tulla viimeistään {due}.",
        "sv": "Det senaste värdet {v} ({p}) är föråldrat: ett nytt värde borde ha kommit senast {due}.",
        "en": "The latest value {v} ({p}) is out of date: a new value was due by {due}.",
    },
}

# Sentence parts that depend on the target's own wording, per language.
_WORDS: dict[str, dict[str, dict[str, str]]] = {
    "at_least": {
        "fi": {"tp": "vähintään", "rel_ok": "sama tai suurempi", "rel_fail": "pienempi"},
        "sv": {"tp": "minst", "rel_ok": "lika med eller högre än", "rel_fail": "lägre än"},
        "en": {"tp": "at least", "rel_ok": "at or above", "rel_fail": "below"},
    },
    "at_most": {
        "fi": {"tp": "enintään", "rel_ok": "sama tai pienempi", "rel_fail": "suurempi"},
        "sv": {"tp": "högst", "rel_ok": "lika med eller lägre än", "rel_fail": "högre än"},
        "en": {"tp": "at most", "rel_ok": "at or below", "rel_fail": "above"},
    },
    "increase": {
        "fi": {"want": "nousevaa", "unwanted": "laskevaa", "want_noun": "nousua"},
        "sv": {"want": "stigande", "unwanted": "sjunkande", "want_noun": "ökning"},
        "en": {"want": "rising", "unwanted": "falling", "want_noun": "rise"},
    },
    "decrease": {
        "fi": {"want": "laskevaa", "unwanted": "nousevaa", "want_noun": "laskua"},
        "sv": {"want": "sjunkande", "unwanted": "stigande", "want_noun": "minskning"},
        "en": {"want": "falling", "unwanted": "rising", "want_noun": "fall"},
    },
}

_EN_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def format_date(day: date | int | None, lang: str) -> str:
    """fi/sv 31.3.2026, en 31 March 2026; a bare year stays a year."""
    if day is None:
        return MISSING
    if isinstance(day, int):
        return str(day)
    if lang == "en":
        return f"{day.day} {_EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day}.{day.month}.{day.year}"


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
    holds periods, years, dates and the target's `relation`/`want` wording keys.
    """
    sentences: dict[str, str] = {}
    for lang in LANGS:
        parts: dict[str, str] = {
            key: format_value(value, decimals, _unit_in(unit, lang), lang)
            for key, value in numbers.items()
        }
        for key, value in texts.items():
            parts[key] = format_date(value, lang) if isinstance(value, date | int) else str(value)
        for wording in ("relation", "want"):
            if wording in texts:
                parts |= _WORDS[str(texts[wording])][lang]
        if "tp" in parts:
            parts["tp"] = f"{parts['tp']} {parts['t']}"
        sentences[lang] = _TEMPLATES[reason][lang].format_map(parts)
    return sentences


def _unit_in(unit: str | Mapping[str, str], lang: str) -> str:
    if isinstance(unit, str):
        return unit
    return unit.get(lang) or unit.get("fi") or ""
