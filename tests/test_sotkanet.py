"""Sotkanet 1.1: region mapping, both /json field styles, /csv, and fetching per indicator.

Real values come from the recorded 2015/2016 responses in ../shared/fixtures (read in place);
the numeric-style rows below are a small made-up example of the current field names.
"""

from __future__ import annotations

import json
import re

import pytest
import requests

from loaders import sotkanet
from loaders.base import ParseError, SourceError
from mittaristo.config.model import CatalogIndicator
from mittaristo.settings import Settings
from tests.conftest import shared_fixture

SETTINGS = Settings(sotkanet_url="http://sotkanet.test/rest/1.1")
SEED_2009 = {"KU111": 20374, "KU240": 22580, "KU422": 12788, "KU593": 20151, "SSS": 5351427}


def load_json(name: str):
    return json.loads(shared_fixture(name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def regions():
    return sotkanet.parse_regions(load_json("sotkanet_1.1_regions.json"))


@pytest.fixture(scope="module")
def rmap(regions):
    return sotkanet.region_map(regions)


def response(
    body: object, status: int = 200, url: str = "http://sotkanet.test/"
) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = body if isinstance(body, bytes) else json.dumps(body).encode()
    resp.url = url
    return resp


class FakeClient:
    """Duck-typed HttpClient: answers by URL, records every call."""

    def __init__(self, routes: dict[str, object]) -> None:
        self.routes = routes
        self.calls: list[tuple[str, dict | None]] = []

    def get(self, url, params=None, headers=None):
        self.calls.append((url, params))
        answer = self.routes[url]
        if isinstance(answer, Exception):
            raise answer
        return answer


def indicator(
    ind_id: str = "vaesto", sotkanet_id: int = 127, gender: str = "total"
) -> CatalogIndicator:
    return CatalogIndicator.model_validate(
        {
            "id": ind_id,
            "name": {"fi": "Väestö"},
            "unit": {"fi": "henkeä"},
            "better": "higher",
            "decimals": 0,
            "frequency": "yearly",
            "lag_months": 6,
            "source": {
                "kind": "sotkanet",
                "indicator": sotkanet_id,
                "gender": gender,
                "confirmed": True,
            },
            "license": "CC BY 4.0",
        }
    )


# --------------------------------------------------------------------------- regions


def test_seed_municipalities_map_to_their_codes(rmap):
    assert (rmap[44], rmap[117], rmap[197], rmap[282]) == ("KU111", "KU240", "KU422", "KU593")
    assert rmap[658] == "SSS"
    assert rmap[493] == "MK07"  # Päijät-Häme


def test_regions_of_other_categories_are_known_but_not_mapped(regions, rmap):
    seutukunta = int(regions.loc[regions["category"] == "SEUTUKUNTA", "id"].iloc[0])
    assert seutukunta not in rmap
    assert seutukunta in rmap.known_ids
    assert len(rmap) == 320 + 19 + 1  # KUNTA + MAAKUNTA + MAA in the 2016 list


def test_parse_regions_keeps_titles(regions):
    heinola = regions[regions["id"] == 44].iloc[0]
    assert (heinola["code"], heinola["category"], heinola["title_fi"]) == (
        "111",
        "KUNTA",
        "Heinola",
    )
    assert list(regions.columns) == sotkanet.REGION_COLUMNS


def test_parse_regions_refuses_a_non_list():
    with pytest.raises(ParseError, match="list of region objects"):
        sotkanet.parse_regions({"id": 1})


# --------------------------------------------------------------------------- data


def test_json_fixture_gives_2009_population(rmap):
    parsed = sotkanet.parse_json(
        load_json("sotkanet_1.1_json_indicator127_2009_total.json"), rmap, indicator=127
    )
    frame = parsed.frame.set_index("region")
    for region, value in SEED_2009.items():
        assert frame.loc[region, "value"] == value
    assert set(frame["period"]) == {"2009"} and set(frame["dataset"]) == {"127"}
    assert set(frame["dimensions"]) == {"Sukupuoli=total"} and frame["symbol"].isna().all()


def test_json_fixture_keeps_only_municipalities_country_and_maakunnat(rmap):
    parsed = sotkanet.parse_json(load_json("sotkanet_1.1_json_indicator127_2009_total.json"), rmap)
    regions = parsed.frame["region"]
    assert regions.str.match(r"^(KU\d{3}|MK\d{2}|SSS)$").all()
    assert (regions.str.startswith("KU").sum(), regions.str.startswith("MK").sum()) == (317, 19)
    # three ids of the 2015 data are absent from the 2016 region list
    assert parsed.unknown_regions == [455, 456, 730]


def test_csv_fixture_gives_the_same_values_as_json(rmap):
    text = shared_fixture("sotkanet_1.1_csv_indicator127_2009_total.csv").read_text(
        encoding="utf-8"
    )
    from_csv = sotkanet.parse_csv(text, rmap)
    from_json = sotkanet.parse_json(
        load_json("sotkanet_1.1_json_indicator127_2009_total.json"), rmap
    )
    assert from_csv.frame.equals(from_json.frame)
    assert from_csv.unknown_regions == [455, 456, 730]


def test_numeric_field_style_parses_with_nulls(rmap):
    rows = [
        {
            "indicator": 5641,
            "region": 44,
            "year": 2023,
            "gender": "total",
            "value": 96.5,
            "absValue": 17800,
        },
        {
            "indicator": 5641,
            "region": 658,
            "year": 2023,
            "gender": "total",
            "value": 100,
            "absValue": None,
        },
        {"indicator": 5641, "region": 117, "year": 2023, "gender": "total", "value": None},
    ]
    parsed = sotkanet.parse_json(rows, rmap, indicator=5641)
    frame = parsed.frame.set_index("region")
    assert frame.loc["KU111", "value"] == 96.5 and frame.loc["SSS", "value"] == 100.0
    # a row without a value holds nothing: counted, never stored as a NULL without a symbol
    assert "KU240" not in frame.index and (parsed.cells, parsed.empty) == (3, 1)
    assert frame.loc["KU111", "period"] == "2023" and frame.loc["KU111", "measure"] == "5641"


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (True, "value True is a boolean"),
        ("NaN", "value 'NaN' is not a number"),
        (float("inf"), "infinite or beyond"),
        (10**400, "too large"),
        ("paljon", "value 'paljon' is not a number"),
    ],
)
def test_values_that_are_not_numbers_are_refused(rmap, value, says):
    rows = [{"indicator": 5641, "region": 44, "year": 2023, "gender": "total", "value": value}]
    with pytest.raises(ParseError, match=re.escape(says)):
        sotkanet.parse_json(rows, rmap, indicator=5641)


def test_finnish_text_number_and_duplicate_rows(rmap):
    rows = [{"indicator": 5641, "region": 44, "year": 2023, "gender": "total", "value": "325 716"}]
    assert sotkanet.parse_json(rows, rmap).frame["value"].tolist() == [325716.0]
    text = (
        "indicator;region;year;gender;primary value;absolute value\n"
        "3064;44;2022;total;12,5;\n3064;658;2022;total;10;\n3064;44;2022;total;13;\n"
    )
    with pytest.raises(
        ParseError, match=r"line 4: the same cell as line 2 \(indicator 3064, region 44"
    ):
        sotkanet.parse_csv(text, rmap)
    with pytest.raises(ParseError, match="period '2022M13'"):
        sotkanet.parse_json([{**rows[0], "year": "2022M13"}], rmap)


def test_csv_with_decimal_comma(rmap):
    text = "indicator;region;year;gender;primary value;absolute value\n3064;44;2022;total;12,5;\n"
    frame = sotkanet.parse_csv(text, rmap).frame
    assert frame["value"].tolist() == [12.5] and frame["region"].tolist() == ["KU111"]


def test_csv_without_the_expected_header_is_a_parse_error(rmap):
    with pytest.raises(ParseError, match="missing columns"):
        sotkanet.parse_csv("alue;vuosi;arvo\n44;2022;1\n", rmap)


def test_text_value_is_a_parse_error_naming_the_row(rmap):
    rows = [
        {
            "region": "44",
            "indicator": "127",
            "primary value": "n/a",
            "gender": "total",
            "year": "2009",
        }
    ]
    with pytest.raises(ParseError, match="region 44 year 2009"):
        sotkanet.parse_json(rows, rmap)


def test_response_of_another_indicator_is_refused(rmap):
    rows = [{"indicator": 128, "region": 44, "year": 2020, "value": 1}]
    with pytest.raises(ParseError, match="asked for indicator 127"):
        sotkanet.parse_json(rows, rmap, indicator=127)


# --------------------------------------------------------------------------- fetch

JSON_URL = f"{SETTINGS.sotkanet_url}/json"
META_URL = f"{SETTINGS.sotkanet_url}/indicators/127"
ROWS = [
    {"indicator": 127, "region": 44, "year": 2022, "gender": "total", "value": 18400},
    {"indicator": 127, "region": 44, "year": 2023, "gender": "total", "value": 18300},
]


def test_fetch_sends_repeated_years_and_gender(rmap):
    client = FakeClient(
        {JSON_URL: response(ROWS), META_URL: response({"id": 127, "data-updated": "2024-03-01"})}
    )
    [outcome] = sotkanet.fetch_indicators(
        client, SETTINGS, [indicator(gender="female")], region_map=rmap, years=range(2022, 2024)
    )
    assert client.calls[0] == (
        JSON_URL,
        {"indicator": 127, "years": [2022, 2023], "genders": "female"},
    )
    assert outcome.ok and outcome.frame["value"].tolist() == [18400.0, 18300.0]
    assert outcome.release_time == "2024-03-01" and outcome.requests == 2


def test_fetch_without_metadata_makes_one_request(rmap):
    client = FakeClient({JSON_URL: response(ROWS)})
    [outcome] = sotkanet.fetch_indicators(
        client,
        SETTINGS,
        [indicator()],
        region_map=rmap,
        years=range(2022, 2024),
        with_metadata=False,
    )
    assert outcome.ok and outcome.release_time is None and len(client.calls) == 1


def test_failing_metadata_keeps_the_data(rmap):
    client = FakeClient(
        {JSON_URL: response(ROWS), META_URL: SourceError("GET …/indicators/127 → HTTP 500")}
    )
    [outcome] = sotkanet.fetch_indicators(
        client, SETTINGS, [indicator()], region_map=rmap, years=range(2022, 2024)
    )
    assert (
        outcome.ok
        and outcome.release_time is None
        and "HTTP 500" in outcome.extra["metadata_error"]
    )


def test_unknown_regions_are_recorded_but_known_rows_kept(rmap):
    rows = ROWS + [{"indicator": 127, "region": 99999, "year": 2023, "gender": "total", "value": 5}]
    client = FakeClient({JSON_URL: response(rows)})
    [outcome] = sotkanet.fetch_indicators(
        client,
        SETTINGS,
        [indicator()],
        region_map=rmap,
        years=range(2023, 2024),
        with_metadata=False,
    )
    assert outcome.ok and outcome.extra["unknown_regions"] == [99999] and len(outcome.frame) == 2


def test_no_mapped_municipality_fails_the_outcome(rmap):
    rows = [
        {"indicator": 127, "region": 99999, "year": 2023, "value": 5},
        {"indicator": 127, "region": 658, "year": 2023, "value": 9},
    ]
    client = FakeClient({JSON_URL: response(rows)})
    [outcome] = sotkanet.fetch_indicators(
        client,
        SETTINGS,
        [indicator()],
        region_map=rmap,
        years=range(2023, 2024),
        with_metadata=False,
    )
    assert not outcome.ok and "no municipality row" in outcome.error and "99999" in outcome.error


def test_empty_result_fails_the_outcome(rmap):
    client = FakeClient({JSON_URL: response([])})
    [outcome] = sotkanet.fetch_indicators(
        client, SETTINGS, [indicator()], region_map=rmap, years=range(2023, 2024)
    )
    assert outcome.error == "Sotkanet indicator 127: empty result" and len(client.calls) == 1


def test_malformed_json_is_the_outcomes_error_and_others_continue(rmap):
    other = f"{SETTINGS.sotkanet_url}/json"
    client = FakeClient({other: response(b'[{"region": 44, "indic')})
    outcomes = sotkanet.fetch_indicators(
        client,
        SETTINGS,
        [indicator("a"), indicator("b", 128)],
        region_map=rmap,
        years=range(2023, 2024),
    )
    assert [o.indicator_id for o in outcomes] == ["a", "b"]
    assert all("not JSON" in o.error for o in outcomes)


def test_source_error_is_the_outcomes_error(rmap):
    client = FakeClient(
        {JSON_URL: SourceError("GET http://sotkanet.test/rest/1.1/json → HTTP 503")}
    )
    [outcome] = sotkanet.fetch_indicators(
        client, SETTINGS, [indicator()], region_map=rmap, years=range(2023, 2024)
    )
    assert "HTTP 503" in outcome.error


def test_fetch_regions_parses_the_list():
    client = FakeClient(
        {f"{SETTINGS.sotkanet_url}/regions": response(load_json("sotkanet_1.1_regions.json"))}
    )
    frame = sotkanet.fetch_regions(client, SETTINGS)
    assert frame.set_index("id").loc[282, "region"] == "KU593"


def test_release_time_in_epoch_milliseconds_becomes_iso():
    client = FakeClient({META_URL: response({"id": 127, "data-updated": 1709251200000})})
    assert sotkanet.fetch_release_time(client, SETTINGS, 127) == "2024-03-01T00:00:00+00:00"
