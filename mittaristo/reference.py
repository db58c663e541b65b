"""Municipality and region reference lists (data/reference/*.csv): codes and names."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"


@dataclass(frozen=True)
class Area:
    code: str  # KU111, MK07, SSS
    name_fi: str
    name_sv: str
    name_en: str
    region: str | None  # the maakunta of a municipality
    sotkanet_id: int | None

    def name(self, lang: str) -> str:
        return {"sv": self.name_sv, "en": self.name_en}.get(lang) or self.name_fi


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def municipalities() -> dict[str, Area]:
    """Every municipality by code (KU…)."""
    rows = _read(REFERENCE_DIR / "municipalities.csv")
    return {
        r["code"]: Area(
            r["code"], r["name_fi"], r["name_sv"], r["name_en"], r["region"] or None,
            int(r["sotkanet_id"]) if r["sotkanet_id"] else None,
        )
        for r in rows
    }  # fmt: skip


@cache
def regions() -> dict[str, Area]:
    """The whole country (SSS) and the regions (MK…)."""
    rows = _read(REFERENCE_DIR / "regions.csv")
    return {
        r["code"]: Area(
            r["code"], r["name_fi"], r["name_sv"], r["name_en"], None,
            int(r["sotkanet_id"]) if r["sotkanet_id"] else None,
        )
        for r in rows
    }  # fmt: skip


def area_name(code: str, lang: str = "fi") -> str:
    """A readable name for any region code; the code itself when unknown."""
    area = municipalities().get(code) or regions().get(code)
    return area.name(lang) if area else code
