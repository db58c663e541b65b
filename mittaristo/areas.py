"""Region resolution for imported files: only Finnish areas the reference classification knows.

A region cell is a code with or without its prefix (`KU091`, `091`, `MK07`, `07` in a
maakunta dimension, `HVA09`, `SSS`), a code followed by its name (`KU091 Helsinki`), or a name
in Finnish or Swedish (`Helsinki`, `Helsingfors`, `Koko maa`, `Hela landet`). Anything else —
another country's regions (Norway's `001`…`011`), postal areas, unknown codes — is refused by
the caller, naming the dimension and a few values. Municipalities merged since 2017 keep their
old code (a 2017 table of Juankoski is Juankoski's data, not Kuopio's).
"""

from __future__ import annotations

import re
from functools import cache

from mittaristo.reference import area, mergers, municipalities, regions, wellbeing_counties

WHOLE_COUNTRY = "SSS"
_CODE = re.compile(r"^(KU|MK|HVA|SSS)?\s*(\d{1,3})?\b\s*(.*)$", re.IGNORECASE)
# Dimension names (fi, sv, en) that hold regions; the prefix tells what kind a bare code is.
REGION_DIMENSIONS = {
    "alue": "", "kunta": "KU", "kommun": "KU", "municipality": "KU", "område": "",
    "area": "", "region": "", "maakunta": "MK", "landskap": "MK",
    "hyvinvointialue": "HVA", "välfärdsområde": "HVA", "wellbeing services county": "HVA",
}  # fmt: skip


@cache
def known_codes() -> frozenset[str]:
    """Every code the store accepts as a region: today's areas and merged municipalities."""
    return (
        frozenset(municipalities())
        | frozenset(regions())
        | frozenset(wellbeing_counties())
        | frozenset(mergers())
    )


@cache
def _names() -> dict[str, str]:
    """Lower-case fi/sv/en names of today's areas and merged municipalities → code."""
    out: dict[str, str] = {}
    for group in (wellbeing_counties(), regions(), municipalities()):
        for code, place in group.items():
            for name in (place.name_fi, place.name_sv, place.name_en):
                out[_key(name)] = code
    for code, merger in mergers().items():
        out.setdefault(_key(merger.old_name), code)
    out["whole country"] = out["suomi"] = out["finland"] = WHOLE_COUNTRY
    return out


def _key(name: str) -> str:
    """A name as looked up: lower case, runs of spaces one (the classification's Swedish names
    carry trailing spaces, 'Norra Savolax välfärdsområde ', 'Gustav Adolfs  ')."""
    return " ".join(name.split()).lower()


def dimension_kind(name: str) -> str | None:
    """The prefix a bare code of this dimension takes ('' unknown, KU, MK, HVA); None: not a
    region dimension by its name."""
    low = name.strip().lower()
    for key, prefix in REGION_DIMENSIONS.items():
        if low == key or low.startswith(key + " ") or low.startswith(key + "_"):
            return prefix
    return None


def resolve_region(cell: object, kind: str = "") -> str | None:
    """The stored code of one region cell, or None when it is not a known Finnish area."""
    text = str(cell).strip()
    if not text:
        return None
    by_name = _names().get(_key(text))
    if by_name:
        return by_name
    match = _CODE.match(text)
    if not match or not (match[1] or match[2]):
        return None
    prefix, digits, rest = (match[1] or "").upper(), match[2], match[3]
    if prefix == WHOLE_COUNTRY:
        code = WHOLE_COUNTRY if not digits else None
    elif prefix:
        code = f"{prefix}{_pad(prefix, digits)}" if digits else None
    elif digits and kind in ("KU", ""):
        code = f"KU{digits}" if len(digits) == 3 else None
    elif digits:
        code = f"{kind}{_pad(kind, digits)}"
    else:
        code = None
    if code not in known_codes():
        return None
    if rest and _key(rest) not in _spellings(code):
        return None  # a code with another name (Norway's "005 Halden"): not this area
    return code


@cache
def _spellings(code: str) -> frozenset[str]:
    """Lower-case names a label may give after the code (fi, sv, en, 'fi - sv')."""
    found = area(code)
    if found is None:
        merged = mergers().get(code)
        return frozenset({_key(merged.old_name)} if merged else set())
    fi, sv, en = _key(found.name_fi), _key(found.name_sv), _key(found.name_en)
    return frozenset({fi, sv, en, f"{fi} - {sv}", f"{fi}-{sv}", f"{fi} / {sv}", f"{fi}/{sv}"})


def _pad(prefix: str, digits: str | None) -> str:
    return (digits or "").zfill(3 if prefix == "KU" else 2)


def is_known_region(code: object) -> bool:
    """Whether the store may keep this region code."""
    return isinstance(code, str) and code in known_codes()


_FINLAND = re.compile(
    r"\b(suomi|suomen|finland|finlands|koko maa|hela landet|whole country|tilastokeskus|"
    r"statistics finland|statistikcentralen|thl|sotkanet)\b",
    re.IGNORECASE,
)
# Another country named in its own language or in English ("Befolkning i Sverige och Finland"):
# a table without regions that also speaks of it is not Finland's whole country. Finnish
# names (Ruotsi, Norja) are left out: a Finnish table on migration to Sweden is still Finnish.
_ABROAD = re.compile(
    r"\b(sverige|sweden|norge|noreg|norway|danmark|denmark|ísland|iceland|grønland|"
    r"greenland|kalaallit|føroyar|faroe|eesti|estonia|españa|spain|deutschland|germany|"
    r"united kingdom|statistiska centralbyrån|scb|ssb|statistisk sentralbyrå)\b",
    re.IGNORECASE,
)


# Area classifications the store does not keep (only municipalities, maakunnat, wellbeing
# services counties and the whole country): a table by one of them has no region dimension
# we know, and must not become Finland's whole country with the areas as a dimension.
_OTHER_AREAS = {
    "sub-regions (seutukunta)": r"seutukun|ekonomisk region|sub-region",
    "major regions (suuralue)": r"suuralue|storområde|major region",
    "electoral districts (vaalipiiri)": r"vaalipiiri|valkrets|electoral district",
    "ELY centre areas": r"ely-keskus|ely centre|närings-, trafik",
    "postal code areas": r"posti|postnummer|postal|zip",
    "districts of a town (kaupunginosa, peruspiiri)": r"kaupunginosa|peruspiiri|stadsdel",
}
_OTHER_AREA = re.compile(
    "|".join(f"(?P<k{i}>{rx})" for i, rx in enumerate(_OTHER_AREAS.values())), re.IGNORECASE
)


def other_area_kind(name: str) -> str | None:
    """What kind of areas a dimension named `name` holds when it is an area classification the
    store does not keep ('sub-regions (seutukunta)'), else None."""
    found = _OTHER_AREA.search(name)
    if found is None or found.lastgroup is None:
        return None
    return list(_OTHER_AREAS)[int(found.lastgroup[1:])]


def says_finland(text: str) -> bool:
    """Whether a file's own words (title, source, notes) say it is about Finland: only then is
    a table without a region dimension Finland's whole country (SSS)."""
    return _FINLAND.search(text) is not None and _ABROAD.search(text) is None


def few(values: list[str], n: int = 5) -> str:
    """The first few values and how many more, for a message."""
    shown = ", ".join(repr(v) for v in values[:n])
    return shown + (f" and {len(values) - n} more" if len(values) > n else "")
