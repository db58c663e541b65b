"""One mittari of the plan sheet → an indicator use: its catalog series, its target (from
Tulkinta, else Tavoitetaso, else the mittari's own words), owner, schedule and the rest.

The document's wording of the level (Tavoitetaso) is kept as the target's `text`; what was
read from it, and every year that had to be assumed, goes into the report.
"""

from __future__ import annotations

import datetime as dt

from mittaristo.config.checks import close_matches
from mittaristo.config.model import CatalogIndicator
from mittaristo.template.fields import (
    Bad,
    is_none_mark,
    read_baseline,
    read_history,
    read_sdg,
    read_year_or_date,
    schedule_years,
)
from mittaristo.template.matching import match_indicator
from mittaristo.template.problems import Report, at
from mittaristo.template.reading import Cell
from mittaristo.template.strategy_sheet import Head
from mittaristo.template.targets import (
    Interpretation,
    Unreadable,
    every_months_of,
    interpret_mittari,
    interpret_target,
)

NUMERIC = frozenset({"at_least", "at_most", "direction", "vs_peers"})
USE_ORDER = ("id", "text", "indicator", "qualitative_reason", "owner", "schedule", "follow_up",
             "note", "sdg", "baseline", "target", "target_history")  # fmt: skip
# The mittari's own column, and the row's shared column it otherwise takes.
OWN = {"owner": ("use_owner", "owner"), "schedule": ("use_schedule", "schedule"),
       "follow_up": ("use_follow_up", "follow_up"), "sdg": ("use_sdg", "sdg")}  # fmt: skip


class MittariReader:
    def __init__(self, head: Head, catalog: dict[str, CatalogIndicator], report: Report):
        self.head, self.catalog, self.report = head, catalog, report
        self._year_was_assumed = False

    def read(self, row: dict[str, Cell], text: str, use_id: str, shared: dict | None) -> dict:
        """The mittari of `row`; `shared` = what it takes over from the row's actions (None on
        a row without actions: then the row's shared cells describe the mittari itself)."""
        use: dict = {"id": use_id, "text": text}
        indicator, candidates = self._indicator(row, text)
        better = self.catalog[indicator].better if indicator else None
        found = self._interpret(row, text, better)
        if found is not None and found.kind in NUMERIC and indicator is None:
            if candidates:
                indicator = candidates[0]
                use["note"] = _provisional_note(self.catalog[indicator])
            else:
                cell = (
                    row.get("target")
                    if row.get("target") is not None and row["target"].text
                    else row["mittari"]
                )
                self.report.problems.append(at(cell, "sheet.problem.needs_series", "sheet.hint_needs_series",
                                               value=text, kind=found.kind))  # fmt: skip
        use["indicator"] = indicator
        self._qualitative(row, use, candidates, found.kind if found else None)
        for name in OWN:
            value = self._own(row, name, shared)
            if value:
                use[name] = value
        self._extras(row, use)
        if found is not None:
            use["target"] = self._target(row, use, found)
        return {k: use[k] for k in USE_ORDER if k in use}

    # ------------------------------------------------------------------ catalog series

    def _indicator(self, row, text: str) -> tuple[str | None, tuple[str, ...]]:
        cell = row.get("indicator")
        given = cell.text.strip() if cell is not None and cell.text else ""
        if given and is_none_mark(given):
            return None, ()
        if given:
            if given in self.catalog:
                return given, ()
            hint_ids = ", ".join(close_matches(given, self.catalog)) or "–"
            self.report.problems.append(at(cell, "sheet.problem.unknown_indicator", "sheet.hint_indicator",
                                           value=given, matches=hint_ids))  # fmt: skip
            return None, ()
        match = match_indicator(text, self.catalog.values())
        if match.kind == "clear":
            return match.indicator, ()
        if match.kind == "unclear":
            names = "; ".join(f"{i} ({self.catalog[i].name.fi})" for i in match.candidates)
            self.report.confirm.append(at(row["mittari"], "sheet.confirm.match", "sheet.hint_confirm",
                                          value=text, candidates=names))  # fmt: skip
        return None, match.candidates

    def _qualitative(self, row, use: dict, candidates: tuple[str, ...], kind: str | None) -> None:
        cell = row.get("reason")
        reason = cell.text.strip() if cell is not None and cell.text else ""
        if use["indicator"] is not None:
            if reason:
                self.report.problems.append(
                    at(cell, "sheet.problem.reason_with_series", "sheet.hint_reason")
                )
            return
        if reason:
            use["qualitative_reason"] = reason
        elif candidates:
            use["qualitative_reason"] = _auto_reason("sheet.reason.to_confirm", candidates)
        elif kind == "milestone":
            use["qualitative_reason"] = _auto_reason("sheet.reason.milestone", ())
        else:
            use["qualitative_reason"] = _auto_reason("sheet.reason.no_series", ())

    def _own(self, row, name: str, shared: dict | None) -> object:
        """The mittari's own column ("–" = none), else what the row's actions share, else (on a
        row without actions) the row's shared column."""
        own, column = OWN[name]
        cell = row.get(own)
        if cell is not None and cell.text:
            value: object = None if is_none_mark(cell.text) else cell.text
        elif shared is not None:
            return shared.get(name)
        else:
            cell = row.get(column)
            value = cell.text if cell is not None and cell.text else None
        if name == "sdg" and value:
            try:
                return read_sdg(str(value))
            except Bad as bad:
                self.report.problems.append(at(cell, bad.message, bad.hint, **bad.fields))
                return None
        return value

    def _extras(self, row, use: dict) -> None:
        note = row.get("note")
        if note is not None and note.text:
            use["note"] = note.text
        for column, reader, key in (("baseline", read_baseline, "baseline"),):
            cell = row.get(column)
            if cell is not None and cell.text:
                try:
                    use[key] = reader(cell.text)
                except Bad as bad:
                    self.report.problems.append(at(cell, bad.message, bad.hint, **bad.fields))
        history = row.get("history")
        if history is not None and history.text:
            try:
                use["target_history"] = [
                    self._change(history, *item) for item in read_history(history.text)
                ]
            except Bad as bad:
                self.report.problems.append(at(history, bad.message, bad.hint, **bad.fields))

    def _change(self, cell: Cell, changed_on: dt.date, previous: str, key: str | None) -> dict:
        change: dict = {"changed_on": changed_on, "previous": previous}
        if key:
            provenance = self._decision(cell, key)
            if provenance:
                change["provenance"] = provenance
        return change

    # ------------------------------------------------------------------ target

    def _interpret(self, row, text: str, better: str | None) -> Interpretation | None:
        for column in ("interpretation", "target"):
            cell = row.get(column)
            if cell is not None and cell.text:
                try:
                    return interpret_target(cell.text, better)
                except Unreadable as exc:
                    self.report.problems.append(
                        at(cell, "sheet.problem.target_words", exc.hint, value=cell.text)
                    )
                    return None
        return interpret_mittari(text, better)

    def _target(self, row, use: dict, found: Interpretation) -> dict:
        target: dict = {"kind": found.kind, **found.fields}
        words = row.get("target")
        if words is not None and words.text:
            target["text"] = words.text
        year = self._year(row, use, found)
        assumed = row.get("assumed")
        if assumed is not None and assumed.text:
            target["assumed"] = assumed.text
        elif year is not None and found.kind == "milestone" and self._year_was_assumed:
            end = self.head.data.get("period", {}).get("end")
            from mittaristo.i18n import t

            target["assumed"] = t("assumed_year_reason", "fi", year=end)
        if found.kind == "milestone":
            target.setdefault(
                "description", (words.text if words is not None and words.text else use["text"])
            )
            target["by"] = year
        elif year is not None and found.kind != "followed":
            target["by"] = year.year if isinstance(year, dt.date) else year
        if found.kind == "followed" and "every_months" not in target:
            every = every_months_of(use.get("follow_up")) or self.head.follow_every
            if every:
                target["every_months"] = every
        if found.no_level:
            self.report.notes.append(at(words or row["mittari"], "sheet.note.no_level", ""))
        if found.kind == "vs_peers" and not self.head.data.get("peers"):
            self.report.problems.append(
                at(words or row["mittari"], "sheet.problem.no_peers", "sheet.hint_peers")
            )
        provenance = self._target_decision(row)
        if provenance:
            target["provenance"] = provenance
        return _target_order(target)

    def _year(self, row, use: dict, found: Interpretation) -> int | dt.date | None:
        cell = row.get("year")
        self._year_was_assumed = False
        year: int | dt.date | None = None
        if cell is not None and cell.text:
            try:
                year = read_year_or_date(cell.value)
            except Bad as bad:
                self.report.problems.append(at(cell, bad.message, bad.hint, **bad.fields))
        year = year if year is not None else found.year
        if year is None and found.kind == "milestone":  # a value target may have no year
            year = self._assumed_year(row, use, found.kind)
        if year is not None and found.kind != "followed":
            self._check_in_period(cell if cell is not None and cell.text else row["mittari"], year)
        return year

    def _assumed_year(self, row, use: dict, kind: str) -> int | None:
        period = self.head.data.get("period") or {}
        if kind == "milestone":
            _, end = schedule_years(use.get("schedule") or "")
            if end:
                return end
        end = period.get("end")
        if end:
            self._year_was_assumed = True
            self.report.notes.append(
                at(row["mittari"], "sheet.note.year_assumed", "", year=end, value=use["text"])
            )
        return end

    def _check_in_period(self, cell: Cell, year: int | dt.date) -> None:
        period = self.head.data.get("period") or {}
        y = year.year if isinstance(year, dt.date) else year
        if period and not period["start"] <= y <= period["end"]:
            self.report.problems.append(at(cell, "sheet.problem.year_outside", "sheet.hint_year_outside",
                                           value=y, start=period["start"], end=period["end"]))  # fmt: skip

    def _target_decision(self, row) -> dict | None:
        cell = row.get("decision")
        key = cell.text.strip() if cell is not None and cell.text else ""
        if key and is_none_mark(key):
            return None
        key = key or self.head.default_decision or ""
        return (
            self._decision(cell if cell is not None and cell.text else row["mittari"], key)
            if key
            else None
        )

    def _decision(self, cell: Cell, key: str) -> dict | None:
        if key in self.head.decisions:
            return self.head.decisions[key]
        self.report.problems.append(at(cell, "sheet.problem.unknown_decision", "sheet.hint_decision",
                                       value=key, known=", ".join(self.head.decisions) or "–"))  # fmt: skip
        return None

    # ------------------------------------------------------------------ repeated rows

    def check_repeat(self, row: dict[str, Cell], use: dict) -> None:
        """A mittari's later row may leave its own columns empty or repeat them."""
        for column in ("target", "year", "interpretation", "indicator", "use_owner", "use_schedule",
                       "use_follow_up", "reason", "note", "baseline"):  # fmt: skip
            cell = row.get(column)
            if cell is not None and cell.text and not self._same(column, cell, use):
                self.report.problems.append(at(cell, "sheet.problem.mittari_differs", "sheet.hint_same_item",
                                               value=use["text"]))  # fmt: skip

    @staticmethod
    def _same(column: str, cell: Cell, use: dict) -> bool:
        text = cell.text.strip()
        target = use.get("target") or {}
        known = {"target": target.get("text"), "indicator": use.get("indicator") or "–",
                 "use_owner": use.get("owner") or "–", "use_schedule": use.get("schedule") or "–",
                 "use_follow_up": use.get("follow_up") or "–", "reason": use.get("qualitative_reason"),
                 "note": use.get("note")}  # fmt: skip
        if column in known:
            return text == known[column] or (is_none_mark(text) and known[column] == "–")
        return True  # year, interpretation, baseline: compared by value would need the parse again


def _auto_reason(key: str, candidates: tuple[str, ...]) -> str:
    from mittaristo.i18n import t

    return t(key, "fi", candidates=", ".join(candidates))


def _provisional_note(indicator: CatalogIndicator) -> str:
    from mittaristo.i18n import t

    return t("sheet.note.provisional", "fi", indicator=indicator.id, name=indicator.name.fi)


def _target_order(target: dict) -> dict:
    order = ("kind", "value", "direction", "relation", "description", "by", "done_on", "every_months",
             "text", "provenance", "assumed")  # fmt: skip
    return {k: target[k] for k in order if k in target}
