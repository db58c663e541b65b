"""The status engine, table-tested: every target kind and status, and the edge cases that break
naive progress formulas (target 0, sign change, one point, gaps, stale data, one-year blips)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date

import pytest

from mittaristo.config.model import (
    Baseline,
    DirectionTarget,
    FollowedTarget,
    MilestoneTarget,
    PeerTarget,
    ValueTarget,
)
from mittaristo.formatting import format_value
from mittaristo.status import (
    STATUS_ORDER,
    Assessment,
    Point,
    Status,
    assess,
    can_update_before,
    next_value_expected,
    period_end,
    period_to_year_fraction,
    roll_up,
)

TODAY = date(2025, 6, 1)
DEFAULTS = {
    "better": "higher",
    "adoption": date(2021, 12, 13),
    "period_end_year": 2025,
    "today": TODAY,
    "frequency": "yearly",
    "lag_months": 4,
    "decimals": 1,
    "unit": "%",
}


def yearly(start: int, *values: float | None) -> list[Point]:
    return [Point(str(start + i), v) for i, v in enumerate(values)]


def quarterly(start: int, *values: float) -> list[Point]:
    return [Point(f"{start + i // 4}Q{i % 4 + 1}", v) for i, v in enumerate(values)]


def at_least(value: float, by: int = 2025) -> ValueTarget:
    return ValueTarget(kind="at_least", value=value, by=by)


def at_most(value: float, by: int = 2025) -> ValueTarget:
    return ValueTarget(kind="at_most", value=value, by=by)


def direction(way: str, by: int | None = None) -> DirectionTarget:
    return DirectionTarget(kind="direction", direction=way, by=by)


def peers(relation: str, by: int | None = None) -> PeerTarget:
    return PeerTarget(kind="vs_peers", relation=relation, by=by)


def milestone(by: date | int, done_on: date | None = None) -> MilestoneTarget:
    return MilestoneTarget(
        kind="milestone", description="Kotoutumisohjelma", by=by, done_on=done_on
    )


FLAT_PEERS = {str(y): 10.0 for y in range(2015, 2026)}


@dataclass(frozen=True)
class Case:
    id: str
    target: object
    series: list[Point]
    status: Status
    slope: str | None = None  # "+", "-", "0" (exactly 0), "none" (no trend)
    ratio: tuple[float, float] | str | None = None  # (low, high), "none" = must be None
    projection: tuple[float, float] | None = None
    stale: bool = False
    n_points: int | None = None
    baseline: tuple[str, float] | None = None
    says: str | None = None  # a phrase of the English sentence
    kwargs: dict = field(default_factory=dict)


CASES = [
    # ---- value targets
    Case("value_achieved", at_least(70), yearly(2019, 60, 63, 66, 69, 71, 72), Status.ACHIEVED,
         slope="+", says="meets the target"),
    Case("value_achieved_before_adoption", at_least(50), yearly(2016, 52, 53, 54, 55, 56),
         Status.ACHIEVED, stale=True, n_points=1, baseline=("2020", 56)),
    Case("value_on_track", at_least(80), yearly(2021, 70, 72.5, 75, 77.5), Status.ON_TRACK,
         slope="+", ratio=(0.99, 1.01), projection=(79.9, 80.1)),
    Case("value_too_slow", at_least(80), yearly(2021, 70, 71, 72, 73), Status.TOO_SLOW,
         slope="+", ratio=(0.39, 0.41), projection=(73.9, 74.1), says="too slow"),
    Case("value_off_track_wrong_way", at_least(80), yearly(2021, 70, 69, 68, 67), Status.OFF_TRACK,
         slope="-", ratio=(-0.41, -0.39), says="wrong direction"),
    Case("value_noisy_flat_no_clear_change", at_least(80),
         yearly(2015, 70, 71, 69.5, 70.5, 69, 71, 70, 70.6, 69.4, 70.2),
         Status.NO_CLEAR_CHANGE, n_points=4, says="no clear trend"),
    Case("value_flat_with_bad_blip_stays_no_clear_change", at_most(6.0, by=2026),
         yearly(2018, 10.0, 10.4, 9.7, 10.3, 9.8, 10.1, 13.0), Status.NO_CLEAR_CHANGE,
         kwargs={"adoption": date(2018, 1, 1), "better": "lower"}),
    Case("value_flat_with_good_blip_stays_no_clear_change", at_most(6.0, by=2026),
         yearly(2018, 10.0, 10.4, 9.7, 10.3, 9.8, 10.1, 7.5), Status.NO_CLEAR_CHANGE,
         kwargs={"adoption": date(2018, 1, 1), "better": "lower"}),
    Case("value_improving_with_one_bad_last_year_stays_on_track", at_least(72, by=2026),
         yearly(2019, 60, 62, 64, 66, 68, 63), Status.ON_TRACK, slope="+", ratio=(1.1, 1.25),
         kwargs={"adoption": date(2019, 1, 1)}),
    Case("value_decreasing_better_on_track", at_most(8.0), yearly(2021, 11.0, 10.2, 9.4, 8.6),
         Status.ON_TRACK, slope="-", ratio=(1.0, 1.1), projection=(7.7, 7.9),
         kwargs={"better": "lower"}),
    Case("value_decreasing_better_too_slow", at_most(8.0), yearly(2021, 11.0, 10.6, 10.2, 9.8),
         Status.TOO_SLOW, slope="-", ratio=(0.5, 0.6), kwargs={"better": "lower"}),
    Case("value_target_zero_on_track", at_most(0), yearly(2021, 12, 9, 6, 3), Status.ON_TRACK,
         slope="-", ratio=(0.99, 1.01), projection=(-0.1, 0.1),
         kwargs={"better": "lower", "decimals": 0, "unit": ""}),
    Case("value_target_zero_reached", at_most(0), yearly(2022, 3, 1, 0), Status.ACHIEVED,
         kwargs={"better": "lower", "decimals": 0, "unit": ""}),
    Case("value_sign_change_deficit_to_surplus", at_least(0), yearly(2021, -300, -200, -100, -50),
         Status.ON_TRACK, slope="+", ratio=(0.95, 1.5), projection=(0, 100),
         kwargs={"decimals": 0, "unit": "€"}),
    Case("value_sign_change_surplus_to_deficit", at_least(0), yearly(2021, 50, 10, -40, -90),
         Status.OFF_TRACK, slope="-", ratio="none", kwargs={"decimals": 0, "unit": "€"}),
    Case("value_baseline_already_beyond_target_slipping", at_most(6.0),
         yearly(2021, 5.5, 5.8, 6.1, 6.4), Status.OFF_TRACK, slope="+", ratio="none",
         kwargs={"better": "lower"}),
    Case("value_target_year_passed_unmet", at_least(80, by=2023), yearly(2021, 70, 72, 74, 76),
         Status.OFF_TRACK, slope="+", says="has passed"),
    Case("value_no_points", at_least(80), [], Status.NO_DATA, slope="none", n_points=0),
    Case("value_only_none_values", at_least(80), yearly(2021, None, None), Status.NO_DATA),
    Case("value_one_point", at_least(80), yearly(2024, 70), Status.NOT_ASSESSABLE,
         slope="none", n_points=1, says="cannot be assessed"),
    Case("value_one_point_already_met", at_least(60), yearly(2024, 70), Status.ACHIEVED),
    Case("value_all_points_up_to_baseline", at_least(80), yearly(2018, 70, 71, 72, 73),
         Status.NOT_ASSESSABLE, stale=True, n_points=1, baseline=("2021", 73)),
    Case("value_configured_baseline", at_least(80), yearly(2021, 70, 72, 74, 76), Status.TOO_SLOW,
         slope="+", ratio=(0.9, 0.93), n_points=5, baseline=("2020", 65),
         kwargs={"baseline": Baseline(period="2020", value=65.0)}),
    Case("value_missing_years", at_least(80),
         [Point("2021", 70), Point("2023", 75), Point("2024", 77.5)], Status.ON_TRACK,
         slope="+", n_points=3),
    Case("value_none_values_skipped", at_least(80), yearly(2021, 70, None, 75, 77.5),
         Status.ON_TRACK, slope="+", n_points=3),
    Case("value_revised_last_value", at_least(80), yearly(2021, 70, 72.5, 75, 73), Status.TOO_SLOW,
         slope="+", ratio=(0.7, 0.8)),
    Case("value_quarterly_on_track", at_most(5.0),
         quarterly(2022, *[8.0 - 0.25 * i for i in range(12)]), Status.ON_TRACK, slope="-",
         projection=(4.2, 4.3), n_points=12,
         kwargs={"frequency": "quarterly", "lag_months": 2, "today": date(2025, 3, 1)}),
    Case("value_quarterly_stale", at_most(5.0),
         quarterly(2022, *[8.0 - 0.25 * i for i in range(8)]), Status.ON_TRACK, stale=True,
         kwargs={"frequency": "quarterly", "lag_months": 2}),
    # ---- direction targets
    Case("direction_increase_on_track", direction("increase"), yearly(2021, 100, 102, 104, 107),
         Status.ON_TRACK, slope="+", projection=(108, 110), says="rising"),
    Case("direction_decrease_wrong_way", direction("decrease"), yearly(2021, 100, 102, 104, 107),
         Status.OFF_TRACK, slope="+", says="against the targeted direction"),
    Case("direction_decrease_achieved", direction("decrease", by=2023), yearly(2021, 100, 97, 94, 91),
         Status.ACHIEVED, slope="-"),
    Case("direction_noisy_flat", direction("increase"), yearly(2017, 50, 52, 49, 51, 50, 51.5, 49.5, 50.5),
         Status.NO_CLEAR_CHANGE, says="no clear trend"),
    Case("direction_year_passed_without_change", direction("increase", by=2023),
         yearly(2017, 50, 52, 49, 51, 50, 51.5, 49.5, 50.5), Status.OFF_TRACK, says="without a clear rise"),
    Case("direction_one_point", direction("increase"), yearly(2024, 50), Status.NOT_ASSESSABLE),
    # ---- peer targets
    Case("peers_at_most_met", peers("at_most"), yearly(2022, 12, 11, 10), Status.ACHIEVED,
         kwargs={"peer_median": {"2024": 10.5}}, says="at or below the peer median 10.5%"),
    Case("peers_missing_for_latest_period", peers("at_most"), yearly(2022, 12, 11, 10),
         Status.NOT_ASSESSABLE, kwargs={"peer_median": {"2023": 10.0}}, says="no peer median for 2024"),
    Case("peers_none_at_all", peers("at_most"), yearly(2022, 12, 11, 10), Status.NOT_ASSESSABLE),
    Case("peers_gap_widening", peers("at_most"), yearly(2021, 10, 11, 12, 13), Status.OFF_TRACK,
         kwargs={"peer_median": {"2021": 10.0, "2022": 10.2, "2023": 10.4, "2024": 10.6}},
         says="widening"),
    Case("peers_gap_narrowing_too_slowly", peers("at_most"), yearly(2021, 14, 13.6, 13.2, 12.8),
         Status.TOO_SLOW, kwargs={"peer_median": FLAT_PEERS}, says="too slowly"),
    Case("peers_gap_closing_in_time", peers("at_most"), yearly(2021, 14, 13, 12, 11),
         Status.ON_TRACK, kwargs={"peer_median": FLAT_PEERS}),
    Case("peers_gap_steady", peers("at_least"), yearly(2018, 8, 8.4, 7.8, 8.2, 7.9, 8.3, 7.7),
         Status.NO_CLEAR_CHANGE, kwargs={"peer_median": FLAT_PEERS, "adoption": date(2018, 1, 1)}),
    Case("peers_one_comparable_period", peers("at_most"), yearly(2022, 12, 12.5, 13),
         Status.NOT_ASSESSABLE, kwargs={"peer_median": {"2024": 10.0}}, says="too few"),
    Case("peers_at_least_year_passed", peers("at_least", by=2023), yearly(2021, 8, 8.5, 9, 9.5),
         Status.OFF_TRACK, kwargs={"peer_median": FLAT_PEERS}, says="still below"),
    # ---- milestones
    Case("milestone_done_on_time", milestone(2022, date(2022, 11, 30)), [], Status.ACHIEVED,
         says="within the deadline"),
    Case("milestone_done_late", milestone(date(2022, 6, 30), date(2023, 2, 1)), [], Status.ACHIEVED,
         says="later than the deadline"),
    Case("milestone_overdue", milestone(2023), [], Status.OFF_TRACK, says="has passed"),
    Case("milestone_not_due_yet", milestone(2025), [], Status.ON_TRACK, says="not done yet"),
    Case("milestone_future_done_on_is_a_plan", milestone(2024, date(2026, 1, 1)), [],
         Status.OFF_TRACK),
    # ---- followed
    Case("followed_fresh", FollowedTarget(kind="followed"), yearly(2022, 5, 6, 7), Status.ACHIEVED),
    Case("followed_stale", FollowedTarget(kind="followed"), yearly(2020, 5, 6, 7), Status.TOO_SLOW,
         stale=True, says="out of date"),
    Case("followed_every_24_months_not_stale", FollowedTarget(kind="followed", every_months=24),
         yearly(2021, 5, 6, 7), Status.ACHIEVED),
    Case("followed_no_data", FollowedTarget(kind="followed"), [], Status.NO_DATA),
]  # fmt: skip


def run(case: Case) -> Assessment:
    return assess(case.target, case.series, **(DEFAULTS | case.kwargs))


def check_slope(assessment: Assessment, expected: str) -> None:
    slope = assessment.slope
    if expected == "none":
        assert slope is None
    elif expected == "0":
        assert slope == 0
    else:
        assert slope is not None and (slope > 0 if expected == "+" else slope < 0), slope


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_status_table(case: Case) -> None:
    a = run(case)
    assert a.status is case.status, a.explanation["en"]
    assert a.stale is case.stale
    if case.slope is not None:
        check_slope(a, case.slope)
    if case.ratio == "none":
        assert a.progress_ratio is None
    elif case.ratio is not None:
        low, high = case.ratio
        assert a.progress_ratio is not None and low <= a.progress_ratio <= high, a.progress_ratio
    if case.projection is not None:
        assert a.projection is not None
        assert case.projection[0] <= a.projection <= case.projection[1], a.projection
    if case.n_points is not None:
        assert a.n_points == case.n_points
    if case.baseline is not None:
        assert (a.baseline_period, a.baseline_value) == case.baseline
    if case.says is not None:
        assert case.says in a.explanation["en"].replace("\u00a0", " ")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_explanations_are_translated_and_show_the_latest_value(case: Case) -> None:
    a = run(case)
    options = DEFAULTS | case.kwargs
    assert set(a.explanation) == {"fi", "sv", "en"}
    assert len(set(a.explanation.values())) == 3
    for lang, sentence in a.explanation.items():
        assert sentence.endswith(".") and "{" not in sentence and "None" not in sentence
        if a.latest_value is not None:
            shown = format_value(a.latest_value, options["decimals"], options["unit"], lang)
            assert shown in sentence, (lang, sentence)


def test_councillor_sentence_in_three_languages() -> None:
    a = assess(
        at_most(6.0), yearly(2019, 9.0, 8.8, 8.6, 8.4, 8.1, 7.9), **DEFAULTS | {"better": "lower"}
    )
    nbsp = "\u00a0"
    assert a.status is Status.TOO_SLOW
    assert a.explanation["fi"] == (
        f"Arvo 7,9{nbsp}% (2024) on tavoitetta 6,0{nbsp}% heikompi ja kehitys on liian hidasta: "
        f"nykyvauhdilla 7,6{nbsp}% vuonna 2025."
    )
    assert a.explanation["sv"].startswith(f"Värdet 7,9{nbsp}% (2024) är sämre än målet 6,0{nbsp}%")
    assert a.explanation["en"].startswith("The value 7.9% (2024) is short of the target 6.0%")


def test_revised_data_is_a_different_series_with_its_own_verdict() -> None:
    original = yearly(2021, 70, 72.5, 75, 77.5)
    revised = yearly(2021, 70, 72.5, 75, 73)
    first, again = run_value(original), run_value(original)
    assert first == again
    assert first.status is Status.ON_TRACK
    assert run_value(revised).status is Status.TOO_SLOW


def run_value(series: list[Point]) -> Assessment:
    return assess(at_least(80), series, **DEFAULTS)


def test_a_one_year_blip_moves_the_status_less_than_the_raw_last_point() -> None:
    """The trend line, not the raw last point, measures progress."""
    options = DEFAULTS | {"adoption": date(2019, 1, 1)}
    a = assess(at_least(72, by=2026), yearly(2019, 60, 62, 64, 66, 68, 63), **options)
    assert a.expected_now is not None and a.progress_ratio is not None
    raw_ratio = (63 - a.baseline_value) / (a.expected_now - a.baseline_value)
    assert raw_ratio < 0.95 <= a.progress_ratio


def test_better_is_required_to_be_a_known_direction() -> None:
    with pytest.raises(ValueError, match="better"):
        assess(at_least(1), yearly(2021, 1), **DEFAULTS | {"better": "up"})


def test_malformed_period_is_refused() -> None:
    with pytest.raises(ValueError, match="2024-05"):
        assess(at_least(1), [Point("2024-05", 1.0)], **DEFAULTS)


def test_roll_up_counts_every_status_and_never_averages() -> None:
    assessments = [run(c) for c in CASES[:6]]
    counts = roll_up(assessments)
    assert list(counts) == list(STATUS_ORDER)
    assert sum(counts.values()) == 6
    assert counts[Status.ACHIEVED] == 2 and counts[Status.NO_DATA] == 0
    assert roll_up([]) == dict.fromkeys(STATUS_ORDER, 0)


def test_status_order_is_worst_first_and_complete() -> None:
    assert STATUS_ORDER[0] is Status.OFF_TRACK and STATUS_ORDER[-1] is Status.ACHIEVED
    assert sorted(STATUS_ORDER) == sorted(Status)


@pytest.mark.parametrize(
    ("period", "fraction", "end"),
    [
        ("2024", 2024.0, date(2024, 12, 31)),
        ("2024Q1", 2024.0, date(2024, 3, 31)),
        ("2024Q3", 2024.5, date(2024, 9, 30)),
        ("2024M02", 2024 + 1 / 12, date(2024, 2, 29)),
        ("2024M12", 2024 + 11 / 12, date(2024, 12, 31)),
    ],
)
def test_periods(period: str, fraction: float, end: date) -> None:
    assert period_to_year_fraction(period) == pytest.approx(fraction)
    assert period_end(period) == end


@pytest.mark.parametrize("period", ["2024Q5", "2024M13", "24", "2024-05", "Q3"])
def test_bad_periods(period: str) -> None:
    with pytest.raises(ValueError):
        period_to_year_fraction(period)


@pytest.mark.parametrize(
    ("latest", "frequency", "lag", "expected"),
    [
        ("2024", "yearly", 4, date(2026, 4, 30)),
        ("2024Q4", "quarterly", 2, date(2025, 5, 31)),
        ("2024M05", "monthly", 1, date(2024, 7, 31)),
        ("2023", "irregular", 10, date(2025, 10, 31)),
        (None, "yearly", 4, None),
    ],
)
def test_next_value_expected(
    latest: str | None, frequency: str, lag: int, expected: date | None
) -> None:
    assert next_value_expected(latest, frequency, lag) == expected


@pytest.mark.parametrize(
    ("review", "latest", "frequency", "lag", "can"),
    [
        (date(2026, 3, 1), "2024", "yearly", 4, False),  # 2025 value out only in April 2026
        (date(2026, 5, 15), "2024", "yearly", 4, True),
        (date(2026, 4, 30), "2024", "yearly", 4, True),  # the very day it is due
        (date(2025, 6, 1), "2024Q4", "quarterly", 2, True),
        (date(2025, 5, 1), "2024Q4", "quarterly", 2, False),
        (date(2025, 1, 1), "2022", "yearly", 6, True),  # late already: it may come any day
        (date(2025, 1, 1), None, "yearly", 6, True),  # nothing yet: nothing rules it out
    ],
)
def test_can_update_before(
    review: date, latest: str | None, frequency: str, lag: int, can: bool
) -> None:
    assert can_update_before(review, latest, frequency, lag) is can


def test_unknown_frequency_is_refused() -> None:
    with pytest.raises(ValueError, match="fortnightly"):
        next_value_expected("2024", "fortnightly", 0)


def test_status_engine_imports_without_streamlit(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.setitem(sys.modules, "streamlit", None)
    for name in [n for n in sys.modules if n.startswith("mittaristo.status")]:
        monkeypatch.delitem(sys.modules, name)
    assert importlib.import_module("mittaristo.status").Status.ACHIEVED == "achieved"
