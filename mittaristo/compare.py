"""Where a town stands among municipalities: ranking, rank and percentile of one indicator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd


@dataclass(frozen=True)
class Standing:
    period: str
    rank: int  # 1 = best
    count: int
    percentile: float  # share of municipalities that are worse off, %


def municipal_rows(frame: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    rows = frame[(frame["indicator_id"] == indicator_id) & frame["region"].str.startswith("KU")]
    return rows.dropna(subset=["value"])


def latest_common_period(frame: pd.DataFrame, indicator_id: str, town_code: str) -> str | None:
    """The latest period in which the town has a value (the ranking year)."""
    rows = municipal_rows(frame, indicator_id)
    mine = rows[rows["region"] == town_code]
    return None if mine.empty else str(mine["period"].max())


def ranking(
    frame: pd.DataFrame,
    indicator_id: str,
    period: str,
    better: Literal["higher", "lower"],
    regions: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Municipalities of one period ordered best first, with rank (ties share the best rank)."""
    rows = municipal_rows(frame, indicator_id)
    rows = rows[rows["period"] == period]
    if regions is not None:
        rows = rows[rows["region"].isin(list(regions))]
    ascending = better == "lower"
    rows = rows.sort_values("value", ascending=ascending).reset_index(drop=True)
    rows["rank"] = rows["value"].rank(method="min", ascending=ascending).astype(int)
    return rows[["region", "period", "value", "rank"]]


def standing(table: pd.DataFrame, town_code: str) -> Standing | None:
    mine = table[table["region"] == town_code]
    if mine.empty:
        return None
    rank = int(mine["rank"].iloc[0])
    count = len(table)
    worse = int((table["rank"] > rank).sum())
    return Standing(str(mine["period"].iloc[0]), rank, count, 100.0 * worse / count)


def municipality_codes(frame: pd.DataFrame) -> list[str]:
    """The municipalities (KU…) present in a frame, sorted."""
    return sorted(frame["region"][frame["region"].str.startswith("KU")].unique())


def towns_table(frame: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """One column per chosen town, one row per period: the line chart as a table."""
    chosen = frame[frame["region"].isin(list(codes))]
    return chosen.pivot_table(index="period", columns="region", values="value", aggfunc="first")
