"""The edit forms of the Actions and Review pages (shown to editors only).

Every save goes through `save()`: a refused or failed write shows a sentence (nothing was
written, the core guarantees it), never a traceback; a successful one reruns the page so the
tables above the form show the new state, with the confirmation carried over the rerun.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from mittaristo import edits
from mittaristo.edits import ActionRow, Editor
from mittaristo.edits.notes import MAX_NOTE
from mittaristo.edits.snapshots import MAX_LABEL
from mittaristo.formatting import format_date
from mittaristo.i18n import t
from ui import queries
from ui.review_queries import edits_path
from ui.review_views import action_label

log = logging.getLogger("mittaristo.edits")
FLASH_KEY = _FLASH = "_mtr_flash"


def show_flash() -> None:
    """The confirmation of the previous run's save, if any."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)


def save(write: Callable[[], Any], lang: str, done: Callable[[Any], str]) -> None:
    """Run one write; on success remember `done(result)` and rerun, else explain."""
    try:
        result = write()
    except edits.EditNotAllowed:
        st.error(t("edit_not_allowed", lang))
        return
    except edits.InvalidEdit as exc:
        st.error(t("edit_invalid", lang, reason=str(exc)))
        return
    except Exception:  # noqa: BLE001 - locked file, disk full...: a sentence, the log has the rest
        log.exception("saving an edit failed")
        st.error(t("edit_failed", lang))
        return
    st.session_state[_FLASH] = done(result)
    st.rerun()


def action_status_form(town: str, rows: Sequence[ActionRow], editor: Editor, lang: str) -> None:
    by_id = {r.action.id: r for r in rows}
    with st.form("action_status_form"):
        st.subheader(t("edit_action_status", lang))
        action_id = st.selectbox(
            t("col_action", lang), list(by_id), key="edit_action_id",
            format_func=lambda a: by_id[a].action.text[:120],
        )  # fmt: skip
        status = st.radio(
            t("new_status", lang), list(edits.EDITABLE_STATUSES), key="edit_action_status",
            format_func=lambda s: action_label(s, lang), horizontal=True,
        )  # fmt: skip
        submitted = st.form_submit_button(t("save", lang))
    if not submitted or action_id not in by_id:
        return
    row = by_id[action_id]
    save(
        lambda: edits.set_action_status(
            town, action_id, status, editor=editor, path=edits_path(),
            config_status=row.action.status,
        ),
        lang,
        lambda _: t("action_status_saved", lang, action=row.action.text[:80], status=action_label(status, lang)),
    )  # fmt: skip


def snapshot_form(town: str, editor: Editor, lang: str) -> None:
    with st.form("snapshot_form", clear_on_submit=True):
        st.subheader(t("take_snapshot", lang))
        label = st.text_input(t("snapshot_label", lang), max_chars=MAX_LABEL, key="snapshot_label")
        kind = st.selectbox(
            t("col_kind", lang), list(edits.KINDS), index=1, key="snapshot_kind",
            format_func=lambda k: t(f"kind_{k}", lang),
        )  # fmt: skip
        submitted = st.form_submit_button(t("take_snapshot", lang))
    if not submitted:
        return
    if not label.strip():
        st.error(t("edit_invalid", lang, reason=t("label_missing", lang)))
        return
    save(
        lambda: edits.take_snapshot(
            queries.get_config(), town, label, kind, editor=editor,
            db_path=queries.db_path(), path=edits_path(), today=dt.date.today(),
        ),
        lang,
        lambda snap: t(
            "snapshot_saved", lang, indicators=t("count_indicators", lang, n=len(snap.rows)),
            actions=t("count_actions", lang, n=len(snap.actions)),
        ),  # fmt: skip
    )  # fmt: skip


def note_form(town: str, use_id: str, periods: Sequence[str], editor: Editor, lang: str) -> None:
    with st.form("note_form", clear_on_submit=True):
        st.subheader(t("add_note", lang))
        period = st.selectbox(
            t("col_review_period", lang),
            list(periods),
            key="note_period",
            format_func=lambda period: format_date(period, lang),
        )
        text = st.text_area(t("note_text", lang), max_chars=MAX_NOTE, key="note_text")
        submitted = st.form_submit_button(t("save", lang))
    if not submitted:
        return
    if not text.strip():
        st.error(t("edit_invalid", lang, reason=t("note_empty", lang)))
        return
    save(
        lambda: edits.add_note(town, use_id, period, text, editor=editor, path=edits_path()),
        lang,
        lambda _: t("note_saved", lang),
    )
