"""What the importer reports: problems (nothing is written), notes and matches to confirm.

Every item names the sheet, the row and the column (letter and header) of the cell, says what
is wrong or what was assumed, and how to fix it; the words come from the text catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mittaristo.i18n import t


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str  # letter, '' for the whole sheet or file
    header: str
    message: str  # text-catalog key
    hint: str = ""  # text-catalog key
    fields: dict = field(default_factory=dict, compare=False)

    def where(self, lang: str) -> str:
        if not self.row:
            return self.sheet
        cell = (
            f"{self.sheet}!{self.column}{self.row}" if self.column else f"{self.sheet}:{self.row}"
        )
        place = t("sheet.where", lang, sheet=self.sheet, row=self.row, column=self.column or "–")
        return f"{cell} ({place}{', ' + self.header if self.header else ''})"

    def format(self, lang: str) -> str:
        text = f"{self.where(lang)}: {t(self.message, lang, **self.fields)}"
        return f"{text} — {t(self.hint, lang, **self.fields)}" if self.hint else text


def at(cell, message: str, hint: str = "", **fields) -> Problem:
    """A problem (or note) about one cell (reading.Cell)."""
    return Problem(cell.sheet, cell.row, cell.column, cell.header, message, hint, fields)


@dataclass
class Report:
    """Everything one import found: problems refuse it; notes and confirmations do not."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    confirm: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
