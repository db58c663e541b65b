"""User edits: action statuses, commentary notes, review snapshots and their comparison, and
the audit trail of every write — in their own DuckDB file (see db.py for why).

Editors' dated reports on milestones and qualitative mittarit (mittari_reports.py).

Every write function takes `editor=` and refuses without one (EditNotAllowed, nothing written).
Nothing is overwritten: notes and action states are appended, the newest is the current one.
"""

from mittaristo.edits.actions import (
    EDITABLE_STATUSES,
    EFFECTIVE_STATUSES,
    ActionRow,
    ActionState,
    action_rows,
    action_states,
    effective_action_status,
    set_action_status,
)
from mittaristo.edits.audit import AuditEntry, audit_log
from mittaristo.edits.compare import SnapshotDiff, compare_snapshots
from mittaristo.edits.db import EditsError, edits_version
from mittaristo.edits.mittari_reports import (
    MittariReport,
    latest_reports,
    mittari_reports,
    record_report,
    stored_reports,
)
from mittaristo.edits.notes import (
    Note,
    add_note,
    latest_notes,
    list_notes,
    missing_notes,
    review_dates,
    review_period,
    review_periods,
)
from mittaristo.edits.rights import (
    EditNotAllowed,
    Editor,
    InvalidEdit,
    hash_password,
    password_matches,
)
from mittaristo.edits.snapshots import (
    KINDS,
    Snapshot,
    SnapshotRow,
    UnknownSnapshot,
    current_snapshot,
    get_snapshot,
    list_snapshots,
    take_snapshot,
)

__all__ = [
    "EDITABLE_STATUSES",
    "EFFECTIVE_STATUSES",
    "KINDS",
    "MittariReport",
    "ActionRow",
    "ActionState",
    "AuditEntry",
    "EditNotAllowed",
    "Editor",
    "EditsError",
    "InvalidEdit",
    "Note",
    "Snapshot",
    "SnapshotDiff",
    "SnapshotRow",
    "UnknownSnapshot",
    "action_rows",
    "action_states",
    "add_note",
    "audit_log",
    "compare_snapshots",
    "current_snapshot",
    "edits_version",
    "effective_action_status",
    "get_snapshot",
    "hash_password",
    "latest_notes",
    "latest_reports",
    "list_notes",
    "list_snapshots",
    "missing_notes",
    "mittari_reports",
    "password_matches",
    "record_report",
    "review_dates",
    "review_period",
    "review_periods",
    "set_action_status",
    "stored_reports",
    "take_snapshot",
]
