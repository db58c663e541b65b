"""Toteuma: the editors' dated reports on a mittari (issue 14 point 5).

A milestone gets "done on a date", "in progress" or "late", each with a sentence; a qualitative
(followed) mittari gets an assessment: a short text and, optionally, a judgement. The status
engine judges them (mittaristo.status.reports); this module only stores them. Reports are
appended, never changed (the newest is the current one, the older ones are the history), and
every one is audited in the same transaction (entity `mittari_report`, key `town:mittari`).
A manual mittari's value is not a report: it goes to the statistics store through the manual
values path (loaders.manual_entry), audited there as `manual_value`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import cast

from mittaristo.config.model import Strategy
from mittaristo.edits.audit import record
from mittaristo.edits.db import next_id, read_rows, utc_now, write_connection
from mittaristo.edits.rights import Editor, InvalidEdit, require_editor
from mittaristo.status.reports import JUDGEMENTS, Report, ReportState
from mittaristo.status.result import Status

REPORT_STATES: tuple[str, ...] = ("done", "in_progress", "late", "assessment")
MILESTONE_STATES: tuple[str, ...] = ("done", "in_progress", "late")
MAX_TEXT = 1000
MAX_PERIOD = 20
EARLIEST = dt.date(1990, 1, 1)


@dataclass(frozen=True)
class MittariReport:
    """One stored report with who recorded it and when (the page's "who"); `report` is what
    the status engine reads."""

    id: int
    town: str
    mittari_id: str
    report: Report
    period: str | None
    reported_by: str
    reported_at: dt.datetime

    @property
    def state(self) -> str:
        return self.report.state


_SELECT = """SELECT id, town, mittari_id, state, reported_on, done_on, judgement, text, period,
    reported_by, reported_at FROM mittari_report"""


def _from_row(row: tuple) -> MittariReport:
    rid, town, mid, state, on, done, judgement, text, period, by, at = row
    report = Report(
        reported_on=on,
        state=cast(ReportState, state),
        done_on=done,
        judgement=Status(judgement) if judgement else None,
        text=text or "",
    )
    return MittariReport(rid, town, mid, report, period, by, at)


def stored_reports(edits_path: Path | str, town: str) -> dict[str, list[MittariReport]]:
    """mittari id → its stored reports with their authors, oldest first."""
    rows = read_rows(
        edits_path,
        f"{_SELECT} WHERE town = ? ORDER BY mittari_id, reported_on, reported_at, id",
        [town],
    )
    out: dict[str, list[MittariReport]] = {}
    for row in rows:
        item = _from_row(row)
        out.setdefault(item.mittari_id, []).append(item)
    return out


def mittari_reports(edits_path: Path | str, town: str) -> dict[str, list[Report]]:
    """mittari id → its reports (what the status engine reads), oldest first."""
    return {
        mid: [item.report for item in items]
        for mid, items in stored_reports(edits_path, town).items()
    }


def latest_reports(edits_path: Path | str, town: str) -> dict[str, MittariReport]:
    """mittari id → its newest report (by report date, then by when it was recorded)."""
    return {mid: items[-1] for mid, items in stored_reports(edits_path, town).items()}


def _as_date(value: object, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidEdit(f"{name} must be a date (YYYY-MM-DD), got {value!r}")


def _check_kind(strategy: Strategy, mittari_id: str, state: str) -> None:
    """The state fits the mittari: milestone states for a milestone, an assessment for a
    qualitative mittari; a mittari with a level gets its Toteuma as a value, not a report."""
    use = next((u for _, _, u in strategy.indicator_uses() if u.id == mittari_id), None)
    if use is None:
        raise InvalidEdit(f"the strategy of {strategy.municipality} has no mittari {mittari_id!r}")
    kind = use.target.kind
    if kind == "milestone" and state not in MILESTONE_STATES:
        raise InvalidEdit(
            f"a milestone report is one of {', '.join(MILESTONE_STATES)}, got {state!r}"
        )
    if kind == "followed" and state != "assessment":
        raise InvalidEdit(f"a followed mittari gets an assessment, got {state!r}")
    if kind not in ("milestone", "followed"):
        raise InvalidEdit(
            f"mittari {mittari_id!r} has a {kind} target: its Toteuma is a value, not a report"
        )


def record_report(
    edits_path: Path | str,
    *,
    editor: Editor | None,
    town: str,
    mittari_id: str,
    state: str,
    reported_on: dt.date | str,
    done_on: dt.date | str | None = None,
    judgement: str | None = None,
    text: str = "",
    period: str | None = None,
    strategy: Strategy | None = None,
    today: dt.date | None = None,
) -> MittariReport:
    """Store one report (audited with the mittari's previous newest report as `old`).

    Refuses without an editor (EditNotAllowed) and on an invalid report (InvalidEdit); either
    way nothing is written. `strategy`, when given, checks that the mittari is in it and that
    the state fits its target (milestone states for a milestone, an assessment otherwise).
    """
    who = require_editor(editor)
    today = today or dt.date.today()
    town = (town or "").strip()
    mittari_id = (mittari_id or "").strip()
    if not town or not mittari_id:
        raise InvalidEdit("a report needs a town and a mittari")
    if state not in REPORT_STATES:
        raise InvalidEdit(f"unknown report state {state!r} (allowed: {', '.join(REPORT_STATES)})")
    on = _as_date(reported_on, "reported_on")
    if on is None:
        raise InvalidEdit("a report needs the date it was reported (reported_on)")
    done = _as_date(done_on, "done_on")
    if not EARLIEST <= on <= today:
        raise InvalidEdit(f"reported_on {on.isoformat()} is not between 1990 and today")
    if done is not None:
        if state != "done":
            raise InvalidEdit("only a done report has a done_on date")
        if not EARLIEST <= done <= on:
            raise InvalidEdit(
                f"done_on {done.isoformat()} must be on or before the report date {on.isoformat()}"
            )
    if state == "done" and done is None:
        done = on
    judgement = (judgement or "").strip() or None
    if judgement is not None:
        if state != "assessment":
            raise InvalidEdit("only an assessment has a judgement")
        if judgement not in {str(j) for j in JUDGEMENTS}:
            allowed = ", ".join(sorted(str(j) for j in JUDGEMENTS))
            raise InvalidEdit(f"unknown judgement {judgement!r} (allowed: {allowed})")
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise InvalidEdit(f"a report's sentence is at most {MAX_TEXT} characters")
    if not text and state != "done":
        raise InvalidEdit("an in-progress, late or assessment report needs a sentence")
    period = (period or "").strip() or None
    if period is not None and len(period) > MAX_PERIOD:
        raise InvalidEdit(f"a period is at most {MAX_PERIOD} characters")
    if strategy is not None:
        _check_kind(strategy, mittari_id, state)
    report = Report(
        reported_on=on,
        state=cast(ReportState, state),
        done_on=done,
        judgement=Status(judgement) if judgement else None,
        text=text,
    )
    with write_connection(edits_path) as con:
        prev = con.execute(
            f"{_SELECT} WHERE town = ? AND mittari_id = ? "
            "ORDER BY reported_on DESC, reported_at DESC, id DESC LIMIT 1",
            [town, mittari_id],
        ).fetchone()
        item = MittariReport(next_id(con), town, mittari_id, report, period, who.name, utc_now())
        con.execute(
            "INSERT INTO mittari_report VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [item.id, town, mittari_id, state, on, done, judgement, text, period,
             item.reported_by, item.reported_at],
        )  # fmt: skip
        record(
            con, who, "mittari_report", f"{town}:{mittari_id}",
            report_facts(_from_row(prev)) if prev else None, report_facts(item),
        )  # fmt: skip
    return item


def report_facts(item: MittariReport) -> dict:
    """The report as plain JSON-ready data (the audit row, a snapshot's frozen inputs)."""
    report = asdict(item.report)
    report["judgement"] = str(item.report.judgement) if item.report.judgement else None
    return {
        "id": item.id, **report, "period": item.period, "reported_by": item.reported_by,
        "reported_at": item.reported_at,
    }  # fmt: skip
