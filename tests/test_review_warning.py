"""The review warning of the indicator page, for every mittari with a series — a manual,
irregular survey included: the next value's date, "overdue" once that date has passed (never
a "next value" date in the past), and the no-update-before-the-review warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from mittaristo.config.load import load_config
from mittaristo.i18n import t
from mittaristo.scorecard import build_scorecard
from ui.views import review_warning

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT)
TOWN, USE = "pieksamaki", "tyohyvinvointikyselyt"  # the staff survey: manual, irregular


def survey_row(today: dt.date):
    frame = pd.DataFrame(
        [("henkilosto_tyotyytyvaisyys", "KU593", p, v) for p, v in (("2020", 3.6), ("2022", 3.8))],
        columns=["indicator_id", "region", "period", "value"],
    )
    rows = build_scorecard(CONFIG, TOWN, frame, today)
    return next(r for r in rows if r.use.id == USE)


def test_a_manual_survey_gets_its_next_value_date_from_its_reporting_interval():
    # the strategy reports it every 12 months: 31.12.2022 + 2 months' lag + 12 = 29.2.2024
    today = dt.date(2023, 6, 1)
    lines = review_warning(survey_row(today), CONFIG.strategies[TOWN], "fi", today)
    assert lines[0] == t("next_value", "fi", date="29.2.2024")


def test_a_passed_date_is_an_overdue_value_not_a_next_value():
    today = dt.date(2026, 12, 2)
    lines = review_warning(survey_row(today), CONFIG.strategies[TOWN], "fi", today)
    assert lines[0] == t("value_overdue", "fi", date="29.2.2024")
    assert t("next_value", "fi", date="29.2.2024") not in lines
