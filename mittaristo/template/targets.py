"""Target levels and schedules as Finnish (and Swedish) documents word them → the model's kinds.

`interpret_target` reads the class of wording the strategies use: a level by a year (≥ 80 %,
vähintään puolet, enintään 100 % vuoteen 2025 mennessä), a direction (laskeva, kasvaa,
vähentäminen), relative to the peers (sama tai matalampi kuin verrokeilla, ≤ verrokkikuntien),
a milestone (valmis 2023, laadittu ja hyväksytty suunnitelma), "followed" (seurataan 3–6 kk
välein, tavoitetaso asetetaan talousarviossa, x kpl). Wording it cannot read raises
`Unreadable` with a hint key; it never guesses a comparison from a bare number unless the
indicator's better direction says which one is meant. `format_target` writes the canonical
wording back (the template's Tulkinta column), which `interpret_target` reads exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

YEAR = r"(?:19[9]\d|20\d\d|2100)"
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(" + YEAR + r")\b|\b(" + YEAR + r")-(\d\d)-(\d\d)\b")
_YEAR_CUE = re.compile(
    r"(?:vuo(?:teen|nna|den|si)|v\.|år|till|by|in)\s*(" + YEAR + r")\b|\b(" + YEAR + r")\s*"
    r"(?:mennessä|loppuun|aikana|lopussa|alkaen|asti|saakka)|\((" + YEAR + r")\)"
)
_NUMBER = r"[−-]?\d+(?:[  ]\d{3})*(?:[.,]\d+)?"
_AT_LEAST = r"≥|>=|>|vähintään|väh\.|yli|ainakin|min\.?|minst|över|at least|no less than"
_AT_MOST = (
    r"≤|<=|<|enintään|korkeintaan|alle|max\.?|maks\.?|ei yli|högst|under|at most|no more than"
)
_VALUE = re.compile(
    rf"(?P<op>{_AT_LEAST}|{_AT_MOST})\s*(?P<num>{_NUMBER}|puolet|kaikki|hälften|alla)"
)
_COUNT_WORDS = {"puolet": 50.0, "hälften": 50.0, "kaikki": 100.0, "alla": 100.0}
_ALL = re.compile(r"^\s*(kaikki|alla|all)\b")
_BARE = re.compile(rf"(?<![\w.,])(?P<num>{_NUMBER})\s*(?:%|prosenttia|€|euroa|kpl|henkilöä)")
_PEERS = re.compile(r"verro|vertailukun|jämförelsekommun|peer")
_PEER_LOW = re.compile(
    r"matalampi|alempi|pienempi|vähemmän|alhaisempi|≤|<|enintään|korkeintaan|alle|ei ylitä|lägre|mindre|lower|below|at most"
)
_PEER_HIGH = re.compile(
    r"korkeampi|suurempi|enemmän|≥|>|vähintään|yli|högre|större|higher|above|at least"
)
_PEER_BETTER = re.compile(r"parempi|paremmin|bättre|better")
_UP = re.compile(
    r"\b(kasva(?!tu)|kasvu|nouse|nousu|lisään|lisää|suurene|ökar|ökning|stig|increas|ris)"
)
_DOWN = re.compile(
    r"\b(lask(?:ee|eva|evat|eva[a-zä]*|u|uun|ua|ussa|emaan|enut)\b|vähene|vähent|pienene|alene|"
    r"supistu|minsk|sjunk|decreas|fall|reduc)"
)
_IMPROVE = re.compile(r"\b(paran|paranta|förbättr|improv)")
_MILESTONE = re.compile(
    r"\b(valmis|valmii|valmistu|laadittu|täytetty|laaditaan|laatiminen|hyväksytty|hyväksymi|vahvistettu|"
    r"käyttöön|käyttöönot|toteutettu|uudistettu|uudistetaan|päivitetty|tehty|klar|färdig|"
    r"antagen|godkänd|införd|done|completed|adopted|in place)"
)
_FOLLOWED = re.compile(
    r"\b(seura|raportoi|tavoitetaso(?:a)? (?:asetetaan|ei aseteta|ei ole asetettu|ei asetettu)|"
    r"x kpl|följs|rapporter|followed|reported)"
)
_EVERY = re.compile(r"(\d+)\s*(?:[-–]\s*\d+\s*)?(?:kk|kuukauden|månader|months)")
_EVERY_WORDS = (
    (re.compile(r"neljännesvuosi|kvartaal|kvartal|quarter"), 3),
    (re.compile(r"puolivuosi|kahdesti vuodessa|halvår|half-year|twice a year"), 6),
    (re.compile(r"vuosittai|kerran vuodessa|\bårlig|varje år|yearly|annual"), 12),
    (re.compile(r"kuukausi|månatlig|monthly"), 1),
)
# A deliverable named by its noun (Viestintästrategia, etätyöohjeistus): read only from a
# mittari's own short text, and never when it counts something.
_DOCUMENT = re.compile(r"(strategia|ohjeistus|ohjelma|suunnitelma|politiikka|selvitys)\b")
_COUNTS = re.compile(r"määr|lukumäär|osuus|%|kpl|prosent|asukas|henkilö|antal|andel|number|share")
CANONICAL_MILESTONE = re.compile(
    r"^valmis:\s*(?P<d>.*?)(?:;\s*valmistui\s+(?P<done>\S+))?\s*$", re.S
)


class Unreadable(ValueError):
    """The wording names no target kind the model knows; `hint` is a text-catalog key."""

    def __init__(self, hint: str):
        super().__init__(hint)
        self.hint = hint


@dataclass(frozen=True)
class Interpretation:
    """A target read from words: its kind, the kind's fields and the year/date in the words."""

    kind: str
    fields: dict = field(default_factory=dict)
    year: int | dt.date | None = None
    no_level: bool = False  # the words say no level is set (followed until one is)


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("–", "-").replace("—", "-").split()).lower()


def find_year(text: str) -> int | dt.date | None:
    """The deadline in the words: a date (31.12.2024, 2024-12-31) or a year with a cue
    (vuoteen 2025 mennessä, vuoden 2022 aikana, (2025)), else a lone year at the end."""
    date = _DATE.search(text)
    if date:
        d, m, y, iy, im, iday = date.groups()
        return dt.date(int(y or iy), int(m or im), int(d or iday))
    cue = _YEAR_CUE.search(text)
    if cue:
        return int(next(g for g in cue.groups() if g))
    last = _lone_year(text)
    return int(last.group(1)) if last else None


def _lone_year(text: str) -> re.Match | None:
    """A year at the very end of the words, unless it is a level (enintään 2000)."""
    last = re.search(r"\b(" + YEAR + r")\s*\.?\s*$", text)
    if last and re.search(rf"(?:{_AT_LEAST}|{_AT_MOST})\s*$", text[: last.start()]):
        return None
    return last


def parse_number(text: str) -> float:
    return float(re.sub(r"[  ]", "", text).replace(",", ".").replace("−", "-"))


def interpret_target(text: str, better: str | None = None) -> Interpretation:
    """The target that `text` words (see the module docstring); raises Unreadable."""
    canonical = CANONICAL_MILESTONE.match(text.strip())
    if canonical:
        return _canonical_milestone(canonical)
    low = normalise(text)
    year = find_year(low)
    for reader in (_peers, _value, _direction, _milestone, _followed):
        found = reader(low, better, year)
        if found is not None:
            return found
    raise Unreadable("sheet.hint_target_words")


def _peers(low: str, better: str | None, year) -> Interpretation | None:
    if not _PEERS.search(low):
        return None
    low_, high = bool(_PEER_LOW.search(low)), bool(_PEER_HIGH.search(low))
    if _PEER_BETTER.search(low) and not (low_ or high):
        if better is None:
            raise Unreadable("sheet.hint_better_unknown")
        low_, high = better == "lower", better == "higher"
    if low_ == high:
        raise Unreadable("sheet.hint_peer_relation")
    return Interpretation(
        "vs_peers", {"relation": "at_most" if low_ else "at_least"}, _int_year(year)
    )


def _value(low: str, better: str | None, year) -> Interpretation | None:
    cleaned = _without_years(low)
    match = _VALUE.search(cleaned)
    if match:
        op = match.group("op")
        kind = "at_least" if re.fullmatch(_AT_LEAST, op) else "at_most"
        num = match.group("num")
        value = _COUNT_WORDS[num] if num in _COUNT_WORDS else parse_number(num)
        return Interpretation(kind, {"value": value}, _int_year(year))
    if _ALL.search(cleaned):
        return Interpretation("at_least", {"value": 100.0}, _int_year(year))
    bare = _BARE.search(cleaned)
    if bare is None:
        return None
    if better is None:
        raise Unreadable("sheet.hint_bare_number")
    kind = "at_least" if better == "higher" else "at_most"
    return Interpretation(kind, {"value": parse_number(bare.group("num"))}, _int_year(year))


def _direction(low: str, better: str | None, year) -> Interpretation | None:
    up, down = bool(_UP.search(low)), bool(_DOWN.search(low))
    if not (up or down) and _IMPROVE.search(low):
        if better is None:
            raise Unreadable("sheet.hint_better_unknown")
        up, down = better == "higher", better == "lower"
    if not (up or down):
        return None
    if up and down:
        raise Unreadable("sheet.hint_both_directions")
    return Interpretation(
        "direction", {"direction": "increase" if up else "decrease"}, _int_year(year)
    )


def _milestone(low: str, _better, year) -> Interpretation | None:
    if not _MILESTONE.search(low):
        return None
    return Interpretation("milestone", {}, year)


def _followed(low: str, _better, _year) -> Interpretation | None:
    if not _FOLLOWED.search(low):
        return None
    fields = {}
    every = _EVERY.search(low)
    if every:
        fields["every_months"] = int(every.group(1))
    else:
        for pattern, months in _EVERY_WORDS:
            if pattern.search(low):
                fields["every_months"] = months
                break
    no_level = "tavoitetaso" in low or "x kpl" in low
    return Interpretation("followed", fields, None, no_level=no_level)


def interpret_mittari(text: str, better: str | None = None) -> Interpretation:
    """The target a mittari's own words imply when no target level is given: its words read
    as a target (Työttömyysasteen lasku → falls; Mallin hyväksyminen → a milestone; a short
    deliverable noun such as Viestintästrategia → a milestone), otherwise followed."""
    try:
        return interpret_target(text, better)
    except Unreadable:
        pass
    low = normalise(text)
    if _DOCUMENT.search(low) and not _COUNTS.search(low) and len(low.split()) <= 4:
        return Interpretation("milestone", {}, find_year(low))
    return Interpretation("followed")


def every_months_of(text: str | None) -> int | None:
    """A follow-up interval in words (Vuosittain → 12, 3–6 kk välein → 3), else None."""
    if not text:
        return None
    low = normalise(text)
    every = _EVERY.search(low)
    if every:
        return int(every.group(1))
    return next((m for pattern, m in _EVERY_WORDS if pattern.search(low)), None)


def _canonical_milestone(match: re.Match) -> Interpretation:
    fields: dict = {"description": match.group("d").strip()}
    if match.group("done"):
        fields["done_on"] = dt.date.fromisoformat(match.group("done"))
    return Interpretation("milestone", fields, None)


def _without_years(low: str) -> str:
    """The words with their deadline removed, so 2025 in 'vuoteen 2025' is not read as a level."""
    out = _DATE.sub(" ", low)
    out = _YEAR_CUE.sub(" ", out)
    last = _lone_year(out)
    return out[: last.start()] if last else out


def _int_year(year: int | dt.date | None) -> int | None:
    return year.year if isinstance(year, dt.date) else year


# --------------------------------------------------------------------------- canonical wording


def plain_number(value: float) -> str:
    """80.0 → '80', 0.5 → '0,5' (exact: the shortest repr, with a decimal comma)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value)).replace(".", ",")


def format_target(kind: str, fields: dict) -> str:
    """The canonical Finnish wording of a target (without its year), read back exactly."""
    if kind == "at_least":
        return f"vähintään {plain_number(fields['value'])}"
    if kind == "at_most":
        return f"enintään {plain_number(fields['value'])}"
    if kind == "direction":
        return "kasvaa" if fields["direction"] == "increase" else "laskee"
    if kind == "vs_peers":
        word = "korkeampi" if fields["relation"] == "at_least" else "matalampi"
        return f"sama tai {word} kuin verrokeilla"
    if kind == "milestone":
        done = fields.get("done_on")
        return f"valmis: {fields['description']}" + (
            f"; valmistui {done.isoformat()}" if done else ""
        )
    every = fields.get("every_months")
    return f"seurataan {every} kk välein" if every else "seurataan"
