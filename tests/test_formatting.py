"""Numbers, dates, times and periods as Finnish, Swedish and English readers write them.

The expected strings are literal: a change of convention must change this file.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mittaristo.formatting import (
    format_change,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_period,
    format_value,
    plotly_separators,
    round_half_up,
)

NBSP, MINUS = "\u00a0", "\u2212"


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "fi", "1\u00a0234,5"),
        (1234.5, 1, "sv", "1\u00a0234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (1234567.891, 2, "fi", "1\u00a0234\u00a0567,89"),
        (1234567.891, 0, "en", "1,234,568"),
        (-1234.5, 1, "fi", "\u22121\u00a0234,5"),
        (-1234.5, 1, "en", "\u22121,234.5"),
        (999.0, 0, "fi", "999"),
        (101.9, 1, "fi", "101,9"),
        (12795.0, 0, "fi", "12\u00a0795"),
        (12795.0, 0, "en", "12,795"),
        (2.675, 2, "fi", "2,68"),  # half-up, not float rounding's 2,67
        (0.5, 0, "en", "1"),  # half-up, not banker's 0
        (-0.04, 1, "fi", "0,0"),  # rounds to zero: no sign
        (0, 1, "sv", "0,0"),
        (None, 1, "fi", "–"),
        (float("nan"), 1, "en", "–"),
        (pd.NA, 1, "fi", "–"),
    ],
)
def test_format_number(value, decimals: int, lang: str, expected: str) -> None:
    assert format_number(value, decimals, lang) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "lang", "expected"),
    [
        (7.9, 1, "%", "fi", "7,9\u00a0%"),
        (7.9, 1, "%", "sv", "7,9\u00a0%"),
        (7.9, 1, "%", "en", "7.9%"),
        (41.25, 1, "% talousarviosta", "fi", "41,3\u00a0% talousarviosta"),
        (41.25, 1, "% of budget", "en", "41.3% of budget"),
        (1234.0, 0, "€", "fi", "1\u00a0234\u00a0€"),
        (1234.0, 0, "€", "sv", "1\u00a0234\u00a0€"),
        (1234.0, 0, "€", "en", "€1,234"),
        (-50.0, 0, "€", "en", "\u2212€50"),
        (4321.0, 0, "€/asukas", "fi", "4\u00a0321\u00a0€/asukas"),
        (4321.0, 0, "€/resident", "en", "€4,321/resident"),
        (12.25, 1, "t CO2e", "en", "12.3\u00a0t CO2e"),
        (101.9, 1, "indeksi", "fi", "101,9\u00a0indeksi"),
        (5.0, 0, "", "fi", "5"),
        (None, 1, "%", "fi", "–"),
    ],
)
def test_format_value(value, decimals: int, unit: str, lang: str, expected: str) -> None:
    assert format_value(value, decimals, unit, lang) == expected


def test_percent_and_signed_changes() -> None:
    assert format_percent(45.0, 0, "fi") == "45\u00a0%"
    assert format_percent(45.0, 0, "en") == "45%"
    assert format_change(1.25, 1, "%", "fi") == "+1,3\u00a0%"
    assert format_change(-1234.5, 1, "", "sv") == "\u22121\u00a0234,5"
    assert format_change(0.04, 1, "%", "fi") == "±0,0\u00a0%"  # the rounded value decides
    assert format_change(-50, 0, "€", "en") == "\u2212€50"
    assert format_change(None, 1, "%", "fi") == "–"


def test_plotly_separators_match_the_tables() -> None:
    assert plotly_separators("fi") == ",\u00a0"
    assert plotly_separators("en") == ".,"


def test_round_half_up_is_decimal() -> None:
    assert str(round_half_up(2.675, 2)) == "2.68"
    assert str(round_half_up(-2.5, 0)) == "-3"


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (dt.date(2026, 12, 2), "fi", "2.12.2026"),
        (dt.date(2026, 12, 2), "sv", "2.12.2026"),
        (dt.date(2026, 12, 2), "en", "2 December 2026"),
        (dt.date(2025, 8, 31), "en", "31 August 2025"),
        (2025, "fi", "2025"),
        ("2026-04-30", "fi", "30.4.2026"),
        # a time gives its Helsinki day: 23.30 UTC on New Year's Eve is already 2027 there
        (dt.datetime(2026, 12, 31, 23, 30), "fi", "1.1.2027"),
        ("2026-12-31T23:30:00Z", "sv", "1.1.2027"),
        (None, "fi", "–"),
        (pd.NaT, "en", "–"),
        ("soon", "fi", "soon"),
    ],
)
def test_format_date(day, lang: str, expected: str) -> None:
    assert format_date(day, lang) == expected


@pytest.mark.parametrize(
    ("when", "lang", "expected"),
    [
        # winter: Helsinki is UTC+2
        (dt.datetime(2026, 12, 2, 12, 5), "fi", "2.12.2026 klo 14.05"),
        (dt.datetime(2026, 12, 2, 12, 5), "sv", "2.12.2026 kl. 14.05"),
        (dt.datetime(2026, 12, 2, 12, 5), "en", "2 December 2026, 14:05"),
        # summer: UTC+3
        (dt.datetime(2026, 6, 15, 11, 5), "fi", "15.6.2026 klo 14.05"),
        (dt.datetime(2026, 6, 15, 6, 5), "fi", "15.6.2026 klo 9.05"),
        (dt.datetime(2026, 6, 15, 6, 5), "en", "15 June 2026, 09:05"),
        # the spring change (29.3.2026 at 01.00 UTC): one minute apart, an hour apart on the clock
        (dt.datetime(2026, 3, 29, 0, 59), "fi", "29.3.2026 klo 2.59"),
        (dt.datetime(2026, 3, 29, 1, 0), "fi", "29.3.2026 klo 4.00"),
        # pandas, aware and ISO-text times
        (pd.Timestamp("2026-12-02 12:05:00"), "fi", "2.12.2026 klo 14.05"),
        (
            dt.datetime(2026, 12, 2, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "fi",
            "2.12.2026 klo 14.05",
        ),
        ("2026-12-02T12:05:00Z", "sv", "2.12.2026 kl. 14.05"),
        ("2026-12-02", "fi", "2.12.2026"),
        (None, "fi", "–"),
        (pd.NaT, "fi", "–"),
    ],
)
def test_format_datetime_is_helsinki_time(when, lang: str, expected: str) -> None:
    assert format_datetime(when, lang) == expected


@pytest.mark.parametrize(
    ("period", "lang", "expected"),
    [
        ("2025", "fi", "2025"),
        ("2025", "en", "2025"),
        ("2025M08", "fi", "elokuu 2025"),
        ("2025M08", "sv", "augusti 2025"),
        ("2025M08", "en", "August 2025"),
        ("2025M1", "fi", "tammikuu 2025"),
        ("2025Q3", "fi", "3. neljännes 2025"),
        ("2025Q1", "sv", "1:a kvartalet 2025"),
        ("2025Q2", "sv", "2:a kvartalet 2025"),
        ("2025Q3", "sv", "3:e kvartalet 2025"),
        ("2025Q3", "en", "Q3 2025"),
        ("2022–2025", "fi", "2022–2025"),  # not a statistical period: shown as it is
        (None, "fi", "–"),
    ],
)
def test_format_period(period, lang: str, expected: str) -> None:
    assert format_period(period, lang) == expected


@pytest.mark.parametrize(
    "call",
    [
        lambda: format_number(1.0, 1, "de"),
        lambda: format_date(dt.date(2026, 1, 1), "de"),
        lambda: format_period("2025", "de"),
    ],
)
def test_unknown_language_is_refused(call) -> None:
    with pytest.raises(ValueError, match="de"):
        call()


# ------------------------------------------------------------------ the formatter's users


def test_status_sentence_shows_periods_dates_and_values_like_the_tables() -> None:
    from mittaristo.config.model import FollowedTarget
    from mittaristo.status import Point, assess

    def followed(points, today, unit):
        return assess(
            FollowedTarget(kind="followed"), points, better="higher", adoption=dt.date(2024, 1, 1),
            period_end_year=2026, today=today, frequency="quarterly" if "Q" in points[0].period
            else "monthly", lag_months=1, decimals=1, unit=unit,
        ).explanation  # fmt: skip

    fresh = followed([Point("2025Q2", 7.5), Point("2025Q3", 7.9)], dt.date(2025, 11, 1), "%")
    assert fresh["fi"] == "Mittari on raportoitu: viimeisin arvo on 7,9\u00a0% (3. neljännes 2025)."
    assert fresh["sv"].endswith("7,9\u00a0% (3:e kvartalet 2025).")
    assert fresh["en"].endswith("7.9% (Q3 2025).")
    euro = {"fi": "€", "sv": "€", "en": "€"}
    stale = followed(
        [Point("2025M07", 1200.0), Point("2025M08", 1234.5)], dt.date(2026, 12, 2), euro
    )
    assert stale["fi"] == (
        "Mittaria ei ole raportoitu ajallaan: viimeisin arvo on 1\u00a0234,5\u00a0€ (elokuu 2025), "
        "ja seuraavan arvon piti tulla viimeistään 31.10.2025."
    )
    assert "€1,234.5 (August 2025)" in stale["en"] and "31 October 2025" in stale["en"]


def test_cli_status_table_shows_helsinki_time_and_grouped_counts() -> None:
    from loaders.commands.status import format_table

    frame = pd.DataFrame(
        {
            "started_at": [pd.Timestamp("2026-12-02 12:05:00")],
            "n_rows_new": [12795],
            "run_id": [1234],
        }
    )
    columns = [("run_id", "run"), ("started_at", "started (Helsinki time)"), ("n_rows_new", "new")]
    table = format_table(frame, columns)
    assert "2 December 2026, 14:05" in table and "12,795" in table
    assert "1234" in table  # an id is not a count: no grouping


def test_data_page_tables_show_helsinki_time_days_periods_and_counts() -> None:
    from ui.data_tables import FRESHNESS_COLUMNS, localized

    frame = pd.DataFrame(
        {
            "indicator_id": ["tyottomyysaste"],
            "last_fetched_at": [pd.Timestamp("2026-06-15 11:05:00")],
            "release_time": ["2026-04-30T05:00:00Z"],
            "last_period": ["2025M08"],
            "n_rows": [11916],
            "last_error": [None],
        }
    )
    row = localized(frame, FRESHNESS_COLUMNS, "fi").iloc[0].tolist()
    assert row == [
        "tyottomyysaste", "15.6.2026 klo 14.05", "30.4.2026", "elokuu 2025", "11\u00a0916", "–",
    ]  # fmt: skip
