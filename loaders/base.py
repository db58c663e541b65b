"""Shared shapes of the data path: the observation frame, outcomes, errors, settings.

Every parser returns the same long shape (OBS_COLUMNS) so the store and the pages never see
raw json-stat, Sotkanet JSON or SYKE CSV.
"""

from __future__ import annotations

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


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c == "value" else "object") for c in OBS_COLUMNS}
    )
