"""The benchmark harness runs end to end at tiny sizes and writes every figure.

Not a performance test: nothing here is timed. `make bench` gives the real numbers (BENCHMARKS.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIGURES = {
    "jsonstat_parse_vs_json_loads",
    "jsonstat_parse_vs_pyjstat",
    "refresh_requests",
    "refresh_wall_vs_floor",
    "page_overview_vs_bare",
    "page_indicator_vs_bare",
    "peer_query_ms",
    "app_peak_rss_mb",
    "startup_s",
    "first_start_s",
    "status_false_verdicts_noise",
    "status_flip_rate_steady",
    # the cost curve (bench/towns.py)
    "towns_refresh_requests",
    "towns_refresh_wall",
    "towns_db_mb",
    "towns_overview_rerun",
    "towns_compare_rerun",
    "towns_app_rss_mb",
    "towns_config_load_s",
}


@pytest.mark.browser
def test_bench_quick_run_writes_every_figure(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert FIGURES <= set(results), sorted(FIGURES - set(results))
    for key in FIGURES:
        figure = results[key]
        assert {"value", "unit", "goal", "met"} <= set(figure), (key, figure)
        assert isinstance(figure["unit"], str) and isinstance(figure["goal"], str)
        assert figure["met"] in (True, False, None)
        # measured: a number, min ≤ value ≤ max (a figure that failed to run says why in its note)
        assert isinstance(figure["value"], int | float), (key, figure["note"])
        assert figure["min"] <= figure["value"] <= figure["max"], (key, figure)
    # the goals of issue 17: met is computed from the value, never written
    for key, limit in (("app_peak_rss_mb", 200.0), ("startup_s", 2.5), ("first_start_s", 30.0)):
        assert results[key]["met"] is (results[key]["value"] <= limit), (key, results[key])
        assert f"{limit:g}" in results[key]["goal"], results[key]["goal"]
    assert "figure" in proc.stdout and "met" in proc.stdout  # the table was printed


def test_the_refresh_figure_serves_the_state_treasury_from_its_emulator(tmp_path):
    """A State Treasury (kuntatalous) series and the population it divides by refresh from the
    bench's own emulators — none tries the real host — in exactly the minimum requests."""
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "refresh", "--slow-runs", "1",
         "--refresh-only", "vuosikate_per_asukas", "vakiluku", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    figure = json.loads(out.read_text(encoding="utf-8"))["refresh_requests"]
    (run,) = figure["details"]["runs"]
    assert run["series_failed"] == 0, run["failed"]
    treasury = run["by_source"]["kuntatalous"]
    assert (
        treasury["requests"]
        == treasury["minimum"]
        == figure["details"]["minimum"]["kuntatalous"]["minimum"]
        >= 2
    )  # the catalogue and at least one document
    assert figure["met"] is True and figure["value"] == run["requests"]
