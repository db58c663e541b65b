"""The Overview page's long-page helpers: the status filter, collapsible goals and the action
programme's progress for a town without mittarit (Lieksa).

Pure functions over the scorecard and the action rows; the page only lays them out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from mittaristo.edits import EFFECTIVE_STATUSES, ActionRow
from mittaristo.formatting import format_datetime, format_number
from mittaristo.i18n import t
from mittaristo.scorecard import ScoreRow
from mittaristo.status import Status
from ui.components import esc
from ui.review_views import action_label, table

# "Näytä vain": what a councillor asks about first.
FILTER_STATUSES: tuple[Status, ...] = (
    Status.OFF_TRACK,
    Status.TOO_SLOW,
    Status.MISSED,
    Status.NOT_REPORTED,
)
OPEN_LIMIT = 12  # goals open at start when the page shows at most this many mittarit
LATEST_REPORTS = 8


def filter_rows(rows: Sequence[ScoreRow], wanted: Sequence[Status | str]) -> list[ScoreRow]:
    """The mittarit whose status is one of `wanted`; all of them when nothing is chosen."""
    chosen = {Status(s) for s in wanted}
    return [r for r in rows if not chosen or r.status in chosen]


def goals_open(shown: int, filtered: bool) -> bool:
    """Goals start open on a short page or when a filter narrowed it; a long page (Kemi's
    hundreds of mittarit) starts with the goals after the first closed, each heading and
    roll-up visible (the page opens the first goal always)."""
    return filtered or shown <= OPEN_LIMIT


def action_counts(rows: Sequence[ActionRow]) -> dict[str, Counter[str]]:
    """goal id → how many of its actions are in each effective status."""
    out: dict[str, Counter[str]] = {}
    for row in rows:
        out.setdefault(row.goal.id, Counter())[row.status] += 1
    return out


def action_progress_html(rows: Sequence[ActionRow], lang: str) -> str:
    """A table: one row per goal, one column per action status, and the total."""
    counts = action_counts(rows)
    goals = {r.goal.id: r.goal.name.get(lang) for r in rows}
    headers = ["col_goal", *(f"action_{s}" for s in EFFECTIVE_STATUSES), "actions_total"]
    body = []
    for goal_id, name in goals.items():
        c = counts.get(goal_id, Counter())
        cells = [format_number(c[s], 0, lang) for s in EFFECTIVE_STATUSES]
        body.append([esc(name), *cells, format_number(sum(c.values()), 0, lang)])
    return table(headers, body, t("overview_actions_caption", lang), lang)


def latest_reports(rows: Sequence[ActionRow], n: int = LATEST_REPORTS) -> list[ActionRow]:
    """The actions whose status was last reported in the app, newest first."""
    reported = [r for r in rows if r.state is not None]
    reported.sort(key=lambda r: r.state.changed_at if r.state else 0, reverse=True)
    return reported[:n]


def latest_reports_html(rows: Sequence[ActionRow], lang: str) -> str:
    body = [
        [
            esc(r.action.text), esc(action_label(r.status, lang)),
            esc(format_datetime(r.state.changed_at, lang)), esc(r.state.changed_by),
        ]
        for r in latest_reports(rows)
        if r.state is not None
    ]  # fmt: skip
    headers = ["col_action", "col_status", "col_changed", "col_changed_by"]
    return table(headers, body, t("overview_reports_caption", lang), lang)
