"""Small texts of the pages: the next review date that decides the "no new value" warning."""

import datetime as dt
from pathlib import Path

from mittaristo.config.load import load_config
from ui.views import next_review

ROOT = Path(__file__).resolve().parents[1]


def test_next_review_is_the_first_meeting_or_review_after_today():
    kemi = load_config(ROOT).strategies["kemi"]
    assert next_review(kemi, dt.date(2022, 1, 1)) == min(kemi.reviews.meetings)
    assert next_review(kemi, dt.date(2023, 12, 1)) == kemi.reviews.mid_term
    assert next_review(kemi, dt.date(2030, 1, 1)) is None
