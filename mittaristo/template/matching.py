"""A mittari's wording → a catalog indicator, only where the match is clear.

Clear: the words of the mittari and of one catalog name or alias (indicators.yaml `aliases`)
are the same words up to Finnish inflection (Tietopyyntöjen määrät = Tietopyyntöjen määrä,
Työttömyysasteen lasku ⊇ työttömyysaste), with nothing else than generic count or direction
words left over, and no second indicator matches as well. Anything less — extra qualifiers
(Yöpymisten lukumäärä *seutukunnittain*), several indicators, or only a similar spelling — is
"unclear": the candidates are listed for a person to confirm; nothing is guessed silently.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from mittaristo.config.model import CatalogIndicator

# Words that name what is counted or how it moves, not which series: left over, they keep a
# match clear (Perustettujen yritysten *määrä*, Työttömyysasteen *lasku*).
GENERIC = frozenset(
    "määrä määrät lukumäärä kpl kehitys lasku laskee kasvu kasvaa nousu väheneminen vähentäminen "
    "lisääntyminen lisääminen osuus taso seuranta mittari kunnan kaupungin antal utveckling".split()
)
# Inflection endings, longest first (a light stemmer; compound words stay whole).
ENDINGS = tuple(
    sorted(
        "ssa ssä sta stä lla llä lta ltä lle ksi jen iden ien tten ten en in ja jä ta tä a ä t n".split(),
        key=len,
        reverse=True,
    )
)
FUZZY_CUTOFF = 0.75
MAX_CANDIDATES = 3


@dataclass(frozen=True)
class Match:
    """`clear` (indicator), `unclear` (candidates to confirm) or `none`."""

    kind: Literal["clear", "unclear", "none"]
    indicator: str | None = None
    candidates: tuple[str, ...] = ()


def words(text: str) -> list[str]:
    """Lower-case words without punctuation or parenthesised asides."""
    text = re.sub(r"\([^)]*\)", " ", text.lower())
    return re.findall(r"[0-9a-zåäöšž]+", text.replace("co2", "co2 "))


def stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def same_word(a: str, b: str) -> bool:
    """Two words are the same up to inflection: their stems share a prefix of ≥ 4 letters that
    covers ≥ 75 % of the shorter stem and leaves at most an ending (≤ 3 letters) of the longer
    (yritysten ~ yritykset, määrät ~ määrä; työpaikat ≁ työpaikkaomavaraisuus)."""
    if a == b:
        return True
    sa, sb = stem(a), stem(b)
    common = len(_common_prefix(sa, sb))
    shorter, longer = sorted((len(sa), len(sb)))
    return common >= 4 and common >= 0.75 * shorter and longer - common <= 3


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def names_of(indicator: CatalogIndicator) -> list[str]:
    """The wordings that name an indicator: its names (fi, sv, en), aliases and id."""
    out = [indicator.name.fi, indicator.id.replace("_", " ")]
    out += [n for n in (indicator.name.sv, indicator.name.en) if n]
    return out + list(getattr(indicator, "aliases", ()) or ())


def _covers(text_words: list[str], name_words: list[str]) -> tuple[bool, list[str]]:
    """Whether every word of the name is in the text, and the text's words left over."""
    left = list(text_words)
    for word in name_words:
        hit = next((w for w in left if same_word(w, word)), None)
        if hit is None:
            return False, []
        left.remove(hit)
    return True, left


def match_indicator(text: str, catalog: Iterable[CatalogIndicator]) -> Match:
    """The catalog indicator `text` names, if the match is clear (see the module docstring)."""
    mine = words(text)
    if not mine:
        return Match("none")
    exact: list[str] = []
    partial: list[str] = []
    scores: dict[str, float] = {}
    for ind in catalog:
        for name in names_of(ind):
            theirs = words(name)
            covered, left = _covers(mine, theirs) if theirs else (False, [])
            if covered and all(w in GENERIC for w in left):
                exact.append(ind.id)
            elif covered:
                partial.append(ind.id)
            ratio = difflib.SequenceMatcher(None, "".join(mine), "".join(theirs)).ratio()
            scores[ind.id] = max(scores.get(ind.id, 0.0), ratio)
    exact, partial = list(dict.fromkeys(exact)), list(dict.fromkeys(partial))
    if len(exact) == 1:
        return Match("clear", exact[0])
    if exact or partial:
        return Match("unclear", candidates=tuple((exact or partial)[:MAX_CANDIDATES]))
    close = sorted((s, i) for i, s in scores.items() if s >= FUZZY_CUTOFF)[::-1]
    if close:
        return Match("unclear", candidates=tuple(i for _, i in close[:MAX_CANDIDATES]))
    return Match("none")
