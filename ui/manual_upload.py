"""Editors upload manual values (CSV/XLSX) on the Data page; viewers only see why they cannot.

Every message is in the reader's language and names the user's own file: the file is stored
under its own name in a scratch folder (so the parser's `file:line` problems name it), the
scratch folder never shows, and the success message is built from the stored run, not from
the loader's English summary (which names the server's database path).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import streamlit as st

from mittaristo import store
from mittaristo.config.model import CatalogIndicator
from mittaristo.formatting import format_number
from mittaristo.i18n import t
from ui import auth, queries

ACCEPTED = ("csv", "xlsx", "xls")  # .xls is accepted by the picker only to be refused in words
_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")


def safe_name(name: str) -> str:
    """The user's file name as a scratch file name (no folders, no odd characters)."""
    base = Path(name).name
    cleaned = re.sub(r"[^\w.\-() ]", "_", base).strip(" .") or "tiedosto"
    return cleaned[:120]


def prepared(name: str, data: bytes, lang: str) -> tuple[bytes, str | None]:
    """(bytes to import, refusal sentence or None). A UTF-16 CSV with its byte order mark
    (Excel's 'Unicode text') is read as UTF-8; one without a mark, and an old .xls workbook,
    are refused with what to do."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Excel 97–2003
        return data, t("upload.xls", lang, file=name)
    if suffix == ".csv":
        if data.startswith(_BOMS_UTF16):
            try:
                return data.decode("utf-16").encode("utf-8"), None
            except UnicodeDecodeError:
                return data, t("upload.encoding", lang, file=name)
        if data[:4000].count(b"\x00") > len(data[:4000]) // 4:  # UTF-16 without a mark
            return data, t("upload.encoding", lang, file=name)
    return data, None


def without_paths(text: str, folder: str, name: str, scratch: Path) -> str:
    """A parser's message with the scratch path replaced by the user's file name."""
    text = text.replace(str(scratch), name).replace(folder + "/", "").replace(folder, "")
    return text if scratch.name == name else text.replace(scratch.name, name)


def done_text(
    name: str,
    runs: pd.DataFrame,
    loads: pd.DataFrame,
    catalog: Mapping[str, CatalogIndicator],
    lang: str,
) -> list[str]:
    """The success message from the stored run: file, rows new and revised, per series."""
    run = runs.iloc[0]
    lines = [
        t(
            "upload.done",
            lang,
            file=name,
            new=format_number(int(run["n_rows_new"]), 0, lang),
            revised=format_number(int(run["n_rows_revised"]), 0, lang),
        )  # fmt: skip
    ]
    for _, row in loads.iterrows():
        ind = catalog.get(str(row["indicator_id"]))
        label = ind.name.get(lang) if ind else str(row["indicator_id"])
        lines.append(t("upload.series", lang, name=label, n=int(row["n_rows"] or 0)))
    # A manual file is stored whole or refused whole: every value read is a row stored.
    stored = format_number(int(loads["n_rows"].fillna(0).sum()) if len(loads) else 0, 0, lang)
    lines.append(t("upload.cells", lang, read=stored, stored=stored, refused=0))
    return lines


def refused_text(read: int, problems: int, lang: str) -> str:
    """A refused file's accounting: every value read is refused (stored 0), and why."""
    n_read = format_number(read, 0, lang)
    counts = t("upload.cells", lang, read=n_read, stored=0, refused=n_read)
    return counts + " " + t("upload.refused_whole", lang, problems=format_number(problems, 0, lang))


def _stored_values(lang: str) -> None:
    """The town's manual values with their source notes (where they came from)."""
    from ui import data_tables, frame

    values = queries.manual_values(frame.town(), queries.data_version())
    if values:
        names = {i.id: i.name.get(lang) for i in queries.get_config().catalog.indicators}
        st.table(data_tables.manual_values_table(values, names, lang))


def render(lang: str) -> None:
    st.header(t("manual_title", lang))
    st.caption(t("manual_help", lang))
    _stored_values(lang)
    editor = auth.current_editor()
    if editor is None:
        st.caption(t("manual_editors_only", lang))
        return
    upload = st.file_uploader(t("manual_upload", lang), type=list(ACCEPTED), key="manual_upload")
    if upload is None or not st.button(t("manual_import", lang), key="manual_import"):
        return
    from loaders.base import ImportRejected
    from loaders.manual_entry import import_manual_values

    data, refusal = prepared(upload.name, upload.getvalue(), lang)
    if refusal:
        st.error(refusal)
        return
    with tempfile.TemporaryDirectory(prefix="mittaristo-upload-") as folder:
        path = Path(folder) / safe_name(upload.name)
        path.write_bytes(data)
        try:
            import_manual_values(
                path, queries.get_config(), queries.db_path(), editor=editor,
                original_name=upload.name, edits_path=queries.edits_path(),
            )  # fmt: skip
        except ImportRejected as exc:
            st.error(t("upload.rejected", lang, file=upload.name))
            if exc.cells_read is not None:
                st.warning(refused_text(exc.cells_read, len(exc.problems), lang))
            st.code(without_paths(str(exc), folder, upload.name, path), language=None)
            return
    st.cache_data.clear()
    with store.unpinned():  # the run just written, not the file this page pinned before it
        runs = store.load_runs(queries.db_path(), limit=1)
        loads = store.series_loads(queries.db_path(), int(runs.iloc[0]["run_id"]))
    st.success(
        "\n\n".join(done_text(upload.name, runs, loads, queries.get_config().catalog.by_id(), lang))
    )
