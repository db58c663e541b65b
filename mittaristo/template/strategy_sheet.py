"""The workbook's strategy-level sheets → the strategy's head: municipality, names, period,
reviews, peers, documents, decisions (the target provenances) and the goal/sub-goal list.

A field left empty takes the value of the town's existing strategy file where there is one
(the usual order: `new-town`, then the template with the goals), noted in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mittaristo import newtown, reference
from mittaristo.template.columns import DECISIONS, DOCUMENTS, GOALS, STRATEGY
from mittaristo.template.fields import (
    Bad,
    is_none_mark,
    lines,
    read_codes,
    read_date,
    read_period,
    read_sdg,
)
from mittaristo.template.problems import Problem, Report, at
from mittaristo.template.reading import Cell, Workbook
from mittaristo.template.targets import every_months_of


@dataclass
class Head:
    """What the strategy-level sheets gave."""

    data: dict = field(default_factory=dict)  # top-level keys of the strategy, in file order
    decisions: dict[str, dict] = field(default_factory=dict)  # key → provenance
    default_decision: str | None = None
    follow_every: int | None = None
    goals: list[dict] = field(default_factory=list)  # goal rows of the goals sheet
    subgoals: list[tuple[str, dict]] = field(default_factory=list)  # (goal name, sub-goal row)


def slugify(text: str, taken: set[str], limit: int = 60) -> str:
    """A unique id from a text (links, measures): 'Uusien yrittäjien neuvonta' → uusien-…."""
    base = newtown.town_slug(text)[:limit].rstrip("-") or "x"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def read_head(book: Workbook, town: str, existing: dict | None, report: Report) -> Head:
    head = Head()
    fields = book.sheets[STRATEGY].rows[0] if STRATEGY in book.sheets else {}
    old = existing or {}
    head.data["town"] = town
    head.data["municipality"] = _municipality(fields, old, report)
    head.data["name"] = _names(fields, head.data["municipality"], old)
    _optional_texts(fields, head.data, old)
    head.decisions = _decisions(book, report)
    head.data["documents"] = _documents(book, head, old, report)
    head.data["period"] = _period(fields, old, report)
    head.data["reviews"] = _reviews(fields, old, report)
    head.data["peers"] = _peers(fields, old, head.data["municipality"], report)
    head.follow_every = every_months_of(_text(fields, "follow_default"))
    head.default_decision = _default_decision(fields, head, report)
    _goal_rows(book, head, report)
    return head


def _text(fields: dict[str, Cell], key: str) -> str:
    cell = fields.get(key)
    return cell.text.strip() if cell is not None else ""


def _municipality(fields, old, report) -> str | None:
    text = _text(fields, "municipality")
    if not text:
        if old.get("municipality"):
            return old["municipality"]
        report.problems.append(Problem(_sheet_name(fields), 0, "", "", "sheet.problem.no_municipality",
                                       "sheet.hint_municipality"))  # fmt: skip
        return None
    code, hint = newtown.resolve_municipality(text)
    if code is None:
        report.problems.append(at(fields["municipality"], "sheet.problem.bad_municipality",
                                  "sheet.hint_text", value=text, text=hint))  # fmt: skip
    return code


def _sheet_name(fields: dict[str, Cell]) -> str:
    first = next(iter(fields.values()), None)
    return first.sheet if first else "Strategia"


def _names(fields, code, old) -> dict:
    area = reference.municipalities().get(code) if code else None
    names = dict(old.get("name") or {})
    for lang in ("fi", "sv", "en"):
        given = _text(fields, f"name_{lang}")
        if given and is_none_mark(given):
            names.pop(lang, None)
        elif given:
            names[lang] = given
        elif area is not None and lang not in names:
            names[lang] = area.name(lang)
    return names or {"fi": code or "?"}


def _optional_texts(fields, data: dict, old: dict) -> None:
    title = {lang: _text(fields, f"title_{lang}") for lang in ("fi", "sv", "en")}
    title = {k: v for k, v in title.items() if v}
    if title.get("fi"):
        data["title"] = title
    elif old.get("title"):
        data["title"] = old["title"]
    vision = _text(fields, "vision") or old.get("vision")
    if vision:
        data["vision"] = vision
    values = lines(_text(fields, "values")) or old.get("values")
    if values:
        data["values"] = values


def _period(fields, old, report) -> dict | None:
    text = _text(fields, "period")
    if not text:
        if old.get("period"):
            return old["period"]
        report.problems.append(
            Problem(_sheet_name(fields), 0, "", "", "sheet.problem.no_period", "sheet.hint_period")
        )
        return None
    try:
        start, end = read_period(text)
    except Bad as bad:
        report.problems.append(at(fields["period"], bad.message, bad.hint, **bad.fields))
        return None
    return {"start": start, "end": end}


def _reviews(fields, old, report) -> dict | None:
    reviews = dict(old.get("reviews") or {})
    for key in ("adoption", "mid_term", "end"):
        cell = fields.get(key)
        if cell is not None and cell.value is not None:
            try:
                reviews[key] = read_date(cell.value)
            except Bad as bad:
                report.problems.append(at(cell, bad.message, bad.hint, **bad.fields))
    meetings = fields.get("meetings")
    if meetings is not None and meetings.value is not None:
        try:
            reviews["meetings"] = [read_date(x) for x in _date_items(meetings.value)]
        except Bad as bad:
            report.problems.append(at(meetings, bad.message, bad.hint, **bad.fields))
    for key in ("adoption", "end"):
        if key not in reviews:
            report.problems.append(
                Problem(
                    _sheet_name(fields), 0, "", "", f"sheet.problem.no_{key}", "sheet.hint_date"
                )
            )
    ordered = {k: reviews[k] for k in ("adoption", "mid_term", "end", "meetings") if k in reviews}
    return ordered or None


def _date_items(value: object) -> list[object]:
    return [value] if not isinstance(value, str) else re.split(r"[,;\n]\s*", value.strip())


def _peers(fields, old, town_code, report) -> list[str]:
    cell = fields.get("peers")
    if cell is None or cell.value is None:
        return list(old.get("peers") or [])
    peers = []
    for item in read_codes(cell.text):
        code, hint = newtown.resolve_municipality(item)
        if code is None:
            report.problems.append(
                at(cell, "sheet.problem.bad_peer", "sheet.hint_text", value=item, text=hint)
            )
        elif code != town_code and code not in peers:
            peers.append(code)
    return peers


def _decisions(book: Workbook, report: Report) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for row in book.sheets[DECISIONS].rows if DECISIONS in book.sheets else []:
        key = row.get("key")
        provenance = _provenance(row, report)
        if key is None or not key.text:
            cell = next(iter(row.values()))
            report.problems.append(
                at(cell, "sheet.problem.no_decision_key", "sheet.hint_decision_key")
            )
        elif provenance is not None:
            out[key.text.strip()] = provenance
    return out


def _provenance(row: dict[str, Cell], report: Report) -> dict | None:
    body = row.get("body")
    if body is None or not body.text:
        cell = next(iter(row.values()))
        report.problems.append(at(cell, "sheet.problem.no_body", "sheet.hint_body"))
        return None
    out: dict = {"body": body.text}
    date = row.get("date")
    if date is not None and date.value is not None:
        try:
            out["date"] = read_date(date.value)
        except Bad as bad:
            report.problems.append(at(date, bad.message, bad.hint, **bad.fields))
    for key in ("section", "document"):
        if row.get(key) is not None and row[key].text:
            out[key] = row[key].text
    return out


def _documents(book: Workbook, head: Head, old: dict, report: Report) -> list[dict]:
    docs = []
    for row in book.sheets[DOCUMENTS].rows if DOCUMENTS in book.sheets else []:
        title = row.get("title")
        if title is None or not title.text:
            report.problems.append(
                at(next(iter(row.values())), "sheet.problem.no_title", "sheet.hint_title")
            )
            continue
        doc: dict = {"title": title.text}
        if row.get("source_file") is not None and row["source_file"].text:
            doc["source_file"] = row["source_file"].text
        if row.get("body") is not None and row["body"].text:
            provenance = _provenance(row, report)
            if provenance is not None:
                doc["adopted_by"] = provenance
        docs.append(doc)
    if docs:
        return docs
    if old.get("documents"):
        return old["documents"]
    title = (head.data.get("title") or {}).get("fi")
    return [{"title": title}] if title else [{"title": head.data["name"]["fi"]}]


def _default_decision(fields, head: Head, report: Report) -> str | None:
    key = _text(fields, "decision_default")
    if key and key not in head.decisions:
        report.problems.append(at(fields["decision_default"], "sheet.problem.unknown_decision",
                                  "sheet.hint_decision", value=key, known=", ".join(head.decisions) or "–"))  # fmt: skip
        return None
    return key or None


def _goal_rows(book: Workbook, head: Head, report: Report) -> None:
    """The goals sheet: a row with only Päämäärä is a goal; with Tavoite, a sub-goal of it."""
    goal_name = ""
    for row in book.sheets[GOALS].rows if GOALS in book.sheets else []:
        goal_cell, sub_cell = row.get("goal"), row.get("subgoal")
        goal_name = goal_cell.text if goal_cell is not None and goal_cell.text else goal_name
        if not goal_name:
            report.problems.append(
                at(next(iter(row.values())), "sheet.problem.no_goal", "sheet.hint_goal")
            )
            continue
        item = {k: c for k, c in row.items() if c.value is not None}
        try:
            if "sdg" in item:
                read_sdg(item["sdg"].text)
        except Bad as bad:
            report.problems.append(at(item["sdg"], bad.message, bad.hint, **bad.fields))
            item.pop("sdg")
        if sub_cell is not None and sub_cell.text:
            head.subgoals.append((goal_name, item))
        elif goal_cell is not None and goal_cell.text:
            head.goals.append(item)
