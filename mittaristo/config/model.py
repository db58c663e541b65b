"""Typed model of the configuration: the indicator catalog and one strategy per town.

The YAML files are data; this module is their schema. Everything is validated before any
network call, and nothing that carries meaning has a silent default (e.g. `better` is required).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MUNICIPALITY_CODE = re.compile(r"^KU\d{3}$")
REGION_CODE = re.compile(r"^(KU\d{3}|MK\d{2}|SSS)$")
ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"


class Strict(BaseModel):
    """Base: unknown keys are errors, values are not coerced across types. The validators are
    built on first use (defer_build): a server whose configuration comes from the cache
    (mittaristo.config.cache) never validates one, and building them was ~0.1 s of its start."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)


class Text(Strict):
    """A text in the three UI languages. Finnish is required; sv/en fall back to Finnish."""

    fi: str = Field(min_length=1)
    sv: str | None = None
    en: str | None = None

    def get(self, lang: str) -> str:
        return getattr(self, lang, None) or self.fi

    @model_validator(mode="after")
    def _not_three_in_one(self) -> Text:
        if re.search(r",\s*(sv|en):\s", self.fi):
            raise ValueError(
                "the Finnish text contains 'sv:'/'en:' — the three languages were written as one "
                "quoted text; write {fi: …, sv: …, en: …} without quotes around the whole"
            )
        return self


# --------------------------------------------------------------------------- catalog


class PxWebSource(Strict):
    """A content code of a PxWeb v1 table (StatFin or Kuntien avainluvut)."""

    kind: Literal["pxweb"]
    database: str = Field(min_length=1, description="e.g. StatFin, Kuntien_avainluvut")
    table: str = Field(
        min_length=1,
        description="path under the database, e.g. matk/11sl.px or uusin/142h.px",
    )
    measure: str = Field(
        min_length=1,
        description="content code; matched also when the live code carries a prefix (vaesto ~ vaerak-vaesto)",
    )
    selections: dict[str, str | list[str]] = Field(
        default_factory=dict,
        description="fixed values of the other variables, keyed by variable text or code (Ikä: SSS)",
    )
    sum_over: list[str] = Field(
        default_factory=list,
        description="variables (text or code) whose selected values are added up, e.g. Ikä 15-19…60-64",
    )
    aggregate_to_year: Literal["sum", "mean", "last"] | None = None
    confirmed: bool = Field(description="false where data-sources.md marks the code [U]/[Q]")
    note: str | None = None

    @model_validator(mode="after")
    def _summed_variables_are_selected(self) -> PxWebSource:
        missing = [v for v in self.sum_over if v not in self.selections]
        if missing:
            raise ValueError(f"sum_over names {missing}, which selections does not fix")
        return self


class SotkanetSource(Strict):
    kind: Literal["sotkanet"]
    indicator: int = Field(gt=0)
    gender: Literal["total", "male", "female"] = "total"
    confirmed: bool
    note: str | None = None


class SykeSource(Strict):
    """SYKE ALas municipal greenhouse-gas emissions (per-municipality CSV download files)."""

    kind: Literal["syke"]
    measure: Literal["total", "hinku", "hinku_credits"] = Field(
        description="total: all ALas emissions; hinku: SYKE's default frame 'Hinku-laskenta ilman "
        "päästöhyvityksiä'; hinku_credits: 'Hinku-laskenta päästöhyvityksillä'"
    )
    per_resident: bool
    population: str | None = Field(
        default=None,
        description="catalog id of Statistics Finland's population series (per_resident: "
        "emissions of a year ÷ that year's population)",
    )
    confirmed: bool
    note: str | None = None

    @model_validator(mode="after")
    def _population(self) -> SykeSource:
        if self.per_resident and not self.population:
            raise ValueError("per_resident needs population (the catalog id of the population)")
        return self


class KuntatalousTerm(Strict):
    """One reported key figure (tunnusluku) of a State Treasury document, added with a sign."""

    code: str = Field(pattern=r"^\d{1,9}$", description="taxonomy number, e.g. 1400 (vuosikate)")
    sign: Literal[1, -1] = 1
    label: str | None = Field(default=None, description="the taxonomy's name (for people)")


class KuntatalousSource(Strict):
    """The State Treasury's municipal-economy data (Valtiokonttori, Kuntatalouden tietopalvelu).

    The REST catalogue (`/rest/v1/json/aineistot`) lists each reported document; its facts are
    `tunnusluku` → `arvo` rows. The value is Σ sign × arvo over `terms`; with `denominator`
    it is 100 × terms / denominator (a percentage); with `per_resident` it is divided by the
    population indicator of the same region and year (Statistics Finland, year end).
    """

    kind: Literal["kuntatalous"]
    package: str = Field(
        pattern=r"^[A-Z]{3,6}$",
        description="reporting package (raportointikokonaisuus), e.g. KKNR (kunnan tilinpäätös)",
    )
    entity: Literal["municipality", "group"] = Field(
        description="the municipality's own accounts or the group (konserni)"
    )
    terms: list[KuntatalousTerm] = Field(
        description="empty only while no code is known (confirmed false; the loader says so)"
    )
    denominator: list[KuntatalousTerm] = Field(default_factory=list)
    per_resident: bool
    population: str | None = Field(
        default=None, description="catalog id of the population series (per_resident)"
    )
    definition: str = Field(min_length=1, description="the State Treasury's definition")
    confirmed: bool
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> KuntatalousSource:
        if self.per_resident and not self.population:
            raise ValueError("per_resident needs population (the catalog id of the population)")
        if self.per_resident and self.denominator:
            raise ValueError("a ratio (denominator) is not also per resident")
        if not self.terms and self.confirmed:
            raise ValueError("no terms (key-figure codes) can only be confirmed: false")
        return self


class ManualSource(Strict):
    """Entered by hand (survey, internal record, no open series)."""

    kind: Literal["manual"]
    entered_by: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class DerivedSource(Strict):
    """Computed from other catalog indicators after loading."""

    kind: Literal["derived"]
    op: Literal["yoy_change_pct", "ratio_pct"]
    of: str = Field(description="catalog id (numerator for ratio_pct)")
    denominator: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _ratio_needs_denominator(self) -> DerivedSource:
        if self.op == "ratio_pct" and not self.denominator:
            raise ValueError("op ratio_pct needs a denominator (a catalog id)")
        return self


Source = Annotated[
    PxWebSource | SotkanetSource | SykeSource | KuntatalousSource | ManualSource | DerivedSource,
    Field(discriminator="kind"),
]

SourceT = TypeVar("SourceT", bound="Strict")

AUTOMATIC_KINDS = frozenset({"pxweb", "sotkanet", "syke", "kuntatalous", "derived"})


class SeriesStatus(Strict):
    """Whether the source still publishes the series, checked against the evidence in
    data-sources.md §0a: a discontinued series is shown as ended, never judged against a target
    it can no longer answer."""

    state: Literal["current", "discontinued", "unconfirmed"]
    last_period: str | None = Field(
        default=None, description="the series' last published period (discontinued: required)"
    )
    successor: str | None = Field(
        default=None, description="a catalog id or a named series that replaces it"
    )
    evidence: str | None = Field(
        default=None, description="where the state is shown (URL, repo:path)"
    )

    @model_validator(mode="after")
    def _ended_needs_evidence(self) -> SeriesStatus:
        """A discontinued series names where the end is announced; `last_period` once it has
        ended (an announced end without a known last period is still published and judged)."""
        if self.state == "discontinued" and not self.evidence:
            raise ValueError("a discontinued series needs evidence (the notice that ends it)")
        return self

    @property
    def end_year(self) -> int | None:
        """The year of the last period of a discontinued series (None while it is published)."""
        if self.state != "discontinued" or not self.last_period:
            return None
        return int(self.last_period[:4])


class CatalogIndicator(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: Text
    unit: Text
    better: Literal["higher", "lower"]
    decimals: int = Field(ge=0, le=6)
    frequency: Literal["yearly", "quarterly", "monthly", "irregular"]
    lag_months: int = Field(
        ge=0, le=60, description="typical delay from the period's end to publication"
    )
    cadence_months: int | None = Field(
        default=None,
        ge=1,
        le=120,
        description="months between two values when the frequency does not say (a biennial survey: 24)",
    )
    source: Source
    interpretation: Text | None = None
    license: str = Field(min_length=1)
    aliases: list[str] = Field(
        default_factory=list,
        description="other wordings strategies use for it (import-strategy matches them)",
    )
    series: SeriesStatus | None = Field(
        default=None, description="automatic series: current / discontinued / unconfirmed"
    )

    @property
    def series_state(self) -> str:
        """current / discontinued / unconfirmed; an automatic series that states none is
        unconfirmed (a manual one is the town's own and has no source series)."""
        return self.series.state if self.series else "unconfirmed"

    @property
    def is_automatic(self) -> bool:
        return self.source.kind in AUTOMATIC_KINDS

    def source_as(self, kind: type[SourceT]) -> SourceT:
        """The source as the kind a loader handles (a loader given another kind is a bug)."""
        if not isinstance(self.source, kind):
            raise TypeError(f"{self.id}: source kind {self.source.kind!r} is not {kind.__name__}")
        return self.source


class Catalog(Strict):
    version: Literal[1]
    indicators: list[CatalogIndicator]

    def by_id(self) -> dict[str, CatalogIndicator]:
        return {ind.id: ind for ind in self.indicators}


# --------------------------------------------------------------------------- targets


class _TargetBase(Strict):
    text: str | None = Field(default=None, description="the target level as the document words it")
    provenance: Provenance | None = None
    assumed: str | None = Field(
        default=None,
        description="why a level or year that the document does not state is used (shown as assumed)",
    )


class ValueTarget(_TargetBase):
    """A value by a year: at_least 80 (%) by 2025. No `by` = the document gives no year (judged at
    the end of the strategy period, and the verdict says it rests on that interpretation)."""

    kind: Literal["at_least", "at_most"]
    value: float
    by: int | None = Field(default=None, ge=1990, le=2100)


class DirectionTarget(_TargetBase):
    """Falling or rising from the baseline (laskeva / kasvaa)."""

    kind: Literal["direction"]
    direction: Literal["increase", "decrease"]
    by: int | None = Field(default=None, ge=1990, le=2100)


class PeerTarget(_TargetBase):
    """Relative to the peer-group median of the same period (sama tai matalampi kuin verrokeissa)."""

    kind: Literal["vs_peers"]
    relation: Literal["at_most", "at_least"]
    by: int | None = Field(default=None, ge=1990, le=2100)


class MilestoneTarget(_TargetBase):
    """Something done by a date (valmis suunnitelma 2022)."""

    kind: Literal["milestone"]
    description: str = Field(min_length=1)
    by: dt.date | int
    done_on: dt.date | None = None

    @property
    def by_year(self) -> int:
        return self.by if isinstance(self.by, int) else self.by.year


class FollowedTarget(_TargetBase):
    """The mittari is reported at all (kaikkia mittareita seurataan)."""

    kind: Literal["followed"]
    every_months: int | None = Field(default=None, ge=1, le=60)


Target = Annotated[
    ValueTarget | DirectionTarget | PeerTarget | MilestoneTarget | FollowedTarget,
    Field(discriminator="kind"),
]


class Provenance(Strict):
    """Which body decided a target, and when (Kaupunginvaltuusto 13.12.2021 § 110)."""

    body: str = Field(min_length=1)
    date: dt.date | None = None
    section: str | None = None
    document: str | None = None


_TargetBase.model_rebuild()


class Baseline(Strict):
    period: str
    value: float | None = None


class IndicatorUse(Strict):
    """One mittari of a goal: the document's wording, and how (whether) it is measured."""

    id: str = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1, description="the mittari as the document words it (Finnish)")
    indicator: str | None = Field(default=None, description="catalog id; null = qualitative")
    qualitative_reason: str | None = None
    target: Target
    baseline: Baseline | None = None
    owner: str | None = None
    schedule: str | None = None
    follow_up: str | None = Field(default=None, description="seuranta: where it is reported")
    note: str | None = Field(default=None, description="e.g. why a stand-in series was chosen")
    sdg: list[int] = Field(default_factory=list)
    target_history: list[TargetChange] = Field(default_factory=list)

    @field_validator("sdg")
    @classmethod
    def _sdg_range(cls, value: list[int]) -> list[int]:
        bad = [v for v in value if not 1 <= v <= 17]
        if bad:
            raise ValueError(f"SDG goals are numbered 1–17, got {bad}")
        return value

    @model_validator(mode="after")
    def _qualitative_has_reason(self) -> IndicatorUse:
        if self.indicator is None and not self.qualitative_reason:
            raise ValueError("a mittari without a catalog indicator needs qualitative_reason")
        return self


class TargetChange(Strict):
    """An earlier target level that a later decision replaced."""

    changed_on: dt.date
    previous: str
    provenance: Provenance | None = None


IndicatorUse.model_rebuild()

# "not_reported" is the start of every action: nobody has reported on it yet (a strategy document
# states no status; an editor reports one in the app). It is never "not started".
ActionStatus = Literal["not_reported", "not_started", "in_progress", "done"]


class Schedule(Strict):
    """Aikataulu: years or dates; `text` keeps the document's wording (2022–, 2023–2024)."""

    text: str | None = None
    start: int | None = Field(default=None, ge=1990, le=2100)
    end: int | None = Field(default=None, ge=1990, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> Schedule:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"schedule ends ({self.end}) before it starts ({self.start})")
        return self


class Action(Strict):
    """A toimenpide: what is done, by whom, when. Its status starts as `not_reported` unless the
    strategy document states one (then the YAML cites where); editors report it in the app
    (the app's edits are audited in the DB)."""

    id: str = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1)
    owner: str | None = None
    schedule: Schedule | None = None
    status: ActionStatus = Field(
        default="not_reported", description="only a status the document states; else not reported"
    )
    measures: list[str] = Field(
        default_factory=list, description="ids of indicator uses that follow it"
    )
    follow_up: str | None = None
    sdg: list[int] = Field(default_factory=list)


class SubGoal(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: Text
    owner: str | None = Field(default=None, description="e.g. the department (Kemi: toimiala)")
    description: str | None = None
    indicators: list[IndicatorUse] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    sdg: list[int] = Field(default_factory=list)


class Goal(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: Text
    description: str | None = None
    subgoals: list[SubGoal] = Field(default_factory=list)
    indicators: list[IndicatorUse] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    sdg: list[int] = Field(default_factory=list)


class Period(Strict):
    start: int = Field(ge=1990, le=2100)
    end: int = Field(ge=1990, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self


class Reviews(Strict):
    adoption: dt.date
    mid_term: dt.date | None = None
    end: dt.date
    meetings: list[dt.date] = Field(default_factory=list)


class Document(Strict):
    title: str
    source_file: str | None = None
    adopted_by: Provenance | None = None


class Strategy(Strict):
    town: str = Field(pattern=ID_PATTERN, description="short id used in links and the CLI: heinola")
    municipality: str = Field(pattern=r"^KU\d{3}$")
    name: Text = Field(description="the town's name (Heinola)")
    title: Text | None = Field(
        default=None, description="the strategy's name as the documents give it"
    )
    vision: str | None = None
    values: list[str] = Field(default_factory=list, description="arvot / menestyksen kärjet")
    documents: list[Document] = Field(min_length=1)
    period: Period
    reviews: Reviews
    peers: list[str] = Field(default_factory=list)
    goals: list[Goal] = Field(min_length=1)

    def indicator_uses(self) -> list[tuple[Goal, SubGoal | None, IndicatorUse]]:
        """Every mittari with the goal (and sub-goal) it belongs to, in document order."""
        out: list[tuple[Goal, SubGoal | None, IndicatorUse]] = []
        for goal in self.goals:
            out.extend((goal, None, use) for use in goal.indicators)
            for sub in goal.subgoals:
                out.extend((goal, sub, use) for use in sub.indicators)
        return out

    def actions(self) -> list[tuple[Goal, SubGoal | None, Action]]:
        out: list[tuple[Goal, SubGoal | None, Action]] = []
        for goal in self.goals:
            out.extend((goal, None, act) for act in goal.actions)
            for sub in goal.subgoals:
                out.extend((goal, sub, act) for act in sub.actions)
        return out
