"""The scorecard: every mittari of a town's strategy with its series and assessed status.

Pure over a frame of current values (from the store), so the dashboard, the exports and the
review snapshots all judge the same numbers the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mittaristo.config.model import CatalogIndicator, Goal, IndicatorUse, Strategy, SubGoal
from mittaristo.config.result import Config
from mittaristo.peers import median_values, peer_medians
from mittaristo.seriesrows import SeriesRows, as_series_rows
from mittaristo.status import Assessment, Point, Report, RollUp, Status, assess, roll_up

UseKind = Literal["automatic", "manual", "qualitative"]
SERIES_COLUMNS = ["indicator_id", "region", "period", "value"]

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class ScoreRow:
    """One mittari of the strategy as the scorecard shows it."""

    goal: Goal
    subgoal: SubGoal | None
    use: IndicatorUse
    indicator: CatalogIndicator | None
    kind: UseKind
    points: tuple[Point, ...]
    assessment: Assessment
    reports: tuple[Report, ...] = ()  # the editors' dated reports it was judged on, oldest first

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def latest_report(self) -> Report | None:
        """The newest report on it (what the page and exports show as its Toteuma)."""
        return self.reports[-1] if self.reports else None

    @property
    def has_values(self) -> bool:
        """A chart (and its downloads) says something only when the town has a value: a
        milestone or a qualitative mittari has none and gets no empty chart."""
        return self.indicator is not None and any(p.value is not None for p in self.points)

    @property
    def followed(self) -> bool:
        """A followed mittari: its target is that it is reported, not a level."""
        return self.use.target.kind == "followed"


def use_kind(indicator: CatalogIndicator | None) -> UseKind:
    if indicator is None:
        return "qualitative"
    return "automatic" if indicator.is_automatic else "manual"


def regions_needed(strategy: Strategy) -> list[str]:
    """The town, its peers and the whole country: everything a scorecard compares."""
    return [strategy.municipality, *strategy.peers, "SSS"]


def series_points(
    frame: SeriesRows | pd.DataFrame, indicator_id: str, region: str
) -> tuple[Point, ...]:
    """The (period, value) points of one indicator and region, in period order; a missing
    value keeps the source's status symbol (`..`)."""
    return tuple(
        Point(period, value, None if value is not None else (symbol or None))
        for period, value, symbol in as_series_rows(frame).points(indicator_id, region)
    )


def assess_use(
    strategy: Strategy,
    use: IndicatorUse,
    indicator: CatalogIndicator | None,
    frame: SeriesRows | pd.DataFrame,
    today: dt.date,
    reports: Sequence[Report] = (),
) -> tuple[tuple[Point, ...], Assessment]:
    """Series and assessment of one mittari; qualitative ones are judged on their target alone
    and the editors' dated `reports` (milestone reports, assessments)."""
    points: tuple[Point, ...] = ()
    peers: dict[str, float] | None = None
    if indicator is not None:
        points = series_points(frame, indicator.id, strategy.municipality)
        if use.target.kind == "vs_peers":
            peers = median_values(peer_medians(frame, indicator.id, strategy.peers))
    result = assess(
        use.target,
        points,
        better=indicator.better if indicator else "higher",
        adoption=strategy.reviews.adoption,
        period_end_year=strategy.period.end,
        today=today,
        frequency=indicator.frequency if indicator else "irregular",
        lag_months=indicator.lag_months if indicator else 0,
        peer_median=peers,
        baseline=use.baseline,
        decimals=indicator.decimals if indicator else 0,
        unit=indicator.unit.model_dump(exclude_none=True) if indicator else "",
        reports=reports,
        cadence_months=indicator.cadence_months if indicator else None,
        series_ended=indicator.series.end_year if indicator and indicator.series else None,
    )
    return points, result


def build_scorecard(
    config: Config,
    town: str,
    frame: SeriesRows | pd.DataFrame,
    today: dt.date | None = None,
    reports: Mapping[str, Sequence[Report]] | None = None,
) -> list[ScoreRow]:
    """Every mittari of `town` in document order with its status; `reports` (mittari id → the
    editors' reports, oldest first: mittaristo.edits.mittari_reports) judge the milestones and
    qualitative mittarit."""
    frame = as_series_rows(frame)  # once, not per mittari
    strategy = config.strategies[town]
    catalog = config.catalog.by_id()
    today = today or dt.date.today()
    rows: list[ScoreRow] = []
    for goal, sub, use in strategy.indicator_uses():
        indicator = catalog.get(use.indicator) if use.indicator else None
        mine = tuple((reports or {}).get(use.id, ()))
        points, result = assess_use(strategy, use, indicator, frame, today, mine)
        kind = use_kind(indicator)
        rows.append(ScoreRow(goal, sub, use, indicator, kind, points, result, mine))
    return rows


def goal_rollups(rows: Iterable[ScoreRow]) -> dict[str, RollUp]:
    """Counts per status for each goal id — never one average that hides the reds; followed
    mittarit (reported or not) are counted apart from the targets with a level."""
    by_goal: dict[str, list[Assessment]] = {}
    for row in rows:
        by_goal.setdefault(row.goal.id, []).append(row.assessment)
    return {goal_id: roll_up(items) for goal_id, items in by_goal.items()}


def change_since_baseline(assessment: Assessment) -> float | None:
    if assessment.latest_value is None or assessment.baseline_value is None:
        return None
    return assessment.latest_value - assessment.baseline_value
