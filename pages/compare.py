"""Vertailu: one mittari across the peer group and all municipalities."""

import datetime as dt

import streamlit as st

from mittaristo.compare import (
    latest_common_period,
    municipality_codes,
    ranking,
    standing,
    towns_table,
)
from mittaristo.compare_charts import ranking_figure, towns_figure
from mittaristo.formatting import format_percent, format_period
from mittaristo.i18n import t
from mittaristo.presentation import use_label
from mittaristo.tables import ranking_numbers, ranking_table, towns_numbers, towns_text_table
from ui import export_panel, frame, plotly_theme, queries, similar_panel

lang, town = frame.lang(), frame.town()
strategy = queries.get_config().strategies[town]
version = queries.data_version()
rows = [r for r in queries.scorecard(town, version, dt.date.today()) if r.kind == "automatic"]
if not rows:
    st.title(t("page_compare", lang))
    st.info(t("compare_nothing", lang))
    similar_panel.render(town, lang)
    st.stop()
by_id = {r.use.id: r for r in rows}
if st.session_state.get("compare_use") not in by_id:
    wanted = frame.param("mittari")
    st.session_state.compare_use = wanted if wanted in by_id else rows[0].use.id
st.title(t("compare_title", lang, indicator=by_id[st.session_state.compare_use].use.text))
st.selectbox(
    t("choose_indicator", lang), list(by_id), key="compare_use",
    format_func=lambda use_id: use_label(by_id[use_id].goal, by_id[use_id].subgoal, by_id[use_id].use, lang),
)  # fmt: skip
row = by_id[st.session_state.compare_use]
scope_options = ["peers", "all"]
if st.session_state.get("compare_scope") not in scope_options:
    st.session_state.compare_scope = "all" if frame.param("vertailu") == "kaikki" else "peers"
st.radio(
    t("compare_scope", lang), scope_options, key="compare_scope", horizontal=True,
    format_func=lambda s: t("scope_peers" if s == "peers" else "scope_all", lang),
)  # fmt: skip
frame.sync_params(
    mittari=row.use.id, vertailu="kaikki" if st.session_state.compare_scope == "all" else None
)

data = queries.indicator_all_regions(row.indicator.id, version)
period = latest_common_period(data, row.indicator.id, strategy.municipality)
if period is None:
    st.info(t("no_series", lang))
    similar_panel.render(town, lang)
    st.stop()
everyone = ranking(data, row.indicator.id, period, row.indicator.better)
where = standing(everyone, strategy.municipality)
if where:
    st.markdown(t(
        "rank_sentence", lang, town=strategy.name.get(lang), rank=where.rank, n=where.count,
        year=format_period(where.period, lang), pct=format_percent(where.percentile, 0, lang),
    ))  # fmt: skip
group = [strategy.municipality, *strategy.peers]
shown = (
    everyone
    if st.session_state.compare_scope == "all"
    else everyone[everyone["region"].isin(group)]
)
names = [frame.town_name(code) for code in shown["region"]]
title = t("ranking_title", lang, year=format_period(period, lang))
source = queries.chart_source(row.indicator.id, version, lang)
plotly_theme.ensure()  # before the page's first figure (ui.serve defers it from the start)
bar = ranking_figure(shown, names, strategy.municipality, title, lang, row.indicator, source)
st.plotly_chart(bar, key="ranking_chart", config={"displaylogo": False})
export_panel.figure_png_button(bar, f"{town}-{row.use.id}-ranking.png", "ranking_png", lang)
with st.expander(t("table_alternative", lang)):
    st.table(ranking_table(shown, names, row.indicator, lang))
export_panel.table_downloads(
    ranking_numbers(shown, names, lang), f"{town}-{row.use.id}-ranking", "ranking", lang
)

options = municipality_codes(data)
if "compare_towns" not in st.session_state:
    st.session_state.compare_towns = [c for c in group if c in options]
st.multiselect(t("choose_towns", lang), options, key="compare_towns", format_func=frame.town_name)
chosen = st.session_state.compare_towns
lines = towns_figure(
    data, chosen, strategy.municipality, frame.town_name, lang, row.indicator, source
)
st.plotly_chart(lines, key="towns_chart", config={"displaylogo": False})
export_panel.figure_png_button(lines, f"{town}-{row.use.id}-towns.png", "towns_png", lang)
with st.expander(t("table_alternative", lang)):
    wide = towns_table(data, chosen)
    st.table(towns_text_table(wide, frame.town_name, row.indicator, lang))
export_panel.table_downloads(
    towns_numbers(wide, frame.town_name, lang), f"{town}-{row.use.id}-towns", "towns", lang
)

similar_panel.render(town, lang)
