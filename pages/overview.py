"""Yleiskuva: per goal, its mittarit with latest value, change, target, status and trend."""

import datetime as dt

import streamlit as st

from mittaristo.i18n import t
from mittaristo.scorecard import goal_rollups
from ui import components, export_panel, frame, queries, review_queries

lang, town = frame.lang(), frame.town()
strategy = queries.get_config().strategies[town]
rows = queries.scorecard(town, queries.data_version(), dt.date.today())
rollups = goal_rollups(rows)

st.title(t("overview_title", lang, town=strategy.name.get(lang)))
title = strategy.title.get(lang) if strategy.title else ""
st.caption(
    " · ".join(
        x
        for x in (
            title,
            t("strategy_period", lang, start=strategy.period.start, end=strategy.period.end),
        )
        if x
    )
)
st.markdown(components.method_link_html(lang), unsafe_allow_html=True)
missing = review_queries.notes_missing(town, queries.data_version())

for goal in strategy.goals:
    st.header(goal.name.get(lang))
    goal_rows = [r for r in rows if r.goal.id == goal.id]
    if not goal_rows:
        st.caption(t("no_indicators", lang))
        continue
    st.markdown(components.rollup_html(rollups[goal.id], lang), unsafe_allow_html=True)
    st.markdown(
        components.scorecard_table_html(goal_rows, goal.name.get(lang), town, lang, missing),
        unsafe_allow_html=True,
    )

export_panel.render(town, lang)
