"""PxWeb v1 loader: metadata resolution, query planning, fetching against a local server."""

from __future__ import annotations

import itertools
import json
import math

import pytest

from loaders.base import ConfigError, ParseError
from loaders.http import HttpClient
from loaders.jsonstat import make_jsonstat2
from loaders.pxweb import (
    TableMeta,
    Variable,
    aggregate_to_year,
    build_queries,
    fetch_indicators,
    match_content_code,
    parse_metadata,
    parse_pxweb_csv,
    read_limits,
    resolve_selections,
    table_url,
)
from mittaristo.config.model import CatalogIndicator
from mittaristo.settings import Settings
from tests.conftest import shared_fixture
from tests.test_http import FakeTime, LocalServer, Reply

LFS = "pxweb_v1_statfin_135z_metadata_lfs_monthly.json"
KA2017 = "pxweb_v1_kuntien_avainluvut_2017_aikasarja_metadata.json"
META_11RE = "2026/statfin-11re-metadata-fi-2026.json"  # real, fi


def indicator(ind_id: str, table: str, measure: str, **source: object) -> CatalogIndicator:
    return CatalogIndicator.model_validate(
        {
            "id": ind_id,
            "name": {"fi": ind_id},
            "unit": {"fi": "lkm"},
            "better": "higher",
            "decimals": 0,
            "frequency": "yearly",
            "lag_months": 12,
            "license": "CC BY 4.0",
            "source": {
                "kind": "pxweb",
                "database": source.pop("database", "StatFin"),
                "table": table,
            }
            | {"measure": measure, "confirmed": True, **source},
        }
    )


def load_meta(name: str, table: str) -> TableMeta:
    return parse_metadata(json.loads(shared_fixture(name).read_text(encoding="utf-8")), table)


def variable(code: str, text: str, values: list[str], **flags: bool) -> dict:
    return {"code": code, "text": text, "values": values, "valueTexts": values, **flags}


# --------------------------------------------------------------------------- metadata


def test_lfs_metadata_resolves_new_codes():
    meta = load_meta(LFS, "StatFin/135z.px")
    assert meta.time.code == "timeperiod_m" and meta.content.code == "contentscode"
    assert meta.region is None  # national table
    assert match_content_code(meta, "Tyottomyysaste") == "tyti-Tyottomyysaste"
    assert match_content_code(meta, "Tyollisyysaste_15_64") == "Tyollisyysaste_15_64"
    assert match_content_code(meta, "tyti-Tyolliset") == "tyti-Tyolliset"


def test_unknown_content_code_names_table_code_and_choices():
    meta = load_meta(LFS, "StatFin/135z.px")
    with pytest.raises(ConfigError) as info:
        match_content_code(meta, "vaesto")
    message = str(info.value)
    assert (
        "StatFin/135z.px" in message and "'vaesto'" in message and "tyti-Tyottomyysaste" in message
    )


def test_ambiguous_content_code_is_refused():
    meta = parse_metadata({"variables": [variable("contentscode", "Tiedot", ["a-x", "b-x"])]}, "t")
    with pytest.raises(ConfigError, match="ambiguous"):
        match_content_code(meta, "x")
    assert match_content_code(meta, "c-a-x") == "a-x"  # configured code carries a prefix


def test_ka_2017_metadata_old_names_and_plain_municipality_codes():
    meta = load_meta(KA2017, "Kuntien_avainluvut/2017/kuntien_avainluvut_2017_aikasarja.px")
    assert (meta.region.code, meta.time.code, meta.content.code) == ("Alue 2017", "Vuosi", "Tiedot")
    assert match_content_code(meta, "M411") == "M411"
    (body,) = build_queries(
        meta, [indicator("v", "x.px", "M411"), indicator("t", "x.px", "M140")], 100_000
    )
    assert body == {
        "query": [
            {"code": "Alue 2017", "selection": {"filter": "all", "values": ["*"]}},
            {"code": "Tiedot", "selection": {"filter": "item", "values": ["M411", "M140"]}},
            {
                "code": "Vuosi",
                "selection": {"filter": "item", "values": [str(y) for y in range(1987, 2017)]},
            },
        ],
        "response": {"format": "json-stat2"},
    }


def test_region_variable_names():
    for code, text in [
        ("alue_23_20260101", "Alue"),
        ("Alue 2017", "Alue 2017"),
        ("x", "Kunta"),
        ("y", "Työpaikan alue"),
    ]:
        meta = parse_metadata({"variables": [variable(code, text, ["KU091"])]}, "t")
        assert meta.region is not None and meta.region.code == code


def test_selections_by_text_or_code_and_unknown_values():
    meta = parse_metadata(
        {"variables": [variable("ikaryhma_10_20180101", "Ikä", ["SSS", "000"], elimination=True)]},
        "t",
    )
    assert resolve_selections(meta, {"ikä": "SSS"}) == {"ikaryhma_10_20180101": ["SSS"]}
    assert resolve_selections(meta, {"IKARYHMA_10_20180101": ["000", "SSS"]}) == {
        "ikaryhma_10_20180101": ["000", "SSS"]
    }
    with pytest.raises(ConfigError, match="Ikä has no value '999'"):
        resolve_selections(meta, {"Ikä": "999"})
    with pytest.raises(ConfigError, match="no variable 'Sukupuoli'"):
        resolve_selections(meta, {"Sukupuoli": "SSS"})


def test_parse_metadata_refuses_other_shapes():
    with pytest.raises(ParseError, match="11re"):
        parse_metadata([{"id": "11re.px"}], "11re")


def test_table_url():
    settings = Settings(pxweb_url="http://127.0.0.1:1/PxWeb/api/v1/", lang="sv")
    assert (
        table_url(settings, "StatFin", "11re.px")
        == "http://127.0.0.1:1/PxWeb/api/v1/sv/StatFin/11re.px"
    )


# --------------------------------------------------------------------------- query planning


def big_meta(regions: int = 311, years: int = 36, contents: int = 12) -> TableMeta:
    return TableMeta(
        "big",
        [
            Variable("alue_23_20260101", "Alue", [f"KU{i:03d}" for i in range(regions)], []),
            Variable("timeperiod_y", "Vuosi", [str(1990 + i) for i in range(years)], [], time=True),
            Variable("contentscode", "Tiedot", [f"c{i}" for i in range(contents)], []),
        ],
        "StatFin/big.px",
    )


def covered(bodies: list[dict], meta: TableMeta) -> list[tuple[str, ...]]:
    cells = []
    for body in bodies:
        lists = []
        for part, var in zip(body["query"], meta.variables, strict=True):
            values = part["selection"]["values"]
            lists.append(var.values if values == ["*"] else values)
        cells.extend(itertools.product(*lists))
    return cells


def count(body: dict, meta: TableMeta) -> int:
    return len(covered([body], meta))


def test_split_by_years_into_the_fewest_queries():
    meta = big_meta()
    inds = [indicator(f"i{i}", "big.px", f"c{i}") for i in range(12)]
    bodies = build_queries(meta, inds, 100_000)
    assert len(bodies) == 2
    assert all(count(b, meta) <= 100_000 for b in bodies)
    assert [len(b["query"][1]["selection"]["values"]) for b in bodies] == [18, 18]
    assert all(b["query"][0]["selection"] == {"filter": "all", "values": ["*"]} for b in bodies)
    cells = covered(bodies, meta)
    assert len(cells) == len(set(cells)) == 311 * 36 * 12


def test_split_regions_only_when_one_year_is_too_big():
    meta = big_meta()
    inds = [indicator(f"i{i}", "big.px", f"c{i}") for i in range(12)]
    bodies = build_queries(meta, inds, 2_000)  # one year = 3 732 cells
    assert len(bodies) == 36 * 2
    assert all(count(b, meta) <= 2_000 for b in bodies)
    assert all(b["query"][0]["selection"]["filter"] == "item" for b in bodies)
    cells = covered(bodies, meta)
    assert len(cells) == len(set(cells)) == 311 * 36 * 12


def test_variable_without_elimination_must_be_selected():
    meta = big_meta(2, 2, 1)
    meta.variables.append(Variable("sukupuoli", "Sukupuoli", ["SSS", "1"], []))
    with pytest.raises(ConfigError, match="Sukupuoli .* cannot be left out"):
        build_queries(meta, [indicator("a", "big.px", "c0")], 100)
    meta.variables[-1].elimination = True
    assert len(build_queries(meta, [indicator("a", "big.px", "c0")], 100)[0]["query"]) == 3


# --------------------------------------------------------------------------- fetching


class MiniPxWeb:
    """Enough of PxWeb v1: ?config, table metadata, json-stat2 answers, a cell limit (403)."""

    def __init__(
        self, tables: dict[str, list[dict]], *, config: dict | None = None, limit: int = 10**9
    ):
        self.tables, self.config, self.limit = tables, config, limit
        self.bodies: list[dict] = []

    def __call__(self, method: str, path: str, body: bytes) -> Reply:
        if path.endswith("/?config"):
            return (
                (200, {}, json.dumps(self.config).encode())
                if self.config
                else (404, {}, b"no config")
            )
        table = path.split("/fi/", 1)[-1]
        if table not in self.tables:
            return 404, {}, b"table not found"
        if method == "GET":
            return 200, {}, json.dumps({"title": table, "variables": self.tables[table]}).encode()
        self.bodies.append(json.loads(body))
        return self.answer(table, self.bodies[-1])

    def answer(self, table: str, body: dict) -> Reply:
        chosen = {q["code"]: q["selection"]["values"] for q in body["query"]}
        dims = []
        for var in self.tables[table]:
            if var["code"] in chosen:
                values = var["values"] if chosen[var["code"]] == ["*"] else chosen[var["code"]]
                dims.append((var["code"], var["text"], values))
        if math.prod(len(d[2]) for d in dims) > self.limit:
            return 403, {}, b"Too many values selected"
        meta = {var["code"]: var["values"] for var in self.tables[table]}
        positions = [[meta[code].index(v) for v in values] for code, _, values in dims]
        values = [
            float(sum(p * 100**k for k, p in enumerate(reversed(combo))))
            for combo in itertools.product(*positions)
        ]
        return (
            200,
            {},
            json.dumps(make_jsonstat2(dims, values, tableid=table.split("/")[-1][:-3])).encode(),
        )


NEW_11RE = [
    variable("alue_23_20260101", "Alue", ["SSS", "KU091", "KU398", "MK01"]),
    variable("ikaryhma_10_20180101", "Ikä", ["SSS", "000", "001"], elimination=True),
    variable("sukupuoli_9_20180101", "Sukupuoli", ["SSS", "1", "2"], elimination=True),
    variable("timeperiod_y", "Vuosi", ["2021", "2022", "2023", "2024", "2025"], time=True),
    variable("contentscode", "Tiedot", ["vaerak-vaesto", "vaerak-miehet"]),
]
OLD_KA = [
    variable("Alue 2017", "Alue 2017", ["SSS", "091", "398"]),
    variable("Tiedot", "Tiedot", ["M411", "M140"]),
    variable("Vuosi", "Vuosi", ["2014", "2015", "2016"], time=True),
]


@pytest.fixture
def pxweb():
    servers: list[LocalServer] = []

    def start(app: MiniPxWeb, **settings: object) -> tuple[HttpClient, Settings, LocalServer]:
        servers.append(LocalServer(app))
        cfg = Settings(pxweb_url=f"{servers[-1].url}/PxWeb/api/v1", max_retries=1, **settings)
        return HttpClient(cfg, sleep=FakeTime().sleep), cfg, servers[-1]

    yield start
    for server in servers:
        server.close()


def test_fetch_new_codes_one_post_for_two_indicators(pxweb):
    app = MiniPxWeb({"StatFin/11re.px": NEW_11RE})
    client, settings, _ = pxweb(app)
    picks = {"selections": {"Ikä": "SSS", "Sukupuoli": "SSS"}}
    inds = [
        indicator("vaesto", "11re.px", "vaesto", **picks),
        indicator("miehet", "11re.px", "miehet", **picks),
    ]
    total, men = fetch_indicators(client, settings, inds)
    assert total.ok and men.ok, (total.error, men.error)
    assert client.request_count == 3  # ?config, metadata, one POST
    assert total.requests == 2 and total.url.endswith("/fi/StatFin/11re.px")
    assert total.release_time == "2026-04-01T05:00:00Z"
    (body,) = app.bodies
    assert body["query"][0] == {
        "code": "alue_23_20260101",
        "selection": {"filter": "all", "values": ["*"]},
    }
    assert body["query"][-1]["selection"]["values"] == ["vaerak-vaesto", "vaerak-miehet"]
    frame = total.frame
    assert len(frame) == 4 * 5 and set(frame["measure"]) == {"vaerak-vaesto"}
    assert set(frame["region"]) == {"SSS", "KU091", "KU398", "MK01"}
    assert set(frame["dimensions"]) == {"ikaryhma_10_20180101=SSS;sukupuoli_9_20180101=SSS"}
    row = frame[(frame["region"] == "KU398") & (frame["period"] == "2024")].iloc[0]
    assert row["value"] == 2 * 100**4 + 3 * 100  # digits: region 2, age 0, sex 0, year 3, content 0
    assert set(men.frame["measure"]) == {"vaerak-miehet"} and len(men.frame) == 20


def test_fetch_old_style_names_and_2017_codes(pxweb):
    app = MiniPxWeb({"Kuntien_avainluvut/2017/ka.px": OLD_KA})
    client, settings, _ = pxweb(app)
    (out,) = fetch_indicators(
        client, settings, [indicator("v", "2017/ka.px", "M411", database="Kuntien_avainluvut")]
    )
    assert out.ok, out.error
    assert sorted(set(out.frame["region"])) == ["KU091", "KU398", "SSS"]
    assert sorted(set(out.frame["period"])) == ["2014", "2015", "2016"]


def test_failures_stay_inside_their_group(pxweb):
    app = MiniPxWeb({"StatFin/11re.px": NEW_11RE})
    client, settings, _ = pxweb(app)
    inds = [
        indicator("gone", "nope.px", "vaesto"),
        indicator("typo", "11re.px", "vaestoo"),
        indicator("ok", "11re.px", "vaesto"),
    ]
    gone, typo, ok = fetch_indicators(client, settings, inds)
    assert "404" in gone.error and "/fi/StatFin/nope.px" in gone.error
    assert (
        "StatFin/11re.px" in typo.error
        and "vaestoo" in typo.error
        and "vaerak-vaesto" in typo.error
    )
    assert ok.ok and set(ok.frame["dimensions"]) == {""}  # Ikä and Sukupuoli eliminated
    assert app.bodies[0]["query"][-1]["selection"]["values"] == ["vaerak-vaesto"]


def test_config_limit_splits_and_403_halves(pxweb):
    app = MiniPxWeb(
        {"StatFin/11re.px": NEW_11RE},
        config={"maxValues": 40, "maxCalls": 30, "timeWindow": 10},
        limit=8,
    )
    client, settings, _ = pxweb(app)
    assert read_limits(client, settings) == (40, 30, 10.0)
    (out,) = fetch_indicators(client, settings, [indicator("v", "11re.px", "vaesto")])
    assert out.ok, out.error
    assert len(out.frame) == 20 and not out.frame.duplicated(["region", "period"]).any()
    accepted = [b for b in app.bodies if len(b["query"][-2]["selection"]["values"]) <= 2]
    assert len(accepted) >= 3  # 5 years × 4 regions at ≤ 8 cells per answer


def test_one_cell_still_too_big_fails_with_a_reason(pxweb):
    app = MiniPxWeb({"StatFin/11re.px": NEW_11RE}, limit=0)
    client, settings, _ = pxweb(app)
    (out,) = fetch_indicators(client, settings, [indicator("v", "11re.px", "vaesto")])
    assert "403" in out.error and "Too many values" in out.error


def test_aggregate_quarters_to_complete_years(pxweb):
    quarters = [f"{y}Q{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)] + ["2025Q1"]
    table = [
        variable("Kunta", "Kunta", ["091"]),
        variable("Vuosineljännes", "Vuosineljännes", quarters),
    ]
    table.append(variable("Tiedot", "Tiedot", ["aloittaneita"]))
    client, settings, _ = pxweb(MiniPxWeb({"StatFin/11yq.px": table}))
    ind = indicator("aloittaneet", "11yq.px", "aloittaneita", aggregate_to_year="sum")
    (out,) = fetch_indicators(client, settings, [ind])
    assert out.ok, out.error
    assert out.frame["period"].tolist() == ["2023", "2024"]  # 2025 has one quarter only
    assert out.frame["value"].tolist() == [100.0 * (0 + 1 + 2 + 3), 100.0 * (4 + 5 + 6 + 7)]
    assert out.frame["region"].tolist() == ["KU091", "KU091"]


def test_aggregate_to_year_last_and_mean():
    months = make_jsonstat2(
        [
            ("Alue", "Alue", ["SSS"]),
            ("Kuukausi", "Kuukausi", [f"2024M{m:02d}" for m in range(1, 13)]),
        ],
        [float(m) for m in range(1, 13)],
    )
    from loaders.jsonstat import parse_jsonstat2

    frame = parse_jsonstat2(months)
    assert aggregate_to_year(frame, "last")["value"].tolist() == [12.0]
    assert aggregate_to_year(frame, "mean")["value"].tolist() == [6.5]
    assert aggregate_to_year(frame.iloc[:11], "sum").empty


# --------------------------------------------------------------------------- CSV imports


def test_csv_semicolon_with_title_and_period_headers():
    text = (
        '"Väestö 31.12. muuttujina Alue, Vuosi ja Tiedot"\n\n'
        '"Alue";"2021 Väestö 31.12.";"2022 Väestö 31.12."\n'
        '"KU091 Helsinki";658457;664028\n"Heinola";..;18799\n"KOKO MAA";5548241;5563970\n'
    )
    meta = parse_metadata(json.loads(shared_fixture(META_11RE).read_text(encoding="utf-8")))
    frame = parse_pxweb_csv(
        text, dataset="11re", region_codes={"Heinola": "KU111"}, metadata=[meta]
    )
    assert len(frame) == 6
    heinola = frame[frame["region"] == "KU111"]
    assert heinola["symbol"].tolist()[0] == ".." and heinola["symbol"].isna().tolist() == [
        False,
        True,
    ]
    assert math.isnan(heinola["value"].tolist()[0]) and heinola["value"].tolist()[1] == 18799
    # the label 'Väestö 31.12.' is stored as its code, read from the recorded metadata
    assert set(frame["measure"]) == {"vaerak-vaesto"} and set(frame["period"]) == {"2021", "2022"}
    assert frame[frame["region"] == "SSS"]["value"].tolist() == [5548241, 5563970]


def test_csv_comma_with_year_stub_and_other_dimensions():
    text = '"Alue","Sukupuoli","Vuosi","Työttömät, %"\n"111","SSS","2023","9,5"\n"111","SSS","2024",.\n'
    bare = parse_pxweb_csv(text, dataset="t")  # without the table's metadata: kept by label
    assert bare["dimensions"].tolist() == ["Sukupuoli=SSS"] * 2
    assert bare.attrs["label_keyed"] == ["Sukupuoli", "value column headings"]
    meta = parse_metadata(
        {
            "title": "t",
            "variables": [
                {"code": "Alue", "text": "Alue", "values": ["KU111"], "valueTexts": ["Heinola"]},
                {"code": "sukupuoli_9_20180101", "text": "Sukupuoli", "values": ["SSS", "1"],
                 "valueTexts": ["Yhteensä", "Miehet"]},
                {"code": "timeperiod_y", "text": "Vuosi", "values": ["2023", "2024"], "time": True},
                {"code": "contentscode", "text": "Tiedot", "values": ["tyottomat_p"],
                 "valueTexts": ["Työttömät, %"]},
            ],
        }
    )  # fmt: skip
    frame = parse_pxweb_csv(text, dataset="t", metadata=[meta])
    assert set(frame["measure"]) == {"tyottomat_p"}
    assert frame["region"].tolist() == ["KU111", "KU111"] and frame["period"].tolist() == [
        "2023",
        "2024",
    ]
    assert frame["dimensions"].tolist() == ["sukupuoli_9_20180101=SSS"] * 2
    assert frame["value"].tolist()[0] == 9.5 and frame["symbol"].isna().tolist() == [True, False]


def test_csv_refuses_what_it_cannot_read():
    with pytest.raises(ParseError, match="header"):
        parse_pxweb_csv('"just a title"\n', dataset="t")
    with pytest.raises(ParseError, match="period"):
        parse_pxweb_csv('"Alue","Väestö"\n"KU091",1\n', dataset="t")
    with pytest.raises(ParseError, match="unknown region 'Atlantis'"):
        parse_pxweb_csv('"Alue","2024"\n"Atlantis",1\n', dataset="t")


def test_query_body_has_the_shape_of_a_statfin_saved_query(pxweb):
    saved = json.loads(shared_fixture("pxweb_saved_query_statfin_eot_pxt_132a.px.json").read_text())
    meta = load_meta(KA2017, "Kuntien_avainluvut/2017/ka.px")
    (ours,) = build_queries(meta, [indicator("v", "ka.px", "M411")], 100_000)
    reference = saved["queryObj"]
    assert ours.keys() == reference.keys() and ours["response"] == reference["response"]
    for part in ours["query"] + reference["query"]:
        assert part.keys() == {"code", "selection"} and part["selection"].keys() == {
            "filter",
            "values",
        }
    client, settings, _ = pxweb(MiniPxWeb({}))
    defaults = (settings.pxweb_max_cells, settings.pxweb_max_calls, settings.pxweb_time_window)
    assert read_limits(client, settings) == defaults  # no ?config answer


def test_sum_over_adds_the_selected_age_groups_and_keeps_symbols_honest():
    import pandas as pd

    from loaders.pxweb import sum_over

    frame = pd.DataFrame(
        {
            "source": "pxweb", "dataset": "11a2", "measure": "vm43_netto",
            "dimensions": ["Ikä=15-19;Sukupuoli=SSS", "Ikä=20-24;Sukupuoli=SSS"] * 2,
            "region": ["KU111", "KU111", "KU240", "KU240"], "period": "2024",
            "value": [-10.0, -5.0, 3.0, None], "symbol": [None, None, None, ".."],
        }
    )  # fmt: skip
    out = sum_over(frame, ["Ikä"]).set_index("region")
    assert out.loc["KU111", "value"] == -15.0 and pd.isna(out.loc["KU111", "symbol"])
    assert out.loc["KU111", "dimensions"] == "Ikä=15-19+20-24;Sukupuoli=SSS"
    assert pd.isna(out.loc["KU240", "value"]) and out.loc["KU240", "symbol"] == ".."


@pytest.mark.parametrize(
    ("announced", "expected"),
    [
        # the live StatFin answer: the published defaults stand
        ((120_000, 40, 60.0), (120_000, 40, 60.0)),
        # a server that announces more (or the pre-2026 30 / 10 s) cannot loosen the defaults
        ((500_000, 30, 10.0), (120_000, 30, 60.0)),
        ((1_000_000, 1_000, 1.0), (120_000, 40, 60.0)),
        # a stricter server tightens every part
        ((50_000, 20, 120.0), (50_000, 20, 120.0)),
    ],
)
def test_config_answer_can_only_tighten_the_published_limits(announced, expected, monkeypatch):
    from loaders.pxweb import effective_limits
    from mittaristo.settings import Settings

    for name in ("CALLS", "TIME_WINDOW", "CELLS"):
        monkeypatch.delenv(f"MITTARISTO_PXWEB_MAX_{name}".replace("MAX_TIME", "TIME"), False)
    settings = Settings()
    assert (settings.pxweb_max_cells, settings.pxweb_max_calls, settings.pxweb_time_window) == (
        120_000,
        40,
        60.0,
    )
    assert effective_limits(announced, settings) == expected
