"""Shared shapes of the data path: the observation frame, outcomes, errors, settings.

Every parser returns the same long shape (OBS_COLUMNS) so the store and the pages never see
raw json-stat, Sotkanet JSON or SYKE CSV.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pandas as pd

# One row per observation; `value` is NULL when the source gave a status symbol instead.
OBS_COLUMNS: list[str] = [
    "source",  # pxweb | sotkanet | syke | manual | demo
    "dataset",  # PxWeb table id (11re) or Sotkanet indicator id as text
    "measure",  # content code (as the source spells it now) or indicator id
    "dimensions",  # other selections as text, "Ikä=SSS;Sukupuoli=SSS" (sorted), "" if none
    "region",  # KU111, SSS, MK07
    "period",  # 2024, 2024Q3, 2024M05
    "value",  # float or NaN/None
    "symbol",  # ".", "..", "..." or None
]

DEFAULT_PXWEB_URL = "https://pxdata.stat.fi/PxWeb/api/v1"
DEFAULT_SOTKANET_URL = "https://sotkanet.fi/rest/1.1"
DEFAULT_SYKE_URL = "https://paastot.hiilineutraalisuomi.fi"


class LoaderError(Exception):
    """Base of everything the data path raises on purpose."""


class SourceError(LoaderError):
    """The service failed or refused (HTTP error, timeout, connection refused)."""


class ParseError(LoaderError):
    """The response did not have the shape we rely on (names the table/indicator)."""


class ConfigError(LoaderError):
    """The configuration asks for something the source cannot give (unknown code...)."""


class ImportRejected(LoaderError):
    """A file given to `import` is in the wrong format or names unknown regions."""


@dataclass
class SeriesOutcome:
    """What fetching one catalog indicator produced: rows, or the reason it failed."""

    indicator_id: str
    frame: pd.DataFrame | None = None  # OBS_COLUMNS
    error: str | None = None
    release_time: str | None = None  # the source's own "updated" time (ISO 8601)
    url: str | None = None
    requests: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None and self.frame is not None


@dataclass(frozen=True)
class Settings:
    """Where the services are; tests and the demo point these at the local emulator."""

    pxweb_url: str = DEFAULT_PXWEB_URL
    sotkanet_url: str = DEFAULT_SOTKANET_URL
    syke_url: str = DEFAULT_SYKE_URL
    lang: str = "fi"
    timeout: float = 30.0
    max_retries: int = 4
    max_retry_wait: float = 30.0  # a Retry-After longer than this gives up
    pxweb_max_calls: int = 30
    pxweb_time_window: float = 10.0
    pxweb_max_cells: int = 100_000

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        env = os.environ
        base = cls(
            pxweb_url=env.get("MITTARISTO_PXWEB_URL", DEFAULT_PXWEB_URL).rstrip("/"),
            sotkanet_url=env.get("MITTARISTO_SOTKANET_URL", DEFAULT_SOTKANET_URL).rstrip("/"),
            syke_url=env.get("MITTARISTO_SYKE_URL", DEFAULT_SYKE_URL).rstrip("/"),
        )
        return cls(**{**base.__dict__, **overrides})


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c == "value" else "object") for c in OBS_COLUMNS}
    )
