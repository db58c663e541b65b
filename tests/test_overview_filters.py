"""The overview's SDG and vastuu (department) filters, in Streamlit's AppTest on the shipped towns.

Which mittarit a choice must leave is computed here from the strategy YAML itself (plain
yaml.safe_load, not the app's model or lookup), so a filter that leaves the wrong rows fails.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from apptest_helpers import app_environment
from strategy_yaml import yaml_mittarit
from streamlit.testing.v1 import AppTest

from mittaristo.i18n import t
from ui.components import esc

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


@pytest.fixture(scope="module", autouse=True)
def app_env(demo_db, tmp_path_factory):
    with app_environment(demo_db, tmp_path_factory.mktemp("edits") / "edits.duckdb"):
        yield


def open_overview(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def shown_texts(at: AppTest) -> list[str]:
    html = "\n".join(m.value for m in at.markdown)
    return sorted(re.findall(r"<tr><th scope=\"row\"><a [^>]*>([^<]*)</a>", html))


def test_kemi_sdg_and_department_filters_leave_exactly_the_tagged_mittarit():
    mittarit = yaml_mittarit("kemi")
    total = len(mittarit)
    counts = Counter(n for m in mittarit for n in m["sdg"])
    goal = min(counts, key=lambda n: (counts[n], n))  # the rarest tag: a sharp test
    at = open_overview(kunta="kemi")
    sdg_box = at.multiselect(key="overview_sdg_kemi")
    assert sdg_box.label == t("overview_filter_sdg", "fi")
    assert sdg_box.options == [t("sdg_option", "fi", n=n) for n in sorted(counts)]
    sdg_box.set_value([goal]).run()
    assert not at.exception, at.exception
    expected = [esc(m["text"]) for m in mittarit if goal in m["sdg"]]
    assert 0 < len(expected) < total
    assert shown_texts(at) == sorted(expected)
    assert t("overview_shown", "fi", shown=len(expected), total=total) in [
        c.value for c in at.caption
    ]

    sdg_box.set_value([]).run()
    department = "Perusturvatoimiala"
    owner_box = at.multiselect(key="overview_owner_kemi")
    assert owner_box.label == t("overview_filter_owner", "fi")
    assert department in owner_box.options
    owner_box.set_value([department]).run()
    expected = [esc(m["text"]) for m in mittarit if m["department"] == department]
    assert 0 < len(expected) < total
    assert shown_texts(at) == sorted(expected)
    assert t("overview_shown", "fi", shown=len(expected), total=total) in [
        c.value for c in at.caption
    ]

    # both together: the mittarit of the department that carry one of its SDG tags
    tags = sorted({n for m in mittarit if m["department"] == department for n in m["sdg"]})
    at.multiselect(key="overview_sdg_kemi").set_value([tags[0]]).run()
    both = [
        esc(m["text"]) for m in mittarit if m["department"] == department and tags[0] in m["sdg"]
    ]
    assert shown_texts(at) == sorted(both)
    assert t("overview_shown", "fi", shown=len(both), total=total) in [c.value for c in at.caption]


def test_heinola_has_no_sdg_filter_and_pieksamaki_only_the_owner_filter_in_swedish():
    at = open_overview(kunta="heinola")
    assert [m.key for m in at.multiselect] == ["overview_status"]
    assert t("overview_filter_sdg", "fi") not in [m.label for m in at.multiselect]
    assert not any(m["sdg"] for m in yaml_mittarit("heinola"))  # no tags in the document

    at = open_overview(kunta="pieksamaki", lang="sv")
    assert [m.label for m in at.multiselect] == [
        t("overview_filter", "sv"),
        t("overview_filter_owner", "sv"),
    ]
    assert at.multiselect(key="overview_owner_pieksamaki").options == list(
        dict.fromkeys(m["department"] for m in yaml_mittarit("pieksamaki") if m["department"])
    )
    assert not [c.value for c in at.caption if "/" in c.value and "mätare" in c.value]


def test_lieksa_without_mittarit_offers_no_filter():
    at = open_overview(kunta="lieksa")
    assert not at.multiselect


def test_filters_follow_the_url_so_a_shared_link_shows_the_same_rows():
    """?sdg=…&vastuu=… opens with those filters chosen and those rows; choosing in the page writes
    the URL; a value the town does not have is dropped with a warning, never a traceback."""
    mittarit = yaml_mittarit("kemi")
    department = "Perusturvatoimiala"
    tags = sorted({n for m in mittarit if m["department"] == department for n in m["sdg"]})
    at = open_overview(kunta="kemi", sdg=str(tags[0]), vastuu=department)
    assert at.multiselect(key="overview_sdg_kemi").value == [tags[0]]
    assert at.multiselect(key="overview_owner_kemi").value == [department]
    expected = [
        esc(m["text"]) for m in mittarit if m["department"] == department and tags[0] in m["sdg"]
    ]
    assert shown_texts(at) == sorted(expected)
    assert not at.warning

    other = next(m["department"] for m in mittarit if m["department"] not in ("", department))
    at.multiselect(key="overview_owner_kemi").set_value([department, other]).run()
    assert at.query_params["vastuu"] in (f"{department}|{other}", [f"{department}|{other}"])
    at.multiselect(key="overview_sdg_kemi").set_value([]).run()
    assert "sdg" not in at.query_params
    assert shown_texts(at) == sorted(
        esc(m["text"]) for m in mittarit if m["department"] in (department, other)
    )

    at = open_overview(kunta="kemi", sdg="99|x", vastuu=department)
    assert at.multiselect(key="overview_sdg_kemi").value == []
    assert at.multiselect(key="overview_owner_kemi").value == [department]
    assert at.warning and not at.exception


def test_the_status_filter_follows_the_url_in_swedish():
    at = open_overview(kunta="heinola", lang="sv", tila="off_track|missed")
    assert at.multiselect(key="overview_status").value == ["off_track", "missed"]
    shown, total = len(shown_texts(at)), len(yaml_mittarit("heinola"))
    assert shown < total
    assert t("overview_shown", "sv", shown=shown, total=total) in [c.value for c in at.caption]


def test_choosing_another_town_drops_the_town_specific_filters_without_a_warning():
    at = open_overview(kunta="kemi", sdg="3", vastuu="Perusturvatoimiala", tila="off_track")
    at.selectbox(key="kunta").set_value("pieksamaki").run()
    assert not at.exception, at.exception
    assert not at.warning
    assert "sdg" not in at.query_params and "vastuu" not in at.query_params
    assert at.multiselect(key="overview_owner_pieksamaki").value == []
    assert at.multiselect(key="overview_status").value == ["off_track"]  # a status is no town's
