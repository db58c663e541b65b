"""Yleiskuva: per goal, its mittarit with latest value, change, target, status and trend."""

import datetime as dt

import streamlit as st

from mittaristo.edits import action_rows
from mittaristo.i18n import t
from mittaristo.presentation import status_label
from mittaristo.scorecard import goal_rollups
from mittaristo.status import Status
from mittaristo.usemeta import department_options, matches, sdg_options
from ui import components, export_panel, frame, overview_views, queries, review_queries

lang, town = frame.lang(), frame.town()
strategy = queries.get_config().strategies[town]
rows = queries.scorecard(town, queries.data_version(), dt.date.today())
rollups = goal_rollups(rows)

st.title(t("overview_title", lang, town=strategy.name.get(lang)))
title = strategy.title.get(lang) if strategy.title else ""
period = t("strategy_period", lang, start=strategy.period.start, end=strategy.period.end)
caption = " · ".join(x for x in (title, period) if x)
st.markdown(components.page_head_html(caption, lang), unsafe_allow_html=True)
missing = review_queries.notes_missing(town, queries.data_version())
reports = queries.town_reports(town, queries.edits_version())  # the editors' Toteuma per mittari

if not rows:  # a strategy followed by its actions only (Lieksa): their progress instead
    st.header(t("overview_actions_title", lang))
    st.write(t("overview_actions_intro", lang))
    states = review_queries.action_states(town, review_queries.edits_version())
    actions = action_rows(review_queries.strategy(town), states, dt.date.today())
    if actions:
        st.markdown(overview_views.action_progress_html(actions, lang), unsafe_allow_html=True)
    st.subheader(t("overview_reports_title", lang))
    if overview_views.latest_reports(actions):
        st.markdown(overview_views.latest_reports_html(actions, lang), unsafe_allow_html=True)
    else:
        st.caption(t("overview_no_reports", lang))
else:
    metas = queries.use_meta(town)
    sdgs = sdg_options(metas.values())  # a filter only where the town has such data
    departments = department_options(metas.values())
    statuses = [s.value for s in overview_views.FILTER_STATUSES]
    sdg_key, owner_key = f"overview_sdg_{town}", f"overview_owner_{town}"
    # the filters follow the URL (?tila=…&sdg=…&vastuu=…), so a shared link shows the same rows
    understood = frame.adopt_url_list("overview_status", "tila", statuses)
    if sdgs:
        understood &= frame.adopt_url_list(sdg_key, "sdg", sdgs, parse=int)
    if departments:
        understood &= frame.adopt_url_list(owner_key, "vastuu", departments)
    if not understood:
        st.warning(t("error_unknown_param", lang, param="tila / sdg / vastuu"))
    # one filter needs no columns (two elements fewer for the browser to draw)
    columns = st.columns(1 + bool(sdgs) + bool(departments)) if sdgs or departments else [st]
    columns[0].multiselect(
        t("overview_filter", lang), statuses, key="overview_status",
        format_func=lambda s: status_label(Status(s), lang), help=t("overview_filter_help", lang),
        placeholder=t("filter_all", lang), on_change=frame.mark_changed, args=("overview_status",),
    )  # fmt: skip
    if sdgs:
        columns[1].multiselect(
            t("overview_filter_sdg", lang), sdgs, key=sdg_key,
            format_func=lambda n: t("sdg_option", lang, n=n),
            help=t("overview_filter_sdg_help", lang), placeholder=t("filter_all", lang),
            on_change=frame.mark_changed, args=(sdg_key,),
        )  # fmt: skip
    if departments:
        columns[-1].multiselect(
            t("overview_filter_owner", lang), departments, key=owner_key,
            help=t("overview_filter_owner_help", lang), placeholder=t("filter_all", lang),
            on_change=frame.mark_changed, args=(owner_key,),
        )  # fmt: skip
    wanted = st.session_state.get("overview_status") or []
    # keyed per town: another town's departments are no choice here
    chosen_sdg = (st.session_state.get(sdg_key) or []) if sdgs else []
    chosen_owner = (st.session_state.get(owner_key) or []) if departments else []
    frame.sync_params(
        tila=frame.list_param(wanted),
        sdg=frame.list_param(chosen_sdg),
        vastuu=frame.list_param(chosen_owner),
    )
    shown_rows = [
        r
        for r in overview_views.filter_rows(rows, wanted)
        if matches(metas.get(r.use.id), chosen_sdg, chosen_owner)
    ]
    filtered = bool(wanted or chosen_sdg or chosen_owner)
    if filtered:
        st.caption(t("overview_shown", lang, shown=len(shown_rows), total=len(rows)))
        if not shown_rows:
            only_status = not (chosen_sdg or chosen_owner)
            st.info(t("overview_none_match" if only_status else "overview_none_match_any", lang))
    opened = overview_views.goals_open(len(shown_rows), filtered)

for index, goal in enumerate(strategy.goals if rows else ()):
    goal_rows = [r for r in shown_rows if r.goal.id == goal.id]
    if filtered and not goal_rows:
        continue
    name = goal.name.get(lang)
    if not goal_rows:
        section = components.goal_without_rows_html(name, t("no_indicators", lang))
    else:
        section = components.goal_section_html(
            name,
            components.rollup_html(rollups[goal.id], lang),
            t("overview_goal_rows", lang, n=len(goal_rows)),
            components.scorecard_table_html(goal_rows, name, town, lang, missing, reports),
            expanded=opened or index == 0,
        )
    st.markdown(section, unsafe_allow_html=True)

export_panel.render(town, lang)
