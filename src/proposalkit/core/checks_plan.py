"""Checkers of the action plan and the indicators (``[parts] action_plan`` and
``indicators``): activities inside the project period, every axis of the call covered,
no activity without a responsible; a target per project year, not all zero."""

from __future__ import annotations

from collections.abc import Iterator

from proposalkit.core.check_base import Context, Location, checker
from proposalkit.core.model import LEAD
from proposalkit.core.plan import month_index, month_label, project_period
from proposalkit.core.rules import ActionPlan, Indicators

Found = Iterator[tuple[Location, str]]
ACTIVITIES: Location = ("activities",)
INDICATORS: Location = ("indicators",)


def _too_few(where: Location, message: str, count: int, least: int) -> Found:
    # The list holds fewer items than the rule asks for (``message`` in the language).
    if count < least:
        yield where, message.format(count=count, n=least)


@checker("action_plan")
def _action_plan(ctx: Context, rule: ActionPlan) -> Found:
    tr = ctx.tr
    program, proposal = ctx.program, ctx.proposal
    if not program.parts.action_plan:
        return
    activities = proposal.activities
    yield from _too_few(ACTIVITIES, tr.ngettext(
        "The action plan has {count} activity; the call asks for at least {n}.",
        "The action plan has {count} activities; the call asks for at least {n}.",
        len(activities)), len(activities), rule.min_activities)
    period = project_period(program, proposal)
    partners = {p.id for p in proposal.partners}
    for index, activity in enumerate(activities):
        where: Location = ("activities", index)
        name = activity.title.strip() or tr.gettext("Activity {n}").format(n=index + 1)
        if not activity.title.strip():
            yield (*where, "title"), tr.gettext("Give activity {n} a title.").format(
                n=index + 1)
        if not activity.responsible:
            yield (*where, "responsible"), tr.gettext(
                "Name who carries “{activity}”: the applicant or one of its partners."
            ).format(activity=name)
        elif activity.responsible != LEAD and activity.responsible not in partners:
            yield (*where, "responsible"), tr.gettext(
                "“{activity}” is carried by a partner no longer in the proposal: choose "
                "the applicant or one of its partners.").format(activity=name)
        if program.axes and activity.axis not in {a.id for a in program.axes}:
            yield (*where, "axis"), tr.gettext(
                "Choose the call's axis that “{activity}” serves.").format(activity=name)
        start, end = month_index(activity.start), month_index(activity.end)
        if start is None:
            yield (*where, "start"), tr.gettext(
                "Give the month “{activity}” starts.").format(activity=name)
        if end is None:
            yield (*where, "end"), tr.gettext(
                "Give the month “{activity}” ends.").format(activity=name)
        if start is None or end is None:
            continue
        if end < start:
            yield (*where, "end"), tr.gettext(
                "“{activity}” ends ({end}) before it starts ({start}).").format(
                activity=name, end=month_label(end, tr), start=month_label(start, tr))
            continue
        if period is None:
            continue
        first, last = period
        if start < first:
            yield (*where, "start"), tr.gettext(
                "“{activity}” starts in {start}, before the project ({first}).").format(
                activity=name, start=month_label(start, tr), first=month_label(first, tr))
        if end > last:
            yield (*where, "end"), tr.gettext(
                "“{activity}” ends in {end}, after the project ({last}).").format(
                activity=name, end=month_label(end, tr), last=month_label(last, tr))
    if rule.axes_covered and activities:
        served = {a.axis for a in activities}
        for axis in program.axes:
            if axis.id not in served:
                yield ACTIVITIES, tr.gettext(
                    "No activity serves the call's axis “{axis}”.").format(
                    axis=axis.label(tr))


@checker("indicators")
def _indicators(ctx: Context, rule: Indicators) -> Found:
    tr = ctx.tr
    if not ctx.program.parts.indicators:
        return
    indicators = ctx.proposal.indicators
    yield from _too_few(INDICATORS, tr.ngettext(
        "The project has {count} indicator; the call asks for at least {n}.",
        "The project has {count} indicators; the call asks for at least {n}.",
        len(indicators)), len(indicators), rule.min_indicators)
    years = ctx.program.years
    for index, indicator in enumerate(indicators):
        where: Location = ("indicators", index)
        name = indicator.name.strip() or tr.gettext("Indicator {n}").format(n=index + 1)
        if not indicator.name.strip():
            yield (*where, "name"), tr.gettext("Give indicator {n} a name.").format(
                n=index + 1)
        if not indicator.unit.strip():
            yield (*where, "unit"), tr.gettext(
                "Give the unit “{indicator}” is measured in.").format(indicator=name)
        targets = list(indicator.targets[:years]) + [None] * (years - len(indicator.targets))
        missing = [year for year, target in enumerate(targets) if target is None]
        if missing:
            yield (*where, "targets"), tr.gettext(
                "Give “{indicator}” a target for {years}.").format(
                indicator=name, years=", ".join(ctx.year(y) for y in missing))
        elif all(target == 0 for target in targets):
            yield (*where, "targets"), tr.gettext(
                "Every target of “{indicator}” is zero: give the results the project "
                "aims for.").format(indicator=name)
