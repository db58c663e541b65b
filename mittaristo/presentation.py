"""How a status, a target and a value are shown — shared by the pages and the exports.

Status is never colour alone: every status has a symbol (plain text, no emoji font needed), a
text and a colour from the Okabe–Ito colour-blind-safe palette, darkened where needed so the
symbol keeps at least 3:1 contrast on white (WCAG 2.1 non-text contrast).
"""

from __future__ import annotations

from dataclasses import dataclass

from mittaristo.config.model import (
    CatalogIndicator,
    Goal,
    IndicatorUse,
    Provenance,
    Strategy,
    SubGoal,
)
from mittaristo.formatting import (
    format_date,
    format_datetime,
    format_indicator_value,
    format_period,
)
from mittaristo.i18n import t
from mittaristo.status import Report, Status, period_to_year_fraction
from mittaristo.usemeta import use_meta


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


def subgoal_name(subgoal: SubGoal, lang: str) -> str:
    """A sub-goal as a person reads it: its name and, where the strategy says, the department."""
    name = subgoal.name.get(lang)
    return f"{name} ({subgoal.owner})" if subgoal.owner and subgoal.owner not in name else name


def use_label(goal: Goal, subgoal: SubGoal | None, use: IndicatorUse, lang: str) -> str:
    """Goal – sub-goal – mittari: Kemi's goal × department tables repeat mittari texts, so a
    selector or list names the sub-goal too (no two entries read the same)."""
    parts = [goal.name.get(lang), *([subgoal_name(subgoal, lang)] if subgoal else []), use.text]
    return " – ".join(parts)


def status_label(status: Status, lang: str, late: bool = False) -> str:
    """Symbol + text, e.g. "↘ Väärään suuntaan"; "✓ Saavutettu (myöhässä)" when late."""
    style = STATUS_STYLES[status]
    late_text = f" ({t('late', lang)})" if late else ""
    return f"{style.symbol} {t(style.text_key, lang)}{late_text}"


def report_state_text(report: Report, lang: str) -> str:
    """ "Valmis 14.5.2025", "Käynnissä", "Myöhässä", "Arvio: ↗ Oikealla uralla"."""
    if report.state == "done":
        return t("toteuma.done", lang, done=format_date(report.done_on or report.reported_on, lang))
    if report.state == "assessment" and report.judgement is not None:
        return t("toteuma.assessment_judged", lang, label=status_label(report.judgement, lang))
    return t(f"toteuma.{report.state}", lang)


def report_line(report: Report, lang: str, who: str = "", period: str | None = None) -> str:
    """An editor's report as one line (the pages and every export): state and date, the
    sentence, who reported it and when."""
    words = {
        "state": report_state_text(report, lang),
        "period": t("toteuma.period", lang, period=period) if period else "",
        "who": who or "–",
        "reported": format_date(report.reported_on, lang),
    }
    if report.text:
        return t("toteuma.line_text", lang, text=report.text, **words)
    return t("toteuma.line", lang, **words)


def target_text(use: IndicatorUse, indicator: CatalogIndicator | None, lang: str) -> str:
    """The target level in words (the document's own wording is kept in use.target.text)."""
    text = _level_text(use, indicator, lang)
    return f"{text} ({t('target_assumed_mark', lang)})" if use.target.assumed else text


def _level_text(use: IndicatorUse, indicator: CatalogIndicator | None, lang: str) -> str:
    target = use.target
    match target.kind:
        case "at_least" | "at_most":
            value = format_indicator_value(target.value, indicator, lang)
            if target.by is None:  # the document gives no year: none is shown
                return t(f"target_{target.kind}_open", lang, value=value)
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


@dataclass(frozen=True)
class TargetLayers:
    """A target in two layers: what the document says (quoted, with where it says it) and
    how the product reads it (kind, level, year) — the second marked as an interpretation."""

    words: str  # the document's own wording, or that it names only the mittari
    quoted: bool  # False: the document words no target level for this mittari
    source: str  # document, section/table, the decision
    interpretation: str  # kind: level (year), assumed marked
    basis: tuple[str, ...]  # sentences saying where the verdict rests on an interpretation

    def lines(self, lang: str) -> list[str]:
        """The layers as labelled lines for exports and captions."""
        words = f"“{self.words}”" if self.quoted else self.words
        out = [
            f"{t('layer_document', lang)}: {words} ({t('layer_source', lang)}: {self.source})",
            f"{t('layer_interpretation', lang)}: {self.interpretation}",
        ]
        return out + list(self.basis)


def caveat_line(use: IndicatorUse, lang: str) -> str | None:
    """How the series differs from the mittari the document names (the use's `note`), labelled
    — shown next to the chart, in the scorecard and in every export."""
    return f"{t('caveat_label', lang)}: {use.note}" if use.note else None


def use_facts(use: IndicatorUse, strategy: Strategy, lang: str) -> list[tuple[str, str]]:
    """Vastuu, seuranta and the SDG tags as labelled lines (mittaristo.usemeta finds them)."""
    meta = use_meta(use, strategy)
    if meta is None:
        return []
    sdg = ", ".join(str(n) for n in meta.sdg) if meta.sdg else None
    out = [("meta_owner", meta.owner), ("meta_follow_up", meta.follow_up), ("meta_sdg", sdg)]
    return [(t(key, lang), value) for key, value in out if value]


def no_level_set(use: IndicatorUse) -> bool:
    """The document sets no level: a direction or a mittari that is only followed."""
    return use.target.kind in ("direction", "followed")


def target_source(use: IndicatorUse, strategy: Strategy, lang: str) -> str:
    """Where the target's words come from: document, section, deciding body and date."""
    prov: Provenance | None = use.target.provenance
    doc = strategy.documents[0]
    if prov is None:
        prov = doc.adopted_by
    parts = [(prov.document if prov and prov.document else None) or doc.title]
    if prov is not None:
        if prov.section:
            parts.append(prov.section)
        when = format_date(prov.date, lang) if prov.date else t("date_unknown", lang)
        parts.append(t("provenance_line", lang, body=prov.body, date=when))
    return ", ".join(parts)


def target_counts(strategy: Strategy) -> dict[str, int]:
    """Per town: targets, those quoting the document's words, those with an assumed year or
    level, and those whose verdict rests on an interpretation (no level in the document, no
    year, an assumption, or no target words at all) — for the closing note and the method page."""
    uses = [use for _, _, use in strategy.indicator_uses()]

    def interpreted(use: IndicatorUse) -> bool:
        target = use.target
        no_year = target.kind in ("at_least", "at_most") and getattr(target, "by", 0) is None
        return not target.text or no_level_set(use) or no_year or bool(target.assumed)

    return {
        "targets": len(uses),
        "quoted": sum(1 for u in uses if u.target.text),
        "assumed": sum(1 for u in uses if u.target.assumed),
        "interpreted": sum(1 for u in uses if interpreted(u)),
    }


def target_layers(
    use: IndicatorUse, indicator: CatalogIndicator | None, strategy: Strategy, lang: str
) -> TargetLayers:
    target = use.target
    words, quoted = (target.text, True) if target.text else (t("target_only_mittari", lang), False)
    kind = t(f"target_kind_{target.kind}", lang)
    interpretation = f"{kind}: {target_text(use, indicator, lang)}"
    basis: list[str] = []
    if no_level_set(use):
        basis.append(t("target_no_level", lang).capitalize() + ".")
        if target.kind == "direction":
            basis.append(t("verdict_interpretation", lang))
    if getattr(target, "by", 0) is None and target.kind in ("at_least", "at_most"):
        basis.append(t("verdict_no_year", lang, year=strategy.period.end))
    if target.assumed:
        basis.append(t("verdict_assumed", lang, reason=target.assumed))
    source = target_source(use, strategy, lang)
    return TargetLayers(words, quoted, source, interpretation, tuple(basis))


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
        case "kuntatalous":
            codes = "+".join(f"{'-' if t.sign < 0 else ''}{t.code}" for t in src.terms) or "?"
            name = f"Valtiokonttori {src.package} ({codes})"
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


def one_line(text: str) -> str:
    """Control characters (Word's U+000B soft break) as spaces, runs of space as one: a
    stored note shown on one line (the database keeps it as written)."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def source_note_lines(notes: dict[str, str], lang: str) -> list[str]:
    """'Lähdehuomautus (2024): …' for each stored source note of a manual mittari's values,
    newest period first: the same lines on the page and in the exports."""
    ordered = sorted(notes.items(), key=lambda item: period_to_year_fraction(item[0]), reverse=True)
    return [
        t("source_note_line", lang, period=format_period(period, lang), note=one_line(note))
        for period, note in ordered
    ]
