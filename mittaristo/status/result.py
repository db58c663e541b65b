"""The verdict's vocabulary: the statuses, their worst-first order, the assessment record, and
the roll-up that counts statuses instead of averaging them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    ACHIEVED = "achieved"  # the target is met on a level that holds (`late`: after its year)
    ON_TRACK = "on_track"  # a clear trend that reaches the target by its year
    TOO_SLOW = "too_slow"  # the right way but too slowly, or the target is out of reach
    OFF_TRACK = "off_track"  # moving away from the target, beyond noise
    MISSED = "missed"  # the target year is over and the target was not met
    NO_CLEAR_CHANGE = "no_clear_change"  # the change is within the series' own noise
    NOT_ASSESSABLE = "not_assessable"  # too little evidence to judge
    NOT_REPORTED = "not_reported"  # a value or report was due and has not come
    NO_DATA = "no_data"  # nothing yet, and nothing due yet
    PENDING = "pending"  # a milestone before its deadline, nothing reported yet
    REPORTED = "reported"  # a followed mittari: its value or report is in and fresh


# Worst first, so a sorted scorecard shows the problems at the top.
STATUS_ORDER: tuple[Status, ...] = (
    Status.MISSED,
    Status.OFF_TRACK,
    Status.NOT_REPORTED,
    Status.TOO_SLOW,
    Status.NO_CLEAR_CHANGE,
    Status.NOT_ASSESSABLE,
    Status.NO_DATA,
    Status.PENDING,
    Status.ON_TRACK,
    Status.REPORTED,
    Status.ACHIEVED,
)


@dataclass(frozen=True)
class Assessment:
    """A status with every input it rests on, so the UI can show why.

    `slope` is per year (least squares since the baseline), `noise` the standard deviation of
    one value around the trend, `projection` the trend line's value at the last period of
    `target_year`, `expected_now` the straight path baseline → target at the latest period,
    `progress_ratio` (trend progress ÷ expected progress, Cascade's ratio) is None when no
    progress was required. `n_points` counts the points of the trend (the baseline included).
    `latest_*` is the source's newest value (a monthly series is judged on 12-month means; the
    sentence and `facts` say so). For vs_peers, `target_value` and `peer_value` are the peer
    median of the compared period.
    `facts` holds everything as plain JSON (the `judge` command prints it).
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
    late: bool = False
    reason: str = ""
    facts: Mapping[str, object] = field(default_factory=dict)
    due: date | None = None  # the next value is overdue after this date


@dataclass(frozen=True)
class Outlook:
    """When the next value is due, whether it is overdue, and whether it can arrive before the
    next review (None when there is no review ahead)."""

    expected: date | None
    overdue: bool
    before_review: bool | None


def outlook(assessment: Assessment, today: date, review: date | None) -> Outlook:
    """The review warning of every mittari (automatic, manual, irregular and biennial alike):
    never a "next value" date in the past — a date passed is an overdue value."""
    due = assessment.due
    if due is None:
        return Outlook(None, False, None)
    overdue = due < today
    before = None if review is None else (overdue or due <= review)
    return Outlook(due, overdue, before)


# Statuses of a followed mittari (the target is that it is reported at all).
FOLLOWED_STATUSES = (Status.NOT_REPORTED, Status.NO_DATA, Status.REPORTED)


@dataclass(frozen=True)
class RollUp:
    """Counts per status for targets with a level or a deadline, and apart from them the
    followed mittarit (reported or not): a followed value is never counted as achieved."""

    targets: dict[Status, int]
    followed: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.targets.values()) + sum(self.followed.values())


def roll_up(assessments: Iterable[Assessment]) -> RollUp:
    """Count per status, every status present (zeros too), worst first — never one average,
    which would let a few greens hide a red. Followed mittarit are counted apart."""
    targets = dict.fromkeys(STATUS_ORDER, 0)
    followed = dict.fromkeys(FOLLOWED_STATUSES, 0)
    for assessment in assessments:
        group = followed if assessment.facts.get("kind") == "followed" else targets
        group[assessment.status] = group.get(assessment.status, 0) + 1
    return RollUp(targets, followed)
