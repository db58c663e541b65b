"""One peer-median rule for the status engine, the chart, the table and the workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from mittaristo.charts import indicator_figure
from mittaristo.config.load import load_config
from mittaristo.peers import (
    comparable_median,
    median_values,
    peer_medians,
    required_reporting,
)
from mittaristo.scorecard import build_scorecard
from mittaristo.tables import indicator_table

ROOT = Path(__file__).resolve().parents[1]
PEERS = ["KU915", "KU182", "KU061", "KU593", "KU140", "KU992"]


def frame_of(values: dict[str, dict[str, float | None]], indicator: str = "x") -> pd.DataFrame:
    """{period: {region: value}} as the store's frame."""
    rows = [
        (indicator, region, period, value)
        for period, by_region in values.items()
        for region, value in by_region.items()
    ]
    return pd.DataFrame(rows, columns=["indicator_id", "region", "period", "value"])


@pytest.mark.parametrize(
    ("peers", "need"), [(1, 1), (2, 1), (3, 2), (5, 3), (6, 3), (7, 4), (0, 1)]
)
def test_half_of_the_peers_rounded_up_must_report(peers, need):
    assert required_reporting(peers) == need


def test_a_period_with_too_few_peers_has_no_median():
    frame = frame_of(
        {
            "2022": dict(zip(PEERS, [10, 20, 30, 40, 50, 60], strict=True)),
            "2023": {"KU915": 11.0, "KU182": 21.0, "KU061": 31.0},  # 3 of 6: enough
            "2024": {"KU915": 12.0, "KU182": 22.0},  # 2 of 6: not enough
            "2025": {"KU915": 13.0, "KU182": None, "KU061": None, "KU593": 43.0},  # 2 numbers
        }
    )
    medians = peer_medians(frame, "x", PEERS)
    assert list(medians) == ["2022", "2023"]
    assert medians["2022"].value == 35.0 and medians["2022"].reporting == 6
    assert (medians["2023"].value, medians["2023"].low, medians["2023"].high) == (21.0, 11.0, 31.0)
    assert median_values(medians) == {"2022": 35.0, "2023": 21.0}


def test_the_fallback_is_the_last_earlier_period_with_a_median():
    frame = frame_of(
        {
            "2021": dict(zip(PEERS, [1, 2, 3, 4, 5, 6], strict=True)),
            "2023": dict(zip(PEERS, [3, 4, 5, 6, 7, 8], strict=True)),
            "2024": {"KU915": 9.0},
        }
    )
    medians = peer_medians(frame, "x", PEERS)
    assert comparable_median(medians, "2023").period == "2023"
    assert comparable_median(medians, "2024").period == "2023"
    assert comparable_median(medians, "2022").period == "2021"
    assert comparable_median(medians, "2020") is None


def test_quarters_are_ordered_in_time_not_as_text():
    frame = frame_of({p: dict.fromkeys(PEERS, 1.0) for p in ("2024Q4", "2024Q1", "2023Q4")})
    assert list(peer_medians(frame, "x", PEERS)) == ["2023Q4", "2024Q1", "2024Q4"]


def test_engine_chart_and_table_use_the_same_periods():
    """The issue's case: with 2 of 6 peers reporting, no part of the product draws a median."""
    config = load_config(ROOT)
    town = "heinola"
    strategy = config.strategies[town]
    peers = strategy.peers
    assert len(peers) == 6
    row_use = next(
        (g, s, u)
        for g, s, u in strategy.indicator_uses()
        if u.indicator and config.catalog.by_id()[u.indicator].is_automatic
    )
    indicator = row_use[2].indicator
    values = {
        "2021": {strategy.municipality: 100.0, **dict.fromkeys(peers, 90.0)},
        "2022": {strategy.municipality: 101.0, **dict.fromkeys(peers[:3], 91.0)},
        "2023": {strategy.municipality: 102.0, **dict.fromkeys(peers[:2], 92.0)},
    }
    frame = frame_of(values, indicator)
    rows = build_scorecard(config, town, frame, dt.date(2024, 6, 1))
    row = next(r for r in rows if r.use.id == row_use[2].id)
    expected = {"2021": 90.0, "2022": 91.0}

    figure = indicator_figure(
        row, frame, town_name="Heinola", peers=peers, start_year=2022, lang="fi", show_peers=True
    )
    median_trace = next(tr for tr in figure.data if tr.mode == "lines" and "ediaani" in tr.name)
    assert list(median_trace.y) == list(expected.values())
    assert list(median_trace.x) == ["2021-01-01", "2022-01-01"]  # a date axis

    table = indicator_table(
        row, frame, town_name="Heinola", peers=peers, lang="fi", show_peers=True
    )
    median_column = next(c for c in table.columns if "ediaani" in c)
    shown = dict(zip(table.iloc[:, 0], table[median_column], strict=True))
    assert {p: v for p, v in shown.items() if v == v} == expected
    assert median_values(peer_medians(frame, indicator, peers)) == expected
