"""Menetelmä: how a status is decided (docs/STATUS_METHOD.md, the reader's language)."""

import streamlit as st

from mittaristo.i18n import t
from ui import frame, queries

lang = frame.lang()
st.title(t("page_method", lang))
text = queries.status_method(lang)
if lang == "sv":
    st.caption(t("method_in_english", lang))
if text is None:
    st.warning(t("method_missing", lang))
else:
    st.markdown(text)
