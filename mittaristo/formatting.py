"""Numbers, dates, times and statistical periods as a Finnish, Swedish or English reader writes
them: the one formatter of every page, chart, table, status sentence, export and CLI message.

Conventions (Finnish: Kielitoimiston ohjepankki, "Numerot ja numeroilmaukset", "Päiväys",
"Kellonajat" and "Prosenttimerkki", Kotus; Finland Swedish: Svenska skrivregler (Språkrådet)
with the Institute for the Languages of Finland's Finland-Swedish recommendations):
- fi/sv: decimal comma, thousands grouped with a no-break space U+00A0 (a number never breaks
  across lines), the real minus sign U+2212, a no-break space before `%` and every other unit:
  `1 234,5`, `7,9 %`, `1 234 €`. en: decimal point, thousands comma, `7.9%`, `€1,234`; the
  minus is U+2212 in English too (it is the typographic minus, and plotly's axes use it).
- Rounding is half-up, as people round by hand: 2,675 to two decimals is 2,68 (float rounding
  would give 2,67), and a value that rounds to zero has no sign.
- Dates: fi and sv `2.12.2026` (no leading zeros; in Finland the Swedish convention is the
  Finnish one), en `2 December 2026` (British order, as in Finnish government English).
- Times: stored timestamps are naive UTC; whenever a person reads one it is shown in
  Europe/Helsinki time (zoneinfo; the `tzdata` package supplies the rules where the OS has
  none): fi `2.12.2026 klo 14.05`, sv `2.12.2026 kl. 14.05`, en `2 December 2026, 14:05`.
- Periods: `2025` stays; `2025M08` → `elokuu 2025` / `augusti 2025` / `August 2025`;
  `2025Q3` → `3. neljännes 2025` / `3:e kvartalet 2025` / `Q3 2025`. The words (months,
  quarters, "klo") are texts of the catalog (mittaristo/texts/); the marks are rules here.

Own code rather than Babel: the rules are few and fixed, Babel would still need our half-up
rounding, our unit placement and Finland-Swedish dates (its `sv` is Sweden's `2026-12-02`),
and 30 lines here are easier to read than a CLDR dependency. The tests pin every convention
with literal expected strings.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from mittaristo.i18n import t

Lang = Literal["fi", "sv", "en"]

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "\u2013"
HELSINKI = ZoneInfo("Europe/Helsinki")

# (decimal mark, thousands separator, hour–minute separator)
_MARKS: dict[str, tuple[str, str, str]] = {
    "fi": (",", NBSP, "."),
    "sv": (",", NBSP, "."),
    "en": (".", ",", ":"),
}
_CONTEXT = Context(prec=60)


class _Unit(Protocol):
    def get(self, lang: str) -> str: ...


class Measured(Protocol):
    """What a catalog indicator tells about showing its values (CatalogIndicator has both)."""

    @property
    def decimals(self) -> int: ...

    @property
    def unit(self) -> _Unit: ...


def _marks(lang: str) -> tuple[str, str, str]:
    """The language's marks; an unknown language is an error, not a silent English."""
    try:
        return _MARKS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}: expected fi, sv or en") from None


# ------------------------------------------------------------------ numbers


def round_half_up(value: float, decimals: int) -> Decimal:
    """`value` rounded half-up to `decimals` places, from its shortest repr (2.675 → 2.68)."""
    step = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP, context=_CONTEXT)


def _missing(value: object) -> bool:
    """None, NaN, ±inf and pandas' NA/NaT all show as "–"."""
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _group(digits: str, separator: str) -> str:
    """Insert `separator` every three digits from the right: 1234567 → 1 234 567."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def _digits(rounded: Decimal, lang: str) -> str:
    """The absolute value of an already rounded number, grouped, with the decimal mark."""
    decimal_mark, thousands, _ = _marks(lang)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    return _group(whole, thousands) + (decimal_mark + fraction if fraction else "")


def format_number(value: float | None, decimals: int, lang: str) -> str:
    """`value` with `decimals` decimals in `lang`; missing or non-finite values show as "–"."""
    _marks(lang)
    if _missing(value):
        return MISSING
    rounded = round_half_up(float(value), decimals)  # type: ignore[arg-type]
    # A value that rounds to zero has no sign: "−0,0" would suggest a change that is not there.
    return (MINUS if rounded < 0 else "") + _digits(rounded, lang)


def _with_unit(number: str, unit: str, lang: str) -> str:
    """fi/sv `7,9 %`, `1 234 €`; en `7.9%`, `7.9% of budget`, `€1,234`, `€12/resident`."""
    if not unit:
        return number
    if lang == "en" and unit.startswith("%"):
        return number + unit
    if lang == "en" and (unit == "€" or unit.startswith("€/")):
        sign, digits = (MINUS, number[1:]) if number.startswith(MINUS) else ("", number)
        return f"{sign}€{digits}{unit[1:]}"
    return f"{number}{NBSP}{unit}"


def format_value(value: float | None, decimals: int, unit: str, lang: str) -> str:
    """Number with its unit: fi/sv `7,9 %` (no-break space), en `7.9%` and `€1,234`."""
    number = format_number(value, decimals, lang)
    return number if number == MISSING else _with_unit(number, unit, lang)


def format_percent(value: float | None, decimals: int, lang: str) -> str:
    """A share already in percent (7.9 → fi `7,9 %`, en `7.9%`)."""
    return format_value(value, decimals, "%", lang)


def format_change(value: float | None, decimals: int, unit: str, lang: str) -> str:
    """A signed change: `+1,2 %`, `−0,5 %`, `±0,0 %` (the sign of the rounded value)."""
    if _missing(value):
        return MISSING
    rounded = round_half_up(float(value), decimals)  # type: ignore[arg-type]
    sign = "+" if rounded > 0 else (MINUS if rounded < 0 else "±")
    return sign + _with_unit(_digits(rounded, lang), unit, lang)


def format_indicator_value(value: float | None, indicator: Measured | None, lang: str) -> str:
    """A value of a catalog indicator, with its decimals and its unit in `lang`."""
    if indicator is None:
        return format_number(value, 0, lang)
    return format_value(value, indicator.decimals, indicator.unit.get(lang), lang)


def format_indicator_change(
    value: float | None, indicator: Measured | None, lang: str, *, unit: bool = True
) -> str:
    """A change of a catalog indicator's value (with or without the unit)."""
    decimals = indicator.decimals if indicator else 0
    text = indicator.unit.get(lang) if indicator and unit else ""
    return format_change(value, decimals, text, lang)


def plotly_separators(lang: str) -> str:
    """plotly's `separators` (decimal mark, thousands): axis ticks group like the tables."""
    decimal_mark, thousands, _ = _marks(lang)
    return decimal_mark + thousands


def csv_convention(lang: str) -> tuple[str, str, bool]:
    """(field separator, decimal mark, byte order mark) of a CSV for this reader: fi/sv `;`,
    decimal comma and a UTF-8 BOM (what Finnish and Swedish Excel open in columns); en `,`,
    dot, no BOM."""
    decimal_mark = _marks(lang)[0]
    return (";", decimal_mark, True) if decimal_mark == "," else (",", decimal_mark, False)


def plotly_date_tickformat(lang: str, *, yearly: bool) -> str:
    """Tick labels of a date axis: `2024` for yearly ticks, else a month in the language's
    short form (catalog `period.month_tick`: plotly's month names are English, so Finnish and
    Swedish take numbers, fi `5/2024`, sv `2024-05`; English `May 2024`)."""
    _marks(lang)
    return "%Y" if yearly else t("period.month_tick", lang)


# ------------------------------------------------------------------ dates and times


def to_helsinki(when: dt.datetime) -> dt.datetime:
    """A stored time in Helsinki time: naive means UTC (the store keeps UTC)."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    return aware.astimezone(HELSINKI)


def _parse_time(value: object) -> dt.date | dt.datetime | None:
    """A date, a datetime (pandas Timestamp too) or ISO text; None for missing values."""
    if value is None or _is_nat(value):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
    raise TypeError(f"not a date or a time: {value!r}")


def _is_nat(value: object) -> bool:
    """pandas' NaT (and float NaN from an empty frame cell) without importing pandas."""
    return value != value  # only NaT and NaN differ from themselves


def format_date(day: object, lang: str) -> str:
    """fi/sv `2.12.2026`, en `2 December 2026`; a bare year stays a year; a time gives its
    Helsinki day; unreadable text is shown as it is."""
    _marks(lang)
    if isinstance(day, int) and not isinstance(day, bool):
        return str(day)
    try:
        parsed = _parse_time(day)
    except ValueError:
        return str(day)
    if parsed is None:
        return MISSING
    if isinstance(parsed, dt.datetime):
        parsed = to_helsinki(parsed).date()
    if lang == "en":
        return f"{parsed.day} {t(f'month.{parsed.month}', lang)} {parsed.year}"
    return f"{parsed.day}.{parsed.month}.{parsed.year}"


def format_time(when: dt.datetime, lang: str) -> str:
    """Helsinki clock time: fi/sv `9.05`, `14.05`; en `09:05`, `14:05`."""
    local = to_helsinki(when)
    separator = _marks(lang)[2]
    hour = f"{local.hour:02d}" if lang == "en" else str(local.hour)
    return f"{hour}{separator}{local.minute:02d}"


def format_datetime(when: object, lang: str) -> str:
    """A stored time in Helsinki time: fi `2.12.2026 klo 14.05`, sv `2.12.2026 kl. 14.05`,
    en `2 December 2026, 14:05`; a date without a time is shown as a date."""
    try:
        parsed = _parse_time(when)
    except ValueError:
        return str(when)
    if parsed is None:
        return MISSING
    if not isinstance(parsed, dt.datetime):
        return format_date(parsed, lang)
    day = format_date(parsed, lang)
    return t("datetime", lang, date=day, time=format_time(parsed, lang))


# ------------------------------------------------------------------ statistical periods


def _parse_period(period: object) -> tuple[int, int, int] | None:
    """(year, index, periods per year), or None for text that is not a period."""
    # The one import site of the period parser (imported here: mittaristo.status imports this
    # module for its sentences, so a module-level import would be circular).
    from mittaristo.status.periods import parse_period

    if not isinstance(period, str):
        return None
    try:
        return parse_period(period)
    except ValueError:
        return None


def is_period(text: object) -> bool:
    """Whether a text is a statistical period (2025, 2025Q3, 2025M08)."""
    return _parse_period(text) is not None


def format_period(period: object, lang: str) -> str:
    """`2025`, `2025M08` → `elokuu 2025`, `2025Q3` → `3. neljännes 2025` (per language);
    text that is not a statistical period is shown as it is."""
    _marks(lang)
    if not period:
        return MISSING
    parsed = _parse_period(period)
    if parsed is None:
        return str(period)
    year, index, per_year = parsed
    if per_year == 4:
        return t(f"period.quarter_{index}", lang, year=year)
    if per_year == 12:
        return t("period.month", lang, month=t(f"month.{index}", lang), year=year)
    return str(year)
