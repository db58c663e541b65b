"""`python -m loaders refresh | import | status | demo`: exit codes and what they leave behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import shared_fixture
from refresh_fixtures import write_config

from loaders.cli import main
from loaders.emulator import start_emulator
from mittaristo import store
from mittaristo.store import RefreshWriter


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory) -> Path:
    return write_config(tmp_path_factory.mktemp("config"), syke=False)  # no SYKE: 300 files


@pytest.fixture
def emulator(config_dir, monkeypatch, request):
    faults = getattr(request, "param", ())
    with start_emulator(faults=faults) as emu:
        for key, value in emu.env().items():
            monkeypatch.setenv(key, value)
        yield emu


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "m.duckdb"


def cli(*argv: object) -> int:
    return main([str(a) for a in argv])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_refresh_ok_then_status_ok(emulator, config_dir, db, capsys):
    assert cli("refresh", "--db", db, "--config-dir", config_dir) == 0
    out = capsys.readouterr().out
    assert "[3/3] ok" in out and "3 ok, 0 failed" in out
    assert cli("status", "--db", db) == 0
    out = capsys.readouterr().out
    assert "vakiluku" in out and "Last runs" in out


@pytest.mark.parametrize("emulator", [["invalid-json@/rest/1.1/json"]], indirect=True)
def test_refresh_with_a_failing_series_exits_1(emulator, config_dir, db, capsys):
    assert cli("refresh", "--db", db, "--config-dir", config_dir) == 1
    out = capsys.readouterr().out
    assert "FAILED  nettomuutto_per_1000" in out and "Failed series" in out
    assert cli("status", "--db", db) == 1


def test_unknown_only_id_exits_2(config_dir, db, capsys):
    assert cli("refresh", "--db", db, "--config-dir", config_dir, "--only", "nope") == 2
    assert "unknown indicator id(s): nope" in capsys.readouterr().err
    assert not db.exists()


def test_invalid_config_exits_1_before_fetching(tmp_path, db, capsys):
    bad = write_config(tmp_path / "bad")
    (bad / "indicators.yaml").write_text("version: 1\nindicators:\n  - id: x\n", encoding="utf-8")
    assert cli("refresh", "--db", db, "--config-dir", bad) == 1
    assert "indicators.yaml" in capsys.readouterr().err
    assert not db.exists()


def test_locked_database_exits_3(config_dir, db, capsys):
    with RefreshWriter(db, kind="refresh") as writer:
        assert cli("refresh", "--db", db, "--config-dir", config_dir) == 3
        writer.finish()
    assert "another refresh" in capsys.readouterr().err


def test_status_without_database_exits_2(db, capsys):
    assert cli("status", "--db", db) == 2
    assert "no database" in capsys.readouterr().err


def test_demo_then_status(config_dir, db, capsys):
    assert cli("demo", "--db", db, "--config-dir", config_dir) == 0
    assert "not official" in capsys.readouterr().out
    assert store.data_mode(db) == "demo"
    assert cli("status", "--db", db) == 0
    assert "synthetic demo data" in capsys.readouterr().out


def test_rejected_import_leaves_the_database_unchanged(config_dir, db, tmp_path, capsys):
    with RefreshWriter(db, kind="refresh") as writer:
        writer.finish()
    before, inode = digest(db), db.stat().st_ino
    junk = tmp_path / "junk.json"
    junk.write_text('{"not": "json-stat"}', encoding="utf-8")
    assert cli("import", junk, "--format", "jsonstat2", "--db", db, "--config-dir", config_dir) == 1
    assert "rejected" in capsys.readouterr().err
    assert digest(db) == before and db.stat().st_ino == inode


def test_import_unknown_indicator_exits_2(config_dir, db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{}", encoding="utf-8")
    args = ("import", path, "--format", "jsonstat2", "--db", db, "--config-dir", config_dir)
    assert cli(*args, "--indicator", "nope") == 2


def test_import_manual_values(config_dir, db, tmp_path, capsys):
    path = tmp_path / "manual.csv"
    path.write_text(
        "town;indicator;period;value\ntestila;asukaskysely;2024;72,5\n", encoding="utf-8"
    )
    assert (
        cli("import", path, "--format", "manual-csv", "--db", db, "--config-dir", config_dir) == 0
    )
    assert store.current_series(db, "asukaskysely")[["region", "value"]].values.tolist() == [
        ["KU111", 72.5]
    ]
    assert store.load_runs(db)["kind"].tolist() == ["import"]


def test_import_jsonstat2_linked_and_unlinked(config_dir, db):
    path = shared_fixture("pxweb_v1_statfin_11re_query_helsinki_5y_jsonstat2.json")
    args = ("import", path, "--format", "jsonstat2", "--db", db, "--config-dir", config_dir)
    assert cli(*args) == 0  # 11re is not in the test catalog: stored without an indicator
    with store.read_connection(db) as con:
        unlinked = con.execute(
            "SELECT count(*) FROM observation_history WHERE indicator_id IS NULL"
        ).fetchone()[0]
        visible = con.execute(
            "SELECT count(*) FROM observations WHERE dataset = '11re'"
        ).fetchone()[0]
    assert unlinked == visible > 0
    assert cli(*args, "--indicator", "vakiluku") == 0
    assert len(store.current_series(db, "vakiluku")) > 0


def test_import_sotkanet_needs_regions_first(config_dir, db, capsys):
    data = shared_fixture("sotkanet_1.1_json_indicator127_2009_total.json")
    regions = shared_fixture("sotkanet_1.1_regions.json")
    args = ("--db", db, "--config-dir", config_dir)
    assert cli("import", data, "--format", "sotkanet-json", *args) == 1
    assert "regions" in capsys.readouterr().err
    assert cli("import", regions, "--format", "sotkanet-regions", *args) == 0
    assert len(store.sotkanet_regions(db)) > 300
    # the recorded data name a few ids the (older) recorded region list lacks: skipped, named
    assert cli("import", data, "--format", "sotkanet-json", *args) == 0
    assert "unknown Sotkanet region ids skipped: 455, 456, 730" in capsys.readouterr().out
    with store.read_connection(db) as con:
        rows = con.execute(
            "SELECT count(*) FROM observations WHERE source = 'sotkanet' AND dataset = '127'"
        ).fetchone()[0]
    assert rows > 0


def test_import_linking_rules(config_dir):
    import pandas as pd

    from loaders.linking import link_groups
    from mittaristo.config.load import load_config

    catalog = load_config(config_dir).catalog
    frame = pd.DataFrame(
        {
            "source": ["pxweb", "pxweb", "sotkanet", "manual"],
            "dataset": ["kuntien_avainluvut_2025_aikasarja", "11re", "178", "manual"],
            "measure": ["ka-M411", "vaesto", "178", "asukaskysely"],
        }
    )
    links = {key: ind for ind, rows in link_groups(frame, catalog) for key in rows["dataset"]}
    assert links == {
        "kuntien_avainluvut_2025_aikasarja": "vakiluku",  # prefixed content code still matches
        "11re": None,
        "178": "nettomuutto_per_1000",
        "manual": "asukaskysely",
    }
