"""How much of each town's strategy the dashboard can measure (`validate --coverage`).

Every mittari is one of: automatic (an open series the loaders fetch), manual (a catalog
indicator someone enters by hand) or qualitative (no catalog indicator; followed by its target
alone). A derived indicator counts as automatic only when all of its inputs are.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from mittaristo.config.load import Config
from mittaristo.config.model import CatalogIndicator, DerivedSource, Strategy

MappingKind = Literal["automatic", "manual", "qualitative"]
MAPPING_KINDS: tuple[MappingKind, ...] = ("automatic", "manual", "qualitative")
SeriesState = Literal["current", "discontinued", "unconfirmed"]
SERIES_STATES: tuple[SeriesState, ...] = ("current", "discontinued", "unconfirmed")


@dataclass(frozen=True)
class UseCoverage:
    """One mittari and how it is measured; `confirmed` is False when an automatic source's codes
    are still marked [U]/[Q] in data-sources.md (None for manual and qualitative)."""

    goal_id: str
    subgoal_id: str | None
    use_id: str
    text: str
    mapping: MappingKind
    indicator_id: str | None
    source_kind: str | None
    confirmed: bool | None
    series: SeriesState | None = None  # automatic only: catalog `series.state` of its inputs


@dataclass(frozen=True)
class TownCoverage:
    town: str
    municipality: str
    uses: tuple[UseCoverage, ...]
    actions: int

    @property
    def total(self) -> int:
        return len(self.uses)

    def count(self, mapping: MappingKind) -> int:
        return sum(1 for use in self.uses if use.mapping == mapping)

    def share(self, mapping: MappingKind) -> float:
        """Fraction 0–1 of the town's mittarit (0 when it has none)."""
        return self.count(mapping) / self.total if self.total else 0.0

    @property
    def unconfirmed(self) -> tuple[UseCoverage, ...]:
        return tuple(use for use in self.uses if use.confirmed is False)

    def series_counts(self) -> dict[str, int]:
        """Automatic mittarit: how many have confirmed codes, and how many series are current,
        discontinued or unconfirmed (catalog `series`)."""
        auto = [use for use in self.uses if use.mapping == "automatic"]
        counts = {"automatic": len(auto), "confirmed": sum(1 for u in auto if u.confirmed)}
        return counts | {
            state: sum(1 for u in auto if u.series == state) for state in SERIES_STATES
        }


def classify_indicator(
    indicator_id: str, catalog: dict[str, CatalogIndicator]
) -> tuple[MappingKind, bool | None]:
    """(mapping, confirmed) of a catalog indicator, following derived inputs to their sources."""
    leaves = _source_leaves(indicator_id, catalog, seen=set())
    if all(leaf.is_automatic for leaf in leaves):
        return "automatic", all(getattr(leaf.source, "confirmed", True) for leaf in leaves)
    return "manual", None


def series_state(indicator_id: str, catalog: dict[str, CatalogIndicator]) -> SeriesState:
    """The weakest state of the series behind an indicator: discontinued if any input has
    ended, else unconfirmed if any input is not shown current, else current."""
    states = {leaf.series_state for leaf in _source_leaves(indicator_id, catalog, seen=set())}
    for state in ("discontinued", "unconfirmed"):
        if state in states:
            return state
    return "current"


def _source_leaves(
    indicator_id: str, catalog: dict[str, CatalogIndicator], seen: set[str]
) -> list[CatalogIndicator]:
    indicator = catalog[indicator_id]
    source = indicator.source
    if not isinstance(source, DerivedSource) or indicator_id in seen:
        return [indicator]
    seen.add(indicator_id)
    inputs = [ref for ref in (source.of, source.denominator) if ref and ref in catalog]
    return [leaf for ref in inputs for leaf in _source_leaves(ref, catalog, seen)] or [indicator]


def assess_town_coverage(strategy: Strategy, catalog: dict[str, CatalogIndicator]) -> TownCoverage:
    uses = []
    for goal, sub, use in strategy.indicator_uses():
        mapping: MappingKind = "qualitative"
        confirmed: bool | None = None
        source_kind = None
        series: SeriesState | None = None
        if use.indicator is not None:
            mapping, confirmed = classify_indicator(use.indicator, catalog)
            source_kind = catalog[use.indicator].source.kind
            if mapping == "automatic":
                series = series_state(use.indicator, catalog)
        uses.append(
            UseCoverage(
                goal_id=goal.id,
                subgoal_id=sub.id if sub else None,
                use_id=use.id,
                text=use.text,
                mapping=mapping,
                indicator_id=use.indicator,
                source_kind=source_kind,
                confirmed=confirmed,
                series=series,
            )
        )
    return TownCoverage(strategy.town, strategy.municipality, tuple(uses), len(strategy.actions()))


def assess_coverage(config: Config) -> list[TownCoverage]:
    """Coverage of every town, in town order."""
    catalog = config.catalog.by_id()
    return [
        assess_town_coverage(config.strategies[town], catalog) for town in sorted(config.strategies)
    ]


def list_unused_indicators(config: Config) -> list[str]:
    """Catalog ids that no strategy uses directly or as a derived input."""
    used = {use.indicator for s in config.strategies.values() for _, _, use in s.indicator_uses()}
    catalog = config.catalog.by_id()
    for ind_id in list(used):
        if ind_id in catalog:
            used |= {leaf.id for leaf in _source_leaves(ind_id, catalog, seen=set())}
    return [ind.id for ind in config.catalog.indicators if ind.id not in used]


def format_coverage(coverages: list[TownCoverage], unused: list[str]) -> str:
    """Plain-text report: one row per town, then the unconfirmed sources and unused ids."""
    header = f"{'town':<14}{'code':<7}{'mittarit':>9}  {'automatic':<13}{'manual':<13}{'qualitative':<13}{'actions':>7}"
    lines = ["Mittarien kattavuus / mapping coverage", header]
    for cov in coverages:
        cells = "".join(f"{_count_cell(cov, kind):<13}" for kind in MAPPING_KINDS)
        lines.append(f"{cov.town:<14}{cov.municipality:<7}{cov.total:>9}  {cells}{cov.actions:>7}")
    lines += [
        "",
        "Automatic mittarit: codes confirmed, and the series current / discontinued / unconfirmed",
    ]
    lines.append(
        f"{'town':<14}{'automatic':>10}{'confirmed':>11}{'current':>9}{'discontinued':>14}{'unconfirmed':>13}"
    )
    for cov in coverages:
        c = cov.series_counts()
        lines.append(
            f"  {cov.town:<14}{c['automatic']:>10}{c['confirmed']:>11}{c['current']:>9}"
            f"{c['discontinued']:>14}{c['unconfirmed']:>13}"
        )
    ended = [
        (cov.town, use) for cov in coverages for use in cov.uses if use.series == "discontinued"
    ]
    if ended:
        lines += [
            "",
            "Automatic, but the series is discontinued (see the catalog's series.successor):",
        ]
        lines += [f"  {town}: {use.use_id} → {use.indicator_id}" for town, use in ended]
    unconfirmed = [(cov.town, use) for cov in coverages for use in cov.unconfirmed]
    if unconfirmed:
        lines += ["", "Automatic, but source codes not yet confirmed ([U]/[Q] in data-sources.md):"]
        lines += [
            f"  {town}: {use.use_id} → {use.indicator_id} ({use.source_kind})"
            for town, use in unconfirmed
        ]
    if unused:
        lines += ["", f"Catalog indicators no strategy uses ({len(unused)}): {', '.join(unused)}"]
    return "\n".join(lines)


def _count_cell(cov: TownCoverage, kind: MappingKind) -> str:
    return f"{cov.count(kind)} ({round(100 * cov.share(kind))} %)"


def coverage_as_dict(coverages: list[TownCoverage], unused: list[str]) -> dict:
    """JSON-ready form for tools and CI: counts per town plus every mittari."""
    towns = [
        {
            "town": cov.town,
            "municipality": cov.municipality,
            "mittarit": cov.total,
            "actions": cov.actions,
            "counts": {kind: cov.count(kind) for kind in MAPPING_KINDS},
            "unconfirmed": len(cov.unconfirmed),
            "series": cov.series_counts(),
            "uses": [asdict(use) for use in cov.uses],
        }
        for cov in coverages
    ]
    return {"towns": towns, "unused_indicators": unused}
