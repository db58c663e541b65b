"""The status engine: where each strategy indicator (mittari) stands against its target.

Pure functions, no I/O. A verdict needs evidence beyond the series' own uncertainty; the full
method, its thresholds and why, with worked examples, is docs/STATUS_METHOD.md (fi + en).

Method
------
* **Points.** Valid values by period (a repeated period keeps its last entry); a newest period
  without a value (`..`) is *withheld*: named in the sentence, and it counts as published.
  Monthly / quarterly series are judged on 12-month (4-quarter) means stepping back a year from
  the newest period (series.py). x = the period's start in years, so slopes are per year.
* **Baseline.** The strategy's own (its value, else the series' value at or before its period),
  else the last point of the adoption year or earlier, else the first point.
* **Noise** σ of one value: year-to-year differences of at most the last 15 yearly points,
  centred on their typical step, clipped at 2.5 robust SDs, σ = RMS ÷ √2, never below the
  rounding's step ÷ √12; unknown below four values (stats.py).
* **Trend.** Least squares from the baseline on (completed to three points with the years before
  when only one value follows it). A direction is clear when |t| = |slope ÷ SE| ≥ Student's t
  (two-sided 90 %) and it survives leaving out any one value (|t| ≥ 1).
* **Level** = the clear trend's line at the newest point, else the median of the last five
  values; *achieved* when it is beyond the target by a one-sided 90 % margin.
* **Value targets** (value.py): the target year's value decides once it is in (achieved, or
  missed, or achieved late); an overdue next value → not reported; then achieved → a clear trend
  towards the target: on track when the line meets it (as shown) in the target year, else too
  slow; away → off track; no clear trend: too slow when the one-sided 97.5 % best end of the
  projection misses (out of reach), else no clear change / not assessable.
* **Direction targets** (direction.py): a clear trend the wanted way and the newest value on the
  wanted side of the baseline; after the target year, the trend up to it decides.
* **vs_peers** (relative.py): the gap town − median as a value target of 0 on its own noise; the
  last comparable period when the newest has no median (said in the sentence).
* **Milestones and followed** (reports.py): dated reports (done / in progress / late /
  assessment) and `done_on`; silence is pending before a deadline and not reported after it.
* **Replayed reviews**: the earlier reviews (the series cut after each value since the baseline)
  are judged first, and a verdict holds until the evidence turns.
* **Sentences** (explain.py, texts in the catalog) are built from the facts: every number is a
  fact as shown, every comparison word agrees with it (tests/test_status_sentences.py).
* **Roll-up** counts statuses, followed mittarit apart; it never averages them.
"""

from mittaristo.status.engine import assess
from mittaristo.status.periods import (
    Point,
    cadence_months,
    can_update_before,
    next_value_expected,
    period_end,
    period_start,
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
    "period_start",
    "period_to_year_fraction",
    "roll_up",
]
