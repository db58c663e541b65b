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
    report = refresh_demo(load_config(ROOT), path)
    assert report.n_failed == 0, report.failed
    return path


# No test may leave a process running (the hooks live in tests/leftovers.py).
from leftovers import pytest_sessionfinish, pytest_sessionstart  # noqa: E402, F401
