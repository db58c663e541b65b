"""`new-town`: a valid starter strategy for any current municipality, defaults from the council
term, peers by similarity, never over an existing file; the dashboard lists the new town."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import streamlit as st
import yaml
from streamlit.testing.v1 import AppTest

from loaders.cli import main
from mittaristo import newtown, reference
from mittaristo.config.load import load_config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "indicators.yaml", tmp_path / "indicators.yaml")
    shutil.copytree(ROOT / "strategies", tmp_path / "strategies")
    return tmp_path


def run(config_dir: Path, *args: str) -> int:
    return main(
        [
            "new-town",
            *args,
            "--config-dir",
            str(config_dir),
            "--db",
            str(config_dir / "none.duckdb"),
        ]
    )


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (dt.date(2021, 8, 1), dt.date(2021, 8, 1), dt.date(2025, 5, 31)),
        (dt.date(2025, 5, 31), dt.date(2021, 8, 1), dt.date(2025, 5, 31)),
        (dt.date(2025, 6, 1), dt.date(2025, 6, 1), dt.date(2029, 5, 31)),
        (dt.date(2026, 12, 2), dt.date(2025, 6, 1), dt.date(2029, 5, 31)),
        (dt.date(2029, 6, 1), dt.date(2029, 6, 1), dt.date(2033, 5, 31)),
    ],
)
def test_council_term(today, start, end):
    assert newtown.council_term(today) == newtown.Term(start, end)


def test_defaults_follow_the_shipped_strategies_conventions():
    term = newtown.council_term(dt.date(2022, 3, 1))
    assert newtown.default_period(term) == (2022, 2025)  # Kemi, Pieksämäki's plan
    reviews = newtown.default_reviews((2022, 2025), term, dt.date(2022, 3, 1))
    # Heinola's and Pieksämäki's mid-term placeholder, the end of the period's last year
    assert reviews == {"adoption": dt.date(2022, 3, 1), "mid_term": dt.date(2023, 11, 30),
                       "end": dt.date(2025, 12, 31)}  # fmt: skip
    late = newtown.default_reviews((2022, 2025), term, dt.date(2024, 2, 1))
    assert "mid_term" not in late  # adopted after the halfway point: no mid-term review before it


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Helsinki", "helsinki"), ("Mänttä-Vilppula", "mantta-vilppula"), ("Pedersöre", "pedersore"),
     ("Koski Tl", "koski-tl"), ("Maarianhamina", "maarianhamina")],
)  # fmt: skip
def test_town_slug(name, slug):
    assert newtown.town_slug(name) == slug


@pytest.mark.parametrize("given", ["KU091", "091", "91", "Helsinki", "helsingfors", " ku091 "])
def test_any_way_of_naming_helsinki(given):
    assert newtown.resolve_municipality(given) == ("KU091", "")


def test_merged_unknown_and_misspelt_municipalities_are_refused_with_a_hint():
    code, hint = newtown.resolve_municipality("KU911")
    assert code is None and "Nurmes" in hint and "KU541" in hint  # Valtimo, merged 2020
    code, hint = newtown.resolve_municipality("KU999")
    assert code is None and "KU999" in hint
    code, hint = newtown.resolve_municipality("Helsinkki")
    assert code is None and "Helsinki (KU091)" in hint


def test_new_town_writes_a_file_validate_accepts(config_dir, capsys):
    assert run(config_dir, "KU091") == 0
    out = capsys.readouterr().out
    path = config_dir / "strategies" / "helsinki.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    assert (data["town"], data["municipality"]) == ("helsinki", "KU091")
    assert data["name"] == {"fi": "Helsinki", "sv": "Helsingfors", "en": "Helsinki"}
    term = newtown.council_term(dt.date.today())
    assert data["period"] == {"start": term.start.year + 1, "end": term.end.year}
    # Peers from the recorded key figures (no database): the other big cities, Espoo nearest.
    assert len(data["peers"]) == 6 and data["peers"][0] == "KU049"
    assert {"KU092", "KU837"} <= set(data["peers"])  # Vantaa, Tampere
    assert all(p in reference.municipalities() for p in data["peers"])
    config = load_config(config_dir)
    strategy = config.strategies["helsinki"]
    ids = {use.indicator for _, _, use in strategy.indicator_uses()}
    assert {
        "vakiluku",
        "tyottomat_pct_tyovoimasta",
        "vuosikate_per_asukas",
        "co2_paastot_per_asukas",
    } <= ids
    assert {use.target.kind for _, _, use in strategy.indicator_uses()} == {"followed"}
    assert "Espoo (KU049)" in out and "strategy-template --town helsinki" in out
    assert main(["validate", "--config-dir", str(config_dir)]) == 0


def test_flags_answer_every_question(config_dir):
    code = run(config_dir, "Pedersöre", "--slug", "pedersore", "--period", "2026-2029", "--adoption", "2026-02-16",
               "--mid-term", "none", "--end-review", "2029-05-31", "--peers", "KU049, KU092")  # fmt: skip
    assert code == 0
    data = yaml.safe_load((config_dir / "strategies" / "pedersore.yaml").read_text("utf-8"))
    # the Swedish name found it; the names are the classification's (fi "Pedersören kunta")
    assert data["name"] == {"fi": "Pedersören kunta", "sv": "Pedersöre", "en": "Pedersöre"}
    assert data["municipality"] == "KU599"
    assert data["period"] == {"start": 2026, "end": 2029}
    assert data["reviews"] == {"adoption": dt.date(2026, 2, 16), "end": dt.date(2029, 5, 31)}
    assert data["peers"] == ["KU049", "KU092"]


def test_bad_answers_are_refused(config_dir, capsys):
    assert run(config_dir, "KU091", "--period", "2029-2026") == 2
    assert run(config_dir, "KU091", "--adoption", "16.2.") == 2
    assert run(config_dir, "KU091", "--peers", "KU999") == 1  # the check refuses an unknown peer
    assert not (config_dir / "strategies" / "helsinki.yaml").exists()
    assert run(config_dir, "KU911") == 1
    assert "KU541" in capsys.readouterr().err


def test_an_existing_town_file_is_kept_without_force(config_dir, capsys):
    path = config_dir / "strategies" / "heinola.yaml"
    before = path.read_bytes()
    assert run(config_dir, "KU111") == 1
    assert "--force" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert run(config_dir, "KU111", "--force") == 0
    assert path.read_bytes() != before
    assert load_config(config_dir).strategies["heinola"].municipality == "KU111"


def test_the_same_municipality_under_another_slug_is_refused(config_dir, capsys):
    assert run(config_dir, "KU111", "--slug", "heinola2") == 1
    assert "already has a strategy file" in capsys.readouterr().err
    assert not (config_dir / "strategies" / "heinola2.yaml").exists()


# ------------------------------------------------------------------ the dashboard


def test_the_dashboard_lists_helsinki_with_its_suggested_peers(config_dir, demo_db, tmp_path):
    assert run(config_dir, "KU091") == 0
    peers = load_config(config_dir).strategies["helsinki"].peers
    names = [reference.area_name(p) for p in peers]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MITTARISTO_CONFIG_DIR", str(config_dir))
        mp.setenv("MITTARISTO_DB", str(demo_db))
        mp.setenv("MITTARISTO_EDITS_DB", str(tmp_path / "edits.duckdb"))
        st.cache_data.clear()
        st.cache_resource.clear()
        try:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["kunta"] = "helsinki"
            at.run()
            assert not at.exception, at.exception
            town = at.sidebar.selectbox(key="kunta")
            assert "Helsinki" in town.options and town.value == "helsinki"
            assert [t.value for t in at.title] == ["Helsinki: strategian tilannekuva"]
            at.switch_page("pages/compare.py").run()
            assert not at.exception, at.exception
            assert "Samankaltaiset kunnat" in [h.value for h in at.header]
            table = next(el.value for el in at.table if "Verrokki" in el.value.columns)
            marked = list(table[table["Verrokki"] == "verrokki"]["Kunta"])
            assert marked == names  # the suggested peers, most similar first, marked
            assert list(table["Sija"])[:6] == [1, 2, 3, 4, 5, 6]
            chart = next(c for c in at.get("plotly_chart") if c.key == "ranking_chart")
            bar = json.loads(chart.proto.spec)["data"][0]
            assert set(bar["y"]) == {"Helsinki", *names}  # the peer group by default
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()
