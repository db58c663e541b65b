"""Review snapshots: the scorecard and the action statuses frozen at a date.

A snapshot (the adoption baseline, each meeting, the mid-term review, the term end) stores every
mittari's value, status and the inputs the status rests on, with the load run the numbers came
from, so a later comparison can tell a new data point from a value the source revised.
Snapshots are never changed or deleted once taken.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from mittaristo.config.result import Config
from mittaristo.edits.actions import action_rows, action_states
from mittaristo.edits.audit import clean_json, dumps, record
from mittaristo.edits.db import EditsError, next_id, read_rows, utc_now, write_connection
from mittaristo.edits.mittari_reports import MittariReport, report_facts, stored_reports
from mittaristo.edits.rights import Editor, InvalidEdit, require_editor
from mittaristo.edits.stats import latest_frame
from mittaristo.scorecard import ScoreRow, build_scorecard, regions_needed

SnapshotKind = Literal["adoption", "meeting", "mid_term", "end", "other"]
KINDS: tuple[str, ...] = ("adoption", "meeting", "mid_term", "end", "other")
MAX_LABEL = 120
_INPUT_FIELDS = (
    "baseline_period", "baseline_value", "target_value", "target_year", "slope", "noise",
    "projection", "expected_now", "progress_ratio", "peer_value", "n_points",
)  # fmt: skip


class UnknownSnapshot(EditsError, LookupError):
    """No snapshot with that id."""


@dataclass(frozen=True)
class SnapshotRow:
    use_id: str
    indicator_id: str | None
    text: str
    goal_id: str
    latest_period: str | None
    latest_value: float | None
    status: str
    stale: bool
    inputs: dict
    explanation: dict[str, str]


@dataclass(frozen=True)
class Snapshot:
    """`id` 0 marks the unsaved current state (see `current_snapshot`)."""

    id: int
    town: str
    label: str
    kind: SnapshotKind
    taken_at: dt.datetime
    as_of: dt.date
    load_run_id: int | None
    taken_by: str
    rows: tuple[SnapshotRow, ...]
    actions: dict[str, str]

    def row(self, use_id: str) -> SnapshotRow | None:
        return next((r for r in self.rows if r.use_id == use_id), None)


def snapshot_row(row: ScoreRow, region: str, report: MittariReport | None = None) -> SnapshotRow:
    """Freeze one scorecard row: its status and everything the status was computed from (a
    milestone's or qualitative mittari's newest report too: state, dates, sentence, who)."""
    a = row.assessment
    inputs = {name: getattr(a, name) for name in _INPUT_FIELDS}
    inputs |= {
        "region": region,
        "kind": row.kind,
        "target": row.use.target.model_dump(mode="json"),
        "points": [[p.period, p.value] for p in row.points],
    }
    if report is not None:
        inputs["report"] = report_facts(report)
        inputs["n_reports"] = len(row.reports)
    value = a.latest_value
    return SnapshotRow(
        row.use.id, row.indicator.id if row.indicator else None, row.use.text, row.goal.id,
        a.latest_period, value, str(a.status), bool(a.stale), clean_json(inputs),
        dict(a.explanation),
    )  # fmt: skip


def current_snapshot(
    config: Config,
    town: str,
    *,
    db_path: Path | str,
    path: Path | str,
    today: dt.date | None = None,
    label: str = "",
    kind: SnapshotKind = "other",
    taken_by: str = "",
) -> Snapshot:
    """The state now, as a snapshot that is not stored (id 0): what a snapshot would freeze."""
    if town not in config.strategies:
        raise InvalidEdit(f"unknown town {town!r}")
    strategy = config.strategies[town]
    today = today or dt.date.today()
    ids = sorted({u.indicator for _, _, u in strategy.indicator_uses() if u.indicator})
    run, frame = latest_frame(db_path, ids, regions_needed(strategy))
    stored = stored_reports(path, town)
    reports = {mid: [item.report for item in items] for mid, items in stored.items()}
    rows = build_scorecard(config, town, frame, today, reports)
    actions = action_rows(strategy, action_states(town, path=path), today)
    latest = {mid: items[-1] for mid, items in stored.items()}
    return Snapshot(
        0, town, label, kind, utc_now(), today, run, taken_by,
        tuple(snapshot_row(r, strategy.municipality, latest.get(r.use.id)) for r in rows),
        {a.action.id: a.status for a in actions},
    )  # fmt: skip


def take_snapshot(
    config: Config,
    town: str,
    label: str,
    kind: str,
    *,
    editor: Editor | None,
    db_path: Path | str,
    path: Path | str,
    today: dt.date | None = None,
) -> Snapshot:
    """Freeze and store the current state (audited); returns it with its new id."""
    who = require_editor(editor)
    label = (label or "").strip()
    if not label or len(label) > MAX_LABEL:
        raise InvalidEdit(f"a snapshot needs a label of 1–{MAX_LABEL} characters")
    if kind not in KINDS:
        raise InvalidEdit(f"unknown snapshot kind {kind!r} (allowed: {', '.join(KINDS)})")
    snap = current_snapshot(
        config, town, db_path=db_path, path=path, today=today, label=label,
        kind=cast(SnapshotKind, kind),
        taken_by=who.name,
    )  # fmt: skip
    with write_connection(path) as con:
        snap = dataclasses.replace(snap, id=next_id(con))
        _insert(con, snap)
        summary = {"label": label, "kind": kind, "as_of": snap.as_of, "load_run_id": snap.load_run_id,
                   "n_rows": len(snap.rows), "n_actions": len(snap.actions)}  # fmt: skip
        record(con, who, "snapshot", f"{town}:{snap.id}", None, summary)
    return snap


def _insert(con, snap: Snapshot) -> None:
    con.execute(
        "INSERT INTO snapshot VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [snap.id, snap.town, snap.label, snap.kind, snap.taken_at, snap.as_of,
         snap.load_run_id, snap.taken_by],
    )  # fmt: skip
    rows = [
        [snap.id, i, r.use_id, r.indicator_id, r.text, r.goal_id, r.latest_period,
         clean_json(r.latest_value), r.status, r.stale, dumps(r.inputs), dumps(r.explanation)]
        for i, r in enumerate(snap.rows)
    ]  # fmt: skip
    if rows:
        con.executemany(
            "INSERT INTO snapshot_row VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
    actions = [[snap.id, aid, status] for aid, status in snap.actions.items()]
    if actions:
        con.executemany("INSERT INTO snapshot_action VALUES (?, ?, ?)", actions)


_HEAD_SQL = "SELECT id, town, label, kind, taken_at, as_of, load_run_id, taken_by FROM snapshot"
_ROWS_SQL = """SELECT snapshot_id, use_id, indicator_id, text, goal_id, latest_period,
    latest_value, status, stale, CAST(inputs AS TEXT), CAST(explanation AS TEXT)
FROM snapshot_row WHERE list_contains(CAST(? AS BIGINT[]), snapshot_id) ORDER BY snapshot_id, ord"""
_ACTIONS_SQL = """SELECT snapshot_id, action_id, status FROM snapshot_action
WHERE list_contains(CAST(? AS BIGINT[]), snapshot_id)"""


def list_snapshots(town: str, *, path: Path | str) -> list[Snapshot]:
    """Every snapshot of a town, newest first."""
    heads = read_rows(path, f"{_HEAD_SQL} WHERE town = ? ORDER BY taken_at DESC, id DESC", [town])
    return _assemble(heads, path)


def get_snapshot(snapshot_id: int | str, *, path: Path | str) -> Snapshot:
    """One snapshot by id; UnknownSnapshot when there is none (or the id is not a number)."""
    try:
        wanted = int(snapshot_id)
    except (TypeError, ValueError):
        raise UnknownSnapshot(f"unknown snapshot id {snapshot_id!r}") from None
    heads = read_rows(path, f"{_HEAD_SQL} WHERE id = ?", [wanted])
    if not heads:
        raise UnknownSnapshot(f"unknown snapshot id {snapshot_id!r}")
    return _assemble(heads, path)[0]


def _assemble(heads: list[tuple], path: Path | str) -> list[Snapshot]:
    ids = [h[0] for h in heads]
    if not ids:
        return []
    rows: dict[int, list[SnapshotRow]] = {i: [] for i in ids}
    for r in read_rows(path, _ROWS_SQL, [ids]):
        inputs = json.loads(r[9]) if r[9] else {}
        explanation = json.loads(r[10]) if r[10] else {}
        rows[r[0]].append(SnapshotRow(*r[1:9], inputs, explanation))  # type: ignore[call-arg]  # columns in field order
    actions: dict[int, dict[str, str]] = {i: {} for i in ids}
    for sid, aid, status in read_rows(path, _ACTIONS_SQL, [ids]):
        actions[sid][aid] = status
    return [
        Snapshot(*h, tuple(rows[h[0]]), actions[h[0]])  # type: ignore[call-arg]  # columns in field order
        for h in heads
    ]
