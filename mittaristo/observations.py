"""The observation contract: the one row shape every loader produces and the store consumes.

It sits at the bottom layer (no loader, store or UI import) so both sides depend on it and
neither declares the columns a second time: the store's `observation_history` table, its
`observations` view (contract, design.md §4) and every parser's frame are built from here.

One row is one value of one series: `source` (pxweb | sotkanet | syke | kuntatalous | manual |
demo | derived), `dataset` (PxWeb table id such as `11re`, or a Sotkanet indicator id as text),
`measure` (content code as the source spells it now, or the indicator id), `dimensions` (the
other selections, `"var=code;var=code"` by the variables' codes, never their labels, sorted,
`""` when none — so the fi/sv/en downloads of one table are one series), `region` (`KU111`,
`SSS`, `MK07`), `period` (`2024`, `2024Q3`, `2024M05`), `value` (NULL when the source gave a
status symbol) and `symbol` (`.`, `..`, `...` or NULL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import pandas as pd


class Observation(NamedTuple):
    """One observation as a typed row (parsers build frames of these columns directly)."""

    source: str
    dataset: str
    measure: str
    dimensions: str
    region: str
    period: str
    value: float | None
    symbol: str | None


# The column list of a parser's frame, in order; the identity is every column but the value.
OBS_COLUMNS: list[str] = list(Observation._fields)
IDENTITY: tuple[str, ...] = tuple(OBS_COLUMNS[:6])
# The `observations` view (contract): the frame's columns and when the value was fetched.
CONTRACT_COLUMNS: tuple[str, ...] = (*OBS_COLUMNS, "fetched_at")
# SQL types of the contract columns in the store (NOT NULL where the identity needs a value).
SQL_TYPES: dict[str, str] = {
    "source": "TEXT NOT NULL",
    "dataset": "TEXT NOT NULL",
    "measure": "TEXT NOT NULL",
    "dimensions": "TEXT NOT NULL",
    "region": "TEXT NOT NULL",
    "period": "TEXT NOT NULL",
    "value": "DOUBLE",
    "symbol": "TEXT",
    "fetched_at": "TIMESTAMP NOT NULL",
}
assert tuple(SQL_TYPES) == CONTRACT_COLUMNS  # one list, checked when the module loads


def empty_frame() -> pd.DataFrame:
    """A frame with the contract's columns and no rows (value float, the rest text)."""
    import pandas as pd  # on use: a server showing only overviews never builds a frame

    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c == "value" else "object") for c in OBS_COLUMNS}
    )


def observation_frame(rows: Iterable[Observation]) -> pd.DataFrame:
    """Typed rows as the frame the store takes."""
    import pandas as pd

    frame = pd.DataFrame.from_records(list(rows), columns=OBS_COLUMNS)
    return frame if len(frame) else empty_frame()


def missing_columns(frame: pd.DataFrame) -> list[str]:
    """The contract columns a frame lacks (the writer refuses such a frame)."""
    return [column for column in OBS_COLUMNS if column not in frame.columns]


@dataclass
class SeriesOutcome:
    """What fetching one catalog indicator produced: its rows, or the reason it failed."""

    indicator_id: str
    frame: pd.DataFrame | None = None  # OBS_COLUMNS
    error: str | None = None  # English, for the log and the CLI
    # the failure's class for the dashboard (mittaristo.loaderrors codes; loaders.failures sets)
    error_code: str | None = None
    error_params: dict[str, str] = field(default_factory=dict)
    release_time: str | None = None  # the source's own "updated" time (ISO 8601)
    url: str | None = None
    requests: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    # The series' cell accounting for the run's load log (issue 12): the source cells it read
    # (None: it read none — derived, or it failed before parsing), the cells not stored by
    # reason, and the cells that went into a stored value together with others (the age groups
    # `sum_over` adds up, the quarters of a year): read = stored rows + combined + refused.
    cells_read: int | None = None
    refused: dict[str, int] = field(default_factory=dict)
    combined: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.frame is not None
