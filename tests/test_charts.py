"""The chart rules of issue 15, on real catalog indicators and real values: a time axis is a
date axis in time order, far-apart magnitudes never share one linear axis, ticks group digits
("21 000", never "21k"), and every chart carries the one source line (demo mark included)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from mittaristo import compare, reference
from mittaristo.charts import add_source_note, far_apart, indicator_figure
from mittaristo.compare_charts import ranking_figure, towns_figure
from mittaristo.config.load import load_config
from mittaristo.formatting import format_date
from mittaristo.presentation import chart_source_text
from mittaristo.scorecard import build_scorecard
from mittaristo.status import period_start

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT)
CATALOG = CONFIG.catalog.by_id()


def _frame(
    rows: list[tuple[str, str, float]], indicator_id: str = "tyottomyysaste"
) -> pd.DataFrame:
    return pd.DataFrame(
        [{"indicator_id": indicator_id, "region": r, "period": p, "value": v} for r, p, v in rows]
    )


def test_period_start_is_the_first_day_of_the_period():
    assert period_start("2024") == dt.date(2024, 1, 1)
    assert period_start("2024Q3") == dt.date(2024, 7, 1)
    assert period_start("2024Q4") == dt.date(2024, 10, 1)
    assert period_start("2024M05") == dt.date(2024, 5, 1)


def test_towns_chart_is_a_sorted_date_axis_even_when_the_rows_come_unsorted():
    # Kemi has 2022 only after 2025 in the frame; Tornio starts later: a categorical axis put
    # 2022 after 2025 and the lines zig-zagged.
    frame = _frame([
        ("KU240", "2025Q1", 11.9), ("KU240", "2022Q4", 13.1), ("KU240", "2024Q2", 12.4),
        ("KU851", "2024Q2", 9.8), ("KU851", "2025Q1", 10.2),
    ])  # fmt: skip
    fig = json.loads(
        towns_figure(frame, ["KU240", "KU851"], "KU240", reference.area_name, "fi").to_json()
    )
    assert fig["layout"]["xaxis"]["type"] == "date"
    assert fig["layout"]["xaxis"]["tickformat"] == "%-m/%Y"
    kemi = next(tr for tr in fig["data"] if tr["name"] == "Kemi")
    assert kemi["x"] == ["2022-10-01", "2024-04-01", "2025-01-01"]
    assert kemi["y"] == [13.1, 12.4, 11.9]
    assert kemi["customdata"][0][0] == "4. neljännes 2022"
    assert "categoryarray" not in fig["layout"]["xaxis"]


def test_towns_chart_yearly_ticks_are_years():
    frame = _frame([("KU240", "2024", 1.0), ("KU240", "2021", 2.0)])
    fig = towns_figure(frame, ["KU240"], "KU240", reference.area_name, "sv")
    assert fig.layout.xaxis.tickformat == "%Y"
    assert list(fig.data[0].x) == ["2021-01-01", "2024-01-01"]


def test_ranking_counts_todays_308_municipalities_not_merged_codes():
    codes = reference.municipality_codes()
    assert len(codes) == 308
    merged = sorted(reference.mergers())[:3]  # codes a 2017-style table still carries
    assert merged and not set(merged) & set(codes)
    rows = [(c, "2024", float(i)) for i, c in enumerate(codes + merged)]
    table = compare.ranking(_frame(rows), "tyottomyysaste", "2024", "lower")
    assert len(table) == 308
    assert not set(table["region"]) & set(merged)
    assert compare.standing(table, "KU240").count == 308
    assert compare.municipality_codes(_frame(rows)) == codes


def test_source_line_names_indicator_unit_source_table_release_licence_and_demo():
    ind = CATALOG["tyottomyysaste"]
    text = chart_source_text(ind, dt.datetime(2026, 11, 20, 6, 0), "fi", demo=True)
    assert text.startswith("DEMO")
    assert ind.name.get("fi") in text and f"({ind.unit.get('fi')})" in text
    assert "Tilastokeskus" in text or "Lähde:" in text
    assert ind.source.table in text  # the table id
    assert format_date(dt.datetime(2026, 11, 20, 6, 0), "fi") == "20.11.2026"
    assert "20.11.2026" in text and ind.license in text
    live = chart_source_text(ind, None, "sv", demo=False)
    assert "DEMO" not in live and "Källa:" in live and "Licens:" in live


def test_ranking_figure_carries_the_source_note_with_the_indicator_name():
    ind = CATALOG["tyottomyysaste"]
    shown = compare.ranking(
        _frame([("KU240", "2024", 12.0), ("KU851", "2024", 9.0)]), ind.id, "2024", "lower"
    )
    note = chart_source_text(ind, "2026-11-20", "fi", demo=True)
    fig = ranking_figure(shown, ["Tornio", "Kemi"], "KU240", "Järjestys 2024", "fi", ind, note)
    texts = [a.text.replace("<br>", " ") for a in fig.layout.annotations]
    assert any(ind.name.get("fi") in x and "DEMO" in x for x in texts), texts
    assert fig.layout.xaxis.exponentformat == "none" and fig.layout.xaxis.separatethousands
    assert fig.layout.margin.b >= 40 + 16


def test_source_note_wraps_and_grows_the_margin():
    import plotly.graph_objects as go

    fig = add_source_note(go.Figure(), "sana " * 80)
    (note,) = fig.layout.annotations
    assert note.text.count("<br>") >= 2 and note.yref == "paper" and note.y == 0
    assert fig.layout.margin.b == 40 + 16 * (note.text.count("<br>") + 1) + 10


def test_far_apart_magnitudes():
    assert far_apart([114, 120], [21_000, 20_500])  # Kemi's count against the country's
    assert not far_apart([11.9, 12.4], [9.8, 10.5])  # two rates
    assert not far_apart([None], [21_000])


def _town(db: Path, town: str):
    from mittaristo import store
    from mittaristo.scorecard import regions_needed

    strategy = CONFIG.strategies[town]
    ids = sorted({u.indicator for _, _, u in strategy.indicator_uses() if u.indicator})
    frame = store.series_for_indicators(db, ids, regions_needed(strategy))
    return strategy, frame, build_scorecard(CONFIG, town, frame, dt.date(2026, 12, 2))


def test_country_far_from_the_town_goes_to_a_right_axis_and_says_so(demo_db):
    strategy, frame, rows = _town(demo_db, "kemi")
    found = 0
    for row in rows:
        if row.indicator is None or not row.points:
            continue
        country = frame[(frame["indicator_id"] == row.indicator.id) & (frame["region"] == "SSS")]
        if country.empty:
            continue
        apart = far_apart([p.value for p in row.points], list(country["value"]))
        fig = indicator_figure(
            row, frame, town_name="Kemi", peers=strategy.peers, start_year=2025, lang="fi",
            show_country=True, source="x",
        )  # fmt: skip
        trace = next(tr for tr in fig.data if tr.name.startswith("Koko maa"))
        assert (trace.yaxis == "y2") is apart, row.use.id
        assert trace.name == ("Koko maa (oikea akseli)" if apart else "Koko maa")
        if apart:
            found += 1
            assert fig.layout.yaxis2.side == "right" and fig.layout.yaxis2.overlaying == "y"
            assert fig.layout.yaxis2.exponentformat == "none"
            assert fig.layout.yaxis2.title.text.startswith("Koko maa, ")
        assert fig.layout.yaxis.exponentformat == "none"
    assert found, "the demo has Kemi counts next to the country's (the issue's 21 000 vs 114)"


def test_projection_is_the_trend_line_inside_the_axis_and_points_the_trends_way(demo_db):
    """The 'Ennuste nykyvauhdilla' line: from the trend at the newest value to the engine's
    projection at the target year, rising when the trend rises, and never past the x range."""
    from mittaristo.charts import projection_ends
    from mittaristo.i18n import t
    from mittaristo.status import period_to_year_fraction

    checked = 0
    for town in sorted(CONFIG.strategies):
        strategy, frame, rows = _town(demo_db, town)
        for row in rows:
            ends = projection_ends(row)
            if ends is None or not row.has_values:
                continue
            a = row.assessment
            (x0, y0), (x1, y1) = ends
            assert x0 == period_to_year_fraction(a.latest_period)
            assert y1 == a.projection
            assert (y1 - y0) == pytest.approx(a.slope * (x1 - x0))
            if abs(a.slope) > 1e-9:
                assert (y1 > y0) == (a.slope > 0), row.use.id
            fig = indicator_figure(
                row, frame, town_name=town, peers=strategy.peers,
                start_year=strategy.period.start, lang="fi",
            )  # fmt: skip
            line = next(tr for tr in fig.data if tr.name == t("trace_projection", "fi"))
            assert list(line.x) == [x0, x1] and list(line.y) == [y0, y1]
            high = fig.layout.xaxis.range[1]  # the start is a pan away by design
            drawn = [x for tr in fig.data for x in (tr.x or ())]
            assert max(drawn) < high, (row.use.id, max(drawn), high)
            checked += 1
    assert checked >= 2, checked  # Kemi's and Heinola's CO2 (latest 2024, target 2025)
    _, _, rows = _town(demo_db, "kemi")
    co2 = next(r for r in rows if r.use.id == "ek-ymp-vihrea-co2")
    (_, y0), (_, y1) = projection_ends(co2)
    assert co2.assessment.slope < 0 and y1 < y0  # falling emissions: the line falls


def test_no_projection_line_when_the_newest_value_is_of_the_target_year(demo_db):
    """Nothing is left to project (the old chart drew a steep stub from the value to the
    trend's value a year later, pointing whichever way the noise went)."""
    from mittaristo.charts import projection_ends

    _, _, rows = _town(demo_db, "kemi")
    row = next(r for r in rows if r.use.id == "ek-kv-kuntatalous-alijaama")
    assert row.assessment.latest_period == "2025" and row.assessment.target_year == 2025
    assert row.assessment.projection is not None
    assert projection_ends(row) is None
