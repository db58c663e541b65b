"""The Actions and Review pages in Streamlit's AppTest: lists, filters, snapshots, comparison,
no edit controls without auth, and a password-signed-in editor whose note is saved and audited."""

from __future__ import annotations

import pytest
import streamlit as st
from apptest_helpers import open_page
from apptest_helpers import page_html as html
from review_fixtures import POPULATION, TOWN, UNEMPLOYMENT, write_config, write_run
from streamlit.testing.v1 import AppTest

from mittaristo import edits
from mittaristo.edits import Editor

PASSWORD, SALT = "oikein hyvä salasana", "f00d"


@pytest.fixture
def paths(tmp_path, monkeypatch):
    config = write_config(tmp_path / "config")
    db, edits_db = tmp_path / "stats.duckdb", tmp_path / "edits.duckdb"
    write_run(db, POPULATION, UNEMPLOYMENT)
    monkeypatch.setenv("MITTARISTO_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MITTARISTO_DB", str(db))
    monkeypatch.setenv("MITTARISTO_EDITS_DB", str(edits_db))
    st.cache_data.clear()
    st.cache_resource.clear()
    return config, db, edits_db


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_actions_page_lists_actions_and_filters_work(paths):
    at = open_page("pages/actions.py")
    page = html(at)
    for text in (
        "Yrityspalvelujen uudistus",
        "Markkinointikampanja",
        "Liikuntasuunnitelman laatiminen",
    ):
        assert text in page
    assert (
        "Myöhässä" in page and "Sivistystoimiala" in page
    )  # late from the schedule; owner of the sub-goal
    at.selectbox(key="actions_status").set_value("late").run()
    assert "Yrityspalvelujen uudistus" in html(at) and "Markkinointikampanja" not in html(at)
    at.selectbox(key="actions_status").set_value("").run()
    at.selectbox(key="actions_goal").set_value("hyvinvointi").run()
    assert "Liikuntasuunnitelman laatiminen" in html(at) and "Yrityspalvelujen" not in html(at)
    at.selectbox(key="actions_goal").set_value("").run()
    at.selectbox(key="actions_owner").set_value("Viestintäpäällikkö").run()
    assert "Markkinointikampanja" in html(at) and "Yrityspalvelujen" not in html(at)
    assert not at.radio and not any(b.label == "Tallenna" for b in at.button)


def test_review_page_shows_snapshots_what_changed_and_a_comparison(paths):
    config, db, edits_db = paths
    cli = Editor("Sihteeri", "cli")
    edits.take_snapshot(config, TOWN, "KH kevät", "meeting", editor=cli, db_path=db, path=edits_db)
    edits.set_action_status(TOWN, "t2", "done", editor=cli, path=edits_db)
    write_run(db, POPULATION | {"2024": 1030.0}, UNEMPLOYMENT | {"2022": 9.5})
    edits.take_snapshot(config, TOWN, "KH syksy", "meeting", editor=cli, db_path=db, path=edits_db)
    at = open_page("pages/review.py")
    page = html(at)
    assert "KH kevät" in page and "KH syksy" in page and "Sihteeri" in page
    assert "Mitä muuttui edellisestä kokouksesta" in [h.value for h in at.header]
    newest, oldest = (s.id for s in edits.list_snapshots(TOWN, path=edits_db))
    at.selectbox(key="compare_old").set_value(oldest)
    at.selectbox(key="compare_new").set_value(newest).run()
    page = html(at)
    assert "Lähteen jälkikäteen korjaamat arvot" in page and "Valmistuneet toimenpiteet" in page
    assert "Markkinointikampanja" in page and "Uudet havainnot" in page


def test_without_auth_there_are_no_edit_controls(paths):
    for page in ("pages/review.py", "pages/actions.py"):
        at = open_page(page)
        assert not at.text_area and not at.radio
        assert not any(b.label in ("Tallenna", "Ota tilannekuva", "Kirjaudu") for b in at.button)
        assert "Muokkaajan kirjautuminen" not in [s.value for s in at.sidebar.subheader]


def test_unknown_snapshot_in_the_address_is_a_clear_message(paths):
    config, db, edits_db = paths
    edits.take_snapshot(
        config, TOWN, "KH", "meeting", editor=Editor("x", "cli"), db_path=db, path=edits_db
    )
    at = open_page("pages/review.py", params={"kuva": "999"})
    assert any("999" in w.value for w in at.warning)


def _login(at: AppTest, password: str) -> AppTest:
    at.sidebar.text_input(key="editor_login_name").input("Anna Virtanen")
    at.sidebar.text_input(key="editor_login_password").input(password)
    return button(at, "Kirjaudu").click().run()


SECRETS = {"editors": {"password_sha256": edits.hash_password(PASSWORD, SALT), "salt": SALT}}


def test_wrong_password_is_refused_without_echo(paths):
    at = _login(open_page("pages/review.py", secrets=SECRETS), "väärä salasana")
    assert any("Kirjautuminen epäonnistui" in e.value for e in at.error)
    assert not at.text_area  # still no note form
    everything = str([e.value for e in (*at.markdown, *at.error, *at.caption)])
    assert (
        "väärä salasana" not in everything
        and SECRETS["editors"]["password_sha256"] not in everything
    )


def test_signed_in_editor_adds_a_note_that_is_shown_escaped_and_audited(paths):
    _, _, edits_db = paths
    at = _login(open_page("pages/review.py", secrets=SECRETS), PASSWORD)
    assert not at.exception
    assert any("Anna Virtanen" in c.value for c in at.sidebar.caption)
    at.selectbox(key="review_use").set_value("tyottomyys").run()
    at.text_area(key="note_text").input("<script>alert(1)</script> Rakennemuutos")
    button(at, "Tallenna").click().run()
    assert not at.exception and any("Selitys tallennettu" in s.value for s in at.success)
    page = html(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Rakennemuutos" in page and "<script>" not in page
    [entry] = edits.audit_log(entity="note", path=edits_db)
    assert (entry.editor, entry.method) == ("Anna Virtanen", "password")
    assert entry.new["text"] == "<script>alert(1)</script> Rakennemuutos"


def test_signed_in_editor_changes_an_action_status(paths):
    _, _, edits_db = paths
    at = _login(open_page("pages/actions.py", secrets=SECRETS), PASSWORD)
    at.selectbox(key="edit_action_id").set_value("t1")  # form widgets: sent with the submit
    at.radio(key="edit_action_status").set_value("done")
    button(at, "Tallenna").click().run()
    assert not at.exception and any("Tila tallennettu" in s.value for s in at.success)
    [entry] = edits.audit_log(entity="action_status", path=edits_db)
    assert (entry.old["status"], entry.new["status"]) == ("not_started", "done")
    assert "Valmis" in html(at)
