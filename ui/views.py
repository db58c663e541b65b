"""Sentences and small texts composed for the indicator and overview pages."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mittaristo.config.model import Strategy
from mittaristo.formatting import format_date, format_indicator_value, format_period
from mittaristo.i18n import t
from mittaristo.presentation import (
    one_line,
    source_line,
    target_layers,
    target_text,
)
from mittaristo.scorecard import ScoreRow
from mittaristo.status import outlook
from mittaristo.tables import indicator_table as _table
from ui import components


def status_line(row: ScoreRow, lang: str) -> str:
    target = components.esc(target_text(row.use, row.indicator, lang))
    a = row.assessment
    badge = components.status_badge(a.status, lang, a.stale, late=a.late)
    return f"{badge} &nbsp; {components.esc(t('col_target', lang))}: {target}"


def use_facts_html(row: ScoreRow, strategy: Strategy, lang: str) -> str:
    """Vastuu · Seuranta · SDG of the mittari, as the document gives them."""
    from mittaristo.presentation import use_facts

    facts = use_facts(row.use, strategy, lang)
    esc = components.esc
    parts = [f"<strong>{esc(k)}:</strong> {esc(v)}" for k, v in facts]
    return f'<p class="mtr-use-facts">{" · ".join(parts)}</p>' if parts else ""


def caveat_html(row: ScoreRow, lang: str) -> str:
    return components.caveat_html(row, lang, disclose=False)


def target_layers_html(row: ScoreRow, strategy: Strategy, lang: str) -> str:
    """The document's words (quoted, with source) and the interpretation, labelled apart."""
    layers = target_layers(row.use, row.indicator, strategy, lang)
    esc = components.esc
    words = f"“{esc(layers.words)}”" if layers.quoted else esc(layers.words)
    basis = "".join(f"<p>{esc(line)}</p>" for line in layers.basis)
    return (
        f'<div class="mtr-target-layers"><p><strong>{esc(t("layer_document", lang))}:</strong> '
        f"{words} <span class='mtr-stale'>({esc(t('layer_source', lang))}: "
        f"{esc(layers.source)})</span></p>"
        f"<p><strong>{esc(t('layer_interpretation', lang))}:</strong> "
        f"{esc(layers.interpretation)}</p>{basis}</div>"
    )


def chart_summary(row: ScoreRow, lang: str) -> str:
    """A text summary of the chart for those who cannot see it."""
    a = row.assessment
    first = row.points[0] if row.points else None
    parts = [t("chart_summary", lang) + ":"]
    if first and a.latest_period:
        first_text = format_indicator_value(first.value, row.indicator, lang)
        latest_text = format_indicator_value(a.latest_value, row.indicator, lang)
        parts.append(
            f"{format_period(first.period, lang)} {first_text} → "
            f"{format_period(a.latest_period, lang)} {latest_text}".rstrip(".")
            + "."
        )
    parts.append(
        f"{t('col_target', lang)}: {target_text(row.use, row.indicator, lang)}".rstrip(".") + "."
    )
    return " ".join(parts)


def indicator_table(
    row, series, strategy: Strategy, lang, show_peers, show_country
) -> pd.DataFrame:
    return _table(
        row, series, town_name=strategy.name.get(lang), peers=strategy.peers, lang=lang,
        show_peers=show_peers, show_country=show_country,
    )  # fmt: skip


def indicator_notes(row: ScoreRow, meta: pd.DataFrame, strategy: Strategy, lang: str) -> list[str]:
    """Source, table, release and fetch time, licence; interpretation; next value."""
    ind = row.indicator
    if ind is None:
        return [row.use.qualitative_reason or ""]
    info = meta[meta["indicator_id"] == ind.id] if not meta.empty else meta
    release = info["release_time"].iloc[0] if len(info) else None
    fetched = info["last_fetched_at"].iloc[0] if len(info) else None
    lines = [source_line(ind, release, fetched, lang)]
    if ind.interpretation:
        lines.append(f"{t('interpretation', lang)}: {ind.interpretation.get(lang)}")
    if getattr(ind.source, "confirmed", True) is False:
        lines.append(t("unconfirmed_code", lang))
    lines += review_warning(row, strategy, lang)
    return lines


def with_source_notes(table: pd.DataFrame, notes: dict[str, str], lang: str) -> pd.DataFrame:
    """The indicator table with a manual value's source note beside it (the CSV and XLSX
    downloads carry the provenance too); unchanged when no value has a note."""
    if not notes:
        return table
    period = t("col_period", lang)
    out = table.copy()
    out[t("report_col_source_note", lang)] = [one_line(notes.get(str(p), "")) for p in out[period]]
    return out


def review_warning(
    row: ScoreRow, strategy: Strategy, lang: str, today: dt.date | None = None
) -> list[str]:
    """Next value (or overdue since), and a warning when none can arrive before the review —
    for every mittari with a series: automatic, manual, irregular and biennial alike."""
    today = today or dt.date.today()
    review = next_review(strategy, today)
    look = outlook(row.assessment, today, review)
    if look.expected is None:  # no value yet: no publication rhythm to project
        return []
    day = format_date(look.expected, lang)
    lines = [t("value_overdue" if look.overdue else "next_value", lang, date=day)]
    if review is not None and look.before_review is False:
        lines.append(t("no_update_before_review", lang, date=format_date(review, lang)))
    return lines


def next_review(strategy: Strategy, today: dt.date | None = None) -> dt.date | None:
    """The next review date (a meeting, the mid-term review or the end) after today."""
    today = today or dt.date.today()
    r = strategy.reviews
    dates = [d for d in (*r.meetings, r.mid_term, r.end) if d and d > today]
    return min(dates) if dates else None
