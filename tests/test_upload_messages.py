"""The Data page's upload messages (issue 15 point 6): the reader's language, the user's own
file name, never the server's paths; UTF-16 read, .xls refused in a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.base import ImportRejected
from loaders.manual_entry import import_manual_values
from mittaristo import store
from mittaristo.config.load import load_config
from mittaristo.edits import Editor
from mittaristo.i18n import t
from ui.manual_upload import done_text, prepared, safe_name, without_paths

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT)
EDITOR = Editor("Anna Virtanen", "password")
GOOD = (
    'town,indicator,period,value,source_note\nheinola,suosittelu_tyopaikkana,2025,"82,5",kysely\n'
)


def _import(tmp_path: Path, name: str, data: bytes, lang: str = "fi") -> list[str]:
    """What the page does: prepare, store under the user's name, message from the run."""
    body, refusal = prepared(name, data, lang)
    assert refusal is None, refusal
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    path = scratch / safe_name(name)
    path.write_bytes(body)
    db = tmp_path / "stats.duckdb"
    import_manual_values(
        path, CONFIG, db, editor=EDITOR, original_name=name, edits_path=tmp_path / "e.duckdb"
    )
    runs = store.load_runs(db, limit=1)
    loads = store.series_loads(db, int(runs.iloc[0]["run_id"]))
    return done_text(name, runs, loads, CONFIG.catalog.by_id(), lang)


def test_utf16_with_bom_is_read_and_the_message_names_the_users_file(tmp_path):
    data = GOOD.encode("utf-16")  # Excel's "Unicode text" starts with FF FE
    assert data[:2] == b"\xff\xfe"
    lines = _import(tmp_path, "Henkilöstökysely 2025.csv", data)
    assert lines[0] == "Tiedosto Henkilöstökysely 2025.csv tuotiin: 1 uutta ja 0 korjattua arvoa."
    name = CONFIG.catalog.by_id()["suosittelu_tyopaikkana"].name.get("fi")
    assert lines[1] == f"{name}: 1 rivi"
    assert lines[-1] == "Arvoja luettu 1, tallennettu 1, hylätty 0."
    text = " ".join(lines)
    assert "upload.csv" not in text and str(tmp_path) not in text and ".duckdb" not in text
    assert store.current_series(tmp_path / "stats.duckdb", "suosittelu_tyopaikkana")[
        "value"
    ].tolist() == [82.5]


def test_swedish_message(tmp_path):
    lines = _import(tmp_path, "enkät.csv", GOOD.encode("utf-8"), "sv")
    assert lines[0] == "Filen enkät.csv importerades: 1 nya och 0 korrigerade värden."


def test_utf16_without_a_mark_and_xls_are_refused_in_words():
    _, refusal = prepared("arvot.csv", GOOD.encode("utf-16-le"), "fi")
    assert refusal == t("upload.encoding", "fi", file="arvot.csv")
    _, refusal = prepared("vanha.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "fi")
    assert refusal is not None and "vanha.xls" in refusal and ".xlsx" in refusal
    assert "Excel 97–2003" in refusal
    _, refusal = prepared("vanha.xls", b"\xd0\xcf\x11\xe0", "sv")
    assert refusal is not None and refusal.startswith("Filen vanha.xls kan inte läsas")
    assert prepared("ok.csv", b"a,b\n", "fi") == (b"a,b\n", None)


def test_a_refused_file_names_the_users_file_and_no_server_path(tmp_path):
    name = "arvot (1)?.csv"  # a character the scratch name cannot keep
    scratch = tmp_path / "mittaristo-upload-x"
    scratch.mkdir()
    path = scratch / safe_name(name)
    path.write_text("town,indicator,period,value\nheinola,suosittelu_tyopaikkana,2025,paljon\n")
    with pytest.raises(ImportRejected) as caught:
        import_manual_values(
            path, CONFIG, tmp_path / "s.duckdb", editor=EDITOR, edits_path=tmp_path / "e.duckdb"
        )
    shown = without_paths(str(caught.value), str(scratch), name, path)
    assert "arvot (1)?.csv:2" in shown, shown
    assert str(scratch) not in shown and "upload" not in shown


def test_safe_name_keeps_the_name_and_drops_folders():
    assert safe_name("../../etc/arvot.csv") == "arvot.csv"
    assert safe_name("Kysely ä.csv") == "Kysely ä.csv"
