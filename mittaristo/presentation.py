"""How a status, a target and a value are shown — shared by the pages and the exports.

Status is never colour alone: every status has a symbol (plain text, no emoji font needed), a
text and a colour from the Okabe–Ito colour-blind-safe palette, darkened where needed so the
symbol keeps at least 3:1 contrast on white (WCAG 2.1 non-text contrast).
"""

from __future__ import annotations

from dataclasses import dataclass

from mittaristo.config.model import CatalogIndicator, IndicatorUse
from mittaristo.formatting import format_date, format_datetime, format_indicator_value
from mittaristo.i18n import t
from mittaristo.status import Status


@dataclass(frozen=True)
class StatusStyle:
    symbol: str
    colour: str  # on white: ≥ 3:1 for the symbol/border
    text_key: str


STATUS_STYLES: dict[Status, StatusStyle] = {
    Status.ACHIEVED: StatusStyle("✓", "#007A5A", "status_achieved"),
    Status.ON_TRACK: StatusStyle("↗", "#0072B2", "status_on_track"),
    Status.TOO_SLOW: StatusStyle("◔", "#A35F00", "status_too_slow"),
    Status.OFF_TRACK: StatusStyle("↘", "#C24100", "status_off_track"),
    Status.MISSED: StatusStyle("✕", "#A3195B", "status_missed"),
    Status.NO_CLEAR_CHANGE: StatusStyle("≈", "#5E5E5E", "status_no_clear_change"),
    Status.NOT_ASSESSABLE: StatusStyle("?", "#6B6B6B", "status_not_assessable"),
    Status.NOT_REPORTED: StatusStyle("⊘", "#7A4B94", "status_not_reported"),
    Status.NO_DATA: StatusStyle("○", "#6B6B6B", "status_no_data"),
    Status.PENDING: StatusStyle("◷", "#595959", "status_pending"),
    Status.REPORTED: StatusStyle("●", "#2F6F8F", "status_reported"),
}

# Series colours for charts (Okabe–Ito): town, target, expected path, peers, country.
CHART_COLOURS = {
    "town": "#0072B2",
    "target": "#D55E00",
    "expected": "#009E73",
    "projection": "#0072B2",
    "peers": "#7F7F7F",
    "country": "#CC79A7",
    "highlight": "#D55E00",
}


def status_label(status: Status, lang: str, late: bool = False) -> str:
    """Symbol + text, e.g. "↘ Väärään suuntaan"; "✓ Saavutettu (myöhässä)" when late."""
    style = STATUS_STYLES[status]
    late_text = f" ({t('late', lang)})" if late else ""
    return f"{style.symbol} {t(style.text_key, lang)}{late_text}"


def target_text(use: IndicatorUse, indicator: CatalogIndicator | None, lang: str) -> str:
    """The target level in words (the document's own wording is kept in use.target.text)."""
    target = use.target
    match target.kind:
        case "at_least" | "at_most":
            value = format_indicator_value(target.value, indicator, lang)
            return t(f"target_{target.kind}", lang, value=value, by=target.by)
        case "direction":
            return t(f"target_{target.direction}", lang)
        case "vs_peers":
            return t(f"target_vs_peers_{target.relation}", lang)
        case "milestone":
            by = format_date(target.by, lang)
            return t("target_milestone", lang, description=target.description, by=by)
        case _:
            return t("target_followed", lang)


def source_name(indicator: CatalogIndicator, lang: str) -> str:
    """The publisher as a reader knows it ("Tilastokeskus"), from the catalog's `[source]`."""
    return t(f"source.{indicator.source.kind}", lang)


def dataset_name(indicator: CatalogIndicator, lang: str) -> str:
    """Table or indicator id as the source names it: StatFin/11re.px, Sotkanet 181."""
    src = indicator.source
    match src.kind:
        case "pxweb":
            return f"{src.database}/{src.table} ({src.measure})"
        case "sotkanet":
            return f"Sotkanet {src.indicator}"
        case "syke":
            name = f"ALas {src.measure}"
            return t("dataset_per_resident", lang, dataset=name) if src.per_resident else name
        case "derived":
            return f"{src.op}({src.of}{', ' + src.denominator if src.denominator else ''})"
        case _:
            return src.entered_by


def source_line(indicator: CatalogIndicator, release: object, fetched: object, lang: str) -> str:
    """Source, table, release day, fetch time (Helsinki) and licence: the line under a chart
    on the page and in every export."""
    return t(
        "source_line", lang, source=source_name(indicator, lang),
        dataset=dataset_name(indicator, lang), release=format_date(release, lang),
        fetched=format_datetime(fetched, lang), license=indicator.license,
    )  # fmt: skip


def chart_source_text(
    indicator: CatalogIndicator, release: object, lang: str, *, demo: bool
) -> str:
    """The one line every chart carries (page, PNG, PPTX, PDF): indicator and unit, source,
    table or indicator id, release day, licence, and the demo mark when the data are demo."""
    unit = indicator.unit.get(lang)
    name = indicator.name.get(lang)
    text = t(
        "chart_source", lang, indicator=f"{name} ({unit})" if unit else name,
        source=source_name(indicator, lang), dataset=dataset_name(indicator, lang),
        release=format_date(release, lang), license=indicator.license,
    )  # fmt: skip
    return f"{t('chart_demo_mark', lang)}. {text}" if demo else text
