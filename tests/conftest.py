"""Shared test helpers.

Recorded real API responses are read in place from ../shared/fixtures/. On a user's clone that
folder is absent and those tests skip; CI sets MITTARISTO_REQUIRE_FIXTURES=1 so absence fails.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = Path(
    os.environ.get("MITTARISTO_SHARED_FIXTURES", ROOT.parent / "shared" / "fixtures")
)

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def shared_fixture(name: str) -> Path:
    """Path of a recorded response in ../shared/fixtures; skip (or fail in CI) when absent."""
    path = SHARED_FIXTURES / name
    if not path.exists():
        if os.environ.get("MITTARISTO_REQUIRE_FIXTURES") == "1":
            pytest.fail(f"recorded fixture missing: {path} (CI requires ../shared/fixtures)")
        pytest.skip(f"recorded fixture not available: {path}")
    return path


@pytest.fixture
def fixture_path():
    return shared_fixture


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A demo statistics database of the shipped configuration, built once per test session
    by the real loaders against the in-process emulator (synthetic values, source `demo`)."""
    from loaders.demo import refresh_demo
    from mittaristo.config.load import load_config

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    config = load_config(ROOT)
    report = refresh_demo(config, path)
    assert report.n_failed == 0, report.failed
    _seed_finance_for_tests(path, config)
    return path


# The State Treasury series load only for municipalities with a sourced Y-tunnus
# (data/reference/business_ids.csv), which the four shipped towns do not have yet. The tests that
# need a mittari with a numeric target and data (Kemi's kertynyt alijäämä, the only one among the
# four strategies) get synthetic test values for the town and its peers — in the test database
# only, never in the shipped demo.
SEEDED_FINANCE = "kertynyt_ylijaama_per_asukas"


def _seed_finance_for_tests(path: Path, config) -> None:
    import pandas as pd

    from mittaristo import store
    from mittaristo.observations import OBS_COLUMNS

    kemi = config.strategies["kemi"]
    towns = [kemi.municipality, *kemi.peers]
    rows = [
        ("demo", "test-kuntatalous", "1447", "", code, str(year), -900.0 + 150 * (year - 2019) + 37 * i, None)
        for i, code in enumerate(towns)
        for year in range(2019, 2026)
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=OBS_COLUMNS)
    with store.RefreshWriter(path, kind="demo", source_label="test seed") as writer:
        result = writer.write_series(
            frame, indicator_id=SEEDED_FINANCE, source_kind="demo", url="test-seed"
        )
        assert result.status == "ok", result.error
        writer.finish(message="test seed: synthetic State Treasury values for Kemi and its peers")


# No test may leave a process running (the hooks live in tests/leftovers.py).
from leftovers import pytest_sessionfinish, pytest_sessionstart  # noqa: E402, F401
