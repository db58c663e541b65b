"""Fault suite: the real refresh (the `refresh` command's code path) against the local emulator
with one injected fault per test.

Every test starts from the same database (one clean refresh of a small catalog) and asserts
- the refresh's exit code (0 only when every series loaded, 1 when any failed),
- the load-log reason of each failed series (series_load.error),
- that every other series loaded in the same run,
- that the previous values are intact: what the dashboard reads is exactly what it read before,
- that the store is consistent (mittaristo.store.check_consistency).

Faults are scoped (`KIND@TEXT`) to one table or indicator so that "the others still load" is
visible. SYKE is left out of these runs: its ~300 municipal files make every refresh slow and
its faults go through the same HttpClient as the other sources.
"""

from __future__ import annotations

import ast
import dataclasses
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from loaders.emulator import FAULT_KINDS, start_emulator, unused_port
from mittaristo import reference, store
from tests.reliability_helpers import (
    KA_IDS,
    NO_SYKE_IDS,
    PXWEB_IDS,
    SOTKANET_IDS,
    cli,
    current_values,
    emulator_process,
    fast_settings,
    forget_pxweb_limits,
    last_run,
    load_small_config,
    refresh_in_process,
    series_log,
    values_of,
    write_small_config,
)

STRATEGY_IDS = ["vakiluku", "tyottomyysaste", "tyottomat_pct_tyovoimasta", "vuosikate_per_asukas"]
TOWN_REGIONS = ["KU111", "KU398", "KU286", "SSS"]


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory) -> Path:
    return write_small_config(tmp_path_factory.mktemp("config"))


@pytest.fixture(scope="module")
def config(config_dir):
    return load_small_config(config_dir)


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, config, config_dir) -> Path:
    """One clean refresh (run 1) of every automatic series but SYKE."""
    db = tmp_path_factory.mktemp("base") / "mittaristo.duckdb"
    forget_pxweb_limits()
    with start_emulator() as emu:
        code, output = refresh_in_process(config, db, fast_settings(emu.env()), only=NO_SYKE_IDS)
    assert code == 0, output
    assert store.check_consistency(db) == []
    return db


@pytest.fixture(scope="module")
def base_values(base_db) -> pd.DataFrame:
    return current_values(base_db)


@pytest.fixture
def db(base_db, tmp_path) -> Path:
    """A private copy of the base database (run 1) for one fault."""
    target = tmp_path / "mittaristo.duckdb"
    shutil.copyfile(base_db, target)
    return target


@dataclasses.dataclass
class FaultRun:
    code: int
    output: str
    requests: list[tuple[str, str, int]]  # (method, path+query, status) the emulator answered
    sleeps: list[float]


def run_with_faults(
    config,
    config_dir: Path,
    db: Path,
    faults: list[str],
    *,
    latency: float = 0.0,
    settings=None,
    real_waits: bool = False,
    **overrides,
) -> FaultRun:
    """One refresh (run 2) against an emulator with `faults`.

    The client's waits (Retry-After, back-off) are recorded; they are only really waited when
    `real_waits` (the emulator's faults count requests, they do not look at the clock).
    """
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if real_waits:
            time.sleep(seconds)

    forget_pxweb_limits()
    with start_emulator(faults=faults, latency=latency) as emu:
        used = settings(emu.env()) if callable(settings) else fast_settings(emu.env(), **overrides)
        code, output = refresh_in_process(config, db, used, only=NO_SYKE_IDS, sleep=sleep)
        answered = emu.requests
    return FaultRun(code, output, answered, sleeps)


def dashboard_view(db: Path) -> pd.DataFrame:
    """What the app reads for the town's scorecard (store.series_for_indicators)."""
    frame = store.series_for_indicators(db, STRATEGY_IDS, TOWN_REGIONS)
    return (
        frame.drop(columns=["fetched_at"])
        .sort_values(["indicator_id", "region", "period"])
        .reset_index(drop=True)
    )


def assert_outcome(
    db: Path,
    run: FaultRun,
    base_db: Path,
    base_values: pd.DataFrame,
    *,
    failed: dict[str, str],
    same_rows: bool = True,
) -> dict[str, dict]:
    """The common checks: exit code, load log, the others loaded, previous values intact."""
    assert run.code == (1 if failed else 0), run.output
    log = series_log(db)
    assert sorted(log) == sorted(NO_SYKE_IDS), "every selected series has a load-log row"
    for ind, row in log.items():
        if ind in failed:
            assert row["status"] == "failed", (ind, row)
            assert failed[ind] in row["error"], (ind, row["error"])
            assert row["n_rows"] == 0
        else:
            assert row["status"] == "ok", (ind, row["error"])
            assert row["n_rows"] > 0
    run_row = last_run(db)
    assert run_row["run_id"] == 2
    assert run_row["status"] == ("partial" if failed else "ok")
    assert (run_row["n_ok"], run_row["n_failed"]) == (len(NO_SYKE_IDS) - len(failed), len(failed))
    for ind in failed:  # the summary names the failure and says the old values stay
        assert ind in run.output and "previous values kept" in run.output
    # Previous values intact: a failed series keeps every value it had, and (the emulator being
    # deterministic) nothing else changed either.
    for ind in failed:
        pd.testing.assert_frame_equal(values_of(db, ind), values_of(base_db, ind))
    if same_rows:
        pd.testing.assert_frame_equal(current_values(db), base_values)
    pd.testing.assert_frame_equal(dashboard_view(db), dashboard_view(base_db))
    assert store.check_consistency(db) == []
    return log


# --------------------------------------------------------------------------- faults that heal


def test_latency_every_response_slowed_still_loads_everything(
    config, config_dir, db, base_db, base_values
):
    run = run_with_faults(config, config_dir, db, ["latency"], latency=0.3)
    assert_outcome(db, run, base_db, base_values, failed={})
    assert len(run.requests) >= 10 and all(status == 200 for _, _, status in run.requests)


def test_429_with_retry_after_waits_and_succeeds(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["429@/json?indicator=181"], real_waits=True)
    assert_outcome(db, run, base_db, base_values, failed={})
    statuses = [s for _, target, s in run.requests if "/json?indicator=181" in target]
    assert statuses == [429, 429, 200]
    assert run.sleeps == [1.0, 1.0], "waited exactly Retry-After (1 s) before each retry"


def test_429_forever_gives_up_after_bounded_attempts(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["429-forever@/rest/1.1/json"])
    assert_outcome(
        db,
        run,
        base_db,
        base_values,
        failed={ind: "HTTP 429 Too Many Requests" for ind in SOTKANET_IDS},
    )
    for ind in SOTKANET_IDS:
        assert "(after 3 attempts)" in series_log(db)[ind]["error"]
    tries = [t for _, t, _ in run.requests if "/rest/1.1/json" in t]
    assert len(tries) == 2 * 3, "max_retries=2: three attempts per indicator, then give up"
    assert run.sleeps == [1.0] * 4, "only Retry-After waits, 2 per indicator"


def test_retry_after_longer_than_allowed_gives_up_at_once(
    config, config_dir, db, base_db, base_values
):
    run = run_with_faults(
        config, config_dir, db, ["429-forever@indicator=3178"], max_retry_wait=0.5
    )
    assert_outcome(
        db,
        run,
        base_db,
        base_values,
        failed={"vuosikate_per_asukas": "Retry-After 1 s is longer than max_retry_wait 0.5 s"},
    )
    assert len([t for _, t, _ in run.requests if "/json?indicator=3178" in t]) == 1
    assert run.sleeps == []


def test_cell_limit_from_config_splits_the_query(config, config_dir, db, base_db, base_values):
    """?config says maxValues 5000: the loader plans several POSTs instead of one."""
    run = run_with_faults(config, config_dir, db, ["cell-limit"])
    assert_outcome(db, run, base_db, base_values, failed={})
    posts = [t for m, t, s in run.requests if m == "POST"]
    assert len(posts) > 2, "the two tables need more than one POST each under 5000 cells"
    assert all(s == 200 for m, _, s in run.requests if m == "POST"), "no query was refused"


def test_cell_limit_refusal_halves_the_query(config, config_dir, db, base_db, base_values):
    """The server refuses (403) a query its ?config would allow: halve and retry, lose nothing."""
    run = run_with_faults(config, config_dir, db, ["cell-limit@.px"])
    assert_outcome(db, run, base_db, base_values, failed={})
    posts = [s for m, _, s in run.requests if m == "POST"]
    assert 403 in posts, "the first, too large query was refused"
    assert posts.count(200) > 2, "…and then sent in smaller parts that all succeeded"


def test_renamed_codes_are_resolved_from_metadata(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["renamed-codes"])
    log = assert_outcome(db, run, base_db, base_values, failed={}, same_rows=False)
    for ind in PXWEB_IDS:  # the live codes changed (ka27-M411 …), the values did not
        now = store.current_series(db, ind)
        before = store.current_series(base_db, ind)
        pd.testing.assert_frame_equal(
            now[["region", "period", "value"]], before[["region", "period", "value"]]
        )
        assert log[ind]["n_rows"] == len(before)


def test_renamed_codes_leave_one_current_row_per_region_and_period(config, config_dir, db):
    run_with_faults(config, config_dir, db, ["renamed-codes"])
    with store.read_connection(db) as con:
        doubled = con.execute(
            "SELECT count(*) FROM (SELECT indicator_id, region, period FROM indicator_observations "
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()[0]
    assert doubled == 0


# --------------------------------------------------------------------------- faults that fail a series


def test_500_fails_the_series_and_keeps_its_values(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["500@/rest/1.1/json"])
    assert_outcome(
        db,
        run,
        base_db,
        base_values,
        failed={ind: "HTTP 500 Internal Server Error" for ind in SOTKANET_IDS},
    )
    assert [s for _, t, s in run.requests if "/rest/1.1/json" in t] == [500] * 6


def test_503_fails_one_table_the_other_table_loads(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["503@11re"])
    assert_outcome(
        db, run, base_db, base_values, failed={"vaesto_statfin": "HTTP 503 Service Unavailable"}
    )
    assert run.sleeps == [1.0, 1.0], "503 with Retry-After: 1 is retried after 1 s"


def test_connection_refused_fails_sotkanet_and_uses_stored_regions(
    config, config_dir, db, base_db, base_values
):
    closed = f"http://127.0.0.1:{unused_port()}/rest/1.1"

    def settings(env):
        return fast_settings(env, sotkanet_url=closed)

    run = run_with_faults(config, config_dir, db, [], settings=settings)
    assert_outcome(
        db, run, base_db, base_values, failed={ind: "connection failed" for ind in SOTKANET_IDS}
    )
    assert store.sotkanet_regions(db).equals(store.sotkanet_regions(base_db)), (
        "the stored region list survives a failed /regions"
    )


def test_read_timeout_fails_the_series(config, config_dir, db, base_db, base_values):
    # 4 s: long enough that the other (answered) requests never hit it on a loaded CI machine
    run = run_with_faults(
        config, config_dir, db, ["timeout@indicator=3178"], timeout=4.0, max_retries=1
    )
    assert_outcome(
        db, run, base_db, base_values, failed={"vuosikate_per_asukas": "read timeout after 4 s"}
    )
    assert "(after 2 attempts)" in series_log(db)["vuosikate_per_asukas"]["error"]
    assert [s for _, t, s in run.requests if "indicator=3178" in t] == [], (
        "no answer was ever completed for the held requests"
    )


def test_truncated_body_fails_the_series(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["truncated@11re"])
    assert_outcome(
        db, run, base_db, base_values, failed={"vaesto_statfin": "truncated response body"}
    )


def test_invalid_json_fails_the_series(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["invalid-json@indicator=181"])
    assert_outcome(
        db,
        run,
        base_db,
        base_values,
        failed={"tyottomat_pct_tyovoimasta": "Sotkanet /json indicator 181: not JSON"},
    )


def test_invalid_json_from_pxweb_fails_the_table(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["invalid-json@11re"])
    assert_outcome(
        db, run, base_db, base_values, failed={"vaesto_statfin": "the answer is not JSON"}
    )


def test_jsonstat_cell_count_mismatch_fails_the_table(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["cell-mismatch@11re"])
    cells = (1 + len(reference.municipalities())) * 36  # 11re as recorded: SSS + KU × 1990–2025
    assert_outcome(
        db,
        run,
        base_db,
        base_values,
        failed={"vaesto_statfin": f"{cells - 1} values but the dimensions give {cells} cells"},
    )


def test_content_code_that_disappeared_fails_only_that_indicator(
    config, config_dir, db, base_db, base_values
):
    run = run_with_faults(config, config_dir, db, ["missing-content@Kuntien_avainluvut"])
    log = assert_outcome(
        db,
        run,
        base_db,
        base_values,
        failed={"vakiluku": "no content code 'M411'; available: M137, M140, M130, M162"},
    )
    assert log["tyottomyysaste"]["status"] == "ok", "the same table's other measure loads"
    assert log["vakiluvun_muutos"]["status"] == "ok", "derived from the kept vakiluku values"


def test_unknown_sotkanet_region_is_skipped(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["unknown-region@/rest/1.1/json"])
    assert_outcome(db, run, base_db, base_values, failed={})
    sotkanet_rows = current_values(db).query("source == 'sotkanet'")
    assert set(sotkanet_rows["region"]) == set(base_values.query("source == 'sotkanet'")["region"])
    assert any(t.startswith("/rest/1.1/json") for _, t, _ in run.requests)


def test_unknown_pxweb_region_does_not_disturb_known_regions(
    config, config_dir, db, base_db, base_values
):
    """A code the reference does not know (KU999) is left out; the known regions are stored."""
    run = run_with_faults(config, config_dir, db, ["unknown-region@11re"])
    log = assert_outcome(db, run, base_db, base_values, failed={})
    assert "KU999" not in set(current_values(db)["region"])
    assert log["vaesto_statfin"]["n_new"] == 0


def test_empty_sotkanet_result_fails_the_series(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["empty@indicator=181"])
    assert_outcome(
        db,
        run,
        base_db,
        base_values,
        failed={"tyottomat_pct_tyovoimasta": "Sotkanet indicator 181: empty result"},
    )


def test_empty_pxweb_result_fails_the_table(config, config_dir, db, base_db, base_values):
    run = run_with_faults(config, config_dir, db, ["empty@142h.px"])
    assert_outcome(
        db,
        run,
        base_db,
        base_values,
        failed={ind: "empty result for content code" for ind in KA_IDS},
    )


def test_combined_faults(config, config_dir, db, base_db, base_values):
    """Several faults at once: slow answers, renamed codes, one Sotkanet indicator down."""
    run = run_with_faults(
        config,
        config_dir,
        db,
        ["latency", "renamed-codes", "500@indicator=3178", "429@indicator=181"],
        latency=0.1,
    )
    assert_outcome(
        db, run, base_db, base_values, same_rows=False, failed={"vuosikate_per_asukas": "HTTP 500"}
    )
    assert run.sleeps.count(1.0) == 2, "the 429s were waited out"


# --------------------------------------------------------------------------- the real commands


def test_cli_refresh_against_cli_emulator_with_a_fault(config_dir, base_db, base_values, tmp_path):
    """`python -m loaders.emulator --fault …` + `python -m loaders refresh`: exit code and log."""
    db = tmp_path / "cli.duckdb"
    shutil.copyfile(base_db, db)
    with emulator_process("missing-content@Kuntien_avainluvut") as (_proc, env):
        done = cli(
            "refresh",
            "--db",
            str(db),
            "--config-dir",
            str(config_dir),
            "--only",
            *NO_SYKE_IDS,
            env=env,
        )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAILED  vakiluku: " in done.stdout and "no content code 'M411'" in done.stdout
    assert "Failed series (previous values kept):" in done.stdout
    assert series_log(db)["vakiluku"]["status"] == "failed"
    pd.testing.assert_frame_equal(current_values(db), base_values)
    status = cli("status", "--db", str(db))
    assert status.returncode == 1, "the last run was partial"
    vakiluku = [line for line in status.stdout.splitlines() if line.strip().startswith("vakiluku ")]
    assert len(vakiluku) == 1 and "Kuntien_avainluvut/uusin/142h.px" in vakiluku[0], status.stdout


def test_cli_emulator_rejects_unknown_fault_kinds():
    done = subprocess.run(
        [*cli_base(), "--fault", "no-such-fault"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "unknown fault 'no-such-fault'" in done.stderr


def cli_base() -> list[str]:
    import sys

    return [sys.executable, "-m", "loaders.emulator", "--port", "0", "--detach", "never"]


def test_every_required_fault_kind_was_exercised():
    """The issue's list (and more): each kind is used by at least one test above."""
    required = {
        "latency",
        "429",
        "429-forever",
        "500",
        "503",
        "timeout",
        "truncated",
        "renamed-codes",
        "unknown-region",
        "invalid-json",
        "cell-mismatch",
        "missing-content",
        "cell-limit",
        "empty",
    }
    assert required <= set(FAULT_KINDS)
    missing = required - fault_kinds_used_by_tests()
    assert not missing, f"fault kinds without a test: {sorted(missing)}"


def fault_kinds_used_by_tests() -> set[str]:
    """The fault kinds the tests of this module pass to run_with_faults / `--fault`, read from
    the source (not from a set filled at run time, which breaks when tests run in parallel)."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    used: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name == "run_with_faults" and len(node.args) >= 4:
            used |= _strings(node.args[3])
        for keyword in node.keywords:
            if keyword.arg == "faults":
                used |= _strings(keyword.value)
        if any(isinstance(a, ast.Constant) and a.value == "--fault" for a in ast.walk(node)):
            used |= _strings(node)
    return {text.partition("@")[0] for text in used} & set(FAULT_KINDS)


def _strings(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
