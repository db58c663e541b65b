"""The "Mitä muuttui" section: what changed since a snapshot, as ready-to-lay-out tables."""

from __future__ import annotations

from dataclasses import dataclass

from mittaristo.formatting import format_date, format_indicator_value, format_period
from mittaristo.i18n import t
from reports.common import status_text, value_text
from reports.context import ReportContext


@dataclass(frozen=True)
class ChangeTable:
    title: str
    headers: list[str]
    rows: list[list[str]]


def changes_subtitle(ctx: ReportContext) -> str:
    if ctx.diff is None:
        return ""
    old = ctx.diff.old
    return t(
        "report_changes_since", ctx.lang, label=old.label, date=format_date(old.as_of, ctx.lang)
    )


def _mittari(ctx: ReportContext, use_id: str) -> str:
    row = ctx.row_by_use(use_id)
    if row is not None:
        return row.use.text
    old = ctx.diff.old.row(use_id) if ctx.diff else None
    return old.text if old else use_id


def _value(ctx: ReportContext, use_id: str, value: float | None) -> str:
    """A revised value with its indicator's decimals and unit (also for a mittari that has
    left the strategy since the snapshot: its catalog indicator still says how)."""
    row = ctx.row_by_use(use_id)
    if row is not None:
        return value_text(row, value, ctx.lang)
    old = ctx.diff.old.row(use_id) if ctx.diff else None
    indicator = ctx.config.catalog.by_id().get(old.indicator_id or "") if old else None
    return format_indicator_value(value, indicator, ctx.lang)


def change_tables(ctx: ReportContext) -> list[ChangeTable]:
    """Status changes, new data points, revised values and completed actions (empty ones too,
    so the reader sees that nothing changed rather than wondering what was left out)."""
    diff, lang = ctx.diff, ctx.lang
    if diff is None:
        return []
    head = [t("col_indicator", lang), t("col_before", lang), t("report_col_now", lang)]
    status = [[_mittari(ctx, u), status_text(o, lang), status_text(n, lang)]
              for u, o, n in diff.status_changes]  # fmt: skip
    points = [
        [_mittari(ctx, u), format_period(o, lang), format_period(n, lang)]
        for u, o, n in diff.new_points
    ]
    revised = [
        [_mittari(ctx, u), format_period(period, lang), _value(ctx, u, then), _value(ctx, u, now)]
        for u, period, then, now in diff.revised
    ]
    actions = {a.action.id: a for a in ctx.actions}
    done = [
        [
            actions[a].action.text if a in actions else a,
            (actions[a].owner or "–") if a in actions else "–",
        ]
        for a in diff.actions_completed
    ]
    return [
        ChangeTable(t("report_changes_status", lang), head, status),
        ChangeTable(
            t("report_changes_points", lang),
            head[:1] + [t("col_before", lang), t("report_col_now", lang)],
            points,
        ),
        ChangeTable(
            t("report_changes_revised", lang),
            [head[0], t("col_period", lang), head[1], head[2]],
            revised,
        ),
        ChangeTable(
            t("report_changes_actions", lang), [t("col_action", lang), t("col_owner", lang)], done
        ),
    ]
