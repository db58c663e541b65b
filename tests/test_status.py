"""The status engine, table-tested: every target kind and status, and the cases that break naive
progress formulas (pure noise, one good year, a blip, two survey rounds, a deadline passed, a
seasonal month, a withheld newest value, target 0, deficit → surplus, stale data).

Every verdict in CASES was worked out by hand from the method in docs/STATUS_METHOD.md; the
`why` next to it is that reasoning (σ = the noise of one value, t = slope ÷ its standard error,
t_crit the two-sided 90 % Student-t quantile with the noise's degrees of freedom).
"""

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
    FOLLOWED_STATUSES,
    STATUS_ORDER,
    Assessment,
    Point,
    Report,
    Status,
    assess,
    cadence_months,
    can_update_before,
    next_value_expected,
    outlook,
    period_end,
    period_to_year_fraction,
    roll_up,
)
from mittaristo.status.stats import estimate_noise, rounding_step, t_quantile

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


def seasonal_months(last: str, level: float, trend: float = 0.0) -> list[Point]:
    """Monthly unemployment-like data from 2020M01 to `last`: +1.5 in winter (Dec–Mar), −1.2 in
    summer (Jun–Aug), a fixed wobble by month and by year, `trend` per year."""
    out, year, month = [], 2020, 1
    while True:
        season = 1.5 if month in (12, 1, 2, 3) else (-1.2 if month in (6, 7, 8) else 0.0)
        wobble = (0.1, -0.1, 0.05, -0.05)[month % 4] + (0.0, 0.3, -0.2, 0.1, -0.3, 0.2)[year % 6]
        value = level + season + wobble + trend * (year - 2021 + (month - 1) / 12)
        out.append(Point(f"{year}M{month:02d}", round(value, 1)))
        if f"{year}M{month:02d}" == last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


FLAT_PEERS = {str(y): 10.0 for y in range(2010, 2026)}
NO_PEERS_2024 = {str(y): 10.0 for y in range(2010, 2024)}


@dataclass(frozen=True)
class Case:
    id: str
    target: object
    series: list[Point]
    status: Status
    reason: str
    why: str
    late: bool = False
    stale: bool = False
    says: str | None = None  # a phrase of the English sentence
    kwargs: dict = field(default_factory=dict)


CASES = [
    # ---------------------------------------------------------------- value targets
    Case("value_achieved_on_a_trend", at_least(70), yearly(2017, 58, 60.5, 63, 65.5, 68, 70.5, 73, 75.5),
         Status.ACHIEVED, "value_achieved",
         "a straight +2.5/yr line: σ = the rounding floor 0.03, the trend is clear, its level at "
         "2024 is 75.5 ≥ 70 + 1.9·0.02", says="the target is achieved"),
    Case("one_good_year_is_not_a_level", at_least(0), yearly(2015, -60, -20, -80, -30, -70, -40, -50, -10, 12),
         Status.NO_CLEAR_CHANGE, "value_one_good_value",
         "net migration: σ ≈ 29; +12 meets ≥ 0 but the median of the last five values is −40, "
         "and the slope (t 1.5 < 1.9) is not clear", says="A single good value",
         kwargs={"decimals": 0, "unit": "", "today": date(2024, 6, 1)}),
    Case("one_blip_year_is_not_a_trend", at_least(0), yearly(2015, -60, -20, -80, -30, -70, -40, -40, -30, 380),
         Status.NO_CLEAR_CHANGE, "value_one_good_value",
         "−40, −30, +380 since 2021: t 7.8 is beyond 1.9, but without 2023 the slope is +10 "
         "(t ≈ 0.2 < 1): one year cannot make a trend; the median level −40 misses 0",
         kwargs={"decimals": 0, "unit": "", "today": date(2024, 6, 1)}),
    Case("small_town_noise_comes_from_the_history", at_least(60, by=2027), yearly(2014, 50, 53, 48.5, 52, 49, 52.5, 48.5, 50.0, 50.6, 51.1, 51.8),
         Status.NO_CLEAR_CHANGE, "value_no_change",
         "50.0 → 51.8 looks smooth, but the years before swing ±2 (σ ≈ 2.2 from the history): "
         "+0.6/yr has t 0.6 — within the town's own noise", kwargs={"period_end_year": 2027}),
    Case("a_blip_in_the_history_does_not_hide_a_trend", at_least(80, by=2026), yearly(2014, 60, 61, 62, 63, 75, 65, 66, 67, 68, 69, 70),
         Status.TOO_SLOW, "value_too_slow",
         "+1/yr every year but 2018 (75, a one-off): the difference is clipped at 2.5 robust SDs, "
         "σ ≈ 0.34, so the steady rise is clear (t 6.6); it reaches 72 by 2026, not 80",
         kwargs={"period_end_year": 2026}),
    Case("value_on_track", at_least(80), yearly(2018, 62.5, 65, 67.5, 70, 72.5, 75, 77.5),
         Status.ON_TRACK, "value_on_track",
         "+2.5/yr since 2021 (70.0): the line gives 80.0 in 2025, which meets 80.0", says="which is enough"),
    Case("value_too_slow_near_the_target", at_least(60), yearly(2016, 55, 55.4, 55.1, 55.8, 56.2, 56.9, 57.4, 58.0, 58.6),
         Status.TOO_SLOW, "value_too_slow",
         "a clear +0.57/yr since 2021: the line gives 59.1 in 2025, short of 60.0 (never "
         "'enough' next to a number below the target)", says="59.1% in 2025, which is not enough"),
    Case("rounding_decides_as_shown", at_least(60), yearly(2016, 57.26, 57.56, 57.86, 58.16, 58.46, 58.76, 59.06, 59.36, 59.66),
         Status.ON_TRACK, "value_on_track",
         "+0.3/yr exactly: the line reaches 59.96 in 2025, shown 60.0, which meets 60.0 "
         "(half-up rounding, as the table shows it)", says="60.0% in 2025, which is enough"),
    Case("value_moving_away", at_most(6.0), yearly(2017, 5.0, 5.1, 4.9, 5.0, 5.3, 5.6, 5.9, 6.3),
         Status.OFF_TRACK, "value_off_track",
         "≤ 6.0 and a clear rise of +0.33/yr since 2021 (t 5.4): moving away", says="moves away",
         kwargs={"better": "lower"}),
    Case("grey_does_not_hide_red", at_most(9.0), yearly(2016, 12.1, 11.5, 11.9, 11.6, 12.3, 11.9, 11.7, 12.0, 11.8),
         Status.TOO_SLOW, "value_out_of_reach",
         "11.8 vs ≤ 9.0 with one year left and no trend: even the optimistic (one-sided 97.5 %) "
         "end of the projection is 10.9 in 2025", says="out of reach", kwargs={"better": "lower"}),
    Case("noisy_flat_no_clear_change", at_least(72, by=2030), yearly(2015, 70, 71, 69.5, 70.5, 69, 71, 70, 70.6, 69.4, 70.2),
         Status.NO_CLEAR_CHANGE, "value_no_change",
         "σ ≈ 1.0, slope t −0.1: no trend; with six years left the band still reaches 72",
         says="no clear trend", kwargs={"period_end_year": 2030}),
    Case("two_survey_rounds", at_least(80), yearly(2022, 71, None, 74),
         Status.NOT_ASSESSABLE, "noise_unknown",
         "two rounds cannot tell their own noise (4 values needed): 71 → 74 is neither 'too "
         "slow' nor anything else yet", says="too few values",
         kwargs={"frequency": "irregular", "decimals": 0, "unit": ""}),
    Case("one_step_on_an_expert_scale", at_least(4), yearly(2023, 2, 3),
         Status.NOT_ASSESSABLE, "noise_unknown", "2 → 3 on a 1–5 scale: two values, no noise estimate",
         kwargs={"decimals": 0, "unit": ""}),
    Case("one_weak_year_does_not_undo_an_achieved_level", at_least(70, by=2027), yearly(2014, 71.0, 73.2, 70.8, 72.9, 71.2, 73.0, 71.6, 72.8, 69.6, 71.4, 69.9),
         Status.ACHIEVED, "value_achieved_dip",
         "69.9 dips under 70, but the median of the last five values is 71.4, beyond 70 by more "
         "than 1.38·0.54σ = 1.1 (σ ≈ 1.5); no clear trend (t −1.0)", says="but the level holds",
         kwargs={"period_end_year": 2027}),
    Case("few_values_all_meeting", at_least(70), yearly(2022, 74, 75, 76),
         Status.ACHIEVED, "value_achieved_few",
         "too few values for a noise estimate, but the last three all meet 70", says="as did the earlier values",
         kwargs={"decimals": 0, "unit": ""}),
    Case("met_in_its_year_then_weakened", at_least(80, by=2022), yearly(2017, 76, 77.5, 78, 79, 80.5, 81.0, 79.5, 78.2),
         Status.ACHIEVED, "value_met_in_year",
         "the 2022 value 81.0 meets 80: achieved, not 'not achieved' because 2024 dipped; the "
         "dip is told apart", says="Since then the value has weakened: 78.2% (2024)",
         kwargs={"adoption": date(2019, 12, 13)}),
    Case("achieved_late", at_least(80, by=2022), yearly(2016, 74, 75, 76, 77, 78, 79, 79.4, 81, 82.5, 83.1),
         Status.ACHIEVED, "value_achieved_late",
         "2022: 79.4 < 80 (missed in its year); since then a clear trend whose 2025 level 83.3 "
         "holds above 80: achieved, late", late=True, says="was achieved late",
         kwargs={"today": date(2026, 6, 1)}),
    Case("rose_every_year_but_missed", at_least(80, by=2024), yearly(2018, 70, 71.5, 73, 74.2, 75.9, 77, 78.4),
         Status.MISSED, "value_missed",
         "the 2024 value 78.4 < 80 and the year is over: missed — not 'wrong direction'",
         says="has passed without reaching the target"),
    Case("overdue_value_is_not_reported", at_least(80), yearly(2016, 62, 64, 66, 68, 70, 72),
         Status.NOT_REPORTED, "overdue",
         "the 2022 value was due by 30 April 2023 (end of 2021 + 4 months lag + a year)",
         stale=True, says="was due by 30 April 2023"),
    Case("seasonal_low_month_is_not_achieved", at_most(5.8, by=2030), seasonal_months("2025M08", 6.0),
         Status.NO_CLEAR_CHANGE, "value_no_change",
         "August 4.8 meets ≤ 5.8, but the 12-month mean Sep 2024 – Aug 2025 is 6.2 and flat",
         says="September 2024 – August 2025",
         kwargs={"frequency": "monthly", "lag_months": 1, "today": date(2025, 9, 20),
                 "better": "lower", "period_end_year": 2030}),
    Case("seasonal_series_with_a_real_trend", at_most(4.0, by=2026), seasonal_months("2025M08", 7.0, -0.6),
         Status.ON_TRACK, "value_on_track",
         "12-month means fall 0.6 a year (t ≫ t_crit once the seasons are averaged away): the "
         "line gives 3.9 for 2026, meeting ≤ 4.0",
         kwargs={"frequency": "monthly", "lag_months": 1, "today": date(2025, 9, 20),
                 "better": "lower", "period_end_year": 2026}),
    Case("smooth_rounded_series_has_a_noise_floor", at_most(19000), yearly(2015, 20500, 20380, 20260, 20150, 20030, 19920, 19800, 19690, 19570, 19460),
         Status.TOO_SLOW, "value_too_slow",
         "values rounded to tens: σ ≥ 10/√12; −114/yr is clear but reaches only 19 345 by 2025",
         kwargs={"decimals": 0, "unit": "", "better": "lower"}),
    Case("withheld_newest_value_is_named", at_least(8.0), [*yearly(2016, 7.0, 7.1, 6.9, 7.2, 7.0, 7.1, 7.3), Point("2023", None, "..")],
         Status.NO_CLEAR_CHANGE, "value_no_change",
         "2023 is withheld: judged on 2022 and said so; the withheld period counts as published, "
         "so the series is not overdue", says="newest period (2023) has not been published",
         kwargs={"today": date(2024, 6, 1), "period_end_year": 2025}),
    Case("target_zero", at_most(0), yearly(2018, 18, 15, 12, 9, 6, 3, 0.0 + 1),
         Status.ON_TRACK, "value_on_track",
         "−3/yr with a 1 in 2024 (t ≫ t_crit): the line crosses 0 before 2025; only differences "
         "are divided, so a target of 0 is safe", kwargs={"decimals": 0, "unit": "", "better": "lower"}),
    Case("deficit_to_surplus", at_least(0), yearly(2018, -400, -310, -300, -200, -100, -50, 20),
         Status.ON_TRACK, "value_on_track",
         "a clear rise of ~75 €/yr through the sign change: the line passes 0 by 2025",
         kwargs={"decimals": 0, "unit": "€"}),
    Case("configured_baseline", at_least(80), yearly(2021, 70, 72, 74, 76),
         Status.TOO_SLOW, "value_too_slow",
         "baseline 65 (2020) from the strategy: a clear rise, but the line gives 79.2 in 2025",
         kwargs={"baseline": Baseline(period="2020", value=65.0)}),
    Case("no_data", at_least(80), [], Status.NO_DATA, "no_data", "no values at all"),
    Case("only_missing_values", at_least(80), yearly(2021, None, None), Status.NO_DATA, "no_data",
         "two missing values are no values; 2022 was published (missing), so 2023 was due "
         "by 30.4.2024", stale=True),
    Case("one_value_since_the_baseline_without_history", at_least(80), yearly(2021, 70, 72),
         Status.NOT_ASSESSABLE, "noise_unknown", "two values: no noise estimate",
         kwargs={"today": date(2023, 6, 1)}),
    # ---------------------------------------------------------------- direction targets
    Case("direction_on_track", direction("decrease"), yearly(2016, 8.0, 7.9, 8.1, 7.8, 7.9, 7.7, 7.2, 6.8, 6.4),
         Status.ON_TRACK, "dir_on_track",
         "−0.43/yr since 2021 (t −5.3) and 6.4 < 7.7: falling as targeted",
         says="has fallen from the baseline 7.7% (2021) to 6.4% (2024)", kwargs={"better": "lower"}),
    Case("direction_wrong_way", direction("increase"), yearly(2016, 100, 101, 100.5, 101, 100.8, 101, 99, 97.5, 96),
         Status.OFF_TRACK, "dir_off_track",
         "−1.7/yr since 2021 (t −4.8), 96 < 101: falling against the target", says="against the target"),
    Case("direction_noisy_flat", direction("increase"), yearly(2017, 50, 52, 49, 51, 50, 51.5, 49.5, 50.5),
         Status.NO_CLEAR_CHANGE, "dir_no_change", "σ ≈ 1.6, t −0.1", says="no clear trend"),
    Case("a_steady_rise_within_a_noisy_towns_range", direction("increase"), yearly(2013, 50, 52.0, 48.5, 51.5, 48.8, 51.2, 49.0, 51.8, 50.0, 50.8, 51.6, 52.4, 53.2),
         Status.NO_CLEAR_CHANGE, "dir_no_change",
         "+0.8/yr for five years looks steady, but the town swings ±1.6 (σ): t 1.54 < 1.80 — not "
         "yet beyond its noise", kwargs={"today": date(2026, 6, 1), "period_end_year": 2030}),
    Case("a_moderate_rise_survives_leaving_out_any_year", direction("increase"), yearly(2015, 10.2, 9.6, 10.4, 9.8, 10.3, 9.7, 10.0, 10.9, 11.4, 12.3),
         Status.ON_TRACK, "dir_on_track",
         "+0.74/yr since 2021 with σ ≈ 0.5: t 3.3; without any one of the four values the slope "
         "still has t ≥ 1 (and 12.3 > 10.0)", says="has risen from the baseline 10.0% (2021) to 12.3% (2024)"),
    Case("direction_achieved_by_its_year", direction("decrease", by=2023), yearly(2016, 100, 100.5, 99.8, 100.2, 100, 99.9, 97, 94, 93.5),
         Status.ACHIEVED, "dir_achieved",
         "up to 2023 a clear fall (t −5.9) to 94.0 < 99.9", says="had fallen from the baseline"),
    Case("direction_year_passed_without_change", direction("increase", by=2023), yearly(2017, 50, 52, 49, 51, 50, 51.5, 49.5, 50.5),
         Status.MISSED, "dir_missed", "no clear rise by 2023: missed, not 'wrong direction'",
         says="without a clear rise"),
    Case("direction_one_new_value_read_against_history", direction("decrease"), yearly(2020, 11.0, 10.0, 9.0, 8.0),
         Status.ON_TRACK, "dir_on_track",
         "baseline 2022 and one new value: the 2021 value completes three points; −1/yr with "
         "σ at the whole-number floor 0.29 is clear and 8.0 < 9.0",
         kwargs={"better": "lower", "adoption": date(2022, 12, 1), "today": date(2024, 6, 1)}),
    # ---------------------------------------------------------------- vs_peers
    Case("peers_met", peers("at_most"), yearly(2016, 8.0, 8.2, 7.9, 8.1, 8.0, 8.2, 7.8, 8.1, 7.9),
         Status.ACHIEVED, "peer_met",
         "gap −2.0 with σ 0.2: the median of the last five gaps holds well below 0",
         says="below the peer median of 10.0%", kwargs={"peer_median": FLAT_PEERS, "better": "lower"}),
    Case("peers_last_comparable_period_named", peers("at_most"), yearly(2016, 8.0, 8.2, 7.9, 8.1, 8.0, 8.2, 7.8, 8.1, 7.9),
         Status.ACHIEVED, "peer_met", "no peer median for 2024: judged on 2023 and said so",
         says="Compared for 2023: there is no peer median for 2024 yet",
         kwargs={"peer_median": NO_PEERS_2024, "better": "lower"}),
    Case("peers_gap_widening", peers("at_most"), yearly(2016, 10.0, 10.1, 9.9, 10.0, 10.1, 10.0, 11.0, 12.0, 13.0),
         Status.OFF_TRACK, "peer_widening", "the gap grows +1/yr (t 5.2)",
         kwargs={"peer_median": FLAT_PEERS, "better": "lower"}),
    Case("peers_gap_narrowing_too_slowly", peers("at_most"), yearly(2016, 14.0, 14.1, 13.9, 14.0, 14.1, 14.0, 13.6, 13.2, 12.8),
         Status.TOO_SLOW, "peer_narrowing", "the gap closes −0.4/yr: still +2.4 in 2025",
         says="too slowly", kwargs={"peer_median": FLAT_PEERS, "better": "lower"}),
    Case("peers_none_comparable", peers("at_most"), yearly(2022, 12, 11, 10),
         Status.NOT_ASSESSABLE, "peer_missing", "no peer median at all", kwargs={"better": "lower"}),
    # ---------------------------------------------------------------- milestones
    Case("milestone_done_on_time", milestone(2022, date(2022, 11, 30)), [], Status.ACHIEVED, "ms_done",
         "done 30.11.2022 ≤ 31.12.2022", says="within the deadline"),
    Case("milestone_done_late", milestone(date(2022, 6, 30), date(2023, 2, 1)), [], Status.ACHIEVED,
         "ms_late", "done after its deadline: achieved, late", late=True, says="later than the deadline"),
    Case("milestone_without_report_is_pending", milestone(2025), [], Status.PENDING, "ms_pending",
         "nothing reported, deadline ahead: never 'on track'", says="no progress report"),
    Case("milestone_overdue_without_report", milestone(2023), [], Status.NOT_REPORTED, "ms_not_reported",
         "deadline passed, nobody reported: not reported, not 'wrong direction'"),
    Case("milestone_reported_in_progress", milestone(2025), [], Status.ON_TRACK, "ms_in_progress",
         "a dated report says in progress, deadline ahead", says="Report: “Luonnos lausunnolla.”",
         kwargs={"reports": [Report(date(2025, 3, 1), "in_progress", text="Luonnos lausunnolla.")]}),
    Case("milestone_reported_late", milestone(2025), [], Status.TOO_SLOW, "ms_reported_late",
         "the editor reports it will be late", kwargs={"reports": [Report(date(2025, 3, 1), "late")]}),
    Case("milestone_missed", milestone(2024), [], Status.MISSED, "ms_missed",
         "reported still in progress after its deadline",
         kwargs={"reports": [Report(date(2025, 2, 1), "in_progress")]}),
    Case("milestone_future_done_on_is_a_plan", milestone(2024, date(2026, 1, 1)), [],
         Status.NOT_REPORTED, "ms_not_reported", "a done_on after today is a plan, not a fact"),
    Case("milestone_done_by_report", milestone(2025), [], Status.ACHIEVED, "ms_done",
         "an editor's done report counts like done_on",
         kwargs={"reports": [Report(date(2025, 3, 1), "done", done_on=date(2025, 2, 20))]}),
    # ---------------------------------------------------------------- followed
    Case("followed_reported", FollowedTarget(kind="followed"), yearly(2022, 5, 6, 7), Status.REPORTED,
         "followed_fresh", "the 2025 value is due only by 30.4.2026"),
    Case("followed_overdue", FollowedTarget(kind="followed"), yearly(2020, 5, 6, 7), Status.NOT_REPORTED,
         "followed_stale", "the 2023 value was due by 30.4.2024", stale=True, says="not been reported on time"),
    Case("followed_never_reported", FollowedTarget(kind="followed"), [], Status.NOT_REPORTED,
         "followed_never", "the 2021 value was due by 30.4.2023: not 'no data' any more"),
    Case("followed_nothing_due_yet", FollowedTarget(kind="followed"), [], Status.NO_DATA, "no_data",
         "before the first value is due", kwargs={"today": date(2022, 6, 1)}),
    Case("followed_every_24_months", FollowedTarget(kind="followed", every_months=24), yearly(2021, 5, 6, 7),
         Status.REPORTED, "followed_fresh", "reported every 24 months: the next is due by 30.4.2026"),
    Case("qualitative_assessment", FollowedTarget(kind="followed"), [], Status.ON_TRACK, "assessment_judged",
         "an editor's dated judgement of a qualitative mittari",
         kwargs={"reports": [Report(date(2025, 1, 15), "assessment", judgement=Status.ON_TRACK,
                                    text="Palveluverkko uudistuu suunnitellusti.")]}),
    Case("biennial_survey_is_not_stale_a_year_early", at_least(80), yearly(2017, 70, None, 72, None, 74, None, 76),
         Status.TOO_SLOW, "value_too_slow",
         "every second year: cadence 24 months inferred, the 2025 round is due by 30.6.2026",
         kwargs={"frequency": "irregular", "decimals": 0, "unit": "", "today": date(2024, 6, 1),
                 "lag_months": 6}),
    # ---------------------------------------------------------------- discontinued series
    Case("series_ended_before_the_target_year", at_most(100), yearly(2015, 110, 108, 106, 104, 102),
         Status.NOT_ASSESSABLE, "series_ended",
         "THL's index stops at 2019: no verdict for 2025 and no 'overdue' either",
         says="The series ended in 2019", kwargs={"series_ended": 2019}),
    Case("series_ended_direction_uses_the_period_end", direction("decrease"), yearly(2015, 110, 108, 106, 104, 102),
         Status.NOT_ASSESSABLE, "series_ended", "no `by`: the strategy period's end (2025) is after 2019",
         says="target for 2025", kwargs={"series_ended": 2019}),
    Case("series_ended_vs_peers", peers("at_most"), yearly(2015, 110, 108, 106, 104, 102),
         Status.NOT_ASSESSABLE, "series_ended", "the peer median of 2025 will never be published",
         kwargs={"series_ended": 2019, "peer_median": {"2019": 100.0}}),
    Case("series_ended_after_the_target_year_is_judged", at_most(100, by=2018), yearly(2015, 110, 108, 106, 104, 102),
         Status.MISSED, "value_missed", "the target year 2018 is inside the published series",
         kwargs={"series_ended": 2019}),
    Case("series_ended_milestone_is_not_affected", milestone(2024), [], Status.NOT_REPORTED, "ms_not_reported",
         "a milestone rests on reports, not on the series", kwargs={"series_ended": 2019}),
]  # fmt: skip


def run(case: Case) -> Assessment:
    return assess(case.target, case.series, **(DEFAULTS | case.kwargs))


def check(case: Case) -> None:
    """Everything the table says about one case (used by the mutation checks too)."""
    a = run(case)
    sentence = a.explanation["en"].replace("\u00a0", " ")
    assert a.status is case.status, (a.reason, sentence)
    assert a.reason == case.reason, sentence
    assert a.late is case.late
    assert a.stale is case.stale
    if case.says is not None:
        assert case.says in sentence, sentence


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_status_table(case: Case) -> None:
    check(case)


def table_failures() -> list[str]:
    """Ids of the table's cases that fail (a crash counts as a failure)."""
    failed = []
    for case in CASES:
        try:
            check(case)
        except Exception:  # noqa: BLE001 - a broken engine may crash instead of answering wrong
            failed.append(case.id)
    return failed


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sentences_are_translated_and_show_the_latest_value(case: Case) -> None:
    a = run(case)
    options = DEFAULTS | case.kwargs
    assert set(a.explanation) == {"fi", "sv", "en"}
    assert len(set(a.explanation.values())) == 3
    for lang, sentence in a.explanation.items():
        assert (
            sentence.rstrip("”“").endswith(".") and "{" not in sentence and "None" not in sentence
        )
        windowed = a.facts["latest"] and "first" in a.facts["latest"]
        if a.latest_value is not None and not windowed and a.reason not in ("peer_met",):
            shown = format_value(a.latest_value, options["decimals"], options["unit"], lang)
            assert shown in sentence, (lang, sentence)


def test_councillor_sentence_in_three_languages() -> None:
    a = assess(at_most(6.0), yearly(2016, 9.6, 9.4, 9.2, 9.0, 8.8, 8.6, 8.4, 8.1, 7.9),
               **DEFAULTS | {"better": "lower"})  # fmt: skip
    nbsp = "\u00a0"
    assert a.status is Status.TOO_SLOW
    assert a.explanation["fi"] == (
        f"Viimeisin arvo 7,9{nbsp}% (2024) on yli tavoitteen 6,0{nbsp}% (tavoitevuosi 2025). "
        "Kehitys on tavoitteen suuntaista mutta liian hidasta: nykyvauhdilla arvo on "
        f"7,6{nbsp}% vuonna 2025, mikä ei riitä tavoitteeseen."
    )
    assert a.explanation["sv"].startswith(f"Det senaste värdet 7,9{nbsp}% (2024) ligger över målet")
    assert a.explanation["en"].startswith(
        "The latest value 7.9% (2024) is above the target of 6.0%"
    )


def test_a_revised_value_is_a_different_series_with_its_own_verdict() -> None:
    original = yearly(2018, 62.5, 65, 67.5, 70, 72.5, 75, 77.5)
    revised = yearly(2018, 62.5, 65, 67.5, 70, 72.5, 75, 74.0)
    assert assess(at_least(80), original, **DEFAULTS) == assess(at_least(80), original, **DEFAULTS)
    assert assess(at_least(80), original, **DEFAULTS).status is Status.ON_TRACK
    assert assess(at_least(80), revised, **DEFAULTS).status is not Status.ON_TRACK


def test_an_achieved_level_holds_through_a_dip_within_noise() -> None:
    """Achieved at one review stays achieved at the next while the level still meets the target
    (hysteresis replayed from the series itself), instead of flipping on one weak year."""
    series = yearly(
        2014, 70.0, 72.1, 70.4, 71.9, 70.6, 72.3, 71.0, 72.2, 71.4, 72.0, 70.2, 70.6, 70.4
    )
    options = DEFAULTS | {"adoption": date(2019, 12, 13)}
    before = assess(at_least(70, by=2030), series[:-1], **options | {"today": date(2026, 6, 1)})
    after = assess(at_least(70, by=2030), series, **options | {"today": date(2027, 6, 1)})
    assert before.status is Status.ACHIEVED and before.reason == "value_achieved"
    assert after.status is Status.ACHIEVED and after.reason == "value_achieved_held", (
        after.explanation
    )


def test_the_engine_checks_better() -> None:
    with pytest.raises(ValueError, match="better"):
        assess(at_least(1), yearly(2021, 1), **DEFAULTS | {"better": "up"})


def test_malformed_period_is_refused() -> None:
    with pytest.raises(ValueError, match="2024-05"):
        assess(at_least(1), [Point("2024-05", 1.0)], **DEFAULTS)


def test_roll_up_counts_followed_apart_and_never_averages() -> None:
    by_id = {c.id: c for c in CASES}
    picked = ["value_on_track", "value_moving_away", "followed_reported", "followed_overdue",
              "milestone_without_report_is_pending"]  # fmt: skip
    counts = roll_up([run(by_id[i]) for i in picked])
    assert list(counts.targets) == list(STATUS_ORDER)
    assert counts.targets[Status.ON_TRACK] == 1 and counts.targets[Status.OFF_TRACK] == 1
    assert counts.targets[Status.PENDING] == 1 and counts.targets[Status.REPORTED] == 0
    assert counts.followed == {Status.NOT_REPORTED: 1, Status.NO_DATA: 0, Status.REPORTED: 1}
    assert counts.total == 5
    empty = roll_up([])
    assert empty.targets == dict.fromkeys(STATUS_ORDER, 0) and empty.total == 0
    assert set(FOLLOWED_STATUSES) <= set(STATUS_ORDER)


def test_status_order_is_worst_first_and_complete() -> None:
    assert STATUS_ORDER[0] is Status.MISSED and STATUS_ORDER[-1] is Status.ACHIEVED
    assert sorted(STATUS_ORDER) == sorted(Status)


# ---------------------------------------------------------------- the statistics


def test_student_t_quantiles_match_the_tables() -> None:
    # two-sided 90 % (p = 0.95) and 95 % (p = 0.975) from any statistics table
    for df, q95, q975 in [
        (1, 6.314, 12.706),
        (2, 2.920, 4.303),
        (5, 2.015, 2.571),
        (30, 1.697, 2.042),
    ]:
        assert t_quantile(0.95, df) == pytest.approx(q95, abs=1e-3)
        assert t_quantile(0.975, df) == pytest.approx(q975, abs=1e-3)


def test_noise_of_a_straight_line_is_the_rounding_floor() -> None:
    xs = [2015.0 + i for i in range(8)]
    noise = estimate_noise(xs, [10.0 + 0.5 * i for i in range(8)], 1)
    assert noise.sd == pytest.approx(0.1 / 12**0.5) and noise.df == 6
    assert rounding_step([20500, 20380, 20260], 0) == 10  # rounded to tens
    assert rounding_step([1.0, 2.0, 3.0], 1) == 1  # whole numbers shown with a decimal


def test_noise_is_robust_to_one_blip_and_unknown_below_four_values() -> None:
    xs = [2015.0 + i for i in range(9)]
    calm = [50, 51, 49, 50.5, 49.5, 50, 51, 49, 50]
    blip = calm[:-1] + [80]
    sd_calm = estimate_noise(xs, calm, 1).sd
    sd_blip = estimate_noise(xs, blip, 1).sd
    assert sd_calm is not None and sd_blip is not None and sd_blip < 3 * sd_calm
    assert not estimate_noise(xs[:3], calm[:3], 1).known


# ---------------------------------------------------------------- periods and the review warning


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


def test_cadence_declared_inferred_or_by_frequency() -> None:
    assert cadence_months("irregular", ["2019", "2021", "2023"]) == 24  # a biennial survey
    assert cadence_months("irregular", ["2023"]) == 12  # one value: a year, the optimistic guess
    assert cadence_months("irregular", ["2019", "2021"], declared=36) == 36
    assert cadence_months("quarterly", ["2024Q1", "2024Q2"]) == 3
    assert next_value_expected("2023", "irregular", 6, cadence=24) == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("review", "latest", "frequency", "lag", "can"),
    [
        (date(2026, 3, 1), "2024", "yearly", 4, False),  # 2025 value out only in April 2026
        (date(2026, 5, 15), "2024", "yearly", 4, True),
        (date(2026, 4, 30), "2024", "yearly", 4, True),  # the very day it is due
        (date(2025, 6, 1), "2024Q4", "quarterly", 2, True),
        (date(2025, 5, 1), "2024Q4", "quarterly", 2, False),
        (date(2025, 1, 1), None, "yearly", 6, True),  # nothing yet: nothing rules it out
    ],
)
def test_can_update_before(
    review: date, latest: str | None, frequency: str, lag: int, can: bool
) -> None:
    assert can_update_before(review, latest, frequency, lag) is can


def test_review_warning_never_shows_a_next_value_date_in_the_past() -> None:
    """Manual and biennial alike: a passed date is an overdue value, flagged as such."""
    survey = assess(at_least(80), yearly(2019, 70, None, 72, None, 74),
                    **DEFAULTS | {"frequency": "irregular", "lag_months": 2, "decimals": 0})  # fmt: skip
    late = outlook(survey, date(2026, 12, 2), review=date(2027, 3, 1))
    assert late.expected == date(2026, 2, 28) and late.overdue and late.before_review
    early = outlook(survey, date(2025, 6, 1), review=date(2025, 12, 1))
    assert (
        early.expected == date(2026, 2, 28) and not early.overdue and early.before_review is False
    )
    assert outlook(survey, date(2025, 6, 1), review=None).before_review is None
    nothing = assess(at_least(80), [], **DEFAULTS)
    assert outlook(nothing, TODAY, date(2026, 1, 1)).expected is None


def test_unknown_frequency_is_refused() -> None:
    with pytest.raises(ValueError, match="fortnightly"):
        next_value_expected("2024", "fortnightly", 0)


def test_status_engine_imports_without_streamlit(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.setitem(sys.modules, "streamlit", None)
    for name in [n for n in sys.modules if n.startswith("mittaristo.status")]:
        monkeypatch.delitem(sys.modules, name)
    assert importlib.import_module("mittaristo.status").Status.ACHIEVED == "achieved"
