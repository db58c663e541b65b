"""The plan sheet's rows → goals, sub-goals, actions (toimenpiteet) and mittarit.

Row rules (also in the template's instructions):
- Päämäärä (goal) and Toimiala (department) carry down: an empty cell means "as above".
  Tavoite (sub-goal) does not: an empty Tavoite puts the row on the goal itself.
- A row can hold an action, a mittari or both; both means the action is followed by the
  mittari (`measures`). An action or mittari that appears on several rows (same text in the
  same goal or sub-goal, or the same Tunniste) is one item; its first row describes it and
  later rows may only repeat that description.
- Without Tunniste ids, a cell with several lines holds several items: each action line
  measured by every mittari line; an owner or schedule cell with one line per action pairs
  up with them line by line.
- Aikataulu, Vastuutaho, Seuranta and SDG describe the row's action and also its mittari,
  unless the Mittarin … columns say otherwise ("–" = none); on a row without an action they
  describe the mittari.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mittaristo.template.columns import norm
from mittaristo.template.fields import (
    Bad,
    is_none_mark,
    lines,
    read_schedule_years,
    read_sdg,
    read_status,
    schedule_years,
)
from mittaristo.template.mittari import MittariReader
from mittaristo.template.problems import Report, at
from mittaristo.template.reading import Cell
from mittaristo.template.strategy_sheet import Head, slugify

# "Ympäristöjohtaja/2022-2023", "Hoiva- ja hoitotyön päällikkö 2022 alkaen" (Kemi's "Vastuu ja
# aikataulu"): a schedule at the end of an owner cell, split off when Aikataulu is empty.
_OWNER_SCHEDULE = re.compile(
    r"^(?P<owner>.*?\S)\s*(?:/|,)?\s*(?P<when>(?:v\.\s*)?\d{4}(?:\s*[-–]\s*(?:\d{4})?)?(?:\s*alkaen)?|"
    r"jatkuva(?:a)?(?: toiminta(?:a)?)?\.?|vuosittai(?:n|nen)(?: prosessi)?)$",
    re.IGNORECASE,
)


@dataclass
class Box:
    """A goal or a sub-goal under construction."""

    data: dict
    uses: dict[str, dict] = field(default_factory=dict)
    actions: dict[str, dict] = field(default_factory=dict)
    first_rows: dict[str, dict[str, Cell]] = field(default_factory=dict)


@dataclass
class GoalBox:
    box: Box
    subs: dict[object, Box] = field(default_factory=dict)


class PlanBuilder:
    def __init__(self, head: Head, mittarit: MittariReader, report: Report):
        self.head, self.mittarit, self.report = head, mittarit, report
        self.goals: dict[str, GoalBox] = {}
        self.ids: dict[str, set[str]] = {k: set() for k in ("goal", "sub", "use", "action")}
        self.state: dict[str, str | None] = {"goal": None, "department": None}
        for row in head.goals:
            self._goal(row["goal"].text, row)
        for goal_name, row in head.subgoals:
            self._subgoal(self._goal(goal_name), row)

    # ------------------------------------------------------------------ goals and sub-goals

    def _goal(self, name: str, row: dict[str, Cell] | None = None) -> GoalBox:
        if name in self.goals:
            return self.goals[name]
        row = row or {}
        gid = self._id(row.get("id"), name, "goal")
        data: dict = {"id": gid, "name": _names(name, row)}
        _describe(data, row)
        self.goals[name] = GoalBox(Box(data))
        return self.goals[name]

    def _subgoal(self, goal: GoalBox, row: dict[str, Cell]) -> Box:
        name = row["subgoal"].text
        department = _text(row, "department") or None
        sid = _text(row, "id") or _text(row, "subgoal_id")
        key = ("id", sid) if sid else (norm(department or ""), name)
        if key in goal.subs:
            return goal.subs[key]
        data: dict = {"id": self._id(row.get("id") or row.get("subgoal_id"), name, "sub"),
                      "name": _names(name, row)}  # fmt: skip
        if department:
            data["owner"] = department
        _describe(data, row)
        box = Box(data)
        goal.subs[key] = box
        goal.subs.setdefault(("id", data["id"]), box)
        if sid:
            goal.subs.setdefault((norm(department or ""), name), box)
        return box

    def _id(self, cell: Cell | None, text: str, kind: str) -> str:
        given = cell.text.strip() if cell is not None and cell.text else ""
        if given:
            if given in self.ids[kind]:
                self.report.problems.append(
                    at(cell, "sheet.problem.duplicate_id", "sheet.hint_id", value=given)
                )
            self.ids[kind].add(given)
            return given
        return slugify(text, self.ids[kind])

    # ------------------------------------------------------------------ rows

    def add_rows(self, rows: list[dict[str, Cell]]) -> None:
        for row in rows:
            self._row(row)

    def _row(self, row: dict[str, Cell]) -> None:
        goal_name = _text(row, "goal") or self.state["goal"]
        if not goal_name:
            self.report.problems.append(
                at(next(iter(row.values())), "sheet.problem.no_goal", "sheet.hint_goal")
            )
            return
        if _text(row, "goal"):
            self.state = {"goal": goal_name, "department": None}
        if _text(row, "department"):
            self.state["department"] = _text(row, "department")
        goal = self._goal(goal_name)
        box = goal.box
        if _text(row, "subgoal") or _text(row, "subgoal_id"):
            box = self._find_subgoal(goal, row)
        actions = self._actions(row, box)
        uses = self._uses(row, box, _shared(row, actions))
        for action in actions:
            for use in uses:
                if use["id"] not in action["measures"]:
                    action["measures"].append(use["id"])

    def _find_subgoal(self, goal: GoalBox, row: dict[str, Cell]) -> Box:
        sid = _text(row, "subgoal_id")
        if sid and ("id", sid) in goal.subs:
            return goal.subs[("id", sid)]
        name = _text(row, "subgoal")
        department = self.state["department"]
        key = (norm(department or ""), name)
        if not sid and key in goal.subs:
            return goal.subs[key]
        if not name:
            self.report.problems.append(at(row["subgoal_id"], "sheet.problem.unknown_subgoal", "sheet.hint_subgoal",
                                           value=sid))  # fmt: skip
            return goal.box
        made = {"subgoal": row["subgoal"]} | ({"department": _cell_with(row, "department", department)}
                                             if department else {})  # fmt: skip
        if sid:
            made["id"] = row["subgoal_id"]
        return self._subgoal(goal, made)

    # ------------------------------------------------------------------ actions

    def _actions(self, row: dict[str, Cell], box: Box) -> list[dict]:
        cell = row.get("action")
        if cell is None or not cell.text:
            return []
        given_id = _text(row, "action_id")
        items = [cell.text] if given_id else lines(cell.text)
        owners = _per_item(row.get("owner"), len(items), given_id)
        schedules = _per_item(row.get("schedule"), len(items), given_id)
        return [
            self._action(row, box, text, given_id or None, owner, schedule)
            for text, owner, schedule in zip(items, owners, schedules, strict=True)
        ]

    def _action(self, row, box: Box, text: str, given_id, owner, schedule) -> dict:
        if owner and not schedule and not given_id:
            split = _OWNER_SCHEDULE.match(owner)
            if split:
                owner, schedule = split.group("owner"), split.group("when")
                self.report.notes.append(
                    at(row["owner"], "sheet.note.split_owner", "", owner=owner, schedule=schedule)
                )
        key = f"id:{given_id}" if given_id else f"text:{norm(text)}"
        found = box.actions.get(key)
        fields = self._action_fields(row, owner, schedule)
        if found is None:
            action_id = self._id(row.get("action_id") if given_id else None, text, "action")
            box.actions[key] = {"id": action_id, "text": text, **fields}
            return box.actions[key]
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
        action["status"] = self._read(row, "status", read_status) or "not_started"
        action["measures"] = []
        follow = _text(row, "follow_up")
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

    # ------------------------------------------------------------------ mittarit

    def _uses(self, row: dict[str, Cell], box: Box, shared: dict | None) -> list[dict]:
        cell = row.get("mittari")
        if cell is None or not cell.text:
            return []
        given_id = _text(row, "mittari_id")
        items = [cell.text] if given_id else lines(cell.text)
        out = []
        for text in items:
            key = f"id:{given_id}" if given_id else f"text:{norm(text)}"
            if key in box.uses:
                self.mittarit.check_repeat(row, box.uses[key])
                out.append(box.uses[key])
                continue
            use_id = self._id(row.get("mittari_id") if given_id else None, text, "use")
            use = self.mittarit.read(row, text, use_id, shared)
            box.uses[key] = use
            out.append(use)
        return out

    # ------------------------------------------------------------------ result

    def goals_data(self) -> list[dict]:
        out = []
        for goal in self.goals.values():
            data = dict(goal.box.data)
            subs = list({id(b): b for b in goal.subs.values()}.values())
            if subs:
                data["subgoals"] = [_box_data(b) for b in subs]
            out.append(_box_data(goal.box, data))
        return out


def _box_data(box: Box, data: dict | None = None) -> dict:
    data = dict(box.data if data is None else data)
    if box.uses:
        data["indicators"] = list(box.uses.values())
    if box.actions:
        data["actions"] = [{k: v for k, v in a.items() if v != [] or k != "measures"}
                           for a in box.actions.values()]  # fmt: skip
    return data


def _text(row: dict[str, Cell], key: str) -> str:
    cell = row.get(key)
    return cell.text.strip() if cell is not None and cell.text else ""


def _cell_with(row: dict[str, Cell], key: str, value: str) -> Cell:
    cell = row.get(key) or next(iter(row.values()))
    return Cell(value, cell.sheet, cell.row, cell.column, cell.header)


def _names(name: str, row: dict[str, Cell]) -> dict:
    names = {"fi": name}
    for lang in ("sv", "en"):
        if _text(row, f"name_{lang}"):
            names[lang] = _text(row, f"name_{lang}")
    return names


def _describe(data: dict, row: dict[str, Cell]) -> None:
    if _text(row, "description"):
        data["description"] = _text(row, "description")
    if _text(row, "sdg"):
        data["sdg"] = read_sdg(_text(row, "sdg"))


def _shared(row: dict[str, Cell], actions: list[dict]) -> dict | None:
    """What a mittari on an action's row takes over: the action's owner, schedule text,
    follow-up and SDGs — where all of the row's actions agree (None: a row without actions)."""
    if not actions:
        return None
    out: dict = {}
    for name in ("owner", "follow_up", "sdg"):
        values = {repr(a.get(name)) for a in actions}
        out[name] = actions[0].get(name) if len(values) == 1 else None
    texts = {(a.get("schedule") or {}).get("text") for a in actions}
    out["schedule"] = texts.pop() if len(texts) == 1 else None
    return out


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
