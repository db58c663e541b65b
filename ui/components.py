"""Display pieces for the pages: status badges, the scorecard table, sparklines, banners.

All text from the configuration, the database or users goes through `html.escape`, so a note
or a name with `<script>` in it is shown as text. Tables are real HTML tables with header cells
(screen readers read them; the canvas data grid is not accessible).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

from mittaristo.edits import MittariReport
from mittaristo.formatting import (
    format_indicator_change,
    format_indicator_value,
    format_number,
    format_period,
)
from mittaristo.i18n import STATUS_KEYS, t
from mittaristo.presentation import (
    STATUS_STYLES,
    report_line,
    status_label,
    subgoal_name,
    target_text,
)
from mittaristo.scorecard import ScoreRow, change_since_baseline
from mittaristo.status import Point, RollUp, Status

CSS = """
<style>
.mtr-wrap {overflow-x: auto; max-width: 100%;}
.mtr-table {border-collapse: collapse; width: 100%; font-size: 0.92rem;}
.mtr-table caption {position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;}
.mtr-table th, .mtr-table td {border-bottom: 1px solid #d0d0d0; padding: 0.35rem 0.5rem;
  text-align: left; vertical-align: top;}
.mtr-table th {background: #f3f3f3; color: #1a1a1a;}
.mtr-table td.num {text-align: right; white-space: nowrap;}
.mtr-table td.trend {min-width: 96px; width: 96px; white-space: nowrap;}
.mtr-table th[scope="row"] {min-width: 10rem;}
.mtr-table tr.mtr-subgoal th {text-align: left; background: #f0f2f6; color: #1f2430;}
.mtr-badge {display: inline-block; border: 2px solid; border-radius: 0.8rem; padding: 0 0.5rem;
  background: #ffffff; color: #1a1a1a; white-space: nowrap;}
.mtr-badge .sym {font-weight: 700; margin-right: 0.25rem;}
.mtr-stale {color: #5e5e5e; font-size: 0.85rem;}
.mtr-banner {border: 3px solid #A35F00; background: #fff4e0; color: #1a1a1a; padding: 0.5rem 0.8rem;
  font-weight: 600; margin-bottom: 0.6rem;}
.mtr-rollup {display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.2rem 0 0.6rem 0;}
.mtr-caption {color: #595959; font-size: 0.875rem;}
.mtr-goal {border: 1px solid #d0d0d0; border-radius: 0.5rem; margin: 0 0 1rem 0;}
.mtr-goal > summary {padding: 0.5rem 0.75rem; cursor: pointer; font-weight: 600;}
.mtr-goal[open] > summary {border-bottom: 1px solid #d0d0d0;}
.mtr-goal > .mtr-wrap {padding: 0.25rem 0.75rem 0.75rem 0.75rem;}
.mtr-table a {color: #0b5394; text-decoration: underline;}
/* WCAG 1.4.3: Streamlit's caption (grey at opacity 0.6) is 3.9:1 on white; #595959 at full
   opacity is 7:1 (6.3:1 on the sidebar's grey) */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] small {color: #595959 !important; opacity: 1 !important;}
/* WCAG 2.4.7: a clearly visible focus, sidebar links and every control */
a:focus-visible, button:focus-visible, [role="button"]:focus-visible, input:focus-visible,
summary:focus-visible,
[tabindex]:focus-visible, [data-testid="stSidebarNavLink"]:focus-visible {
  outline: 3px solid #0b5394 !important; outline-offset: 2px;}
</style>
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def status_badge(
    status: Status, lang: str, stale: bool = False, count: int | None = None, late: bool = False
) -> str:
    """Symbol + text + colour; the colour is only the border and the symbol."""
    style = STATUS_STYLES[status]
    label = esc(t(style.text_key, lang) + (f" ({t('late', lang)})" if late else ""))
    prefix = f"{format_number(count, 0, lang)} × " if count is not None else ""
    stale_html = f' <span class="mtr-stale">({esc(t("stale", lang))})</span>' if stale else ""
    return (
        f'<span class="mtr-badge" style="border-color:{style.colour}">'
        f'<span class="sym" aria-hidden="true" style="color:{style.colour}">{style.symbol}</span>'
        f"{prefix}{label}</span>{stale_html}"
    )


def rollup_html(rollup: RollUp, lang: str) -> str:
    """Counts per status of the targets with a level, then apart the followed mittarit
    (reported or not): a reported value is never counted as an achieved target."""

    def badges(counts: dict[Status, int]) -> str:
        return "".join(
            status_badge(Status(key), lang, count=counts[Status(key)])
            for key in STATUS_KEYS
            if counts.get(Status(key), 0)
        )

    followed = badges(rollup.followed)
    if followed:
        label = f'<span class="mtr-stale">{esc(t("rollup_followed", lang))}:</span>'
        followed = f'<span class="mtr-rollup-followed">{label} {followed}</span>'
    return f'<div class="mtr-rollup">{badges(rollup.targets)}{followed}</div>'


SPARK_POINTS = 12  # the last dozen periods: long enough for a trend, short enough to read


def sparkline_svg(points: Sequence[Point], width: int = 90, height: int = 24) -> str:
    """A tiny trend line; decorative (the numbers are in the same row as text)."""
    points = list(points)[-SPARK_POINTS:]
    values = [(i, p.value) for i, p in enumerate(points) if p.value is not None]
    if len(values) < 2:
        return ""
    lo = min(v for _, v in values)
    hi = max(v for _, v in values)
    span = (hi - lo) or 1.0
    n = max(len(points) - 1, 1)
    coords = " ".join(
        f"{2 + i * (width - 4) / n:.1f},{height - 2 - (v - lo) * (height - 4) / span:.1f}"
        for i, v in values
    )
    return (
        f'<svg width="{width}" height="{height}" aria-hidden="true" focusable="false">'
        f'<polyline fill="none" stroke="#0072B2" stroke-width="2" points="{coords}"/></svg>'
    )


def indicator_link(town: str, use_id: str, lang: str) -> str:
    query = urlencode({"kunta": town, "mittari": use_id, "lang": lang, "sivu": "mittari"})
    return f"./mittari?{query}"


def _kind_note(row: ScoreRow, lang: str) -> str:
    if row.kind == "qualitative":
        return f' <span class="mtr-stale">({esc(t("qualitative", lang))})</span>'
    if row.kind == "manual":
        return f' <span class="mtr-stale">({esc(t("manual_entry", lang))})</span>'
    return ""


CAVEAT_ICON = (
    '<svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false" '
    'style="vertical-align:-2px"><circle cx="8" cy="8" r="7" fill="none" stroke="#A35F00" '
    'stroke-width="1.6"/><rect x="7.2" y="3.5" width="1.6" height="6" fill="#A35F00"/>'
    '<rect x="7.2" y="11" width="1.6" height="1.6" fill="#A35F00"/></svg>'
)


def caveat_html(row: ScoreRow, lang: str, disclose: bool = True) -> str:
    """The series' caveat: an icon with text (never the icon alone); in the scorecard a
    native disclosure so the table stays short."""
    if not row.use.note:
        return ""
    label, note = esc(t("caveat_label", lang)), esc(row.use.note)
    if disclose:
        return (
            f'<details class="mtr-caveat"><summary>{CAVEAT_ICON} {esc(t("caveat_short", lang))}'
            f"</summary>{label}: {note}</details>"
        )
    return f'<p class="mtr-caveat">{CAVEAT_ICON} <strong>{label}:</strong> {note}</p>'


def target_words_html(row: ScoreRow, lang: str) -> str:
    """The document's own words for the target, on demand (a native disclosure: keyboard and
    screen-reader accessible without script)."""
    words = row.use.target.text
    shown = f"“{esc(words)}”" if words else esc(t("target_only_mittari", lang))
    return (
        f'<details class="mtr-words"><summary>{esc(t("layer_show_words", lang))}</summary>'
        f"{shown}</details>"
    )


REPORT_CHARS = 160  # an overview row shows the start of a long sentence; the page shows it all


def report_cell_html(item: MittariReport | None, lang: str) -> str:
    """The newest Toteuma report under the status badge: state, date, sentence, who."""
    if item is None:
        return ""
    text = report_line(item.report, lang, item.reported_by, item.period)
    if len(text) > REPORT_CHARS:
        text = text[: REPORT_CHARS - 1].rstrip() + "…"
    label = esc(t("toteuma.label", lang))
    return f'<div class="mtr-stale mtr-report">{label}: {esc(text)}</div>'


def scorecard_row_html(
    row: ScoreRow,
    town: str,
    lang: str,
    note_missing: bool = False,
    report: MittariReport | None = None,
) -> str:
    a = row.assessment
    link = f'<a href="{esc(indicator_link(town, row.use.id, lang))}" target="_self">{esc(row.use.text)}</a>'
    missing = f" <strong>({esc(t('note_missing', lang))})</strong>" if note_missing else ""
    cells = [
        f"{link}{_kind_note(row, lang)}{caveat_html(row, lang)}",
        f'<td class="num">{esc(format_indicator_value(a.latest_value, row.indicator, lang))}</td>',
        f"<td>{esc(format_period(a.latest_period, lang))}</td>",
        f'<td class="num">{esc(format_indicator_change(change_since_baseline(a), row.indicator, lang, unit=False))}</td>',
        f"<td>{esc(target_text(row.use, row.indicator, lang))}{target_words_html(row, lang)}</td>",
        f"<td>{status_badge(a.status, lang, a.stale, late=a.late)}{missing}"
        f"{report_cell_html(report, lang)}</td>",
        f'<td class="trend">{sparkline_svg(row.points)}</td>',
    ]
    return f'<tr><th scope="row">{cells[0]}</th>{"".join(cells[1:])}</tr>'


def scorecard_table_html(
    rows: Sequence[ScoreRow],
    caption: str,
    town: str,
    lang: str,
    missing_notes: set[str] = frozenset(),
    reports: Mapping[str, Sequence[MittariReport]] | None = None,
) -> str:
    """The scorecard of one goal; `reports` (mittari id → the editors' reports, oldest first)
    puts the newest one under each status."""
    headers = [
        "col_indicator",
        "col_latest",
        "col_period",
        "col_change",
        "col_target",
        "col_status",
        "col_trend",
    ]
    head = "".join(f'<th scope="col">{esc(t(h, lang))}</th>' for h in headers)
    parts, shown = [], None
    for r in rows:  # Kemi's goal × department: a header row per sub-goal, so no two rows read alike
        if r.subgoal is not None and r.subgoal is not shown:
            name = esc(subgoal_name(r.subgoal, lang))
            parts.append(
                f'<tr class="mtr-subgoal"><th scope="colgroup" colspan="{len(headers)}">{name}</th></tr>'
            )
        shown = r.subgoal
        mine = (reports or {}).get(r.use.id)
        latest = mine[-1] if mine else None
        parts.append(scorecard_row_html(r, town, lang, r.use.id in missing_notes, latest))
    body = "".join(parts)
    return (
        f'<div class="mtr-wrap"><table class="mtr-table"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def page_head_html(caption: str, lang: str) -> str:
    """The overview's line under its title (the strategy's name and period) and the link to the
    method page, as one block: every Streamlit element costs the browser its own wrapper to
    draw (issue 17), and these two are plain text."""
    head = f'<p class="mtr-caption">{esc(caption)}</p>' if caption else ""
    return head + method_link_html(lang)


def goal_section_html(name: str, rollup: str, summary: str, table: str, *, expanded: bool) -> str:
    """One goal of the overview: its heading, its roll-up and its mittarit's table in a native
    disclosure (`<details>`, opened and closed by the browser itself, keyboard and screen reader
    included) — one markdown block where a heading, a roll-up, an expander and the table were
    four Streamlit elements: 0.1 s less for the browser to draw a first overview (issue 17)."""
    opened = " open" if expanded else ""
    return (
        f"<h2>{esc(name)}</h2>{rollup}"
        f'<details class="mtr-goal"{opened}><summary>{esc(summary)}</summary>{table}</details>'
    )


def goal_without_rows_html(name: str, note: str) -> str:
    """A goal the strategy gives no mittari: its heading and a note, as one block."""
    return f'<h2>{esc(name)}</h2><p class="mtr-caption">{esc(note)}</p>'


def method_link_html(lang: str) -> str:
    """ "How is a status decided?" — the link to the method page (docs/STATUS_METHOD.md)."""
    href = esc(f"./menetelma?{urlencode({'lang': lang, 'sivu': 'menetelma'})}")
    return f'<p class="mtr-stale"><a href="{href}" target="_self">{esc(t("method_link", lang))}</a></p>'


def demo_banner_html(lang: str) -> str:
    return f'<div class="mtr-banner" role="alert">{esc(t("demo_banner", lang))}</div>'


def status_text(status: Status, lang: str) -> str:
    return status_label(status, lang)
