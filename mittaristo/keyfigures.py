"""Which key figures decide who is similar (mittaristo.similarity), and where each comes from.

Each figure has a catalog series in the database (`store`) and/or a reference figure recorded
from an official answer (`reference`, data/reference/key_figures.csv). The database's series
is used when it is **loaded and current**: the data are live (never synthetic demo values),
its latest period has a value for at least 90 % of today's municipalities, and that period is
at most three years old. Otherwise the reference figure is used, if there is one; otherwise
the figure is left out. One figure never mixes the two sources.

| key | weight | database series | reference figure | why |
|---|---:|---|---|---|
| size | 2 | vakiluku (log) | vaesto 2025 (log) | size shapes services, finance and what is comparable |
| urban_rural | 1 | – | kuntaryhmitys 2026 (1 urban, 2 semi-urban, 3 rural) | settlement structure (no land area is loaded, so no density) |
| age_young | 0.5 | – | alle15_pct 2025 | age structure (two shares, one figure's weight together) |
| age_old | 0.5 | – | yli64_pct 2025 | |
| migration | 1 | nettomuutto_per_1000 | nettomuutto_per_1000 2025 | pull |
| unemployment | 1 | tyottomat_pct_tyovoimasta | tyottomat_pct 2026M06 | labour market |
| employment | 1 | tyollisyysaste | – | labour market |
| jobs | 1 | tyopaikkaomavaraisuus | – | a job centre or a commuter town |
| income | 1 | – | tulot_mediaani 2024 | residents' means |
| finance | 1 | vuosikate_per_asukas | – | finance per resident |
| debt | 1 | lainakanta_per_asukas | – | finance per resident |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from mittaristo.i18n import t
from mittaristo.similarity import similarity_ranking

MIN_COVERAGE = 0.9
MAX_AGE_YEARS = 3


@dataclass(frozen=True)
class FigureSpec:
    key: str
    weight: float
    log: bool = False
    store: str | None = None  # catalog indicator id
    reference: str | None = None  # figure name in data/reference/key_figures.csv


SIMILARITY_FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("size", 2.0, log=True, store="vakiluku", reference="vaesto"),
    FigureSpec("urban_rural", 1.0, reference="kuntaryhmitys"),
    FigureSpec("age_young", 0.5, reference="alle15_pct"),
    FigureSpec("age_old", 0.5, reference="yli64_pct"),
    FigureSpec("migration", 1.0, store="nettomuutto_per_1000", reference="nettomuutto_per_1000"),
    FigureSpec("unemployment", 1.0, store="tyottomat_pct_tyovoimasta", reference="tyottomat_pct"),
    FigureSpec("employment", 1.0, store="tyollisyysaste"),
    FigureSpec("jobs", 1.0, store="tyopaikkaomavaraisuus"),
    FigureSpec("income", 1.0, reference="tulot_mediaani"),
    FigureSpec("finance", 1.0, store="vuosikate_per_asukas"),
    FigureSpec("debt", 1.0, store="lainakanta_per_asukas"),
)


@dataclass(frozen=True)
class UsedFigure:
    """One figure that went into the measure: from where, which period, for how many."""

    key: str
    source: Literal["store", "reference"]
    name: str  # catalog id or reference figure name
    period: str
    count: int


@dataclass(frozen=True)
class KeyFigureTable:
    table: pd.DataFrame  # index: municipality code; columns: figure keys
    used: tuple[UsedFigure, ...]
    weights: dict[str, float] = field(default_factory=dict)
    log_columns: tuple[str, ...] = ()

    def rank(self, town: str, peers: Collection[str] = ()) -> pd.DataFrame:
        """Every other municipality by similarity to `town` (mittaristo.similarity)."""
        return similarity_ranking(
            self.table, town, self.weights, log_columns=self.log_columns, peers=list(peers)
        )


def store_indicator_ids(catalog_ids: Collection[str]) -> list[str]:
    """The catalog series the measure can use (those the catalog has)."""
    return [f.store for f in SIMILARITY_FIGURES if f.store and f.store in catalog_ids]


def current_store_values(
    frame: pd.DataFrame, indicator_id: str, municipalities: Collection[str], today: dt.date
) -> tuple[str, pd.Series] | None:
    """(period, value by code) of the latest period that covers ≥ 90 % of the municipalities,
    if that period is at most three years old; None otherwise."""
    rows = frame[(frame["indicator_id"] == indicator_id) & frame["region"].isin(municipalities)]
    rows = rows.dropna(subset=["value"])
    if rows.empty:
        return None
    counts = rows.groupby("period")["region"].nunique()
    covered = [p for p, n in counts.items() if n >= MIN_COVERAGE * len(municipalities)]
    if not covered:
        return None
    period = str(max(covered))
    if int(period[:4]) < today.year - MAX_AGE_YEARS:
        return None
    latest = rows[rows["period"] == period]
    return period, latest.groupby("region")["value"].first().astype(float)


def assemble_key_figures(
    store_frame: pd.DataFrame | None,
    reference: Mapping[str, Mapping[str, tuple[str, float]]],
    municipalities: Collection[str],
    today: dt.date,
    *,
    live: bool,
) -> KeyFigureTable:
    """The key-figure table of today's municipalities: per figure the database's current live
    series, else the reference figure, else nothing (see the module docstring)."""
    codes = sorted(municipalities)
    columns: dict[str, pd.Series] = {}
    used: list[UsedFigure] = []
    for spec in SIMILARITY_FIGURES:
        found = _from_store(spec, store_frame, codes, today) if live else None
        found = found or _from_reference(spec, reference, codes)
        if found is None:
            continue
        source, name, period, values = found
        columns[spec.key] = values.reindex(codes)
        used.append(UsedFigure(spec.key, source, name, period, int(values.notna().sum())))
    keys = {u.key for u in used}
    return KeyFigureTable(
        table=pd.DataFrame(columns, index=pd.Index(codes, name="region")),
        used=tuple(used),
        weights={f.key: f.weight for f in SIMILARITY_FIGURES if f.key in keys},
        log_columns=tuple(f.key for f in SIMILARITY_FIGURES if f.log and f.key in keys),
    )


def _from_store(spec, frame, codes, today):
    if not spec.store or frame is None or frame.empty:
        return None
    found = current_store_values(frame, spec.store, codes, today)
    return None if found is None else ("store", spec.store, found[0], found[1])


def _from_reference(spec, reference, codes):
    if not spec.reference or spec.reference not in reference:
        return None
    by_code = {c: pv for c, pv in reference[spec.reference].items() if c in set(codes)}
    if not by_code:
        return None
    periods = sorted({p for p, _ in by_code.values()})
    values = pd.Series({c: v for c, (_, v) in by_code.items()}, dtype=float)
    return "reference", spec.reference, "/".join(periods), values


def load_key_figures(
    db_path: Path | None, catalog_ids: Collection[str], today: dt.date
) -> KeyFigureTable:
    """The key-figure table from the database at `db_path` (if it exists) and the reference
    figures, for today's municipalities."""
    from mittaristo import reference, store

    frame, live = None, False
    if db_path is not None and Path(db_path).exists():
        live = store.data_mode(db_path) == "live"
        if live:
            frame = store.series_for_indicators(db_path, store_indicator_ids(catalog_ids), None)
    codes = list(reference.municipalities())
    return assemble_key_figures(frame, reference.key_figures(), codes, today, live=live)


def describe_basis(used: tuple[UsedFigure, ...], lang: str) -> str:
    """The figures a ranking rests on, by source: `väkiluku 2025, kuntaryhmä 2026 (…)`."""
    parts = []
    for source in ("store", "reference"):
        names = [
            f"{t(f'similar.figure_{u.key}', lang)} {u.period}" for u in used if u.source == source
        ]
        if names:
            parts.append(f"{', '.join(names)} ({t(f'similar.from_{source}', lang)})")
    return "; ".join(parts) or "–"
