"""The local emulator speaks the real PxWeb v1 / Sotkanet 1.1 / SYKE formats and injects faults.

Checked with plain `requests` and sockets (never with the project's loaders, which are tested
against the emulator elsewhere). The emulator serves its own description
(loaders/emulator/description.yaml), never a catalog.
"""

from __future__ import annotations

import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from loaders.emulator import FAULT_KINDS, start_emulator, unused_port
from loaders.emulator.faults import parse_fault

ROOT = Path(__file__).resolve().parents[1]
KA = "/PxWeb/api/v1/fi/Kuntien_avainluvut/uusin/142h.px"
RE = "/PxWeb/api/v1/fi/StatFin/vaerak/11re.px"
REGION, TIME, CONTENT = "alue_23_20250101", "timeperiod_y", "contentscode"  # 142h
RE_REGION = "alue_23_20260101"
KA_CODES = ["M162", "M297"]


@pytest.fixture(scope="module")
def emu():
    with start_emulator() as running:
        yield running


@pytest.fixture
def make():
    """Start emulators with faults for one test; all are stopped afterwards."""
    started = []

    def _make(*faults: str, **kwargs):
        started.append(start_emulator(faults=faults, **kwargs))
        return started[-1]

    yield _make
    for running in started:
        running.stop()


def ka_query(regions=("KU111", "KU240"), top="3") -> dict:
    return {
        "query": [
            {"code": REGION, "selection": {"filter": "item", "values": list(regions)}},
            {"code": TIME, "selection": {"filter": "top", "values": [top]}},
            {"code": CONTENT, "selection": {"filter": "item", "values": KA_CODES}},
        ],
        "response": {"format": "json-stat2"},
    }


# --------------------------------------------------------------------------- CLI


def _cli(*args: str) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "loaders.emulator",
        "--port",
        "0",
        "--detach",
        "never",
        *args,
    ]
    return subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_cli_prints_the_three_env_lines_first_and_survives_a_closed_pipe():
    proc = _cli()
    try:
        lines = [proc.stdout.readline().strip() for _ in range(3)]
        proc.stdout.close()  # like `| head -n 3`
        env = dict(line.split("=", 1) for line in lines)
        assert list(env) == [
            "MITTARISTO_PXWEB_URL",
            "MITTARISTO_SOTKANET_URL",
            "MITTARISTO_SYKE_URL",
        ]
        assert env["MITTARISTO_PXWEB_URL"].endswith("/PxWeb/api/v1")
        assert ":0/" not in env["MITTARISTO_PXWEB_URL"]  # port 0 prints the real port
        config = requests.get(env["MITTARISTO_PXWEB_URL"] + "/fi/?config", timeout=10)
        assert config.json()["maxValues"] == 120_000
        assert requests.get(env["MITTARISTO_SOTKANET_URL"] + "/regions", timeout=10).ok
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        proc.stderr.close()


def test_cli_runs_a_command_with_the_variables_and_returns_its_exit_code():
    child = "import os, sys; print(os.environ['MITTARISTO_SYKE_URL']); sys.exit(3)"
    proc = _cli("--", sys.executable, "-c", child)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 3
    assert out.splitlines()[-1].endswith("/syke")  # after the printed service variables


@pytest.mark.parametrize("fault", ["no-such-fault", "connection-refused"])
def test_cli_rejects_faults_it_cannot_inject(fault):
    proc = _cli("--fault", fault)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert ("closed port" in err) if fault == "connection-refused" else ("unknown fault" in err)


# --------------------------------------------------------------------------- PxWeb


def test_config_and_folder_listings(emu):
    config = requests.get(emu.url + "/PxWeb/api/v1/fi/?config").json()
    assert config["apiVersion"] == "1.1.0" and config["defaultLanguage"] == "fi"
    assert (config["maxValues"], config["maxCalls"], config["timeWindow"], config["CORS"]) == (
        120_000,
        30,
        10,
        True,
    )
    statfin = requests.get(emu.url + "/PxWeb/api/v1/fi/StatFin").json()
    assert [(t["id"], t["type"]) for t in statfin] == [
        ("11re.px", "t"), ("aly", "l"), ("matk", "l"), ("muutl", "l"), ("tyonv", "l"),
        ("vaerak", "l"),
    ]  # fmt: skip
    vaerak = requests.get(emu.url + "/PxWeb/api/v1/fi/StatFin/vaerak").json()
    assert vaerak == [
        {
            "id": "11re.px",
            "type": "t",
            "text": "11re -- Väestö iän (1-v.) ja sukupuolen mukaan alueittain, 1972-2025",
            "updated": "2026-04-01T05:00:00",
        }
    ]
    ka = requests.get(emu.url + "/PxWeb/api/v1/fi/Kuntien_avainluvut/uusin").json()
    assert [t["id"] for t in ka] == ["142h.px"]
    assert requests.get(emu.url + "/PxWeb/api/v1/fi/Kuntien_avainluvut").json()[0]["type"] == "l"
    assert requests.get(emu.url + "/PxWeb/api/v1/fi/StatFin/nope.px").status_code == 404
    # a yearly edition path and the capacity table were never described: gone, as live
    old = "/PxWeb/api/v1/fi/Kuntien_avainluvut/2025/kuntien_avainluvut_2025_aikasarja.px"
    assert requests.get(emu.url + old).status_code == 404
    assert requests.get(emu.url + "/PxWeb/api/v1/fi/StatFin/matk/117s.px").status_code == 404


def test_metadata_uses_the_recorded_codes(emu):
    meta = requests.get(emu.url + RE).json()
    assert meta["title"] == "Väestö 31.12. muuttujina Alue, Ikä, Sukupuoli, Vuosi ja Tiedot"
    variables = {v["code"]: v for v in meta["variables"]}
    assert list(variables) == [
        RE_REGION,
        "ikaryhma_10_20180101",
        "sukupuoli_9_20180101",
        TIME,
        CONTENT,
    ]
    region = variables[RE_REGION]
    assert region["text"] == "Alue" and region["elimination"] is True
    assert region["values"][:3] == ["SSS", "KU020", "KU005"]  # Akaa, Alajärvi: by name
    assert region["valueTexts"][:2] == ["KOKO MAA", "Akaa"] and "KU111" in region["values"]
    assert len(region["values"]) == len(region["valueTexts"]) == 1 + 308  # as recorded: no MK
    assert variables[TIME]["time"] is True and variables[TIME]["values"][-1] == "2025"
    ages = variables["ikaryhma_10_20180101"]
    assert ages["elimination"] is True and len(ages["values"]) == 102
    assert ages["values"][:3] == ["SSS", "000", "001"] and ages["valueTexts"][1] == "0"
    assert variables[CONTENT]["values"] == ["vaerak-vaesto"]
    assert requests.get(emu.url + "/PxWeb/api/v1/fi/StatFin/11re.px").json() == meta  # both paths
    ka = {v["code"]: v for v in requests.get(emu.url + KA).json()["variables"]}
    assert list(ka) == [REGION, TIME, CONTENT]  # 142h: the 2025 division's region code
    assert len(ka[CONTENT]["values"]) == 32 and ka[CONTENT]["values"][:2] == ["M408", "M411"]
    assert ka[REGION]["values"][:2] == ["SSS", "KU020"] and ka[REGION]["values"][-19] == "MK01"
    tyonv = requests.get(emu.url + "/PxWeb/api/v1/fi/StatFin/tyonv/12r5.px").json()
    codes = [v["code"] for v in tyonv["variables"]]
    assert codes == ["Alue", "timeperiod_m", CONTENT]  # the bare `Alue` of the recording
    assert "AVPAIKATLOPUSSA" in tyonv["variables"][2]["values"]  # unprefixed, as recorded


def test_jsonstat2_has_the_real_layout_and_honours_selections(emu, fixture_path):
    data = requests.post(emu.url + KA, json=ka_query()).json()
    real = json.loads(
        fixture_path("pxweb_v1_statfin_11re_query_helsinki_5y_jsonstat2.json").read_text()
    )
    assert set(data) <= set(real) | {"status"}
    assert [k for k in data if k in real] == [k for k in real if k in data and k != "note"]
    assert data["role"] == {"time": [TIME], "geo": [REGION], "metric": [CONTENT]}
    assert data["id"] == [REGION, TIME, CONTENT] and data["size"] == [2, 3, 2]
    assert len(data["value"]) == math.prod(data["size"]) == 12  # 6 cells per measure
    assert list(data["dimension"][REGION]["category"]["index"]) == ["KU111", "KU240"]
    assert list(data["dimension"][TIME]["category"]["index"]) == ["2023", "2024", "2025"]
    assert data["dimension"][CONTENT]["category"]["unit"]["M162"] == {"base": "%", "decimals": 1}
    assert data["extension"]["px"]["tableid"] == "142h"


def test_eliminated_variables_are_absent_and_all_accepts_wildcards(emu):
    query = {"query": [
        {"code": RE_REGION, "selection": {"filter": "all", "values": ["KU11*"]}},
        {"code": "ikaryhma_10_20180101", "selection": {"filter": "item", "values": ["SSS", "030"]}},
        {"code": TIME, "selection": {"filter": "item", "values": ["2020"]}},
        {"code": CONTENT, "selection": {"filter": "item", "values": ["vaerak-vaesto"]}},
    ], "response": {"format": "json-stat2"}}  # fmt: skip
    data = requests.post(emu.url + RE, json=query).json()
    assert "sukupuoli_9_20180101" not in data["id"]
    assert all(
        code.startswith("KU11") for code in data["dimension"][RE_REGION]["category"]["index"]
    )
    total, aged_30 = data["value"][0], data["value"][1]
    assert total is None or aged_30 is None or 0 < aged_30 < total


def test_values_are_plausible_for_their_unit(emu):
    query = ka_query(regions=("SSS", "MK07", "KU111", "KU091", "KU240", "KU422"), top="36")
    data = requests.post(emu.url + KA, json=query).json()
    # contents in the table's order: M297 (migration) before M162 (a share)
    assert list(data["dimension"][CONTENT]["category"]["index"]) == ["M297", "M162"]
    migration = [v for i, v in enumerate(data["value"]) if i % 2 == 0 and v is not None]
    share = [v for i, v in enumerate(data["value"]) if i % 2 == 1 and v is not None]
    assert all(0 <= v <= 100 for v in share)
    assert min(migration) < 0 < max(migration)
    assert all(
        data["value"][int(i)] is None and s == ".." for i, s in data.get("status", {}).items()
    )


def test_over_the_cell_limit_is_403(make):
    small = make(max_cells=1_000)
    resp = requests.post(small.url + KA, json=ka_query(regions=("SSS",), top="36"))
    assert resp.status_code == 200
    fifteen = [f"KU{n:03d}" for n in (5, 9, 10, 16, 18, 19, 20, 35, 43, 46, 47, 49, 50, 51, 52)]
    resp = requests.post(small.url + KA, json=ka_query(regions=fifteen, top="36"))  # 1 080 cells
    assert resp.status_code == 403 and "Forbidden" in resp.text


@pytest.mark.parametrize(
    "change",
    [
        lambda q: q["query"][0].update(code="Alue"),  # old variable code
        lambda q: q["query"][0]["selection"].update(values=["KU999"]),  # unknown value
        lambda q: q["query"].pop(1),  # time cannot be eliminated
        lambda q: q["query"][1]["selection"].update(filter="agg:x.agg"),
    ],
)
def test_bad_queries_are_400(emu, change):
    query = ka_query()
    change(query)
    resp = requests.post(emu.url + KA, json=query)
    assert resp.status_code == 400 and "error" in resp.json()


# --------------------------------------------------------------------------- Sotkanet


def test_sotkanet_regions_and_data_rows(emu):
    regions = {r["id"]: r for r in requests.get(emu.url + "/rest/1.1/regions").json()}
    assert regions[44]["code"] == "111" and regions[44]["category"] == "KUNTA"
    assert regions[44]["title"]["fi"] == "Heinola" and 658 in regions[44]["memberOf"]
    assert regions[658]["category"] == "MAA" and regions[493]["category"] == "MAAKUNTA"
    params = {"indicator": 181, "years": [2023, 2024], "genders": "total"}
    rows = requests.get(emu.url + "/rest/1.1/json", params=params).json()
    heinola = [r for r in rows if r["region"] == 44]
    assert [r["year"] for r in heinola] == [2023, 2024]
    assert set(heinola[0]) == {"indicator", "region", "year", "gender", "value", "absValue"}
    assert heinola[0]["indicator"] == 181 and 0 < heinola[0]["value"] < 100
    assert {r["region"] for r in rows} == set(regions)
    csv = requests.get(emu.url + "/rest/1.1/csv", params=params).text.splitlines()
    assert csv[0] == "indicator;region;year;gender;primary value;absolute value"
    assert len(csv) == len(rows) + 1


def test_sotkanet_indicators_and_unknown_ids(emu):
    listed = requests.get(emu.url + "/rest/1.1/indicators").json()
    ids = [127, 178, 181, 184, 189, 243, 244, 475, 3071, 3178, 3180, 3562, 4072]
    assert sorted(i["id"] for i in listed) == ids  # the description's, not a catalog's
    assert next(i for i in listed if i["id"] == 181)["organization"]["id"] == 32  # TEM, recorded
    ended = requests.get(emu.url + "/rest/1.1/indicators/243").json()
    assert ended["range"]["end"] == 2019  # THL's index stops at the 2017–2019 edition
    rows = requests.get(emu.url + "/rest/1.1/json?indicator=243&years=2019&years=2020").json()
    assert {r["year"] for r in rows} == {2019}
    details = requests.get(emu.url + "/rest/1.1/indicators/3178").json()
    assert details["range"] == {"start": 1990, "end": 2025} and "data-updated" in details
    assert details["title"]["fi"] == "Vuosikate, euroa / asukas"
    assert requests.get(emu.url + "/rest/1.1/indicators/99").status_code == 404
    assert requests.get(emu.url + "/rest/1.1/json?indicator=99&years=2024").status_code == 404
    assert requests.get(emu.url + "/rest/1.1/json?indicator=181").status_code == 400


# --------------------------------------------------------------------------- SYKE


def test_syke_files_and_conditional_get(emu):
    assert requests.get(emu.url + "/syke/asukasluvut_2025.csv").status_code == 404  # not used
    url = emu.url + "/syke/Tulokset_taso_5/kunta_111.csv"
    first = requests.get(url)
    lines = first.text.splitlines()
    assert lines[0] == "vuosi;kt;kt_tuuli;GWh;hinku_laskenta;päästökauppa;taso_3;taso_4;taso_5"
    assert "," in lines[1].split(";")[1] and any(";NA;" in line for line in lines)
    assert {line.split(";")[4] for line in lines[1:]} == {"On", "Ei"}
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert requests.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert requests.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert requests.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert requests.get(emu.url + "/syke/Tulokset_taso_5/kunta_091.csv").status_code == 404
    assert requests.get(emu.url + "/syke/Tulokset_taso_5/kunta_91.csv").ok


# --------------------------------------------------------------------------- faults


def test_every_fault_kind_is_parsed_and_connection_refused_is_a_closed_port():
    assert {parse_fault(k).kind for k in FAULT_KINDS} == set(FAULT_KINDS)
    assert parse_fault("500@/rest/1.1/json").scope == "/rest/1.1/json"
    with pytest.raises(ValueError, match="closed port"):
        parse_fault("connection-refused")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{unused_port()}/rest/1.1/regions", timeout=5)


def test_latency(make):
    slow = make("latency", latency=0.2)
    started = time.monotonic()
    assert requests.get(slow.url + "/rest/1.1/regions").ok
    assert time.monotonic() - started >= 0.2


def test_429_twice_per_path_then_ok_and_scoping(make):
    emu = make("429@/rest/1.1/json")
    url = emu.url + "/rest/1.1/json?indicator=181&years=2024"
    statuses = [requests.get(url) for _ in range(3)]
    assert [r.status_code for r in statuses] == [429, 429, 200]
    assert statuses[0].headers["Retry-After"] == "1"
    assert requests.get(emu.url + "/rest/1.1/regions").status_code == 200


@pytest.mark.parametrize(
    ("fault", "status", "retry_after"),
    [("429-forever", 429, "1"), ("500", 500, None), ("503", 503, "1")],
)
def test_status_faults(make, fault, status, retry_after):
    emu = make(f"{fault}@11re")
    for _ in range(3):
        resp = requests.get(emu.url + RE)
        assert resp.status_code == status and resp.headers.get("Retry-After") == retry_after
    assert requests.get(emu.url + KA).status_code == 200


def test_timeout_holds_the_answer_and_stop_releases_it(make):
    emu = make("timeout")
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(emu.url + "/rest/1.1/regions", timeout=0.3)
    started = time.monotonic()
    emu.stop()
    assert time.monotonic() - started < 5


def test_truncated_sends_half_the_declared_body(make):
    emu = make("truncated@regions")
    with socket.create_connection(("127.0.0.1", emu.port), timeout=10) as sock:
        sock.sendall(b"GET /rest/1.1/regions HTTP/1.1\r\nHost: x\r\n\r\n")
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    length = int(
        next(
            line.split(b":")[1]
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
    )
    assert len(body) == length // 2 < length
    with pytest.raises(requests.exceptions.RequestException):
        requests.get(emu.url + "/rest/1.1/regions")


def test_invalid_json_and_cell_mismatch(make):
    emu = make("invalid-json@/rest/1.1/regions", "cell-mismatch")
    resp = requests.get(emu.url + "/rest/1.1/regions")
    assert resp.status_code == 200
    with pytest.raises(ValueError):
        resp.json()
    data = requests.post(emu.url + KA, json=ka_query()).json()
    assert len(data["value"]) != math.prod(data["size"])


def test_renamed_codes_keep_texts_and_values(make, emu):
    renamed = make("renamed-codes")
    variables = requests.get(renamed.url + RE).json()["variables"]
    assert [v["code"] for v in variables][0::3] == ["alue_24_20270101", "vuosi_x"]
    assert [v["text"] for v in variables] == ["Alue", "Ikä", "Sukupuoli", "Vuosi", "Tiedot"]
    assert (
        variables[-1]["values"][0].endswith("-vaesto")
        and variables[-1]["values"][0] != "vaerak-vaesto"
    )
    assert requests.post(renamed.url + KA, json=ka_query()).status_code == 400
    ka_codes = requests.get(renamed.url + KA).json()["variables"][-1]["values"]
    assert "ka27-M162" in ka_codes and "M162" not in ka_codes
    query = ka_query()
    for item, code in zip(query["query"], ["alue_24_20270101", "vuosi_x", "tiedot_x"], strict=True):
        item["code"] = code
    query["query"][2]["selection"]["values"] = ["ka27-M162", "ka27-M297"]
    data = requests.post(renamed.url + KA, json=query).json()
    assert list(data["dimension"]["tiedot_x"]["category"]["index"]) == ["ka27-M297", "ka27-M162"]
    assert data["value"] == requests.post(emu.url + KA, json=ka_query()).json()["value"]


def test_missing_content(make):
    emu = make("missing-content")
    values = requests.get(emu.url + KA).json()["variables"][-1]["values"]
    assert len(values) == 16 and values[0] == "M137" and "M162" in values  # first half gone
    assert "M411" not in values and "M297" not in values
    query = ka_query()
    query["query"][2]["selection"] = {"filter": "item", "values": ["M297"]}
    assert requests.post(emu.url + KA, json=query).status_code == 400


def test_unknown_region(make):
    emu = make("unknown-region")
    known = {r["id"] for r in requests.get(emu.url + "/rest/1.1/regions").json()}
    rows = requests.get(emu.url + "/rest/1.1/json?indicator=181&years=2024&genders=total").json()
    assert {r["region"] for r in rows} - known == {9999}
    data = requests.post(emu.url + KA, json=ka_query()).json()
    assert "KU999" in data["dimension"][REGION]["category"]["index"]
    assert len(data["value"]) == math.prod(data["size"])


def test_empty(make):
    emu = make("empty")
    assert requests.get(emu.url + "/rest/1.1/json?indicator=181&years=2024").json() == []
    data = requests.post(emu.url + KA, json=ka_query()).json()
    assert data["value"] == [] and 0 in data["size"]


def test_cell_limit(make):
    emu = make("cell-limit")
    assert requests.get(emu.url + "/PxWeb/api/v1/fi/?config").json()["maxValues"] == 5_000
    everything = ka_query(top="36")
    everything["query"][0]["selection"] = {"filter": "all", "values": ["*"]}
    assert requests.post(emu.url + KA, json=everything).status_code == 403
    assert requests.post(emu.url + KA, json=ka_query()).status_code == 200


def test_rate_limit(make):
    emu = make("rate-limit", rate_limit=(5, 10.0))
    statuses = [requests.get(emu.url + "/rest/1.1/indicators") for _ in range(6)]
    assert [r.status_code for r in statuses] == [200] * 5 + [429]
    assert int(statuses[-1].headers["Retry-After"]) >= 1


def test_request_log(make):
    emu = make("500@regions")
    requests.get(emu.url + "/rest/1.1/regions")
    requests.post(emu.url + KA, json=ka_query())
    assert emu.requests == [("GET", "/rest/1.1/regions", 500), ("POST", KA, 200)]


# --------------------------------------------------------------------------- determinism


def test_two_emulators_give_identical_values(make, emu):
    other = make()
    query = ka_query(regions=("SSS", "MK07", "KU111"), top="10")
    assert (
        requests.post(other.url + KA, json=query).content
        == requests.post(emu.url + KA, json=query).content
    )
    params = "/rest/1.1/json?indicator=3178&years=2020&years=2024"
    assert requests.get(other.url + params).json() == requests.get(emu.url + params).json()
    syke = "/syke/Tulokset_taso_5/kunta_240.csv"
    assert requests.get(other.url + syke).content == requests.get(emu.url + syke).content
    assert other.env()["MITTARISTO_PXWEB_URL"] == f"http://127.0.0.1:{other.port}/PxWeb/api/v1"


def test_env_dollar_head_style_works_and_the_background_server_answers():
    """`env $(python -m loaders.emulator --port 0 | head -n 3) CMD` — the issue's usage."""
    script = (
        f"env $({sys.executable} -m loaders.emulator --port 0 "
        "--idle-timeout 20 | head -n 3) "
        f'{sys.executable} -c "import os, urllib.request; '
        "u = os.environ['MITTARISTO_SOTKANET_URL'] + '/regions'; "
        'print(len(urllib.request.urlopen(u, timeout=10).read()) > 1000)"'
    )
    result = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    pid = int(result.stderr.split("pid ")[1].split(")")[0])
    os.kill(pid, signal.SIGTERM)
