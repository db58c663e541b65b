"""What changed between two snapshots: statuses, new data points, source revisions, actions.

Revisions come from the statistics store's vintages: each value the old snapshot could see
(as known after its load run) is compared with the same value as known after the new
snapshot's run (the current value when the new side is the live state, or has no run).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mittaristo import store
from mittaristo.edits.snapshots import Snapshot
from mittaristo.edits.stats import frames_at_runs, max_run
from mittaristo.lazy import lazy_module

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


_TOLERANCE = 1e-9


@dataclass(frozen=True)
class SnapshotDiff:
    old: Snapshot
    new: Snapshot
    status_changes: list[tuple[str, str, str]]  # (use_id, old status, new status)
    new_points: list[tuple[str, str | None, str | None]]  # (use_id, old latest, new latest)
    revised: list[tuple[str, str, float | None, float | None]]  # (use_id, period, then, now)
    actions_completed: list[str]

    @property
    def is_empty(self) -> bool:
        return not (
            self.status_changes or self.new_points or self.revised or self.actions_completed
        )


def compare_snapshots(old: Snapshot, new: Snapshot, *, db_path: Path | str) -> SnapshotDiff:
    """Differences from `old` to `new` (the order matters: `old` is the earlier one)."""
    pairs = [(o, n) for o in old.rows if (n := new.row(o.use_id)) is not None]
    status_changes = [(o.use_id, o.status, n.status) for o, n in pairs if o.status != n.status]
    new_points: list[tuple[str, str | None, str | None]] = [
        (o.use_id, o.latest_period, n.latest_period)
        for o, n in pairs
        if n.latest_period is not None and n.latest_period != o.latest_period
    ]
    completed = [
        aid for aid, status in new.actions.items()
        if status == "done" and old.actions.get(aid) != "done"
    ]  # fmt: skip
    revised = find_revisions(old, new, db_path)
    return SnapshotDiff(old, new, status_changes, new_points, revised, completed)


def find_revisions(
    old: Snapshot, new: Snapshot, db_path: Path | str
) -> list[tuple[str, str, float | None, float | None]]:
    """Values the old snapshot saw that the source has changed since (town's own series)."""
    uses = [
        (r.use_id, r.indicator_id, str(region))
        for r in old.rows
        if r.indicator_id and (region := r.inputs.get("region")) and new.row(r.use_id) is not None
    ]
    if old.load_run_id is None or not uses:
        return []
    try:
        latest = max_run(db_path)
        if latest is None or old.load_run_id > latest:
            return []  # the statistics file was rebuilt: its runs are not the old ones
        then_run = old.load_run_id
        now_run = min(new.load_run_id or latest, latest)
        ids = sorted({u[1] for u in uses})
        regions = sorted({u[2] for u in uses})
        then, now = frames_at_runs(db_path, ids, regions, [then_run, now_run])
    except store.StoreMissing:
        return []
    return _changed_values(uses, then, now)


def _changed_values(
    uses: list[tuple[str, str, str]], then: pd.DataFrame, now: pd.DataFrame
) -> list[tuple[str, str, float | None, float | None]]:
    key = ["indicator_id", "region", "period"]
    merged = then.merge(now, on=key, how="left", suffixes=("_then", "_now"))
    out = []
    for use_id, indicator_id, region in uses:
        mine = merged[(merged["indicator_id"] == indicator_id) & (merged["region"] == region)]
        for period, a, b in zip(mine["period"], mine["value_then"], mine["value_now"], strict=True):
            before, after = _num(a), _num(b)
            if _differs(before, after):
                out.append((use_id, str(period), before, after))
    return sorted(out, key=lambda item: (item[0], item[1]))


def _num(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return float(value)


def _differs(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(a - b) > _TOLERANCE * max(1.0, abs(a), abs(b))
