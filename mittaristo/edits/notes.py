"""Commentary: per mittari and review period, dated notes on what happened and what is done.

Notes are append-only: a new note never replaces an older one, the newest is the "current"
one, and the whole dated history stays readable. A mittari that is off track or too slow and
has no note for the current review period is flagged "selitys puuttuu" (explanation missing).

Review periods are named by the review that closes them: a note written on 3.5.2024 belongs to
the next review on or after that day (`2024-06-14`). After the last scheduled review, notes
belong to the calendar year (`2026`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from mittaristo.config.model import Strategy
from mittaristo.edits.audit import record
from mittaristo.edits.db import next_id, read_rows, utc_now, write_connection
from mittaristo.edits.rights import Editor, InvalidEdit, require_editor

MAX_NOTE = 5000
MAX_PERIOD = 40
NEEDS_NOTE = frozenset({"off_track", "too_slow", "missed"})


@dataclass(frozen=True)
class Note:
    """One dated note; `text` is stored verbatim (HTML in it is escaped when shown)."""

    id: int
    town: str
    use_id: str
    review_period: str
    text: str
    author: str
    created_at: dt.datetime


def review_dates(strategy: Strategy) -> list[dt.date]:
    """Every scheduled review of the strategy (adoption, meetings, mid-term, end), in order."""
    r = strategy.reviews
    dates = {r.adoption, r.end, *r.meetings}
    if r.mid_term:
        dates.add(r.mid_term)
    return sorted(dates)


def review_period(strategy: Strategy, day: dt.date) -> str:
    """The review period a note written on `day` belongs to (see the module docstring)."""
    upcoming = [d for d in review_dates(strategy) if d >= day]
    return upcoming[0].isoformat() if upcoming else str(day.year)


def review_periods(strategy: Strategy, today: dt.date) -> list[str]:
    """The periods a note can be filed under: the current one first, then the reviews, newest first."""
    current = review_period(strategy, today)
    others = [d.isoformat() for d in reversed(review_dates(strategy))]
    return [current, *[p for p in others if p != current]]


_NOTE_SQL = (
    "SELECT id, town, use_id, review_period, text, author, created_at FROM note "
    "WHERE town = ? ORDER BY created_at, id"
)


def list_notes(town: str, *, path: Path | str) -> list[Note]:
    """Every note of a town, oldest first (the history stays visible)."""
    return [Note(*row) for row in read_rows(path, _NOTE_SQL, [town])]


def latest_notes(town: str, *, path: Path | str) -> dict[str, Note]:
    """use_id → its newest note (any period)."""
    return {note.use_id: note for note in list_notes(town, path=path)}


def add_note(
    town: str,
    use_id: str,
    review_period: str,
    text: str,
    *,
    editor: Editor | None,
    path: Path | str,
) -> Note:
    """Append a note (audited); refuses without an editor or with an empty/too long text."""
    who = require_editor(editor)
    _check_note(town, use_id, review_period, text)
    with write_connection(path) as con:
        previous = con.execute(
            "SELECT id, text, author, created_at FROM note WHERE town = ? AND use_id = ? "
            "AND review_period = ? ORDER BY created_at DESC, id DESC LIMIT 1",
            [town, use_id, review_period],
        ).fetchone()
        note = Note(next_id(con), town, use_id, review_period, text, who.name, utc_now())
        con.execute("INSERT INTO note VALUES (?, ?, ?, ?, ?, ?, ?)", list(asdict(note).values()))
        old = None
        if previous:
            old = dict(zip(("id", "text", "author", "created_at"), previous, strict=True))
        record(con, who, "note", f"{town}:{use_id}:{review_period}", old, asdict(note))
    return note


def _check_note(town: str, use_id: str, review_period: str, text: str) -> None:
    if not town or not use_id:
        raise InvalidEdit("a note needs a town and a mittari")
    if not review_period or len(review_period) > MAX_PERIOD:
        raise InvalidEdit("a note needs a review period")
    if not isinstance(text, str) or not text.strip():
        raise InvalidEdit("the note is empty")
    if len(text) > MAX_NOTE:
        raise InvalidEdit(f"the note is longer than {MAX_NOTE} characters")


def missing_notes(rows: Iterable[Any], notes: Iterable[Note], period: str) -> set[str]:
    """Ids of mittarit (ScoreRow or SnapshotRow) that are off track or too slow and have no
    note for `period`: these need "selitys puuttuu" on the overview and in exports."""
    explained = {n.use_id for n in notes if n.review_period == period}
    flagged = set()
    for row in rows:
        use_id = row.use.id if hasattr(row, "use") else row.use_id
        if str(row.status) in NEEDS_NOTE and use_id not in explained:
            flagged.add(use_id)
    return flagged
