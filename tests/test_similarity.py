"""The similarity measure on small tables whose distances and ranks are computed by hand here,
and the choice of key figures (live database series, else the recorded reference figures)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from mittaristo import reference
from mittaristo.keyfigures import assemble_key_figures, current_store_values
from mittaristo.similarity import robust_z, similarity_ranking, standardise, suggest_peers

# Five municipalities, two figures; E has no value for f2.
TABLE = pd.DataFrame(
    {"f1": [1.0, 2.0, 3.0, 4.0, 10.0], "f2": [10.0, 10.0, 20.0, 30.0, np.nan]},
    index=["KU001", "KU002", "KU003", "KU004", "KU005"],
)
WEIGHTS = {"f1": 1.0, "f2": 1.0}
# By hand: f1 median 3, |x − 3| = 2 1 0 1 7 → MAD 1 → scale 1.4826;
#          f2 median 15, |x − 15| = 5 5 5 15 → MAD 5 → scale 7.413.
S1, S2 = 1.4826, 7.413


def test_robust_z_by_hand():
    z = robust_z(TABLE["f1"])
    assert z.tolist() == pytest.approx([-2 / S1, -1 / S1, 0.0, 1 / S1, 7 / S1])
    z2 = robust_z(TABLE["f2"])
    assert z2.iloc[:4].tolist() == pytest.approx([-5 / S2, -5 / S2, 5 / S2, 15 / S2])
    assert math.isnan(z2.iloc[4])


def test_ranking_of_the_hand_computed_table():
    ranking = similarity_ranking(TABLE, "KU003", WEIGHTS, peers=["KU004"])
    # town KU003: z = (0, 5/S2). Distances = √(Σ (Δz)² / Σ w) over the shared figures:
    d_a = math.sqrt(((2 / S1) ** 2 + (10 / S2) ** 2) / 2)  # KU001
    d_b = math.sqrt(((1 / S1) ** 2 + (10 / S2) ** 2) / 2)  # KU002
    d_d = math.sqrt(((1 / S1) ** 2 + (10 / S2) ** 2) / 2)  # KU004, the same as KU002
    d_e = math.sqrt((7 / S1) ** 2 / 1)  # KU005: f1 only (half the town's weight: enough)
    assert ranking["region"].tolist() == ["KU002", "KU004", "KU001", "KU005"]  # tie → code
    assert ranking["distance"].tolist() == pytest.approx([d_b, d_d, d_a, d_e])
    assert ranking["rank"].tolist() == [1, 2, 3, 4]
    assert ranking["figures"].tolist() == [2, 2, 2, 1]
    assert ranking["peer"].tolist() == [False, True, False, False]
    assert "KU003" not in set(ranking["region"])
    assert suggest_peers(ranking, 2) == ["KU002", "KU004"]


def test_too_few_shared_figures_gives_no_rank():
    ranking = similarity_ranking(TABLE, "KU003", WEIGHTS, min_share=0.75)
    last = ranking.iloc[-1]
    assert last["region"] == "KU005" and math.isnan(last["distance"]) and pd.isna(last["rank"])
    assert ranking["rank"].iloc[:3].tolist() == [1, 2, 3]
    assert suggest_peers(ranking, 10) == ["KU002", "KU004", "KU001"]


def test_weights_change_the_order():
    # Only f2 counts: KU002 and KU001 are both 10/S2 away, KU004 also 10/S2 → ties by code.
    only_f2 = similarity_ranking(TABLE, "KU003", {"f1": 0.0, "f2": 1.0})
    assert only_f2["region"].tolist()[:3] == ["KU001", "KU002", "KU004"]
    # Only f1: KU002 and KU004 are 1 away, KU001 2, KU005 7.
    only_f1 = similarity_ranking(TABLE, "KU003", {"f1": 1.0, "f2": 0.0})
    assert only_f1["region"].tolist() == ["KU002", "KU004", "KU001", "KU005"]


def test_log_scale_and_ordinal_and_constant_figures():
    table = pd.DataFrame(
        {
            "pop": [1_000.0, 10_000.0, 100_000.0, 1_000_000.0],
            "cls": [3.0, 3.0, 3.0, 1.0],  # MAD 0 → the standard deviation is the scale
            "same": [5.0, 5.0, 5.0, 5.0],  # no spread: dropped
        },
        index=["KU001", "KU002", "KU003", "KU004"],
    )
    z = standardise(table, log_columns=["pop"])
    assert "same" not in z.columns
    logs = np.log([1_000, 10_000, 100_000, 1_000_000])
    mad = np.median(np.abs(logs - np.median(logs)))
    assert z["pop"].tolist() == pytest.approx(((logs - np.median(logs)) / (1.4826 * mad)).tolist())
    sd = np.std([3, 3, 3, 1])
    assert z["cls"].tolist() == pytest.approx([0.0, 0.0, 0.0, -2 / sd])
    # On the log scale 10 000 is as far from 1 000 as from 100 000
    ranking = similarity_ranking(table[["pop"]], "KU002", {"pop": 1.0}, log_columns=["pop"])
    assert ranking["distance"].iloc[0] == pytest.approx(ranking["distance"].iloc[1])


def test_unknown_town_gives_an_empty_ranking():
    assert similarity_ranking(TABLE, "KU999", WEIGHTS).empty


# ------------------------------------------------------------- which figures go in


def _store(indicator: str, period: str, values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"indicator_id": indicator, "region": list(values), "period": period,
         "value": list(values.values())}
    )  # fmt: skip


CODES = ["KU001", "KU002", "KU003", "KU004"]
TODAY = dt.date(2026, 12, 1)
REFERENCE = {"vaesto": {c: ("2025", 1000.0 * (i + 1)) for i, c in enumerate(CODES)}}


def test_live_current_series_wins_over_the_reference():
    frame = _store("vakiluku", "2025", {c: 500.0 * (i + 1) for i, c in enumerate(CODES)})
    table = assemble_key_figures(frame, REFERENCE, CODES, TODAY, live=True)
    assert [(u.key, u.source, u.name, u.period, u.count) for u in table.used] == [
        ("size", "store", "vakiluku", "2025", 4)
    ]
    assert table.table["size"].tolist() == [500.0, 1000.0, 1500.0, 2000.0]
    assert table.log_columns == ("size",) and table.weights == {"size": 2.0}


def test_demo_stale_or_thin_series_fall_back_to_the_reference():
    fresh = _store("vakiluku", "2025", {c: 1.0 for c in CODES})
    demo = assemble_key_figures(fresh, REFERENCE, CODES, TODAY, live=False)
    assert [u.source for u in demo.used] == ["reference"]
    stale = _store("vakiluku", "2021", {c: 1.0 for c in CODES})  # older than three years
    assert current_store_values(stale, "vakiluku", CODES, TODAY) is None
    thin = _store("vakiluku", "2025", {c: 1.0 for c in CODES[:3]})  # 75 % < 90 % coverage
    assert current_store_values(thin, "vakiluku", CODES, TODAY) is None
    mixed = pd.concat([thin, _store("vakiluku", "2024", {c: 2.0 for c in CODES})])
    assert current_store_values(mixed, "vakiluku", CODES, TODAY)[0] == "2024"
    table = assemble_key_figures(stale, REFERENCE, CODES, TODAY, live=True)
    assert [(u.source, u.period) for u in table.used] == [("reference", "2025")]
    assert table.table["size"].tolist() == [1000.0, 2000.0, 3000.0, 4000.0]


def test_shipped_reference_figures_cover_todays_municipalities():
    figures = reference.key_figures()
    assert set(figures) == {
        "vaesto", "alle15_pct", "yli64_pct", "kuntaryhmitys", "nettomuutto_per_1000",
        "tyottomat_pct", "tulot_mediaani",
    }  # fmt: skip
    today = set(reference.municipalities())
    for name, by_code in figures.items():
        assert set(by_code) <= today, name
        assert len(by_code) >= 300, name
    # Spot checks against the recorded answers (11ra 2025, geofi 2026)
    assert figures["vaesto"]["KU091"] == ("2025", 694392.0)
    assert figures["kuntaryhmitys"]["KU091"] == ("2026", 1.0)
    assert figures["kuntaryhmitys"]["KU009"] == ("2026", 3.0)  # Alavieska, rural
