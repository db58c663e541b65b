"""Named, cached queries of the Actions and Review pages (the edits database + the scorecard).

Edit reads are keyed on `edits_version()` (changes on every write), statistics reads on the
data version, so a saved note or a refresh shows at once and nothing is read twice otherwise.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from mittaristo import edits, store
from mittaristo.config.model import Strategy
from mittaristo.edits import ActionState, Note, Snapshot, SnapshotDiff
from ui import queries


def edits_path() -> Path:
    return queries.edits_path()


def edits_version() -> str:
    return queries.edits_version()


def data_version_or_none() -> str:
    """The statistics version, or "none" when there is no database yet (edits still work)."""
    try:
        return queries.data_version()
    except store.StoreMissing:
        return "none"


def strategy(town: str) -> Strategy:
    return queries.get_config().strategies[town]


@st.cache_data(show_spinner=False, max_entries=32)
def action_states(town: str, edits_ver: str) -> dict[str, ActionState]:
    return edits.action_states(town, path=edits_path())


@st.cache_data(show_spinner=False, max_entries=32)
def notes(town: str, edits_ver: str) -> list[Note]:
    """Every note of the town, oldest first."""
    return edits.list_notes(town, path=edits_path())


@st.cache_data(show_spinner=False, max_entries=32)
def snapshots(town: str, edits_ver: str) -> list[Snapshot]:
    """The town's snapshots, newest first."""
    return edits.list_snapshots(town, path=edits_path())


@st.cache_data(show_spinner=False, max_entries=16)
def current_state(town: str, version: str, edits_ver: str, today: dt.date) -> Snapshot:
    """The state now, shaped as a snapshot (not stored)."""
    return edits.current_snapshot(
        queries.get_config(), town, db_path=queries.db_path(), path=edits_path(), today=today
    )


@st.cache_data(show_spinner=False, max_entries=32)
def snapshot_diff(
    town: str, old_id: int, new_id: int, version: str, edits_ver: str, today: dt.date
) -> SnapshotDiff:
    """old → new; id 0 is the current state. UnknownSnapshot propagates (not cached)."""
    old = edits.get_snapshot(old_id, path=edits_path())
    if new_id == 0:
        new = current_state(town, version, edits_ver, today)
    else:
        new = edits.get_snapshot(new_id, path=edits_path())
    return edits.compare_snapshots(old, new, db_path=queries.db_path())


def current_review_period(town: str, today: dt.date | None = None) -> str:
    return edits.review_period(strategy(town), today or dt.date.today())


def review_periods(town: str, today: dt.date | None = None) -> list[str]:
    """Periods a note can be filed under, the current one first."""
    return edits.review_periods(strategy(town), today or dt.date.today())


def notes_missing(town: str, version: str) -> set[str]:
    """Mittari ids that are off track or too slow with no note for the current review period
    (the "selitys puuttuu" flag of the overview)."""
    today = dt.date.today()
    rows = queries.scorecard(town, version, today)
    period = current_review_period(town, today)
    return edits.missing_notes(rows, notes(town, edits_version()), period)
