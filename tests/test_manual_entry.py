"""Manual values from the dashboard: editors only, validated, audited, stored as a load run."""

from pathlib import Path

import pytest

from loaders.base import ImportRejected
from loaders.manual_entry import import_manual_values
from mittaristo import store
from mittaristo.config.load import load_config
from mittaristo.edits import EditNotAllowed, Editor, audit_log

ROOT = Path(__file__).resolve().parents[1]
EDITOR = Editor("Anna Virtanen", "password")


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "stats.duckdb", tmp_path / "edits.duckdb"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "values.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_editor_imports_values_and_the_import_is_audited(tmp_path, paths):
    db, edits = paths
    config = load_config(ROOT)
    file = write(
        tmp_path,
        'town,indicator,period,value,source_note\nheinola,suosittelu_tyopaikkana,2025,"82,5",henkilöstökysely\n',
    )
    summary = import_manual_values(
        file, config, db, editor=EDITOR, original_name="kysely.csv", edits_path=edits
    )
    assert "1 rows" in summary
    series = store.current_series(db, "suosittelu_tyopaikkana")
    assert series[["region", "period", "value"]].values.tolist() == [["KU111", "2025", 82.5]]
    [entry] = audit_log(entity="manual_values", path=edits)
    assert entry.editor == "Anna Virtanen" and entry.key == "kysely.csv" and entry.new["rows"] == 1


def test_without_an_editor_nothing_is_written(tmp_path, paths):
    db, edits = paths
    file = write(tmp_path, "town,indicator,period,value\nheinola,suosittelu_tyopaikkana,2025,80\n")
    with pytest.raises(EditNotAllowed):
        import_manual_values(file, load_config(ROOT), db, editor=None, edits_path=edits)
    assert not db.exists() and not edits.exists()


def test_a_bad_file_is_refused_with_its_line_and_nothing_is_written(tmp_path, paths):
    db, edits = paths
    file = write(
        tmp_path, "town,indicator,period,value\nheinola,suosittelu_tyopaikkana,2025,paljon\n"
    )
    with pytest.raises(ImportRejected, match=r"values.csv:2"):
        import_manual_values(file, load_config(ROOT), db, editor=EDITOR, edits_path=edits)
    assert not db.exists()


def test_one_value_typed_on_the_indicator_page_goes_the_same_way_and_is_audited(paths):
    from loaders.manual_entry import record_manual_value

    db, edits = paths
    config = load_config(ROOT)
    with pytest.raises(EditNotAllowed):
        record_manual_value(
            config, db, editor=None, edits_path=edits, town="heinola",
            indicator_id="suosittelu_tyopaikkana", period="2025", value="80",
        )  # fmt: skip
    assert not db.exists() and not edits.exists()
    with pytest.raises(ImportRejected, match="not a number"):
        record_manual_value(
            config, db, editor=EDITOR, edits_path=edits, town="heinola",
            indicator_id="suosittelu_tyopaikkana", period="2025", value="paljon",
        )  # fmt: skip
    assert not db.exists() and audit_log(path=edits) == []
    record_manual_value(
        config, db, editor=EDITOR, edits_path=edits, town="heinola",
        indicator_id="suosittelu_tyopaikkana", period="2025", value="81,5",
        source_note="henkilöstökysely; vastaajia 412",
    )  # fmt: skip
    series = store.current_series(db, "suosittelu_tyopaikkana")
    assert series[["region", "period", "value"]].values.tolist() == [["KU111", "2025", 81.5]]
    assert store.source_notes(db, "suosittelu_tyopaikkana", "KU111") == {
        "2025": "henkilöstökysely; vastaajia 412"
    }
    [entry] = audit_log(entity="manual_values", path=edits)
    assert entry.key == "heinola:suosittelu_tyopaikkana:2025" and entry.editor == "Anna Virtanen"
    assert (entry.new["value"], entry.new["period"], entry.new["rows"]) == ("81,5", "2025", 1)
