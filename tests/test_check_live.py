"""`check-live`: every catalog table and code asked from the services' metadata.

The emulator serves its own description (loaders/emulator/description.yaml, built from the
recorded real answers), never the catalog; a catalog copy with one wrong table id or content code
is what a stale catalog looks like, and both `check-live` and `refresh` must name that indicator
and exit non-zero, while the shipped catalog passes both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.check_live import CODE_MISSING, FOUND, TABLE_GONE, check_live
from loaders.demo import emulator_settings
from loaders.emulator import start_emulator
from loaders.http import HttpClient
from mittaristo.config.load import load_config
from mittaristo.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    """The shipped configuration with one catalog text changed (exactly once)."""
    shutil.copytree(ROOT / "strategies", tmp_path / "strategies")
    text = (ROOT / "indicators.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (tmp_path / "indicators.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def emulator():
    with start_emulator() as emu:
        yield emu


@pytest.mark.parametrize(
    ("indicator", "old", "new", "result"),
    [
        ("vakiluku", "measure: M411", "measure: M999", CODE_MISSING),
        ("aloittaneet_yritykset", "table: aly/11yq.px", "table: aly/11zz.px", TABLE_GONE),
        ("sairauspaivarahaa_saaneet", "indicator: 475", "indicator: 99475", CODE_MISSING),
        ("kertynyt_ylijaama_per_asukas", 'code: "1447"', 'code: "1448"', CODE_MISSING),
    ],
)
def test_a_wrong_code_in_a_catalog_copy_is_named(emulator, tmp_path, indicator, old, new, result):
    catalog = load_config(_copy(tmp_path, old, new)).catalog
    settings = emulator_settings(Settings(), emulator.env())
    with HttpClient(settings) as client:
        checks = {c.indicator_id: c for c in check_live(client, settings, catalog.indicators)}
    assert checks[indicator].result == result, checks[indicator]
    others = [c for i, c in checks.items() if i != indicator]
    assert others and all(c.result == FOUND for c in others), [c for c in others if not c.resolves]
    assert checks["avoimet_tyopaikat"].last_period == "2025M12"  # the emulator's last month


def test_the_shipped_catalog_resolves_against_the_emulator_in_every_source_kind(emulator):
    """Exit 0 needs every kind checked: PxWeb, Sotkanet, SYKE files and the State Treasury."""
    catalog = load_config(ROOT).catalog
    settings = emulator_settings(Settings(), emulator.env())
    with HttpClient(settings) as client:
        checks = check_live(client, settings, catalog.indicators)
    assert {c.source for c in checks} == {"pxweb", "sotkanet", "syke", "kuntatalous"}
    assert all(c.resolves for c in checks), [c for c in checks if not c.resolves]
    syke_rows = [c for c in checks if c.source == "syke"]
    assert all(c.last_period and c.last_period.isdigit() for c in syke_rows), syke_rows
    env = {**os.environ, **emulator.env()}
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "check-live"],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == f"{len(checks)} of {len(checks)} resolve"


def test_cli_exits_non_zero_and_names_the_indicator(emulator, tmp_path):
    config_dir = _copy(tmp_path, "measure: M411", "measure: M999")
    env = {**os.environ, **emulator.env()}
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "check-live", "--config-dir", str(config_dir)],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith("vakiluku "))
    assert "code missing" in row and "M999" in row
    assert "not resolved: vakiluku" in done.stdout.splitlines()[-1]


def _refresh(emulator, config_dir: Path, db: Path, *only: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **emulator.env()}
    return subprocess.run(
        [sys.executable, "-m", "loaders", "refresh", "--config-dir", str(config_dir),
         "--db", str(db), *(["--only", *only] if only else [])],
        capture_output=True, text=True, timeout=600, env=env, cwd=ROOT,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("indicator", "old", "new", "named"),
    [
        ("aloittaneet_yritykset", "table: aly/11yq.px", "table: aly/11zz.px", "11zz.px"),
        ("vakiluku", "measure: M411", "measure: M999", "no content code 'M999'"),
        ("avoimet_tyopaikat", "measure: AVPAIKATLOPUSSA", "measure: AVPAIKAT", "'AVPAIKAT'"),
        ("tyottomat_pct_tyovoimasta", "indicator: 181", "indicator: 99181", "99181"),
    ],
)
def test_a_wrong_table_or_code_fails_refresh_by_name(
    emulator, tmp_path, indicator, old, new, named
):
    config_dir = _copy(tmp_path, old, new)
    done = _refresh(emulator, config_dir, tmp_path / "m.duckdb", indicator, "tyottomyysaste")
    assert done.returncode == 1, done.stdout + done.stderr
    failed = [line for line in done.stdout.splitlines() if "FAILED  " in line]
    assert len(failed) == 1 and f"FAILED  {indicator}: " in failed[0], done.stdout
    assert named in failed[0], failed[0]


def test_the_shipped_catalog_refreshes_against_the_emulator(emulator, tmp_path):
    """Every automatic series of the shipped configuration loads from the emulator's own
    description: the catalog and the description agree (and check-live says so above)."""
    done = _refresh(emulator, ROOT, tmp_path / "m.duckdb")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FAILED" not in done.stdout


@pytest.mark.network
def test_check_live_against_the_live_services():
    """Opt-in (`pytest -m network`): the shipped catalog against Statistics Finland and THL."""
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "check-live"],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("MITTARISTO_")},
    )  # fmt: skip
    print(done.stdout)
    rows = [line for line in done.stdout.splitlines() if " pxweb " in line or " sotkanet " in line]
    assert rows, done.stdout + done.stderr
    assert not [r for r in rows if "table gone" in r or "code missing" in r], done.stdout
