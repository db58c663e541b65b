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
from mittaristo.charts import add_source_note, far_apart, indicator_figure, period_x
from mittaristo.compare_charts import ranking_figure, towns_figure
from mittaristo.config.load import load_config
from mittaristo.formatting import format_date, format_period
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
            (p0, y0), (p1, y1) = ends
            assert p0 == a.latest_period
            assert y1 == a.projection
            span = period_to_year_fraction(p1) - period_to_year_fraction(p0)
            assert (y1 - y0) == pytest.approx(a.slope * span)
            if abs(a.slope) > 1e-9:
                assert (y1 > y0) == (a.slope > 0), row.use.id
            fig = indicator_figure(
                row, frame, town_name=town, peers=strategy.peers,
                start_year=strategy.period.start, lang="fi",
            )  # fmt: skip
            line = next(tr for tr in fig.data if tr.name == t("trace_projection", "fi"))
            assert list(line.x) == [period_x(p0), period_x(p1)] and list(line.y) == [y0, y1]
            high = fig.layout.xaxis.range[1]  # the start is a pan away by design
            drawn = [x for tr in fig.data for x in (tr.x or ())]
            assert max(drawn) < high, (row.use.id, max(drawn), high)  # ISO dates sort as text
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


# ------------------------------------------------------------ the indicator chart's time axis


def _kemi_monthly(demo_db: Path):
    """Kemi's open vacancies (avoimet_tyopaikat, monthly, tyonv/12r5) as the demo refresh
    loaded them through the real PxWeb loader."""
    strategy, frame, rows = _town(demo_db, "kemi")
    row = next(r for r in rows if r.indicator and r.indicator.id == "avoimet_tyopaikat")
    assert row.points and all("M" in p.period for p in row.points)
    return strategy, frame, row


def test_indicator_chart_is_a_date_axis_with_months_at_their_first_day(demo_db):
    from mittaristo.status.periods import last_period_of

    strategy, frame, row = _kemi_monthly(demo_db)
    fig = indicator_figure(
        row, frame, town_name="Kemi", peers=strategy.peers, start_year=strategy.period.start,
        lang="fi", show_peers=True, show_country=True,
    )  # fmt: skip
    assert fig.layout.xaxis.type == "date" and fig.layout.xaxis.tickformat == "%Y"
    assert fig.layout.xaxis.dtick == "M12"  # a tick on every 1 January
    town = next(tr for tr in fig.data if tr.name == "Kemi")
    periods = sorted((p.period for p in row.points), key=period_start)
    assert list(town.x) == [period_start(p).isoformat() for p in periods]
    assert list(town.x) == sorted(town.x)  # time order
    assert town.customdata[0][0] == format_period(periods[0], "fi")
    assert format_period("2024M05", "fi") == "toukokuu 2024"
    for trace in fig.data:  # every trace is on the same date axis: no year numbers left
        assert all(isinstance(x, str) and len(x) == 10 and x[4] == "-" for x in trace.x), trace.name
    low, high = fig.layout.xaxis.range
    assert low < f"{strategy.period.start - 8}-01-01" and high > max(town.x)
    assert (
        last_period_of(2025, "2024M05") == "2025M12" and last_period_of(2025, "2024Q2") == "2025Q4"
    )


def test_quarters_sit_where_the_comparison_page_puts_them_and_in_order(demo_db):
    """The same period lands on the same day on the indicator page and on the comparison
    page (both: the period's first day), whatever order the rows come in."""
    import dataclasses

    from mittaristo.status import Point

    strategy, frame, row = _kemi_monthly(demo_db)
    quarters = (("2025Q1", 11.9), ("2022Q4", 13.1), ("2024Q3", 12.4), ("2023Q2", 12.8))
    row = dataclasses.replace(row, points=tuple(Point(p, v) for p, v in quarters))
    fig = indicator_figure(
        row, frame.iloc[0:0], town_name="Kemi", peers=[], start_year=2022, lang="sv"
    )
    town = next(tr for tr in fig.data if tr.name == "Kemi")
    assert list(town.x) == ["2022-10-01", "2023-04-01", "2024-07-01", "2025-01-01"]
    assert list(town.y) == [13.1, 12.8, 12.4, 11.9]
    assert town.customdata[0][0] == "4:e kvartalet 2022"
    lines = towns_figure(
        _frame([("KU240", p, v) for p, v in quarters]),
        ["KU240"],
        "KU240",
        reference.area_name,
        "sv",
    )
    assert list(lines.data[0].x) == list(town.x)
    assert lines.layout.xaxis.tickformat == "%Y-%m"  # a Swedish month tick: 2024-07


def test_month_ticks_in_the_readers_format():
    from mittaristo.formatting import plotly_date_tickformat

    assert plotly_date_tickformat("fi", yearly=False) == "%-m/%Y"
    assert plotly_date_tickformat("sv", yearly=False) == "%Y-%m"
    assert plotly_date_tickformat("en", yearly=False) == "%b %Y"
    assert {plotly_date_tickformat(lang, yearly=True) for lang in ("fi", "sv", "en")} == {"%Y"}


# ------------------------------------------------------------ magnitudes never share an axis

# Open vacancies at the end of June 2026 (AVPAIKATLOPUSSA, 2026M06) in the recorded answer of
# StatFin tyonv/12r5 (../shared/fixtures/2026/statfin-pxjson-unemployment_register_kunnat_12r5.json).
VACANCIES_2026M06 = {
    "KU240": 68, "KU851": 78, "KU678": 58, "KU915": 50, "KU153": 22, "KU140": 84, "KU111": 28,
    "KU091": 1831, "KU564": 726, "SSS": 26641,
}  # fmt: skip


def _recorded_vacancies(fixture_path) -> dict[str, float]:
    data = json.loads(
        fixture_path("2026/statfin-pxjson-unemployment_register_kunnat_12r5.json").read_text()
    )
    at = [c["code"] for c in data["columns"][2:]].index("AVPAIKATLOPUSSA")
    return {
        r["key"][0]: float(r["values"][at])
        for r in data["data"]
        if r["key"][1] == "2026M06" and r["values"][at].isdigit()  # '...' is withheld
    }


def _vacancy_chart(demo_db, recorded, peers, lang="fi"):
    import dataclasses

    from mittaristo.status import Point

    strategy, _, row = _kemi_monthly(demo_db)
    row = dataclasses.replace(row, points=(Point("2026M06", recorded["KU240"]),))
    frame = _frame(
        [(code, "2026M06", recorded[code]) for code in (*peers, "SSS")], "avoimet_tyopaikat"
    )
    return indicator_figure(
        row, frame, town_name="Kemi", peers=peers, start_year=2022, lang=lang,
        show_peers=True, show_country=True,
    )  # fmt: skip


def test_peers_of_the_towns_size_share_its_axis_the_country_goes_right(demo_db, fixture_path):
    recorded = _recorded_vacancies(fixture_path)
    assert {c: recorded[c] for c in VACANCIES_2026M06} == VACANCIES_2026M06
    fig = _vacancy_chart(demo_db, recorded, ["KU851", "KU678", "KU915", "KU153", "KU140", "KU111"])
    axis = {tr.name: tr.yaxis or "y" for tr in fig.data}
    assert axis["Verrokkien mediaani"] == "y" and axis["Kemi"] == "y"
    assert axis["Koko maa (oikea akseli)"] == "y2"
    assert fig.layout.yaxis2.title.text == "Koko maa, työpaikkaa"
    assert "yaxis3" not in fig.to_plotly_json()["layout"]  # no third axis


def test_one_big_peer_stretching_the_range_moves_the_peers_to_a_right_axis(demo_db, fixture_path):
    """Helsinki among Kemi's peers: the median (~58) is Kemi's size but the range reaches 1 831,
    which would flatten Kemi's 68; the peers go right, said in their names."""
    recorded = _recorded_vacancies(fixture_path)
    fig = _vacancy_chart(demo_db, recorded, ["KU851", "KU678", "KU915", "KU091", "KU140"], "sv")
    axis = {tr.name: tr.yaxis or "y" for tr in fig.data}
    assert axis["Kemi"] == "y"
    assert axis["Jämförelsekommunernas median (höger axel)"] == "y2"
    assert axis["Jämförelsekommunernas spridning (höger axel)"] == "y2"
    # the country (26 641) is far from Kemi but of the range's magnitude (1 831 × 14.5 …)
    country = next(n for n in axis if n.startswith("Hela landet"))
    assert axis[country] in ("y2", "y3")
    assert fig.layout.yaxis2.side == "right" and fig.layout.yaxis2.exponentformat == "none"


def test_three_magnitudes_get_three_axes_and_the_target_stays_with_the_town(demo_db, fixture_path):
    """Kemi (68), Helsinki and Oulu as peers (726–1 831) and the country (26 641): three
    magnitudes, three axes, each named; the target line is the town's own scale."""
    recorded = _recorded_vacancies(fixture_path)
    fig = _vacancy_chart(demo_db, recorded, ["KU091", "KU564"], "en")
    axis = {tr.name: tr.yaxis or "y" for tr in fig.data}
    assert axis["Peer median (right axis)"] == "y2"
    assert axis["Whole country (outer right axis)"] == "y3"
    assert fig.layout.yaxis3.anchor == "free" and fig.layout.yaxis3.position == 1.0
    assert fig.layout.xaxis.domain[1] < 1  # room for the outer axis
    assert fig.layout.yaxis2.title.text == "Peer median, vacancies"
    assert fig.layout.yaxis3.title.text == "Whole country, vacancies"
    own = [n for n, a in axis.items() if a == "y"]
    assert "Kemi" in own and all("axis" not in n for n in own)


def test_towns_of_very_different_size_get_a_log_axis_or_own_panels(fixture_path):
    """Compare: Kemi and Helsinki's open vacancies on one linear axis would flatten Kemi; all
    values positive → a logarithmic axis, said in its title; a series with zero or negative
    values (net migration) → one panel per town on its own scale, said above the panels."""
    recorded = _recorded_vacancies(fixture_path)
    ind = CATALOG["avoimet_tyopaikat"]
    rows = [
        (c, p, recorded[c] * k)
        for c in ("KU240", "KU091")
        for p, k in (("2026M05", 0.9), ("2026M06", 1.0))
    ]
    fig = towns_figure(
        _frame(rows, ind.id), ["KU240", "KU091"], "KU240", reference.area_name, "fi", ind
    )
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.yaxis.title.text == "työpaikkaa, logaritminen asteikko"
    near = towns_figure(
        _frame([(c, "2026M06", recorded[c]) for c in ("KU240", "KU851")], ind.id),
        ["KU240", "KU851"], "KU240", reference.area_name, "fi", ind,
    )  # fmt: skip
    assert (
        near.layout.yaxis.type in (None, "linear") and near.layout.yaxis.title.text == "työpaikkaa"
    )
    signed = [
        ("KU240", "2024", -120.0),
        ("KU240", "2025", 40.0),
        ("KU091", "2024", 5200.0),
        ("KU091", "2025", 6100.0),
    ]
    panels = towns_figure(
        _frame(signed, ind.id), ["KU240", "KU091"], "KU240", reference.area_name, "sv", ind
    )
    assert panels.data[0].yaxis == "y" and panels.data[1].yaxis == "y2"
    assert panels.layout.yaxis2.matches is None  # its own scale
    assert panels.layout.title.text.startswith("Kommunerna är av olika storleksordning")
    titles = [a.text for a in panels.layout.annotations]
    assert titles[:2] == ["Kemi", "Helsinki"]
