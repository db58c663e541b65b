"""json-stat2 parsing: the recorded 11re answer, every accepted form and every refusal."""

from __future__ import annotations

import copy
import json
import math
import time

import numpy as np
import pytest

from loaders.base import ParseError
from loaders.jsonstat import NO_VALUE, make_jsonstat2, parse_jsonstat2, release_time
from mittaristo.observations import OBS_COLUMNS
from mittaristo.reference import municipality_codes
from tests.conftest import shared_fixture

HELSINKI = "pxweb_v1_statfin_11re_query_helsinki_5y_jsonstat2.json"


def small_doc(**kwargs: object) -> dict:
    """2 regions (2017-style codes) × 2 years × 1 content, old-style names without roles."""
    dims = [("Alue 2017", "Alue 2017", ["SSS", "111"]), ("Vuosi", "Vuosi", ["2015", "2016"])]
    dims.append(("Tiedot", "Tiedot", ["M411"]))
    return make_jsonstat2(dims, kwargs.pop("values", [1.0, 2.0, 3.0, 4.0]), tableid="ka", **kwargs)


def test_recorded_helsinki_population():
    raw = shared_fixture(HELSINKI).read_bytes()
    frame = parse_jsonstat2(raw)
    assert list(frame.columns) == OBS_COLUMNS
    assert frame["period"].astype(str).tolist() == ["2021", "2022", "2023", "2024", "2025"]
    assert frame["value"].tolist() == [658457, 664028, 674500, 684018, 694392]
    assert set(frame["region"]) == {"KU091"}
    assert set(frame["measure"]) == {"vaerak-vaesto"}
    # keyed by the dimensions' codes, which are the same in every language (labels are not)
    assert set(frame["dimensions"]) == {"ikaryhma_10_20180101=SSS;sukupuoli_9_20180101=SSS"}
    assert set(frame["dataset"]) == {"11re"} and set(frame["source"]) == {"pxweb"}
    assert frame["symbol"].isna().all()
    assert release_time(json.loads(raw)) == "2026-04-01T05:00:00Z"


def test_names_without_roles_and_2017_region_codes():
    frame = parse_jsonstat2(small_doc())
    assert frame["region"].astype(str).tolist() == ["SSS", "SSS", "KU111", "KU111"]
    assert frame["period"].astype(str).tolist() == ["2015", "2016", "2015", "2016"]
    assert frame["value"].tolist() == [1.0, 2.0, 3.0, 4.0]
    assert set(frame["dimensions"]) == {""} and set(frame["dataset"]) == {"ka"}


def test_array_form_index_and_size_one_dimension_without_index():
    doc = small_doc()
    doc["dimension"]["Vuosi"]["category"]["index"] = ["2015", "2016"]
    doc["dimension"]["Tiedot"]["category"] = {"label": {"M411": "Väkiluku"}}
    assert parse_jsonstat2(doc)["measure"].astype(str).tolist() == ["M411"] * 4


def test_sparse_values_keep_only_listed_cells():
    frame = parse_jsonstat2(small_doc(values={"1": 20.0, "3": 40.0}))
    assert frame["period"].astype(str).tolist() == ["2016", "2016"]
    assert frame["value"].tolist() == [20.0, 40.0]


def test_status_symbols_blank_the_value():
    frame = parse_jsonstat2(small_doc(values=[1.0, None, 0.0, None], status={"1": "..", "2": "."}))
    assert frame["symbol"].tolist()[1:3] == ["..", "."]
    assert math.isnan(frame["value"][2])  # a value under a symbol is not trusted
    assert len(frame) == 3  # a null without status holds nothing: counted, not stored
    assert frame.attrs == {
        "cells": 4,
        "refused": {NO_VALUE: 1},
        "refused_by_measure": {"M411": {NO_VALUE: 1}},  # a refresh's series, per content code
    }
    assert frame["value"][0] == 1.0 and frame["symbol"].isna()[0]


def test_status_as_list_and_sparse_symbol_cells():
    frame = parse_jsonstat2(small_doc(values=[1.0, None, 3.0, 4.0], status=None))
    assert frame["symbol"].isna().all()
    doc = small_doc(values={"0": 5.0})
    doc["status"] = [None, "...", None, None]
    frame = parse_jsonstat2(doc)
    assert frame["symbol"].tolist()[1] == "..." and len(frame) == 2


def test_other_dimensions_keyed_and_sorted_by_code():
    dims = [
        ("alue_23_20260101", "Alue", ["KU091"]),
        ("sukupuoli_9_20180101", "Sukupuoli", ["1", "2"]),
        ("ikaryhma_10_20180101", "Ikä", ["SSS", "000"]),
        ("timeperiod_y", "Vuosi", ["2024"]),
        ("contentscode", "Tiedot", ["vaerak-vaesto"]),
    ]
    frame = parse_jsonstat2(make_jsonstat2(dims, [1, 2, 3, 4]))
    assert frame["dimensions"].astype(str).tolist() == [
        "ikaryhma_10_20180101=SSS;sukupuoli_9_20180101=1",
        "ikaryhma_10_20180101=000;sukupuoli_9_20180101=1",
        "ikaryhma_10_20180101=SSS;sukupuoli_9_20180101=2",
        "ikaryhma_10_20180101=000;sukupuoli_9_20180101=2",
    ]


def test_roles_win_over_names():
    dims = [("a", "Paikka", ["KU398"]), ("t", "Aika", ["2024M05"]), ("c", "Mitta", ["x"])]
    doc = make_jsonstat2(dims, [7], roles={"geo": ["a"], "time": ["t"], "metric": ["c"]})
    row = parse_jsonstat2(doc).iloc[0]
    assert (row["region"], row["period"], row["measure"], row["dimensions"]) == (
        "KU398",
        "2024M05",
        "x",
        "",
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(value=[1.0, 2.0, 3.0]), "3 values but the dimensions give 4 cells"),
        (lambda d: d.update({"class": "collection"}), "class 'dataset'"),
        (lambda d: d.update(size=[2, 2]), "'id' has 3 entries but 'size' has 2"),
        (lambda d: d.pop("id"), "needs 'id'"),
        (lambda d: d["dimension"].pop("Vuosi"), "not described"),
        (lambda d: d.update(size=[2, 3, 1]), "size says 3 categories"),
        (lambda d: d["dimension"]["Vuosi"]["category"].pop("index"), "no usable index"),
        (lambda d: d.update(value="nope"), "must be a list or an object"),
        (lambda d: d.update(status={"9": ".."}), "outside"),
    ],
)
def test_malformed_documents_raise_parse_error_naming_the_table(change, reason):
    doc = copy.deepcopy(small_doc())
    change(doc)
    with pytest.raises(ParseError, match="ka") as info:
        parse_jsonstat2(doc)
    assert reason in str(info.value)


def test_not_json_and_no_time_dimension():
    with pytest.raises(ParseError, match="not JSON"):
        parse_jsonstat2(b"<html>", dataset="11re")
    doc = make_jsonstat2(
        [("Alue", "Alue", ["SSS"]), ("Tiedot", "Tiedot", ["M411"])], [1], tableid="v"
    )
    with pytest.raises(ParseError, match="v: no time dimension"):
        parse_jsonstat2(doc)


def test_million_cells_parse_fast():
    regions = ["SSS", "MK01", "MK02", *municipality_codes()][:311]
    dims = [
        ("alue_23_20260101", "Alue", regions),
        ("ikaryhma_10_20180101", "Ikä", [f"{a:03d}" for a in range(30)]),
        ("sukupuoli_9_20180101", "Sukupuoli", ["SSS", "1", "2"]),
        ("timeperiod_y", "Vuosi", [str(y) for y in range(1990, 2026)]),
        ("contentscode", "Tiedot", ["vaerak-vaesto"]),
    ]
    total = 311 * 30 * 3 * 36
    values: list[float | None] = np.arange(total, dtype=float).tolist()
    values[::97] = [None] * len(values[::97])
    status = {str(i): ".." for i in range(0, total, 1000)}
    raw = json.dumps(make_jsonstat2(dims, values, tableid="11re", status=status)).encode()

    def best(fn) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    loads, parse = best(lambda: json.loads(raw)), best(lambda: parse_jsonstat2(raw))
    print(
        f"\n{total} cells: json.loads {loads * 1000:.0f} ms, parse_jsonstat2 {parse * 1000:.0f} ms"
    )
    frame = parse_jsonstat2(raw)
    bare = set(range(0, total, 97)) - set(range(0, total, 1000))  # null without status
    assert total == 1_007_640 and len(frame) == total - len(bare)
    assert frame.attrs["refused"] == {NO_VALUE: len(bare)}
    assert frame["value"].isna().sum() == len(status)
    assert (frame["symbol"] == "..").sum() == len(status)
    assert frame["value"][1] == 1.0 and frame["region"][len(frame) - 1] == regions[-1]
    assert frame["dimensions"][len(frame) - 1] == "ikaryhma_10_20180101=029;sukupuoli_9_20180101=2"
