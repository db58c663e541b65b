"""Building and refreshing the database from the dashboard (no streamlit here).

On first start the app has no database: try the official services; when they cannot be
reached (a closed network, this workplace) fall back to the local emulator so the user sees a
working dashboard — labelled as demo data on every page, never passed off as official.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Literal

import requests

from loaders import demo
from loaders.progress import ProgressEvent
from loaders.refresh import RefreshReport, refresh
from mittaristo.config.load import Config
from mittaristo.settings import Settings
from mittaristo.store import RefreshLocked, data_mode

Mode = Literal["live", "demo"]
ShowProgress = Callable[[int, int, str], None]


class RefreshBusy(Exception):
    """Another refresh holds the lock."""


def probe_live(settings: Settings, timeout: float = 2.0) -> bool:
    """True when an official service answers at all (any HTTP status counts as reachable).

    One quick request per host, all at once, with a short connect timeout; the whole probe
    gives up after `timeout` seconds even when name resolution hangs (which the socket timeout
    does not cover), so a closed network is known within seconds, not after the retries of a
    full refresh."""
    if settings.offline:
        return False
    urls = [f"{settings.pxweb_url}/fi/", settings.sotkanet_url, settings.syke_url]
    pool = ThreadPoolExecutor(max_workers=len(urls), thread_name_prefix="probe")
    try:
        pending = {pool.submit(_answers, url, timeout) for url in urls}
        deadline = time.monotonic() + timeout
        while pending:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            done, pending = wait(pending, timeout=left, return_when=FIRST_COMPLETED)
            if any(f.result() for f in done):
                return True
        return False
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _answers(url: str, timeout: float) -> bool:
    try:
        requests.head(url, timeout=(timeout, timeout), allow_redirects=False)
    except requests.RequestException:
        return False
    return True


def _adapter(show: ShowProgress | None) -> Callable[[ProgressEvent], None] | None:
    if show is None:
        return None
    return lambda event: show(event.done, event.total, event.indicator_id)


def refresh_demo(
    db_path: Path, config: Config, settings: Settings, progress: ShowProgress | None = None
) -> RefreshReport:
    """The real loaders against an in-process emulator; rows are stored with source `demo`."""
    return demo.refresh_demo(config, db_path, progress=_adapter(progress), settings=settings)


def build_database(
    db_path: Path,
    config: Config,
    settings: Settings,
    *,
    progress: ShowProgress | None = None,
    announce: Callable[[str], object] | None = None,
) -> Mode:
    """Create the database: live when the services answer, else demo. Returns which."""
    try:
        if probe_live(settings):
            if announce:
                announce("live")
            report = refresh(config, db_path, settings, progress=_adapter(progress))
            if report.n_ok:
                return "live"
        if announce:
            announce("demo")
        refresh_demo(db_path, config, settings, progress)
    except RefreshLocked as exc:
        raise RefreshBusy(str(exc)) from exc
    return "demo"


def refresh_current(
    db_path: Path, config: Config, settings: Settings, *, progress: ShowProgress | None = None
) -> RefreshReport:
    """The Data page's button: refresh in the mode the database already has."""
    try:
        if db_path.exists() and data_mode(db_path) == "demo":
            return refresh_demo(db_path, config, settings, progress)
        return refresh(config, db_path, settings, progress=_adapter(progress))
    except RefreshLocked as exc:
        raise RefreshBusy(str(exc)) from exc
