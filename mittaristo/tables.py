"""Tables "as shown": the data behind a chart, for the table alternative, CSV and XLSX."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from mittaristo.i18n import t
from mittaristo.peers import median_values, peer_medians
from mittaristo.scorecard import ScoreRow


def indicator_table(
    row: ScoreRow,
    frame: pd.DataFrame,
    *,
    town_name: str,
    peers: Sequence[str],
    lang: str,
    show_peers: bool = False,
    show_country: bool = False,
) -> pd.DataFrame:
    """One row per period: the town's value, and the peer median / country when shown."""
    table = pd.DataFrame(
        {
            t("col_period", lang): [p.period for p in row.points],
            town_name: [p.value for p in row.points],
        }
    )
    if row.indicator is None or frame.empty:
        return table
    mine = frame[frame["indicator_id"] == row.indicator.id]
    extra: dict[str, pd.Series] = {}
    if show_peers and peers:
        medians = median_values(peer_medians(frame, row.indicator.id, peers))
        extra[t("trace_peer_median", lang)] = pd.Series(medians, dtype="float64")
    if show_country:
        extra[t("trace_country", lang)] = mine[mine["region"] == "SSS"].set_index("period")["value"]
    period_col = t("col_period", lang)
    for name, values in extra.items():
        table = table.merge(
            values.rename(name).rename_axis(period_col).reset_index(), on=period_col, how="outer"
        )
    return table.sort_values(period_col).reset_index(drop=True)
