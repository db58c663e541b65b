"""The status engine: where each strategy indicator (mittari) stands against its target.

Pure functions, no I/O. Learned from Open SDG's progress method (target achieved first; ≥ 95 %
of the needed progress is on track) and Cascade's trajectory rule (actual ÷ expected progress on
the straight path baseline → target), improved for small towns' noisy series.

Method
------
* **Points.** None/NaN values are skipped, gaps (missing years) are simply absent, a repeated
  period keeps its last value. x = start of the period in years (2024 → 2024.0, 2024Q3 →
  2024.5), so slopes are per year. A target "by 2025" is judged at the last period of 2025
  (2025 yearly, 2025Q4 quarterly).
* **Baseline.** The configured baseline (its value; without a value, the series' value at or
  before its period), else the last value of the adoption year or earlier, else the first value.
  Only the baseline and later points make the trend; `n_points` counts them.
* **Trend.** Theil–Sen slope (median of pairwise slopes) over those points. **Noise** is
  1.4826 × the median absolute deviation of the year-to-year differences of the whole series
  (the earlier years help: a short post-adoption series cannot tell its own noise). A change
  (slope × years since the baseline) counts only beyond max(noise, half the last shown decimal);
  within it the status is *no clear change*. One odd year moves neither the median slope nor
  the noise much, so a blip does not flip a status.
* **Value targets** (at_least / at_most by year). Achieved when the latest value meets the
  target as shown at the indicator's decimals. Else, when the target year's value is in and
  misses: off track. Else with fewer than two trend points: not assessable. Else the trend
  decides: clearly the wrong way → off track; within noise → no clear change; the right way →
  on track when the trend line projects the target by the target year or the progress ratio
  (trend-line value at the latest period − baseline) ÷ (expected path value − baseline) is
  ≥ 0.95, otherwise too slow. Only differences are divided, never the target, so a target of 0
  or a sign change (deficit → surplus) is safe; a baseline that already met the target needed
  no progress, so its ratio is None and the projection decides.
* **Direction targets.** Clearly the wanted way → on track (achieved once the target year's
  value is in); clearly the other way → off track; within noise → no clear change, or off track
  once the target year has passed. The year is `by`, else the strategy period's end.
* **vs_peers.** The latest value against the peer median of the SAME period; no median for
  that period → not assessable. Meeting it → achieved at once (the relation is a level held
  now, like a met value target). Not meeting it: off track once the target year is in;
  otherwise the gap (town − median) since the baseline decides — widening → off track, within
  noise → no clear change, narrowing → on track if its trend closes it by the target year, else
  too slow; fewer than two comparable periods → not assessable. `slope`, `noise`, `projection`
  stay the town's own series (what the chart draws); the gap trend is told in the sentence.
* **Milestones.** Done on or before `by` → achieved; done later → achieved, the sentence says
  late; not done after the end of `by` → off track; otherwise on track. A `done_on` in the
  future counts as not done.
* **Followed.** A fresh value → achieved; a stale one → too slow (with `stale`); none → no data.
* **Stale** (all kinds): latest period end + publication lag + one period of grace (a followed
  target's `every_months` when given) is before today.
* **Roll-up** counts statuses; it never averages them.
"""

from mittaristo.status.engine import assess
from mittaristo.status.periods import (
    Point,
    cadence_months,
    can_update_before,
    next_value_expected,
    period_end,
    period_to_year_fraction,
)
from mittaristo.status.reports import Report
from mittaristo.status.result import (
    FOLLOWED_STATUSES,
    STATUS_ORDER,
    Assessment,
    Outlook,
    RollUp,
    Status,
    outlook,
    roll_up,
)

__all__ = [
    "FOLLOWED_STATUSES",
    "STATUS_ORDER",
    "Assessment",
    "Outlook",
    "Point",
    "Report",
    "RollUp",
    "Status",
    "assess",
    "cadence_months",
    "can_update_before",
    "next_value_expected",
    "outlook",
    "period_end",
    "period_to_year_fraction",
    "roll_up",
]
