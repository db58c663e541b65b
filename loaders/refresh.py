"""One refresh: fetch every configured series and write them as one load run.

Order: Sotkanet regions (stored; their map turns Sotkanet ids into KU codes), then PxWeb (one
grouped call), Sotkanet (one call per indicator, so progress moves), SYKE (one shared download
of the municipal files, conditional GETs through the store's cache), and last the derived
indicators from the values now current in the run's database copy. Manual indicators are entered
by `import` and skipped here. A failed series is logged with its reason and keeps its previous
values; the run is swapped in anyway so the load log shows the failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders import derived, kuntatalous, pxweb, sotkanet, syke
from loaders.base import SERIES_FAILED, LoaderError, add_counts
from loaders.failures import fail
from loaders.http import HttpClient, host_of, redact_url, scrub_secrets
from loaders.progress import ProgressEvent
from mittaristo import reference
from mittaristo.config.load import Config
from mittaristo.config.model import (
    CatalogIndicator,
    DerivedSource,
    KuntatalousSource,
    SykeSource,
)
from mittaristo.loaderrors import NO_INPUT, english
from mittaristo.observations import SeriesOutcome
from mittaristo.settings import Settings
from mittaristo.store import DuckDBHttpCache, RefreshWriter

SOTKANET_FIRST_YEAR = 1990

Progress = Callable[[ProgressEvent], None]
Fetcher = Callable[..., list[SeriesOutcome]]


class UnknownIndicators(LoaderError):
    """`--only` named ids that are not in the catalog (or are entered by hand)."""

    def __init__(self, unknown: list[str], known: list[str], *, manual: Sequence[str] = ()):
        self.unknown, self.known, self.manual = unknown, known, list(manual)
        text = f"unknown indicator id(s): {', '.join(unknown)}"
        if self.manual:
            text += (
                f" ({', '.join(self.manual)}: entered by hand — use `import --format manual-csv`)"
            )
        super().__init__(text)


@dataclass
class RefreshReport:
    """What a refresh did; `failed` holds (indicator id, reason) pairs."""

    run_id: int
    status: str
    db_path: Path
    n_series: int = 0
    n_ok: int = 0
    n_failed: int = 0
    n_rows_new: int = 0
    n_rows_revised: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # English (the CLI, the log)
    # id -> the load log's text of the failure, with its code (mittaristo.loaderrors.describe)
    problems: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    elapsed: float = 0.0


def select_indicators(config: Config, only: Sequence[str] | None) -> list[CatalogIndicator]:
    """The automatic catalog indicators to load, in catalog order (`only` narrows them)."""
    automatic = [ind for ind in config.catalog.indicators if ind.source.kind != "manual"]
    if only is None:
        return automatic
    known = {ind.id for ind in automatic}
    unknown = [i for i in only if i not in known]
    if unknown:
        manual = sorted(set(unknown) & set(config.catalog.by_id()))
        raise UnknownIndicators(unknown, sorted(known), manual=manual)
    wanted = set(only)
    return [ind for ind in automatic if ind.id in wanted]


def _derived_inputs(ind: CatalogIndicator) -> set[str | None]:
    """The catalog ids a derived indicator is computed from (none for other kinds)."""
    if not isinstance(ind.source, DerivedSource):
        return set()
    return {ind.source.of, ind.source.denominator}


def derived_order(indicators: list[CatalogIndicator]) -> list[CatalogIndicator]:
    """Derived indicators with those that feed another derived one first."""
    pending, ordered = list(indicators), []
    while pending:
        waiting = {ind.id for ind in pending}
        ready = [i for i in pending if not _derived_inputs(i) & waiting]
        ready = ready or pending[:1]  # a cycle (the validator should refuse it): just go on
        ordered.extend(ready)
        pending = [i for i in pending if i not in ready]
    return ordered


def dataset_label(ind: CatalogIndicator) -> str:
    """What the catalog says the series is (for the load log of a series that failed)."""
    src = ind.source
    if src.kind == "pxweb":
        return src.table
    if src.kind == "sotkanet":
        return str(src.indicator)
    if src.kind == "kuntatalous":
        return src.package
    return src.kind


def municipality_codes() -> list[str]:
    """KU codes of today's municipalities (the SYKE files are per municipality): never one
    that a merger has removed (its file would 404 on every run)."""
    return reference.municipality_codes()


def refresh(
    config: Config,
    db_path: Path | str,
    settings: Settings,
    *,
    only: Sequence[str] | None = None,
    kind: str = "refresh",
    source_label: str | None = None,
    progress: Progress | None = None,
    client: HttpClient | None = None,
    municipalities: Sequence[str] | None = None,
) -> RefreshReport:
    """Fetch and store the selected series as one run; raises RefreshLocked if one is running.

    `client` lets the demo pass an unthrottled client for the in-process emulator (the caller
    closes it); by default one HttpClient with the services' rate limits is used and closed.
    `municipalities` narrows the SYKE downloads (default: every municipality of the reference
    list, one file each).
    """
    started = time.monotonic()
    indicators = select_indicators(config, only)
    own_client = client is None
    client = client or HttpClient(settings)
    try:
        with RefreshWriter(db_path, kind=kind, source_label=source_label) as writer:
            run = _Run(writer, client, settings, len(indicators), progress)
            run.municipalities = list(municipalities) if municipalities else None
            run.load(indicators)
            run.record_cells()
            writer.finish(message=run.message())
    finally:
        if own_client:
            client.close()
    return _report(writer, run, client.request_count, time.monotonic() - started)


def _report(writer: RefreshWriter, run: _Run, requests: int, elapsed: float) -> RefreshReport:
    return RefreshReport(
        run_id=writer.run_id,
        status=writer.status or "failed",
        db_path=writer.db_path,
        n_series=writer.n_ok + writer.n_failed,
        n_ok=writer.n_ok,
        n_failed=writer.n_failed,
        n_rows_new=writer.n_rows_new,
        n_rows_revised=writer.n_rows_revised,
        failed=run.failed,
        problems=run.problems,
        requests=requests,
        elapsed=elapsed,
    )


class _Run:
    """The state of one refresh between the fetchers and the writer."""

    def __init__(
        self,
        writer: RefreshWriter,
        client: HttpClient,
        settings: Settings,
        total: int,
        progress: Progress | None,
    ):
        self.writer, self.client, self.settings = writer, client, settings
        self.total, self.done, self.progress = total, 0, progress
        self.failed: list[tuple[str, str]] = []
        self.problems: dict[str, str] = {}  # id -> the stored text (mittaristo.loaderrors)
        self.municipalities: list[str] | None = None
        # the run's cell accounting over the series that read source cells (see count_cells)
        self.counted = False
        self.cells_read = self.rows_stored = self.combined = 0
        self.refused: dict[str, int] = {}

    def load(self, indicators: list[CatalogIndicator]) -> None:
        by_kind: dict[str, list[CatalogIndicator]] = {}
        for ind in indicators:
            by_kind.setdefault(ind.source.kind, []).append(ind)
        syke_job = self.start_syke(by_kind.get("syke", []))
        if by_kind.get("pxweb"):
            self.fetch(pxweb.fetch_indicators, by_kind["pxweb"], "pxweb")
        if by_kind.get("sotkanet"):
            self.load_sotkanet(by_kind["sotkanet"])
        if syke_job is not None:
            downloads = syke_job.result()
            if downloads is None:
                self.record_all(None, by_kind["syke"], "syke")  # the download thread raised
            else:
                self.finish_syke(by_kind["syke"], downloads)
        elif by_kind.get("syke"):
            codes = self.municipalities or municipality_codes()
            cache = None if self.writer.kind == "demo" else self.writer.http_cache
            self.finish_syke(
                by_kind["syke"], syke.download(self.client, self.settings, codes, cache)
            )
        if by_kind.get("kuntatalous"):
            self.load_kuntatalous(by_kind["kuntatalous"])
        for ind in derived_order(by_kind.get("derived", [])):
            self.record(self.compute_derived(ind), "derived")

    def populations(self, names: set[str | None]) -> dict[str, pd.DataFrame]:
        """The population series the per-resident indicators name, as this run stored them."""
        return {i: self.writer.current_series(i) for i in names if i}

    def finish_syke(self, indicators: list[CatalogIndicator], dl: syke.Downloads) -> None:
        """After PxWeb, so per resident divides by this run's population of the same year."""
        people = self.populations({ind.source_as(SykeSource).population for ind in indicators})

        def computed(client, settings, inds, **_ctx):
            return syke.outcomes(inds, dl, settings, people)

        self.fetch(computed, indicators, "syke")

    def load_kuntatalous(self, indicators: list[CatalogIndicator]) -> None:
        """After PxWeb, so the per-resident figures divide by this run's population."""
        populations = self.populations(
            {ind.source_as(KuntatalousSource).population for ind in indicators}
        )
        self.fetch(
            kuntatalous.fetch_indicators,
            indicators,
            "kuntatalous",
            municipalities=self.municipalities or municipality_codes(),
            populations=populations,
        )

    def load_sotkanet(self, indicators: list[CatalogIndicator]) -> None:
        regions, error = self.sotkanet_regions()
        if regions is None:
            for ind in indicators:
                self.record(SeriesOutcome(ind.id, error=error), "sotkanet")
            return
        years = range(SOTKANET_FIRST_YEAR, dt.date.today().year + 1)
        for ind in indicators:
            self.fetch(
                sotkanet.fetch_indicators, [ind], "sotkanet", region_map=regions, years=years
            )

    def sotkanet_regions(self) -> tuple[sotkanet.RegionMap | None, str | None]:
        """Fresh /regions (stored for the next run and for imports), else the stored list."""
        try:
            frame = sotkanet.fetch_regions(self.client, self.settings)
            self.writer.write_regions(frame)
            return sotkanet.region_map(frame), None
        except Exception as exc:  # the boundary: any failure falls back to the stored list
            stored = self.writer.stored_regions()
            if not stored.empty:
                return sotkanet.region_map(stored), None
            return None, f"Sotkanet region list unavailable ({type(exc).__name__}: {exc})"

    def fetch(
        self, fetcher: Fetcher, indicators: list[CatalogIndicator], source_kind: str, **ctx: object
    ) -> None:
        """Run one fetcher; an exception fails its indicators, never the whole refresh."""
        self.record_all(self.outcomes(fetcher, indicators, **ctx), indicators, source_kind)

    def outcomes(
        self, fetcher: Fetcher, indicators: list[CatalogIndicator], **ctx: object
    ) -> dict[str, SeriesOutcome]:
        try:
            return {
                o.indicator_id: o for o in fetcher(self.client, self.settings, indicators, **ctx)
            }
        except Exception as exc:  # fetchers should not raise; if one does, record why
            reason = f"{type(exc).__name__}: {exc}"
            return {ind.id: SeriesOutcome(ind.id, error=reason) for ind in indicators}

    def record_all(
        self,
        outcomes: dict[str, SeriesOutcome] | None,
        indicators: list[CatalogIndicator],
        source_kind: str,
    ) -> None:
        for ind in indicators:
            missing = SeriesOutcome(ind.id, error="the loader returned no result")
            self.record((outcomes or {}).get(ind.id) or missing, source_kind, dataset_label(ind))

    def start_syke(self, indicators: list[CatalogIndicator]) -> _Background | None:
        """SYKE's files (one per municipality, ~311 at the polite 5 / s: about a minute) are the
        longest part of a refresh. When SYKE is a host of its own they download in a thread
        while PxWeb and Sotkanet load — every host keeps its own rate limit — and their outcomes
        are written afterwards, in the usual order. Sharing a host with another source: None
        (the caller downloads them in sequence)."""
        s = self.settings
        if not indicators or host_of(s.syke_url) in {host_of(s.pxweb_url), host_of(s.sotkanet_url)}:
            return None
        cursor = self.writer.con.cursor()  # DuckDB: one connection per thread
        codes = self.municipalities or municipality_codes()
        # A demo's files are made up afresh on every build: caching them for a conditional GET
        # would only write ~300 bodies (8 s of a first start) that no later request can reuse.
        cache = None if self.writer.kind == "demo" else DuckDBHttpCache(cursor)
        return _Background(
            lambda: syke.download(self.client, self.settings, codes, cache), cleanup=cursor.close
        )

    def compute_derived(self, ind: CatalogIndicator) -> SeriesOutcome:
        src = ind.source_as(DerivedSource)
        inputs = [src.of] + ([src.denominator] if src.op == "ratio_pct" and src.denominator else [])
        frames = {i: self.writer.current_series(i) for i in inputs}
        empty = [i for i, f in frames.items() if f.empty]
        if empty:
            english = f"no stored values of {', '.join(empty)} to derive from"
            return fail(SeriesOutcome(ind.id), english, NO_INPUT, inputs=", ".join(empty))
        if src.op == "yoy_change_pct":
            values, measure = derived.yoy_change_pct(frames[src.of]), src.of
        else:
            values = derived.ratio_pct(frames[src.of], frames[str(src.denominator)])
            measure = f"{src.of}/{src.denominator}"
        return SeriesOutcome(
            ind.id, frame=derived.as_observations(values, op=src.op, measure=measure)
        )

    def record(self, outcome: SeriesOutcome, source_kind: str, dataset: str | None = None) -> None:
        """Write one outcome (a failure keeps the catalog's dataset name for the log)."""
        # The load log, the progress lines and the summary are read by people: never store or
        # print credentials of a configured service URL (user:password@, ?apikey=…).
        if outcome.url:
            outcome.url = redact_url(outcome.url)
        if outcome.error:
            outcome.error = scrub_secrets(outcome.error)
        result = self.writer.write_outcome(
            outcome, source_kind, dataset=None if outcome.ok else dataset
        )
        self.count_cells(outcome, result.status == "ok", result.counts.n_rows)
        self.done += 1
        if result.status != "ok":  # the English reason; the stored text keeps its code too
            self.failed.append((outcome.indicator_id, english(result.error or "failed")))
            self.problems[outcome.indicator_id] = result.error or "failed"
        if self.progress is not None:
            c = result.counts
            event = ProgressEvent(
                self.done,
                self.total,
                outcome.indicator_id,
                result.status,
                english(result.error) if result.error else None,
                c.n_rows,
                c.n_new,
                c.n_revised,
            )
            self.progress(event)

    def count_cells(self, outcome: SeriesOutcome, ok: bool, stored: int) -> None:
        """Add one series' accounting to the run's: cells read = rows stored + combined +
        refused. A series that read nothing (derived, or failed before its answer parsed) is
        left out; one that failed after reading (empty result, no population, the store refused
        its rows) stores none, so its cells not refused already count as SERIES_FAILED."""
        if outcome.cells_read is None:
            return
        combined = outcome.combined if ok else 0
        rest = outcome.cells_read - stored - combined - sum(outcome.refused.values())
        self.counted = True
        self.cells_read += outcome.cells_read
        self.rows_stored += stored
        self.combined += combined
        add_counts(self.refused, outcome.refused)
        if rest > 0 and not ok:
            add_counts(self.refused, {SERIES_FAILED: rest})

    def record_cells(self) -> None:
        """The run's accounting on its load_run row (the Data page's load log); a run whose
        series read no source cells (only derived ones, every source down) keeps none."""
        if self.counted:
            self.writer.record_cells(
                self.cells_read, self.rows_stored, self.refused, combined=self.combined
            )

    def message(self) -> str:
        ok = self.done - len(self.failed)
        text = f"{ok}/{self.done} series loaded"
        if self.failed:
            text += "; failed: " + ", ".join(ind for ind, _ in self.failed)
        return text


class _Background:
    """`fn()` (SYKE's downloads) in a thread; `result()` waits for it (None if it raised: its
    indicators then fail). `cleanup` runs in the thread when `fn` is done."""

    def __init__(self, fn: Callable[[], syke.Downloads], cleanup: Callable[[], None]):
        self._result: syke.Downloads | None = None
        self._thread = threading.Thread(
            target=self._run, args=(fn, cleanup), name="refresh-syke", daemon=True
        )
        self._thread.start()

    def _run(self, fn: Callable[[], syke.Downloads], cleanup: Callable[[], None]) -> None:
        try:
            self._result = fn()
        finally:
            with contextlib.suppress(Exception):
                cleanup()

    def result(self) -> syke.Downloads | None:
        self._thread.join()
        return self._result
