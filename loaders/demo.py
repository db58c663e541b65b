"""The demo: the real refresh against the in-process emulator, rows stored as `demo`.

Shared by `python -m loaders demo` and the app's first start without network access.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from loaders.http import HttpClient
from loaders.progress import ProgressEvent
from loaders.refresh import RefreshReport, refresh
from mittaristo.config.load import Config
from mittaristo.settings import Settings, load_settings

NOTICE = "DEMO: synthetic data from the local emulator — not official statistics."


class UnthrottledClient(HttpClient):
    """An HttpClient without the public services' rate limits: the emulator runs in this
    process, so keeping StatFin's 30 requests / 10 s would only make the demo slow (~2 min)."""

    def set_rate_limit(self, url_or_host: str, max_calls: int, window: float) -> None:
        super().set_rate_limit(url_or_host, 1_000_000, 1.0)


def emulator_settings(base: Settings, env: dict[str, str]) -> Settings:
    """The settings with the service URLs pointed at the emulator (`Emulator.env()`), and
    its call limit when it announces one."""
    limits = {
        field: env[var]
        for field, var in (
            ("pxweb_max_calls", "MITTARISTO_PXWEB_MAX_CALLS"),
            ("pxweb_time_window", "MITTARISTO_PXWEB_TIME_WINDOW"),
        )
        if var in env
    }
    return base.with_changes(
        pxweb_url=env["MITTARISTO_PXWEB_URL"],
        sotkanet_url=env["MITTARISTO_SOTKANET_URL"],
        syke_url=env["MITTARISTO_SYKE_URL"],
        kuntatalous_url=env.get("MITTARISTO_KUNTATALOUS_URL", base.kuntatalous_url),
        **limits,
    )


def refresh_demo(
    config: Config,
    db_path: Path | str,
    *,
    progress: Callable[[ProgressEvent], None] | None = None,
    settings: Settings | None = None,
) -> RefreshReport:
    """Start the emulator (serving its own description, never the catalog), refresh everything
    from it, stop it.
    `settings` gives the timeouts and retries (default: from the environment); the service
    addresses are the emulator's."""
    from loaders.emulator import start_emulator

    with start_emulator() as emulator:
        settings = emulator_settings(settings or load_settings(), emulator.env())
        with UnthrottledClient(settings) as client:
            return refresh(
                config,
                db_path,
                settings,
                kind="demo",
                source_label="demo",
                progress=progress,
                client=client,
            )
