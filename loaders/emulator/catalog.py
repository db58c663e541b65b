"""What the emulator serves, derived from the indicator catalog.

The emulator answers only for the tables and indicators the catalog names, so every catalog entry
is fetchable and anything else gets the 404 / 400 the real service would give. One PxWeb table
may carry several catalog measures; they become the values of its content variable.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from loaders.emulator.synthetic import infer_kind
from mittaristo.config.model import Catalog, CatalogIndicator, PxWebSource, SotkanetSource

DEFAULT_CATALOG = Path(__file__).resolve().parents[2] / "indicators.yaml"

# Subject folder of StatFin tables (the json-stat2 `subject-code` and the content-code prefix the
# June 2026 change introduced, e.g. vaesto -> vaerak-vaesto). Tables not listed get "statfin".
SUBJECTS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(["11re", "11ra", "11rb", "11rc", "11s5"], ("vaerak", "Väestörakenne")),
    **dict.fromkeys(["11a2", "11a3", "11a7", "119z"], ("muutl", "Muuttoliike")),
    **dict.fromkeys(
        ["12r5", "12tg", "12tk", "12tt", "12tv", "12ti", "12te"], ("tyonv", "Työnvälitystilasto")
    ),
    **dict.fromkeys(["115h", "115j", "115x", "115b", "115u", "13d9"], ("tyokay", "Työssäkäynti")),
    "135z": ("tyti", "Työvoimatutkimus"),
    "12ml": ("kta", "Kuntatalous"),
    **dict.fromkeys(["117s", "11ix", "11lm", "11sl"], ("matk", "Majoitustilasto")),
    "11yq": ("aly", "Aloittaneet ja lopettaneet yritykset"),
}

# Other variables a catalog `selections` may name (by text or code), with their June 2026 codes.
TOTAL = {"fi": "Yhteensä", "sv": "Totalt", "en": "Total"}
KNOWN_VARIABLES: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    "Ikä": (
        "ikaryhma_10_20180101",
        {"fi": "Ikä", "sv": "Ålder", "en": "Age"},
        {"0-14": "0-14", "15-64": "15-64", "65-": "65-"},
    ),
    "Sukupuoli": (
        "sukupuoli_9_20180101",
        {"fi": "Sukupuoli", "sv": "Kön", "en": "Sex"},
        {"1": "Miehet", "2": "Naiset"},
    ),
    "Toimiala": (
        "toimiala_10_20080101",
        {"fi": "Toimiala", "sv": "Näringsgren", "en": "Industry"},
        {},
    ),
}
_CODE_LIKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*_\d+_\d{8}$")


@dataclass(frozen=True)
class Measure:
    """One value of a table's content variable (`Tiedot`)."""

    code: str  # as the catalog spells it: vaesto, M411
    live_code: str  # as the emulator serves it: vaerak-vaesto, M411
    label: dict[str, str]
    unit: dict[str, str]
    decimals: int
    kind: str  # synthetic.KINDS
    flow: bool  # sub-annual values are parts of the year's total (aggregate_to_year: sum)


@dataclass(frozen=True)
class Variable:
    """A non-region, non-time, non-content variable such as Ikä or Sukupuoli (eliminable)."""

    code: str
    texts: dict[str, str]
    values: tuple[str, ...]
    value_texts: dict[str, str]

    def value_text(self, value: str, lang: str) -> str:
        return TOTAL[lang] if value == "SSS" else self.value_texts.get(value, value)


@dataclass(frozen=True)
class Table:
    """One PxWeb table as the catalog needs it."""

    database: str
    path: str  # under the database: 11re.px, uusin/142h.px
    time: str  # "y", "q" or "m"
    measures: tuple[Measure, ...]
    extras: tuple[Variable, ...]

    @property
    def table_id(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".px")

    @property
    def statfin(self) -> bool:
        return self.database.lower().startswith("statfin")

    @property
    def subject(self) -> tuple[str, str]:
        if not self.statfin:
            return ("kuntien_avainluvut", "Kuntien avainluvut")
        folder = self.path.split("/")[0] if "/" in self.path else None
        return SUBJECTS.get(self.table_id, (folder or "statfin", "Tilastokeskus"))


@dataclass(frozen=True)
class SotkanetIndicator:
    id: int
    title: dict[str, str]
    unit: dict[str, str]
    decimals: int
    kind: str


def load_catalog(path: Path | None) -> Catalog:
    """The catalog at `path` (default: the project's indicators.yaml; empty if that is absent)."""
    if path is None and not DEFAULT_CATALOG.exists():
        print(f"emulator: {DEFAULT_CATALOG} not found, serving no tables", file=sys.stderr)
        return Catalog(version=1, indicators=[])
    with (path or DEFAULT_CATALOG).open(encoding="utf-8") as handle:
        return Catalog.model_validate(yaml.safe_load(handle))


def _texts(text) -> dict[str, str]:
    return {lang: text.get(lang) for lang in ("fi", "sv", "en")}


def _measure(ind: CatalogIndicator, src: PxWebSource, db: str, path: str) -> Measure:
    """The measure as served: StatFin codes get the subject prefix of June 2026 (vaerak-vaesto)."""
    subject = Table(db, path, "y", (), ()).subject[0]
    live = src.measure
    if db.lower().startswith("statfin") and "-" not in live:
        live = f"{subject}-{live}"
    kind = infer_kind(ind.name.fi, ind.unit.fi, src.measure)
    return Measure(
        src.measure,
        live,
        _texts(ind.name),
        _texts(ind.unit),
        ind.decimals,
        kind,
        src.aggregate_to_year == "sum",
    )


def _time_kind(ind: CatalogIndicator, src: PxWebSource) -> str:
    if ind.frequency == "monthly":
        return "m"
    return "q" if ind.frequency == "quarterly" or src.aggregate_to_year else "y"


def _variable(key: str, selected: list[str]) -> Variable:
    """The variable a selection key names (by text or code); unknown names get a made-up code."""
    known = [
        t for t, (c, _, _) in KNOWN_VARIABLES.items() if key in (t, c) or key.lower() == t.lower()
    ]
    if known:
        code, texts, value_texts = KNOWN_VARIABLES[known[0]]
    else:
        if _CODE_LIKE.match(key):
            code, text = key, key.split("_")[0].capitalize()
        else:
            code, text = f"{re.sub(r'[^a-z0-9]+', '', key.lower()) or 'muuttuja'}_1_20200101", key
        texts, value_texts = {"fi": text, "sv": text, "en": text}, {}
    values = [
        "SSS",
        *value_texts,
        *(v for v in selected if v not in value_texts and v not in ("SSS", "*")),
    ]
    return Variable(code, texts, tuple(values), value_texts)


def _merge_variable(old: Variable | None, new: Variable) -> Variable:
    if old is None:
        return new
    values = old.values + tuple(v for v in new.values if v not in old.values)
    return Variable(old.code, old.texts, values, old.value_texts)


def build_tables(catalog: Catalog) -> dict[tuple[str, str], Table]:
    """Every PxWeb table of the catalog keyed by (database, path), measures in catalog order."""
    parts: dict[tuple[str, str], dict] = {}
    for ind in catalog.indicators:
        src = ind.source
        if not isinstance(src, PxWebSource):
            continue
        key = (src.database.strip("/"), src.table.strip("/"))
        entry = parts.setdefault(key, {"time": _time_kind(ind, src), "measures": {}, "extras": {}})
        entry["measures"].setdefault(src.measure, _measure(ind, src, *key))
        for name, chosen in src.selections.items():
            var = _variable(name, [chosen] if isinstance(chosen, str) else list(chosen))
            entry["extras"][var.code] = _merge_variable(entry["extras"].get(var.code), var)
    return {
        key: Table(
            key[0], key[1], e["time"], tuple(e["measures"].values()), tuple(e["extras"].values())
        )
        for key, e in parts.items()
    }


def build_sotkanet(catalog: Catalog) -> dict[int, SotkanetIndicator]:
    """The catalog's Sotkanet indicators keyed by id (the first entry of an id names it)."""
    out: dict[int, SotkanetIndicator] = {}
    for ind in catalog.indicators:
        src = ind.source
        if isinstance(src, SotkanetSource) and src.indicator not in out:
            kind = infer_kind(ind.name.fi, ind.unit.fi, str(src.indicator))
            out[src.indicator] = SotkanetIndicator(
                src.indicator, _texts(ind.name), _texts(ind.unit), ind.decimals, kind
            )
    return out
