"""The reference classification (data/reference) and its one reader, mittaristo.reference."""

from __future__ import annotations

import datetime as dt
import filecmp

import pytest
from conftest import ROOT, shared_fixture

from mittaristo import reference
from mittaristo.config.checks import check_codes
from mittaristo.config.model import Strategy


def test_todays_municipalities_without_the_merged_ones():
    municipalities = reference.municipalities()
    assert len(municipalities) == 308
    assert {"KU111", "KU240", "KU422", "KU593"} <= set(municipalities)
    assert not set(reference.mergers()) & set(municipalities)
    heinola = municipalities["KU111"]
    assert (heinola.name_fi, heinola.region, heinola.wellbeing_county) == (
        "Heinola", "MK07", "HVA09",
    )  # fmt: skip
    assert heinola.sotkanet_id == 44  # the Sotkanet id of the recorded /regions answer
    assert municipalities["KU020"].name("sv") == "Ackas"  # Swedish names from the classification


def test_every_municipality_belongs_to_a_known_region_and_county():
    regions, counties = reference.regions(), reference.wellbeing_counties()
    assert len(regions) == 20 and "SSS" in regions  # the country and the 19 maakunnat
    assert len(counties) == 23 and {"HVA90", "HVA91"} <= set(counties)  # Helsinki and Åland
    for area in reference.municipalities().values():
        assert area.region in regions and area.wellbeing_county in counties, area.code


def test_mergers_point_at_todays_municipalities():
    mergers = reference.mergers()
    assert set(mergers) == {"KU174", "KU442", "KU911", "KU099", "KU588"}
    valtimo = mergers["KU911"]
    assert (valtimo.old_name, valtimo.new_code, valtimo.new_name) == ("Valtimo", "KU541", "Nurmes")
    assert valtimo.valid_from == dt.date(2020, 1, 1) and valtimo.confirmed is False
    assert mergers["KU588"].confirmed and mergers["KU588"].new_code == "KU507"
    assert reference.current_code("KU911") == "KU541"
    assert reference.current_code("KU111") == "KU111"
    assert reference.current_code("MK07") == "MK07"
    assert reference.current_code("KU999") is None


def test_area_names_cover_counties_and_merged_municipalities():
    assert reference.area_name("HVA09", "sv") == "Päijänne-Tavastlands välfärdsområde"
    assert reference.area_name("KU099") == "Honkajoki"
    assert reference.area_name("KU998") == "KU998"


def test_a_merged_peer_is_refused_with_its_successor():
    strategy = Strategy.model_validate(
        {
            "town": "heinola", "municipality": "KU111", "name": {"fi": "Heinola"},
            "documents": [{"title": "x"}], "period": {"start": 2022, "end": 2025},
            "reviews": {"adoption": "2021-12-13", "end": "2025-12-31"},
            "peers": ["KU911"], "goals": [{"id": "g", "name": {"fi": "g"}}],
        }
    )  # fmt: skip
    names = {code: a.name_fi for code, a in reference.municipalities().items()}
    [finding] = check_codes(strategy, names)
    assert finding.message == "unknown municipality code KU911"
    assert "merged into Nurmes on 1.1.2020: write KU541" in finding.hint


def test_shipped_reference_is_what_the_build_script_makes(tmp_path):
    """data/reference/*.csv are reproducible from the recorded classification files."""
    import importlib.util

    fixtures = shared_fixture("2026/geofi-municipality_key_2026.CONVERTED.csv").parents[1]
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts" / "build_reference.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.main(["--fixtures", str(fixtures), "--out", str(tmp_path)]) == 0
    for name in ("municipalities.csv", "regions.csv", "wellbeing_counties.csv", "mergers.csv"):
        assert filecmp.cmp(tmp_path / name, ROOT / "data" / "reference" / name, shallow=False), name


def test_build_script_refuses_a_merger_the_keys_contradict(tmp_path, monkeypatch):
    import importlib.util

    fixtures = shared_fixture("2026/geofi-municipality_key_2026.CONVERTED.csv").parents[1]
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts" / "build_reference.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "MERGERS", [("111", "240", "2030-01-01", "Q", "not true")])
    with pytest.raises(SystemExit, match="111 is still a municipality"):
        build.main(["--fixtures", str(fixtures), "--out", str(tmp_path)])
    assert not list(tmp_path.iterdir())  # nothing written
