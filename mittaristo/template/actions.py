"""The plan sheet's actions (toimenpiteet): text, owner, schedule (with its years), status,
follow-up and SDGs; one cell's several lines are several actions, an owner cell's lines pair
with them, and Kemi's "Vastuu ja aikataulu" (Ympäristöjohtaja/2022) is split."""

from __future__ import annotations

import re
from collections.abc import Callable

from mittaristo.template.columns import norm
from mittaristo.template.fields import (
    Bad,
    cell_text,
    is_none_mark,
    lines,
    read_schedule_years,
    read_sdg,
    read_status,
    schedule_years,
)
from mittaristo.template.problems import Report, at
from mittaristo.template.reading import Cell

# "Ympäristöjohtaja/2022-2023", "Hoiva- ja hoitotyön päällikkö 2022 alkaen" (Kemi's "Vastuu ja
# aikataulu"): a schedule at the end of an owner cell, split off when Aikataulu is empty.
_OWNER_SCHEDULE = re.compile(
    r"^(?P<owner>.*?\S)\s*(?:/|,)?\s*(?P<when>(?:v\.\s*)?\d{4}(?:\s*[-–]\s*(?:\d{4})?)?(?:\s*alkaen)?|"
    r"jatkuva(?:a)?(?: toiminta(?:a)?)?\.?|vuosittai(?:n|nen)(?: prosessi)?)$",
    re.IGNORECASE,
)


class ActionReader:
    def __init__(self, report: Report, make_id: Callable[[Cell | None, str, str], str]):
        self.report, self.make_id = report, make_id

    def read(self, row: dict[str, Cell], known: dict[str, dict]) -> list[dict]:
        """The row's actions (new ones added to `known`, the box's actions by key)."""
        cell = row.get("action")
        if cell is None or not cell.text:
            return []
        given_id = cell_text(row, "action_id")
        items = [cell.text] if given_id else lines(cell.text)
        owners = _per_item(row.get("owner"), len(items), given_id)
        schedules = _per_item(row.get("schedule"), len(items), given_id)
        return [
            self._action(row, known, text, given_id or None, owner, schedule)
            for text, owner, schedule in zip(items, owners, schedules, strict=True)
        ]

    def _action(self, row, known: dict[str, dict], text: str, given_id, owner, schedule) -> dict:
        if owner and not schedule and not given_id:
            split = _OWNER_SCHEDULE.match(owner)
            if split:
                owner, schedule = split.group("owner"), split.group("when")
                self.report.notes.append(
                    at(row["owner"], "sheet.note.split_owner", "", owner=owner, schedule=schedule)
                )
        key = f"id:{given_id}" if given_id else f"text:{norm(text)}"
        found = known.get(key)
        fields = self._action_fields(row, owner, schedule)
        if found is None:
            action_id = self.make_id(row.get("action_id") if given_id else None, text, "action")
            known[key] = {"id": action_id, "text": text, **fields}
            return known[key]
        for name in ("owner", "schedule", "status", "follow_up", "sdg"):
            if name in fields and fields.get(name) != found.get(name) and _explicit(row, name):
                self.report.problems.append(at(row[name], "sheet.problem.action_differs",
                                               "sheet.hint_same_item", value=text))  # fmt: skip
        return found

    def _action_fields(self, row, owner, schedule) -> dict:
        action: dict = {}
        if owner:
            action["owner"] = owner
        sched = self._schedule(row, schedule)
        if sched:
            action["schedule"] = sched
        status = self._read(row, "status", read_status)
        if status:  # only a status the sheet gives; empty = not reported (the model's default)
            action["status"] = status
        action["measures"] = []
        follow = cell_text(row, "follow_up")
        if follow:
            action["follow_up"] = follow
        sdg = self._read(row, "sdg", read_sdg)
        if sdg:
            action["sdg"] = sdg
        return action

    def _schedule(self, row, text: str | None) -> dict | None:
        years_cell = row.get("schedule_years")
        if years_cell is not None and years_cell.text:
            start, end = self._read(row, "schedule_years", read_schedule_years) or (None, None)
        else:
            start, end = schedule_years(text) if text else (None, None)
        if start and end and end < start:
            self.report.problems.append(at(years_cell or row["schedule"], "sheet.problem.schedule_order",
                                           "sheet.hint_schedule_years", value=f"{start}–{end}"))  # fmt: skip
            return None
        out = {"text": text} if text else {}
        out |= {k: v for k, v in (("start", start), ("end", end)) if v}
        return out or None

    def _read(self, row, column: str, reader):
        cell = row.get(column)
        if cell is None or not cell.text:
            return None
        try:
            return reader(cell.text)
        except Bad as bad:
            self.report.problems.append(at(cell, bad.message, bad.hint, **bad.fields))
            return None


def _per_item(cell: Cell | None, count: int, given_id: str) -> list[str | None]:
    """One value per item: a line each when the cell has exactly one line per item."""
    text = cell.text if cell is not None and cell.text else ""
    parts = lines(text)
    if count > 1 and not given_id and len(parts) == count:
        return list(parts)
    return [text or None] * count


def _explicit(row: dict[str, Cell], name: str) -> bool:
    cell = row.get(name)
    return cell is not None and bool(cell.text) and not is_none_mark(cell.text)
