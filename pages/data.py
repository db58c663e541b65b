"""Tiedot: freshness per series, the load log, last errors and a refresh with progress."""

import streamlit as st

from mittaristo.i18n import t
from ui import frame, manual_upload, queries, refresh_panel

lang = frame.lang()
version = queries.data_version()
st.title(t("data_title", lang))

st.header(t("freshness", lang))
st.dataframe(queries.series_metadata(version), hide_index=True, key="freshness_table")

st.header(t("last_errors", lang))
errors = queries.series_metadata(version)
errors = errors[errors["last_error"].notna()] if "last_error" in errors else errors.iloc[0:0]
if errors.empty:
    st.write(t("no_errors", lang))
else:
    st.table(errors[["indicator_id", "last_error"]])

st.header(t("load_log", lang))
st.dataframe(queries.load_runs(version), hide_index=True, key="load_log_table")

refresh_panel.render(lang)
manual_upload.render(lang)
