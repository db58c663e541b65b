"""Toteuma reports (issue 14 point 5): the store, its refusals and audit, and the status they make."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from review_fixtures import TODAY, TOWN, write_review_env

from mittaristo import edits
from mittaristo.edits import EditNotAllowed, Editor, InvalidEdit
from mittaristo.scorecard import SERIES_COLUMNS, build_scorecard
from mittaristo.status import Report, Status

ANNA = Editor("Anna Virtanen", "password")


@pytest.fixture
def env(tmp_path):
    return write_review_env(tmp_path)


def test_reports_are_stored_oldest_first_and_audited_with_the_previous_one(env):
    config, _, path = env
    first = edits.record_report(
        path, editor=ANNA, town=TOWN, mittari_id="suunnitelma", state="in_progress",
        reported_on="2024-03-01", text="Luonnos lautakunnassa.", period="2024",
        strategy=config.strategies[TOWN], today=TODAY,
    )  # fmt: skip
    second = edits.record_report(
        path, editor=Editor("Ville", "oidc"), town=TOWN, mittari_id="suunnitelma",
        state="done", reported_on=dt.date(2024, 5, 20), done_on=dt.date(2024, 5, 14),
        text="Hyväksytty valtuustossa.", today=TODAY,
    )  # fmt: skip
    assert edits.mittari_reports(path, TOWN) == {
        "suunnitelma": [
            Report(dt.date(2024, 3, 1), "in_progress", None, None, "Luonnos lautakunnassa."),
            Report(dt.date(2024, 5, 20), "done", dt.date(2024, 5, 14), None,
                   "Hyväksytty valtuustossa."),
        ]
    }  # fmt: skip
    latest = edits.latest_reports(path, TOWN)["suunnitelma"]
    assert (latest.id, latest.reported_by, latest.period) == (second.id, "Ville", None)
    assert first.period == "2024"
    log = edits.audit_log(entity="mittari_report", key=f"{TOWN}:suunnitelma", path=path)
    assert [(e.editor, e.method) for e in log] == [("Anna Virtanen", "password"), ("Ville", "oidc")]
    assert log[0].old is None
    assert log[0].new["state"] == "in_progress" and log[0].new["reported_on"] == "2024-03-01"
    assert log[1].old["id"] == first.id and log[1].old["text"] == "Luonnos lautakunnassa."
    assert log[1].new["done_on"] == "2024-05-14" and log[1].new["reported_by"] == "Ville"
    assert edits.mittari_reports(path, "muu") == {}


def test_a_done_report_without_a_date_is_done_on_its_report_day(env):
    _, _, path = env
    item = edits.record_report(
        path, editor=ANNA, town=TOWN, mittari_id="suunnitelma", state="done",
        reported_on="2024-05-02", today=TODAY,
    )  # fmt: skip
    assert item.report.done_on == dt.date(2024, 5, 2) and item.report.text == ""


@pytest.mark.parametrize("editor", [None, "Anna", Editor(" ", "password"), Editor("X", "sso")])
def test_a_report_is_refused_without_an_editor_and_writes_nothing(env, editor):
    _, _, path = env
    with pytest.raises(EditNotAllowed):
        edits.record_report(
            path, editor=editor, town=TOWN, mittari_id="suunnitelma", state="done",
            reported_on="2024-05-02", today=TODAY,
        )  # fmt: skip
    assert not path.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"state": "finished"}, "unknown report state"),
        ({"town": " "}, "needs a town"),
        ({"mittari_id": ""}, "needs a town and a mittari"),
        ({"reported_on": "2.5.2024"}, "must be a date"),
        ({"reported_on": "2024-06-02"}, "not between 1990 and today"),
        ({"done_on": "2024-05-03"}, "on or before the report date"),
        ({"state": "in_progress", "done_on": "2024-05-01", "text": "x"}, "only a done report"),
        ({"state": "in_progress"}, "needs a sentence"),
        ({"state": "assessment", "text": "x", "judgement": "great"}, "unknown judgement"),
        ({"judgement": "achieved"}, "only an assessment"),
        ({"text": "x" * 1001}, "at most 1000"),
        ({"period": "x" * 21}, "period is at most"),
        ({"state": "assessment", "text": "Hyvä."}, "milestone report is one of"),
        ({"mittari_id": "vaesto"}, "its Toteuma is a value"),
        ({"mittari_id": "ei_ole"}, "has no mittari"),
    ],
)
def test_an_invalid_report_is_refused_and_writes_nothing(env, changes, message):
    config, _, path = env
    given = {
        "town": TOWN, "mittari_id": "suunnitelma", "state": "done", "reported_on": "2024-05-02",
        "strategy": config.strategies[TOWN], "today": TODAY,
    } | changes  # fmt: skip
    with pytest.raises(InvalidEdit, match=message):
        edits.record_report(path, editor=ANNA, **given)
    assert edits.audit_log(path=path) == []
    assert edits.mittari_reports(path, TOWN) == {}


def test_an_assessment_keeps_its_judgement(env):
    _, _, path = env
    edits.record_report(
        path, editor=ANNA, town=TOWN, mittari_id="tyytyvaisyys", state="assessment",
        reported_on="2024-04-30", judgement="on_track", text="Kyselyn mukaan paranee.",
        today=TODAY,
    )  # fmt: skip
    (report,) = edits.mittari_reports(path, TOWN)["tyytyvaisyys"]
    assert report.judgement is Status.ON_TRACK
    assert edits.audit_log(path=path)[0].new["judgement"] == "on_track"


def test_the_reports_judge_the_milestone_in_the_scorecard_and_the_snapshot_freezes_them(env):
    config, db, path = env
    before = edits.current_snapshot(config, TOWN, db_path=db, path=path, today=TODAY)
    assert (
        before.row("suunnitelma").status == "pending"
        and "report" not in before.row("suunnitelma").inputs
    )
    version = edits.edits_version(path)
    edits.record_report(
        path, editor=ANNA, town=TOWN, mittari_id="suunnitelma", state="late",
        reported_on="2024-04-02", text="Resurssit siirtyivät.", today=TODAY,
    )  # fmt: skip
    assert edits.edits_version(path) != version  # the app's cache key moves
    rows = build_scorecard(config, TOWN, pd.DataFrame(columns=SERIES_COLUMNS), TODAY,
                           edits.mittari_reports(path, TOWN))  # fmt: skip
    row = next(r for r in rows if r.use.id == "suunnitelma")
    assert row.status is Status.TOO_SLOW and row.latest_report.text == "Resurssit siirtyivät."
    edits.record_report(
        path, editor=ANNA, town=TOWN, mittari_id="suunnitelma", state="done",
        reported_on="2024-05-31", done_on="2024-05-30", text="Valmis.", today=TODAY,
    )  # fmt: skip
    snap = edits.take_snapshot(
        config, TOWN, "KH 6/2024", "meeting", editor=ANNA, db_path=db, path=path, today=TODAY
    )
    frozen = edits.get_snapshot(snap.id, path=path).row("suunnitelma")
    assert frozen.status == "achieved" and "30.5.2024" in frozen.explanation["fi"]
    assert frozen.inputs["report"] | {"id": 0, "reported_at": ""} == {
        "id": 0, "reported_on": "2024-05-31", "state": "done", "done_on": "2024-05-30",
        "judgement": None, "text": "Valmis.", "period": None, "reported_by": "Anna Virtanen",
        "reported_at": "",
    }  # fmt: skip
    assert frozen.inputs["n_reports"] == 2
    diff = edits.compare_snapshots(before, edits.get_snapshot(snap.id, path=path), db_path=db)
    assert ("suunnitelma", "pending", "achieved") in diff.status_changes
