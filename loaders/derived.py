"""Derived indicators (catalog kind `derived`), computed from stored values after loading.

Pure pandas so the arithmetic is table-tested; the refresh feeds it the current rows of the
input indicators from the run's database copy.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from mittaristo.observations import OBS_COLUMNS

_PERIOD = re.compile(r"^(\d{4})(.*)$")


def next_year_period(period: str) -> str | None:
    """2023 → 2024, 2023Q3 → 2024Q3 (the period a year later, for year-on-year changes)."""
    match = _PERIOD.match(str(period))
    return f"{int(match.group(1)) + 1}{match.group(2)}" if match else None


def yoy_change_pct(frame: pd.DataFrame) -> pd.DataFrame:
    """(region, period, value) → % change from the same period a year earlier.

    value / previous − 1: for negative quantities such as toimintakate (net costs as a negative
    number) a growing cost is a positive change, which is what "nettomenojen kasvu" means.
    """
    cur = frame.loc[frame["value"].notna(), ["region", "period", "value"]]
    prev = cur.assign(period=cur["period"].map(next_year_period)).dropna(subset=["period"])
    both = cur.merge(prev, on=["region", "period"], suffixes=("", "_prev"))
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (both["value"] / both["value_prev"] - 1.0) * 100.0
    return both.assign(value=change.where(both["value_prev"] != 0))[["region", "period", "value"]]


def ratio_pct(numerator: pd.DataFrame, denominator: pd.DataFrame) -> pd.DataFrame:
    """numerator / denominator × 100 per region and period (no value where the denominator is 0)."""
    both = numerator[["region", "period", "value"]].merge(
        denominator[["region", "period", "value"]], on=["region", "period"], suffixes=("", "_den")
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = both["value"] / both["value_den"] * 100.0
    return both.assign(value=ratio.where(both["value_den"] != 0))[["region", "period", "value"]]


def as_observations(values: pd.DataFrame, *, op: str, measure: str) -> pd.DataFrame:
    """Computed (region, period, value) as OBS rows with source `derived`; no-value rows dropped."""
    rows = values[np.isfinite(values["value"].astype("float64"))]
    out = pd.DataFrame(
        {
            "source": "derived",
            "dataset": op,
            "measure": measure,
            "dimensions": "",
            "region": rows["region"].astype(str).to_numpy(),
            "period": rows["period"].astype(str).to_numpy(),
            "value": rows["value"].astype("float64").to_numpy(),
            "symbol": None,
        }
    )
    return out[OBS_COLUMNS]
