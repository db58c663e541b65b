"""A filled strategy workbook → the strategy's data (the YAML file's content) and a report.

Nothing is written here: `import-strategy` writes the file only when the report has no
problems and the result passes the same validation as `python -m loaders validate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mittaristo.config.model import CatalogIndicator
from mittaristo.template.columns import PLAN, sheet_title
from mittaristo.template.mittari import MittariReader
from mittaristo.template.plan import PlanBuilder
from mittaristo.template.problems import Problem, Report
from mittaristo.template.reading import read_workbook
from mittaristo.template.strategy_sheet import read_head

TOP_ORDER = ("town", "municipality", "name", "title", "vision", "values", "documents", "period",
             "reviews", "peers", "goals")  # fmt: skip


@dataclass
class ImportResult:
    data: dict
    report: Report


def import_workbook(
    source: Path | bytes,
    town: str,
    catalog: dict[str, CatalogIndicator],
    existing: dict | None = None,
) -> ImportResult:
    """Read the workbook; `existing` (the town's current strategy data) fills what it leaves
    empty. The result's report lists every problem, note and match to confirm."""
    book = read_workbook(source)
    report = Report(problems=list(book.problems))
    if not book.sheets and book.problems:
        return ImportResult({}, report)
    if PLAN not in book.sheets or not book.sheets[PLAN].rows:
        report.problems.append(
            Problem(sheet_title(PLAN, "fi"), 0, "", "", "sheet.problem.no_plan", "sheet.hint_plan")
        )
    head = read_head(book, town, existing, report)
    plan = PlanBuilder(head, MittariReader(head, catalog, report), report)
    if PLAN in book.sheets:
        plan.add_rows(book.sheets[PLAN].rows)
    for sheet in book.sheets.values():
        for name in sheet.ignored:
            report.notes.append(
                Problem(sheet.title, 0, "", name, "sheet.note.ignored_column", "", {"value": name})
            )
    report.problems = list(dict.fromkeys(report.problems))  # a cell read twice is one problem
    data = {**head.data, "goals": plan.goals_data()}
    if not data["goals"]:
        report.problems.append(
            Problem(sheet_title(PLAN, "fi"), 0, "", "", "sheet.problem.no_goals", "sheet.hint_goal")
        )
    return ImportResult(
        {k: data[k] for k in TOP_ORDER if data.get(k) not in (None, [], {})}, report
    )
