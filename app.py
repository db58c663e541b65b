"""Mittaristo — the dashboard's router and frame. Run: `make run` (see README)."""

from __future__ import annotations

import streamlit as st

from mittaristo.i18n import t
from ui import components, frame, queries

st.set_page_config(page_title="Mittaristo", layout="wide", initial_sidebar_state="expanded")
st.markdown(components.CSS, unsafe_allow_html=True)

config = queries.get_config()
towns = sorted(config.strategies)
frame.sidebar(towns)
lang = frame.lang()

pages = {
    "overview": st.Page(
        "pages/overview.py", title=t("page_overview", lang), url_path="yleiskuva", default=True
    ),
    "indicator": st.Page("pages/indicator.py", title=t("page_indicator", lang), url_path="mittari"),
    "compare": st.Page("pages/compare.py", title=t("page_compare", lang), url_path="vertailu"),
    "actions": st.Page("pages/actions.py", title=t("page_actions", lang), url_path="toimenpiteet"),
    "review": st.Page("pages/review.py", title=t("page_review", lang), url_path="arviointi"),
    "data": st.Page("pages/data.py", title=t("page_data", lang), url_path="tiedot"),
}
navigation = st.navigation(list(pages.values()))

# A shared link such as ?kunta=kemi&mittari=tyottomyysaste opens the indicator page.
if (
    frame.param("mittari")
    and navigation.url_path == "yleiskuva"
    and not st.session_state.get("_routed")
):
    st.session_state["_routed"] = True
    st.switch_page(pages["indicator"], query_params=dict(st.query_params))
st.session_state["_routed"] = True

frame.run_guarded(frame.ensure_database)
frame.run_guarded(frame.demo_banner)
frame.run_guarded(navigation.run)
