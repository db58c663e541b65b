"""Where a town stands among municipalities: ranking, rank and percentile of one indicator."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from mittaristo import reference
from mittaristo.formatting import format_number
from mittaristo.i18n import t


@dataclass(frozen=True)
class Standing:
    period: str
    rank: int  # 1 = best
    count: int
    percentile: float  # share of municipalities that are worse off, %


def municipal_rows(frame: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """Rows of today's municipalities (mittaristo.reference, 308): a code merged away since
    (a 2017 table's KU911) is not a municipality to rank against."""
    today = set(reference.municipality_codes())
    rows = frame[(frame["indicator_id"] == indicator_id) & frame["region"].isin(today)]
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
    """Today's municipalities present in a frame, sorted."""
    today = set(reference.municipality_codes())
    return sorted(c for c in frame["region"].unique() if c in today)


def towns_table(frame: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """One column per chosen town, one row per period: the line chart as a table."""
    chosen = frame[frame["region"].isin(list(codes))]
    return chosen.pivot_table(index="period", columns="region", values="value", aggfunc="first")


SIMILAR_SHOWN = 15


def similar_table(
    ranking: pd.DataFrame, name: Callable[[str], str], lang: str, top: int = SIMILAR_SHOWN
) -> pd.DataFrame:
    """The most similar municipalities (and the town's configured peers further down) as the
    page shows them: rank, name, distance, how many key figures compared, peer mark."""
    ranked = ranking[ranking["rank"].notna()]
    shown = ranked[(ranked["rank"] <= top) | ranked["peer"]]
    return pd.DataFrame(
        {
            t("similar.col_rank", lang): [int(r) for r in shown["rank"]],
            t("similar.col_town", lang): [name(str(c)) for c in shown["region"]],
            t("similar.col_distance", lang): [format_number(d, 2, lang) for d in shown["distance"]],
            t("similar.col_figures", lang): [int(n) for n in shown["figures"]],
            t("similar.col_peer", lang): [
                t("similar.peer_yes", lang) if p else "" for p in shown["peer"]
            ],
        }
    )


def peers_in_top(ranking: pd.DataFrame, top: int = SIMILAR_SHOWN) -> tuple[int, int]:
    """(configured peers among the `top` most similar, configured peers in all)."""
    peers = ranking[ranking["peer"]]
    return int((peers["rank"].fillna(top + 1) <= top).sum()), len(peers)
