"""Editors upload manual values (CSV/XLSX) on the Data page; viewers only see why they cannot."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from mittaristo.i18n import t
from ui import auth, queries


def render(lang: str) -> None:
    st.header(t("manual_title", lang))
    st.caption(t("manual_help", lang))
    editor = auth.current_editor()
    if editor is None:
        st.caption(t("manual_editors_only", lang))
        return
    upload = st.file_uploader(t("manual_upload", lang), type=["csv", "xlsx"], key="manual_upload")
    if upload is None or not st.button(t("manual_import", lang), key="manual_import"):
        return
    from loaders.base import ImportRejected
    from loaders.manual_entry import import_manual_values

    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="mittaristo-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(upload.getvalue())
        try:
            summary = import_manual_values(
                path, queries.get_config(), queries.db_path(), editor=editor,
                original_name=upload.name, edits_path=queries.edits_path(),
            )  # fmt: skip
        except ImportRejected as exc:
            st.error(t("manual_rejected", lang))
            st.code(str(exc), language=None)
            return
    st.cache_data.clear()
    st.success(t("manual_done", lang))
    st.code(summary, language=None)
