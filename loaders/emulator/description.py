"""What the emulator serves: its own description (`description.yaml`), never the catalog.

The PxWeb tables and Sotkanet indicators are those of `description.yaml`, which copies the
recorded real responses in ../shared/fixtures where they exist and says per table what was
described from public documents instead (unconfirmed). A catalog entry naming a table, content
code or indicator that the description lacks therefore fails against the emulator as it would
against the live service — the point of `check-live` and of the refresh tests. Regenerate the
file with `scripts/build_emulator_description.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from loaders.emulator.synthetic import infer_kind

DEFAULT_DESCRIPTION = Path(__file__).with_name("description.yaml")
LANGS = ("fi", "sv", "en")
TOTAL = {"fi": "Yhteensä", "sv": "Totalt", "en": "Total"}
# Texts of the roles in sv/en (the recordings are in Finnish; the service translates them).
ROLE_TEXTS = {
    "geo": {"sv": "Område", "en": "Area"},
    "metric": {"sv": "Uppgifter", "en": "Information"},
    "y": {"sv": "År", "en": "Year"},
    "q": {"sv": "Kvartal", "en": "Quarter"},
    "m": {"sv": "Månad", "en": "Month"},
}
OTHER_TEXTS = {
    "Ikä": {"sv": "Ålder", "en": "Age"},
    "Sukupuoli": {"sv": "Kön", "en": "Sex"},
    "Toimiala": {"sv": "Näringsgren", "en": "Industry"},
    "Asuinmaa": {"sv": "Bosättningsland", "en": "Country of residence"},
}


@dataclass(frozen=True)
class Measure:
    """One value of a table's content variable, as the table serves it."""

    code: str  # as served: vaerak-vaesto, M411, AVPAIKATLOPUSSA
    label: dict[str, str]
    unit: dict[str, str]
    decimals: int
    kind: str  # synthetic.KINDS (the emulator's value model, not evidence)
    flow: bool  # sub-annual values are parts of the year's total


@dataclass(frozen=True)
class Variable:
    """One variable of a table in table order; `role` geo / time / metric or None."""

    code: str
    texts: dict[str, str]
    role: str | None = None
    elimination: bool = False
    values: tuple[str, ...] = ()
    value_texts: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()  # geo: SSS / MK / KU
    total: str | None = None  # geo: the country's text where recorded (11re: KOKO MAA)
    names: dict[str, str] = field(default_factory=dict)  # geo: recorded texts that differ
    step: str = "y"  # time: y / q / m
    first: int | None = None  # time: the table's own first/last year, where known
    last: int | None = None

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts["fi"]

    def value_text(self, value: str, lang: str) -> str:
        if value == "SSS" and lang != "fi":
            return TOTAL[lang]
        return dict(zip(self.values, self.value_texts, strict=True)).get(value, value)


@dataclass(frozen=True)
class Table:
    """One PxWeb table of the description."""

    database: str
    path: str  # under the database: vaerak/11re.px, uusin/142h.px
    variables: tuple[Variable, ...]
    measures: tuple[Measure, ...]
    metadata: str  # where its metadata came from: "recorded: …" or "described from …"
    title: str = ""
    description: str = ""
    subject: tuple[str, str] = ("statfin", "Tilastokeskus")
    source: str = ""
    updated: str | None = None
    also_at: tuple[str, ...] = field(default=())

    @property
    def table_id(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".px")

    @property
    def statfin(self) -> bool:
        return self.database.lower().startswith("statfin")

    def role(self, role: str) -> Variable:
        return next(v for v in self.variables if v.role == role)

    @property
    def time(self) -> str:
        return self.role("time").step

    @property
    def extras(self) -> tuple[Variable, ...]:
        return tuple(v for v in self.variables if v.role is None)

    @property
    def recorded(self) -> bool:
        return self.metadata.startswith("recorded:")


@dataclass(frozen=True)
class SotkanetIndicator:
    id: int
    title: dict[str, str]
    unit: dict[str, str]
    decimals: int
    kind: str
    organization: dict
    value_type: str = "COUNT"
    last: int | None = None  # the last year the indicator has, where known


@dataclass(frozen=True)
class Description:
    tables: dict[tuple[str, str], Table]  # (database, path) -> table; aliases included
    sotkanet: dict[int, SotkanetIndicator]
    sotkanet_metadata: str


def _langs(text: str | dict, role: str | None = None) -> dict[str, str]:
    if isinstance(text, dict):
        return {k: str(v) for k, v in text.items()}
    extra = ROLE_TEXTS.get(role or "", OTHER_TEXTS.get(text, {}))
    return {"fi": text, **extra}


def _variable(raw: dict) -> Variable:
    role = raw.get("role")
    pairs = raw.get("values") or []
    return Variable(
        code=str(raw["code"]),
        texts=_langs(raw["text"], raw.get("step") if role == "time" else role),
        role=role,
        elimination=bool(raw.get("elimination")),
        values=tuple(str(p[0]) for p in pairs),
        value_texts=tuple(str(p[1]) for p in pairs),
        levels=tuple(raw.get("levels") or ()),
        total=raw.get("total"),
        names={str(k): str(v) for k, v in (raw.get("names") or {}).items()},
        step=str(raw.get("step", "y")),
        first=raw.get("first"),
        last=raw.get("last"),
    )


def _measure(raw: dict) -> Measure:
    label, unit = str(raw["label"]), str(raw.get("unit") or "")
    return Measure(
        code=str(raw["code"]),
        label=_langs(label),
        unit=_langs(unit),
        decimals=int(raw.get("decimals", 0)),
        kind=str(raw.get("kind") or infer_kind(label, unit, str(raw["code"]))),
        flow=bool(raw.get("flow")),
    )


def _table(raw: dict) -> Table:
    return Table(
        database=str(raw["database"]),
        path=str(raw["path"]),
        variables=tuple(_variable(v) for v in raw["variables"]),
        measures=tuple(_measure(m) for m in raw["contents"]),
        metadata=str(raw["metadata"]),
        title=str(raw.get("title") or ""),
        description=str(raw.get("description") or ""),
        subject=tuple(raw.get("subject") or ("statfin", "Tilastokeskus")),
        source=str(raw.get("source") or ""),
        updated=raw.get("updated"),
        also_at=tuple(raw.get("also_at") or ()),
    )


def _sotkanet(raw: dict) -> SotkanetIndicator:
    return SotkanetIndicator(
        id=int(raw["id"]),
        title=_langs(raw["title"]),
        unit=_langs(str(raw.get("unit") or "")),
        decimals=int(raw.get("decimals", 0)),
        kind=str(raw["kind"]),
        organization=dict(raw["organization"]),
        value_type=str(raw.get("value_type") or "COUNT"),
        last=raw.get("last"),
    )


@lru_cache(maxsize=4)
def load_description(path: Path | None = None) -> Description:
    """The emulator's description (default: the committed `description.yaml`)."""
    with (path or DEFAULT_DESCRIPTION).open(encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    tables: dict[tuple[str, str], Table] = {}
    for raw in doc.get("pxweb") or []:
        table = _table(raw)
        for where in (table.path, *table.also_at):
            tables[(table.database, where)] = table
    sotka = doc.get("sotkanet") or {}
    indicators = {i.id: i for i in map(_sotkanet, sotka.get("indicators") or [])}
    return Description(tables, indicators, str(sotka.get("metadata") or ""))
