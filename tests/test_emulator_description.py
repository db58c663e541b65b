"""The emulator serves its own description, and its recorded parts are the recordings.

`loaders/emulator/description.yaml` says per PxWeb table and Sotkanet indicator where its
metadata came from. Here the recorded parts are compared, in place, with the real answers in
../shared/fixtures (skipped when that folder is absent; CI requires it), and the described parts
are checked to say so. Nothing here reads indicators.yaml.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
import requests

from loaders.emulator import start_emulator
from loaders.emulator.description import DEFAULT_DESCRIPTION, load_description
from tests.conftest import SHARED_FIXTURES, shared_fixture

ROOT = Path(__file__).resolve().parents[1]
BASE = "/PxWeb/api/v1/fi/"


@pytest.fixture(scope="module")
def emu():
    with start_emulator(first_year=1972) as running:  # the recorded 11re starts in 1972
        yield running


def _json(name: str):
    return json.loads(shared_fixture(name).read_text(encoding="utf-8"))


def test_every_table_says_where_its_metadata_came_from():
    described = load_description()
    tables = {t.path: t for t in described.tables.values()}
    assert set(tables) == {
        "vaerak/11re.px", "uusin/142h.px", "tyonv/12r5.px", "muutl/11a2.px", "matk/11sl.px",
        "aly/11yq.px",
    }  # fmt: skip
    for table in tables.values():
        assert table.metadata.startswith(("recorded: ", "described from ")), table.path
        if not table.recorded:
            assert "unconfirmed" in table.metadata, table.path
        fixture = table.metadata.removeprefix("recorded: ").split(" ")[0]
        if table.recorded:
            assert (SHARED_FIXTURES / fixture).name.endswith(".json"), fixture
    assert {t.path for t in tables.values() if t.recorded} == {"vaerak/11re.px", "tyonv/12r5.px"}
    assert described.sotkanet_metadata.startswith("titles and organisations recorded: ")
    assert (
        "indicators.yaml"
        not in DEFAULT_DESCRIPTION.read_text(encoding="utf-8").split("\nversion:")[1]
    )


def test_11re_metadata_is_the_recorded_answer(emu):
    real = _json("2026/statfin-11re-metadata-fi-2026.json")
    served = requests.get(emu.url + BASE + "StatFin/vaerak/11re.px").json()
    assert served["title"] == real["title"]
    assert [v["code"] for v in served["variables"]] == [v["code"] for v in real["variables"]]
    for mine, theirs in zip(served["variables"], real["variables"], strict=True):
        assert mine["text"] == theirs["text"]
        assert bool(mine.get("elimination")) == bool(theirs.get("elimination")), mine["code"]
        assert bool(mine.get("time")) == bool(theirs.get("time")), mine["code"]
        if mine["code"].startswith("alue_"):
            # today's classification = the recorded 1.1.2026 list, codes and Finnish names
            assert dict(zip(mine["values"], mine["valueTexts"], strict=True)) == dict(
                zip(theirs["values"], theirs["valueTexts"], strict=True)
            )
            assert mine["values"][:3] == theirs["values"][:3]  # SSS, then by name
        else:
            assert mine["values"] == theirs["values"], mine["code"]
            assert mine["valueTexts"] == theirs["valueTexts"], mine["code"]


def test_11re_jsonstat2_has_the_recorded_dimensions(emu):
    real = _json("2026/statfin-11re-jsonstat2-helsinki-2021-2025.json")
    query = {
        "query": [
            {"code": "alue_23_20260101", "selection": {"filter": "item", "values": ["KU091"]}},
            {"code": "ikaryhma_10_20180101", "selection": {"filter": "item", "values": ["SSS"]}},
            {"code": "sukupuoli_9_20180101", "selection": {"filter": "item", "values": ["SSS"]}},
            {"code": "timeperiod_y", "selection": {"filter": "top", "values": ["5"]}},
        ],
        "response": {"format": "json-stat2"},
    }
    data = requests.post(emu.url + BASE + "StatFin/11re.px", json=query).json()
    for key in ("label", "source", "updated", "role", "id", "size"):
        assert data[key] == real[key], key
    for dim in real["id"]:
        assert data["dimension"][dim]["label"] == real["dimension"][dim]["label"]
        assert (
            data["dimension"][dim]["category"]["index"]
            == real["dimension"][dim]["category"]["index"]
        )
    px, real_px = data["extension"]["px"], real["extension"]["px"]
    for key in ("tableid", "contents", "description", "matrix", "subject-code", "subject-area"):
        assert px[key] == real_px[key], key
    assert data["value"] != real["value"]  # values are synthetic, never the recorded figures


def test_12r5_codes_are_the_recorded_ones(emu):
    real = _json("2026/statfin-pxjson-unemployment_register_kunnat_12r5.json")
    served = requests.get(emu.url + BASE + "StatFin/tyonv/12r5.px").json()
    region, time, content = served["variables"]
    columns = real["columns"]
    assert (
        (region["code"], region["text"])
        == (columns[0]["code"], columns[0]["text"])
        == (
            "Alue",
            "Alue",
        )
    )
    assert (time["code"], time["text"]) == (columns[1]["code"], columns[1]["text"])
    contents = [c for c in columns if c["type"] == "c"]
    assert content["values"] == [c["code"] for c in contents]
    assert content["valueTexts"] == [c["text"] for c in contents]
    recorded_areas = {row["key"][0] for row in real["data"]}
    assert set(region["values"]) <= recorded_areas  # KU-prefixed, as recorded
    assert served["title"] == real["metadata"][0]["label"]


def test_142h_codes_come_from_the_indicator_list_and_the_map_service_config(emu):
    text = shared_fixture("2026/statfin-kuntien-avainluvut-indicator-metadata_tk.csv").read_text(
        encoding="latin-1"
    )
    rows = [
        r
        for r in csv.DictReader(io.StringIO(text), delimiter=";")
        if "Kuntien avainluvut" in (r["Mihin palveluihin kuuluu"] or "")
    ]
    config = shared_fixture("2026/config-paikkatietoikkuna-flyway-v1_69__update_tk_config.sql")
    served = requests.get(emu.url + BASE + "Kuntien_avainluvut/uusin/142h.px").json()
    region, time, content = served["variables"]
    assert region["code"] == "alue_23_20250101" and region["code"] in config.read_text()
    assert time["code"] == "timeperiod_y" and content["code"] == "contentscode"
    assert content["values"] == list(dict.fromkeys(r["Koodi"] for r in rows))
    names = {r["Koodi"]: r["Indikaattorin nimi"] for r in rows}
    assert dict(zip(content["values"], content["valueTexts"], strict=True)) == names
    old = _json("pxweb_v1_kuntien_avainluvut_2017_aikasarja_metadata.json")
    tiedot = next(v for v in old["variables"] if v["code"] == "Tiedot")
    assert set(tiedot["values"]) <= set(content["values"])  # the recorded 2017 codes, all kept


def test_sotkanet_titles_and_organisations_are_the_recorded_list(emu):
    real = {i["id"]: i for i in _json("sotkanet_1.1_indicators_list.json")}
    served = requests.get(emu.url + "/rest/1.1/indicators").json()
    assert served
    for item in served:
        assert item["title"] == {k: real[item["id"]]["title"][k] for k in ("fi", "en", "sv")}
        assert item["organization"] == real[item["id"]]["organization"]


def test_the_committed_description_is_what_the_script_builds(tmp_path):
    shared_fixture("PROVENANCE.md")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_emulator_description as script
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    import yaml

    built = script.build(SHARED_FIXTURES)
    committed = yaml.safe_load(DEFAULT_DESCRIPTION.read_text(encoding="utf-8"))
    assert json.loads(json.dumps(built)) == committed
