"""`import FILE --format …`: every format, and plain refusals for files in the wrong format.

Recorded responses are read in place from ../shared/fixtures; small inline inputs are made up.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from loaders import imports, sotkanet
from loaders.base import ImportRejected
from loaders.imports import parse_import
from tests.conftest import shared_fixture

DATA = Path(__file__).parent / "data"
SOTKANET_JSON = "sotkanet_1.1_json_indicator127_2009_total.json"
SOTKANET_CSV = "sotkanet_1.1_csv_indicator127_2009_total.csv"
JSONSTAT = "pxweb_v1_statfin_11re_query_helsinki_5y_jsonstat2.json"
META_11RE = "2026/statfin-11re-metadata-fi-2026.json"  # real StatFin metadata, fi


@pytest.fixture(scope="module")
def rmap():
    doc = json.loads(shared_fixture("sotkanet_1.1_regions.json").read_text(encoding="utf-8"))
    return sotkanet.region_map(sotkanet.parse_regions(doc))


def write(tmp_path: Path, name: str, content: str | object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- each format


def test_sotkanet_regions():
    result = parse_import(shared_fixture("sotkanet_1.1_regions.json"), "sotkanet-regions")
    assert result.frame is None and len(result.regions) == 511
    assert result.regions.set_index("id").loc[197, "region"] == "KU422"


def test_sotkanet_json_needs_the_regions_first():
    with pytest.raises(
        ImportRejected,
        match=r"import the Sotkanet regions list first \(--format sotkanet-regions\)",
    ):
        parse_import(shared_fixture(SOTKANET_JSON), "sotkanet-json")


@pytest.mark.parametrize(
    ("name", "fmt"), [(SOTKANET_JSON, "sotkanet-json"), (SOTKANET_CSV, "sotkanet-csv")]
)
def test_a_few_stale_region_ids_are_skipped_and_named(rmap, name, fmt):
    """2009 data against the 2016 list: 3 abolished regions of ~460 are skipped, not fatal."""
    result = parse_import(shared_fixture(name), fmt, region_map=rmap)
    assert result.frame.set_index("region")["value"]["KU111"] == 20374
    assert result.warnings == ["rows of unknown Sotkanet region ids skipped: 455, 456, 730"]


def test_regions_that_do_not_match_the_list_are_refused(rmap):
    """Most ids unknown (a wrong or foreign regions list) → refused, naming them."""
    rows = [{"region": str(9000 + i), "indicator": "127", "year": "2009", "gender": "total",
             "primary value": "1"} for i in range(5)]  # fmt: skip
    rows.append(
        {
            "region": "44",
            "indicator": "127",
            "year": "2009",
            "gender": "total",
            "primary value": "2",
        }
    )
    path = Path(tempfile.mkdtemp()) / "s.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(
        ImportRejected, match=r"not in the regions list: 9000, 9001, 9002, 9003, 9004"
    ):
        parse_import(path, "sotkanet-json", region_map=rmap)


@pytest.mark.parametrize(
    ("name", "fmt"), [(SOTKANET_JSON, "sotkanet-json"), (SOTKANET_CSV, "sotkanet-csv")]
)
def test_sotkanet_rows_when_unknown_ids_may_be_skipped(rmap, name, fmt):
    result = parse_import(shared_fixture(name), fmt, region_map=rmap, allow_unknown_regions=True)
    values = result.frame.set_index("region")["value"]
    assert (values["KU111"], values["KU240"], values["KU422"], values["KU593"], values["SSS"]) == (
        20374,
        22580,
        12788,
        20151,
        5351427,
    )
    assert result.warnings == ["rows of unknown Sotkanet region ids skipped: 455, 456, 730"]


def test_sotkanet_json_numeric_style(tmp_path, rmap):
    rows = [
        {
            "indicator": 5641,
            "region": 282,
            "year": 2023,
            "gender": "total",
            "value": 110.2,
            "absValue": None,
        }
    ]
    result = parse_import(write(tmp_path, "s.json", rows), "sotkanet-json", region_map=rmap)
    assert result.frame[["dataset", "region", "period", "value"]].values.tolist() == [
        ["5641", "KU593", "2023", 110.2]
    ]


def test_jsonstat2():
    result = parse_import(shared_fixture(JSONSTAT), "jsonstat2")
    assert result.frame["value"].tolist() == [658457.0, 664028.0, 674500.0, 684018.0, 694392.0]
    assert set(result.frame["dataset"]) == {"11re"}


def test_jsonstat2_collection_with_one_dataset_is_unwrapped(tmp_path):
    doc = json.loads(shared_fixture(JSONSTAT).read_text(encoding="utf-8"))
    wrapped = {"version": "2.0", "class": "collection", "link": {"item": [doc]}}
    result = parse_import(write(tmp_path, "c.json", wrapped), "jsonstat2")
    assert len(result.frame) == 5


def test_pxweb_csv(tmp_path):
    text = '"Väestö (keksitty esimerkki)"\n\n"Alue";"2023 Väestö 31.12.";"2024 Väestö 31.12."\n"KU111 Heinola";1000;1010\n'
    bare = parse_import(write(tmp_path, "11ra.csv", text), "pxweb-csv")  # a label, no metadata
    assert set(bare.frame["measure"]) == {"Väestö 31.12."} and len(bare.frame) == 2
    assert bare.warnings and "stored by the file's labels" in bare.warnings[0]
    path = write(tmp_path, "11ra.csv", text)
    result = parse_import(path, "pxweb-csv", metadata=[shared_fixture(META_11RE)])
    assert set(result.frame["measure"]) == {"vaerak-vaesto"}
    assert result.frame[["dataset", "region", "period", "value"]].values.tolist() == [
        ["11ra", "KU111", "2023", 1000.0],
        ["11ra", "KU111", "2024", 1010.0],
    ]


def test_manual_csv_and_xlsx(tmp_path):
    towns, ids = (
        {"heinola": "KU111", "KU111": "KU111", "pieksämäki": "KU593", "kemi": "KU240"},
        {
            "asukastyytyvaisyys",
            "sairauspoissaolot",
        },
    )
    result = parse_import(
        DATA / "manual_SYNTHETIC_good.csv", "manual-csv", towns=towns, indicator_ids=ids
    )
    assert len(result.frame) == 4 and result.source_notes
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["kunta", "mittari", "vuosi", "arvo"])
    book.active.append(["kemi", "sairauspoissaolot", 2024, 2.5])
    book.save(tmp_path / "m.xlsx")
    xlsx = parse_import(tmp_path / "m.xlsx", "manual-csv", towns=towns, indicator_ids=ids)
    assert xlsx.frame["value"].tolist() == [2.5]


# --------------------------------------------------------------------------- wrong format


def test_saved_query_is_a_request_not_data():
    with pytest.raises(ImportRejected, match="saved query \\(a request, not data\\)"):
        parse_import(shared_fixture("pxweb_saved_query_statfin_eot_pxt_132a.px.json"), "jsonstat2")


def test_csv_given_as_jsonstat2():
    with pytest.raises(
        ImportRejected, match="--format jsonstat2 expects JSON, but the file is CSV"
    ):
        parse_import(shared_fixture(SOTKANET_CSV), "jsonstat2")


def test_sotkanet_json_given_as_jsonstat2():
    with pytest.raises(
        ImportRejected,
        match=r"not a json-stat2 dataset — the file looks like Sotkanet data JSON \(--format sotkanet-json\)",
    ):
        parse_import(shared_fixture(SOTKANET_JSON), "jsonstat2")


def test_pxweb_metadata_given_as_jsonstat2():
    with pytest.raises(
        ImportRejected, match="not a json-stat2 dataset — the file looks like an unknown JSON"
    ):
        parse_import(shared_fixture("pxweb_v1_statfin_135z_metadata_lfs_monthly.json"), "jsonstat2")


def test_jsonstat2_given_as_sotkanet_json(rmap):
    with pytest.raises(
        ImportRejected, match=r"not Sotkanet data JSON — the file looks like a json-stat2 dataset"
    ):
        parse_import(shared_fixture(JSONSTAT), "sotkanet-json", region_map=rmap)


def test_regions_given_as_sotkanet_data(rmap):
    with pytest.raises(ImportRejected, match="looks like a Sotkanet regions list"):
        parse_import(shared_fixture("sotkanet_1.1_regions.json"), "sotkanet-json", region_map=rmap)


def test_sotkanet_data_given_as_regions():
    with pytest.raises(
        ImportRejected, match="not a Sotkanet regions list — the file looks like Sotkanet data JSON"
    ):
        parse_import(shared_fixture(SOTKANET_JSON), "sotkanet-regions")


def test_json_given_as_csv_formats(rmap):
    with pytest.raises(ImportRejected, match="this is JSON, not a PxWeb CSV"):
        parse_import(shared_fixture(JSONSTAT), "pxweb-csv")
    with pytest.raises(ImportRejected, match="this is JSON, not a Sotkanet CSV"):
        parse_import(shared_fixture(SOTKANET_JSON), "sotkanet-csv", region_map=rmap)


def test_sotkanet_csv_given_as_pxweb_csv():
    with pytest.raises(ImportRejected, match="this is a Sotkanet CSV — use --format sotkanet-csv"):
        parse_import(shared_fixture(SOTKANET_CSV), "pxweb-csv")


def test_unreadable_pxweb_csv(tmp_path):
    with pytest.raises(ImportRejected, match="not a usable PxWeb CSV"):
        parse_import(write(tmp_path, "x.csv", "hello"), "pxweb-csv")


def test_broken_jsonstat2_is_refused_with_the_reason(tmp_path):
    doc = {
        "class": "dataset",
        "id": ["a"],
        "size": [2],
        "dimension": {"a": {"category": {"index": ["x", "y"]}}},
        "value": [1],
    }
    with pytest.raises(ImportRejected, match="not a usable json-stat2 dataset"):
        parse_import(write(tmp_path, "b.json", doc), "jsonstat2")


def test_files_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 100)
    with pytest.raises(ImportRejected, match="over the 0.0001 MB import limit"):
        parse_import(write(tmp_path, "big.json", "[" + " " * 200 + "]"), "sotkanet-regions")


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(ImportRejected, match="no such file"):
        parse_import(tmp_path / "nope.json", "jsonstat2")
    with pytest.raises(ImportRejected, match="unknown format 'px'"):
        parse_import(write(tmp_path, "a.json", []), "px")


# --------------------------------------------------------------------------- every cell kept


def test_pxweb_csv_with_three_value_columns_keeps_every_cell(tmp_path):
    """StatFin's total / men / women as three value columns: 3 cells per row, 3 rows stored."""
    text = (
        '"Väestö 31.12. muuttujina Alue, Tiedot, Vuosi ja Sukupuoli"\n\n'
        '"Alue";"Tiedot";"2021 Yhteensä";"2021 Miehet";"2021 Naiset"\n'
        '"KU091 Helsinki";"Väestö 31.12.";658457;316565;341892\n'
        '"KU049 Espoo";"Väestö 31.12.";"297 132";..;-\n'
    )
    path = write(tmp_path, "11re.csv", text)
    result = parse_import(path, "pxweb-csv", metadata=[shared_fixture(META_11RE)])
    frame = result.frame.set_index(["region", "dimensions"])
    assert len(frame) == 6 and result.cells_read() == 6
    sex = "sukupuoli_9_20180101="  # the headings' labels as their codes (recorded metadata)
    assert frame.loc[("KU091", sex + "1"), "value"] == 316565
    assert frame.loc[("KU049", sex + "SSS"), "value"] == 297132
    assert frame.loc[("KU049", sex + "1"), "symbol"] == ".."
    assert frame.loc[("KU049", sex + "2"), "value"] == 0.0  # StatFin '-': nil
    assert set(result.frame["measure"]) == {"vaerak-vaesto"}
    assert result.accounting() == "read 6 cells: 6 rows stored, 0 cells refused"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            '"Region";"2024"\n"001 Østfold";1\n"005 Halden";2\n',
            "column 'Region': 2 regions are not Finnish",
        ),
        (
            '"Alue";"2024M13"\n"KU091";1\n',
            "line 2, column '2024M13': period '2024M13': there is no month 13",
        ),
        ('"Alue";"Vuosi";"V"\n"KU091";"2024Q5";1\n', "period '2024Q5': there is no quarter 5"),
        ('"Alue";"2024"\n"KU091";1\n"KU091 Helsinki";2\n', "line 3: the same cell as line 2"),
        ('"Postinumeroalue";"2024"\n"00100";1\n', "column 'Postinumeroalue': postal code areas"),
        ('"Vuosi";"Folkmängd"\n2024;10452294\n', "does not say it is about Finland"),
        ('"Alue";"2024"\n"KU091";true\n', "value 'true' is not a number"),
        ('"Alue";"2024"\n"KU091";Infinity\n', "value 'Infinity' is not a number"),
        ('"Alue";"2024"\n"KU091";' + "9" * 400 + "\n", "infinite or beyond"),
    ],
)
def test_pxweb_csv_refusals_name_the_file_and_place(tmp_path, text, says):
    with pytest.raises(ImportRejected) as info:
        parse_import(write(tmp_path, "t.csv", text), "pxweb-csv")
    assert str(info.value).startswith("t.csv: ") and says in str(info.value)


def test_quarter_spelled_k_is_normalised(tmp_path):
    text = '"Alue";"Vuosineljännes";"Työlliset"\n"SSS Koko maa";"2022K1";2500000\n'
    result = parse_import(write(tmp_path, "t.csv", text), "pxweb-csv", content_codes={"Työlliset"})
    assert result.frame[["region", "period"]].values.tolist() == [["SSS", "2022Q1"]]
