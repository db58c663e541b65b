"""The refresh through the local emulator into a temporary DuckDB (offline, real loaders)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from refresh_fixtures import TOWNS, write_config

from loaders import derived
from loaders.demo import emulator_settings
from loaders.emulator import start_emulator
from loaders.refresh import UnknownIndicators, refresh
from mittaristo import store
from mittaristo.config.load import load_config
from mittaristo.settings import Settings


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("config"))


@pytest.fixture(scope="module")
def config(config_dir):
    return load_config(config_dir)


def run(config, db: Path, faults=(), **kw):
    """One refresh against a fresh emulator (no retries: a fault fails at once)."""
    with start_emulator(faults=faults) as emu:
        settings = emulator_settings(Settings(), emu.env()).with_changes(max_retries=0)
        return refresh(config, db, settings, municipalities=TOWNS, **kw)


@pytest.fixture(scope="module")
def loaded(config, tmp_path_factory) -> tuple[Path, object]:
    db = tmp_path_factory.mktemp("db") / "m.duckdb"
    events = []
    report = run(config, db, progress=events.append)
    return db, report, events


def test_every_automatic_series_loads(loaded):
    db, report, events = loaded
    assert report.status == "ok" and report.failed == []
    assert (report.n_ok, report.n_failed, report.n_series) == (4, 0, 4)  # manual one skipped
    assert [e.done for e in events] == [1, 2, 3, 4] and {e.total for e in events} == {4}
    assert report.requests > 0 and report.n_rows_new > 0
    assert store.check_consistency(db) == []


@pytest.mark.parametrize("indicator", ["vakiluku", "nettomuutto_per_1000", "co2_paastot"])
def test_rows_for_the_towns_and_the_country(loaded, indicator):
    db, _, _ = loaded
    series = store.current_series(db, indicator, [*TOWNS, "SSS"])
    wanted = set(TOWNS) | ({"SSS"} if indicator != "co2_paastot" else set())
    assert wanted <= set(series["region"])
    assert series["value"].notna().any()


def test_contract_view_and_sources(loaded):
    db, _, _ = loaded
    with store.read_connection(db) as con:
        sources = {r[0] for r in con.execute("SELECT DISTINCT source FROM observations").fetchall()}
        regions = con.execute(
            "SELECT DISTINCT region FROM observations WHERE region LIKE 'KU%'"
        ).fetchall()
    assert sources == {"pxweb", "sotkanet", "syke"}
    assert all(len(r[0]) == 5 for r in regions)
    assert store.data_mode(db) == "live"


def test_derived_is_the_yoy_change_of_its_input(loaded):
    db, _, _ = loaded
    base = store.current_series(db, "vakiluku", ["KU111"])
    expected = derived.yoy_change_pct(base).set_index("period")["value"]
    got = store.current_series(db, "vakiluvun_muutos", ["KU111"]).set_index("period")["value"]
    assert len(got) == len(base) - 1
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)


def test_a_failing_service_keeps_previous_values(config, tmp_path):
    db = tmp_path / "m.duckdb"
    run(config, db)
    before = store.current_series(db, "nettomuutto_per_1000")
    report = run(config, db, faults=["500@/rest/1.1/json"])
    assert report.status == "partial"
    assert [ind for ind, _ in report.failed] == ["nettomuutto_per_1000"]
    assert "500" in report.failed[0][1]
    pd.testing.assert_frame_equal(store.current_series(db, "nettomuutto_per_1000"), before)
    fresh = store.series_freshness(db).set_index("indicator_id")
    assert "500" in fresh.loc["nettomuutto_per_1000", "last_error"]
    assert store.load_runs(db)["status"].tolist() == ["partial", "ok"]
    assert store.check_consistency(db) == []


def test_a_revised_value_keeps_its_history(config, tmp_path):
    db = tmp_path / "m.duckdb"
    run(config, db, only=["vakiluku"])
    official = store.current_series(db, "vakiluku", ["KU111"]).iloc[-1]
    con = duckdb.connect(str(db))  # pretend the first run saw an earlier, provisional figure
    con.execute(
        "UPDATE observation_history SET value = value - 100 WHERE indicator_id = 'vakiluku' AND region = 'KU111' AND period = ?",
        [official["period"]],
    )
    con.close()
    report = run(config, db, only=["vakiluku"])
    assert report.n_rows_revised == 1 and report.n_rows_new == 0
    history = store.value_history(db, "vakiluku", "KU111", official["period"])
    assert history["value"].tolist() == [official["value"] - 100, official["value"]]
    assert history["valid_from_run"].tolist() == [1, 2]


def test_unknown_only_id_is_refused_before_anything_is_written(config, tmp_path):
    with pytest.raises(UnknownIndicators) as info:
        refresh(config, tmp_path / "m.duckdb", Settings(), only=["vakiluku", "nope"])
    assert info.value.unknown == ["nope"] and "vakiluku" in info.value.known
    assert not (tmp_path / "m.duckdb").exists()


def test_demo_source_label_marks_every_row(config, tmp_path):
    db = tmp_path / "m.duckdb"
    run(config, db, only=["vakiluku", "vakiluvun_muutos"], kind="demo", source_label="demo")
    with store.read_connection(db) as con:
        assert con.execute("SELECT DISTINCT source FROM observations").fetchall() == [("demo",)]
    assert store.data_mode(db) == "demo"
    assert len(store.current_series(db, "vakiluvun_muutos")) > 0


def test_ratio_and_yoy_arithmetic():
    num = pd.DataFrame(
        {
            "region": ["KU1", "KU1", "KU2"],
            "period": ["2020", "2021", "2021"],
            "value": [1.0, 3.0, 5.0],
        }
    )
    den = pd.DataFrame(
        {
            "region": ["KU1", "KU1", "KU2"],
            "period": ["2020", "2021", "2021"],
            "value": [4.0, 0.0, 10.0],
        }
    )
    ratio = derived.ratio_pct(num, den)
    assert ratio["value"].tolist()[0] == 25.0 and pd.isna(ratio["value"].tolist()[1])
    costs = pd.DataFrame(
        {"region": ["KU1", "KU1"], "period": ["2022Q1", "2023Q1"], "value": [-100.0, -105.0]}
    )
    change = derived.yoy_change_pct(costs)
    assert change["period"].tolist() == ["2023Q1"] and change["value"].tolist() == [
        pytest.approx(5.0)
    ]
    rows = derived.as_observations(ratio, op="ratio_pct", measure="a/b")
    assert len(rows) == 2 and set(rows["source"]) == {"derived"}


def test_progress_printer_bar_and_lines():
    import io

    from loaders.progress import ProgressEvent, ProgressPrinter

    plain, tty = io.StringIO(), io.StringIO()
    events = [
        ProgressEvent(1, 2, "a", "ok", None, 5, 5, 0),
        ProgressEvent(2, 2, "b", "failed", "HTTP 500"),
    ]
    for printer in (ProgressPrinter(plain, tty=False), ProgressPrinter(tty, tty=True)):
        for event in events:
            printer(event)
        printer.close()
    assert plain.getvalue().splitlines() == [
        "[1/2] ok      a (5 rows, 5 new, 0 revised)",
        "[2/2] FAILED  b: HTTP 500",
    ]
    assert "\r[##############..............] 1/2 a" in tty.getvalue()
    assert "FAILED  b: HTTP 500\n" in tty.getvalue() and tty.getvalue().endswith("\n")
