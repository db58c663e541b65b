"""Shared helpers of the reliability suite (faults, killed refresh, concurrent readers, bad input,
security): a small configuration, refreshes against the local emulator, database snapshots.

Everything runs on 127.0.0.1 and in pytest's tmp folders; nothing here touches data/.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

# A small catalog that still covers every automatic source kind: two measures of one Kuntien
# avainluvut table (one grouped POST), a StatFin table with selections, two Sotkanet indicators,
# one SYKE indicator and one derived indicator.
SMALL_CATALOG = """\
version: 1
indicators:
  - id: vakiluku
    name: {fi: Väkiluku, sv: Folkmängd, en: Population}
    unit: {fi: henkilöä}
    better: higher
    decimals: 0
    frequency: yearly
    lag_months: 4
    license: CC BY 4.0
    source: {kind: pxweb, database: Kuntien_avainluvut,
             table: uusin/142h.px, measure: M411, confirmed: true}
  - id: tyottomyysaste
    name: {fi: Työttömien osuus työvoimasta}
    unit: {fi: "%"}
    better: lower
    decimals: 1
    frequency: yearly
    lag_months: 24
    license: CC BY 4.0
    source: {kind: pxweb, database: Kuntien_avainluvut,
             table: uusin/142h.px, measure: M162, confirmed: true}
  - id: vaesto_statfin
    name: {fi: Väestö (StatFin)}
    unit: {fi: henkilöä}
    better: higher
    decimals: 0
    frequency: yearly
    lag_months: 4
    license: CC BY 4.0
    source: {kind: pxweb, database: StatFin, table: vaerak/11re.px, measure: vaesto,
             selections: {Ikä: SSS, Sukupuoli: SSS}, confirmed: true}
  - id: tyottomat_pct_tyovoimasta
    name: {fi: "Työttömät, % työvoimasta"}
    unit: {fi: "%"}
    better: lower
    decimals: 1
    frequency: yearly
    lag_months: 12
    license: CC BY 4.0
    source: {kind: sotkanet, indicator: 181, confirmed: true}
  - id: vuosikate_per_asukas
    name: {fi: "Vuosikate, euroa / asukas"}
    unit: {fi: "€/as."}
    better: higher
    decimals: 0
    frequency: yearly
    lag_months: 12
    license: CC BY 4.0
    source: {kind: sotkanet, indicator: 3178, confirmed: true}
  - id: co2_paastot
    name: {fi: Kasvihuonekaasupäästöt}
    unit: {fi: kt CO2-ekv.}
    better: lower
    decimals: 1
    frequency: yearly
    lag_months: 6
    license: CC BY 4.0
    source: {kind: syke, measure: total, per_resident: false, confirmed: false}
  - id: vakiluvun_muutos
    name: {fi: Väkiluvun muutos}
    unit: {fi: "%"}
    better: higher
    decimals: 1
    frequency: yearly
    lag_months: 4
    license: CC BY 4.0
    source: {kind: derived, op: yoy_change_pct, of: vakiluku}
  - id: suosittelu
    name: {fi: Suosittelisi työpaikkana}
    unit: {fi: "%"}
    better: higher
    decimals: 0
    frequency: yearly
    lag_months: 1
    license: internal
    source: {kind: manual, entered_by: henkilöstöpalvelut, reason: henkilöstökysely}
"""

SMALL_STRATEGY = """\
town: heinola
municipality: KU111
name: {fi: Heinola}
documents:
  - title: Kaupunkistrategia 2022–2025
period: {start: 2022, end: 2025}
reviews:
  adoption: 2022-01-31
  end: 2025-12-31
peers: [KU398, KU286]
goals:
  - id: elinvoima
    name: {fi: Elinvoimainen Heinola}
    indicators:
      - id: vaesto
        text: Väkiluku kasvaa
        indicator: vakiluku
        target: {kind: direction, direction: increase}
      - id: tyottomyys
        text: Työttömyysaste laskee
        indicator: tyottomyysaste
        target: {kind: direction, direction: decrease}
      - id: tyottomat
        text: Työttömien osuus laskee
        indicator: tyottomat_pct_tyovoimasta
        target: {kind: direction, direction: decrease}
      - id: vuosikate
        text: Vuosikate paranee
        indicator: vuosikate_per_asukas
        target: {kind: direction, direction: increase}
      - id: paastot
        text: Päästöt vähenevät
        indicator: co2_paastot
        target: {kind: direction, direction: decrease}
      - id: suosittelu
        text: Suosittelisitko Heinolaa työpaikkana
        indicator: suosittelu
        target: {kind: at_least, value: 80, by: 2025}
"""

PXWEB_IDS = ("vakiluku", "tyottomyysaste", "vaesto_statfin")
KA_IDS = ("vakiluku", "tyottomyysaste")
SOTKANET_IDS = ("tyottomat_pct_tyovoimasta", "vuosikate_per_asukas")
SYKE_IDS = ("co2_paastot",)
DERIVED_IDS = ("vakiluvun_muutos",)
AUTOMATIC_IDS = PXWEB_IDS + SOTKANET_IDS + SYKE_IDS + DERIVED_IDS
NO_SYKE_IDS = PXWEB_IDS + SOTKANET_IDS + DERIVED_IDS


def write_small_config(
    root: Path, catalog: str = SMALL_CATALOG, strategy: str = SMALL_STRATEGY
) -> Path:
    """indicators.yaml + strategies/heinola.yaml under `root` (returned)."""
    (root / "strategies").mkdir(parents=True, exist_ok=True)
    (root / "indicators.yaml").write_text(catalog, encoding="utf-8")
    (root / "strategies" / "heinola.yaml").write_text(strategy, encoding="utf-8")
    return root


def load_small_config(root: Path):
    from mittaristo.config.load import load_config

    return load_config(root)


def fast_settings(env: dict[str, str], **overrides):
    """Settings pointed at an emulator with short timeouts and waits (tests never wait long)."""
    from loaders.demo import emulator_settings
    from mittaristo.settings import Settings

    base = Settings(timeout=2.0, max_retries=2, max_retry_wait=5.0)
    return emulator_settings(base, env).with_changes(**overrides)


def refresh_in_process(
    config,
    db: Path,
    settings,
    *,
    only: Sequence[str] | None = None,
    sleep=None,
    max_total_wait: float | None = None,
) -> tuple[int, str]:
    """`python -m loaders refresh` in this process: (exit code, what it printed).

    Same code path as the command (loaders.commands.refresh.run_refresh), but with our settings
    and an unthrottled client (the emulator is local); `sleep` records the client's waits.
    """
    from loaders.commands.refresh import run_refresh
    from loaders.demo import UnthrottledClient

    kwargs = {"max_total_wait": max_total_wait}
    if sleep is not None:
        kwargs["sleep"] = sleep
    out = io.StringIO()
    with UnthrottledClient(settings, **kwargs) as client, contextlib.redirect_stdout(out):
        with contextlib.redirect_stderr(out):
            code = run_refresh(config, db, settings, only=only, client=client)
    return code, out.getvalue()


def forget_pxweb_limits() -> None:
    """The PxWeb loader caches each server's ?config answer per base URL; tests start clean."""
    from loaders import pxweb

    pxweb._LIMITS.clear()


# --------------------------------------------------------------------------- database views


def file_hash(path: Path) -> str | None:
    """sha256 of a file (None when it does not exist): 'nothing was written' means unchanged."""
    if not path.exists():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()


def current_values(db: Path) -> pd.DataFrame:
    """Every current observation of every indicator, sorted (a canonical snapshot)."""
    from mittaristo.store import read_connection

    with read_connection(db) as con:
        frame = con.execute(
            "SELECT indicator_id, source, dataset, measure, dimensions, region, period, value, symbol "
            "FROM observation_history WHERE valid_to_run IS NULL "
            "ORDER BY indicator_id, source, dataset, measure, dimensions, region, period"
        ).df()
    return frame.reset_index(drop=True)


def values_of(db: Path, indicator_id: str) -> pd.DataFrame:
    frame = current_values(db)
    return frame[frame["indicator_id"] == indicator_id].reset_index(drop=True)


def last_run(db: Path) -> dict:
    from mittaristo.store import load_runs

    return load_runs(db, limit=1).iloc[0].to_dict()


def series_log(db: Path, run_id: int | None = None) -> dict[str, dict]:
    """indicator_id → its series_load row of the run (default: the last run)."""
    from mittaristo.store import series_loads

    run = int(last_run(db)["run_id"]) if run_id is None else run_id
    frame = series_loads(db, run)
    return {r["indicator_id"]: r for r in frame.to_dict("records")}


STORE_TABLES = (
    "load_run",
    "series_load",
    "observation_history",
    "sotkanet_region",
    "http_cache",
    "meta",
)
_COUNT_SQL = {name: f"SELECT count(*) FROM {name}" for name in STORE_TABLES}  # noqa: S608 (fixed names)


def table_counts(db: Path) -> dict[str, int]:
    """Rows per store table (a missing table raises: 'the tables still exist')."""
    from mittaristo.store import read_connection

    with read_connection(db) as con:
        return {name: con.execute(sql).fetchone()[0] for name, sql in _COUNT_SQL.items()}


# --------------------------------------------------------------------------- processes


@contextlib.contextmanager
def emulator_process(
    *faults: str, latency: float | None = None, catalog: Path | None = None, timeout: float = 30.0
) -> Iterator[tuple[subprocess.Popen, dict[str, str]]]:
    """`python -m loaders.emulator --port 0 --fault …` as a child process; yields (proc, env).

    `--detach never`: its stdout is a pipe, and by default the emulator would then move to the
    background (for `env $(… | head -n 3)`), outliving this test by its 15-minute idle timeout."""
    cmd = [PYTHON, "-m", "loaders.emulator", "--port", "0", "--detach", "never"]
    for fault in faults:
        cmd += ["--fault", fault]
    if latency is not None:
        cmd += ["--latency", str(latency)]
    if catalog is not None:
        cmd += ["--catalog", str(catalog)]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        env = {}
        for _ in range(3):
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError(f"the emulator exited early (code {proc.poll()})")
            key, _, value = line.strip().partition("=")
            env[key] = value
        yield proc, env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)


def cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300.0, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    """`python -m loaders ARGS` in a child process (text output captured)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [PYTHON, "-m", "loaders", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# --------------------------------------------------------------------------- marked runs

MARK = 1000.0  # value = run_id * MARK + year offset: every value names the run that wrote it
MARK_YEARS = range(2000, 2025)


def marked_frame(indicator_id: str, run_id: int, regions: Sequence[str]) -> pd.DataFrame:
    """Observation rows of one indicator whose values all carry `run_id`."""
    rows = [
        (
            "pxweb",
            "marked",
            indicator_id,
            "",
            region,
            str(year),
            run_id * MARK + (year - MARK_YEARS.start) + 0.5 * i,
            None,
        )
        for i, region in enumerate(regions)
        for year in MARK_YEARS
    ]
    from mittaristo.observations import OBS_COLUMNS

    return pd.DataFrame.from_records(rows, columns=OBS_COLUMNS)


def run_of(value: float) -> int:
    return int(value // MARK)


def write_marked_runs(
    db: str, runs: int, indicator_ids: Sequence[str], regions: Sequence[str]
) -> None:
    """`runs` refreshes through the real RefreshWriter (copy, write, os.replace), each writing
    every indicator with values marked by its run id (used as a child process by the
    concurrent-readers test)."""
    from mittaristo.store import RefreshWriter

    for _ in range(runs):
        with RefreshWriter(db, kind="refresh") as writer:
            for ind in indicator_ids:
                frame = marked_frame(ind, writer.run_id, regions)
                result = writer.write_series(frame, indicator_id=ind, source_kind="pxweb")
                assert result.status == "ok", result.error
            writer.finish(message=f"marked run {writer.run_id}")
