"""The Data page accounts for every value of an upload and every cell of an import (issue 12
point 1): cells read = rows stored + cells refused, with the reasons, in the reader's language.

Streamlit's AppTest cannot drive a file picker, so the test replaces `st.file_uploader` with one
that hands the page a real file's bytes; everything after the picker is the page's own code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from apptest_helpers import app_environment, open_page
from streamlit.testing.v1 import AppTest

from loaders.importing import parse_file, store_result
from loaders.jsonstat import make_jsonstat2
from loaders.manual_entry import import_manual_values
from mittaristo import edits, store
from mittaristo.config.load import load_config
from mittaristo.edits import Editor
from mittaristo.formatting import MISSING
from mittaristo.i18n import t
from ui.data_tables import MAX_REASONS, cells_text, with_cells

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
CONFIG = load_config(ROOT)
EDITOR = Editor("Anna Virtanen", "password")
HEAD = "town,indicator,period,value,source_note\n"
ROW = "heinola,suosittelu_tyopaikkana,{year},{value},Henkilöstökysely\n"


class _Upload:
    """What st.file_uploader returns: a name and the bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


@pytest.fixture
def app_db(tmp_path):
    db, edits_db = tmp_path / "stats.duckdb", tmp_path / "edits.duckdb"
    seed = tmp_path / "alku.csv"
    seed.write_text(HEAD + ROW.format(year=2020, value='"70,0"'), encoding="utf-8")
    import_manual_values(seed, CONFIG, db, editor=EDITOR, edits_path=edits_db)
    with app_environment(db, edits_db):
        yield db


def _signed_in_data_page(monkeypatch, upload: _Upload) -> AppTest:
    monkeypatch.setattr(st, "file_uploader", lambda *a, **k: upload)
    password, salt = "toimittajan salasana", "c0ffee"
    editors = {"password_sha256": edits.hash_password(password, salt), "salt": salt}
    at = open_page("pages/data.py", secrets={"editors": editors}, params={"kunta": "heinola"})
    at.text_input(key="editor_login_name").input("Anna Virtanen")
    at.text_input(key="editor_login_password").input(password)
    next(b for b in at.button if b.label == t("login_button", "fi")).click().run()
    assert not at.exception, at.exception
    at.button(key="manual_import").click().run()
    assert not at.exception, at.exception
    return at


def test_a_refused_upload_shows_every_value_read_and_refused_with_the_reasons(app_db, monkeypatch):
    rows = [ROW.format(year=y, value=v) for y, v in ((2021, "71"), (2022, "paljon"), (2023, "73"))]
    rows.append(ROW.format(year="2024M13", value="74"))
    before = app_db.read_bytes()
    at = _signed_in_data_page(monkeypatch, _Upload("kysely.csv", (HEAD + "".join(rows)).encode()))
    assert [e.value for e in at.error] == [t("upload.rejected", "fi", file="kysely.csv")]
    warning = [w.value for w in at.warning]
    assert warning == [
        "Arvoja luettu 4, tallennettu 0, hylätty 4. "
        + t("upload.refused_whole", "fi", problems="2")
    ], warning
    problems = at.code[0].value
    assert "kysely.csv:3: value 'paljon' is not a number" in problems
    assert "kysely.csv:5: period '2024M13' is not valid" in problems
    assert app_db.read_bytes() == before  # nothing written


def test_a_stored_upload_shows_its_accounting_in_the_load_log(app_db, monkeypatch):
    body = HEAD + ROW.format(year=2021, value="71") + ROW.format(year=2022, value='"72,5"')
    at = _signed_in_data_page(monkeypatch, _Upload("kysely.csv", body.encode()))
    assert not at.error, [e.value for e in at.error]
    # the message is of the run just written (the page had pinned the file before it: run 1)
    assert at.success[0].value.startswith("Tiedosto kysely.csv tuotiin: 2 uutta ja 0 korjattua")
    assert "Arvoja luettu 2, tallennettu 2, hylätty 0." in at.success[0].value
    at.run()  # the next rerun reads the new run from the load log
    log = next(d.value for d in at.table if t("data_col_cells", "fi") in d.value.columns)
    assert log[t("data_col_cells", "fi")].tolist()[:2] == [
        "luettu 2 = tallennettu 2 + hylätty 0",
        "luettu 1 = tallennettu 1 + hylätty 0",
    ]


def test_the_data_page_lists_the_towns_manual_values_with_their_source_notes(app_db, monkeypatch):
    """Issue 12 point 7: where the Data page lists manual values, each has its source note."""
    body = HEAD + "heinola,suosittelu_tyopaikkana,2021,71,Henkilöstökysely 2021\x0bosa 2\n"
    at = _signed_in_data_page(monkeypatch, _Upload("kysely.csv", body.encode()))
    at.run()
    table = next(d.value for d in at.table if t("report_col_source_note", "fi") in d.value.columns)
    assert table[t("col_period", "fi")].tolist() == ["2021", "2020"]
    assert table[t("col_value", "fi")].tolist() == ["71", "70"]
    assert table[t("report_col_source_note", "fi")].tolist() == [
        "Henkilöstökysely 2021 osa 2",  # U+000B shown as a space
        "Henkilöstökysely",
    ]


def test_an_import_with_refused_cells_keeps_its_accounting_and_reasons(tmp_path):
    """A json-stat2 answer with two empty cells: 4 read = 2 stored + 2 refused, the reason in
    Finnish, Swedish and English in the load log."""
    doc = make_jsonstat2(
        [("Alue", "Alue", ["KU111", "KU240"]), ("Vuosi", "Vuosi", ["2023", "2024"]),
         ("Tiedot", "Tiedot", ["vaesto"])],
        [18500, None, 19900, None],
        tableid="11re",
        roles={"geo": ["Alue"], "time": ["Vuosi"], "metric": ["Tiedot"]},
    )  # fmt: skip
    path = tmp_path / "11re.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    db = tmp_path / "stats.duckdb"
    result = parse_file(path, "jsonstat2", CONFIG, db)
    summary = store_result(result, path, CONFIG, db)
    assert "read 4 cells: 2 rows stored, 2 cells refused" in summary
    run = store.load_runs(db, limit=1)
    assert run[["cells_read", "rows_stored", "cells_refused"]].iloc[0].tolist() == [4, 2, 2]
    shown = {lang: with_cells(run, lang)["cells"].iloc[0] for lang in ("fi", "sv", "en")}
    assert (
        shown["fi"]
        == "luettu 4 = tallennettu 2 + hylätty 2 (ei arvoa eikä puuttumisen symbolia: 2)"
    )
    assert shown["sv"].startswith("lästa 4 = sparade 2 + avvisade 2 (inget värde")
    assert shown["en"] == "read 4 = stored 2 + refused 2 (no value and no missing-value symbol: 2)"


def test_the_reasons_are_capped_with_a_count():
    reasons = json.dumps({f"reason {i}": 1 for i in range(MAX_REASONS + 2)})
    text = cells_text(5, 0, 5, reasons, "en")
    assert text.count("reason ") == MAX_REASONS and text.endswith("; and 2 more reasons)")
    assert cells_text(None, None, None, None, "fi") == MISSING  # a refresh keeps no accounting
