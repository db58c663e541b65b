"""`check-live`: every catalog table and code asked from the services' metadata.

The emulator serves the shipped catalog; a catalog copy with one wrong table id or content code
is what a stale catalog looks like, and check-live must name that indicator and exit non-zero.
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
    with start_emulator(catalog_path=ROOT / "indicators.yaml") as emu:
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


def test_a_wrong_table_id_fails_refresh_by_name(emulator, tmp_path):
    config_dir = _copy(tmp_path, "table: aly/11yq.px", "table: aly/11zz.px")
    env = {**os.environ, **emulator.env()}
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "refresh", "--config-dir", str(config_dir),
         "--db", str(tmp_path / "m.duckdb"), "--only", "aloittaneet_yritykset"],
        capture_output=True, text=True, timeout=300, env=env, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAILED  aloittaneet_yritykset" in done.stdout and "11zz.px" in done.stdout


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
