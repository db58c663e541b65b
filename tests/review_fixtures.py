"""A small configuration and statistics database for the edits and Review/Actions page tests.

One town (`testila`, KU111) with a rising population (target met), a rising unemployment rate
against a falling target (off track), a qualitative milestone, and actions with schedules.
The statistics DB is written with the store's own writer, one run per `write_run` call, so a
test can make the source revise a value between two runs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from mittaristo.config.load import Config, load_config
from mittaristo.store import RefreshWriter

TODAY = dt.date(2024, 6, 1)
TOWN, REGION = "testila", "KU111"

CATALOG = """
version: 1
indicators:
  - id: vakiluku
    name: {fi: Väkiluku, sv: Folkmängd, en: Population}
    unit: {fi: henkilöä, sv: personer, en: persons}
    better: higher
    decimals: 0
    frequency: yearly
    lag_months: 4
    source: {kind: pxweb, database: Kuntien_avainluvut, table: t.px, measure: M411, confirmed: true}
    license: CC BY 4.0
  - id: tyottomyysaste
    name: {fi: Työttömyysaste, sv: Arbetslöshetsgrad, en: Unemployment rate}
    unit: {fi: "%", sv: "%", en: "%"}
    better: lower
    decimals: 1
    frequency: yearly
    lag_months: 4
    source: {kind: pxweb, database: Kuntien_avainluvut, table: t.px, measure: M408, confirmed: true}
    license: CC BY 4.0
"""

STRATEGY = """
town: testila
municipality: KU111
name: {fi: Testilä, sv: Testby, en: Testila}
documents: [{title: Testilän strategia 2022–2025}]
period: {start: 2022, end: 2025}
reviews: {adoption: 2022-01-31, mid_term: 2023-12-15, end: 2025-12-31, meetings: [2024-06-14, 2024-12-13]}
goals:
  - id: elinvoima
    name: {fi: Elinvoima, sv: Livskraft, en: Vitality}
    indicators:
      - id: vaesto
        text: Väkiluku kasvaa
        indicator: vakiluku
        target:
          kind: at_least
          value: 1000
          by: 2025
          provenance: {body: Kaupunginvaltuusto, date: 2022-01-31, section: "§ 3"}
        target_history:
          - {changed_on: 2023-05-10, previous: "vähintään 900 (2025)", provenance: {body: Kaupunginhallitus}}
      - id: tyottomyys
        text: Työttömyysaste laskee <b>nopeasti</b>
        indicator: tyottomyysaste
        target: {kind: direction, direction: decrease}
    actions:
      - {id: t1, text: Yrityspalvelujen uudistus, owner: Elinkeinojohtaja, schedule: {text: "2022", start: 2022, end: 2022}, status: not_started}
      - {id: t2, text: Markkinointikampanja, owner: Viestintäpäällikkö, schedule: {text: jatkuva}, status: in_progress}
  - id: hyvinvointi
    name: {fi: Hyvinvointi, sv: Välfärd, en: Wellbeing}
    subgoals:
      - id: liikunta
        name: {fi: Liikunta, sv: Motion, en: Exercise}
        owner: Sivistystoimiala
        indicators:
          - id: suunnitelma
            text: Liikuntasuunnitelma valmis
            qualitative_reason: tehty / ei tehty
            target: {kind: milestone, description: Liikuntasuunnitelma, by: 2025}
        actions:
          - {id: t3, text: Liikuntasuunnitelman laatiminen, status: done}
"""


def write_config(root: Path) -> Config:
    (root / "strategies").mkdir(parents=True, exist_ok=True)
    (root / "indicators.yaml").write_text(CATALOG, encoding="utf-8")
    (root / "strategies" / "testila.yaml").write_text(STRATEGY, encoding="utf-8")
    return load_config(root)


def _frame(measure: str, values: dict[str, float]) -> pd.DataFrame:
    rows = [
        {"source": "pxweb", "dataset": "t", "measure": measure, "dimensions": "",
         "region": REGION, "period": period, "value": value, "symbol": None}
        for period, value in values.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


POPULATION = {"2020": 950.0, "2021": 980.0, "2022": 1010.0, "2023": 1020.0}
UNEMPLOYMENT = {"2020": 8.0, "2021": 9.0, "2022": 10.0, "2023": 11.0}


def write_run(db: Path, population: dict[str, float], unemployment: dict[str, float]) -> int:
    """One load run with both series; returns its run id."""
    with RefreshWriter(db, kind="refresh") as writer:
        writer.write_series(
            _frame("M411", population), indicator_id="vakiluku", source_kind="pxweb"
        )
        writer.write_series(
            _frame("M408", unemployment), indicator_id="tyottomyysaste", source_kind="pxweb"
        )
        writer.finish()
        return writer.run_id


def write_review_env(root: Path) -> tuple[Config, Path, Path]:
    """The review tests' world: the test town's config, one load run, and where the edits go."""
    config = write_config(root / "config")
    db = root / "stats.duckdb"
    write_run(db, POPULATION, UNEMPLOYMENT)
    return config, db, root / "edits.duckdb"
