"""Download buttons for the meeting packs (PPTX, PDF, XLSX) with a progress bar."""

from __future__ import annotations

import streamlit as st

from mittaristo.i18n import t
from ui import queries

FORMATS = ("pptx", "pdf", "xlsx")
EXPORT_LANGS = ("fi", "sv")


def render(town: str, lang: str, since_snapshot: int | None = None) -> None:
    """Build on request (it takes seconds), then offer the file for download."""
    st.header(t("exports_title", lang))
    left, middle, right = st.columns([2, 2, 3], vertical_alignment="bottom")
    fmt = left.selectbox(t("export_format", lang), FORMATS, key="export_format")
    out_lang = middle.selectbox(
        t("export_lang", lang), EXPORT_LANGS, key="export_lang",
        index=EXPORT_LANGS.index(lang) if lang in EXPORT_LANGS else 0,
    )  # fmt: skip
    if right.button(t("export_prepare", lang), key="export_prepare"):
        # the export stack (pandas, plotly, kaleido, fpdf2, python-pptx, openpyxl) only
        # when a file is asked for: showing the panel must not load it
        from reports import ReportError, report_bytes
        from ui import plotly_theme

        plotly_theme.ensure()

        bar = st.progress(0.0)

        def show(done: int, total: int, text: str) -> None:
            bar.progress(min(done / max(total, 1), 1.0), text=text)

        try:
            st.session_state["export_file"] = report_bytes(
                town, fmt, out_lang, db_path=queries.db_path(), edits_path=queries.edits_path(),
                since_snapshot=since_snapshot,
                progress=show, config=queries.get_config(),
            )  # fmt: skip
        except ReportError as exc:
            st.error(exc.message(lang))
            return
    prepared = st.session_state.get("export_file")
    if prepared and prepared[0].startswith(f"{town}-"):
        name, data, mime = prepared
        st.download_button(
            t("export_download", lang, name=name),
            data,
            file_name=name,
            mime=mime,
            key="export_download",
        )


def chart_png_button(town: str, use_id: str, lang: str) -> None:
    """PNG of the indicator chart, rendered only when the button is pressed."""

    def render_png() -> bytes:
        from reports import chart_png
        from ui import plotly_theme

        plotly_theme.ensure()
        return chart_png(
            town, use_id, lang, config=queries.get_config(), db_path=queries.db_path(),
            edits_path=queries.edits_path(),
        )  # fmt: skip

    st.download_button(
        t("download_png", lang), render_png, file_name=f"{town}-{use_id}.png", mime="image/png",
        key="download_png", on_click="ignore",
    )  # fmt: skip


def figure_png_button(fig, file_name: str, key: str, lang: str) -> None:
    """PNG of any chart on a page, rendered (kaleido, no outside requests) only on click."""

    def render_png() -> bytes:
        from reports.images import render_png as render

        return render(fig)

    st.download_button(
        t("download_png", lang), render_png, file_name=file_name, mime="image/png", key=key,
        on_click="ignore",
    )  # fmt: skip


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(table, base_name: str, key: str, lang: str) -> None:
    """CSV (in the reader's convention) and XLSX of a table with numbers, side by side."""
    from mittaristo.tables import csv_bytes, xlsx_bytes

    left, right = st.columns(2)
    left.download_button(
        t("download_csv", lang), csv_bytes(table, lang), file_name=f"{base_name}.csv",
        mime="text/csv", key=f"{key}_csv", on_click="ignore",
    )  # fmt: skip
    right.download_button(
        t("download_xlsx", lang), lambda: xlsx_bytes(table, base_name[-31:]),
        file_name=f"{base_name}.xlsx", mime=XLSX_MIME, key=f"{key}_xlsx", on_click="ignore",
    )  # fmt: skip
