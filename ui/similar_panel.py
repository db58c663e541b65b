"""Samankaltaiset kunnat: the municipalities most similar to the town, its peers marked (on the
Compare page). The ranking is the core's (mittaristo.similarity), cached per town and data
version in ui.queries, so a rerun costs a table, whatever the number of configured towns."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from mittaristo.compare import SIMILAR_SHOWN, peers_in_top, similar_table
from mittaristo.i18n import t
from mittaristo.keyfigures import describe_basis
from ui import frame, queries


def render(town: str, lang: str) -> None:
    strategy = queries.get_config().strategies[town]
    st.header(t("similar.title", lang))
    ranking, used = queries.similar_municipalities(town, queries.data_version(), dt.date.today())
    if ranking.empty or ranking["rank"].notna().sum() == 0:
        st.info(t("similar.none", lang))
        return
    st.markdown(t("similar.intro", lang, town=strategy.name.get(lang)))
    shown, count = peers_in_top(ranking)
    if count:
        st.markdown(t("similar.peers_count", lang, n=count, top=SIMILAR_SHOWN, k=shown))
    st.table(similar_table(ranking, frame.town_name, lang))
    st.caption(
        f"{t('similar.basis', lang, basis=describe_basis(used, lang))} {t('similar.method', lang)}"
    )
