"""The strategy workbook's sheets and columns: keys in code, every header in the text catalog.

A sheet or column is recognised by its header in any of the three languages or by one of
the catalog's aliases (`sheet.alias.<key>`, e.g. Kemi's "Vastuu ja aikataulu" or
"Mittarit, arviointi"), so a town can paste its own table under its own headings.
"""

from __future__ import annotations

import re
from functools import cache

from mittaristo.i18n import LANGS, t

# Sheets in the order the template has them. INSTRUCTIONS and CATALOG are for people only.
INSTRUCTIONS, STRATEGY, DOCUMENTS, DECISIONS, GOALS, PLAN, CATALOG = (
    "instructions", "strategy", "documents", "decisions", "goals", "plan", "catalog",
)  # fmt: skip
SHEETS = (INSTRUCTIONS, STRATEGY, PLAN, GOALS, DOCUMENTS, DECISIONS, CATALOG)
READ_SHEETS = (STRATEGY, PLAN, GOALS, DOCUMENTS, DECISIONS)

# The plan sheet: the first twelve are the shape towns use (goal · sub-goal · action · schedule ·
# owner · mittari · target level · year · follow-up · SDG …); the rest refine or identify.
PLAN_COLUMNS = (
    "goal", "department", "subgoal", "action", "schedule", "owner", "mittari", "target",
    "year", "follow_up", "sdg", "status",
    "indicator", "interpretation", "assumed", "use_owner", "use_schedule", "use_follow_up", "use_sdg",
    "schedule_years", "reason", "note", "baseline", "decision", "history",
    "subgoal_id", "action_id", "mittari_id",
)  # fmt: skip
TOWN_SHAPE = 12  # how many of PLAN_COLUMNS a town fills by hand
GOAL_COLUMNS = ("goal", "department", "subgoal", "id", "name_sv", "name_en", "description", "sdg")
DOCUMENT_COLUMNS = ("title", "source_file", "body", "date", "section", "document")
DECISION_COLUMNS = ("key", "body", "date", "section", "document")
CATALOG_COLUMNS = ("id", "name", "unit", "better", "source")
COLUMNS = {PLAN: PLAN_COLUMNS, GOALS: GOAL_COLUMNS, DOCUMENTS: DOCUMENT_COLUMNS,
           DECISIONS: DECISION_COLUMNS, CATALOG: CATALOG_COLUMNS}  # fmt: skip
# The strategy sheet is label · value rows.
STRATEGY_FIELDS = (
    "municipality", "town", "name_fi", "name_sv", "name_en", "title_fi", "title_sv", "title_en",
    "vision", "values", "period", "adoption", "mid_term", "end", "meetings", "peers",
    "follow_default", "decision_default",
)  # fmt: skip
REQUIRED_PLAN = ("goal",)
STATUSES = ("not_started", "in_progress", "done")


def header(sheet: str, key: str, lang: str) -> str:
    """The header of a column (or the label of a strategy field) in one language."""
    return t(f"sheet.{sheet}.{key}", lang)


def sheet_title(sheet: str, lang: str) -> str:
    return t(f"sheet.name.{sheet}", lang)


def norm(text: object) -> str:
    """Header text as compared: lower case, no punctuation, single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", str(text).lower()).split())


def _aliases(key: str, lang: str) -> list[str]:
    return [a for a in t(f"sheet.alias.{key}", lang).split("|") if a.strip()]


@cache
def header_keys(sheet: str) -> dict[str, str]:
    """Normalised header text (any language, or an alias) → column key."""
    keys = STRATEGY_FIELDS if sheet == STRATEGY else COLUMNS[sheet]
    out: dict[str, str] = {}
    for lang in LANGS:
        for key in keys:
            out.setdefault(norm(header(sheet, key, lang)), key)
    if sheet == PLAN:
        for lang in LANGS:
            for key in keys:
                for alias in _aliases(key, lang):
                    out.setdefault(norm(alias), key)
    return out


@cache
def sheet_keys() -> dict[str, str]:
    """Normalised sheet title (any language) → sheet key."""
    return {norm(sheet_title(s, lang)): s for lang in LANGS for s in SHEETS}


@cache
def status_words() -> dict[str, str]:
    """Action status in words (any language) or as the model writes it → status."""
    out = {s: s for s in STATUSES}
    for lang in LANGS:
        for status in STATUSES:
            for word in t(f"sheet.status.{status}", lang).split("|"):
                out[norm(word)] = status
    return out


def status_word(status: str, lang: str) -> str:
    """The first (the template's) word for an action status."""
    return t(f"sheet.status.{status}", lang).split("|")[0]
