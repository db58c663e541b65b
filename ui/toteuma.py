"""Toteuma on the indicator page: the editors' reports shown to everyone, the form to editors.

A milestone gets "done on a date / in progress / late" with a sentence, a qualitative (followed)
mittari a short assessment with an optional judgement — both stored by
mittaristo.edits.record_report (audited). A manual mittari gets a value for a period, stored
through the manual-values path (loaders.manual_entry.record_manual_value: the same checks, load
run and audit as an uploaded file). Viewers see the reports and no control at all.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Literal

import streamlit as st

from mittaristo import edits
from mittaristo.edits import Editor, MittariReport
from mittaristo.edits.mittari_reports import EARLIEST, MAX_PERIOD, MAX_TEXT, MILESTONE_STATES
from mittaristo.formatting import format_indicator_value
from mittaristo.i18n import t
from mittaristo.periods import PeriodError, normalise_period
from mittaristo.presentation import report_line, status_label
from mittaristo.scorecard import ScoreRow
from mittaristo.status import STATUS_ORDER, Status
from mittaristo.status.reports import JUDGEMENTS
from mittaristo.values import ValueRefused, parse_text_number
from ui import queries, review_forms
from ui.components import esc

log = logging.getLogger("mittaristo.edits")
FormKind = Literal["milestone", "assessment", "value"]
# The judgements an editor may give, best first (the order a reader expects in a list).
JUDGEMENT_CHOICES: tuple[str, ...] = tuple(
    str(s) for s in reversed(STATUS_ORDER) if s in JUDGEMENTS
)
MAX_NOTE_CHARS = 200


def form_kind(row: ScoreRow) -> FormKind | None:
    """Which Toteuma an editor records for this mittari (None: it comes from statistics)."""
    if row.use.target.kind == "milestone":
        return "milestone"
    if row.kind == "manual":
        return "value"
    if row.use.target.kind == "followed" and row.indicator is None:
        return "assessment"
    return None


def line(item: MittariReport, lang: str) -> str:
    return report_line(item.report, lang, item.reported_by, item.period)


def reports_html(items: Sequence[MittariReport], lang: str, expect: bool) -> str:
    """The newest report (state, date, sentence, who), the earlier ones on demand; when there
    is none, a sentence saying so where a report is expected (`expect`)."""
    label = f"<strong>{esc(t('toteuma.label', lang))}:</strong>"
    if not items:
        return (
            f'<p class="mtr-toteuma">{label} {esc(t("toteuma.none", lang))}</p>' if expect else ""
        )
    newest, *older = reversed(items)
    out = f'<p class="mtr-toteuma">{label} {esc(line(newest, lang))}</p>'
    if older:
        rows = "".join(f"<li>{esc(line(item, lang))}</li>" for item in older)
        out += (
            f'<details class="mtr-toteuma-history"><summary>{esc(t("toteuma.history", lang))}'
            f"</summary><ul>{rows}</ul></details>"
        )
    return out


def render(row: ScoreRow, town: str, editor: Editor | None, lang: str) -> None:
    """The Toteuma form of this mittari, for a signed-in editor only."""
    kind = form_kind(row)
    if editor is None or kind is None:
        return
    st.header(t("toteuma.form_title", lang))
    if kind == "milestone":
        _milestone_form(row, town, editor, lang)
    elif kind == "assessment":
        _assessment_form(row, town, editor, lang)
    else:
        _value_form(row, town, editor, lang)


def _save_report(row: ScoreRow, town: str, editor: Editor, lang: str, **report: object) -> None:
    strategy = queries.get_config().strategies[town]
    review_forms.save(
        lambda: edits.record_report(
            queries.edits_path(), editor=editor, town=town, mittari_id=row.use.id,
            strategy=strategy, **report,  # type: ignore[arg-type]
        ),
        lang,
        lambda item: f"{t('toteuma.saved', lang)} {line(item, lang)}",
    )  # fmt: skip


def _report_day_period_and_save(key: str, today: dt.date, lang: str) -> tuple[object, str, bool]:
    """The fields every report form ends with: the day it was reported, the period it concerns
    (optional) and the save button. Call inside the form."""
    reported_on = st.date_input(
        t("toteuma.form_reported_on", lang), value=today, min_value=EARLIEST,
        max_value=today, format="DD.MM.YYYY", key=f"toteuma_reported_on_{key}",
    )  # fmt: skip
    period = st.text_input(
        t("toteuma.form_period", lang), max_chars=MAX_PERIOD, key=f"toteuma_period_{key}"
    )
    return reported_on, period, st.form_submit_button(t("toteuma.form_save", lang))


def _milestone_form(row: ScoreRow, town: str, editor: Editor, lang: str) -> None:
    key, today = row.use.id, dt.date.today()
    st.caption(t("toteuma.form_milestone_help", lang))
    with st.form(f"toteuma_form_{key}"):
        state = st.radio(
            t("toteuma.form_state", lang), list(MILESTONE_STATES), key=f"toteuma_state_{key}",
            format_func=lambda s: t("toteuma.state_done" if s == "done" else f"toteuma.{s}", lang),
            horizontal=True,
        )  # fmt: skip
        done_on = st.date_input(
            t("toteuma.form_done_on", lang), value=today, min_value=EARLIEST, max_value=today,
            format="DD.MM.YYYY", key=f"toteuma_done_on_{key}",
        )  # fmt: skip
        text = st.text_area(
            t("toteuma.form_text", lang), max_chars=MAX_TEXT, key=f"toteuma_text_{key}",
            help=t("toteuma.form_text_help", lang),
        )  # fmt: skip
        reported_on, period, submitted = _report_day_period_and_save(key, today, lang)
    if not submitted:
        return
    if state != "done" and not text.strip():
        st.error(t("toteuma.needs_text", lang))
        return
    done = done_on if state == "done" else None
    on = reported_on
    if done is not None and isinstance(on, dt.date) and isinstance(done, dt.date) and done > on:
        on = done  # done later than the report day given: it was reported when it was done
    _save_report(row, town, editor, lang, state=state, reported_on=on, done_on=done,
                 text=text, period=period)  # fmt: skip


def _assessment_form(row: ScoreRow, town: str, editor: Editor, lang: str) -> None:
    key, today = row.use.id, dt.date.today()
    st.caption(t("toteuma.form_assessment_help", lang))
    with st.form(f"toteuma_form_{key}"):
        text = st.text_area(
            t("toteuma.form_assessment_text", lang), max_chars=MAX_TEXT, key=f"toteuma_text_{key}"
        )
        judgement = st.selectbox(
            t("toteuma.form_judgement", lang), ["", *JUDGEMENT_CHOICES],
            key=f"toteuma_judgement_{key}",
            format_func=lambda s: status_label(Status(s), lang) if s else t("toteuma.form_no_judgement", lang),
        )  # fmt: skip
        reported_on, period, submitted = _report_day_period_and_save(key, today, lang)
    if not submitted:
        return
    if not text.strip():
        st.error(t("toteuma.needs_text", lang))
        return
    _save_report(row, town, editor, lang, state="assessment", reported_on=reported_on,
                 judgement=judgement or None, text=text, period=period)  # fmt: skip


def _value_form(row: ScoreRow, town: str, editor: Editor, lang: str) -> None:
    key = row.use.id
    st.caption(t("toteuma.form_value_help", lang))
    with st.form(f"toteuma_form_{key}"):
        raw_value = st.text_input(t("toteuma.form_value", lang), key=f"toteuma_value_{key}")
        raw_period = st.text_input(
            t("toteuma.form_value_period", lang), max_chars=MAX_PERIOD,
            key=f"toteuma_value_period_{key}",
        )  # fmt: skip
        note = st.text_input(
            t("toteuma.form_source_note", lang), max_chars=MAX_NOTE_CHARS,
            key=f"toteuma_source_note_{key}",
        )  # fmt: skip
        submitted = st.form_submit_button(t("toteuma.form_value_save", lang))
    if not submitted or row.indicator is None:
        return
    try:
        value = parse_text_number(raw_value)
    except ValueRefused:
        st.error(t("toteuma.needs_value", lang))
        return
    try:
        period = normalise_period(raw_period.strip())
    except PeriodError:
        st.error(t("toteuma.needs_period", lang))
        return
    _save_value(row, town, editor, lang, (raw_value.strip(), value), period, note)


def _save_value(
    row: ScoreRow,
    town: str,
    editor: Editor,
    lang: str,
    value: tuple[str, float],
    period: str,
    note: str,
) -> None:
    """Store the value as typed (the manual-values parser reads it again, as from a file)."""
    from loaders.base import ImportRejected
    from loaders.manual_entry import record_manual_value

    assert row.indicator is not None
    indicator = row.indicator
    try:
        record_manual_value(
            queries.get_config(), queries.db_path(), editor=editor,
            edits_path=queries.edits_path(), town=town, indicator_id=indicator.id,
            period=period, value=value[0], source_note=note,
        )  # fmt: skip
    except ImportRejected as exc:
        st.error(t("toteuma.value_refused", lang))
        st.code(str(exc), language=None)
        return
    except edits.EditNotAllowed:
        st.error(t("edit_not_allowed", lang))
        return
    except Exception:  # noqa: BLE001 - locked file, disk full...: a sentence, the log has the rest
        log.exception("saving a manual value failed")
        st.error(t("edit_failed", lang))
        return
    shown = format_indicator_value(value[1], indicator, lang)
    st.session_state[review_forms.FLASH_KEY] = t(
        "toteuma.value_saved", lang, value=shown, period=period
    )
    st.rerun()
