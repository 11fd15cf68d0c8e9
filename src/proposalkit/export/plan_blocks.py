"""The dossier's action plan and indicators chapters (``[parts] action_plan`` and
``indicators``): the activities grouped by the call's axes, their timeline (a Gantt drawn
as a table of periods with shaded cells, which the PDF, Word and LibreOffice all render),
and the indicators with their baseline and a target per project year.

A part the call does not ask for gives no block; a part asked but still empty says so in
one line, so that a reader sees the chapter exists.
"""

from __future__ import annotations

from proposalkit.core.model import Activity, Proposal
from proposalkit.core.plan import (
    axis_label,
    by_axis,
    covers,
    figure_text,
    project_period,
    project_year_label,
    responsible_name,
    span_label,
    timeline_periods,
)
from proposalkit.core.program import Program
from proposalkit.core.typography import typeset
from proposalkit.export.ir import Block, Column, Heading, PageBreak, Paragraph, Row, Table
from proposalkit.export.text import one_line, user_line
from proposalkit.i18n import Translator


class _Plan:
    """Builds the blocks of the two chapters for one proposal in one language."""

    def __init__(self, program: Program, proposal: Proposal, tr: Translator) -> None:
        self.program = program
        self.proposal = proposal
        self.tr = tr

    def text(self, typed: str) -> str:
        """User text on one line, in the typography of the proposal's language."""
        return user_line(typed, self.proposal.language)

    def axis(self, axis: str) -> str:
        return typeset(one_line(axis_label(self.program, axis, self.tr)), self.tr.lang)

    def title(self, index: int, activity: Activity) -> str:
        return self.text(activity.title) or self.tr.gettext("Activity {n}").format(n=index + 1)

    def grouped_rows(self, cells) -> tuple[tuple[Row, ...], list[int]]:  # noqa: ANN001
        """Body rows: a label row per axis (when the call names axes) then its activities'
        rows from ``cells(index, activity)``; and the activity index of each row (-1 for a
        label row)."""
        rows: list[Row] = []
        origin: list[int] = []
        for axis, indexes in by_axis(self.program, self.proposal.activities):
            if self.program.axes:  # without axes, one group needs no label row
                rows.append(Row((self.axis(axis),), "group"))
                origin.append(-1)
            for index in indexes:
                rows.append(Row(cells(index, self.proposal.activities[index])))
                origin.append(index)
        return tuple(rows), origin

    def activities(self) -> Table:
        _ = self.tr.gettext
        proposal = self.proposal
        rows, _origin = self.grouped_rows(lambda index, activity: (
            self.title(index, activity),
            self.text(responsible_name(proposal, activity.responsible, self.tr)) or "—",
            span_label(activity, self.tr),
            user_line(activity.deliverables, proposal.language),
        ))
        return Table(
            columns=(Column("left", 2.2), Column("left", 1.4), Column("left", 1.2),
                     Column("left", 2.2)),
            header=((_("Activity"), _("Responsible"), _("Period"), _("Deliverables")),),
            body=rows,
            caption=_("Activities of the action plan, grouped by the call's axes.")
            if self.program.axes else _("Activities of the action plan."),
            name="action-plan",
        )

    def timeline(self) -> list[Block]:
        _ = self.tr.gettext
        period = project_period(self.program, self.proposal)
        if period is None:
            return [Paragraph(_("The project's start date is not given yet (budget step): "
                                "the timeline is drawn once it is."), "note")]
        periods = timeline_periods(period[0], period[1], self.tr)
        rows, origin = self.grouped_rows(
            lambda index, activity: (self.title(index, activity),) + ("",) * len(periods))
        shaded = frozenset(
            (number, column + 1)
            for number, index in enumerate(origin) if index >= 0
            for column, part in enumerate(periods)
            if covers(self.proposal.activities[index], part))
        step = periods[0].last - periods[0].first + 1 if periods else 1
        if step > 12:  # a very long project: several years a column, named by their range
            caption = _("Each column is {n} project years.").format(n=step // 12)
        else:
            years = sorted({(p.first - period[0]) // 12 for p in periods})
            legend = "; ".join(
                f"{_('Y{n}').format(n=y + 1)} = "
                + project_year_label(self.program, self.proposal, y, self.tr) for y in years)
            what = {1: _("Each column is a month."), 3: _("Each column is a quarter of a "
                                                          "project year (Q1 to Q4)."),
                    12: _("Each column is a project year.")}[step]
            caption = f"{what} {legend}."
        table = Table(
            columns=(Column("left", 6.0),) + tuple(Column("center", 1.0) for _p in periods),
            header=((_("Activity"),) + tuple(p.year for p in periods),
                    ("",) + tuple(p.label for p in periods)),
            body=rows,
            caption=caption,
            name="timeline",
            shaded=shaded,
        )
        return [table]

    def indicators(self) -> Table:
        _ = self.tr.gettext
        years = self.program.years
        lang = self.tr.lang
        body = []
        for index, indicator in enumerate(self.proposal.indicators):
            targets = list(indicator.targets[:years]) + [None] * (years - len(indicator.targets))
            body.append(Row(
                (self.text(indicator.name) or _("Indicator {n}").format(n=index + 1),
                 self.text(indicator.unit), figure_text(indicator.baseline, lang))
                + tuple(figure_text(t, lang) for t in targets)
                + (self.text(indicator.source),)))
        return Table(
            columns=(Column("left", 2.4), Column("left", 1.0), Column("right"))
            + tuple(Column("right") for _y in range(years)) + (Column("left", 1.8),),
            header=((_("Indicator"), _("Unit"), _("Baseline"))
                    + tuple(_("Year {n}").format(n=y + 1) for y in range(years))
                    + (_("Source of the measure"),),),
            body=tuple(body),
            caption=_("Baseline before the project and target for each project year."),
            name="indicators",
        )


def plan_blocks(program: Program, proposal: Proposal, tr: Translator,
                number: int) -> tuple[list[Block], int]:
    """The action plan and indicators chapters, numbered from ``number``, and how many
    chapters they make (0 when the call asks for neither)."""
    _ = tr.gettext
    plan = _Plan(program, proposal, tr)
    blocks: list[Block] = []
    chapters = 0
    if program.parts.action_plan:
        # The plan's tables and its timeline start a page (after the narrative), as the
        # budget's tables follow them.
        blocks += [PageBreak(), Heading(1, f"{number}. " + _("Activities and timeline"),
                                        "action-plan")]
        if proposal.activities:
            blocks += [Heading(2, f"{number}.1 " + _("Activities"), "action-plan-activities"),
                       plan.activities(),
                       Heading(2, f"{number}.2 " + _("Timeline"), "action-plan-timeline")]
            blocks += plan.timeline()
        else:
            blocks.append(Paragraph(_("No activity is entered yet."), "note"))
        chapters += 1
    if program.parts.indicators:
        chapter = number + chapters
        blocks.append(Heading(1, f"{chapter}. " + _("Indicators of results"), "indicators"))
        if proposal.indicators:
            blocks.append(plan.indicators())
        else:
            blocks.append(Paragraph(_("No indicator is entered yet."), "note"))
        chapters += 1
    return blocks, chapters
