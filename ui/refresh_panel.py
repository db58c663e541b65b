"""The refresh button: runs the same loader code as the CLI, with a progress bar."""

from __future__ import annotations

import streamlit as st

from mittaristo.i18n import t
from ui import auth, data_tables, queries


def render(lang: str) -> None:
    """Only a signed-in editor sees the button; the click is checked again on the server
    (a viewer's session has no button to press, and a forged rerun finds no editor)."""
    if auth.current_editor() is None:
        st.caption(t("refresh_editors_only", lang))
        return
    if not st.button(t("refresh_button", lang), key="refresh_button", type="primary"):
        return
    if auth.current_editor() is None:
        return
    from loaders import firstrun  # the HTTP stack only when a refresh is asked for

    bar = st.progress(0.0)
    note = st.empty()
    names = {ind.id: ind.name.get(lang) for ind in queries.get_config().catalog.indicators}

    def show(done: int, total: int, item: str) -> None:
        bar.progress(min(done / max(total, 1), 1.0))
        note.text(t("refresh_running", lang, done=done, total=total, item=names.get(item, item)))

    try:
        report = firstrun.refresh_current(
            queries.db_path(), queries.get_config(), queries.settings(), progress=show
        )
    except firstrun.RefreshBusy:
        st.warning(t("refresh_busy", lang))
        return
    st.cache_data.clear()
    st.success(t("refresh_done", lang, ok=report.n_ok, failed=report.n_failed))
    if report.problems:  # why each failed, in the page's language (the stored codes)
        st.table(data_tables.problems_table(report.problems, names, lang))
