"""One cell → one model value: dates, years, SDG lists, codes, schedules, baselines, history.

Each reader returns the value or raises `Bad(message_key, hint_key, **fields)`; the caller
turns that into a problem at the cell. Empty cells are None; "–" (or "-") means "none" where
a column would otherwise take the value of the row's shared column.
"""

from __future__ import annotations

import datetime as dt
import re

from mittaristo.template.columns import status_words
from mittaristo.template.targets import YEAR, normalise, parse_number

NONE_MARKS = frozenset({"–", "-", "—"})
_RANGE = re.compile(r"\b(" + YEAR + r")\s*[-–]\s*(" + YEAR + r")?(?!\d)")
_FROM = re.compile(
    r"\b(" + YEAR + r")\s*(?:alkaen|-|–|lähtien|framåt)|(?:alkaen|från)\s*(" + YEAR + r")\b"
)
_UNTIL = re.compile(r"\b(?:vuoden\s*)?(" + YEAR + r")\s*(?:aikana|loppuun|mennessä)")
_ONE = re.compile(r"\b(" + YEAR + r")\b")
_HISTORY = re.compile(r"^(\d{4}-\d\d-\d\d):\s*(.*?)(?:\s*\[([^\]]+)\])?$")


class Bad(ValueError):
    def __init__(self, message: str, hint: str = "", **fields: object):
        super().__init__(message)
        self.message, self.hint, self.fields = message, hint, fields


def cell_text(row: dict, key: str) -> str:
    """The stripped text of a row's cell ('' when the column or the value is missing)."""
    cell = row.get(key)
    return cell.text.strip() if cell is not None and cell.text else ""


def is_none_mark(text: str) -> bool:
    return text.strip() in NONE_MARKS


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def read_date(value: object) -> dt.date:
    """A date cell, or text 31.12.2024 / 2024-12-31."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    found = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if found:
            d, m, y = map(int, found.groups())
            return dt.date(y, m, d)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Bad("sheet.problem.bad_date", "sheet.hint_date", value=text) from None


def read_year_or_date(value: object) -> int | dt.date:
    """A target year (2025) or a deadline date (a date cell, 31.12.2024)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and float(value).is_integer() and 1990 <= value <= 2100:
        return int(value)
    text = str(value).strip()
    if re.fullmatch(YEAR, text):
        return int(text)
    try:
        return read_date(text)
    except Bad:
        raise Bad("sheet.problem.bad_year", "sheet.hint_year", value=text) from None


def read_sdg(text: str) -> list[int]:
    """SDG 3, 8, 11 → [3, 8, 11]; each 1–17."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    bad = [n for n in numbers if not 1 <= n <= 17]
    if bad or (text.strip() and not numbers):
        raise Bad("sheet.problem.bad_sdg", "sheet.hint_sdg", value=text)
    return numbers


def read_status(text: str) -> str:
    status = status_words().get(" ".join(re.sub(r"[^\w]+", " ", text.lower()).split()))
    if status is None:
        raise Bad("sheet.problem.bad_status", "sheet.hint_status", value=text)
    return status


def schedule_years(text: str) -> tuple[int | None, int | None]:
    """(start, end) years of a schedule in words: 2024 → both; 2022–2023; 2022– or 2022 alkaen
    → start; vuoden 2022 aikana / 2022 loppuun mennessä → end; jatkuva → neither."""
    low = normalise(text)
    found = _RANGE.search(low)
    if found and found.group(2):
        return int(found.group(1)), int(found.group(2))
    found = _UNTIL.search(low)
    if found:
        return None, int(found.group(1))
    found = _FROM.search(low)
    if found:
        return int(found.group(1) or found.group(2)), None
    years = _ONE.findall(low)
    if len(years) == 1:
        return int(years[0]), int(years[0])
    return None, None


def read_schedule_years(text: str) -> tuple[int | None, int | None]:
    """The "Aikataulun vuodet" cell: 2022–2023, 2022–, –2023 or 2024 (exact, no words)."""
    found = re.fullmatch(r"\s*(" + YEAR + r")?\s*([-–])?\s*(" + YEAR + r")?\s*", text)
    if not found or not (found.group(1) or found.group(3)):
        raise Bad("sheet.problem.bad_schedule_years", "sheet.hint_schedule_years", value=text)
    start, dash, end = found.groups()
    start_y = int(start) if start else None
    end_y = int(end) if end else (start_y if not dash else None)
    return start_y, end_y


def format_schedule_years(start: int | None, end: int | None) -> str:
    if start and end and start == end:
        return str(start)
    return f"{start or ''}–{end or ''}"


def read_baseline(text: str) -> dict:
    """2021 or 2021: 123,4 → {period, value?}."""
    found = re.fullmatch(r"\s*(\d{4}(?:Q[1-4]|M\d\d)?)\s*(?::\s*(\S+))?\s*", text)
    if not found:
        raise Bad("sheet.problem.bad_baseline", "sheet.hint_baseline", value=text)
    out: dict = {"period": found.group(1)}
    if found.group(2):
        try:
            out["value"] = parse_number(found.group(2))
        except ValueError:
            raise Bad("sheet.problem.bad_baseline", "sheet.hint_baseline", value=text) from None
    return out


def read_history(text: str) -> list[tuple[dt.date, str, str | None]]:
    """Lines `2023-05-02: the earlier level [P2]` → (changed_on, previous, decision key)."""
    out = []
    for line in lines(text):
        found = _HISTORY.match(line)
        if not found or not found.group(2):
            raise Bad("sheet.problem.bad_history", "sheet.hint_history", value=line)
        out.append((dt.date.fromisoformat(found.group(1)), found.group(2), found.group(3)))
    return out


def read_codes(text: str) -> list[str]:
    """Codes or names separated by commas, semicolons or lines."""
    return [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()]


def read_period(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"\s*(" + YEAR + r")\s*[-–]\s*(" + YEAR + r")\s*", text)
    if not found or int(found.group(2)) < int(found.group(1)):
        raise Bad("sheet.problem.bad_period", "sheet.hint_period", value=text)
    return int(found.group(1)), int(found.group(2))
