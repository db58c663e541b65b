"""Current values as plain rows, grouped by (indicator, region): what the scorecard and the peer
medians read.

The overview needs no data frame: reading the rows straight from DuckDB into tuples keeps pandas,
NumPy and Arrow (about 80 MB of a server's resident memory) out of a process that only serves
overviews. Frames from the store's other reads are accepted too (`as_series_rows`), so every
caller judges the same numbers through the same code.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# (period, value, symbol): value None = withheld or missing, symbol = the source's status mark
SeriesPoint = tuple[str, float | None, str | None]


@dataclass(frozen=True)
class SeriesRows:
    """(indicator_id, region) → its points in period order."""

    groups: dict[tuple[str, str], tuple[SeriesPoint, ...]]

    @property
    def empty(self) -> bool:
        return not self.groups

    def points(self, indicator_id: str, region: str) -> tuple[SeriesPoint, ...]:
        return self.groups.get((indicator_id, region), ())

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, object, object]]) -> SeriesRows:
        """From (indicator_id, region, period, value, symbol) rows, one per key."""
        grouped: dict[tuple[str, str], list[SeriesPoint]] = {}
        for indicator_id, region, period, value, symbol in rows:
            point = (str(period), _number(value), _text(symbol))
            grouped.setdefault((str(indicator_id), str(region)), []).append(point)
        return cls({k: tuple(sorted(v, key=lambda p: p[0])) for k, v in grouped.items()})


def as_series_rows(data: SeriesRows | pd.DataFrame) -> SeriesRows:
    """The rows of a store frame (columns indicator_id, region, period, value[, symbol])."""
    if isinstance(data, SeriesRows):
        return data
    if len(data) == 0:
        return SeriesRows({})
    symbols = data["symbol"].tolist() if "symbol" in data else [None] * len(data)
    return SeriesRows.from_rows(
        zip(data["indicator_id"].tolist(), data["region"].tolist(), data["period"].tolist(),
            data["value"].tolist(), symbols, strict=True)
    )  # fmt: skip


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or type(x).__name__ == "NAType"


def _number(x: object) -> float | None:
    return None if _missing(x) else float(x)  # type: ignore[arg-type]


def _text(x: object) -> str | None:
    return None if _missing(x) else str(x)
