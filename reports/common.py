"""Texts and table rows shared by the deck, the PDF and the workbook.

Composed once here so the three formats word a status, a value, a source or a change the same
way; the writers only decide where the text goes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from mittaristo import presentation
from mittaristo.config.model import Goal, SubGoal
from mittaristo.formatting import format_date, format_indicator_value, format_period
from mittaristo.i18n import t
from mittaristo.presentation import (
    STATUS_STYLES,
    TargetLayers,
    chart_source_text,
    report_line,
    status_label,
    target_layers,
    target_text,
)
from mittaristo.presentation import source_line as indicator_source_line
from mittaristo.scorecard import ScoreRow
from mittaristo.status import STATUS_ORDER, Status, period_to_year_fraction
from reports.context import ReportContext


@dataclass(frozen=True)
class ActionStyle:
    symbol: str
    colour: str


# Same idea as the statuses: symbol + text + colour, never colour alone.
ACTION_STYLES = {
    "done": ActionStyle("✓", "#007A5A"),
    "in_progress": ActionStyle("◑", "#0072B2"),
    "not_started": ActionStyle("○", "#5E5E5E"),
    "not_reported": ActionStyle("–", "#5E5E5E"),
    "late": ActionStyle("!", "#C24100"),
}


def heading(text: str) -> str:
    """A document's wording as a heading: first letter capitalised, the rest untouched."""
    return text[:1].upper() + text[1:]


def status_text(status: Status | str, lang: str, stale: bool = False, late: bool = False) -> str:
    """ "↘ Väärään suuntaan", with "(vanhentunut tieto)" when the value is stale."""
    label = status_label(Status(status), lang, late)
    return f"{label} ({t('stale', lang)})" if stale else label


def row_status(row: ScoreRow, lang: str) -> str:
    return status_text(row.status, lang, row.assessment.stale, row.assessment.late)


def status_colour(status: Status | str) -> str:
    return STATUS_STYLES[Status(status)].colour


def value_text(row: ScoreRow, value: float | None, lang: str) -> str:
    return format_indicator_value(value, row.indicator, lang)


def latest_text(row: ScoreRow, lang: str) -> str:
    """ "104,5 indeksi (2025)" or "–"."""
    a = row.assessment
    if a.latest_value is None:
        return "–"
    return f"{value_text(row, a.latest_value, lang)} ({format_period(a.latest_period, lang)})"


def kind_text(row: ScoreRow, lang: str) -> str:
    keys = {"automatic": "report_kind_statistics", "manual": "manual_entry"}
    return t(keys.get(row.kind, "qualitative"), lang)


def source_line(ctx: ReportContext, row: ScoreRow) -> str:
    """Source, table id, release and fetch time, licence — or why there is no series."""
    ind = row.indicator
    if ind is None:
        return row.use.qualitative_reason or t("qualitative", ctx.lang)
    meta = ctx.freshness.get(ind.id, {})
    return indicator_source_line(
        ind, meta.get("release_time"), meta.get("last_fetched_at"), ctx.lang
    )


def chart_source(ctx: ReportContext, row: ScoreRow) -> str | None:
    """The line drawn under the mittari's chart (the dashboard's, demo mark included)."""
    ind = row.indicator
    if ind is None:
        return None
    meta = ctx.freshness.get(ind.id, {})
    return chart_source_text(ind, meta.get("release_time"), ctx.lang, demo=ctx.is_demo)


def note_lines(ctx: ReportContext, row: ScoreRow, limit: int | None = None) -> list[str]:
    """The mittari's notes, newest first; "explanation missing" when one is due and absent."""
    notes = ctx.notes.get(row.use.id, [])[:limit]
    lines = [
        t(
            "report_note_line",
            ctx.lang,
            period=format_date(n.review_period, ctx.lang),
            author=n.author,
            text=n.text,
        )  # fmt: skip
        for n in notes
    ]
    if row.use.id in ctx.missing_notes:
        lines.insert(0, f"({t('note_missing', ctx.lang)})")
    return lines


def source_notes(ctx: ReportContext, row: ScoreRow) -> dict[str, str]:
    """Period → the source note of the town's manual value (empty for other mittarit)."""
    return ctx.source_notes.get(row.indicator.id, {}) if row.indicator else {}


def source_note_lines(ctx: ReportContext, row: ScoreRow) -> list[str]:
    """'Lähdehuomautus (2024): Henkilöstökysely …', newest period first, as on the page."""
    return presentation.source_note_lines(source_notes(ctx, row), ctx.lang)


def chart_source_note_lines(ctx: ReportContext, row: ScoreRow) -> list[str]:
    """The source note lines of the values a mittari's chart shows (its recent periods, as the
    workbook's data sheet lists them), newest first: the deck's chart slide names these."""
    since = first_year(ctx)
    shown = {p.period for p in row.points if period_to_year_fraction(p.period) >= since}
    notes = {period: note for period, note in source_notes(ctx, row).items() if period in shown}
    return presentation.source_note_lines(notes, ctx.lang)


def report_text(ctx: ReportContext, row: ScoreRow) -> str | None:
    """The mittari's newest Toteuma report as an editor recorded it (state, date, sentence,
    who), or None when nobody has reported on it in the app."""
    item = ctx.latest_report(row.use.id)
    if item is None:
        return None
    return report_line(item.report, ctx.lang, item.reported_by, item.period)


def change_line(ctx: ReportContext, row: ScoreRow) -> str | None:
    """ "Tila muuttunut: ↗ … → ✕ … (vertailukohta …)" when the status changed."""
    old = ctx.old_status(row)
    if old is None or ctx.reference is None:
        return None
    snapshot = f"{ctx.reference.label} {format_date(ctx.reference.as_of, ctx.lang)}"
    return t(
        "report_status_changed", ctx.lang, old=status_text(old, ctx.lang),
        new=status_text(row.status, ctx.lang), snapshot=snapshot,
    )  # fmt: skip


def action_text(status: str, lang: str) -> str:
    return f"{ACTION_STYLES[status].symbol} {t('action_' + status, lang)}"


def goal_groups(ctx: ReportContext, goal: Goal) -> list[tuple[SubGoal | None, list[ScoreRow]]]:
    """The goal's mittarit grouped by sub-goal, in document order (empty groups left out)."""
    rows = ctx.goal_rows(goal.id)
    groups: list[tuple[SubGoal | None, list[ScoreRow]]] = []
    for sub in [None, *goal.subgoals]:
        mine = [
            r for r in rows if (r.subgoal.id if r.subgoal else None) == (sub.id if sub else None)
        ]
        if mine:
            groups.append((sub, mine))
    return groups


def rollup_parts(
    ctx: ReportContext, rows: list[ScoreRow], followed: bool = False
) -> list[tuple[Status, int]]:
    """(status, count) for the statuses present, worst first: the targets with a level, or
    (`followed`) the followed mittarit, which are counted apart."""
    counts = {s: 0 for s in STATUS_ORDER}
    for row in rows:
        if row.followed == followed:
            counts[row.status] += 1
    return [(s, n) for s, n in counts.items() if n]


def summary_statuses(ctx: ReportContext) -> list[Status]:
    """The target statuses that occur in the strategy: the summary table's columns."""
    present = {r.status for r in ctx.rows if not r.followed}
    return [s for s in STATUS_ORDER if s in present]


def followed_cell(rows: list[ScoreRow]) -> str:
    """ "3 / 5": followed mittarit reported of all followed ("–" when none)."""
    followed = [r for r in rows if r.followed]
    if not followed:
        return "–"
    reported = sum(r.status == Status.REPORTED for r in followed)
    return f"{reported} / {len(followed)}"


def rollup_text(ctx: ReportContext, rows: list[ScoreRow]) -> str:
    parts = [f"{n} × {status_label(s, ctx.lang)}" for s, n in rollup_parts(ctx, rows)]
    kept = [f"{n} × {status_label(s, ctx.lang)}" for s, n in rollup_parts(ctx, rows, True)]
    if kept:
        parts.append(f"{t('rollup_followed', ctx.lang)}: " + ", ".join(kept))
    return " · ".join(parts)


def scorecard_cells(ctx: ReportContext, row: ScoreRow) -> list[str]:
    """Mittari | latest (period) | target | status — the scorecard table of every format."""
    return [
        row.use.text,
        latest_text(row, ctx.lang),
        target_text(row.use, row.indicator, ctx.lang),
        row_status(row, ctx.lang),
    ]


def layers(ctx: ReportContext, row: ScoreRow) -> TargetLayers:
    """The target's two layers (the document's words, the interpretation) for every export."""
    return target_layers(row.use, row.indicator, ctx.strategy, ctx.lang)


def scorecard_headers(lang: str) -> list[str]:
    return [t(k, lang) for k in ("col_indicator", "col_latest", "col_target", "col_status")]


def recent(row: ScoreRow, frame: pd.DataFrame, first_year: int) -> tuple[ScoreRow, pd.DataFrame]:
    """The row and frame without periods before `first_year`: charts and the data sheet show
    the years a review discusses (the strategy period and five years before it)."""
    points = tuple(p for p in row.points if period_to_year_fraction(p.period) >= first_year)
    if frame.empty:
        return dataclasses.replace(row, points=points), frame
    years = frame["period"].map(period_to_year_fraction)
    return dataclasses.replace(row, points=points), frame[years >= first_year]


def has_values(row: ScoreRow) -> bool:
    """A chart says something only when the town has at least one value."""
    return row.has_values


def first_year(ctx: ReportContext) -> int:
    return ctx.strategy.period.start - 5
