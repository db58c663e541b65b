"""Action (toimenpide) statuses: the configured start value, the edits on top, and lateness.

Every action starts as "not reported" (`not_reported`): the configuration holds a status only
where the strategy document states one. Editors report a status in the app, and each report is a
new row (append-only, audited), so the status at any earlier moment can be told.
"Late" is never stored: it is computed from the schedule, so it cannot go stale; an action nobody
has reported on stays "not reported" (lateness is a judgement on a report, not on silence).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal, cast

from mittaristo.config.model import Action, Goal, Strategy, SubGoal
from mittaristo.edits.audit import record
from mittaristo.edits.db import next_id, read_rows, utc_now, write_connection
from mittaristo.edits.rights import Editor, InvalidEdit, require_editor

EditableStatus = Literal["not_started", "in_progress", "done"]
EffectiveStatus = Literal["not_reported", "not_started", "in_progress", "done", "late"]
NOT_REPORTED = "not_reported"
# What an editor can report (an action is never set back to "not reported").
EDITABLE_STATUSES: tuple[str, ...] = ("not_started", "in_progress", "done")
EFFECTIVE_STATUSES: tuple[str, ...] = ("not_reported", "not_started", "in_progress", "done", "late")


@dataclass(frozen=True)
class ActionState:
    """The latest edited status of one action."""

    town: str
    action_id: str
    status: EditableStatus
    changed_by: str
    changed_at: dt.datetime


@dataclass(frozen=True)
class ActionRow:
    """One action as the Actions page and snapshots see it."""

    goal: Goal
    subgoal: SubGoal | None
    action: Action
    owner: str | None
    status: EffectiveStatus
    state: ActionState | None


_STATES_SQL = """
SELECT DISTINCT ON (action_id) town, action_id, status, changed_by, changed_at
FROM action_state WHERE town = ? AND (? IS NULL OR changed_at <= ?)
ORDER BY action_id, changed_at DESC, id DESC
"""


def action_states(
    town: str, *, path: Path | str, at: dt.datetime | None = None
) -> dict[str, ActionState]:
    """action_id → its newest edited state (as it was at `at`, naive UTC, when given)."""
    rows = read_rows(path, _STATES_SQL, [town, at, at])
    return {row[1]: ActionState(*row) for row in rows}


def set_action_status(
    town: str,
    action_id: str,
    status: str,
    *,
    editor: Editor | None,
    path: Path | str,
    config_status: str | None = None,
) -> ActionState:
    """Record a new status (audited with the old one; `config_status` is the old one when the
    action was never edited). An unchanged status writes nothing and returns the current state."""
    who = require_editor(editor)
    if status not in EDITABLE_STATUSES:
        raise InvalidEdit(
            f"unknown action status {status!r} (allowed: {', '.join(EDITABLE_STATUSES)})"
        )
    if not town or not action_id:
        raise InvalidEdit("an action status needs a town and an action")
    with write_connection(path) as con:
        prev = con.execute(
            "SELECT status, changed_by, changed_at FROM action_state WHERE town = ? AND "
            "action_id = ? ORDER BY changed_at DESC, id DESC LIMIT 1",
            [town, action_id],
        ).fetchone()
        status = cast(EditableStatus, status)  # checked against EDITABLE_STATUSES above
        if prev and prev[0] == status:
            return ActionState(town, action_id, prev[0], prev[1], prev[2])
        if prev is None and config_status == status:
            return ActionState(town, action_id, status, "config", utc_now())
        state = ActionState(town, action_id, status, who.name, utc_now())
        con.execute(
            "INSERT INTO action_state VALUES (?, ?, ?, ?, ?, ?)",
            [next_id(con), *asdict(state).values()],
        )
        old = (
            {"status": prev[0], "changed_by": prev[1], "changed_at": prev[2]}
            if prev
            else {"status": config_status, "changed_by": "config"}
        )
        record(con, who, "action_status", f"{town}:{action_id}", old, asdict(state))
    return state


def schedule_end_year(action: Action) -> int | None:
    """The last year of the action's schedule. A schedule with a start and no end ("2022–",
    "2022 alkaen") is open-ended: it sets no deadline, so the action is never late by it."""
    if action.schedule is None:
        return None
    return action.schedule.end


def effective_action_status(
    action: Action, state: ActionState | None, today: dt.date
) -> EffectiveStatus:
    """The edited status (else the configured one, by default "not reported"), or late: reported
    as not done after its schedule's end. An action nobody reported on is never judged late."""
    status = state.status if state else action.status
    if status == NOT_REPORTED:
        return NOT_REPORTED
    end = schedule_end_year(action)
    if status != "done" and end is not None and today > dt.date(end, 12, 31):
        return "late"
    return status


def action_rows(
    strategy: Strategy, states: dict[str, ActionState], today: dt.date
) -> list[ActionRow]:
    """Every action of the strategy in document order, with its owner (the action's, else the
    sub-goal's) and its effective status."""
    out = []
    for goal, sub, action in strategy.actions():
        state = states.get(action.id)
        owner = action.owner or (sub.owner if sub else None)
        status = effective_action_status(action, state, today)
        out.append(ActionRow(goal, sub, action, owner, status, state))
    return out
