"""Toimenpiteet: every action with goal, owner, schedule and status; filters; editors edit."""

import datetime as dt

import streamlit as st

from mittaristo.edits import EFFECTIVE_STATUSES, action_rows
from mittaristo.i18n import t
from ui import auth, frame, review_forms, review_queries, review_views

lang, town = frame.lang(), frame.town()
strategy = review_queries.strategy(town)
editor = auth.sidebar_login(lang)
review_forms.show_flash()
st.title(t("actions_title", lang, town=strategy.name.get(lang)))

states = review_queries.action_states(town, review_queries.edits_version())
rows = action_rows(strategy, states, dt.date.today())
if not rows:
    st.info(t("no_actions", lang))
    st.stop()

goals = {r.goal.id: r.goal.name.get(lang) for r in rows}
owners = sorted({r.owner for r in rows if r.owner})
all_ = t("filter_all", lang)
left, middle, right = st.columns(3)
goal_id = left.selectbox(
    t("col_goal", lang), ["", *goals], key="actions_goal", format_func=lambda g: goals.get(g, all_)
)
owner = middle.selectbox(
    t("col_owner", lang), ["", *owners], key="actions_owner", format_func=lambda o: o or all_
)
status = right.selectbox(
    t("col_status", lang), ["", *EFFECTIVE_STATUSES], key="actions_status",
    format_func=lambda s: review_views.action_label(s, lang) if s else all_,
)  # fmt: skip

shown = review_views.filter_actions(rows, goal_id, owner, status)
st.caption(t("actions_count", lang, shown=len(shown), total=len(rows)) + " " + t("late_rule", lang))
if shown:
    caption = goals.get(goal_id, t("page_actions", lang))
    st.markdown(review_views.actions_table_html(shown, lang, caption), unsafe_allow_html=True)
else:
    st.info(t("no_actions_match", lang))

if editor is not None and shown:
    review_forms.action_status_form(town, shown, editor, lang)
