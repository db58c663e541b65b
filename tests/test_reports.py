"""Exports: build the deck, the review PDF and the workbook in fi and sv on a small demo
database and read them back (python-pptx, pypdf, openpyxl); the CLI's refusals write nothing.

The database is made by the store's own RefreshWriter from hand-made series (the emulator demo
takes minutes because of the PxWeb rate limit); the configuration is the repository's catalog
and Heinola's strategy, copied so other towns' files in progress cannot break these tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from mittaristo import edits
from mittaristo.config.load import load_config
from mittaristo.formatting import format_number
from mittaristo.i18n import t
from mittaristo.presentation import status_label
from mittaristo.scorecard import regions_needed
from mittaristo.store import RefreshWriter
from reports import build_report, common
from reports.__main__ import main as cli_main
from reports.context import gather
from reports.images import PNG_SIGNATURE, chart_server, render_png, report_figure

ROOT = Path(__file__).resolve().parents[1]
TOWN = "heinola"
TODAY = dt.date(2026, 3, 1)
EDITOR = edits.Editor("Testi Tekijä", "cli")


def _frame(
    ids: list[str], regions: list[str], last_year: int, bump: float = 0.0
) -> dict[str, pd.DataFrame]:
    """Series with a trend per indicator; the town's own values drift so statuses vary."""
    out = {}
    for k, ind in enumerate(ids):
        rows = []
        for r, region in enumerate(regions):
            for year in range(2012, last_year + 1):
                value = (
                    100 + 3 * k + r + (year - 2012) * (0.8 if k % 2 else -0.6) + 0.05 * (year % 3)
                )
                if region == regions[0] and year == 2023:
                    value += bump
                rows.append(("demo", "t", ind, "", region, str(year), round(value, 2), None))
        out[ind] = pd.DataFrame(rows, columns=["source", "dataset", "measure", "dimensions", "region", "period", "value", "symbol"])  # fmt: skip
    return out


def _write_run(db: Path, frames: dict[str, pd.DataFrame]) -> None:
    with RefreshWriter(db, kind="demo", source_label="demo") as writer:
        for ind, frame in frames.items():
            writer.write_series(
                frame, indicator_id=ind, source_kind="pxweb", release_time="2026-02-01T06:00:00Z"
            )
        writer.finish()


@pytest.fixture(scope="session")
def env(tmp_path_factory) -> dict:
    """Config dir, statistics DB (two runs: the second adds 2025 and revises 2023) and an edits
    DB with a snapshot taken between the runs, a note and a finished action."""
    base = tmp_path_factory.mktemp("reports")
    cfg_dir = base / "config"
    (cfg_dir / "strategies").mkdir(parents=True)
    shutil.copy(ROOT / "indicators.yaml", cfg_dir)
    shutil.copy(ROOT / "strategies" / f"{TOWN}.yaml", cfg_dir / "strategies")
    config = load_config(cfg_dir)
    strategy = config.strategies[TOWN]
    catalog = config.catalog.by_id()
    ids = sorted(
        {
            u.indicator
            for _, _, u in strategy.indicator_uses()
            if u.indicator and catalog[u.indicator].is_automatic
        }
    )
    db, eds = base / "stats.duckdb", base / "edits.duckdb"
    _write_run(db, _frame(ids, regions_needed(strategy), 2024))
    snap = edits.take_snapshot(
        config,
        TOWN,
        "Kokous 1/2025",
        "meeting",
        editor=EDITOR,
        db_path=db,
        path=eds,
        today=dt.date(2025, 3, 1),
    )
    _write_run(db, _frame(ids, regions_needed(strategy), 2025, bump=5.0))
    rows = gather(TOWN, "fi", config=config, db_path=db, edits_path=eds, today=TODAY).rows
    flagged = next(r for r in rows if r.status.value in ("off_track", "too_slow", "missed"))
    edits.add_note(
        TOWN,
        flagged.use.id,
        "2026",
        "Kehitykseen vaikutti tehtaan sulkeminen.",
        editor=EDITOR,
        path=eds,
    )
    action = strategy.actions()[0][2]
    edits.set_action_status(
        TOWN, action.id, "done", editor=EDITOR, path=eds, config_status=action.status
    )
    return {"config": config, "cfg_dir": cfg_dir, "db": db, "edits": eds, "snapshot": snap.id, "out": base, "note_use": flagged.use.id, "action": action}  # fmt: skip


@pytest.fixture(scope="session")
def charts_server():
    with chart_server():
        yield


@pytest.fixture(scope="session")
def built(env, charts_server) -> dict[tuple[str, str], Path]:
    """Every format in fi and sv (one kaleido server for all of them)."""
    out = {}
    for fmt in ("pptx", "pdf", "xlsx"):
        for lang in ("fi", "sv"):
            path = env["out"] / f"{TOWN}-{lang}.{fmt}"
            steps: list[tuple[int, int]] = []
            build_report(
                TOWN, fmt, lang, path, db_path=env["db"], edits_path=env["edits"],
                since_snapshot=env["snapshot"], config=env["config"], today=TODAY,
                progress=lambda d, n, _text, steps=steps: steps.append((d, n)),
            )  # fmt: skip
            assert steps and steps[-1][0] == steps[-1][1], "progress ends at 100 %"
            out[fmt, lang] = path
    return out


@pytest.fixture(scope="session")
def ctx(env):
    return gather(TOWN, "fi", config=env["config"], db_path=env["db"], edits_path=env["edits"], since_snapshot=env["snapshot"], today=TODAY)  # fmt: skip


def _pptx_texts(path: Path) -> tuple[list[str], str]:
    from pptx import Presentation

    prs = Presentation(str(path))
    titles, texts = [], []
    for slide in prs.slides:
        titles.append(slide.shapes.title.text_frame.text if slide.shapes.title else "")
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    assert prs.slide_width * 9 == prs.slide_height * 16, "16:9"
    return titles, "\n".join(texts)


def test_deck_has_goal_slides_statuses_and_attention_slides(built, ctx):
    titles, text = _pptx_texts(built["pptx", "fi"])
    for goal in ctx.strategy.goals:
        if ctx.goal_rows(goal.id):
            assert any(goal.name.fi in title for title in titles), goal.name.fi
    row = next(r for r in ctx.rows if r.assessment.latest_value is not None)
    assert row.use.text in text and status_label(row.status, "fi") in text
    assert t("demo_banner", "fi") in text
    attention = ctx.attention_rows()
    assert attention, "the test data should have an off-track or changed mittari"
    for r in attention:
        assert any(r.use.text[1:] in title for title in titles)
    assert "tehtaan sulkeminen" in text
    assert t("report_changes_title", "fi") in text


def test_deck_fi_and_sv_differ(built, ctx):
    titles_fi, text_fi = _pptx_texts(built["pptx", "fi"])
    titles_sv, text_sv = _pptx_texts(built["pptx", "sv"])
    assert (
        t("report_summary_title", "sv") in titles_sv
        and t("report_summary_title", "fi") in titles_fi
    )
    assert ctx.strategy.goals[0].name.sv in "\n".join(titles_sv)
    assert t("demo_banner", "sv") in text_sv and t("demo_banner", "fi") not in text_sv


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_pdf_holds_goals_mittarit_values_sentences_notes_actions(built, ctx):
    text = _flat(_pdf_text(built["pdf", "fi"]))
    for goal in ctx.strategy.goals:
        assert _flat(goal.name.fi) in text
    valued = [r for r in ctx.rows if r.assessment.latest_value is not None]
    for row in valued:
        assert _flat(row.use.text[1:]) in text
        number = format_number(row.assessment.latest_value, row.indicator.decimals, "fi")
        assert _flat(number) in text
    assert any(
        "," in format_number(r.assessment.latest_value, r.indicator.decimals, "fi") for r in valued
    )
    assert _flat(valued[0].assessment.explanation["fi"]) in text
    assert "tehtaan sulkeminen" in text
    assert _flat(env_action_text(ctx)) in text and t("action_done", "fi") in text
    assert t("action_not_reported", "fi") in text and t("action_not_started", "fi") not in text
    assert _flat(t("demo_banner", "fi")) in text


def env_action_text(ctx) -> str:
    done = next(a for a in ctx.actions if a.status == "done")
    return done.action.text[:40]


def test_pdf_sv_is_swedish(built):
    text = _flat(_pdf_text(built["pdf", "sv"]))
    assert t("report_pdf_title", "sv") in text and t("report_pdf_title", "fi") not in text
    assert t("report_changes_title", "sv") in text


def test_workbook_values_equal_the_scorecard(built, ctx):
    from openpyxl import load_workbook

    book = load_workbook(built["xlsx", "fi"])
    assert book.sheetnames[:4] == [t(k, "fi") for k in ("report_sheet_scorecard", "page_actions", "report_sheet_data", "report_sheet_sources")]  # fmt: skip
    sheet = book.worksheets[0]
    assert sheet["A3"].value == t("demo_banner", "fi")
    headers = [c.value for c in sheet[5]]
    latest, status = headers.index(t("col_latest", "fi")), headers.index(t("col_status", "fi"))
    body = list(sheet.iter_rows(min_row=6, values_only=True))
    assert len(body) == len(ctx.rows)
    for values, row in zip(body, ctx.rows, strict=True):
        assert values[headers.index(t("col_indicator", "fi"))] == row.use.text
        assert values[latest] == (
            pytest.approx(row.assessment.latest_value)
            if row.assessment.latest_value is not None
            else None
        )
        assert values[status].startswith(status_label(row.status, "fi"))
    actions = [r for r in book[t("page_actions", "fi")].iter_rows(min_row=6, values_only=True)]
    assert len(actions) == len(ctx.actions)
    assert any(v and t("action_done", "fi") in v for r in actions for v in r if isinstance(v, str))
    # the actions nobody reported on read "not reported", never "not started" (issue 14 point 6)
    words = [v for r in actions for v in r if isinstance(v, str)]
    unreported = sum(1 for a in ctx.actions if a.status == "not_reported")
    assert unreported == len(ctx.actions) - 1
    assert sum(w == common.action_text("not_reported", "fi") for w in words) == unreported
    assert not any(t("action_not_started", "fi") in w for w in words)
    assert t("report_sheet_changes", "fi") in book.sheetnames


def test_workbook_sv_headers(built):
    from openpyxl import load_workbook

    sheet = load_workbook(built["xlsx", "sv"]).worksheets[0]
    assert sheet.title == t("report_sheet_scorecard", "sv")
    assert t("col_status", "sv") in [c.value for c in sheet[5]]


def test_changes_since_snapshot(ctx):
    diff = ctx.diff
    assert diff is not None and diff.new_points and diff.revised
    assert ctx.reference.label == "Kokous 1/2025"
    assert diff.actions_completed


def test_chart_png_signature(env, ctx, charts_server):
    row = next(r for r in ctx.rows if r.points)
    png = render_png(report_figure(ctx, row, with_title=True), 600, 320, scale=1)
    assert png.startswith(PNG_SIGNATURE)


def _cli(env, *args: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MITTARISTO_CONFIG_DIR": str(env["cfg_dir"])}
    return subprocess.run(
        [sys.executable, "-m", "reports", "build", *args, "--db", str(env["db"]), "--edits-db", str(env["edits"])],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_cli_writes_a_workbook(env):
    out = env["out"] / "cli.xlsx"
    result = _cli(env, "--town", TOWN, "--format", "xlsx", "--lang", "sv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--town", "atlantis"], 2, "atlantis"),
        (["--town", TOWN, "--since-snapshot", "999"], 2, "999"),
        (["--town", TOWN, "--format", "png"], 2, "--mittari"),
        (["--town", TOWN, "--format", "png", "--mittari", "nope"], 2, "nope"),
    ],
)
def test_cli_refuses_bad_input_and_writes_nothing(env, monkeypatch, capsys, args, code, words):
    monkeypatch.setenv("MITTARISTO_CONFIG_DIR", str(env["cfg_dir"]))
    out = env["out"] / "refused.pptx"
    argv = ["build", "--format", "pptx", "--out", str(out), "--db", str(env["db"]), "--edits-db", str(env["edits"]), *args]  # fmt: skip
    assert cli_main(argv) == code
    assert words in capsys.readouterr().err
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".refused")], (
        "no temp file left"
    )


def test_cli_without_out_writes_town_and_date_in_the_current_folder(env, monkeypatch, tmp_path):
    """`python -m reports build --town kemi --format xlsx` is a whole command: no path to type."""
    monkeypatch.setenv("MITTARISTO_CONFIG_DIR", str(env["cfg_dir"]))
    monkeypatch.chdir(tmp_path)
    argv = ["build", "--town", TOWN, "--format", "xlsx", "--db", str(env["db"]), "--edits-db", str(env["edits"]), "--quiet"]  # fmt: skip
    assert cli_main(argv) == 0
    written = tmp_path / f"{TOWN}-{dt.date.today().isoformat()}.xlsx"
    assert [p.name for p in tmp_path.iterdir()] == [written.name]
    assert written.read_bytes()[:2] == b"PK"


def test_default_out_names_the_mittari_of_a_png():
    from reports.__main__ import default_out

    day = dt.date(2026, 12, 2)
    assert default_out("kemi", "png", "tyottomyysaste", day) == Path(
        "kemi-tyottomyysaste-2026-12-02.png"
    )
    assert default_out("kemi", "pdf", "ignored", day) == Path("kemi-2026-12-02.pdf")


def test_cli_bad_language_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        cli_main(["build", "--town", TOWN, "--format", "pdf", "--lang", "de", "--out", "x.pdf"])
    assert stop.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_cli_missing_database_is_exit_1(env, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("MITTARISTO_CONFIG_DIR", str(env["cfg_dir"]))
    out = tmp_path / "h.pdf"
    argv = ["build", "--town", TOWN, "--format", "pdf", "--out", str(out), "--db", str(tmp_path / "none.duckdb")]  # fmt: skip
    assert cli_main(argv) == 1
    assert "none.duckdb" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_png_of_one_mittari(env, ctx, monkeypatch, charts_server):
    monkeypatch.setenv("MITTARISTO_CONFIG_DIR", str(env["cfg_dir"]))
    out = env["out"] / "chart.png"
    use = next(r for r in ctx.rows if r.points).use.id
    argv = ["build", "--town", TOWN, "--format", "png", "--mittari", use, "--out", str(out), "--db", str(env["db"]), "--quiet"]  # fmt: skip
    assert cli_main(argv) == 0
    assert out.read_bytes().startswith(PNG_SIGNATURE)


def test_report_bytes_for_a_download_button(env):
    from reports import ReportError, report_bytes

    name, data, mime = report_bytes(
        TOWN,
        "xlsx",
        "fi",
        db_path=env["db"],
        edits_path=env["edits"],
        config=env["config"],
        today=TODAY,
    )
    assert name == f"{TOWN}-2026-03-01-fi.xlsx" and data[:2] == b"PK" and mime.endswith("sheet")
    with pytest.raises(ReportError) as err:
        report_bytes(
            "atlantis",
            "xlsx",
            "sv",
            db_path=env["db"],
            edits_path=env["edits"],
            config=env["config"],
        )
    assert err.value.exit_code == 2 and "atlantis" in err.value.message("sv")


def test_empty_strategy_and_missing_data_are_refused(env, tmp_path):
    from reports import ReportError

    config = env["config"]
    strategy = config.strategies[TOWN]
    bare = [
        g.model_copy(update={"subgoals": [], "indicators": [], "actions": []})
        for g in strategy.goals
    ]
    empty = dataclasses.replace(
        config, strategies={TOWN: strategy.model_copy(update={"goals": bare})}
    )
    out = tmp_path / "x.pptx"
    with pytest.raises(ReportError) as err:
        build_report(
            TOWN, "pptx", "fi", out, db_path=env["db"], edits_path=env["edits"], config=empty
        )
    assert err.value.exit_code == 1 and "mittareita" in err.value.message("fi")
    no_data = tmp_path / "empty.duckdb"
    with RefreshWriter(no_data, kind="demo", source_label="demo") as writer:
        writer.finish()
    with pytest.raises(ReportError) as err:
        build_report(
            TOWN, "pdf", "sv", out, db_path=no_data, edits_path=env["edits"], config=config
        )
    assert err.value.exit_code == 1 and TOWN in err.value.message("sv")
    assert not [p for p in tmp_path.iterdir() if ".pptx" in p.name or ".pdf" in p.name]


def test_reports_import_without_streamlit():
    modules = ["reports", "reports.__main__", "reports.pptx_deck", "reports.pdf_report", "reports.xlsx_book", "reports.images"]  # fmt: skip
    code = (
        "import sys, importlib; sys.modules['streamlit'] = None\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_actions_only_strategy_gets_a_pack(env, tmp_path):
    """Lieksa's programme has actions but no mittarit: its pack lists the actions."""
    config = env["config"]
    strategy = config.strategies[TOWN]
    bare = [g.model_copy(update={"indicators": [], "subgoals": [s.model_copy(update={"indicators": []}) for s in g.subgoals]}) for g in strategy.goals]  # fmt: skip
    actions_only = dataclasses.replace(
        config, strategies={TOWN: strategy.model_copy(update={"goals": bare})}
    )
    out = build_report(
        TOWN,
        "xlsx",
        "fi",
        tmp_path / "a.xlsx",
        db_path=env["db"],
        edits_path=env["edits"],
        config=actions_only,
    )
    first_action = strategy.actions()[0][2].text
    import openpyxl

    texts = [c.value for ws in openpyxl.load_workbook(out) for row in ws.iter_rows() for c in row]
    assert first_action in texts


def test_report_chart_carries_source_licence_and_demo_mark(ctx):
    """Every exported chart (PNG download, PPTX, PDF) is the figure with its source line."""
    from mittaristo.presentation import chart_source_text

    row = next(r for r in ctx.rows if r.points and r.indicator is not None)
    fig = report_figure(ctx, row, with_title=True)
    notes = [a.text.replace("<br>", " ") for a in fig.layout.annotations if a.name == "source_note"]
    meta = ctx.freshness.get(row.indicator.id, {})
    expected = chart_source_text(row.indicator, meta.get("release_time"), "fi", demo=ctx.is_demo)
    assert notes == [expected]
    assert ctx.is_demo and notes[0].startswith("DEMO")
    assert row.indicator.license in notes[0] and row.indicator.name.get("fi") in notes[0]
    assert fig.layout.margin.b > 40


def test_every_export_quotes_the_documents_words_beside_the_interpretation(built, ctx):
    from openpyxl import load_workbook

    from mittaristo.presentation import target_layers

    sheet = load_workbook(built["xlsx", "fi"]).worksheets[0]
    headers = [c.value for c in sheet[5]]
    words = headers.index(t("layer_document", "fi"))
    reading = headers.index(t("layer_interpretation", "fi"))
    body = list(sheet.iter_rows(min_row=6, values_only=True))
    for values, row in zip(body, ctx.rows, strict=True):
        layers = target_layers(row.use, row.indicator, ctx.strategy, "fi")
        quoted = (
            f"“{row.use.target.text}”" if row.use.target.text else t("target_only_mittari", "fi")
        )
        assert quoted in values[words] and layers.source in values[words]
        assert values[reading].startswith(
            f"{t('layer_interpretation', 'fi')}: {layers.interpretation}"
        )
        if row.use.target.kind == "direction":
            assert t("verdict_interpretation", "fi") in values[reading]
    pdf = _flat(_pdf_text(built["pdf", "fi"]))
    quoted = [r.use.target.text for r in ctx.rows if r.use.target.text]
    assert quoted and all(_flat(q)[:40] in pdf for q in quoted)
    assert t("layer_interpretation", "fi") in pdf


def test_control_characters_in_names_export_in_every_format(env, tmp_path):
    """A vertical tab (Word's soft line break) in a name used to break the XLSX export; every
    format now writes it as a line break, and the configuration keeps the text as written."""
    config = env["config"]
    strategy = config.strategies[TOWN]
    name = strategy.name.model_copy(update={"fi": "Heinola\x0bkaupunki\x07"})
    odd = dataclasses.replace(config, strategies={TOWN: strategy.model_copy(update={"name": name})})
    for fmt in ("xlsx", "pdf", "pptx"):
        out = build_report(TOWN, fmt, "fi", tmp_path / f"r.{fmt}", db_path=env["db"],
                           edits_path=env["edits"], config=odd)  # fmt: skip
        assert out.stat().st_size > 0, fmt
    import openpyxl

    texts = [
        c.value
        for ws in openpyxl.load_workbook(tmp_path / "r.xlsx")
        for row in ws.iter_rows()
        for c in row
    ]
    assert any(isinstance(v, str) and "Heinola\nkaupunki" in v for v in texts)
    assert odd.strategies[TOWN].name.fi == "Heinola\x0bkaupunki\x07"


def test_the_series_caveat_is_in_every_export(built, ctx):
    """A mittari whose series only approximates the document's (its `note`) says so."""
    from openpyxl import load_workbook

    noted = [r for r in ctx.rows if r.use.note]
    assert len(noted) >= 2  # Heinola: hyvinvointi-indeksi, konsernin velat ja vastuut
    sheet = load_workbook(built["xlsx", "fi"]).worksheets[0]
    headers = [c.value for c in sheet[5]]
    col = headers.index(t("caveat_label", "fi"))
    body = list(sheet.iter_rows(min_row=6, values_only=True))
    assert [v[col] or None for v in body] == [r.use.note for r in ctx.rows]
    pdf = _flat(_pdf_text(built["pdf", "fi"]))
    assert all(_flat(r.use.note)[:50] in pdf for r in noted)
    _, pptx = _pptx_texts(built["pptx", "fi"])
    sliding = {r.use.id for r in ctx.attention_rows()}  # the deck has chart slides for these
    charted = [r for r in noted if r.use.id in sliding]
    assert all(_flat(r.use.note)[:50] in _flat(pptx) for r in charted)


def test_the_workbook_has_owner_follow_up_and_sdg_per_mittari(built, ctx):
    from openpyxl import load_workbook

    from mittaristo.presentation import use_facts

    sheet = load_workbook(built["xlsx", "fi"]).worksheets[0]
    headers = [c.value for c in sheet[5]]
    body = list(sheet.iter_rows(min_row=6, values_only=True))
    col = headers.index(t("meta_owner", "fi"))
    owners = [
        dict(use_facts(r.use, ctx.strategy, "fi")).get(t("meta_owner", "fi")) for r in ctx.rows
    ]
    assert [v[col] or None for v in body] == owners


def test_report_chart_is_the_pages_date_axis_fitted_to_the_lines(ctx):
    """The PNG/PPTX/PDF chart: the same date axis as the page (periods at their first day),
    its range the drawn lines with a little air, not year numbers."""
    row = next(r for r in ctx.rows if r.points)
    fig = report_figure(ctx, row)
    assert fig.layout.xaxis.type == "date"
    xs = sorted(str(x) for tr in fig.data for x in (tr.x or ()))
    assert all(len(x) == 10 and x[4] == "-" for x in xs)
    low, high = fig.layout.xaxis.range
    assert low < xs[0] <= xs[-1] < high
    assert dt.date.fromisoformat(xs[0]) - dt.date.fromisoformat(low) == dt.timedelta(days=146)
