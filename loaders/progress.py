"""Progress of a refresh for people: a one-line bar on a terminal, one line per series in logs.

Own tiny code (no dependency): cron output stays plain text, a terminal gets `\\r` updates.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from mittaristo.formatting import format_number

if TYPE_CHECKING:
    from loaders.refresh import RefreshReport


@dataclass(frozen=True)
class ProgressEvent:
    """One series finished (written or failed): `done` of `total` series of the run."""

    done: int
    total: int
    indicator_id: str
    status: str  # ok | failed
    error: str | None = None
    n_rows: int = 0
    n_new: int = 0
    n_revised: int = 0


class ProgressPrinter:
    """Callable progress sink: `\\r` bar on a TTY, otherwise one plain line per series."""

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None, width: int = 28):
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty() if tty is None else tty
        self.width = width
        self._drawn = 0  # length of the bar line currently on screen

    def __call__(self, event: ProgressEvent) -> None:
        if self.tty:
            self._bar(event)
        else:
            self.stream.write(format_event(event) + "\n")
        self.stream.flush()

    def _bar(self, event: ProgressEvent) -> None:
        if event.status != "ok":  # failures stay on screen above the bar
            self._clear()
            self.stream.write(format_event(event) + "\n")
        filled = self.width * event.done // max(event.total, 1)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"[{bar}] {event.done}/{event.total} {event.indicator_id}"
        self.stream.write("\r" + line.ljust(self._drawn))
        self._drawn = len(line)

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r" + " " * self._drawn + "\r")
            self._drawn = 0

    def close(self) -> None:
        """End the bar line so the summary starts on a fresh line."""
        if self.tty and self._drawn:
            self.stream.write("\n")
            self._drawn = 0
        self.stream.flush()


def format_event(event: ProgressEvent) -> str:
    head = f"[{event.done}/{event.total}]"
    if event.status == "ok":
        counts = f"{event.n_rows} rows, {event.n_new} new, {event.n_revised} revised"
        return f"{head} ok      {event.indicator_id} ({counts})"
    return f"{head} FAILED  {event.indicator_id}: {event.error}"


def format_summary(report: RefreshReport) -> str:
    """The closing lines of `refresh`/`demo`: counts, rows, failures with reasons, time."""
    lines = [
        f"Run {report.run_id} ({report.status}): {report.n_ok} ok, {report.n_failed} failed "
        f"of {report.n_series} series; rows {report.n_rows_new} new, "
        f"{report.n_rows_revised} revised; {report.requests} requests; "
        f"{format_number(report.elapsed, 1, 'en')} s",
        f"Database: {report.db_path}",
    ]
    if report.failed:
        lines.append("Failed series (previous values kept):")
        lines.extend(f"  {ind}: {reason}" for ind, reason in report.failed)
    return "\n".join(lines)
