"""SYKE ALas: yearly sums (total, Hinku), per resident with Statistics Finland's population of
the same year (the stored catalog series, never SYKE's asukasluvut file), conditional GET.

No real SYKE file was recorded (PROVENANCE.md); tests/data/syke_kunta_SYNTHETIC.csv is made up.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import requests

from loaders import syke
from loaders.base import ParseError, SourceError
from mittaristo.config.model import CatalogIndicator, SykeSource
from mittaristo.settings import Settings

DATA = Path(__file__).parent / "data"
SETTINGS = Settings(syke_url="http://syke.test")
EMISSIONS = (DATA / "syke_kunta_SYNTHETIC.csv").read_bytes()
# The stored `vakiluku` series (region, period, value) as the refresh hands it over.
POPULATION = pd.DataFrame(
    {
        "region": ["KU111", "KU111", "KU091", "KU111"],
        "period": ["2020", "2021", "2020", "2022"],
        "value": [20000.0, 19500.0, 650000.0, None],
    }
)


def sums(data: bytes) -> dict[int, tuple[float, float]]:
    frame = syke.parse_emissions_csv(data, kuntanro="111")
    return {int(r.year): (round(r.total_kt, 6), round(r.hinku_kt, 6)) for r in frame.itertuples()}


def test_sums_per_year_total_and_hinku():
    # 2021 has a credit row (taso_3 Tuu, -0,5): outside the total and the default Hinku frame
    assert sums(EMISSIONS) == {2020: (34.75, 14.75), 2021: (31.25, 13.25)}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_bom_and_latin1_files_read_the_same(encoding):
    assert sums(EMISSIONS.decode("utf-8").encode(encoding)) == sums(EMISSIONS)


@pytest.mark.parametrize("flag", ["True", "true", "1", "On"])
def test_hinku_flag_spellings(flag):
    data = f"vuosi;kt;hinku_laskenta\n2022;2,5;{flag}\n2022;1;Ei\n2022;4;False\n".encode()
    assert sums(data) == {2022: (7.5, 2.5)}


def test_a_year_without_values_is_missing_not_zero():
    frame = syke.parse_emissions_csv(
        b"vuosi;kt;hinku_laskenta\n2019;NULL;On\n2019;;Ei\n", kuntanro="5"
    )
    assert frame["total_kt"].isna().all() and frame["hinku_kt"].isna().all()


def test_missing_columns_name_the_file_and_the_columns_found():
    with pytest.raises(
        ParseError,
        match=r"kunta_111\.csv: missing columns \['hinku_laskenta'\]; the file has \['vuosi', 'kt'\]",
    ):
        syke.parse_emissions_csv(b"vuosi;kt\n2020;1\n", kuntanro="111")


def test_text_in_kt_is_refused():
    with pytest.raises(ParseError, match="kt 'paljon' on line 3"):
        syke.parse_emissions_csv(
            b"vuosi;kt;hinku_laskenta\n2020;1;On\n2020;paljon;On\n", kuntanro="111"
        )


# --------------------------------------------------------------------------- fetch


def response(body: bytes, status: int = 200, headers: dict | None = None) -> requests.Response:
    resp = requests.Response()
    resp.status_code, resp._content = status, body
    resp.headers.update(headers or {})
    return resp


class FakeServer:
    """Duck-typed HttpClient; answers 304 when the validators match, like a real server."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.calls: list[tuple[str, dict]] = []

    def get(self, url, params=None, headers=None):
        self.calls.append((url, dict(headers or {})))
        if url not in self.files:
            raise SourceError(f"GET {url} → HTTP 404 Not Found")
        etag = f'"{hash(self.files[url])}"'
        if (headers or {}).get("If-None-Match") == etag:
            return response(b"", 304)
        return response(
            self.files[url],
            headers={"ETag": etag, "Last-Modified": "Mon, 08 Jun 2026 10:00:00 GMT"},
        )


def catalog(ind_id: str, measure: str, per_resident: bool) -> CatalogIndicator:
    return CatalogIndicator.model_validate(
        {
            "id": ind_id,
            "name": {"fi": "Päästöt"},
            "unit": {"fi": "kt CO2-ekv"},
            "better": "lower",
            "decimals": 1,
            "frequency": "yearly",
            "lag_months": 18,
            "source": {
                "kind": "syke",
                "measure": measure,
                "per_resident": per_resident,
                **({"population": "vakiluku"} if per_resident else {}),
                "confirmed": False,
            },
            "license": "CC BY 4.0",
        }
    )


FILES = {"http://syke.test/Tulokset_taso_5/kunta_111.csv": EMISSIONS}


def fetch(client, cache=None, municipalities=("KU111",), population=POPULATION):
    inds = [catalog("co2", "total", False), catalog("co2_hinku_asukas", "hinku", True)]
    populations = {} if population is None else {"vakiluku": population}
    return syke.fetch_indicators(
        client, SETTINGS, inds, municipalities=list(municipalities), cache=cache,
        populations=populations,
    )  # fmt: skip


def test_fetch_builds_total_and_hinku_per_resident():
    client = FakeServer(FILES)
    total, per_resident = fetch(client)
    assert total.frame["value"].tolist() == [34.75, 31.25]  # the 2021 credit row left out
    assert set(total.frame["measure"]) == {"total"} and set(total.frame["dataset"]) == {"alas"}
    assert total.frame["period"].tolist() == ["2020", "2021"] and set(total.frame["region"]) == {
        "KU111"
    }
    # 14.75 kt × 1000 / 20 000 residents (Statistics Finland, 2020) = 0.7375 t per resident
    assert per_resident.frame["value"].round(6).tolist() == [0.7375, round(13250 / 19500, 6)]
    assert set(per_resident.frame["measure"]) == {"hinku_per_resident"}
    assert total.release_time == "2026-06-08T10:00:00+00:00" and total.requests == 1
    # only the municipality's file: the population is the stored series, no SYKE file
    assert [url for url, _ in client.calls] == ["http://syke.test/Tulokset_taso_5/kunta_111.csv"]


def test_file_number_drops_leading_zeros():
    client = FakeServer({})
    fetch(client, municipalities=["KU091"])
    assert client.calls[0][0] == "http://syke.test/Tulokset_taso_5/kunta_91.csv"


def test_unchanged_files_are_reused_after_304():
    cache, client = syke.MemoryHttpCache(), FakeServer(FILES)
    first = fetch(client, cache)
    client.calls.clear()
    second = fetch(client, cache)
    assert all(h.get("If-None-Match") and h.get("If-Modified-Since") for _, h in client.calls)
    assert second[0].extra["not_modified"] == 1
    assert second[0].frame.equals(first[0].frame) and second[1].frame.equals(first[1].frame)
    assert second[0].release_time == first[0].release_time


def test_one_failed_municipality_is_recorded_and_the_rest_kept():
    total, _ = fetch(FakeServer(FILES), municipalities=["KU111", "KU240"])
    assert total.ok and set(total.frame["region"]) == {"KU111"}
    assert "HTTP 404" in total.extra["failed_municipalities"]["KU240"]


def test_all_municipalities_failing_fails_the_indicator():
    total, per_resident = fetch(FakeServer({}), municipalities=["KU240"])
    assert "every municipality file failed" in total.error and not per_resident.ok


def test_years_without_population_are_left_out_of_per_resident():
    only_2020 = POPULATION[POPULATION["period"] == "2020"]
    _, per_resident = fetch(FakeServer(FILES), population=only_2020)
    assert per_resident.frame["period"].tolist() == ["2020"]
    assert per_resident.extra["years_without_population"] == [2021]


def test_no_stored_population_fails_only_per_resident():
    total, per_resident = fetch(FakeServer(FILES), population=None)
    assert total.ok and not per_resident.ok
    assert "no stored values of vakiluku" in per_resident.error


def test_per_resident_needs_a_population_series_in_the_catalog():
    with pytest.raises(ValueError, match="per_resident needs population"):
        SykeSource.model_validate(
            {"kind": "syke", "measure": "total", "per_resident": True, "confirmed": False}
        )


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # (taso_3, kt, kt_tuuli, hinku flag) → (total, Hinku without credits, Hinku with credits)
        ([("Tie", "10", "10", "On"), ("Teo", "5", "5", "Ei")], (15.0, 10.0, 10.0)),
        # a credit row (taso_3 Tuu, negative) is outside the total and the default frame
        ([("Tie", "10", "10", "On"), ("Tuu", "-3", "-3", "On")], (10.0, 10.0, 7.0)),
        # the frame with credits counts kt_tuuli
        ([("Säh", "10", "8", "On"), ("Tuu", "-2", "-2", "Ei")], (10.0, 10.0, 6.0)),
    ],
)
def test_hinku_frames_without_and_with_emission_credits(rows, expected):
    body = "vuosi;kt;kt_tuuli;hinku_laskenta;taso_3\n" + "".join(
        f"2023;{kt};{wind};{flag};{level3}\n" for level3, kt, wind, flag in rows
    )
    frame = syke.parse_emissions_csv(body.encode(), kuntanro="111")
    (row,) = frame.itertuples()
    assert (row.total_kt, row.hinku_kt, row.hinku_credits_kt) == expected


def test_refresh_divides_the_emissions_by_statistics_finlands_population_of_the_same_year(
    demo_db,
):
    """End to end against the emulator: per resident = the same run's co2_paastot (kt) × 1000
    ÷ its vakiluku (Kuntien avainluvut M411) of the same year, for every municipality and year."""
    from mittaristo import store

    towns = ["KU111", "KU240", "KU422", "KU593"]

    def values(ind: str) -> dict[tuple[str, str], float]:
        frame = store.current_series(demo_db, ind, towns).dropna(subset=["value"])
        return {(r.region, r.period): r.value for r in frame.itertuples()}

    total, people, per_resident = (
        values(i) for i in ("co2_paastot", "vakiluku", "co2_paastot_per_asukas")
    )
    both = sorted(set(total) & set(people))
    assert len(both) > 40 and set(per_resident) == set(both)
    for key in both:
        assert per_resident[key] == pytest.approx(total[key] * 1000.0 / people[key], rel=1e-9)
