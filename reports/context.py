"""Everything one town's report needs, gathered once and checked before any file is touched.

The PPTX, PDF and XLSX writers only lay out what is here, so all three show the same numbers,
statuses, notes and actions, and every "cannot make this report" case (unknown town or
snapshot, empty strategy, no data) is found before a renderer starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mittaristo import edits, store
from mittaristo.config.load import Config, ConfigValidationError
from mittaristo.config.model import Strategy
from mittaristo.config.project import load_project_config
from mittaristo.i18n import t
from mittaristo.scorecard import ScoreRow, build_scorecard, regions_needed
from mittaristo.settings import Settings
from mittaristo.status import Status

EXIT_FAILED, EXIT_USAGE = 1, 2


class ReportError(Exception):
    """A report that cannot be made, with a message in the reader's language.

    `exit_code` is 2 for a wrong argument (unknown town or snapshot, unwritable path) and 1
    when the data or configuration does not allow a report.
    """

    def __init__(self, key: str, exit_code: int, **fields: object):
        self.key, self.exit_code, self.fields = key, exit_code, fields
        super().__init__(t(key, "en", **fields))

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.fields)


@dataclass(frozen=True)
class ReportContext:
    """One town's scorecard with its data, notes, actions and (optionally) what changed."""

    config: Config
    strategy: Strategy
    town: str
    lang: str
    today: dt.date
    rows: list[ScoreRow]
    frame: pd.DataFrame
    data_mode: str
    freshness: dict[str, dict]  # indicator_id -> {release_time, last_fetched_at}
    notes: dict[str, list[edits.Note]]  # use_id -> notes, newest first
    missing_notes: set[str]  # off track / too slow without a note for this review period
    actions: list[edits.ActionRow]
    reference: edits.Snapshot | None  # what "changed status" is measured against
    diff: edits.SnapshotDiff | None  # only with --since-snapshot
    # mittari id -> the editors' reports (Toteuma) with who and when, oldest first
    reports: dict[str, list[edits.MittariReport]] = field(default_factory=dict)
    # manual indicator id -> period -> the source note stored with the town's value
    source_notes: dict[str, dict[str, str]] = field(default_factory=dict)

    def latest_report(self, use_id: str) -> edits.MittariReport | None:
        """The newest report on a mittari (its Toteuma as an editor recorded it), or None."""
        items = self.reports.get(use_id)
        return items[-1] if items else None

    @property
    def town_name(self) -> str:
        return self.strategy.name.get(self.lang)

    @property
    def strategy_title(self) -> str:
        """The strategy's own name (Heinolan kaupunkistrategia 2022–2025 …), else the town's."""
        title = getattr(self.strategy, "title", None) or self.strategy.name
        return title.get(self.lang)

    @property
    def is_demo(self) -> bool:
        return self.data_mode != "live"

    @property
    def last_fetched(self) -> dt.datetime | None:
        times = [m["last_fetched_at"] for m in self.freshness.values() if m["last_fetched_at"]]
        return max(times) if times else None

    def old_status(self, row: ScoreRow) -> Status | None:
        """The status at the reference snapshot when it differs from today's, else None."""
        old = self.reference.row(row.use.id) if self.reference else None
        if old is None or old.status == str(row.status):
            return None
        return Status(old.status)

    def attention_rows(self) -> list[ScoreRow]:
        """Mittarit for the deck's chart slides: off track or missed, or status changed since the
        reference."""
        red = (Status.OFF_TRACK, Status.MISSED)
        return [r for r in self.rows if r.status in red or self.old_status(r) is not None]

    def goal_rows(self, goal_id: str) -> list[ScoreRow]:
        return [r for r in self.rows if r.goal.id == goal_id]

    def row_by_use(self, use_id: str) -> ScoreRow | None:
        return next((r for r in self.rows if r.use.id == use_id), None)


def read_config(settings: Settings) -> Config:
    """The configuration checked exactly as the app and `validate` check it; an invalid one is a
    ReportError listing the first problems."""
    try:
        return load_project_config(settings)
    except ConfigValidationError as exc:
        first = "; ".join(str(issue) for issue in exc.issues[:3])
        reason = f"{len(exc.issues)}: {first}"
        raise ReportError("report_bad_config", EXIT_FAILED, reason=reason) from exc


def check_town(config: Config, town: str) -> Strategy:
    """The town's strategy; unknown town (exit 2) and an empty strategy — no mittari and no
    action — (exit 1) refuse. Lieksa's programme has actions only: its pack is the actions."""
    if town not in config.strategies:
        choices = ", ".join(sorted(config.strategies))
        raise ReportError("report_unknown_town", EXIT_USAGE, town=town, choices=choices)
    strategy = config.strategies[town]
    if not strategy.indicator_uses() and not strategy.actions():
        raise ReportError("report_empty_strategy", EXIT_FAILED, town=town)
    return strategy


def read_source_notes(
    config: Config, strategy: Strategy, db_path: Path
) -> dict[str, dict[str, str]]:
    """The source notes of the town's manual values (provenance goes with the value into every
    export), per indicator id."""
    ids = sorted({use.indicator for _, _, use in strategy.indicator_uses() if use.indicator})
    manual = {i.id for i in config.catalog.indicators if i.source.kind == "manual"}
    found = {i: store.source_notes(db_path, i, strategy.municipality) for i in ids if i in manual}
    return {i: notes for i, notes in found.items() if notes}


def read_frame(strategy: Strategy, db_path: Path) -> pd.DataFrame:
    """Current values for the town, its peers and the country; none at all is an error."""
    if not db_path.is_file():
        raise ReportError("report_no_database", EXIT_FAILED, path=str(db_path))
    ids = sorted({use.indicator for _, _, use in strategy.indicator_uses() if use.indicator})
    frame = store.series_for_indicators(db_path, ids, regions_needed(strategy))
    own = frame[frame["region"] == strategy.municipality] if not frame.empty else frame
    if ids and own["value"].notna().sum() == 0:
        raise ReportError("report_no_data", EXIT_FAILED, town=strategy.town)
    return frame


def read_freshness(db_path: Path) -> dict[str, dict]:
    table = store.series_freshness(db_path)
    out: dict[str, dict] = {}
    for rec in table.to_dict("records"):
        fetched = rec.get("last_fetched_at")
        out[rec["indicator_id"]] = {
            "release_time": rec.get("release_time"),
            "last_fetched_at": None if pd.isna(fetched) else pd.Timestamp(fetched).to_pydatetime(),
        }
    return out


def read_notes(town: str, path: Path) -> dict[str, list[edits.Note]]:
    by_use: dict[str, list[edits.Note]] = {}
    for note in reversed(edits.list_notes(town, path=path)):
        by_use.setdefault(note.use_id, []).append(note)
    return by_use


def read_snapshots(
    config: Config, town: str, since: int | str | None, db_path: Path, edits_path: Path
) -> tuple[edits.Snapshot | None, edits.SnapshotDiff | None]:
    """The reference snapshot (the one asked for, else the newest) and, when asked, the diff."""
    if since is None:
        snaps = edits.list_snapshots(town, path=edits_path)
        return (snaps[0] if snaps else None), None
    try:
        old = edits.get_snapshot(since, path=edits_path)
    except edits.UnknownSnapshot:
        old = None
    if old is None or old.town != town:
        raise ReportError("report_unknown_snapshot", EXIT_USAGE, snapshot=since, town=town)
    now = edits.current_snapshot(config, town, db_path=db_path, path=edits_path)
    return old, edits.compare_snapshots(old, now, db_path=db_path)


def gather(
    town: str,
    lang: str,
    *,
    config: Config,
    db_path: Path | str,
    edits_path: Path | str,
    since_snapshot: int | str | None = None,
    today: dt.date | None = None,
) -> ReportContext:
    """Read and check everything for one report (raises ReportError before any output)."""
    strategy = check_town(config, town)
    db, ed = Path(db_path), Path(edits_path)
    today = today or dt.date.today()
    frame = read_frame(strategy, db)
    reports = edits.stored_reports(ed, town)
    judged = {mid: [item.report for item in items] for mid, items in reports.items()}
    rows = build_scorecard(config, town, frame, today, judged)
    notes = read_notes(town, ed)
    every_note = [note for items in notes.values() for note in items]
    period = edits.review_period(strategy, today)
    reference, diff = read_snapshots(config, town, since_snapshot, db, ed)
    actions = edits.action_rows(strategy, edits.action_states(town, path=ed), today)
    return ReportContext(
        config, strategy, town, lang, today, rows, frame, store.data_mode(db),
        read_freshness(db), notes, edits.missing_notes(rows, every_note, period),
        actions, reference, diff, reports, read_source_notes(config, strategy, db),
    )  # fmt: skip
