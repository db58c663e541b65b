"""Action statuses start as "not reported" (issue 14 point 6).

The shipped strategies keep a `status:` only where the strategy document states one (none of the
four does), so every action starts as "not reported" — on every page, summary, snapshot and
export, never as "not started" — until an editor reports its status in the app.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from apptest_helpers import app_environment, open_page, page_html
from test_pages import table_rows

from mittaristo import edits
from mittaristo.config.load import load_config
from mittaristo.config.model import Action
from mittaristo.edits import EDITABLE_STATUSES, EFFECTIVE_STATUSES, Editor, InvalidEdit
from mittaristo.i18n import t
from reports.common import ACTION_STYLES, action_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CONFIG = load_config(ROOT)
TOWNS = sorted(CONFIG.strategies)
ANNA = Editor("Anna Virtanen", "password")

# (town, action id) → (seed file, the document's words that state the status). Empty: none of
# the four documents states an action's status (their "jatkuva" / "Jatkuvaa toimintaa" /
# "v.2021-2025" is the schedule column, kept in `schedule.text`).
DOCUMENT_STATUSES: dict[tuple[str, str], tuple[str, str]] = {}
# Every action of the four documents, as encoded (so a lost action fails too).
ACTION_COUNTS = {"heinola": 34, "kemi": 130, "lieksa": 51, "pieksamaki": 23}


def _yaml_actions(node: object):
    """Every mapping under an `actions:` key of a strategy file, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "actions" and isinstance(value, list):
                yield from (a for a in value if isinstance(a, dict))
            else:
                yield from _yaml_actions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _yaml_actions(item)


@pytest.mark.parametrize("town", TOWNS)
def test_the_shipped_yaml_has_no_action_status_the_document_does_not_give(town):
    raw = yaml.safe_load((ROOT / "strategies" / f"{town}.yaml").read_text(encoding="utf-8"))
    actions = list(_yaml_actions(raw))
    assert len(actions) == ACTION_COUNTS[town]
    stated = {a["id"]: a["status"] for a in actions if "status" in a}
    allowed = {aid for (tw, aid) in DOCUMENT_STATUSES if tw == town}
    assert set(stated) <= allowed, f"statuses the document does not give: {sorted(stated)[:5]}"


def test_a_kept_status_quotes_its_seed_document():
    """An exception must cite the document's words (checked against the seed text itself)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    for (town, action_id), (seed, quote) in DOCUMENT_STATUSES.items():
        text = " ".join((SEEDS / seed).read_text(encoding="utf-8").split())
        assert " ".join(quote.split()) in text, (town, action_id)
        ids = {a.id for _, _, a in CONFIG.strategies[town].actions()}
        assert action_id in ids


@pytest.mark.parametrize("town", TOWNS)
def test_every_shipped_action_starts_not_reported_and_is_never_judged_late(town):
    strategy = CONFIG.strategies[town]
    rows = edits.action_rows(strategy, {}, dt.date(2040, 1, 1))  # long after every schedule
    assert len(rows) == ACTION_COUNTS[town]
    assert {r.status for r in rows} == {"not_reported"}


def test_not_reported_is_the_models_default_and_not_an_editors_choice(tmp_path):
    assert Action(id="a", text="Tee").status == "not_reported"
    assert "not_reported" in EFFECTIVE_STATUSES and "not_reported" not in EDITABLE_STATUSES
    path = tmp_path / "edits.duckdb"
    with pytest.raises(InvalidEdit):
        edits.set_action_status("kemi", "a", "not_reported", editor=ANNA, path=path)
    edits.set_action_status(
        "kemi", "a", "in_progress", editor=ANNA, path=path, config_status="not_reported"
    )
    [entry] = edits.audit_log(entity="action_status", path=path)
    assert (entry.old["status"], entry.new["status"]) == ("not_reported", "in_progress")


@pytest.mark.parametrize(
    ("lang", "words"), [("fi", "Ei raportoitu"), ("sv", "Ej rapporterad"), ("en", "Not reported")]
)
def test_not_reported_reads_not_reported_in_every_language(lang, words):
    assert t("action_not_reported", lang) == words
    assert t("action_not_reported", lang) != t("action_not_started", lang)
    assert action_text("not_reported", lang) == f"{ACTION_STYLES['not_reported'].symbol} {words}"
    assert ACTION_STYLES["not_reported"].symbol != ACTION_STYLES["not_started"].symbol
    for status in EFFECTIVE_STATUSES:  # every status an export can meet has a style and a label
        assert action_text(status, lang).endswith(t(f"action_{status}", lang))


def test_a_snapshot_freezes_not_reported(tmp_path):
    snap = edits.take_snapshot(
        CONFIG, "lieksa", "KH 1/2026", "meeting", editor=ANNA,
        db_path=tmp_path / "none.duckdb", path=tmp_path / "edits.duckdb",
        today=dt.date(2026, 3, 1),
    )  # fmt: skip
    assert len(snap.actions) == ACTION_COUNTS["lieksa"]
    assert set(snap.actions.values()) == {"not_reported"}
    stored = edits.get_snapshot(snap.id, path=tmp_path / "edits.duckdb")
    assert set(stored.actions.values()) == {"not_reported"}


# ---------------------------------------------------------------- the pages (AppTest)


@pytest.fixture(scope="module")
def app_env(demo_db, tmp_path_factory):
    with app_environment(demo_db, tmp_path_factory.mktemp("edits") / "edits.duckdb"):
        yield


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_actions_page_shows_not_reported_never_not_started(app_env, lang):
    at = open_page("pages/actions.py", params={"kunta": "kemi", "lang": lang})
    page = page_html(at)
    label = f"<strong>{t('action_not_reported', lang)}</strong>"
    assert page.count(label) == ACTION_COUNTS["kemi"]
    assert f"<strong>{t('action_not_started', lang)}</strong>" not in page
    assert t("action_in_progress", lang) not in page
    at.selectbox(key="actions_status").set_value("not_started").run()
    assert t("action_not_reported", lang) not in page_html(at)
    at.selectbox(key="actions_status").set_value("not_reported").run()
    assert page_html(at).count(label) == ACTION_COUNTS["kemi"]


def test_the_lieksa_overview_counts_every_action_as_not_reported(app_env):
    at = open_page("pages/overview.py", params={"kunta": "lieksa"})
    rows = table_rows(page_html(at))
    head = rows[0]
    col = head.index(t("action_not_reported", "fi"))
    started = head.index(t("action_not_started", "fi"))
    body = [r for r in rows[1:] if len(r) == len(head)]
    assert body and sum(int(r[-1]) for r in body) == ACTION_COUNTS["lieksa"]
    assert all(r[col] == r[-1] and r[started] == "0" for r in body)
