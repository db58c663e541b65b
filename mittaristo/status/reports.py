"""Milestones and followed mittarit: judged on dated reports, never on silence.

A `Report` is what an editor records for a mittari (issue 14 brings the form): a milestone
report (done on a date / in progress / late, with a sentence) or a qualitative assessment (a
sentence and, optionally, a judgement). A milestone's `done_on` in the strategy YAML counts as
a done report. Silence is never good news: a milestone nobody has reported on is pending
before its deadline and not reported after it; a followed mittari is reported or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from mittaristo.config.model import FollowedTarget, MilestoneTarget
from mittaristo.status.facts import Facts
from mittaristo.status.periods import month_end_after
from mittaristo.status.result import Status
from mittaristo.status.verdict import Verdict

ReportState = Literal["done", "in_progress", "late", "assessment"]
# An editor's judgement of a qualitative mittari may be one of these.
JUDGEMENTS = frozenset(
    {
        Status.ACHIEVED,
        Status.ON_TRACK,
        Status.TOO_SLOW,
        Status.OFF_TRACK,
        Status.MISSED,
        Status.NO_CLEAR_CHANGE,
    }
)


@dataclass(frozen=True)
class Report:
    """One dated report on a mittari (a future `reported_on` is ignored until that day)."""

    reported_on: date
    state: ReportState
    done_on: date | None = None  # state "done": when it was done (default: reported_on)
    judgement: Status | None = None  # state "assessment": the editor's verdict, if any
    text: str = ""

    def __post_init__(self) -> None:
        if self.judgement is not None and self.judgement not in JUDGEMENTS:
            raise ValueError(f"a judgement is one of {sorted(JUDGEMENTS)}, got {self.judgement}")


def _deadline(target: MilestoneTarget) -> date:
    return target.by if isinstance(target.by, date) else date(target.by, 12, 31)


def _done_on(target: MilestoneTarget, reports: Sequence[Report], today: date) -> date | None:
    """When it was done, from a done report or the YAML's done_on (a future date is a plan)."""
    days = [r.done_on or r.reported_on for r in reports if r.state == "done"]
    if target.done_on is not None:
        days.append(target.done_on)
    days = [d for d in days if d <= today]
    return min(days) if days else None


def judge_milestone(target: MilestoneTarget, reports: Sequence[Report], today: date) -> Verdict:
    due = _deadline(target)
    mine = sorted(
        (r for r in reports if r.reported_on <= today and r.state != "assessment"),
        key=lambda r: r.reported_on,
    )
    words = {"d": target.description}
    base = Verdict(Status.PENDING, "ms_pending", target_year=due.year, words=words)
    done = _done_on(target, mine, today)
    if done is not None:
        late = done > due
        return base.but(status=Status.ACHIEVED, reason="ms_late" if late else "ms_done", late=late,
                        words=words | {"done": done.isoformat()})  # fmt: skip
    last = mine[-1] if mine else None
    if last is not None:
        words = words | {"reported": last.reported_on.isoformat(), "text": last.text}
    if today <= due:
        if last is None:
            return base
        if last.state == "late":
            return base.but(status=Status.TOO_SLOW, reason="ms_reported_late", words=words)
        return base.but(status=Status.ON_TRACK, reason="ms_in_progress", words=words)
    if last is None:
        return base.but(status=Status.NOT_REPORTED, reason="ms_not_reported")
    return base.but(status=Status.MISSED, reason="ms_missed", words=words)


def judge_followed(
    target: FollowedTarget,
    facts: Facts,
    reports: Sequence[Report],
    *,
    today: date,
    first_due: date,
    period_end_year: int,
) -> Verdict:
    """Reported while the newest value (or assessment) is fresh; not reported once the next
    one is overdue, or when nothing has come although the first value was due (`first_due`)."""
    base = Verdict(Status.NO_DATA, "no_data", target_year=period_end_year)
    assessments = sorted(
        (r for r in reports if r.state == "assessment" and r.reported_on <= today),
        key=lambda r: r.reported_on,
    )
    if assessments and not facts.raw:
        return _assessed(base, assessments[-1], target, today)
    if facts.raw or facts.withheld:
        if facts.stale:
            return base.but(status=Status.NOT_REPORTED, reason="followed_stale")
        return base.but(status=Status.REPORTED, reason="followed_fresh")
    if today > first_due:
        words = {"first_due": first_due.isoformat()}
        return base.but(status=Status.NOT_REPORTED, reason="followed_never", words=words)
    return base


def _assessed(base: Verdict, report: Report, target: FollowedTarget, today: date) -> Verdict:
    words = {"reported": report.reported_on.isoformat(), "text": report.text}
    due = month_end_after(report.reported_on, target.every_months or 12)
    if due < today:
        return base.but(status=Status.NOT_REPORTED, reason="assessment_stale", words=words)
    if report.judgement is not None:
        words["judgement"] = str(report.judgement)
        return base.but(status=Status(report.judgement), reason="assessment_judged", words=words)
    return base.but(status=Status.REPORTED, reason="assessment", words=words)
