"""Named, cached queries for the pages. The only place where the UI caches.

Everything is keyed on the data version (changes on every refresh swap), so a refresh is seen
at once and an unchanged database is never read twice for the same view.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from mittaristo import edits, store
from mittaristo.config.project import cached_project_config
from mittaristo.config.result import Config
from mittaristo.edits import MittariReport
from mittaristo.lazy import lazy_module
from mittaristo.scorecard import ScoreRow, build_scorecard, regions_needed
from mittaristo.seriesrows import SeriesRows
from mittaristo.settings import Settings, load_settings
from mittaristo.usemeta import UseMeta, strategy_meta

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy_module("pandas")


def settings() -> Settings:
    """This server's settings (the environment it was started with)."""
    return load_settings()


def db_path() -> Path:
    return settings().db


def edits_path() -> Path:
    return settings().edits_db


@st.cache_resource(show_spinner=False)
def get_config(directory: str | None = None) -> Config:
    """The validated configuration (read once per process), checked exactly as `loaders
    validate` checks it (the town and peer codes against the municipality list too); a start
    with unchanged files reads the last passed result from the cache (mittaristo.config.cache)."""
    given = settings()
    if directory:
        given = given.with_changes(config_dir=Path(directory))
    return cached_project_config(given)


def data_version() -> str:
    """Changes whenever a refresh swaps in a new database file."""
    return store.data_version(db_path())


@st.cache_data(show_spinner=False, max_entries=64)
def town_series(town: str, version: str) -> pd.DataFrame:
    """Current values of every indicator the town's strategy uses, for town, peers and country."""
    strategy = get_config().strategies[town]
    ids = sorted({use.indicator for _, _, use in strategy.indicator_uses() if use.indicator})
    return store.series_for_indicators(db_path(), ids, regions_needed(strategy))


@st.cache_resource(show_spinner=False, max_entries=16)
def town_rows(town: str, version: str) -> SeriesRows:
    """`town_series` as plain rows (no pandas): what the scorecard reads; shared, read-only."""
    strategy = get_config().strategies[town]
    ids = sorted({use.indicator for _, _, use in strategy.indicator_uses() if use.indicator})
    return store.series_rows_for_indicators(db_path(), ids, regions_needed(strategy))


def edits_version() -> str:
    """Changes on every write to the edits database (a report, a note, a status...)."""
    return edits.edits_version(edits_path())


@st.cache_resource(show_spinner=False, max_entries=32)
def town_reports(town: str, edits_ver: str) -> dict[str, list[MittariReport]]:
    """mittari id → the editors' stored reports (with who), oldest first; shared, read-only."""
    return edits.stored_reports(edits_path(), town)


def scorecard(town: str, version: str, today: dt.date) -> list[ScoreRow]:
    """The assessed scorecard of a town: the statistics of `version` and the editors' reports
    as they are now (the edits version is part of the cache key, so a report shows at once)."""
    return _scorecard(town, version, today, edits_version())


@st.cache_resource(show_spinner=False, max_entries=32)
def _scorecard(town: str, version: str, today: dt.date, edits_ver: str) -> list[ScoreRow]:
    """Immutable rows, shared between sessions."""
    reports = {
        use_id: [item.report for item in items]
        for use_id, items in town_reports(town, edits_ver).items()
    }
    return build_scorecard(get_config(), town, town_rows(town, version), today, reports)


def score_row(town: str, version: str, today: dt.date, use_id: str) -> ScoreRow:
    """One mittari (indicator use) of the town's scorecard."""
    return next(r for r in scorecard(town, version, today) if r.use.id == use_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def indicator_chart(
    town: str, version: str, today: dt.date, use_id: str, lang: str, peers: bool, country: bool
):
    """The indicator page's chart for one view (a plotly Figure costs 20–80 ms to build, so a
    rerun reuses it). Shared between sessions and never changed: st.plotly_chart copies it."""
    from mittaristo.charts import indicator_figure
    from ui import plotly_theme

    plotly_theme.ensure()
    strategy = get_config().strategies[town]
    row = score_row(town, version, today, use_id)
    source = chart_source(row.indicator.id, version, lang) if row.indicator else None
    return indicator_figure(
        row, town_series(town, version),
        town_name=strategy.name.get(lang), peers=strategy.peers,
        start_year=strategy.period.start, lang=lang, show_peers=peers, show_country=country,
        source=source,
    )  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=64)
def indicator_table(
    town: str, version: str, today: dt.date, use_id: str, lang: str, peers: bool, country: bool
) -> pd.DataFrame:
    """The table behind the indicator page's chart (its accessible alternative and CSV)."""
    from ui import views

    strategy = get_config().strategies[town]
    row = score_row(town, version, today, use_id)
    table = views.indicator_table(row, town_series(town, version), strategy, lang, peers, country)
    if row.indicator is not None and row.indicator.source.kind == "manual":
        notes = source_notes(row.indicator.id, strategy.municipality, version)
        table = views.with_source_notes(table, notes, lang)
    return table


@st.cache_data(show_spinner=False, max_entries=64)
def source_notes(indicator_id: str, region: str, version: str) -> dict[str, str]:
    """Period → the source note stored with a manual value (the indicator page shows them)."""
    return store.source_notes(db_path(), indicator_id, region)


@st.cache_data(show_spinner=False, max_entries=16)
def manual_values(town: str, version: str) -> list[tuple[str, str, float | None, str]]:
    """The town's stored manual values with their source notes, (indicator id, period,
    value, note) newest period first: the Data page lists them with their provenance."""
    region = get_config().strategies[town].municipality
    out: list[tuple[str, str, float | None, str]] = []
    for ind in get_config().catalog.indicators:
        if ind.source.kind != "manual":
            continue
        try:
            series = store.current_series(db_path(), ind.id, [region])
        except store.StoreMissing:
            return []
        notes = store.source_notes(db_path(), ind.id, region) if len(series) else {}
        for rec in series.sort_values("period", ascending=False).itertuples(index=False):
            value = None if rec.value is None or rec.value != rec.value else float(rec.value)
            out.append((ind.id, str(rec.period), value, notes.get(str(rec.period), "")))
    return out


@st.cache_data(show_spinner=False, max_entries=64)
def indicator_all_regions(indicator_id: str, version: str) -> pd.DataFrame:
    """One indicator for every region: the comparison page's ranking and lines."""
    return store.series_for_indicators(db_path(), [indicator_id], None)


@st.cache_data(show_spinner=False, max_entries=16)
def series_metadata(version: str) -> pd.DataFrame:
    """Per indicator: release time, fetch time, source URL (for the lines under charts)."""
    return store.series_freshness(db_path())


@st.cache_data(show_spinner=False, max_entries=8)
def load_runs(version: str) -> pd.DataFrame:
    return store.load_runs(db_path(), limit=50)


@st.cache_data(show_spinner=False, max_entries=8)
def data_mode(version: str) -> str:
    return store.data_mode(db_path())


def chart_source(indicator_id: str, version: str, lang: str) -> str:
    """The line under a chart of this indicator (presentation.chart_source_text): release day
    from the store, the demo mark unless the database is live."""
    from mittaristo.presentation import chart_source_text

    indicator = get_config().catalog.by_id()[indicator_id]
    meta = series_metadata(version)
    info = meta[meta["indicator_id"] == indicator_id] if not meta.empty else meta
    release = info["release_time"].iloc[0] if len(info) else None
    demo = data_mode(version) != "live"
    return chart_source_text(indicator, release, lang, demo=demo)


@st.cache_data(show_spinner=False)
def status_method(lang: str) -> str | None:
    """The status method for the reader (docs/STATUS_METHOD.md, read once per language)."""
    from mittaristo.method_doc import method_text

    return method_text(lang)


@st.cache_data(show_spinner=False, max_entries=16)
def similar_municipalities(town: str, version: str, today: dt.date) -> tuple[pd.DataFrame, tuple]:
    """Every municipality ranked by similarity to the town (mittaristo.similarity) from the
    loaded, current key figures (else the recorded reference figures), and what they were."""
    from mittaristo.keyfigures import load_key_figures

    config = get_config()
    strategy = config.strategies[town]
    figures = load_key_figures(db_path(), config.catalog.by_id(), today)
    return figures.rank(strategy.municipality, strategy.peers), figures.used


@st.cache_data(show_spinner=False, max_entries=16)
def strategy_workbook(town: str | None, lang: str) -> bytes:
    """The strategy workbook: blank (town None) or the town's strategy filled in."""
    from mittaristo.template.export import build_workbook

    config = get_config()
    return build_workbook(config.strategies[town] if town else None, config.catalog, lang)


@st.cache_resource(show_spinner=False, max_entries=16)
def use_meta(town: str) -> dict[str, UseMeta]:
    """Every mittari's vastuu, toimiala, seuranta and SDG tags (mittaristo.usemeta), once per
    town: the overview filters read them on every rerun."""
    return strategy_meta(get_config().strategies[town])
