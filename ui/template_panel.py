"""Strategia taulukkona: the strategy workbook for download (Data page), for anyone.

Anyone may download it, not only editors: the blank template holds nothing, and a town's
workbook holds only its strategy — a public council document every page already shows to
viewers — never notes, statuses edited in the app, snapshots or the audit log. Importing a
filled workbook changes the configuration, so it stays a server-side step
(`python -m loaders import-strategy`, validated, nothing written on any error); the app never
writes the configuration.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from mittaristo.i18n import t
from ui import queries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render(town: str, lang: str) -> None:
    strategy = queries.get_config().strategies[town]
    st.header(t("sheet.app.template_title", lang))
    st.markdown(t("sheet.app.template_text", lang))
    left, right = st.columns(2)
    # The workbook is built when the button is clicked (a callable), not on every rerun.
    left.download_button(
        t("sheet.app.template_blank", lang), partial(queries.strategy_workbook, None, lang),
        file_name="strategiapohja.xlsx", mime=XLSX, key="template_blank",
    )  # fmt: skip
    right.download_button(
        t("sheet.app.template_town", lang, town=strategy.name.get(lang)),
        partial(queries.strategy_workbook, town, lang),
        file_name=f"{town}-strategia.xlsx", mime=XLSX, key="template_town",
    )  # fmt: skip
