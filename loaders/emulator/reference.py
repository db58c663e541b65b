"""The areas the emulator serves, read from `data/reference/*.csv`.

The emulator must answer for exactly the municipalities and regions the app knows, with the same
codes and Sotkanet ids, so a loader that maps codes at runtime (Sotkanet `/regions`) meets the
same mapping it will meet live. Read directly from the CSVs (stdlib only) so the emulator does not
depend on modules that other parts of the project are still writing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
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

    def __init__(self, reference_dir: Path = REFERENCE_DIR) -> None:
        self.country, self.regions = _read_regions(reference_dir / "regions.csv")
        self.municipalities = _read_municipalities(reference_dir / "municipalities.csv")

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


def _names(row: dict[str, str]) -> dict[str, str]:
    return {lang: row[f"name_{lang}"] or row["name_fi"] for lang in LANGS}


def _read_regions(path: Path) -> tuple[Area, list[Area]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    areas = [Area(row["code"], _names(row), int(row["sotkanet_id"])) for row in rows]
    country = next(a for a in areas if a.code == "SSS")
    return country, sorted((a for a in areas if a.code != "SSS"), key=lambda a: a.code)


def _read_municipalities(path: Path) -> list[Area]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    areas = [Area(row["code"], _names(row), int(row["sotkanet_id"]), row["region"]) for row in rows]
    return sorted(areas, key=lambda a: a.code)
