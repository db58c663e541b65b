"""The data path's exceptions. The row contract (OBS_COLUMNS, SeriesOutcome) is in
`mittaristo.observations`, the settings in `mittaristo.settings`."""

from __future__ import annotations


class LoaderError(Exception):
    """Base of everything the data path raises on purpose."""


class SourceError(LoaderError):
    """The service failed or refused (HTTP error, timeout, connection refused)."""


class ParseError(LoaderError):
    """The response did not have the shape we rely on (names the table/indicator)."""


class ConfigError(LoaderError):
    """The configuration asks for something the source cannot give (unknown code...)."""


class ImportRejected(LoaderError):
    """A file given to `import` is in the wrong format or names unknown regions.

    `cells_read` (values read before refusing the whole file) and `problems` (every problem,
    uncapped) let the Data page account for the file: read = 0 stored + refused."""

    cells_read: int | None = None
    problems: tuple[str, ...] = ()


# Refusal reasons (the load log's `refusals`, shown in words by ui/data_tables.REFUSAL_KEYS):
# a cell with neither a value nor a status symbol (json-stat, SYKE), a value computed per
# resident for a year whose population is not stored, a State Treasury document without the
# catalog's key figure(s).
NO_VALUE = "no value and no status symbol"
NO_POPULATION = "no stored population for the municipality and year (per resident)"
NO_FIGURE = "State Treasury document without the key figure(s)"
# The cells of a series that failed after reading them (none of its cells is stored).
SERIES_FAILED = "the series failed: none of its cells stored"


def add_counts(into: dict[str, int], counts: dict[str, int]) -> None:
    """Add reason → count tallies into `into` (a series' refusals into its run's, the parts of a
    split query into one)."""
    for reason, n in counts.items():
        into[reason] = into.get(reason, 0) + n


MAX_PROBLEMS = 10  # problems listed in one message; the rest are counted


def capped(problems: list[str], n: int = MAX_PROBLEMS) -> str:
    """The first `n` problems, one a line, and how many more (a bad file of 100 000 rows gives a
    message one can read, not a 500 MB one)."""
    shown = "\n".join(problems[:n])
    more = len(problems) - n
    return shown + (f"\n… and {more} more problems of the same file" if more > 0 else "")
