"""The strategy's own table, filled (issue 14 point 7): Kemi's goal × department table with
Tavoite · Toimenpiteet · Vastuu ja aikataulu · Mittarit, arviointi · Toteuma · SDG, and
Pieksämäki's action plan (Toimenpide · Aikataulu · Vastuutaho · Mittari · Seuranta · Toteuma),
in the XLSX workbook and the review PDF, read back with openpyxl and pypdf.

The statistics database is written by the store's own RefreshWriter with a few series for
Kemi and Pieksämäki (the town, its peers, the country), so some mittarit have values and
most have none; the configuration is the repository's catalog and the two strategies, copied.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from mittaristo.config.load import load_config
from mittaristo.formatting import format_indicator_value, format_period
from mittaristo.i18n import t
from mittaristo.scorecard import build_scorecard, regions_needed
from mittaristo.store import RefreshWriter
from reports import build_report
from reports.plan_table import build_plan_table, plan_layout

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 3, 1)
TOWNS = ("kemi", "pieksamaki", "heinola")
# Series with values: Kemi's CO2 emissions (direction), unemployment rate (direction),
# accumulated deficit (a level), its own environment budget outcome (manual) and
# Pieksämäki's overnight stays (followed).
SEEDED = {
    "co2_paastot": 420.0,
    "tyottomyysaste": 14.0,
    "kertynyt_ylijaama_per_asukas": -900.0,
    "ta_toteuma_ymparisto": 101.0,
    "yopymiset": 90000.0,
}
KEMI_HEADERS = ["Tavoite", "Toimenpiteet", "Vastuu ja aikataulu", "Mittarit, arviointi", "Toteuma", "SDG"]  # fmt: skip
PIEKSAMAKI_HEADERS = ["Toimenpide", "Aikataulu", "Vastuutaho", "Mittari", "Seuranta", "Toteuma"]


def _frames(config) -> dict[str, pd.DataFrame]:
    regions = sorted({r for town in TOWNS for r in regions_needed(config.strategies[town])})
    out = {}
    for k, (ind, start) in enumerate(SEEDED.items()):
        rows = [
            ("demo", "t", ind, "", region, str(year),
             round(start * (1 + 0.01 * r) + (year - 2015) * (k - 2) * 0.7, 2), None)
            for r, region in enumerate(regions)
            for year in range(2015, 2025)
        ]  # fmt: skip
        out[ind] = pd.DataFrame(rows, columns=["source", "dataset", "measure", "dimensions", "region", "period", "value", "symbol"])  # fmt: skip
    return out


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("plan")
    cfg_dir = base / "config"
    (cfg_dir / "strategies").mkdir(parents=True)
    shutil.copy(ROOT / "indicators.yaml", cfg_dir)
    for town in TOWNS:
        shutil.copy(ROOT / "strategies" / f"{town}.yaml", cfg_dir / "strategies")
    config = load_config(cfg_dir)
    db, eds = base / "stats.duckdb", base / "edits.duckdb"
    with RefreshWriter(db, kind="demo", source_label="demo") as writer:
        for ind, frame in _frames(config).items():
            writer.write_series(frame, indicator_id=ind, source_kind="pxweb",
                                release_time="2026-02-01T06:00:00Z")  # fmt: skip
        writer.finish()
    return {"config": config, "db": db, "edits": eds, "out": base}


def _build(env, town: str, fmt: str, lang: str = "fi", config=None) -> Path:
    out = env["out"] / f"{town}-{lang}.{fmt}"
    return build_report(town, fmt, lang, out, db_path=env["db"], edits_path=env["edits"],
                        config=config or env["config"], today=TODAY)  # fmt: skip


@pytest.fixture(scope="module")
def kemi_book(env):
    from openpyxl import load_workbook

    return load_workbook(_build(env, "kemi", "xlsx"))


def _sheet_rows(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=6, values_only=True))


def _row(rows: list[tuple], department: str, tavoite: str) -> tuple:
    """The body row of `tavoite` under the department header `department`."""
    goal_mark = t("plan_goal", "fi", goal="")
    current = None
    for values in rows:
        if values[0] and all(v is None for v in values[1:]):  # a merged header row
            if not values[0].startswith(goal_mark):
                current = values[0]
            continue
        if current == department and values[0] and values[0].startswith(tavoite):
            return values
    raise AssertionError(f"no row {tavoite!r} under {department!r}")


def test_layout_is_decided_by_the_strategy_structure(env):
    config = env["config"]
    assert plan_layout(config.strategies["kemi"]) == "departments"
    assert plan_layout(config.strategies["pieksamaki"]) == "actions"
    assert plan_layout(config.strategies["heinola"]) is None  # sub-goals without departments
    # Kemi's shape without its town name: the same strategy under another id gets the table.
    other = config.strategies["kemi"].model_copy(update={"town": "muukunta"})
    assert plan_layout(other) == "departments"


def test_kemi_sheet_has_the_documents_six_columns_and_print_setup(kemi_book):
    names = kemi_book.sheetnames
    assert names[1] == t("plan_sheet", "fi")
    ws = kemi_book[t("plan_sheet", "fi")]
    assert [c.value for c in ws[5]] == KEMI_HEADERS
    assert ws.freeze_panes == "A6"
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    widths = [ws.column_dimensions[c].width for c in "ABCDEF"]
    assert all(w >= 20 for w in widths)
    body = _sheet_rows(ws)
    wrapped = [ws.cell(6 + i, 2) for i, v in enumerate(body) if v[1]]
    assert wrapped and all(c.alignment.wrap_text for c in wrapped)


def test_kemi_rows_are_the_documents_goals_departments_actions_and_mittarit(kemi_book, env):
    ws = kemi_book[t("plan_sheet", "fi")]
    rows = _sheet_rows(ws)
    firsts = [v[0] for v in rows]
    assert "Strateginen päämäärä: Elinvoimainen kaupunki" in firsts
    assert "Strateginen päämäärä: Hyvinvoivat asukkaat" in firsts
    assert "Ympäristötoimiala" in firsts and "Keskusvirasto" in firsts
    # Header rows are merged across the six columns, as the document's table headings.
    merged = {str(m) for m in ws.merged_cells.ranges}
    goal_row = 6 + firsts.index("Strateginen päämäärä: Elinvoimainen kaupunki")
    assert f"A{goal_row}:F{goal_row}" in merged
    # The first table of the document: ELINVOIMAINEN KAUPUNKI, ympäristö.
    co2 = _row(rows, "Ympäristötoimiala", "Vihreä ja kestävä Kemi lisää vetovoimaamme")
    assert co2[1] == "CO2 kasvihuonepäästöjen vähentäminen."
    assert co2[2] == "Ympäristöpäällikkö / jatkuva"
    assert co2[3].startswith("Hiilidioksidi (CO2) päästöjen kehitys.")
    assert "“CO2 kasvihuonepäästöjen vähentäminen.”" in co2[3]  # the document's target words
    plans = _row(rows, "Ympäristötoimiala", "Kaupunkiympäristömme on kaunis")
    assert plans[1].split("\n") == [
        "1. Kevyen liikenteen verkon kehittäminen laatimalla pyöräkaistasuunnitelma.",
        "2. Suojatiesuunnitelman laatiminen.",
        "3. Ruutipuiston perusparannus.",
    ]
    assert plans[2].split("\n")[0] == "1. Ympäristöjohtaja / 2022"
    assert plans[3].startswith("Valmiit suunnitelmat/toteutus")


def test_every_target_word_of_kemi_is_in_the_sheet(kemi_book, env):
    ws = kemi_book[t("plan_sheet", "fi")]
    text = "\n".join(v for row in _sheet_rows(ws) for v in row if isinstance(v, str))
    strategy = env["config"].strategies["kemi"]
    quoted = [u.target.text for _, _, u in strategy.indicator_uses() if u.target.text]
    assert len(quoted) > 20
    assert [q for q in quoted if q not in text] == []
    # Every mittari and every action of the strategy is in the table.
    assert [u.text for _, _, u in strategy.indicator_uses() if u.text not in text] == []
    assert [a.text for _, _, a in strategy.actions() if a.text not in text] == []


def test_toteuma_is_filled_from_the_data(kemi_book, env):
    config = env["config"]
    ws = kemi_book[t("plan_sheet", "fi")]
    rows = _sheet_rows(ws)
    # CO2: the newest value with its unit and period, and the status word.
    co2 = _row(rows, "Ympäristötoimiala", "Vihreä ja kestävä Kemi lisää vetovoimaamme")
    frame = _frames(config)["co2_paastot"]
    latest = frame[(frame.region == "KU240") & (frame.period == "2024")]["value"].item()
    ind = config.catalog.by_id()["co2_paastot"]
    value = format_indicator_value(latest, ind, "fi")
    assert value.startswith("4") and "kt CO2-ekv." in value
    assert co2[4].startswith(f"{value} ({format_period('2024', 'fi')}) · ")
    scorecard = build_scorecard(config, "kemi", _all(pd.concat(_frames(config).values())), TODAY)
    status = next(r for r in scorecard if r.use.id == "ek-ymp-vihrea-co2").status
    assert t(f"status_{status.value}", "fi") in co2[4]
    # Two mittarit in one row: numbered alike in Mittarit and Toteuma.
    talous = _row(rows, "Ympäristötoimiala", "Olemme uudistuva kunta")
    assert (
        talous[3].startswith("1. Valmis suunnitelma.")
        and "\n2. Toteuma TA:n mukainen." in talous[3]
    )
    done = talous[4].split("\n")
    assert done[0] == f"1. ⊘ {t('status_not_reported', 'fi')}"  # a 2022 milestone nobody reported
    assert done[1].startswith("2. ") and "% talousarviosta (2024)" in done[1]
    # No series value: the no-data word.
    permits = _row(rows, "Ympäristötoimiala", "Kaupunkimme yritysympäristö on kilpailukykyinen")
    assert permits[4] == f"○ {t('status_no_data', 'fi')}"


def _all(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns={"measure": "indicator_id"})[["indicator_id", "region", "period", "value"]]  # fmt: skip


def test_sdg_tags_with_their_names(kemi_book, env):
    ws = kemi_book[t("plan_sheet", "fi")]
    rows = _sheet_rows(ws)
    tourism = _row(rows, "Elinvoimatoimiala", "Uudistuvat kaupalliset palvelut, ympärivuotinen")
    sdg = [r for r in rows if r[0] == tourism[0] and r[5]]
    assert sdg[0][5].split("\n") == [
        "3 Terveyttä ja hyvinvointia", "6 Puhdas vesi ja sanitaatio",
        "7 Edullista ja puhdasta energiaa", "8 Ihmisarvoista työtä ja talouskasvua",
        "9 Kestävää teollisuutta, innovaatioita ja infrastruktuureja",
        "11 Kestävät kaupungit ja yhteisöt", "12 Vastuullista kuluttamista", "13 Ilmastotekoja",
        "14 Vedenalainen elämä", "15 Maanpäällinen elämä",
    ]  # fmt: skip
    perusturva = _row(rows, "Perusturvatoimiala", "Tuemme ja edistämme kuntalaisten terveyttä")
    assert perusturva[5] == "1 Ei köyhyyttä\n2 Ei nälkää"
    # Every SDG tag of the strategy (20, all on sub-goals) is in the column, once per row.
    strategy = env["config"].strategies["kemi"]
    tags = sum(len(s.sdg) for g in strategy.goals for s in g.subgoals)
    assert tags == 20
    assert sum(len(r[5].split("\n")) for r in rows if r[5]) == tags


def test_swedish_headers(env):
    from openpyxl import load_workbook

    book = load_workbook(_build(env, "kemi", "xlsx", "sv"))
    ws = book[t("plan_sheet", "sv")]
    assert [c.value for c in ws[5]] == [
        t(k, "sv") for k in ("plan_col_goal", "plan_col_actions", "plan_col_owner_schedule",
                             "plan_col_mittarit", "plan_col_toteuma", "plan_col_sdg")
    ]  # fmt: skip
    assert "Ansvar och tidtabell" in [c.value for c in ws[5]]


def test_pieksamaki_gets_its_own_columns(env):
    from openpyxl import load_workbook

    book = load_workbook(_build(env, "pieksamaki", "xlsx"))
    ws = book[t("plan_sheet", "fi")]
    assert [c.value for c in ws[5]] == PIEKSAMAKI_HEADERS
    rows = _sheet_rows(ws)
    stays = next(r for r in rows if r[0] == "Pieksämäen matkailun edistäminen")
    assert stays[1] == "2022–" and stays[2] == "Yrityspalvelut, alueen matkailuyritykset"
    assert stays[3].startswith("Yöpymisten lukumäärä seutukunnittain")
    assert stays[4] == "Majoitustilasto"
    assert "(2024)" in stays[5] and t("status_reported", "fi") in stays[5]
    assert rows[0][0].startswith("1. Turvaamme kestävällä kuntataloudella")
    assert rows[1][0].startswith("• Vahvistamme elinkeinoelämän toimintaedellytyksiä")


def test_a_strategy_in_neither_shape_has_no_table(env):
    from openpyxl import load_workbook

    book = load_workbook(_build(env, "heinola", "xlsx"))
    assert t("plan_sheet", "fi") not in book.sheetnames


def test_control_characters_in_the_table_export(env, tmp_path):
    config = env["config"]
    kemi = config.strategies["kemi"]
    goal = kemi.goals[0]
    sub = goal.subgoals[0]
    odd_sub = sub.model_copy(
        update={"name": sub.name.model_copy(update={"fi": "Vihreä\x0bKemi\x07"})}
    )  # noqa: E501
    odd_goal = goal.model_copy(update={"subgoals": [odd_sub, *goal.subgoals[1:]]})
    odd = dataclasses.replace(
        config, strategies={"kemi": kemi.model_copy(update={"goals": [odd_goal, *kemi.goals[1:]]})}
    )  # noqa: E501
    from openpyxl import load_workbook

    ws = load_workbook(_build(env, "kemi", "xlsx", config=odd))[t("plan_sheet", "fi")]
    assert any(v == "Vihreä\nKemi" for row in _sheet_rows(ws) for v in row)


def test_the_pdf_has_the_table_section(env):
    from pypdf import PdfReader

    path = _build(env, "kemi", "pdf")
    reader = PdfReader(str(path))
    pages = [page.extract_text() for page in reader.pages]
    flat = [" ".join(p.replace("\u00a0", " ").split()) for p in pages]
    start = next(i for i, p in enumerate(flat) if t("plan_title", "fi") in p)
    section = " ".join(flat[start:])
    for head in KEMI_HEADERS:
        assert head in section
    assert "Strateginen päämäärä: Elinvoimainen kaupunki" in section
    assert "CO2 kasvihuonepäästöjen vähentäminen." in section
    assert "Ympäristöpäällikkö / jatkuva" in section
    assert "Ei raportoitu" in section and "9 Kestävää teollisuutta" in section
    box = reader.pages[start].mediabox
    assert box.width > box.height  # the section is landscape
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert t("plan_title", "fi") in outline


def test_rows_are_pure_over_the_scorecard(env):
    """The same rows for the XLSX and the PDF: built from the strategy and the scorecard only."""
    config = env["config"]
    frame = _all(pd.concat(_frames(config).values()))
    rows = build_scorecard(config, "kemi", frame, TODAY)
    table = build_plan_table(config.strategies["kemi"], rows, "en", today=TODAY)
    assert table is not None and table.headers[4] == "Outcome"
    assert len(table.body()) == sum(len(g.subgoals) for g in config.strategies["kemi"].goals)


def test_toteuma_has_the_action_status_an_editor_marked(env, tmp_path):
    """An editor's marked status of an action (edits DB) is in the row's Toteuma, numbered as
    the Toimenpiteet cell (Kemi) or alone (Pieksämäki, one action a row); unmarked actions
    add nothing."""
    from openpyxl import load_workbook

    from mittaristo import edits
    from mittaristo.formatting import format_date

    config, eds = env["config"], tmp_path / "edits.duckdb"
    editor = edits.Editor("Testi Tekijä", "cli")
    kemi = config.strategies["kemi"]
    sub = next(s for g in kemi.goals for s in g.subgoals if s.id == "ek-ymp-kaupunkiymparisto")
    second = sub.actions[1]  # "Suojatiesuunnitelman laatiminen." of three
    done = edits.set_action_status(
        "kemi", second.id, "done", editor=editor, path=eds, config_status=second.status
    )
    out = build_report("kemi", "xlsx", "fi", tmp_path / "k.xlsx", db_path=env["db"],
                       edits_path=eds, config=config, today=TODAY)  # fmt: skip
    rows = _sheet_rows(load_workbook(out)[t("plan_sheet", "fi")])
    plans = _row(rows, "Ympäristötoimiala", "Kaupunkiympäristömme on kaunis")
    day = format_date(done.changed_at.date(), "fi")
    assert plans[1].split("\n")[1] == "2. Suojatiesuunnitelman laatiminen."
    assert plans[4].split("\n")[-1] == f"Toimenpide 2: Valmis (merkitty {day}, Testi Tekijä)"
    assert "Toimenpide 1" not in plans[4] and "Toimenpide 3" not in plans[4]
    co2 = _row(rows, "Ympäristötoimiala", "Vihreä ja kestävä Kemi lisää vetovoimaamme")
    assert "Toimenpide" not in co2[4]  # nobody marked its action

    stays = next(a for _, _, a in config.strategies["pieksamaki"].actions() if a.id == "matkailun-edistaminen")  # fmt: skip
    going = edits.set_action_status(
        "pieksamaki", stays.id, "done", editor=editor, path=eds, config_status=stays.status
    )
    out = build_report("pieksamaki", "xlsx", "sv", tmp_path / "p.xlsx", db_path=env["db"],
                       edits_path=eds, config=config, today=TODAY)  # fmt: skip
    rows = _sheet_rows(load_workbook(out)[t("plan_sheet", "sv")])
    row = next(r for r in rows if r[0] == stays.text)
    day = format_date(going.changed_at.date(), "sv")
    assert (
        row[5].split("\n")[-1] == f"Åtgärd: {t('action_done', 'sv')} (markerad {day}, Testi Tekijä)"
    )
    assert t("status_reported", "sv") in row[5]  # the mittari's Toteuma stays before it
