"""A small, self-contained configuration for refresh, CLI and demo tests (not a test module).

Small on purpose: the emulator serves only these tables, and the runs stay a few seconds.
"""

from __future__ import annotations

from pathlib import Path

_COMMON = """    name: {{fi: {name}}}
    unit: {{fi: yksikkö}}
    better: higher
    decimals: 1
    frequency: yearly
    lag_months: 6
    license: CC BY 4.0
"""

PXWEB = """  - id: vakiluku
{common}    source:
      kind: pxweb
      database: Kuntien_avainluvut
      table: uusin/142h.px
      measure: M411
      confirmed: true
"""
SOTKANET = """  - id: nettomuutto_per_1000
{common}    source: {{kind: sotkanet, indicator: 178, confirmed: true}}
"""
SYKE = """  - id: co2_paastot
{common}    source: {{kind: syke, measure: total, per_resident: false, confirmed: false}}
"""
DERIVED = """  - id: vakiluvun_muutos
{common}    source: {{kind: derived, op: yoy_change_pct, of: vakiluku}}
"""
MANUAL = """  - id: asukaskysely
{common}    source: {{kind: manual, entered_by: strategiatiimi, reason: kysely}}
"""

STRATEGY = """town: testila
municipality: KU111
name: {fi: Testilän strategia}
documents:
  - title: Testi
period: {start: 2022, end: 2025}
reviews: {adoption: 2022-05-16, end: 2025-12-31}
peers: [KU240, KU422, KU593]
goals:
  - id: elinvoima
    name: {fi: Elinvoima}
    indicators:
      - id: vakiluku
        text: Väkiluku kasvaa
        indicator: vakiluku
        target: {kind: direction, direction: increase}
"""

TOWNS = ["KU111", "KU240", "KU422", "KU593"]


def write_config(directory: Path, *, syke: bool = True) -> Path:
    """indicators.yaml + strategies/testila.yaml in `directory`; returns the directory."""
    blocks = [PXWEB, SOTKANET, *([SYKE] if syke else []), DERIVED, MANUAL]
    names = ["Väkiluku", "Nettomuutto", "Päästöt", "Muutos", "Kysely"]
    body = "".join(
        block.format(common=_COMMON.format(name=name))
        for block, name in zip(blocks, [n for n in names if syke or n != "Päästöt"], strict=True)
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "indicators.yaml").write_text("version: 1\nindicators:\n" + body, encoding="utf-8")
    (directory / "strategies").mkdir(exist_ok=True)
    (directory / "strategies" / "testila.yaml").write_text(STRATEGY, encoding="utf-8")
    return directory
