"""The areas the emulator serves: today's classification from `mittaristo.reference`.

The emulator must answer for exactly the municipalities and regions the app knows, with the same
codes and Sotkanet ids, so a loader that maps codes at runtime (Sotkanet `/regions`) meets the
same mapping it will meet live.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from mittaristo import reference

LANGS = ("fi", "sv", "en")


@dataclass(frozen=True)
class Area:
    """One region of any level: `SSS` (country), `MK07` (maakunta) or `KU111` (municipality)."""

    code: str
    names: dict[str, str]
    sotkanet_id: int
    parent: str | None = None  # the MK code of a municipality

    @property
    def level(self) -> str:
        """Sotkanet's category name for the level."""
        if self.code == "SSS":
            return "MAA"
        return "MAAKUNTA" if self.code.startswith("MK") else "KUNTA"

    @property
    def number(self) -> str:
        """The code without prefix as other services spell it: `111`, `07`, `358` for the country."""
        return "358" if self.code == "SSS" else self.code[2:]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["fi"]


class Geography:
    """Country, maakunnat and municipalities in the order PxWeb lists them (SSS, MK.., KU..)."""

    def __init__(self) -> None:
        self.country, self.regions = _regions()
        self.municipalities = _municipalities()

    @cached_property
    def areas(self) -> list[Area]:
        return [self.country, *self.regions, *self.municipalities]

    @cached_property
    def by_code(self) -> dict[str, Area]:
        return {area.code: area for area in self.areas}

    @cached_property
    def by_sotkanet_id(self) -> dict[int, Area]:
        return {area.sotkanet_id: area for area in self.areas}

    def members(self, code: str) -> list[Area]:
        """Municipalities inside an area (all of them for SSS), used to make sums add up."""
        if code == "SSS":
            return self.municipalities
        return [m for m in self.municipalities if m.parent == code or m.code == code]


def _names(area: reference.Area) -> dict[str, str]:
    return {lang: area.name(lang) for lang in LANGS}


def _regions() -> tuple[Area, list[Area]]:
    areas = [Area(a.code, _names(a), a.sotkanet_id or 0) for a in reference.regions().values()]
    country = next(a for a in areas if a.code == "SSS")
    return country, sorted((a for a in areas if a.code != "SSS"), key=lambda a: a.code)


def _municipalities() -> list[Area]:
    areas = [
        Area(a.code, _names(a), a.sotkanet_id or 0, a.region)
        for a in reference.municipalities().values()
    ]
    return sorted(areas, key=lambda a: a.code)
