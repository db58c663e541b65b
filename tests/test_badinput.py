"""Bad-input corpus: every line of tests/badinput/cases.csv is one case (see its README.md).

Each case must give a clear error that names the file and line (or the URL parameter), must
write nothing (the database file's sha256 is unchanged), and the app must show no traceback.

- catalog / strategy: the case file replaces indicators.yaml / strategies/heinola.yaml of a
  valid base (badinput/yaml/base_*.yaml); checked with load_config, `python -m loaders
  refresh` (exit 1, nothing fetched or written) and the app (an error, no exception).
- manual / import: `python -m loaders import FILE --format FMT` (exit 1, "not changed").
- param: the app with that URL query parameter (Streamlit AppTest): a warning, no exception.
Files named `generated:NAME` are made at test time in a tmp folder (big files are never
committed).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from loaders.cli import main as loaders_main
from mittaristo import store
from mittaristo.config.load import ConfigValidationError, load_config
from mittaristo.reference import municipalities
from tests.reliability_helpers import (
    NO_SYKE_IDS,
    ROOT,
    fast_settings,
    file_hash,
    forget_pxweb_limits,
    load_small_config,
    refresh_in_process,
    table_counts,
    write_small_config,
)

HERE = Path(__file__).resolve().parent / "badinput"
CASES = list(csv.DictReader((HERE / "cases.csv").open(encoding="utf-8", newline="")))
KINDS = {"catalog", "strategy", "manual", "import", "param"}
PAGE_PATHS = {"pages/indicator.py": "mittari", "pages/compare.py": "vertailu"}
LOCATED = re.compile(r"^(indicators\.yaml|strategies/[a-z]+\.yaml)(:\d+)?[ :]")


def cases(*kinds: str) -> list:
    return [pytest.param(c, id=c["id"]) for c in CASES if c["kind"] in kinds]


def test_the_corpus_is_well_formed():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids are unique"
    assert len(CASES) >= 30
    assert {c["kind"] for c in CASES} == KINDS
    for case in CASES:
        assert case["expected"], case["id"]
        if not case["file"].startswith("generated:") and case["kind"] != "param":
            if case["id"] != "import_missing_file":
                assert (HERE / case["file"]).is_file(), case["file"]
        if case["kind"] in ("catalog", "strategy"):
            assert LOCATED.match(case["expected"]), f"{case['id']}: name the file (and line)"
        if case["kind"] in ("manual", "import"):
            assert re.match(r"^[\w.]+(:\d+)?: ", case["expected"]), f"{case['id']}: name the file"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory) -> Path:
    return write_small_config(tmp_path_factory.mktemp("config"))


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, small_dir) -> Path:
    """A database of the small configuration (with the Sotkanet regions, for imports)."""
    from loaders.emulator import start_emulator

    db = tmp_path_factory.mktemp("db") / "mittaristo.duckdb"
    forget_pxweb_limits()
    with start_emulator() as emu:
        code, output = refresh_in_process(
            load_small_config(small_dir), db, fast_settings(emu.env()), only=NO_SYKE_IDS
        )
    assert code == 0, output
    return db


@pytest.fixture
def db(base_db, tmp_path) -> Path:
    target = tmp_path / "db" / "mittaristo.duckdb"
    target.parent.mkdir()
    shutil.copyfile(base_db, target)
    return target


@pytest.fixture
def offline(monkeypatch):
    """Should a case wrongly pass validation, the refresh hits a closed local port, never the
    internet."""
    from loaders.emulator import unused_port

    closed = f"http://127.0.0.1:{unused_port()}"
    for name in ("MITTARISTO_PXWEB_URL", "MITTARISTO_SOTKANET_URL", "MITTARISTO_SYKE_URL"):
        monkeypatch.setenv(name, closed)


def run_loaders(*args: str) -> tuple[int, str]:
    """`python -m loaders ARGS` in this process: (exit code, stdout + stderr)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = loaders_main([str(a) for a in args])
    return code, out.getvalue()


def run_app(
    monkeypatch,
    *,
    db: Path,
    config_dir: Path,
    page: str = "app.py",
    params: dict[str, str] | None = None,
) -> AppTest:
    """The dashboard in Streamlit's AppTest with fresh caches (the config is cached per process)."""
    monkeypatch.setenv("MITTARISTO_DB", str(db))
    monkeypatch.setenv("MITTARISTO_CONFIG_DIR", str(config_dir))
    monkeypatch.setenv("MITTARISTO_EDITS_DB", str(db.parent / "edits.duckdb"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    # A ?mittari= link is routed to the indicator page by the app itself (?sivu=mittari);
    # otherwise go there as a click in the navigation would.
    routed = at.query_params.get("sivu") == PAGE_PATHS.get(page)
    if page != "app.py" and not at.exception and not routed:
        at.switch_page(page)
        at.run()
    return at


def assert_no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(str(getattr(e, "value", "")) for e in [*at.markdown, *at.error, *at.code])
    assert "Traceback (most recent call last)" not in shown


# --------------------------------------------------------------------------- generated files


def generate(name: str, folder: Path) -> Path:
    """Big or binary inputs, made at test time (never committed)."""
    folder.mkdir(parents=True, exist_ok=True)
    if name == "huge_yaml":
        path = folder / "indicators.yaml"
        base = (HERE / "yaml" / "base_indicators.yaml").read_bytes()
        line = b"# " + b"x" * 97 + b"\n"
        with path.open("wb") as out:
            out.write(base)
            out.write(line * ((6_000_000 - len(base)) // len(line)))
            out.write(b"#" * (6_000_000 - out.tell() - 1) + b"\n")
        return path
    if name == "big_csv":
        path = folder / "big.csv"
        row = b"heinola;suosittelu;2024;72\n"
        with path.open("wb") as out:
            out.write(b"town;indicator;period;value\n")
            chunk = row * 100_000
            while out.tell() + len(chunk) <= 50_000_000:
                out.write(chunk)
            out.write(b"\n" * (50_000_000 - out.tell()))
        return path
    if name == "big_json":
        path = folder / "big.json"
        with path.open("wb") as out:
            out.write(b'{"class": "dataset", "padding": "')
            out.write(b"x" * (50_000_001 - out.tell() - 2))
            out.write(b'"}')
        return path
    rows = {
        "xlsx_wrong_columns": (
            "wrong_columns.xlsx",
            [["kunta", "mittari", "vuosi", "määrä"], ["heinola", "suosittelu", 2024, 72]],
        ),
        "xlsx_text_in_number": (
            "text_in_number.xlsx",
            [
                ["town", "indicator", "period", "value"],
                ["heinola", "suosittelu", 2023, 70],
                ["heinola", "suosittelu", 2024, "noin 70"],
            ],
        ),
        "xlsx_date_period": (
            "date_period.xlsx",
            [
                ["town", "indicator", "period", "value"],
                ["heinola", "suosittelu", dt.datetime(2024, 3, 1), 72],
            ],
        ),
    }
    if name == "xlsx_bomb":
        return xlsx_bomb(folder / "bomb.xlsx")
    if name == "xlsx_many_rows":
        return xlsx_claiming_rows(folder / "many_rows.xlsx", 200_000)
    if name in rows:
        import openpyxl

        file_name, cells = rows[name]
        book = openpyxl.Workbook()
        for row in cells:
            book.active.append(row)
        path = folder / file_name
        book.save(path)
        return path
    raise KeyError(f"no generator {name!r}")


def xlsx_bomb(path: Path, inflated: int = 200_000_000) -> Path:
    """A valid workbook plus a part of zeros: ~0.2 MB on disk, 200 MB unpacked."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["town", "indicator", "period", "value"])
    book.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w") as part:
            block = bytes(1_000_000)
            for _ in range(inflated // len(block)):
                part.write(block)
    return path


def xlsx_claiming_rows(path: Path, rows: int) -> Path:
    """A small workbook whose sheet says it spans `rows` rows (its dimension element)."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["town", "indicator", "period", "value"])
    book.active.cell(row=rows, column=1, value="heinola")
    book.save(path)
    assert zipfile.is_zipfile(path)
    return path


def case_file(case: dict, tmp_path: Path) -> Path:
    name = case["file"]
    if name.startswith("generated:"):
        return generate(name.split(":", 1)[1], tmp_path / "generated")
    return HERE / name


def expand(value: str) -> str:
    """`{x*10000}` → 10 000 x's, `{\\x00}` → a NUL: values that cannot live in a CSV cell."""
    value = re.sub(r"\{(.)\*(\d+)\}", lambda m: m[1] * int(m[2]), value)
    return re.sub(r"\{\\x([0-9a-fA-F]{2})\}", lambda m: chr(int(m[1], 16)), value)


# --------------------------------------------------------------------------- the cases


def config_with(case: dict, tmp_path: Path) -> Path:
    root = tmp_path / "config"
    (root / "strategies").mkdir(parents=True)
    shutil.copyfile(HERE / "yaml" / "base_indicators.yaml", root / "indicators.yaml")
    shutil.copyfile(HERE / "yaml" / "base_strategy.yaml", root / "strategies" / "heinola.yaml")
    bad = case_file(case, tmp_path)
    target = root / ("indicators.yaml" if case["kind"] == "catalog" else "strategies/heinola.yaml")
    shutil.copyfile(bad, target)
    return root


def test_the_yaml_base_is_valid(tmp_path):
    case = {"kind": "catalog", "file": "yaml/base_indicators.yaml"}
    load_config(config_with(case, tmp_path))


@pytest.mark.parametrize("case", cases("catalog", "strategy"))
def test_bad_configuration(case, tmp_path, db, offline, monkeypatch):
    root = config_with(case, tmp_path)
    names = {code: area.name_fi for code, area in municipalities().items()}
    with pytest.raises(ConfigValidationError) as info:
        load_config(root, municipalities=names)
    issues = [str(issue) for issue in info.value.issues]
    assert any(case["expected"] in issue for issue in issues), issues

    before = file_hash(db)
    code, output = run_loaders("refresh", "--db", db, "--config-dir", root)
    assert code == 1 and case["expected"] in output, output
    assert "virhe" in output and "in the configuration" in output
    code, output = run_loaders("validate", "--config-dir", root)
    assert code == 1 and case["expected"] in output, output
    assert file_hash(db) == before, "an invalid configuration wrote to the database"

    at = run_app(monkeypatch, db=db, config_dir=root)
    assert_no_traceback(at)
    errors = " ".join(e.value for e in at.error)
    assert case["expected"].split(":")[0].split(" ")[0] in errors, errors
    assert file_hash(db) == before


@pytest.mark.parametrize("case", cases("manual", "import"))
def test_bad_file_import(case, tmp_path, db, small_dir):
    path = case_file(case, tmp_path)
    before, tables = file_hash(db), table_counts(db)
    code, output = run_loaders(
        "import", path, "--format", case["param"], "--db", db, "--config-dir", small_dir
    )
    assert code == 1, output
    assert case["expected"] in output, output
    assert "the database was not changed" in output
    assert "Traceback" not in output
    assert file_hash(db) == before, "a rejected file changed the database"
    assert table_counts(db) == tables
    assert not list(db.parent.glob("*.tmp-*")), "no temp copy left behind"


@pytest.mark.parametrize("case", cases("param"))
def test_bad_query_parameter(case, tmp_path, db, small_dir, monkeypatch):
    name, _, value = case["param"].partition("=")
    before = file_hash(db)
    at = run_app(
        monkeypatch, db=db, config_dir=small_dir, page=case["file"], params={name: expand(value)}
    )
    assert_no_traceback(at)
    assert not at.error, [e.value for e in at.error]
    warnings = [w.value for w in at.warning]
    assert any(case["expected"] in w for w in warnings), warnings
    assert at.title, "the page still shows its default view"
    assert file_hash(db) == before
    assert table_counts(db)["load_run"] == 1


def test_good_manual_file_in_latin1_and_with_bom_is_read_right(tmp_path, db, small_dir):
    """The tricky-but-valid encodings are accepted with the right values (and a warning)."""
    rows = "town;indicator;period;value\nPieksämäki;suosittelu;2024;72,5\nheinola;suosittelu;2024;1 234,5\n"
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(rows.encode("cp1252"))
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + rows.replace("2024", "2023").encode("utf-8"))
    code, output = run_loaders(
        "import", latin1, "--format", "manual-csv", "--db", db, "--config-dir", small_dir
    )
    assert code == 0 and "was not UTF-8" in output, output
    code, output = run_loaders(
        "import", bom, "--format", "manual-csv", "--db", db, "--config-dir", small_dir
    )
    assert code == 0 and "warning" not in output, output
    values = store.current_series(db, "suosittelu").set_index(["region", "period"])["value"]
    assert values.to_dict() == {
        ("KU111", "2023"): 1234.5,
        ("KU111", "2024"): 1234.5,
        ("KU593", "2023"): 72.5,
        ("KU593", "2024"): 72.5,
    }
