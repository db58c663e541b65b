"""The strategy workbook: the shipped template, filled as a town fills it, imports into a valid
strategy; every configured town exported and imported back is the same strategy; a broken row
is refused with sheet, row, column and a hint, and nothing is written."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from loaders.cli import main
from mittaristo.config.load import load_config
from mittaristo.config.model import Strategy
from mittaristo.template.export import build_workbook
from mittaristo.template.importing import import_workbook

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT)
CATALOG = CONFIG.catalog.by_id()
PIEKSAMAKI_ROWS = yaml.safe_load(
    (ROOT / "tests" / "data" / "pieksamaki-plan.yaml").read_text("utf-8")
)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """A copy of the project's configuration to import into."""
    shutil.copy(ROOT / "indicators.yaml", tmp_path / "indicators.yaml")
    shutil.copytree(ROOT / "strategies", tmp_path / "strategies")
    return tmp_path


# ------------------------------------------------------------------ filling the template


def fill(template: bytes, spec: dict) -> bytes:
    """Type `spec` into the template as a person does: values under the Finnish headers."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    strategy = book["Strategia"]
    labels = {strategy.cell(r, 1).value: r for r in range(1, strategy.max_row + 1)}
    for label, value in spec.get("strategy", {}).items():
        strategy.cell(labels[label], 2).value = value
    _table(book["Päätökset"], spec.get("decisions", []))
    _table(book["Asiakirjat"], spec.get("documents", []))
    goal_rows = []
    for goal in spec.get("goals", []):
        goal_rows.append({"Päämäärä": goal["goal"]})
        goal_rows += [{"Päämäärä": goal["goal"], "Tavoite": s} for s in goal.get("subgoals", [])]
    _table(book["Tavoitteet"], goal_rows)
    _table(book["Suunnitelma"], spec.get("rows", []))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(ws, rows: list[dict]) -> None:
    columns = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    for r, row in enumerate(rows, start=2):
        for head, value in row.items():
            ws.cell(r, columns[head]).value = value


def blank() -> bytes:
    return build_workbook(None, CONFIG.catalog, "fi")


# ------------------------------------------------------------------ round trip


@pytest.mark.parametrize("town", sorted(CONFIG.strategies))
def test_every_configured_town_exports_and_imports_back_the_same(town):
    strategy = CONFIG.strategies[town]
    result = import_workbook(build_workbook(strategy, CONFIG.catalog, "fi"), town, CATALOG)
    assert result.report.problems == []
    assert Strategy.model_validate(result.data) == strategy


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_round_trip_works_with_swedish_and_english_headers(lang):
    strategy = CONFIG.strategies["kemi"]
    result = import_workbook(build_workbook(strategy, CONFIG.catalog, lang), "kemi", CATALOG)
    assert Strategy.model_validate(result.data) == strategy


def test_cli_template_then_import_writes_a_file_validate_accepts(config_dir, tmp_path, capsys):
    xlsx = tmp_path / "heinola.xlsx"
    args = ["--config-dir", str(config_dir)]
    assert main(["strategy-template", "--town", "heinola", "--out", str(xlsx), *args]) == 0
    assert (
        main(["strategy-template", "--town", "heinola", "--out", str(xlsx), *args]) == 1
    )  # exists
    (config_dir / "strategies" / "heinola.yaml").unlink()
    assert main(["import-strategy", str(xlsx), "--town", "heinola", *args]) == 0
    written = load_config(config_dir).strategies["heinola"]
    assert written == CONFIG.strategies["heinola"]
    assert main(["validate", *args]) == 0
    assert main(["import-strategy", str(xlsx), "--town", "heinola", *args]) == 1  # no --force
    assert "--force" in capsys.readouterr().err


# ------------------------------------------------------------------ Pieksämäki from the seed


def import_pieksamaki():
    return import_workbook(fill(blank(), PIEKSAMAKI_ROWS), "pieksamaki", CATALOG)


def _plan(strategy: Strategy) -> list:
    """What the acceptance compares: goals and sub-goals (Finnish names), mittarit (text,
    owner, schedule, follow-up, target kind and year), actions (text, owner, schedule, the
    mittarit they measure)."""
    out = []
    for goal in strategy.goals:
        uses = {u.id: u for u in goal.indicators}
        out.append((
            goal.name.fi,
            [s.name.fi for s in goal.subgoals],
            [(u.text, u.owner, u.schedule, u.follow_up, u.target.kind, getattr(u.target, "by", None),
              getattr(u.target, "every_months", None)) for u in goal.indicators],
            [(a.text, a.owner, a.schedule, a.status, a.follow_up, [uses[m].text for m in a.measures])
             for a in goal.actions],
        ))  # fmt: skip
    return out


def test_pieksamaki_plan_typed_into_the_template_matches_the_configured_strategy():
    result = import_pieksamaki()
    assert result.report.problems == []
    imported = Strategy.model_validate(result.data)
    shipped = CONFIG.strategies["pieksamaki"]
    assert _plan(imported) == _plan(shipped)
    assert (imported.municipality, imported.period, imported.reviews, imported.peers) == (
        shipped.municipality, shipped.period, shipped.reviews, shipped.peers,
    )  # fmt: skip
    assert imported.title.fi == shipped.title.fi
    kh = shipped.goals[0].indicators[0].target.provenance
    assert all(u.target.provenance == kh for _, _, u in imported.indicator_uses())


def test_pieksamaki_catalog_matches_are_the_configured_ones_or_listed_to_confirm():
    result = import_pieksamaki()
    imported = {
        u.text: u.indicator for _, _, u in Strategy.model_validate(result.data).indicator_uses()
    }
    shipped = {u.text: u.indicator for _, _, u in CONFIG.strategies["pieksamaki"].indicator_uses()}
    confirm = {p.fields["value"] for p in result.report.confirm}
    assert confirm == {
        "vastuualueiden palaute rekrytointien onnistumisesta",
        "Myönnettyjen ELY-yritysinvestointien tukien määrä",
        "Yöpymisten lukumäärä seutukunnittain",
    }
    for text, indicator in shipped.items():
        if text in confirm:  # unclear: no series until a person confirms it
            assert imported[text] is None
            assert indicator in next(p.fields["candidates"] for p in result.report.confirm
                                     if p.fields["value"] == text)  # fmt: skip
        else:
            assert imported[text] == indicator, text


def test_pieksamaki_import_through_the_cli_validates(config_dir, tmp_path, capsys):
    xlsx = tmp_path / "pieksamaki.xlsx"
    xlsx.write_bytes(fill(blank(), PIEKSAMAKI_ROWS))
    args = ["--config-dir", str(config_dir)]
    assert main(["import-strategy", str(xlsx), "--town", "pieksamaki", "--force", *args]) == 0
    out = capsys.readouterr().out
    assert "28 mittaria" in out and "23 toimenpidettä" in out and "vahvistettavia 3" in out
    assert main(["validate", *args]) == 0


# ------------------------------------------------------------------ broken rows


BROKEN = {
    "Tavoitetaso": ("hyvä", "Suunnitelma", "H", "Tavoitetaso"),
    "Tavoitevuosi": ("ensi vuonna", "Suunnitelma", "I", "Tavoitevuosi"),
    "SDG": ("18", "Suunnitelma", "K", "SDG"),
    "Toimenpiteen tila": ("melkein", "Suunnitelma", "L", "Toimenpiteen tila"),
    "Tilastosarja": ("tyottomyys_aste", "Suunnitelma", "M", "Tilastosarja"),
}


def _broken(column: str) -> bytes:
    spec = yaml.safe_load(yaml.safe_dump(PIEKSAMAKI_ROWS))
    spec["rows"][5][column] = BROKEN[column][0]  # the sixth plan row = sheet row 7
    return fill(blank(), spec)


@pytest.mark.parametrize("column", sorted(BROKEN))
def test_a_broken_cell_is_the_one_problem_named_with_its_place_and_a_hint(column):
    _, sheet, letter, head = BROKEN[column]
    result = import_workbook(_broken(column), "pieksamaki", CATALOG)
    assert [(p.sheet, p.row, p.column, p.header) for p in result.report.problems] == [
        (sheet, 7, letter, head)
    ]
    problem = result.report.problems[0]
    assert problem.hint and f"{sheet}!{letter}7" in problem.format("fi")


def test_a_broken_row_is_refused_through_the_cli_and_nothing_is_written(
    config_dir, tmp_path, capsys
):
    xlsx = tmp_path / "broken.xlsx"
    xlsx.write_bytes(_broken("SDG"))
    before = {p: p.read_bytes() for p in (config_dir / "strategies").iterdir()}
    out = tmp_path / "out.yaml"
    code = main(["import-strategy", str(xlsx), "--town", "pieksamaki", "--force", "--out", str(out),
                 "--config-dir", str(config_dir)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert (
        "Suunnitelma!K7 (välilehti Suunnitelma, rivi 7, sarake K, SDG): SDG-tavoitteet '18'" in err
    )
    assert "— kirjoita numerot 1–17" in err  # the hint
    assert "Taulukossa on 1 virhe, eikä mitään kirjoitettu" in err
    assert not out.exists()
    assert {p: p.read_bytes() for p in (config_dir / "strategies").iterdir()} == before
    code = main(["import-strategy", str(xlsx), "--town", "pieksamaki", "--force",
                 "--config-dir", str(config_dir)])  # fmt: skip
    assert code == 1
    assert {p: p.read_bytes() for p in (config_dir / "strategies").iterdir()} == before


def test_every_broken_row_is_reported_at_once():
    spec = yaml.safe_load(yaml.safe_dump(PIEKSAMAKI_ROWS))
    spec["rows"][0]["Tavoitetaso"] = "hyvä"
    spec["rows"][3]["SDG"] = "0, 3"
    spec["strategy"]["Strategiakausi"] = "2022"
    result = import_workbook(fill(blank(), spec), "pieksamaki", CATALOG)
    where = sorted((p.sheet, p.row, p.column) for p in result.report.problems)
    assert where == [("Strategia", 11, "B"), ("Suunnitelma", 2, "H"), ("Suunnitelma", 5, "K")]


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, config_dir, capsys):
    bad = tmp_path / "plan.xlsx"
    bad.write_text("Päämäärä;Mittari\n", encoding="utf-8")
    code = main(["import-strategy", str(bad), "--town", "x", "--config-dir", str(config_dir)])
    assert code == 1 and "Excel" in capsys.readouterr().err


# ------------------------------------------------------------------ a Kemi table pasted in


def kemi_paste() -> bytes:
    """Kemi's first goal × department table pasted into a workbook of its own, as Excel pastes
    a Word table: a multi-paragraph cell becomes rows with the cells beside it merged."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Strategia"
    for row in (("Kunta (koodi)", "KU240"), ("Strategiakausi", "2022–2025"),
                ("Hyväksytty", "31.1.2022"), ("Loppuarviointi", "31.12.2025")):  # fmt: skip
        ws.append(row)
    plan = book.create_sheet("Suunnitelma")
    plan.append(["Kemin kaupunkistrategia: ELINVOIMAINEN KAUPUNKI, ympäristö KV 31.1.22 § 3"])
    plan.append(["Päämäärä", "Toimiala", "Tavoite", "Toimenpiteet", "Vastuu ja aikataulu",
                 "Mittarit, arviointi", "Toteuma", "SDG"])  # fmt: skip
    goal, dept = "Elinvoimainen kaupunki", "Ympäristötoimiala"
    plan.append([goal, dept, "Vihreä ja kestävä Kemi lisää vetovoimaamme sekä torjuu ilmastonmuutosta.",
                 "CO2 kasvihuonepäästöjen vähentäminen.", "Ympäristöpäällikkö/jatkuva",
                 "Hiilidioksidi (CO2) päästöjen kehitys.", None, "13"])  # row 3  # fmt: skip
    sub2 = "Kaupunkiympäristömme on kaunis, turvallinen ja vetovoimainen paikka kohtaamisille."
    for action in (
        "Kevyen liikenteen verkon kehittäminen laatimalla pyöräkaistasuunnitelma.",
        "Suojatiesuunnitelman laatiminen.",
        "Ruutipuiston perusparannus.",
    ):  # rows 5–7
        plan.append(
            [None, None, sub2, action, "Ympäristöjohtaja/2022", "Valmiit suunnitelmat/toteutus"]
        )
    plan.merge_cells("C4:C6")
    plan.merge_cells("F4:F6")
    plan.append([None, None, "Kaupunkimme yritysympäristö on kilpailukykyinen.",
                 "Yritystonttien suunnitelman laatiminen kaavoituksen pohjalta.\nRakennuslupamenettelyn tehostaminen.",
                 "Ympäristöjohtaja /jatkuva\nJohtava rakennustarkastaja", "Lupakäsittelyn pituus/vrk."])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_kemi_table_pasted_in_keeps_its_structure():
    result = import_workbook(kemi_paste(), "kemi", CATALOG)
    assert result.report.problems == []
    strategy = Strategy.model_validate(result.data)
    (goal,) = strategy.goals
    assert goal.name.fi == "Elinvoimainen kaupunki" and not goal.actions and not goal.indicators
    assert [s.owner for s in goal.subgoals] == [
        "Ympäristötoimiala"
    ] * 3  # the department carries down
    green, town, business = goal.subgoals
    (co2,) = green.actions
    assert (co2.owner, co2.schedule.text, co2.sdg) == ("Ympäristöpäällikkö", "jatkuva", [13])
    assert green.indicators[0].target.kind == "followed"  # "kehitys" sets no direction
    # three rows of one merged Tavoite and one merged mittari: three actions, one mittari
    assert [a.text for a in town.actions] == [
        "Kevyen liikenteen verkon kehittäminen laatimalla pyöräkaistasuunnitelma.",
        "Suojatiesuunnitelman laatiminen.", "Ruutipuiston perusparannus."]  # fmt: skip
    (plans,) = town.indicators
    assert all(a.measures == [plans.id] for a in town.actions)
    assert {(a.owner, a.schedule.text, a.schedule.start, a.schedule.end) for a in town.actions} == {
        ("Ympäristöjohtaja", "2022", 2022, 2022)}  # fmt: skip
    # "Valmiit" = done, due when the actions' schedule ends (Kemi's file says 2022 too)
    assert (plans.target.kind, plans.target.by, plans.owner) == (
        "milestone",
        2022,
        "Ympäristöjohtaja",
    )
    # one cell with two lines = two actions, the owner cell's lines pair with them
    assert [(a.text, a.owner, a.schedule.text if a.schedule else None) for a in business.actions] == [
        ("Yritystonttien suunnitelman laatiminen kaavoituksen pohjalta.", "Ympäristöjohtaja", "jatkuva"),
        ("Rakennuslupamenettelyn tehostaminen.", "Johtava rakennustarkastaja", None)]  # fmt: skip
    notes = [p.message for p in result.report.notes]
    assert "sheet.note.ignored_column" in notes  # Toteuma
    assert notes.count("sheet.note.split_owner") == 5
    assert "sheet.note.year_assumed" not in notes
