"""Toteuma in the app (issue 14 point 5, its acceptance line): an editor marks a real Kemi
milestone done on the indicator page; the overview, the indicator page, the next snapshot and
the XLSX export show it, and the audit log has the edit. Viewers get no write control."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from mittaristo import edits, store
from mittaristo.config.load import load_config
from mittaristo.i18n import t
from mittaristo.presentation import status_label
from mittaristo.status import Status
from reports.build import build_report

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
PASSWORD, SALT = "kemin toimittaja", "beef"
SECRETS = {"editors": {"password_sha256": edits.hash_password(PASSWORD, SALT), "salt": SALT}}
# strategies/kemi.yaml: Elinvoimainen kaupunki · ympäristötoimiala's "Valmis suunnitelma."
# (milestone "Tavoiteorganisaation suunnitelma valmis", by 2022): not reported until an editor says.
MILESTONE = "ek-ymp-kuntatalous-suunnitelma"
CONFIG = load_config(ROOT)
CONFIG_INDICATORS = {u.id: u.indicator for _, _, u in CONFIG.strategies["kemi"].indicator_uses()}
CONFIG_USES = {u.id: u.text for _, _, u in CONFIG.strategies["kemi"].indicator_uses()}
AUTOMATIC = next(  # a Kemi mittari whose values come from statistics: no Toteuma form at all
    u.id
    for _, _, u in CONFIG.strategies["kemi"].indicator_uses()
    if u.indicator and CONFIG.catalog.by_id()[u.indicator].is_automatic
)
SENTENCE = "Suunnitelma hyväksyttiin ympäristölautakunnassa."


@pytest.fixture
def app_env(demo_db, tmp_path, monkeypatch):
    edits_db = tmp_path / "edits.duckdb"
    monkeypatch.setenv("MITTARISTO_DB", str(demo_db))
    monkeypatch.setenv("MITTARISTO_EDITS_DB", str(edits_db))
    monkeypatch.delenv("MITTARISTO_CONFIG_DIR", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield demo_db, edits_db
    st.cache_data.clear()
    st.cache_resource.clear()


def open_indicator(mittari: str, secrets: dict | None = None) -> AppTest:
    """Kemi's overview (?kunta=kemi), then its indicator page with the mittari chosen."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.query_params["kunta"] = "kemi"
    at.run()
    at.session_state["mittari"] = mittari
    at.switch_page("pages/indicator.py").run()
    assert not at.exception, at.exception
    return at


def as_in_the_browser(at: AppTest, mittari: str) -> AppTest:
    """After a save or a sign-in the page calls st.rerun(); a browser reruns with its URL
    (?kunta=kemi&mittari=…) but AppTest's rerun has no query string, so the app falls back to
    its first town. Run again with the URL the browser keeps."""
    at.query_params["kunta"] = "kemi"
    at.query_params["mittari"] = mittari
    at.run()
    assert not at.exception, at.exception
    assert [x.value for x in at.title] == [CONFIG_USES[mittari]]
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def save_button_labels() -> set[str]:
    return {t(k, "fi") for k in ("toteuma.form_save", "toteuma.form_value_save")}


def test_a_viewer_sees_no_toteuma_form(app_env):
    for mittari in (MILESTONE, "ek-ymp-kuntatalous-ta", AUTOMATIC):
        at = open_indicator(mittari)
        assert [x.value for x in at.title] == [CONFIG_USES[mittari]]
        assert not at.text_area and not at.radio and not at.get("date_input")
        assert not {b.label for b in at.button} & save_button_labels()
        assert t("toteuma.form_title", "fi") not in [h.value for h in at.header]
        # a milestone says nobody has reported; a mittari with a value expects no report
        assert (t("toteuma.none", "fi") in markdown(at)) == (mittari == MILESTONE)


def test_an_editor_marks_a_kemi_milestone_done_and_every_view_shows_it(app_env):
    demo_db, edits_db = app_env
    at = open_indicator(MILESTONE, SECRETS)
    assert [x.value for x in at.title] == [CONFIG_USES[MILESTONE]]
    assert t("status_not_reported", "fi") in markdown(at)  # deadline 2022 passed
    at.sidebar.text_input(key="editor_login_name").input("Anna Virtanen")
    at.sidebar.text_input(key="editor_login_password").input(PASSWORD)
    button(at, t("login_button", "fi")).click().run()
    as_in_the_browser(at, MILESTONE)
    assert t("toteuma.form_title", "fi") in [h.value for h in at.header]

    at.radio(key=f"toteuma_state_{MILESTONE}").set_value("done")
    at.date_input(key=f"toteuma_done_on_{MILESTONE}").set_value(dt.date(2022, 11, 15))
    at.date_input(key=f"toteuma_reported_on_{MILESTONE}").set_value(dt.date(2022, 11, 21))
    at.text_area(key=f"toteuma_text_{MILESTONE}").input(SENTENCE)
    button(at, t("toteuma.form_save", "fi")).click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any(t("toteuma.saved", "fi") in s.value and SENTENCE in s.value for s in at.success)
    as_in_the_browser(at, MILESTONE)

    # the indicator page: achieved, done on its date, the sentence and who reported it
    page = markdown(at)
    assert t("status_achieved", "fi") in page and t("status_not_reported", "fi") not in page
    assert "Valmis 15.11.2022" in page and SENTENCE in page and "Anna Virtanen" in page
    # the status sentence is the engine's, on the report: done on the date, within the deadline
    assert "”Tavoiteorganisaation suunnitelma valmis” valmistui 15.11.2022" in page

    # the audit log has the edit: who, how, the report
    (entry,) = edits.audit_log(entity="mittari_report", path=edits_db)
    assert (entry.editor, entry.method, entry.key) == (
        "Anna Virtanen",
        "password",
        f"kemi:{MILESTONE}",
    )
    assert entry.old is None
    assert (entry.new["state"], entry.new["done_on"], entry.new["text"]) == (
        "done", "2022-11-15", SENTENCE,
    )  # fmt: skip

    # the overview row: the status and the report under it
    at.switch_page("pages/overview.py").run()
    assert not at.exception, at.exception
    row = next(line for line in markdown(at).split("</tr>") if f"mittari={MILESTONE}" in line)
    assert t("status_achieved", "fi") in row
    assert "Valmis 15.11.2022" in row and "Anna Virtanen" in row

    # the next snapshot freezes the report-based status and the report itself
    config = CONFIG
    snap = edits.take_snapshot(
        config, "kemi", "KH 12/2026", "meeting", editor=edits.Editor("Sihteeri", "cli"),
        db_path=demo_db, path=edits_db,
    )  # fmt: skip
    frozen = edits.get_snapshot(snap.id, path=edits_db).row(MILESTONE)
    assert frozen is not None and frozen.status == "achieved"
    assert frozen.inputs["report"]["text"] == SENTENCE
    assert frozen.inputs["report"]["done_on"] == "2022-11-15"
    assert frozen.inputs["report"]["reported_by"] == "Anna Virtanen"
    assert "15.11.2022" in frozen.explanation["fi"]

    # the Kemi XLSX export: the status and the editor's report on the mittari's row
    out = build_report(
        "kemi", "xlsx", "fi", edits_db.parent / "kemi.xlsx",
        config=config, db_path=demo_db, edits_path=edits_db,
    )  # fmt: skip
    book = openpyxl.load_workbook(out)
    ws = book[t("report_sheet_scorecard", "fi")]
    header = next(r for r in ws.iter_rows(values_only=True) if t("col_status", "fi") in r)
    status_col = header.index(t("col_status", "fi"))
    report_col = header.index(t("toteuma.column", "fi"))
    (line,) = [
        r
        for r in ws.iter_rows(values_only=True)
        if r[report_col] and SENTENCE in str(r[report_col])
    ]
    assert line[status_col] == status_label(Status.ACHIEVED, "fi")
    assert "Valmis 15.11.2022" in line[report_col] and "Anna Virtanen" in line[report_col]

    # Kemi's own table (goal × department, point 7): the Toteuma cell of the mittari's row has
    # the status word and the editor's report
    plan = book[t("plan_sheet", "fi")]
    head = next(r for r in plan.iter_rows(values_only=True) if t("plan_col_toteuma", "fi") in r)
    toteuma = head.index(t("plan_col_toteuma", "fi"))
    (cell,) = [
        r[toteuma]
        for r in plan.iter_rows(values_only=True)
        if r[toteuma] and SENTENCE in str(r[toteuma])
    ]
    assert t("status_achieved", "fi") in cell and "15.11.2022" in cell


ASSESSED = "ek-kv-vihrea-auditoinnit"  # Kemi, "Auditointiraportit": followed, no series
MANUAL = "ek-kv-vihrea-sertifioidut"  # Kemi, "Sertifioidut uudet yksiköt x kpl": a manual value


def signed_in(mittari: str) -> AppTest:
    at = open_indicator(mittari, SECRETS)
    at.sidebar.text_input(key="editor_login_name").input("Ville Editori")
    at.sidebar.text_input(key="editor_login_password").input(PASSWORD)
    button(at, t("login_button", "fi")).click().run()
    return as_in_the_browser(at, mittari)


def test_an_editor_records_a_qualitative_assessment_with_a_judgement(app_env):
    _, edits_db = app_env
    at = signed_in(ASSESSED)
    assert not at.radio  # no milestone states for a qualitative mittari
    button(at, t("toteuma.form_save", "fi")).click().run()  # no text: refused in words
    assert [e.value for e in at.error] == [t("toteuma.needs_text", "fi")]
    assert edits.audit_log(path=edits_db) == []
    at.text_area(key=f"toteuma_text_{ASSESSED}").input("Kaksi auditointia tehty.")
    at.selectbox(key=f"toteuma_judgement_{ASSESSED}").set_value("on_track")
    at.text_input(key=f"toteuma_period_{ASSESSED}").input("2026")
    button(at, t("toteuma.form_save", "fi")).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at = as_in_the_browser(at, ASSESSED)
    page = markdown(at)
    assert t("status_on_track", "fi") in page  # the editor's judgement is the status
    assert "Arvio: ↗ Oikealla uralla (kausi 2026): ”Kaksi auditointia tehty.”" in page
    assert "Ville Editori" in page
    (entry,) = edits.audit_log(entity="mittari_report", path=edits_db)
    assert (entry.new["state"], entry.new["judgement"], entry.new["period"]) == (
        "assessment", "on_track", "2026",
    )  # fmt: skip


def test_an_editor_enters_a_manual_value_through_the_manual_values_path(
    app_env, tmp_path, monkeypatch
):
    demo_db, edits_db = app_env
    db = tmp_path / "stats.duckdb"  # the value is written: a copy, not the session's demo DB
    shutil.copy(demo_db, db)
    monkeypatch.setenv("MITTARISTO_DB", str(db))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = signed_in(MANUAL)
    assert t("toteuma.none", "fi") not in markdown(at)  # a value, not a report, is expected
    at.text_input(key=f"toteuma_value_{MANUAL}").input("kolme")
    at.text_input(key=f"toteuma_value_period_{MANUAL}").input("2026")
    button(at, t("toteuma.form_value_save", "fi")).click().run()
    assert [e.value for e in at.error] == [t("toteuma.needs_value", "fi")]
    at.text_input(key=f"toteuma_value_{MANUAL}").input("7")
    at.text_input(key=f"toteuma_value_period_{MANUAL}").input("2026")
    at.text_input(key=f"toteuma_source_note_{MANUAL}").input("Ympäristöpalvelujen rekisteri")
    button(at, t("toteuma.form_value_save", "fi")).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("7" in s.value and "2026" in s.value for s in at.success)
    at = as_in_the_browser(at, MANUAL)
    indicator = CONFIG_INDICATORS[MANUAL]
    points = store.series_rows_for_indicators(db, [indicator], ["KU240"]).points(indicator, "KU240")
    assert ("2026", 7.0, None) in list(points)
    assert any("Ympäristöpalvelujen rekisteri" in c.value for c in at.caption)  # the source note
    (entry,) = edits.audit_log(entity="manual_values", path=edits_db)
    assert entry.key == f"kemi:{indicator}:2026" and entry.editor == "Ville Editori"
    assert (entry.new["value"], entry.new["rows"]) == ("7", 1)
    assert edits.audit_log(entity="mittari_report", path=edits_db) == []
