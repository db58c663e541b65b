"""Tiedot: freshness per series, the load log, last errors and a refresh with progress."""

import streamlit as st

from mittaristo.i18n import t
from ui import auth, data_tables, frame, manual_upload, queries, refresh_panel, template_panel

lang = frame.lang()
auth.sidebar_login(lang)
version = queries.data_version()
st.title(t("data_title", lang))

st.header(t("freshness", lang))
freshness = queries.series_metadata(version)
names = {i.id: i.name.get(lang) for i in queries.get_config().catalog.indicators}
st.table(data_tables.localized(freshness, data_tables.FRESHNESS_COLUMNS, lang, names))

st.header(t("last_errors", lang))
errors = (
    freshness[freshness["last_error"].notna()] if "last_error" in freshness else freshness.iloc[0:0]
)
if errors.empty:
    st.write(t("no_errors", lang))
else:
    cols = {"indicator_id": "data_col_indicator", "last_error": "data_col_error"}
    st.table(data_tables.localized(errors, cols, lang, names))
    with st.expander(t("loaderror.technical", lang)):
        st.table(data_tables.technical_errors(errors, names, lang))

st.header(t("load_log", lang))
runs = data_tables.with_cells(queries.load_runs(version), lang)
st.table(data_tables.localized(runs, data_tables.RUN_COLUMNS, lang))

refresh_panel.render(lang)
manual_upload.render(lang)
template_panel.render(frame.town(), lang)
