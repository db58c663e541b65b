"""The verdict's vocabulary: the statuses, their worst-first order, the assessment record, and
the roll-up that counts statuses instead of averaging them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    TOO_SLOW = "too_slow"  # progressing, but too slowly to reach the target in time
    OFF_TRACK = "off_track"  # moving the wrong way, or the deadline passed unmet
    NO_CLEAR_CHANGE = "no_clear_change"  # the change is within the series' own noise
    NOT_ASSESSABLE = "not_assessable"  # values exist, but too few to judge
    NO_DATA = "no_data"


# Worst first, so a sorted scorecard shows the problems at the top.
STATUS_ORDER: tuple[Status, ...] = (
    Status.OFF_TRACK,
    Status.TOO_SLOW,
    Status.NO_CLEAR_CHANGE,
    Status.NOT_ASSESSABLE,
    Status.NO_DATA,
    Status.ON_TRACK,
    Status.ACHIEVED,
)


@dataclass(frozen=True)
class Assessment:
    """A status with every input it rests on, so the UI can show why.

    `slope` is per year (Theil–Sen since the baseline), `noise` the series' typical year-to-year
    deviation, `projection` the trend line's value at the last period of `target_year`,
    `expected_now` the straight path baseline → target at the latest period, `progress_ratio`
    (trend-line progress ÷ expected progress) is None when no progress was required or the path
    is undefined. `n_points` counts the points the trend used (the baseline included). For
    vs_peers, `target_value` and `peer_value` are both the peer median of the latest period.
    """

    status: Status
    stale: bool
    baseline_period: str | None
    baseline_value: float | None
    latest_period: str | None
    latest_value: float | None
    target_value: float | None
    target_year: int | None
    slope: float | None
    noise: float | None
    projection: float | None
    expected_now: float | None
    progress_ratio: float | None
    peer_value: float | None
    n_points: int
    explanation: dict[str, str] = field(default_factory=dict)


def roll_up(assessments: Iterable[Assessment]) -> dict[Status, int]:
    """Count per status, every status present (zeros too), worst first — never one average,
    which would let a few greens hide a red."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for assessment in assessments:
        counts[assessment.status] += 1
    return counts
