"""Arviointi: snapshots, what changed since the last meeting, comparison of two snapshots,
commentary notes with their history, and each target's provenance and history."""

import datetime as dt

import streamlit as st

from mittaristo.edits import UnknownSnapshot
from mittaristo.formatting import format_date
from mittaristo.i18n import t
from ui import auth, frame, queries, review_forms, review_queries, review_views

lang, town = frame.lang(), frame.town()
strategy = review_queries.strategy(town)
editor = auth.sidebar_login(lang)
review_forms.show_flash()
st.title(t("review_title", lang, town=strategy.name.get(lang)))

today = dt.date.today()
version, edits_ver = review_queries.data_version_or_none(), review_queries.edits_version()
snaps = review_queries.snapshots(town, edits_ver)
by_id = {s.id: s for s in snaps}
catalog = queries.get_config().catalog.by_id()
action_texts = {a.id: a.text for _, _, a in strategy.actions()}


def show_diff(old_id: int, new_id: int) -> None:
    try:
        diff = review_queries.snapshot_diff(town, old_id, new_id, version, edits_ver, today)
    except UnknownSnapshot:
        st.warning(t("unknown_snapshot", lang, id=old_id))
        return
    st.markdown(review_views.diff_html(diff, lang, catalog, action_texts), unsafe_allow_html=True)


st.header(t("changed_since_meeting", lang))
if snaps:
    last = snaps[0]
    st.caption(
        t("changed_since_caption", lang, label=last.label, date=format_date(last.as_of, lang))
    )
    show_diff(last.id, 0)
else:
    st.info(t("no_previous_snapshot", lang))

st.header(t("snapshots", lang))
if snaps:
    st.markdown(
        review_views.snapshots_table_html(snaps, lang, t("snapshots", lang)), unsafe_allow_html=True
    )
else:
    st.caption(t("no_snapshots", lang))
if editor is not None:
    review_forms.snapshot_form(town, editor, lang)

if snaps:
    st.header(t("compare_snapshots", lang))
    wanted = frame.param("kuva")
    if wanted is not None and (not wanted.isdigit() or int(wanted) not in by_id):
        st.warning(t("unknown_snapshot", lang, id=wanted))
    elif wanted is not None and "compare_old" not in st.session_state:
        st.session_state.compare_old = int(wanted)
    for key, valid in (("compare_old", by_id), ("compare_new", {0, *by_id})):
        if key in st.session_state and st.session_state[key] not in valid:
            del st.session_state[key]  # a snapshot of another town
    title = lambda i: review_views.snapshot_title(by_id[i], lang) if i else t("current_state", lang)  # noqa: E731
    left, right = st.columns(2)
    old_id = left.selectbox(
        t("snapshot_old", lang), list(by_id)[::-1], key="compare_old", format_func=title
    )
    new_id = right.selectbox(
        t("snapshot_new", lang), [0, *by_id], key="compare_new", format_func=title
    )
    if old_id == new_id:
        st.write(t("diff_nothing", lang))
    else:
        show_diff(old_id, new_id)

st.header(t("commentary", lang))
uses = {use.id: (use, catalog.get(use.indicator or "")) for _, _, use in strategy.indicator_uses()}
if not uses:
    st.info(t("no_indicators", lang))
    st.stop()
period = review_queries.current_review_period(town, today)
missing = review_queries.notes_missing(town, version) if version != "none" else set()
if missing:
    heading = t("notes_missing_list", lang, period=format_date(period, lang))
    st.markdown(
        review_views.missing_list_html(heading, [uses[u][0].text for u in uses if u in missing]),
        unsafe_allow_html=True,
    )
else:
    st.caption(t("notes_missing_none", lang, period=format_date(period, lang)))

if st.session_state.get("review_use") not in uses:
    wanted_use = frame.param("mittari")
    st.session_state.review_use = wanted_use if wanted_use in uses else next(iter(uses))
use_id = st.selectbox(
    t("choose_indicator", lang), list(uses), key="review_use", format_func=lambda u: uses[u][0].text
)
use, indicator = uses[use_id]
history = [n for n in review_queries.notes(town, edits_ver) if n.use_id == use_id]
if history:
    st.markdown(
        review_views.notes_html(history, lang, t("note_history", lang)), unsafe_allow_html=True
    )
else:
    st.caption(t("no_notes", lang))
if editor is not None:
    periods = review_queries.review_periods(town, today)
    review_forms.note_form(town, use_id, periods, editor, lang)

st.subheader(t("target_provenance", lang))
st.markdown(review_views.provenance_html(use, indicator, lang), unsafe_allow_html=True)
