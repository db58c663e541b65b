"""The strategy's own follow-up table, filled: the rows of the XLSX sheet and the PDF section.

Two document shapes are known, decided by the strategy's structure (never by the town's name):

- `departments` — goal × department tables (Kemi): every sub-goal names its department
  (`owner`) and carries the actions and mittarit. Columns: Tavoite · Toimenpiteet · Vastuu ja
  aikataulu · Mittarit, arviointi · Toteuma · SDG; a header row per goal and per department
  (consecutive sub-goals of one department), one row per Tavoite as in the document.
- `actions` — an action plan (Pieksämäki): the goal's Toimenpide rows, each with its mittarit
  (`measures`). Columns: Toimenpide · Aikataulu · Vastuutaho · Mittari · Seuranta · Toteuma;
  a header row per goal and one listing its sub-goals (the document's bullets).

The empty Toteuma column of the document is filled per mittari: the latest value with its unit
and period, the status word, and the editor's newest report (its date, state and sentence) when
there is one; after them, the status an editor last marked for the row's actions in the app
(Toimenpide 2: Valmis, merkitty 2.12.2026, who). A cell with several actions or mittarit numbers them so the lines of neighbouring
cells can be read together. Pure: the writers only lay the rows out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from mittaristo.config.model import Action, Goal, IndicatorUse, Strategy, SubGoal
from mittaristo.edits import ActionRow
from mittaristo.formatting import format_date, format_indicator_value, format_period
from mittaristo.i18n import t
from mittaristo.presentation import target_text
from mittaristo.scorecard import ScoreRow
from mittaristo.status import Report
from reports import common
from reports.context import ReportContext

Layout = Literal["departments", "actions"]
RowKind = Literal["goal", "department", "subgoals", "row"]

HEADER_KEYS: dict[Layout, tuple[str, ...]] = {
    "departments": ("plan_col_goal", "plan_col_actions", "plan_col_owner_schedule",
                    "plan_col_mittarit", "plan_col_toteuma", "plan_col_sdg"),
    "actions": ("plan_col_action", "plan_col_schedule", "plan_col_owner", "plan_col_mittari",
                "plan_col_follow_up", "plan_col_toteuma"),
}  # fmt: skip
# Relative column widths (the XLSX takes them as characters, the PDF as fractions).
WIDTHS: dict[Layout, tuple[float, ...]] = {
    "departments": (30, 40, 26, 40, 44, 22),
    "actions": (40, 12, 26, 40, 22, 44),
}


@dataclass(frozen=True)
class PlanRow:
    """A header row (`goal`, `department`, `subgoals`: one text across the table) or a body
    row (`row`: one text per column, lines separated by "\\n")."""

    kind: RowKind
    cells: tuple[str, ...]


@dataclass(frozen=True)
class PlanTable:
    layout: Layout
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[PlanRow, ...]

    def body(self) -> list[PlanRow]:
        return [r for r in self.rows if r.kind == "row"]


def plan_layout(strategy: Strategy) -> Layout | None:
    """Which of the document shapes the strategy is encoded in (None: neither)."""
    subs = [sub for goal in strategy.goals for sub in goal.subgoals]
    if subs and all(sub.owner for sub in subs) and any(s.indicators or s.actions for s in subs):
        return "departments"
    goal_actions = [act for goal in strategy.goals for act in goal.actions]
    if goal_actions and any(act.measures for act in goal_actions):
        return "actions"
    return None


def numbered(lines: Sequence[str]) -> str:
    """One line per item; numbered when there are several (1. … 2. …)."""
    if len(lines) <= 1:
        return "\n".join(line for line in lines if line)
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1) if line)


def schedule_text(action: Action) -> str:
    sched = action.schedule
    if sched is None:
        return ""
    if sched.text:
        return sched.text
    if sched.start or sched.end:
        return f"{sched.start or ''}–{sched.end or ''}"
    return ""


def owner_schedule(action: Action) -> str:
    """ "Ympäristöjohtaja / 2022", as the document's Vastuu ja aikataulu column."""
    return " / ".join(part for part in (action.owner or "", schedule_text(action)) if part)


def mittari_text(use: IndicatorUse, row: ScoreRow | None, lang: str) -> str:
    """The mittari as the document words it, its target in the document's own words (quoted)
    and the dashboard's reading of it, marked as an interpretation."""
    parts = [use.text]
    words = use.target.text
    if words and words.strip() != use.text.strip():
        parts.append(f"{t('layer_document', lang)}: “{words}”")
    interpretation = target_text(use, row.indicator if row else None, lang)
    parts.append(f"{t('layer_interpretation', lang)}: {interpretation}")
    return " — ".join(parts)


def report_text(report: Report, lang: str) -> str:
    """ "Raportoitu 2.12.2026: valmis 30.11.2026 – “Suunnitelma hyväksyttiin.”" """
    state = t(f"plan_report_{report.state}", lang)
    if report.state == "done":
        state = f"{state} {format_date(report.done_on or report.reported_on, lang)}"
    if report.state == "assessment" and report.judgement is not None:
        state = f"{state}: {common.status_text(report.judgement, lang)}"
    line = t("plan_reported", lang, date=format_date(report.reported_on, lang), state=state)
    return f"{line} – “{report.text}”" if report.text else line


def toteuma_text(
    row: ScoreRow | None, reports: Sequence[Report], lang: str, today: dt.date | None = None
) -> str:
    """Latest value with unit (period) · status word · the editor's newest report (one dated
    after `today` is not yet counted, as in the status engine)."""
    if row is None:
        return ""
    a = row.assessment
    parts = []
    if a.latest_value is not None:
        value = format_indicator_value(a.latest_value, row.indicator, lang)
        parts.append(f"{value} ({format_period(a.latest_period, lang)})")
    parts.append(common.row_status(row, lang))
    mine = sorted(
        (r for r in reports if today is None or r.reported_on <= today), key=lambda r: r.reported_on
    )
    if mine:
        parts.append(report_text(mine[-1], lang))
    return " · ".join(parts)


def action_state_text(row: ActionRow, lang: str, number: int | None = None) -> str | None:
    """The status an editor last marked in the app, dated and signed; None when the action was
    never marked (its status is then only the configuration's, already in the Actions sheet)."""
    if row.state is None:
        return None
    return t(
        "plan_action_state", lang, n=f" {number}" if number else "",
        status=t(f"action_{row.status}", lang),
        date=format_date(row.state.changed_at.date(), lang), who=row.state.changed_by,
    )  # fmt: skip


def _sdg_text(numbers: set[int], lang: str) -> str:
    return "\n".join(f"{n} {t(f'sdg.{n}', lang)}" for n in sorted(numbers))


class _Filler:
    """Rows of one strategy: score rows by mittari, reports by mittari, the language."""

    def __init__(
        self,
        strategy: Strategy,
        rows: Sequence[ScoreRow],
        reports: Mapping[str, Sequence[Report]],
        lang: str,
        today: dt.date | None,
        actions: Mapping[str, ActionRow],
    ):
        self.strategy, self.lang, self.reports, self.today = strategy, lang, reports, today
        self.by_use = {r.use.id: r for r in rows}
        self.marked = actions

    def action_lines(self, acts: Sequence[Action]) -> list[str]:
        """The marked statuses of these actions, numbered as the Toimenpiteet cell when several."""
        out = []
        for i, act in enumerate(acts, start=1):
            row = self.marked.get(act.id)
            line = action_state_text(row, self.lang, i if len(acts) > 1 else None) if row else None
            if line:
                out.append(line)
        return out

    def mittarit(self, uses: Sequence[IndicatorUse]) -> tuple[str, str]:
        """(Mittarit cell, Toteuma cell) for these mittarit, numbered alike."""
        texts = [mittari_text(u, self.by_use.get(u.id), self.lang) for u in uses]
        done = [toteuma_text(self.by_use.get(u.id), self.reports.get(u.id, ()), self.lang,
                             self.today) for u in uses]  # fmt: skip
        return numbered(texts), numbered(done)

    def goal_row(self, goal: Goal, number: int | None = None) -> PlanRow:
        """Kemi's "Strateginen päämäärä: …"; a numbered goal in an action plan ("1. …")."""
        name = goal.name.get(self.lang)
        label = f"{number}. {name}" if number else t("plan_goal", self.lang, goal=name)
        return PlanRow("goal", (label,))

    def departments(self) -> list[PlanRow]:
        out: list[PlanRow] = []
        for goal in self.strategy.goals:
            out.append(self.goal_row(goal))
            department: str | None = None
            for sub in goal.subgoals:
                if sub.owner != department:
                    department = sub.owner
                    out.append(PlanRow("department", (department or "",)))
                out.append(self.subgoal_row(goal, sub))
        return out

    def subgoal_row(self, goal: Goal, sub: SubGoal) -> PlanRow:
        lang = self.lang
        tavoite = sub.name.get(lang)
        if sub.description:
            tavoite = f"{tavoite}\n({sub.description})"
        acts = sub.actions
        mittarit, toteuma = self.mittarit(sub.indicators)
        toteuma = "\n".join(x for x in (toteuma, *self.action_lines(acts)) if x)
        sdg = set(goal.sdg) | set(sub.sdg)
        for act in acts:
            sdg |= set(act.sdg)
        for use in sub.indicators:
            sdg |= set(use.sdg)
        return PlanRow("row", (
            tavoite, numbered([a.text for a in acts]), numbered([owner_schedule(a) for a in acts]),
            mittarit, toteuma, _sdg_text(sdg, lang),
        ))  # fmt: skip

    def actions(self) -> list[PlanRow]:
        out: list[PlanRow] = []
        for number, goal in enumerate(self.strategy.goals, start=1):
            out.append(self.goal_row(goal, number))
            if goal.subgoals:
                bullets = "\n".join(f"• {sub.name.get(self.lang)}" for sub in goal.subgoals)
                out.append(PlanRow("subgoals", (bullets,)))
            uses = {u.id: u for u in goal.indicators}
            for sub in goal.subgoals:
                uses |= {u.id: u for u in sub.indicators}
            acts = [*goal.actions, *(a for sub in goal.subgoals for a in sub.actions)]
            measured: set[str] = set()
            for act in acts:
                mine = [uses[m] for m in act.measures if m in uses]
                measured |= {u.id for u in mine}
                follow = [act.follow_up, *(u.follow_up for u in mine)]
                out.append(
                    self.action_row(act.text, schedule_text(act), act.owner, mine, follow, act)
                )
            for use in uses.values():  # mittarit no Toimenpide row names
                if use.id not in measured:
                    out.append(self.action_row("", use.schedule, use.owner, [use], [use.follow_up]))
        return out

    def action_row(
        self,
        text: str,
        when: str | None,
        owner: str | None,
        uses: Sequence[IndicatorUse],
        follow: Sequence[str | None],
        action: Action | None = None,
    ) -> PlanRow:
        mittarit, toteuma = self.mittarit(uses)
        marked = self.action_lines([action]) if action else []
        toteuma = "\n".join(x for x in (toteuma, *marked) if x)
        seuranta = "\n".join(dict.fromkeys(f for f in follow if f))
        return PlanRow("row", (text, when or "", owner or "", mittarit, seuranta, toteuma))


def build_plan_table(
    strategy: Strategy,
    rows: Sequence[ScoreRow],
    lang: str,
    reports: Mapping[str, Sequence[Report]] | None = None,
    today: dt.date | None = None,
    actions: Sequence[ActionRow] = (),
) -> PlanTable | None:
    """The filled table of a strategy in one of the known shapes (None otherwise).

    `rows` are the scorecard's (one per mittari, judged); `reports` the editors' reports per
    mittari id (milestone reports and assessments), newest used; `actions` the action rows with
    the editors' marked statuses (edits.action_rows)."""
    layout = plan_layout(strategy)
    if layout is None:
        return None
    by_action = {r.action.id: r for r in actions}
    filler = _Filler(strategy, rows, reports or {}, lang, today, by_action)
    body = filler.departments() if layout == "departments" else filler.actions()
    headers = tuple(t(key, lang) for key in HEADER_KEYS[layout])
    return PlanTable(layout, headers, WIDTHS[layout], tuple(body))


def plan_table(ctx: ReportContext) -> PlanTable | None:
    """The report's table: its scorecard rows, the editors' reports and action statuses, in its
    language."""
    reports = {use_id: [item.report for item in items] for use_id, items in ctx.reports.items()}
    return build_plan_table(ctx.strategy, ctx.rows, ctx.lang, reports, ctx.today, ctx.actions)
