"""Mittari: one indicator's trend against its target, peers and the whole country."""

import datetime as dt

import streamlit as st

from mittaristo.i18n import t
from mittaristo.presentation import source_note_lines, use_label
from mittaristo.tables import as_text
from ui import auth, export_panel, frame, queries, review_forms, toteuma, views

lang, town = frame.lang(), frame.town()
editor = auth.sidebar_login(lang)
review_forms.show_flash()
strategy = queries.get_config().strategies[town]
version = queries.data_version()
today = dt.date.today()
rows = queries.scorecard(town, version, today)
by_id = {r.use.id: r for r in rows}

if not rows:
    st.title(t("page_indicator", lang))
    st.info(t("no_indicators", lang))
    st.stop()
if "mittari" not in st.session_state or st.session_state.mittari not in by_id:
    wanted = frame.param("mittari")
    if wanted and wanted not in by_id:
        st.warning(t("error_unknown_param", lang, param="mittari"))
    st.session_state.mittari = wanted if wanted in by_id else rows[0].use.id
for key, name in (("show_peers", "verrokit"), ("show_country", "maa")):
    if key not in st.session_state:
        st.session_state[key] = frame.param(name) == "1"

st.title(by_id[st.session_state.mittari].use.text)
st.selectbox(
    t("choose_indicator", lang), list(by_id), key="mittari",
    format_func=lambda use_id: use_label(by_id[use_id].goal, by_id[use_id].subgoal, by_id[use_id].use, lang),
)  # fmt: skip
row = by_id[st.session_state.mittari]
cols = st.columns(2)
cols[0].toggle(t("show_peers", lang), key="show_peers", disabled=row.indicator is None)
cols[1].toggle(t("show_country", lang), key="show_country", disabled=row.indicator is None)
frame.sync_params(
    mittari=row.use.id,
    verrokit="1" if st.session_state.show_peers else None,
    maa="1" if st.session_state.show_country else None,
)

st.markdown(views.status_line(row, lang), unsafe_allow_html=True)
st.write(row.assessment.explanation[lang])
reports = queries.town_reports(town, queries.edits_version()).get(row.use.id, [])
toteuma_html = toteuma.reports_html(
    reports, lang, expect=toteuma.form_kind(row) in ("milestone", "assessment")
)
if toteuma_html:  # the editors' Toteuma: state, date, sentence, who (viewers see it too)
    st.markdown(toteuma_html, unsafe_allow_html=True)
st.markdown(views.target_layers_html(row, strategy, lang), unsafe_allow_html=True)
st.markdown(views.use_facts_html(row, strategy, lang), unsafe_allow_html=True)

view = (town, version, today, row.use.id, lang)
toggles = (st.session_state.show_peers, st.session_state.show_country)
if row.has_values:
    fig = queries.indicator_chart(*view, *toggles)  # cached per view: reruns do not rebuild it
    st.plotly_chart(fig, key="indicator_chart", config={"displaylogo": False})
    st.caption(views.chart_summary(row, lang))
    table = queries.indicator_table(*view, *toggles)
    with st.expander(t("table_alternative", lang), expanded=False):
        notes_column = [t("report_col_source_note", lang)]  # text as it is
        st.table(
            as_text(table, row.indicator, lang, text_columns=notes_column)
        )  # numbers kept below
    export_panel.table_downloads(table, f"{town}-{row.use.id}", "download", lang)
    export_panel.chart_png_button(town, row.use.id, lang)
else:  # a milestone or a qualitative mittari: no series, so no chart and no chart downloads
    st.info(t("no_chart_reported" if row.indicator is None else "no_series", lang))
if row.use.note:  # how the series differs from the document's mittari, next to the chart
    st.markdown(views.caveat_html(row, lang), unsafe_allow_html=True)
for line in views.indicator_notes(row, queries.series_metadata(version), strategy, lang):
    st.caption(line)
if row.indicator is not None and row.indicator.source.kind == "manual":
    notes = queries.source_notes(row.indicator.id, strategy.municipality, version)
    for line in source_note_lines(notes, lang):
        st.caption(line)
toteuma.render(row, town, editor, lang)  # signed-in editors only: record this mittari's Toteuma
