"""The edits core: append-only notes, audited action statuses, rights, snapshots, comparison."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from review_fixtures import POPULATION, TODAY, TOWN, UNEMPLOYMENT, write_review_env, write_run

from mittaristo import edits
from mittaristo.config.load import load_config
from mittaristo.config.model import Action
from mittaristo.edits import EditNotAllowed, Editor, InvalidEdit, UnknownSnapshot
from mittaristo.edits.__main__ import main as edits_cli
from mittaristo.edits.actions import ActionState
from ui.review_views import notes_html

ROOT = Path(__file__).resolve().parents[1]
ANNA = Editor("Anna Virtanen", "password")


@pytest.fixture
def env(tmp_path):
    return write_review_env(tmp_path)


def test_notes_are_append_only_and_keep_their_history(env):
    _, _, path = env
    first = edits.add_note(
        TOWN, "tyottomyys", "2024-06-14", "Rakennemuutos.", editor=ANNA, path=path
    )
    second = edits.add_note(TOWN, "tyottomyys", "2024-06-14", "Uusi arvio.", editor=ANNA, path=path)
    notes = edits.list_notes(TOWN, path=path)
    assert [n.text for n in notes] == ["Rakennemuutos.", "Uusi arvio."]
    assert edits.latest_notes(TOWN, path=path)["tyottomyys"] == second
    log = edits.audit_log(entity="note", path=path)
    assert [(e.editor, e.method) for e in log] == [("Anna Virtanen", "password")] * 2
    assert log[0].old is None and log[1].old["id"] == first.id
    assert log[1].new["text"] == "Uusi arvio."


def test_action_status_change_is_audited_with_old_and_new(env):
    _, _, path = env
    edits.set_action_status(
        TOWN, "t1", "in_progress", editor=ANNA, path=path, config_status="not_started"
    )
    edits.set_action_status(TOWN, "t1", "done", editor=Editor("Ville", "oidc"), path=path)
    state = edits.action_states(TOWN, path=path)["t1"]
    assert (state.status, state.changed_by) == ("done", "Ville")
    log = edits.audit_log(entity="action_status", key=f"{TOWN}:t1", path=path)
    assert [(e.old["status"], e.new["status"], e.editor) for e in log] == [
        ("not_started", "in_progress", "Anna Virtanen"),
        ("in_progress", "done", "Ville"),
    ]


def test_unchanged_status_writes_nothing(env):
    _, _, path = env
    edits.set_action_status(
        TOWN, "t2", "in_progress", editor=ANNA, path=path, config_status="in_progress"
    )
    assert edits.audit_log(path=path) == []


@pytest.mark.parametrize("editor", [None, "Anna", Editor("  ", "password")])
def test_every_write_is_refused_without_an_editor(env, editor):
    config, db, path = env
    with pytest.raises(EditNotAllowed):
        edits.add_note(TOWN, "tyottomyys", "2024", "x", editor=editor, path=path)
    with pytest.raises(EditNotAllowed):
        edits.set_action_status(TOWN, "t1", "done", editor=editor, path=path)
    with pytest.raises(EditNotAllowed):
        edits.take_snapshot(config, TOWN, "KH", "meeting", editor=editor, db_path=db, path=path)
    assert not path.exists()  # nothing written, not even an empty file


def test_invalid_edits_write_nothing(env):
    config, db, path = env
    edits.add_note(TOWN, "vaesto", "2024", "ok", editor=ANNA, path=path)
    before = edits.audit_log(path=path)
    for bad in (
        lambda: edits.add_note(TOWN, "vaesto", "2024", "   ", editor=ANNA, path=path),
        lambda: edits.add_note(TOWN, "vaesto", "2024", "x" * 5001, editor=ANNA, path=path),
        lambda: edits.set_action_status(TOWN, "t1", "late", editor=ANNA, path=path),
        lambda: edits.take_snapshot(
            config, "nowhere", "KH", "meeting", editor=ANNA, db_path=db, path=path
        ),
        lambda: edits.take_snapshot(
            config, TOWN, "", "meeting", editor=ANNA, db_path=db, path=path
        ),
        lambda: edits.take_snapshot(
            config, TOWN, "KH", "party", editor=ANNA, db_path=db, path=path
        ),
    ):
        with pytest.raises(InvalidEdit):
            bad()
    assert edits.audit_log(path=path) == before
    assert (
        len(edits.list_notes(TOWN, path=path)) == 1 and edits.list_snapshots(TOWN, path=path) == []
    )


def _action(status="not_started", **schedule) -> Action:
    return Action(id="a", text="A", status=status, schedule=schedule or None)


@pytest.mark.parametrize(
    ("action", "state", "today", "expected"),
    [
        (_action(start=2022, end=2023), None, dt.date(2023, 12, 31), "not_started"),
        (_action(start=2022, end=2023), None, dt.date(2024, 1, 1), "late"),
        # "2023–" is open-ended: no deadline, never late (Pieksämäki's "2022–" actions)
        (_action("in_progress", start=2023), None, dt.date(2030, 1, 1), "in_progress"),
        (_action("in_progress", start=2023, end=2023), None, dt.date(2024, 1, 1), "late"),
        (_action("done", start=2022, end=2022), None, dt.date(2025, 1, 1), "done"),
        (_action(start=2022, end=2022), "done", dt.date(2025, 1, 1), "done"),
        (_action("done", end=2022), "in_progress", dt.date(2025, 1, 1), "late"),
        (_action(text="jatkuva"), None, dt.date(2030, 1, 1), "not_started"),
        (_action("in_progress"), None, dt.date(2030, 1, 1), "in_progress"),
        # nobody reported: "not reported", also long after the schedule (never "late")
        (Action(id="a", text="A"), None, dt.date(2022, 1, 1), "not_reported"),
        (
            Action(id="a", text="A", schedule={"end": 2023}),
            None,
            dt.date(2030, 1, 1),
            "not_reported",
        ),
        (
            Action(id="a", text="A", schedule={"end": 2023}),
            "in_progress",
            dt.date(2030, 1, 1),
            "late",
        ),
        (Action(id="a", text="A", schedule={"end": 2023}), "done", dt.date(2030, 1, 1), "done"),
    ],
)
def test_late_is_computed_from_the_schedule(action, state, today, expected):
    edited = ActionState("t", "a", state, "x", dt.datetime(2024, 1, 1)) if state else None
    assert edits.effective_action_status(action, edited, today) == expected


def test_snapshot_freezes_values_statuses_inputs_actions_and_run(env):
    config, db, path = env
    edits.set_action_status(TOWN, "t2", "done", editor=ANNA, path=path)
    snap = edits.take_snapshot(
        config, TOWN, "KH 3.6.2024", "meeting", editor=ANNA, db_path=db, path=path, today=TODAY
    )
    stored = edits.get_snapshot(snap.id, path=path)
    assert stored == snap and stored.load_run_id == 1 and stored.taken_by == "Anna Virtanen"
    row = stored.row("tyottomyys")
    assert (row.latest_period, row.latest_value, row.status) == ("2023", 11.0, "off_track")
    assert row.inputs["baseline_value"] == 10.0 and row.inputs["region"] == "KU111"
    assert row.inputs["points"][-1] == ["2023", 11.0] and row.explanation["fi"]
    assert stored.actions == {"t1": "late", "t2": "done", "t3": "done"}
    write_run(db, POPULATION, UNEMPLOYMENT | {"2023": 12.0})  # the source revises later…
    assert edits.get_snapshot(snap.id, path=path).row("tyottomyys").latest_value == 11.0  # …frozen
    assert [s.id for s in edits.list_snapshots(TOWN, path=path)] == [snap.id]


def test_comparison_lists_revisions_new_points_status_changes_and_completed_actions(env):
    config, db, path = env
    old = edits.take_snapshot(
        config, TOWN, "KH 1", "meeting", editor=ANNA, db_path=db, path=path, today=TODAY
    )
    edits.set_action_status(TOWN, "t2", "done", editor=ANNA, path=path)
    write_run(db, POPULATION | {"2024": 1030.0}, UNEMPLOYMENT | {"2022": 9.5, "2024": 7.0})
    new = edits.take_snapshot(
        config, TOWN, "KH 2", "meeting", editor=ANNA, db_path=db, path=path, today=TODAY
    )
    diff = edits.compare_snapshots(old, new, db_path=db)
    assert diff.revised == [("tyottomyys", "2022", 10.0, 9.5)]
    assert ("vaesto", "2023", "2024") in diff.new_points
    # 9.5 → 11 → 7 since the 2022 baseline: one good year is not yet a falling trend
    assert ("tyottomyys", "off_track", "no_clear_change") in diff.status_changes
    assert diff.actions_completed == ["t2"]
    live = edits.current_snapshot(config, TOWN, db_path=db, path=path, today=TODAY)
    assert edits.compare_snapshots(new, live, db_path=db).is_empty


def test_unknown_snapshot_id_is_a_clear_error(env):
    _, _, path = env
    for bad in (999, "abc", None):
        with pytest.raises(UnknownSnapshot, match="unknown snapshot id"):
            edits.get_snapshot(bad, path=path)


def test_snapshot_without_statistics_db_records_no_run(env, tmp_path):
    config, _, path = env
    snap = edits.current_snapshot(
        config, TOWN, db_path=tmp_path / "none.duckdb", path=path, today=TODAY
    )
    assert snap.load_run_id is None and snap.row("vaesto").status == "no_data"


def test_html_in_a_note_is_stored_verbatim_and_escaped_when_shown(env):
    _, _, path = env
    text = '<script>alert("x")</script>\nToinen rivi & <b>lihava</b>'
    edits.add_note(TOWN, "tyottomyys", "2024-06-14", text, editor=ANNA, path=path)
    notes = edits.list_notes(TOWN, path=path)
    assert notes[0].text == text
    shown = notes_html(notes, "fi", "Historia")
    assert "<script>" not in shown and "<b>" not in shown
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Toinen rivi &amp; &lt;b&gt;" in shown
    )


def test_review_period_and_missing_notes(env):
    config, db, path = env
    strategy = config.strategies[TOWN]
    assert edits.review_period(strategy, dt.date(2024, 6, 1)) == "2024-06-14"
    assert edits.review_period(strategy, dt.date(2024, 6, 14)) == "2024-06-14"
    assert edits.review_period(strategy, dt.date(2026, 3, 1)) == "2026"
    assert edits.review_periods(strategy, dt.date(2024, 6, 1))[:2] == ["2024-06-14", "2025-12-31"]
    rows = edits.current_snapshot(config, TOWN, db_path=db, path=path, today=TODAY).rows
    assert edits.missing_notes(rows, [], "2024-06-14") == {"tyottomyys"}
    edits.add_note(TOWN, "tyottomyys", "2023-12-15", "vanha jakso", editor=ANNA, path=path)
    assert edits.missing_notes(rows, edits.list_notes(TOWN, path=path), "2024-06-14") == {
        "tyottomyys"
    }
    edits.add_note(TOWN, "tyottomyys", "2024-06-14", "selitys", editor=ANNA, path=path)
    assert edits.missing_notes(rows, edits.list_notes(TOWN, path=path), "2024-06-14") == set()


def test_reads_of_a_missing_edits_file_are_empty_and_version_changes_on_write(tmp_path):
    path = tmp_path / "edits.duckdb"
    assert edits.list_notes(TOWN, path=path) == [] and edits.action_states(TOWN, path=path) == {}
    assert edits.list_snapshots(TOWN, path=path) == [] and edits.audit_log(path=path) == []
    before = edits.edits_version(path)
    edits.add_note(TOWN, "vaesto", "2024", "x", editor=ANNA, path=path)
    assert edits.edits_version(path) != before


def test_hash_password_command_and_check(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("pitkä salasana 123\n"))
    assert edits_cli(["hash-password", "--stdin"]) == 0
    out = capsys.readouterr().out
    assert "pitkä salasana" not in out
    values = dict(line.split(" = ") for line in out.splitlines() if " = " in line)
    digest, salt = values["password_sha256"].strip('"'), values["salt"].strip('"')
    assert edits.password_matches("pitkä salasana 123", salt, digest)
    assert not edits.password_matches("pitkä salasana 124", salt, digest)
    assert not edits.password_matches("", salt, digest)


def test_edits_core_imports_without_streamlit():
    code = "import sys; sys.modules['streamlit'] = None; import mittaristo.edits, mittaristo.edits.__main__"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_shipped_schedule_has_the_years_its_words_give():
    """A schedule's start/end are what its document words say ("2023" ends 2023, "2022–" has no
    end), so lateness is judged against the document's deadline, never one the YAML implies."""
    from mittaristo.template.fields import schedule_years

    config = load_config(ROOT)
    wrong = [
        (town, action.id, action.schedule.text, (action.schedule.start, action.schedule.end))
        for town, strategy in config.strategies.items()
        for _, _, action in strategy.actions()
        if action.schedule is not None
        and action.schedule.text
        and schedule_years(action.schedule.text) not in {(None, None)}
        and schedule_years(action.schedule.text) != (action.schedule.start, action.schedule.end)
    ]
    assert wrong == []
