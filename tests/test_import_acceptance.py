"""The issue's acceptance, as a user would run it: `python -m loaders import` on real
recorded responses, then `select … from observations` in the same database."""

import json
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import shared_fixture

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args], cwd=ROOT, capture_output=True, text=True
    )


def observations(db: Path, sql: str = "select * from observations") -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def test_jsonstat2_import_gives_the_files_regions_periods_and_values(tmp_path):
    path = shared_fixture("pxweb_v1_statfin_11re_query_helsinki_5y_jsonstat2.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    db = tmp_path / "d.duckdb"
    result = run_cli("import", str(path), "--format", "jsonstat2", "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = observations(db)
    assert list(rows[0]) == [
        "source", "dataset", "measure", "dimensions", "region", "period", "value", "symbol", "fetched_at",
    ]  # fmt: skip
    years = doc["dimension"]["timeperiod_y"]["category"]["index"]
    expected = {year: doc["value"][pos] for year, pos in years.items()}
    got = {r["period"]: r["value"] for r in rows if r["region"] == "KU091"}
    assert got == expected and len(rows) == len(doc["value"])
    assert {r["source"] for r in rows} == {"pxweb"} and rows[0]["dataset"] == "11re"


def test_sotkanet_csv_after_its_regions_list_gives_ku_codes_and_the_files_values(tmp_path):
    db = tmp_path / "d.duckdb"
    regions = shared_fixture("sotkanet_1.1_regions.json")
    csv_file = shared_fixture("sotkanet_1.1_csv_indicator127_2009_total.csv")
    assert (
        run_cli("import", str(regions), "--format", "sotkanet-regions", "--db", str(db)).returncode
        == 0
    )
    result = run_cli("import", str(csv_file), "--format", "sotkanet-csv", "--db", str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    got = {r["region"]: r["value"] for r in observations(db) if r["dataset"] == "127"}
    assert (got["KU111"], got["KU240"], got["KU422"], got["KU593"], got["SSS"]) == (
        20374, 22580, 12788, 20151, 5351427,
    )  # fmt: skip
    assert all(code.startswith(("KU", "MK")) or code == "SSS" for code in got)


def test_wrong_format_is_refused_and_the_database_is_unchanged(tmp_path):
    db = tmp_path / "d.duckdb"
    path = shared_fixture("pxweb_v1_statfin_11re_query_helsinki_5y_jsonstat2.json")
    assert run_cli("import", str(path), "--format", "jsonstat2", "--db", str(db)).returncode == 0
    before = db.read_bytes()
    csv_file = shared_fixture("sotkanet_1.1_csv_indicator127_2009_total.csv")
    result = run_cli("import", str(csv_file), "--format", "jsonstat2", "--db", str(db))
    assert result.returncode == 1 and "json" in (result.stdout + result.stderr).lower()
    assert db.read_bytes() == before
