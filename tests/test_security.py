"""Security: text is rendered as text, SQL only with parameters, size limits, edits only by
editors, no secrets in error messages or the load log.

(The browser check that a hostile note or name stays text on the real page is the lead's.)
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from loaders.base import ImportRejected, SourceError
from loaders.emulator import start_emulator, unused_port
from loaders.http import HttpClient, redact_url, scrub_secrets
from mittaristo import store
from mittaristo.config.load import load_config
from mittaristo.observations import OBS_COLUMNS
from mittaristo.scorecard import build_scorecard, goal_rollups
from mittaristo.settings import Settings
from mittaristo.status import Status
from tests.reliability_helpers import (
    NO_SYKE_IDS,
    ROOT,
    SMALL_CATALOG,
    SMALL_STRATEGY,
    STORE_TABLES,
    fast_settings,
    file_hash,
    forget_pxweb_limits,
    load_small_config,
    refresh_in_process,
    series_log,
    table_counts,
    write_small_config,
)

XSS = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"
SQL = "'; DROP TABLE load_run; --"
SQL_VALUES = [SQL, "x' OR '1'='1", 'a"; DROP VIEW observations; --', "KU111' --", "%", "_", "\\"]


# --------------------------------------------------------------------------- HTML


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


SAFE_TAGS = {
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "span",
    "strong",
    "svg",
    "polyline",
    "div",
    "p",
    "ul",
    "li",
    "br",
    "em",
    "details",  # the document's target words on demand (scorecard)
    "summary",
}


def assert_safe_html(fragment: str) -> str:
    """Only our own tags, no event handlers or script URLs; the hostile text shows as text."""
    parser = _Tags()
    parser.feed(fragment)
    for tag, attrs in parser.tags:
        assert tag in SAFE_TAGS, f"unexpected <{tag}> in {fragment[:300]}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name}= in <{tag}>"
            assert "javascript:" not in (value or "").lower()
    text = "".join(parser.text)
    return text


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


@pytest.fixture(scope="module")
def hostile_config(tmp_path_factory):
    """The small configuration with script tags in names, texts, units and target texts."""
    catalog = SMALL_CATALOG.replace(
        "name: {fi: Väkiluku, sv: Folkmängd, en: Population}",
        f"name: {{fi: {_quoted('Väkiluku ' + XSS)}, en: {_quoted(XSS)}}}",
    ).replace("unit: {fi: henkilöä}", f"unit: {{fi: {_quoted('hlö ' + XSS)}}}", 1)
    strategy = (
        SMALL_STRATEGY.replace("name: {fi: Heinola}", f"name: {{fi: {_quoted('Heinola ' + XSS)}}}")
        .replace("name: {fi: Elinvoimainen Heinola}", f"name: {{fi: {_quoted(XSS)}}}")
        .replace("text: Väkiluku kasvaa", f"text: {_quoted('Väkiluku kasvaa ' + XSS)}")
        .replace(
            "target: {kind: direction, direction: increase}",
            f"target: {{kind: direction, direction: increase, text: {_quoted(XSS)}}}",
            1,
        )
    )
    assert catalog != SMALL_CATALOG and strategy.count(XSS.replace('"', '\\"')) == 4
    root = write_small_config(tmp_path_factory.mktemp("hostile"), catalog, strategy)
    return load_config(root)


@pytest.fixture(scope="module")
def hostile_rows(hostile_config):
    frame = pd.DataFrame(
        [("vakiluku", "KU111", str(y), 20000.0 - 50 * i) for i, y in enumerate(range(2018, 2025))],
        columns=["indicator_id", "region", "period", "value"],
    )
    rows = build_scorecard(hostile_config, "heinola", frame, dt.date(2025, 6, 1))
    assert any(XSS in r.use.text for r in rows)
    return rows


def test_scorecard_table_escapes_config_text(hostile_rows):
    from ui import components

    html = components.scorecard_table_html(hostile_rows, caption=XSS, town=XSS, lang="fi")
    text = assert_safe_html(html)
    assert "&lt;script&gt;" in html and "<script" not in html and "<img" not in html
    assert text.count(XSS) >= 3, "caption, mittari text and target text shown as text"
    for row in hostile_rows:
        assert_safe_html(components.scorecard_row_html(row, XSS, "fi", note_missing=True))


def test_badges_banner_rollup_and_status_line_are_safe(hostile_rows):
    from ui import components, views

    for status in Status:
        for lang in ("fi", "sv", "en"):
            assert_safe_html(components.status_badge(status, lang, stale=True, count=3))
            assert_safe_html(components.demo_banner_html(lang))
    for counts in goal_rollups(hostile_rows).values():
        assert_safe_html(components.rollup_html(counts, "fi"))
    for row in hostile_rows:
        assert_safe_html(views.status_line(row, "fi"))
    link = components.indicator_link(XSS, XSS, XSS)
    assert "<" not in link and '"' not in link and " " not in link


def test_notes_and_review_pieces_escape_user_text(hostile_config, hostile_rows):
    from mittaristo.edits import Note
    from ui import review_views

    note = Note(
        1,
        "heinola",
        "vaesto",
        "2025-12-31",
        f"rivi 1\n{XSS}\nrivi 3",
        XSS,
        dt.datetime(2025, 5, 3, 12, 0),
    )
    html = review_views.notes_html([note], "fi", XSS)
    text = assert_safe_html(html)
    assert XSS in text and html.count("<br>") == 2
    assert XSS in assert_safe_html(review_views.missing_list_html(XSS, [XSS, "ok"]))
    for row in hostile_rows:
        assert_safe_html(review_views.provenance_html(row.use, row.indicator, "fi"))


# --------------------------------------------------------------------------- SQL


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    root = write_small_config(tmp_path_factory.mktemp("config"))
    db = tmp_path_factory.mktemp("db") / "mittaristo.duckdb"
    forget_pxweb_limits()
    with start_emulator() as emu:
        code, output = refresh_in_process(
            load_small_config(root), db, fast_settings(emu.env()), only=NO_SYKE_IDS
        )
    assert code == 0, output
    return root, db


@pytest.fixture
def db(small_db, tmp_path):
    target = tmp_path / "mittaristo.duckdb"
    shutil.copyfile(small_db[1], target)
    return target


def test_static_check_finds_no_string_built_sql():
    """ruff's S608 (SQL built from strings) over every package that talks to DuckDB."""
    done = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "ruff"),
            "check",
            "--select",
            "S608",
            "--no-cache",
            "loaders",
            "mittaristo",
            "ui",
            "pages",
            "app.py",
            "reports",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("hostile", SQL_VALUES)
def test_store_queries_take_hostile_values_as_data(db, hostile):
    before_hash, before = file_hash(db), table_counts(db)
    assert store.current_series(db, hostile).empty
    assert store.current_series(db, "vakiluku", [hostile]).empty
    assert store.series_for_indicators(db, [hostile], None).empty
    assert store.series_for_indicators(db, ["vakiluku"], [hostile, SQL]).empty
    assert store.latest_values(db, [hostile], hostile).empty
    assert store.latest_values(db, ["vakiluku"], hostile).empty
    assert store.value_history(db, hostile, hostile, hostile).empty
    assert store.value_history(db, "vakiluku", "KU111", hostile).empty
    assert store.run_as_of(db, dt.datetime(1900, 1, 1)) is None
    assert len(store.current_series(db, "vakiluku", ["KU111"])) > 0, "real values still read"
    assert table_counts(db) == before and file_hash(db) == before_hash
    assert store.check_consistency(db) == []


def test_hostile_identifiers_are_stored_verbatim_by_the_writer(db):
    """Codes and ids with SQL in them are data: stored and read back exactly (regions and
    periods are checked against the reference and the period grammar, so they stay real)."""
    frame = pd.DataFrame(
        [
            ("manual", SQL, SQL, f"Var={SQL}", "KU111", "2024", 1.0, None),
            ("manual", "x' OR '1'='1", "m", "", "SSS", "2023", 2.0, ".."),
        ],
        columns=OBS_COLUMNS,
    )
    before = table_counts(db)
    with store.RefreshWriter(db, kind="import", source_label=SQL) as writer:
        result = writer.write_series(frame, indicator_id=SQL, source_kind=SQL, url=SQL)
        assert result.status == "ok", result.error
        writer.record_failure(SQL, SQL, SQL, dataset=SQL, url=SQL)
        writer.finish(message=SQL)
    after = table_counts(db)
    assert set(after) == set(STORE_TABLES), "every table still exists"
    assert after["observation_history"] == before["observation_history"] + 2
    assert after["load_run"] == before["load_run"] + 1
    stored = store.current_series(db, SQL)
    assert set(zip(stored["region"], stored["period"], strict=True)) == {
        ("KU111", "2024"),
        ("SSS", "2023"),
    }
    assert store.load_runs(db, limit=1)["message"].iloc[0] == SQL
    with store.read_connection(db) as con:
        n = con.execute("SELECT count(*) FROM observations WHERE dataset = ?", [SQL]).fetchone()
    assert n[0] == 1
    assert store.check_consistency(db) == []


@pytest.mark.parametrize("column", ["region", "period"])
def test_a_hostile_region_or_period_is_refused_as_data_and_nothing_changes(db, column):
    """SQL in a region or period is neither executed nor stored: the writer's guard refuses it."""
    row = {"source": "manual", "dataset": "d", "measure": "m", "dimensions": "", "region": "KU111",
           "period": "2024", "value": 1.0, "symbol": None}  # fmt: skip
    row[column] = f"{row[column]}{SQL}"
    frame = pd.DataFrame([row], columns=OBS_COLUMNS)
    before = table_counts(db)
    with store.RefreshWriter(db, kind="import", source_label="x") as writer:
        result = writer.write_series(frame, indicator_id="x", source_kind="manual", url="x")
        assert result.status == "failed"
        assert SQL in (result.error or "")
    after = table_counts(db)
    assert set(after) == set(STORE_TABLES), "every table still exists"
    assert after["observation_history"] == before["observation_history"], "no row stored"
    assert store.current_series(db, "x").empty


def test_hostile_codes_through_the_import_path(db, small_db, tmp_path):
    """A json-stat2 file whose codes carry SQL is imported as data; nothing is dropped."""
    from loaders.cli import main

    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": "hostile",
        "id": ["Alue", "Vuosi", "Tiedot"],
        "size": [1, 2, 1],
        "role": {"geo": ["Alue"], "time": ["Vuosi"], "metric": ["Tiedot"]},
        "dimension": {
            "Alue": {"label": "Alue", "category": {"index": {"KU111": 0}}},
            "Vuosi": {"label": "Vuosi", "category": {"index": {"2023": 0, "2024": 1}}},
            "Tiedot": {"label": "Tiedot", "category": {"index": {SQL: 0}}},
        },
        "value": [1.5, 2.5],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = table_counts(db)
    code = main(
        [
            "import",
            str(path),
            "--format",
            "jsonstat2",
            "--db",
            str(db),
            "--dataset",
            SQL,
            "--config-dir",
            str(small_db[0]),
        ]
    )
    assert code == 0
    after = table_counts(db)
    assert after["observation_history"] == before["observation_history"] + 2
    with store.read_connection(db) as con:
        rows = con.execute(
            "SELECT measure, value FROM observations WHERE dataset = ? ORDER BY period", [SQL]
        ).fetchall()
    assert rows == [(SQL, 1.5), (SQL, 2.5)]
    assert store.check_consistency(db) == []


# --------------------------------------------------------------------------- size limits


def test_no_other_site_may_send_the_dashboard_host_messages():
    """Streamlit's default `client.allowedOrigins` lets pages on its Community Cloud's domains
    control an embedded app by postMessage (rerun, stop, set an auth token); a town's server
    allows none (the running server's answer: test_serve)."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["allowedOrigins"] == []


def test_upload_and_import_size_limits(tmp_path):
    from loaders import imports
    from loaders.manual import parse_manual_file

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert 0 < config["server"]["maxUploadSize"] <= 20, "uploads in the app are capped (MB)"
    big = tmp_path / "big.json"
    with big.open("wb") as out:  # sparse: 50 MB + 1 byte without writing them
        out.truncate(imports.MAX_BYTES + 1)
    with pytest.raises(ImportRejected, match="over the 50 MB import limit"):
        imports.parse_import(big, "jsonstat2")
    manual = tmp_path / "values.csv"
    manual.write_bytes(b"town;indicator;period;value\n" + b"heinola;x;2024;1\n" * 100)
    with pytest.raises(
        ImportRejected, match=r"values.csv:1: the file is 0.0 MB, over the 0.001 MB"
    ):
        parse_manual_file(manual, towns={"heinola": "KU111"}, indicator_ids={"x"}, max_bytes=1000)
    result = parse_manual_file(_small(tmp_path), towns={"heinola": "KU111"}, indicator_ids={"x"})
    assert len(result.frame) == 1


def _small(tmp_path: Path) -> Path:
    path = tmp_path / "ok.csv"
    path.write_bytes(b"town;indicator;period;value\nheinola;x;2024;1\n")
    return path


def test_configuration_size_limit(tmp_path):
    from mittaristo.config.load import MAX_FILE_BYTES, ConfigValidationError

    root = write_small_config(tmp_path)
    with (root / "strategies" / "heinola.yaml").open("ab") as out:
        out.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ConfigValidationError, match=r"strategies/heinola.yaml: the file is 5.0 MB"):
        load_config(root)


# --------------------------------------------------------------------------- edits


def test_edits_are_refused_without_an_editor(tmp_path, hostile_config):
    from mittaristo import edits

    path = tmp_path / "edits.duckdb"
    strategy = load_small_config(write_small_config(tmp_path / "cfg")).strategies["heinola"]
    assert strategy.name.fi == "Heinola"
    not_editors = [
        None,
        "admin",
        {"name": "admin", "method": "password"},
        edits.Editor("", "password"),
        edits.Editor("   ", "oidc"),
        edits.Editor("Maija", "anonymous"),
    ]
    for who in not_editors:
        with pytest.raises(edits.EditNotAllowed):
            edits.add_note("heinola", "vaesto", "2025-12-31", "selitys", editor=who, path=path)
        with pytest.raises(edits.EditNotAllowed):
            edits.set_action_status("heinola", "a1", "in_progress", editor=who, path=path)
        with pytest.raises(edits.EditNotAllowed):
            edits.take_snapshot(
                hostile_config,
                "heinola",
                "kevät",
                "mid_term",
                editor=who,
                path=path,
                db_path=tmp_path / "none.duckdb",
            )
    assert not path.exists(), "a refused edit creates nothing"
    assert edits.list_notes("heinola", path=path) == [] and edits.audit_log(path=path) == []

    editor = edits.Editor("Maija Meikäläinen", "password")
    note = edits.add_note("heinola", "vaesto", "2025-12-31", XSS, editor=editor, path=path)
    assert note.text == XSS and note.author == "Maija Meikäläinen"
    before = file_hash(path)
    with pytest.raises(edits.EditNotAllowed):
        edits.add_note("heinola", "vaesto", "2025-12-31", "toinen", editor=None, path=path)
    assert file_hash(path) == before, "a refused edit leaves the file as it was"
    assert [e.editor for e in edits.audit_log(path=path)] == ["Maija Meikäläinen"]


# --------------------------------------------------------------------------- secrets


SECRET, PASSWORD = "S3CRET-apikey-value", "hunter2-password"


def _fail(url: str, params=None, **settings) -> str:
    client = HttpClient(Settings(max_retries=0, timeout=1.0, **settings), sleep=lambda s: None)
    with client, pytest.raises(SourceError) as info:
        client.get(url, params=params)
    return str(info.value)


def test_http_errors_never_show_secrets():
    closed = unused_port()
    messages = [
        _fail(f"http://user:{PASSWORD}@127.0.0.1:{closed}/x?apikey={SECRET}"),
        _fail(f"http://127.0.0.1:{closed}/x", params={"access_token": SECRET, "years": [1, 2]}),
    ]
    with start_emulator(faults=["500"]) as emu:
        port = emu.port
        messages.append(
            _fail(f"http://user:{PASSWORD}@127.0.0.1:{port}/rest/1.1/regions?key={SECRET}")
        )
        messages.append(
            _fail(
                f"http://127.0.0.1:{port}/rest/1.1/json",
                params={"indicator": 181, "api_key": SECRET},
            )
        )
    for message in messages:
        assert SECRET not in message and PASSWORD not in message, message
        assert "127.0.0.1" in message, "the message still says which server failed"
    assert "years=1&years=2" in messages[1], "list parameters are shown as they are sent"
    assert "HTTP 500" in messages[2]


def test_redaction_helpers():
    assert (
        redact_url(f"https://u:{PASSWORD}@h.fi/a?apikey={SECRET}&vuosi=2024")
        == "https://h.fi/a?apikey=***&vuosi=2024"
    )
    text = f"failed: https://bob:{PASSWORD}@h.fi/p?x=1&client_secret={SECRET} (Caused by …)"
    scrubbed = scrub_secrets(text)
    assert SECRET not in scrubbed and PASSWORD not in scrubbed
    assert "https://h.fi/p?x=1&client_secret=***" in scrubbed


def test_refresh_load_log_and_output_never_show_secrets(small_db, tmp_path):
    """Credentials in a configured service URL reach neither the load log nor the output."""
    root, base = small_db
    db = tmp_path / "mittaristo.duckdb"
    shutil.copyfile(base, db)
    config = load_small_config(root)
    forget_pxweb_limits()
    with start_emulator(faults=["500@11re"]) as emu:
        settings = fast_settings(emu.env())
        settings = settings.with_changes(
            pxweb_url=settings.pxweb_url.replace("http://", f"http://user:{PASSWORD}@"),
            sotkanet_url=settings.sotkanet_url.replace("http://", f"http://user:{PASSWORD}@"),
        )
        code, output = refresh_in_process(config, db, settings, only=NO_SYKE_IDS)
    assert code == 1
    log = series_log(db)
    assert (
        log["vaesto_statfin"]["status"] == "failed" and "HTTP 500" in log["vaesto_statfin"]["error"]
    )
    assert log["vakiluku"]["status"] == "ok"
    with store.read_connection(db) as con:
        stored = con.execute(
            "SELECT string_agg(coalesce(error, '') || ' ' || coalesce(url, ''), ' ') FROM series_load"
        ).fetchone()[0]
        runs = con.execute(
            "SELECT string_agg(coalesce(message, ''), ' ') FROM load_run"
        ).fetchone()[0]
    for text in (stored, runs, output):
        assert PASSWORD not in text, text[:500]
    assert "127.0.0.1" in stored
