"""A refresh's cell accounting on its load_run row (issue 12): cells read = rows stored +
cells combined + cells refused, with the reasons, shown on the Data page's load log.

The expected counts are taken from the emulator's answers themselves: a recording client keeps
every body the refresh received, and the test counts their cells with its own small readers
(json-stat2 cells, Sotkanet rows, SYKE municipality-years), never with the loaders' parsers.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pytest
import requests
from refresh_fixtures import TOWNS, write_config

from loaders.base import SERIES_FAILED
from loaders.demo import UnthrottledClient, emulator_settings
from loaders.emulator import start_emulator
from loaders.refresh import _Run, refresh
from mittaristo import reference, store
from mittaristo.config.load import load_config
from mittaristo.formatting import MISSING, format_number
from mittaristo.i18n import t
from mittaristo.observations import SeriesOutcome
from mittaristo.settings import Settings
from ui.data_tables import cells_text, with_cells

ROOT = Path(__file__).resolve().parents[1]
NO_POPULATION = "no stored population for the municipality and year (per resident)"
UNKNOWN_PX = "region not in the reference classification (KU999)"
UNKNOWN_SOTKANET = "Sotkanet region id not in the regions list (9999)"
OURS = {"MAA", "KUNTA", "MAAKUNTA"}  # the Sotkanet categories the dashboard keeps


class RecordingClient(UnthrottledClient):
    """The demo's client that also keeps every answer (method, URL, body) it got."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.answers: list[tuple[str, str, bytes]] = []

    def get(
        self,
        url: str,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        response = super().get(url, params=params, headers=headers)
        self.answers.append(("GET", str(response.url), response.content))
        return response

    def post_json(self, url: str, body: object) -> requests.Response:
        response = super().post_json(url, body)
        self.answers.append(("POST", url, response.content))
        return response


def recorded_refresh(config, db: Path, faults=(), towns=TOWNS, **kw) -> RecordingClient:
    with start_emulator(faults=list(faults)) as emu:
        settings = emulator_settings(Settings(), emu.env()).with_changes(max_retries=0)
        client = RecordingClient(settings)
        try:
            refresh(config, db, settings, municipalities=towns, client=client, **kw)
        finally:
            client.close()
    return client


# --------------------------------------------------------------------------- the test's readers


def _cell(container, i: int):
    if isinstance(container, list):
        return container[i]
    if isinstance(container, dict):
        return container.get(str(i))
    return container  # a status given once for every cell


def _categories(doc: dict, dim: str) -> list[str]:
    index = doc["dimension"][dim]["category"]["index"]
    return sorted(index, key=index.get) if isinstance(index, dict) else list(index)


def jsonstat_cells(doc: dict):
    """(region code, {other dimension: code}, value, status) of every listed cell."""
    ids, sizes = doc["id"], doc["size"]
    codes = [_categories(doc, d) for d in ids]
    values, status = doc["value"], doc.get("status")
    for i in range(math.prod(sizes)):
        value, symbol = _cell(values, i), _cell(status, i)
        if isinstance(values, dict) and str(i) not in values and symbol is None:
            continue  # a sparse document does not list the cell
        picks, rest = {}, i
        for d in reversed(range(len(ids))):
            picks[ids[d]] = codes[d][rest % sizes[d]]
            rest //= sizes[d]
        yield picks[doc["role"]["geo"][0]], picks, value, symbol


def count_jsonstat(body: bytes, acc: Counter) -> None:
    for region, _picks, value, symbol in jsonstat_cells(json.loads(body)):
        acc["read"] += 1
        if value is None and symbol is None:
            acc["no value and no status symbol"] += 1
        elif region == "KU999":
            acc[UNKNOWN_PX] += 1
        else:
            acc["stored"] += 1


def count_sotkanet(rows: list[dict], regions: list[dict], acc: Counter) -> None:
    category = {int(r["id"]): r["category"] for r in regions}
    for row in rows:
        acc["read"] += 1
        rid = int(row["region"])
        if row.get("value") is None:
            acc["row without a value"] += 1
        elif rid not in category:
            acc[UNKNOWN_SOTKANET] += 1
        elif category[rid] not in OURS:
            acc["Sotkanet region outside the municipalities, regions and whole country"] += 1
        else:
            acc["stored"] += 1


def count_syke_total(body: bytes, acc: Counter) -> None:
    """One cell per year of the municipality's file; a year none of whose emission rows (the
    credit rows `Tuu` are outside the total) has a kt value holds no value."""
    years: dict[str, bool] = {}
    for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"):
        has = row["kt"].strip() not in ("", "NA", "NULL") and row.get("taso_3") != "Tuu"
        years[row["vuosi"]] = years.get(row["vuosi"], False) or has
    for has in years.values():
        acc["read"] += 1
        acc["stored" if has else "no value and no status symbol"] += 1


def expected_counts(client: RecordingClient) -> Counter:
    acc: Counter = Counter()
    regions = next(json.loads(b) for m, u, b in client.answers if u.endswith("/regions"))
    for method, url, body in client.answers:
        if method == "POST":
            count_jsonstat(body, acc)
        elif "/rest/1.1/json" in url:
            count_sotkanet(json.loads(body), regions, acc)
        elif "/Tulokset_taso_5/" in url:
            count_syke_total(body, acc)
    return acc


# --------------------------------------------------------------------------- the refresh


@pytest.fixture(scope="module")
def faulted(tmp_path_factory):
    """One refresh whose PxWeb and Sotkanet answers each hold a region no list names."""
    root = tmp_path_factory.mktemp("cells")
    config = load_config(write_config(root / "config"))
    db = root / "m.duckdb"
    client = recorded_refresh(
        config, db, faults=["unknown-region@142h.px", "unknown-region@/rest/1.1/json"]
    )
    run = store.load_runs(db, limit=1).iloc[0]
    return db, run, expected_counts(client)


def test_a_refresh_records_its_cells_read_stored_and_refused(faulted):
    db, run, expected = faulted
    refused = sum(n for reason, n in expected.items() if reason not in ("read", "stored"))
    assert expected["read"] > expected["stored"] > 0 and refused > 0
    assert (run["cells_read"], run["rows_stored"], run["cells_refused"]) == (
        expected["read"],
        expected["stored"],
        refused,
    )
    assert run["cells_combined"] == 0  # nothing of this catalog is summed
    assert run["cells_read"] == run["rows_stored"] + run["cells_refused"]
    # stored = the rows the run wrote for its source series (the derived one read no cells)
    log = store.series_loads(db, int(run["run_id"]))
    sources = log[log["source"] != "derived"]
    assert int(sources["n_rows"].sum()) == run["rows_stored"]
    assert int(log.loc[log["source"] == "derived", "n_rows"].sum()) > 0


def test_refused_cells_are_in_the_refusals_with_their_reason(faulted):
    _db, run, expected = faulted
    refusals = json.loads(run["refusals"])
    assert refusals[UNKNOWN_PX] == expected[UNKNOWN_PX] > 0
    assert refusals[UNKNOWN_SOTKANET] == expected[UNKNOWN_SOTKANET] > 0
    wanted = {r: n for r, n in expected.items() if r not in ("read", "stored") and n}
    assert refusals == wanted


def test_the_load_log_shows_the_refresh_accounting(faulted):
    db, run, expected = faulted
    runs = store.load_runs(db, limit=1)
    shown = with_cells(runs, "en")["cells"].iloc[0]
    assert shown != MISSING
    refused = expected["read"] - expected["stored"]
    head = (
        f"read {format_number(expected['read'], 0, 'en')} = "
        f"stored {format_number(expected['stored'], 0, 'en')} + "
        f"refused {format_number(refused, 0, 'en')} ("
    )
    assert shown.startswith(head), shown
    n_px, n_sotkanet = (format_number(expected[r], 0, "en") for r in (UNKNOWN_PX, UNKNOWN_SOTKANET))
    assert f"region the reference classification does not know (KU999): {n_px}" in shown
    assert f"Sotkanet region id the regions list does not know (9999): {n_sotkanet}" in shown
    fi = with_cells(runs, "fi")["cells"].iloc[0]
    assert (
        fi.startswith("luettu ") and "Sotkanet-alueen tunnus, jota aluelista ei tunne (9999)" in fi
    )


# --------------------------------------------------------------------------- sums and failures


def count_summed(body: bytes, acc: Counter, *, over: str | None = None, yearly: bool = False):
    """Cells of a json-stat2 answer that the catalog sums: `over` (a dimension added up: one
    stored value per combination of the others) or `yearly` (the quarters of a year: one stored
    value per region and complete year, the quarters of an incomplete year refused)."""
    doc = json.loads(body)
    time = doc["role"]["time"][0]
    groups: dict[tuple, list] = {}
    for _region, picks, value, symbol in jsonstat_cells(doc):
        acc["read"] += 1
        if value is None and symbol is None:
            acc["no value and no status symbol"] += 1
            continue
        key = dict(picks)
        if over:
            key.pop(over)
        if yearly:
            key[time] = picks[time][:4]
        # a value under a status symbol is not a value (the symbol says why it is missing)
        groups.setdefault(tuple(sorted(key.items())), []).append(None if symbol else value)
    for values in groups.values():
        if yearly and (len(values) != 4 or any(v is None for v in values)):
            acc["sub-period of a year the source does not give whole"] += len(values)
            continue
        acc["stored"] += 1
        acc["combined"] += len(values) - 1


@pytest.fixture(scope="module")
def summed(tmp_path_factory):
    """The shipped catalog's two summed series: age groups (sum_over) and quarters."""
    db = tmp_path_factory.mktemp("summed") / "m.duckdb"
    only = ["tyoikaisten_nettomuutto", "aloittaneet_yritykset"]
    client = recorded_refresh(load_config(ROOT), db, only=only)
    acc: Counter = Counter()
    for method, url, body in client.answers:
        if method == "POST" and "11a2" in url:
            count_summed(body, acc, over=json.loads(body)["id"][_age_position(body)])
        elif method == "POST" and "11yq" in url:
            count_summed(body, acc, yearly=True)
    return store.load_runs(db, limit=1), acc


def _age_position(body: bytes) -> int:
    doc = json.loads(body)
    return next(i for i, d in enumerate(doc["id"]) if doc["dimension"][d]["label"] == "Ikä")


def test_summed_cells_are_combined_not_refused(summed):
    runs, expected = summed
    run = runs.iloc[0]
    assert expected["combined"] > 0 and expected["stored"] > 0
    assert (run["cells_read"], run["rows_stored"], run["cells_combined"]) == (
        expected["read"],
        expected["stored"],
        expected["combined"],
    )
    refusals = json.loads(run["refusals"])
    reasons = {r: n for r, n in expected.items() if r not in ("read", "stored", "combined") and n}
    assert refusals == reasons
    assert run["cells_read"] == run["rows_stored"] + run["cells_combined"] + run["cells_refused"]
    shown = with_cells(runs, "en")["cells"].iloc[0]
    combined = format_number(expected["combined"], 0, "en")
    assert f" + combined into stored {combined} + refused " in shown, shown


def test_a_series_that_failed_after_reading_counts_its_cells_as_refused():
    """Read 10, 2 refused for a reason, then the series failed (say, the store refused its
    rows): 0 stored, the other 8 refused as the failure, the run still adds up."""

    class Writer:
        recorded: tuple = ()

        def record_cells(self, read, stored, refused, *, combined=0):
            self.recorded = (read, stored, refused, combined)

    writer = Writer()
    run = _Run(writer, None, Settings(), 2, None)  # type: ignore[arg-type]
    failed = SeriesOutcome("a", error="boom", cells_read=10, refused={"why": 2}, combined=3)
    run.count_cells(failed, ok=False, stored=0)
    run.count_cells(SeriesOutcome("b", cells_read=5, combined=1), ok=True, stored=4)
    run.count_cells(SeriesOutcome("derived"), ok=True, stored=7)  # read no cells: left out
    run.record_cells()
    assert writer.recorded == (15, 4, {"why": 2, SERIES_FAILED: 8}, 1)
    text = cells_text(15, 4, 10, json.dumps(writer.recorded[2]), "en", combined=1)
    assert text.startswith("read 15 = stored 4 + combined into stored 1 + refused 10 (why: 2; ")
    assert text.endswith(f"{t('refusal.series_failed', 'en')}: 8)")


# --------------------------------------------------------------------------- per resident


def _populations(client: RecordingClient) -> dict[tuple[str, str], float]:
    """(KU code, year) → population with a value, from the PxWeb answers (vakiluku)."""
    out = {}
    for method, _url, body in client.answers:
        if method == "POST":
            doc = json.loads(body)
            time = doc["role"]["time"][0]
            for region, picks, value, symbol in jsonstat_cells(doc):
                if value is not None and not symbol:
                    out[(region, picks[time])] = float(value)
    return out


def count_syke_per_resident(url: str, body: bytes, people: dict, acc: Counter) -> None:
    """The file's years (count_syke_total); a year with a value is stored only with the
    municipality's population of that year."""
    code = f"KU{int(url.rsplit('kunta_', 1)[1].removesuffix('.csv')):03d}"
    years: Counter = Counter()
    count_syke_total(body, years)
    acc["read"] += years["read"]
    acc["no value and no status symbol"] += years["no value and no status symbol"]
    for year in _years_with_value(body):
        ok = people.get((code, year), 0) > 0
        acc["stored" if ok else NO_POPULATION] += 1


def _years_with_value(body: bytes) -> set[str]:
    rows = csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
    return {
        r["vuosi"]
        for r in rows
        if r["kt"].strip() not in ("", "NA", "NULL") and r.get("taso_3") != "Tuu"
    }


def count_documents(body: bytes, people: dict, acc: Counter) -> None:
    """One document = one cell of each State Treasury series: investointien_tulorahoitus
    (1400 / 1374, a ratio) and vuosikate_per_asukas (1400 per resident)."""
    facts = json.loads(body)
    values = {f["tunnusluku"]: f["arvo"] for f in facts if f["arvo"] not in (None, "")}
    by_id = {b.business_id: b.code for b in reference.business_ids().values()}
    code, year = by_id[facts[0]["ytunnus"]], facts[0]["raportointikausi"][:4]
    acc["read"] += 2
    ratio = "1400" in values and float(values.get("1374", 0)) != 0
    acc["stored" if ratio else "State Treasury document without the key figure(s)"] += 1
    if "1400" not in values:
        acc["State Treasury document without the key figure(s)"] += 1
    elif people.get((code, year), 0) > 0:
        acc["stored"] += 1
    else:
        acc[NO_POPULATION] += 1


def test_syke_and_state_treasury_series_count_municipality_years(tmp_path):
    only = ["vakiluku", "co2_paastot_per_asukas", "investointien_tulorahoitus"]
    only.append("vuosikate_per_asukas")
    db = tmp_path / "m.duckdb"
    towns = ["KU049", "KU235", *TOWNS]  # Espoo and Kauniainen have a sourced Y-tunnus
    client = recorded_refresh(load_config(ROOT), db, towns=towns, only=only)
    people, acc = _populations(client), Counter()
    for method, url, body in client.answers:
        if method == "POST":
            count_jsonstat(body, acc)
        elif "/Tulokset_taso_5/" in url:
            count_syke_per_resident(url, body, people, acc)
        elif "/dokumentti/" in url:
            count_documents(body, people, acc)
    run = store.load_runs(db, limit=1).iloc[0]
    log = store.series_loads(db, int(run["run_id"])).set_index("indicator_id")
    assert (log["status"] == "ok").all(), log["error"]
    assert {"co2_paastot_per_asukas", "vuosikate_per_asukas"} <= set(log.index)
    assert (run["cells_read"], run["rows_stored"]) == (acc["read"], acc["stored"])
    assert run["rows_stored"] == log["n_rows"].sum()
    refusals = {r: n for r, n in acc.items() if r not in ("read", "stored") and n}
    assert refusals[NO_POPULATION] > 0  # a SYKE year the emulator's population lacks
    assert json.loads(run["refusals"]) == refusals
    assert run["cells_read"] == run["rows_stored"] + run["cells_refused"]


def test_the_demo_build_keeps_its_accounting(demo_db):
    """The first start without network and `python -m loaders demo` go through refresh():
    their run in the load log shows its cells too, adding up."""
    runs = store.load_runs(demo_db)
    demo = runs[runs["run_id"] == 1]  # the build (conftest seeds test values in run 2)
    run = demo.iloc[0]
    assert run["kind"] == "demo"
    log = store.series_loads(demo_db, int(run["run_id"]))
    assert run["rows_stored"] == log.loc[log["source"] != "derived", "n_rows"].sum() > 0
    assert run["cells_combined"] > 0  # the shipped catalog sums age groups and quarters
    assert run["cells_read"] == run["rows_stored"] + run["cells_combined"] + run["cells_refused"]
    shown = with_cells(demo.head(1), "fi")["cells"].iloc[0]
    assert shown.startswith("luettu ") and " + yhdistetty tallennettuihin " in shown
