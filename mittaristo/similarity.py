"""Similar municipalities: a distance between two municipalities over their key figures.

The measure (pure, no I/O; `mittaristo.keyfigures` decides which figures go in):

1. **Figures.** A table with one row per municipality and one column per key figure (size,
   urban/rural class, age structure, migration, unemployment, income, finance … — whatever is
   loaded and current). A figure marked `log` (population) is compared on the log scale, so
   Heinola (18 000) and Varkaus (20 000) are as close as Tampere and Turku are in proportion.
2. **Standardised robustly.** Each figure becomes a z-score over all municipalities that have
   it: (value − median) ÷ (1.4826 × median absolute deviation). The median and MAD are not
   pulled by Helsinki or by a few tiny island municipalities, as a mean and standard deviation
   would be. When more than half of the municipalities share one value (an ordinal class) the
   MAD is 0 and the standard deviation is used; a figure with no spread at all is dropped.
3. **Distance.** A weighted root mean square of the z differences over the figures both
   municipalities have: d(a, b) = √( Σ w·(z_a − z_b)² ÷ Σ w ). 0 is identical; 1 means the two
   differ by about one typical spread per figure.
4. **Missing values.** A figure missing for either municipality is left out of that pair's sum
   (and of its Σ w); a pair must share at least `min_share` (half) of the town's own figure
   weight, otherwise the municipality is listed without a rank.
5. **Ranking.** Every other municipality is ranked by distance, nearest first (ties: the code);
   the town's configured peers are marked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

MAD_TO_SD = 1.4826  # the MAD of a normal distribution times this is its standard deviation
MIN_SHARE = 0.5
RANKING_COLUMNS = ["region", "distance", "rank", "figures", "peer"]


def robust_z(values: pd.Series) -> pd.Series | None:
    """(value − median) ÷ (1.4826 · MAD), or ÷ the standard deviation when the MAD is 0;
    None when the figure does not vary at all (it cannot tell municipalities apart)."""
    present = values.dropna()
    if len(present) < 2:
        return None
    centre = float(present.median())
    scale = MAD_TO_SD * float((present - centre).abs().median())
    if scale == 0:
        scale = float(present.std(ddof=0))
    if scale == 0 or not np.isfinite(scale):
        return None
    return (values - centre) / scale


def standardise(table: pd.DataFrame, log_columns: Sequence[str] = ()) -> pd.DataFrame:
    """Every figure of the table as a robust z-score (log first where asked); figures that do
    not vary are dropped. Index = municipality code."""
    out = {}
    for column in table.columns:
        values = pd.to_numeric(table[column], errors="coerce").astype(float)
        if column in log_columns:
            values = np.log(values.where(values > 0))
        z = robust_z(values)
        if z is not None:
            out[column] = z
    return pd.DataFrame(out, index=table.index)


def distances(
    z: pd.DataFrame, town: str, weights: Mapping[str, float], min_share: float = MIN_SHARE
) -> pd.DataFrame:
    """(region, distance, figures) of every other municipality to `town`; distance NaN where
    the pair shares less than `min_share` of the town's figure weight."""
    columns = [c for c in z.columns if weights.get(c, 0) > 0]
    w = np.array([weights[c] for c in columns], dtype=float)
    own = z.loc[town, columns].to_numpy(dtype=float)
    others = z.drop(index=town)[columns].to_numpy(dtype=float)
    both = ~np.isnan(others) & ~np.isnan(own)
    diff = np.where(both, others - own, 0.0)
    shared_w = (both * w).sum(axis=1)
    own_w = float(w[~np.isnan(own)].sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.sqrt((diff**2 * w).sum(axis=1) / shared_w)
    enough = shared_w >= min_share * own_w if own_w > 0 else np.zeros(len(d), dtype=bool)
    return pd.DataFrame(
        {
            "region": z.index.drop(town),
            "distance": np.where(enough, d, np.nan),
            "figures": both.sum(axis=1),
        }
    )


def similarity_ranking(
    table: pd.DataFrame,
    town: str,
    weights: Mapping[str, float],
    *,
    log_columns: Sequence[str] = (),
    peers: Sequence[str] = (),
    min_share: float = MIN_SHARE,
) -> pd.DataFrame:
    """Every other municipality of `table` ranked by similarity to `town`, nearest first:
    region, distance, rank (1 = most similar; missing where not comparable), figures (how many
    figures the pair shares) and peer (a configured peer of the town)."""
    if town not in table.index:
        return pd.DataFrame(columns=RANKING_COLUMNS)
    z = standardise(table, log_columns)
    if z.empty:
        return pd.DataFrame(columns=RANKING_COLUMNS)
    out = distances(z, town, weights, min_share)
    out = out.sort_values(["distance", "region"], na_position="last", kind="stable")
    ranked = out["distance"].notna()
    out["rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.loc[ranked, "rank"] = np.arange(1, int(ranked.sum()) + 1)
    out["peer"] = out["region"].isin(list(peers))
    return out[RANKING_COLUMNS].reset_index(drop=True)


def suggest_peers(ranking: pd.DataFrame, count: int) -> list[str]:
    """The `count` most similar municipalities (codes), nearest first."""
    ranked = ranking[ranking["rank"].notna()]
    return [str(code) for code in ranked["region"].head(count)]
