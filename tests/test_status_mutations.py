"""Mutation-style checks: the status table must notice a change to the method's essentials.

Each test breaks one piece of the engine on purpose — a threshold, the noise source, the
on-track rule, the rounding — and asserts that some case of tests/test_status.py's table then
fails. A method change that no test notices would be a check that cannot fail.
"""

from __future__ import annotations

import math
from decimal import Decimal
from statistics import median

import pytest

from mittaristo.status import direction, facts, stats, value, verdict
from tests.test_status import table_failures


def test_the_table_passes_unmutated() -> None:
    assert table_failures() == []


@pytest.mark.parametrize(
    ("module", "name", "mutant"),
    [
        (stats, "ALPHA", 0.5),  # a looser direction gate: a 50 % interval instead of 90 %
        (stats, "ALPHA", 0.001),  # a stricter one
        (value, "LEVEL_ALPHA", 0.5),  # "achieved" without a margin beyond noise
        (stats, "LOO_T", -math.inf),  # no leave-one-out: one value may make a trend
        (stats, "LOO_T", 2.0),  # a stricter leave-one-out
        (stats, "WINSOR", 100.0),  # one blip year may blow up the noise
        (stats, "RECENT", 3),  # the level from three values: two weak years would undo it
        (stats, "MIN_DIFFS", 2),  # a noise estimate from three values
        (stats, "NOISE_WINDOW", 4),  # the noise from the last four values only
        (value, "REACH_ALPHA", 0.5),  # "out of reach" on the projection itself
        (value, "REACH_ALPHA", 1e-6),  # "out of reach" never
    ],
    ids=[
        "alpha-0.5",
        "alpha-0.001",
        "level-margin-off",
        "no-leave-one-out",
        "strict-loo",
        "no-winsorising",
        "recent-3",
        "noise-from-3",
        "noise-window-4",
        "reach-50",
        "reach-never",
    ],  # fmt: skip
)
def test_changing_a_threshold_fails_the_table(monkeypatch, module, name, mutant) -> None:
    monkeypatch.setattr(module, name, mutant)
    assert table_failures(), f"{module.__name__}.{name} = {mutant} went unnoticed"


def _old_noise(xs, ys, decimals):
    """The old noise: 1.4826 × MAD of the year-to-year steps, no floor, from the whole series."""
    steps = [b - a for a, b in zip(ys, ys[1:], strict=False)]
    if len(steps) < 3:
        return stats.Noise(None, 0, len(steps), 0.0)
    centre = median(steps)
    sd = 1.4826 * median(abs(s - centre) for s in steps)
    return stats.Noise(sd, len(steps) - 1, len(steps), 0.0)


def _trend_only_noise(xs, ys, decimals):
    """Noise from the last four values only (as if the history did not exist)."""
    return stats.estimate_noise(xs[-4:], ys[-4:], decimals)


@pytest.mark.parametrize("mutant", [_old_noise, _trend_only_noise], ids=["old-mad", "no-history"])
def test_changing_the_noise_source_fails_the_table(monkeypatch, mutant) -> None:
    monkeypatch.setattr(facts, "estimate_noise", mutant)
    assert table_failures(), f"noise from {mutant.__name__} went unnoticed"


def test_changing_the_on_track_rule_fails_the_table(monkeypatch) -> None:
    """Open SDG's / Cascade's progress ratio ≥ 95 % instead of the projection meeting the target."""

    def ratio_rule(base, f, sign):
        return base.progress_ratio is not None and base.progress_ratio >= 0.95

    monkeypatch.setattr(value, "reaches", ratio_rule)
    assert table_failures()


def test_changing_the_rounding_fails_the_table(monkeypatch) -> None:
    """Comparing unrounded values: the table would contradict the status (59,96 ≠ 60,0)."""
    monkeypatch.setattr(verdict, "round_half_up", lambda v, d: Decimal(repr(float(v))))
    assert table_failures()


def test_one_value_deciding_a_trend_fails_the_table(monkeypatch) -> None:
    """Two trend points (the baseline and one value) allowed to make a verdict."""
    for module in (stats, facts, direction):
        monkeypatch.setattr(module, "MIN_TREND_POINTS", 2)
    assert table_failures()
