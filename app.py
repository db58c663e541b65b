"""Mittaristo — the dashboard's router and frame. Run: `make run` (see README)."""

from __future__ import annotations

import streamlit as st

from mittaristo.config.result import ConfigValidationError
from mittaristo.i18n import normalize_lang, t
from ui import components, frame, queries

st.set_page_config(page_title="Mittaristo", layout="wide", initial_sidebar_state="expanded")
st.markdown(components.CSS, unsafe_allow_html=True)

try:
    config = queries.get_config()
except ConfigValidationError as exc:  # a sentence and the file:line list, never a traceback
    lang = normalize_lang(frame.param("lang"))
    st.error(t("report_bad_config", lang, reason=f"{len(exc.issues)} × {exc.issues[0].headline}"))
    st.code("\n".join(str(issue) for issue in exc.issues), language=None)
    st.stop()
towns = sorted(config.strategies)
frame.sidebar(towns)
lang = frame.lang()
frame.page_language()

pages = {
    "overview": st.Page(
        "pages/overview.py", title=t("page_overview", lang), url_path="yleiskuva", default=True
    ),
    "indicator": st.Page("pages/indicator.py", title=t("page_indicator", lang), url_path="mittari"),
    "compare": st.Page("pages/compare.py", title=t("page_compare", lang), url_path="vertailu"),
    "actions": st.Page("pages/actions.py", title=t("page_actions", lang), url_path="toimenpiteet"),
    "review": st.Page("pages/review.py", title=t("page_review", lang), url_path="arviointi"),
    "data": st.Page("pages/data.py", title=t("page_data", lang), url_path="tiedot"),
    "method": st.Page("pages/method.py", title=t("page_method", lang), url_path="menetelma"),
}
navigation = st.navigation(list(pages.values()))

# The page lives in the URL twice: as the path (/mittari) and as ?sivu= — the parameter also
# survives Streamlit's fallback to the main page on a server's very first session, and a bare
# ?kunta=…&mittari=… link opens the indicator page.
by_path = {page.url_path: page for page in pages.values()}
current = navigation.url_path or "yleiskuva"
wanted = frame.param("sivu") or ("mittari" if frame.param("mittari") else None)
if (
    current == "yleiskuva"
    and wanted in by_path
    and wanted != current
    and not st.session_state.get("_routed")
):
    st.session_state["_routed"] = True
    st.switch_page(by_path[wanted], query_params=dict(st.query_params))
st.session_state["_routed"] = True
frame.sync_params(sivu=None if current == "yleiskuva" else current)

frame.run_guarded(frame.ensure_database)
frame.run_guarded(lambda: frame.render_page(navigation))
