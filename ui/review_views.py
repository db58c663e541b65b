"""HTML pieces of the Actions and Review pages: real tables, every user or config text escaped.

A note is shown exactly as written: `html.escape` first, then line breaks become `<br>`, so a
note containing `<script>` appears as text and never runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mittaristo.config.model import CatalogIndicator, IndicatorUse
from mittaristo.edits import ActionRow, Note, Snapshot, SnapshotDiff
from mittaristo.formatting import (
    format_date,
    format_datetime,
    format_indicator_value,
    format_period,
)
from mittaristo.i18n import t
from mittaristo.presentation import target_text
from mittaristo.status import Status
from ui.components import esc, status_badge


def action_label(status: str, lang: str) -> str:
    return t(f"action_{status}", lang)


def badge(status: str, lang: str, stale: bool = False) -> str:
    try:
        return status_badge(Status(status), lang, stale)
    except ValueError:
        return esc(status)


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], caption: str, lang: str) -> str:
    """A table whose cells are already HTML (escape before!); the first cell is the row header."""
    head = "".join(f'<th scope="col">{esc(t(h, lang))}</th>' for h in headers)
    body = "".join(
        f'<tr><th scope="row">{r[0]}</th>{"".join(f"<td>{c}</td>" for c in r[1:])}</tr>'
        for r in rows
    )
    return (
        f'<table class="mtr-table"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def filter_actions(
    rows: Sequence[ActionRow], goal_id: str = "", owner: str = "", status: str = ""
) -> list[ActionRow]:
    """Filters of the Actions page; an empty value means "all"."""
    return [
        r for r in rows
        if (not goal_id or r.goal.id == goal_id)
        and (not owner or r.owner == owner)
        and (not status or r.status == status)
    ]  # fmt: skip


def schedule_text(row: ActionRow) -> str:
    s = row.action.schedule
    if s is None:
        return "–"
    if s.text:
        return s.text
    return "–".join(str(y) for y in (s.start, s.end) if y) or "–"


def actions_table_html(rows: Sequence[ActionRow], lang: str, caption: str) -> str:
    headers = ["col_action", "col_goal", "col_owner", "col_schedule", "col_status", "col_changed"]
    cells = []
    for r in rows:
        goal = r.goal.name.get(lang) + (f" / {r.subgoal.name.get(lang)}" if r.subgoal else "")
        changed = (
            f"{esc(r.state.changed_by)}, {format_datetime(r.state.changed_at, lang)}"
            if r.state
            else "–"
        )
        status = f"<strong>{esc(action_label(r.status, lang))}</strong>"
        cells.append(
            [
                esc(r.action.text),
                esc(goal),
                esc(r.owner or "–"),
                esc(schedule_text(r)),
                status,
                changed,
            ]
        )
    return table(headers, cells, caption, lang)


def snapshots_table_html(snaps: Sequence[Snapshot], lang: str, caption: str) -> str:
    headers = ["col_label", "col_date", "col_kind", "col_taken_by", "col_load_run"]
    cells = [
        [esc(s.label), format_date(s.as_of, lang), esc(t(f"kind_{s.kind}", lang)), esc(s.taken_by),
         esc(s.load_run_id if s.load_run_id is not None else "–")]
        for s in snaps
    ]  # fmt: skip
    return table(headers, cells, caption, lang)


def snapshot_title(snap: Snapshot, lang: str) -> str:
    """Plain text (for select boxes): label, date, id."""
    if snap.id == 0:
        return t("current_state", lang)
    return f"{snap.label} ({format_date(snap.as_of, lang)}, #{snap.id})"


_BEFORE_AFTER = ["col_indicator", "col_before", "col_after"]


def diff_html(
    diff: SnapshotDiff,
    lang: str,
    catalog: dict[str, CatalogIndicator],
    action_texts: dict[str, str],
) -> str:
    """The four lists of a comparison, each as a table (or "no changes")."""
    if diff.is_empty:
        return f"<p>{esc(t('diff_nothing', lang))}</p>"
    texts = {r.use_id: r.text for r in (*diff.old.rows, *diff.new.rows)}
    ind = {r.use_id: catalog.get(r.indicator_id or "") for r in diff.new.rows}

    def name(use_id: str) -> str:
        return esc(texts.get(use_id, use_id))

    def value(use_id: str, number: float | None) -> str:
        return esc(format_indicator_value(number, ind.get(use_id), lang))

    sections = [
        ("diff_status_changes", _BEFORE_AFTER,
         [[name(u), badge(a, lang), badge(b, lang)] for u, a, b in diff.status_changes]),
        ("diff_new_points", _BEFORE_AFTER,
         [[name(u), esc(format_period(a, lang)), esc(format_period(b, lang))]
          for u, a, b in diff.new_points]),
        ("diff_revised", ["col_indicator", "col_period", "col_before", "col_after"],
         [[name(u), esc(format_period(p, lang)), value(u, a), value(u, b)]
          for u, p, a, b in diff.revised]),
        ("diff_actions_completed", ["col_action", "col_status"],
         [[esc(action_texts.get(a, a)), esc(action_label("done", lang))] for a in diff.actions_completed]),
    ]  # fmt: skip
    return "".join(table(h, rows, t(key, lang), lang) for key, h, rows in sections if rows)


def note_text_html(text: str) -> str:
    return esc(text).replace("\r\n", "\n").replace("\n", "<br>")


def notes_html(notes: Sequence[Note], lang: str, caption: str) -> str:
    """The dated history of notes, newest first; texts escaped."""
    headers = ["col_written", "col_review_period", "col_author", "col_note"]
    cells = [
        [
            format_datetime(n.created_at, lang),
            esc(format_date(n.review_period, lang)),
            esc(n.author),
            note_text_html(n.text),
        ]
        for n in sorted(notes, key=lambda n: (n.created_at, n.id), reverse=True)
    ]
    return table(headers, cells, caption, lang)


def provenance_html(use: IndicatorUse, indicator: CatalogIndicator | None, lang: str) -> str:
    """The target, which body decided it and when, and its earlier levels."""
    target = use.target
    lines = [
        f"<p><strong>{esc(t('col_target', lang))}:</strong> {esc(target_text(use, indicator, lang))}</p>"
    ]
    prov = target.provenance
    if prov is None:
        lines.append(f"<p>{esc(t('provenance_missing', lang))}</p>")
    else:
        extra = ", ".join(x for x in (prov.section, prov.document) if x)
        when = format_date(prov.date, lang) if prov.date else t("date_unknown", lang)
        text = t("provenance_line", lang, body=prov.body, date=when) + (
            f" ({extra})" if extra else ""
        )
        lines.append(f"<p>{esc(text)}</p>")
    if not use.target_history:
        lines.append(f"<p>{esc(t('no_target_history', lang))}</p>")
        return "".join(lines)
    items = []
    for change in sorted(use.target_history, key=lambda c: c.changed_on, reverse=True):
        text = t(
            "target_history_line",
            lang,
            date=format_date(change.changed_on, lang),
            previous=change.previous,
        )
        if change.provenance:
            text += f" ({change.provenance.body})"
        items.append(f"<li>{esc(text)}</li>")
    lines.append(
        f"<p><strong>{esc(t('target_history', lang))}</strong></p><ul>{''.join(items)}</ul>"
    )
    return "".join(lines)


def missing_list_html(heading: str, texts: Sequence[str]) -> str:
    """The "selitys puuttuu" list: mittarit that need a note for the current period."""
    items = "".join(f"<li>{esc(text)}</li>" for text in texts)
    return f"<p><strong>{esc(heading)}</strong></p><ul>{items}</ul>"
