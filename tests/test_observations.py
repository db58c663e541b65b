"""The observation contract: one column list shared by the parsers, the writer and the view."""

from __future__ import annotations

import json

import duckdb
import pytest
from conftest import shared_fixture

from loaders.jsonstat import parse_jsonstat2
from loaders.sotkanet import parse_json, parse_regions, region_map
from mittaristo import store
from mittaristo.observations import (
    CONTRACT_COLUMNS,
    IDENTITY,
    OBS_COLUMNS,
    SQL_TYPES,
    Observation,
    SeriesOutcome,
    empty_frame,
    missing_columns,
    observation_frame,
)
from mittaristo.store import RefreshWriter

# design.md §4 (contract), written out here on purpose: a change of the list must be a change
# of this test too, not something that happens quietly in the code.
DESIGNED_VIEW = (
    "source", "dataset", "measure", "dimensions", "region", "period", "value", "symbol",
    "fetched_at",
)  # fmt: skip


def test_the_contract_is_the_designed_column_list():
    assert CONTRACT_COLUMNS == DESIGNED_VIEW
    assert OBS_COLUMNS == list(DESIGNED_VIEW[:-1])
    assert IDENTITY == DESIGNED_VIEW[:6]
    assert tuple(SQL_TYPES) == DESIGNED_VIEW


def _write(db, rows: list[Observation]) -> None:
    with RefreshWriter(db, kind="import") as writer:
        result = writer.write_outcome(SeriesOutcome("x", observation_frame(rows)), "pxweb")
        assert result.status == "ok", result.error
        writer.finish()


def test_view_history_and_writer_agree_with_the_contract(tmp_path):
    db = tmp_path / "m.duckdb"
    rows = [
        Observation("pxweb", "11re", "vaerak-vaesto", "Ikä=SSS", "KU111", "2024", 18000.0, None),
        Observation("pxweb", "11re", "vaerak-vaesto", "Ikä=SSS", "KU240", "2024", None, ".."),
    ]
    _write(db, rows)
    with store.read_connection(db) as con:
        view = con.execute("DESCRIBE observations").fetchall()
        history = {r[0]: r[1] for r in con.execute("DESCRIBE observation_history").fetchall()}
        stored = con.execute("SELECT * EXCLUDE (fetched_at) FROM observations ORDER BY region")
        stored = stored.fetchall()
    assert tuple(r[0] for r in view) == CONTRACT_COLUMNS
    types = {r[0]: r[1] for r in view}
    assert types["value"] == "DOUBLE" and types["period"] == "VARCHAR"
    assert types["fetched_at"] == "TIMESTAMP"
    assert set(CONTRACT_COLUMNS) <= set(history)
    assert [Observation(*r) for r in stored] == rows


def test_a_frame_without_a_contract_column_is_refused_and_nothing_is_stored(tmp_path):
    db = tmp_path / "m.duckdb"
    frame = observation_frame([Observation("pxweb", "t", "m", "", "KU111", "2024", 1.0, None)])
    broken = frame.drop(columns=["period"])
    assert missing_columns(broken) == ["period"]
    with RefreshWriter(db, kind="import") as writer:
        result = writer.write_outcome(SeriesOutcome("x", broken), "pxweb")
        writer.finish()
    assert result.status == "failed"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observation_history").fetchone()[0] == 0


def test_empty_and_typed_frames_have_the_contract_columns():
    assert list(empty_frame().columns) == OBS_COLUMNS
    assert str(empty_frame()["value"].dtype) == "float64"
    assert list(observation_frame([]).columns) == OBS_COLUMNS


def test_parsers_produce_the_contract_columns():
    payload = json.loads(
        shared_fixture("pxweb_v1_statfin_11re_query_helsinki_5y_jsonstat2.json").read_text()
    )
    assert list(parse_jsonstat2(payload).columns) == OBS_COLUMNS
    regions = parse_regions(json.loads(shared_fixture("sotkanet_1.1_regions.json").read_text()))
    rows = json.loads(shared_fixture("sotkanet_1.1_json_indicator127_2009_total.json").read_text())
    parsed = parse_json(rows, region_map(regions), indicator=127)
    assert list(parsed.frame.columns) == OBS_COLUMNS


@pytest.mark.parametrize("column", OBS_COLUMNS)
def test_each_contract_column_is_needed_by_the_writer(tmp_path, column):
    frame = observation_frame([Observation("pxweb", "t", "m", "", "KU111", "2024", 1.0, None)])
    with RefreshWriter(tmp_path / "m.duckdb", kind="import") as writer:
        result = writer.write_outcome(SeriesOutcome("x", frame.drop(columns=[column])), "pxweb")
        writer.finish()
    optional = {"dimensions", "symbol"}  # absent = none given (NULL / "")
    assert (result.status == "ok") == (column in optional), (column, result.error)
