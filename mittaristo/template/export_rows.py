"""The rows of the exported workbook: the strategy's fields as cell values (export.py lays
them out). Each value is written so that importing.py reads back exactly the model's value."""

from __future__ import annotations

from mittaristo.config.model import Action, IndicatorUse, Provenance, Strategy, SubGoal
from mittaristo.template.fields import format_schedule_years, schedule_years
from mittaristo.template.targets import format_target

NONE = "–"


class Decisions:
    """The target provenances, each once, keyed P1, P2, … (the Päätökset sheet)."""

    def __init__(self) -> None:
        self.keys: dict[Provenance, str] = {}

    def key(self, provenance: Provenance | None) -> str | None:
        if provenance is None:
            return None
        return self.keys.setdefault(provenance, f"P{len(self.keys) + 1}")

    def rows(self) -> list[dict]:
        return [{"key": key, **p.model_dump(exclude_none=True)} for p, key in self.keys.items()]


def strategy_values(s: Strategy) -> dict:
    r = s.reviews
    values = {
        "municipality": s.municipality, "town": s.town,
        "name_fi": s.name.fi, "name_sv": s.name.sv or NONE, "name_en": s.name.en or NONE,
        "title_fi": s.title.fi if s.title else None,
        "title_sv": s.title.sv if s.title else None, "title_en": s.title.en if s.title else None,
        "vision": s.vision, "values": "\n".join(s.values) or None,
        "period": f"{s.period.start}–{s.period.end}",
        "adoption": r.adoption, "mid_term": r.mid_term, "end": r.end,
        "meetings": "\n".join(d.isoformat() for d in r.meetings) or None,
        "peers": ", ".join(s.peers) or None,
    }  # fmt: skip
    return values


def goal_rows(s: Strategy) -> list[dict]:
    out = []
    for goal in s.goals:
        out.append({"goal": goal.name.fi, "id": goal.id, **_item_fields(goal)})
        for sub in goal.subgoals:
            out.append({"goal": goal.name.fi, "department": sub.owner, "subgoal": sub.name.fi,
                        "id": sub.id, **_item_fields(sub)})  # fmt: skip
    return out


def _item_fields(item) -> dict:
    return {"name_sv": item.name.sv, "name_en": item.name.en, "description": item.description,
            "sdg": _sdg(item.sdg)}  # fmt: skip


def _sdg(values: list[int]) -> str | None:
    return ", ".join(str(v) for v in values) or None


def pair_order(
    uses: list[IndicatorUse], actions: list[Action]
) -> list[tuple[Action | None, IndicatorUse | None]]:
    """(action, mittari) rows whose first appearances give both lists in their order, and
    each action's rows give its `measures` in their order (a mittari is written alone first
    when an action's measures would otherwise come out of order)."""
    by_id = {u.id: u for u in uses}
    for act in actions:
        foreign = [m for m in act.measures if m not in by_id]
        if foreign:
            raise ValueError(f"action {act.id} measures {foreign} of another goal or sub-goal: "
                             "the template cannot show that link")  # fmt: skip
    rows: list[tuple[Action | None, IndicatorUse | None]] = []
    seen: set[str] = set()
    i = 0
    for act in actions:
        while True:
            new = [m for m in act.measures if m not in seen]
            if new == [u.id for u in uses[i : i + len(new)]]:
                break
            rows.append((None, uses[i]))
            seen.add(uses[i].id)
            i += 1
        rows += [(act, by_id[m]) for m in act.measures] or [(act, None)]
        seen.update(new)
        i += len(new)
    rows += [(None, u) for u in uses[i:]]
    return rows


def plan_rows(s: Strategy, decisions: Decisions) -> list[dict]:
    out: list[dict] = []
    written: set[str] = set()
    for goal in s.goals:
        boxes: list[tuple[SubGoal | None, list, list]] = [(None, goal.indicators, goal.actions)]
        boxes += [(sub, sub.indicators, sub.actions) for sub in goal.subgoals]
        for sub, uses, actions in boxes:
            for act, use in pair_order(uses, actions):
                row: dict[str, str | None] = {"goal": goal.name.fi}
                if sub is not None:
                    row |= {"department": sub.owner, "subgoal": sub.name.fi, "subgoal_id": sub.id}
                if act is not None:
                    row |= _action_cells(act)
                if use is not None:
                    row |= _use_cells(use, act, use.id in written, decisions)
                    written.add(use.id)
                out.append(row)
    return out


def _action_cells(act: Action) -> dict:
    """An action's cells, on each of its rows (a repeated row repeats its description)."""
    cells: dict = {"action": act.text, "action_id": act.id}
    sched = act.schedule
    cells |= {
        "owner": act.owner,
        "follow_up": act.follow_up,
        "sdg": _sdg(act.sdg),
        "status": None if act.status == "not_reported" else act.status,  # empty = not reported
    }
    if sched is not None:
        cells["schedule"] = sched.text
        if schedule_years(sched.text or "") != (sched.start, sched.end):
            cells["schedule_years"] = format_schedule_years(sched.start, sched.end)
    return cells


def _use_cells(use: IndicatorUse, act: Action | None, again: bool, decisions: Decisions) -> dict:
    cells: dict = {"mittari": use.text, "mittari_id": use.id}
    if again:
        return cells
    cells |= _target_cells(use, decisions)
    cells |= {
        "indicator": use.indicator or NONE,
        "reason": use.qualitative_reason,
        "note": use.note,
    }
    if use.baseline is not None:
        b = use.baseline
        cells["baseline"] = b.period if b.value is None else f"{b.period}: {b.value!r}"
    if use.target_history:
        cells["history"] = "\n".join(
            f"{c.changed_on.isoformat()}: {c.previous}" + (f" [{decisions.key(c.provenance)}]" if c.provenance else "")
            for c in use.target_history
        )  # fmt: skip
    own = {
        "owner": use.owner,
        "schedule": use.schedule,
        "follow_up": use.follow_up,
        "sdg": _sdg(use.sdg),
    }
    if act is None:
        return cells | own
    shared = {"owner": act.owner, "schedule": act.schedule.text if act.schedule else None,
              "follow_up": act.follow_up, "sdg": _sdg(act.sdg)}  # fmt: skip
    for name, value in own.items():
        if value != shared[name]:
            cells[f"use_{name}"] = value or NONE
    return cells


def _target_cells(use: IndicatorUse, decisions: Decisions) -> dict:
    target = use.target
    fields = target.model_dump(exclude_none=True, exclude={"kind", "text", "provenance", "by"})
    fields.pop("assumed", None)
    cells: dict = {"interpretation": format_target(target.kind, fields), "target": target.text,
                   "assumed": target.assumed}  # fmt: skip
    by = getattr(target, "by", None)
    if by is not None:
        cells["year"] = by
    cells["decision"] = decisions.key(target.provenance)
    return cells
