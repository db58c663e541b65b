"""A starter strategy for any current municipality (`python -m loaders new-town KU091`).

Everything a valid strategy file needs, defaulted the way the shipped towns are written: the
strategy period and the review dates from the council term, the peer group from the similarity
measure, and one goal per common theme with the common municipal key figures of the catalog
as `followed` mittarit. The town replaces the starter goals with its own (the template and
`import-strategy`); the defaults are printed and marked in the file's header.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from mittaristo.formatting import format_date
from mittaristo.i18n import LANGS, t

# Municipal council terms (valtuustokausi): 1.8.2021–31.5.2025 (the 2021 election was moved to
# June), since then four years from 1 June (Kuntalaki 410/2015, 2025 election on 13.4.2025).
FIRST_REGULAR_TERM = 2025
TERM_YEARS = 4
EARLIER_TERMS = (
    (dt.date(2017, 6, 1), dt.date(2021, 7, 31)),
    (dt.date(2021, 8, 1), dt.date(2025, 5, 31)),
)
MID_TERM_REVIEW = (11, 30)  # the shipped strategies' placeholder: with the autumn budget round

# The common municipal key figures, grouped as strategies group them (catalog ids).
STARTER_GOALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("population", ("vakiluku", "nettomuutto_kuntien_valinen", "tyoikaisten_nettomuutto")),
    ("work", ("tyollisyysaste", "tyottomat_pct_tyovoimasta", "tyopaikat", "tyopaikkaomavaraisuus")),
    ("finance", ("vuosikate_per_asukas", "lainakanta_per_asukas")),
    ("climate", ("co2_paastot_per_asukas",)),
)
GOAL_IDS = {"population": "vaesto-ja-vetovoima", "work": "tyo-ja-elinkeinot",
            "finance": "talous", "climate": "ilmasto"}  # fmt: skip
FOLLOW_EVERY_MONTHS = 12


@dataclass(frozen=True)
class Term:
    start: dt.date
    end: dt.date


def council_term(today: dt.date) -> Term:
    """The council term that `today` falls in."""
    for start, end in EARLIER_TERMS:
        if start <= today <= end:
            return Term(start, end)
    if today < EARLIER_TERMS[0][0]:
        raise ValueError(f"no council term known before {EARLIER_TERMS[0][0]}")
    first = dt.date(FIRST_REGULAR_TERM, 6, 1)
    n = (today.year - FIRST_REGULAR_TERM - (today < dt.date(today.year, 6, 1))) // TERM_YEARS
    start = first.replace(year=FIRST_REGULAR_TERM + n * TERM_YEARS)
    return Term(start, dt.date(start.year + TERM_YEARS, 5, 31))


def default_period(term: Term) -> tuple[int, int]:
    """A council-term strategy runs from the year after the election to the term's last year
    (Kemi 2022–2025, Pieksämäki's plan 2022–2025 for the term 2021–2025)."""
    return term.start.year + 1, term.end.year


def default_reviews(period: tuple[int, int], term: Term, today: dt.date) -> dict:
    """Adoption today (the file is made once the strategy is adopted; change it to the
    decision's date), the mid-term review halfway through the term, the end review at the end
    of the period's last year — the convention of the shipped strategies."""
    halfway = term.start + (term.end - term.start) / 2
    mid = dt.date(halfway.year, *MID_TERM_REVIEW)
    end = dt.date(period[1], 12, 31)
    reviews = {"adoption": min(today, end)}
    if reviews["adoption"] <= mid <= end:
        reviews["mid_term"] = mid
    reviews["end"] = end
    return reviews


def town_slug(name: str) -> str:
    """The town id used in links and file names: Mänttä-Vilppula → mantta-vilppula."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug or "kunta"


def starter_goals(catalog: dict, lang_names: Collection[str] = LANGS) -> list[dict]:
    """One goal per theme with its catalog key figures as `followed` mittarit (only ids the
    catalog has; mittari text = the catalog's Finnish name)."""
    goals = []
    for key, ids in STARTER_GOALS:
        uses = [_starter_use(catalog[i]) for i in ids if i in catalog]
        if uses:
            name = {lang: t(f"towns.goal_{key}", lang) for lang in lang_names}
            goals.append({"id": GOAL_IDS[key], "name": name, "indicators": uses})
    return goals


def _starter_use(indicator) -> dict:
    return {
        "id": indicator.id.replace("_", "-"),
        "text": indicator.name.fi,
        "indicator": indicator.id,
        "target": {"kind": "followed", "every_months": FOLLOW_EVERY_MONTHS},
    }


def starter_strategy(
    *,
    code: str,
    slug: str,
    names: dict[str, str],
    period: tuple[int, int],
    reviews: dict,
    peers: Sequence[str],
    catalog: dict,
) -> dict:
    """The strategy file's data, keys in the order the shipped files use."""
    span = f"{period[0]}–{period[1]}"
    return {
        "town": slug,
        "municipality": code,
        "name": dict(names),
        "title": {lang: t("towns.title", lang, town=names[lang], period=span) for lang in LANGS},
        "documents": [{"title": t("towns.document", "fi", town=names["fi"], period=span)}],
        "period": {"start": period[0], "end": period[1]},
        "reviews": reviews,
        "peers": list(peers),
        "goals": starter_goals(catalog),
    }


def resolve_municipality(text: str, lang: str = "fi") -> tuple[str | None, str]:
    """(today's code, "") for KU091, 091, 91 or a name (Helsinki, Helsingfors); (None, hint)
    for a merged, unknown or malformed one — the hint names the successor or close matches."""
    from mittaristo import reference
    from mittaristo.config.checks import close_matches

    known = reference.municipalities()
    raw = text.strip()
    digits = raw[2:] if raw.upper().startswith("KU") else raw
    if digits.isdigit() and len(digits) <= 3:
        code = f"KU{int(digits):03d}"
        if code in known:
            return code, ""
        merged = reference.mergers().get(code)
        if merged is not None:
            return None, t("towns.merged", lang, old=merged.old_name, code=code,
                           new=merged.new_name, new_code=merged.new_code,
                           date=format_date(merged.valid_from, lang))  # fmt: skip
        return None, t("towns.unknown_code", lang, code=code)
    by_name = {n.lower(): c for c, a in known.items() for n in (a.name_fi, a.name_sv)}
    if raw.lower() in by_name:
        return by_name[raw.lower()], ""
    names = close_matches(raw, [a.name_fi for a in known.values()])
    found = ", ".join(f"{n} ({by_name[n.lower()]})" for n in names)
    return None, t("towns.unknown_name", lang, name=raw, matches=found or "–")
