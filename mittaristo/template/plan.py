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

from dataclasses import dataclass, field

from mittaristo.template.actions import ActionReader
from mittaristo.template.columns import norm
from mittaristo.template.fields import (
    cell_text,
    lines,
    read_sdg,
)
from mittaristo.template.mittari import MittariReader
from mittaristo.template.problems import Report, at
from mittaristo.template.reading import Cell
from mittaristo.template.strategy_sheet import Head, slugify


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
        self.actions = ActionReader(report, self._id)
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
        department = cell_text(row, "department") or None
        sid = cell_text(row, "id") or cell_text(row, "subgoal_id")
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
        goal_name = cell_text(row, "goal") or self.state["goal"]
        if not goal_name:
            self.report.problems.append(
                at(next(iter(row.values())), "sheet.problem.no_goal", "sheet.hint_goal")
            )
            return
        if cell_text(row, "goal"):
            self.state = {"goal": goal_name, "department": None}
        if cell_text(row, "department"):
            self.state["department"] = cell_text(row, "department")
        goal = self._goal(goal_name)
        box = goal.box
        if cell_text(row, "subgoal") or cell_text(row, "subgoal_id"):
            box = self._find_subgoal(goal, row)
        actions = self.actions.read(row, box.actions)
        uses = self._uses(row, box, _shared(row, actions))
        for action in actions:
            for use in uses:
                if use["id"] not in action["measures"]:
                    action["measures"].append(use["id"])

    def _find_subgoal(self, goal: GoalBox, row: dict[str, Cell]) -> Box:
        sid = cell_text(row, "subgoal_id")
        if sid and ("id", sid) in goal.subs:
            return goal.subs[("id", sid)]
        name = cell_text(row, "subgoal")
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

    # ------------------------------------------------------------------ mittarit

    def _uses(self, row: dict[str, Cell], box: Box, shared: dict | None) -> list[dict]:
        cell = row.get("mittari")
        if cell is None or not cell.text:
            return []
        given_id = cell_text(row, "mittari_id")
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


def _cell_with(row: dict[str, Cell], key: str, value: str) -> Cell:
    cell = row.get(key) or next(iter(row.values()))
    return Cell(value, cell.sheet, cell.row, cell.column, cell.header)


def _names(name: str, row: dict[str, Cell]) -> dict:
    names = {"fi": name}
    for lang in ("sv", "en"):
        if cell_text(row, f"name_{lang}"):
            names[lang] = cell_text(row, f"name_{lang}")
    return names


def _describe(data: dict, row: dict[str, Cell]) -> None:
    if cell_text(row, "description"):
        data["description"] = cell_text(row, "description")
    if cell_text(row, "sdg"):
        data["sdg"] = read_sdg(cell_text(row, "sdg"))


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
