"""Checkers of the project's and the applicant's dates: the project window a call sets
(earliest start, latest end, shortest and longest duration) and the applicant's years of
existence on the call's deadline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from proposalkit.core.check_base import Context, Location, checker
from proposalkit.core.dates import full_years, long_date, period_end
from proposalkit.core.rules import ApplicantAge, ProjectWindow

Found = Iterator[tuple[Location, str]]
START: Location = ("budget", "start_date")
END: Location = ("budget", "end_date")
FOUNDED: Location = ("applicant", "founded")


@checker("project_window")
def _window(ctx: Context, rule: ProjectWindow) -> Found:
    tr = ctx.tr
    budget = ctx.proposal.budget
    start, end = budget.start_date, budget.end_date

    def day(value):  # noqa: ANN001, ANN202 - date -> str
        return long_date(value, tr.locale)

    if start is None:
        yield START, tr.gettext("Give the project's start date: the call sets when a project "
                                "may run.")
    elif rule.earliest_start is not None and start < rule.earliest_start:
        yield START, tr.gettext("The project starts on {start}, before the earliest start "
                                "the call allows ({limit}).").format(
            start=day(start), limit=day(rule.earliest_start))
    needs_end = (rule.latest_end is not None or rule.min_months is not None
                 or rule.max_months is not None)
    if end is None:
        if needs_end:
            yield END, tr.gettext("Give the project's end date: the call sets when a project "
                                  "may end and how long it may last.")
        return
    if start is not None and end < start:
        yield END, tr.gettext("The project ends on {end}, before it starts ({start}).").format(
            end=day(end), start=day(start))
        return
    if rule.latest_end is not None and end > rule.latest_end:
        yield END, tr.gettext("The project ends on {end}, after the latest end the call "
                              "allows ({limit}).").format(end=day(end),
                                                          limit=day(rule.latest_end))
    if start is None:
        return
    # A project of n months runs from its start to the day before the same date n months
    # later (1 April to 31 March is 12 months; from the 15th, to the 14th), or to the last
    # day of that month when it has no such date (dates.period_end).
    if rule.min_months is not None and end < period_end(start, rule.min_months):
        yield END, tr.ngettext(
            "The project runs from {start} to {end}, shorter than the {n} month the call "
            "asks for at least.",
            "The project runs from {start} to {end}, shorter than the {n} months the call "
            "asks for at least.", rule.min_months).format(
            start=day(start), end=day(end), n=rule.min_months)
    longest = rule.max_months
    too_long = longest is not None and end > period_end(start, longest)
    if too_long and longest is not None:
        yield END, tr.ngettext(
            "The project runs from {start} to {end}, longer than the {n} month the call "
            "allows at most.",
            "The project runs from {start} to {end}, longer than the {n} months the call "
            "allows at most.", longest).format(start=day(start), end=day(end), n=longest)
    yield from _budget_years(ctx, start, end, too_long)


def _budget_years(ctx: Context, start: date, end: date, too_long: bool) -> Found:
    """The dates against the budget's years (the pack's ``years``, each of 12 months from
    the start date): a project that ends after its last budget year has months with no
    budget (said once: not again when the project is already longer than the call
    allows); a budget year that starts after the project's end holds no money."""
    tr = ctx.tr
    years = ctx.program.years
    last = period_end(start, 12 * years)
    if end > last:
        if too_long:
            return
        text = (tr.gettext("The project ends on {end}, after its budget's only year, which "
                           "ends on {last}: the months after it have no budget.")
                if years == 1 else
                tr.gettext("The project ends on {end}, after its budget's {n} years, which end "
                           "on {last}: the months after them have no budget."))
        yield END, text.format(end=long_date(end, tr.locale), n=years,
                               last=long_date(last, tr.locale))
        return
    budget = ctx.proposal.budget
    for year in range(1, years):
        first = period_end(start, 12 * year) + timedelta(days=1)
        if first <= end:
            continue
        lines = [("expenses", i, line.amounts) for i, line in enumerate(budget.expenses)]
        lines += [("revenues", i, line.amounts) for i, line in enumerate(budget.revenues)]
        for table, index, amounts in lines:
            if year < len(amounts) and amounts[year] != 0:
                yield ("budget", table, index, "amounts", year), tr.gettext(
                    "Year {n} of the budget starts on {first}, after the project ends "
                    "({end}), yet it holds amounts: end the project later or move them to "
                    "an earlier year.").format(n=year + 1, first=long_date(first, tr.locale),
                                               end=long_date(end, tr.locale))
                break


@checker("applicant_age")
def _age(ctx: Context, rule: ApplicantAge) -> Found:
    applicant = ctx.proposal.applicant
    if rule.legal_forms and applicant.legal_form not in rule.legal_forms:
        return
    tr = ctx.tr
    founded = applicant.founded
    if founded is None:
        yield FOUNDED, tr.gettext("Give the applicant's founding date: the call sets how long "
                                  "an applicant must have existed.")
        return
    on = ctx.program.deadline_local.date()
    years = full_years(founded, on)
    for bound, limit in (("min", rule.min_years), ("max", rule.max_years)):
        if limit is None or (years >= limit if bound == "min" else years <= limit):
            continue
        text = tr.ngettext(
            "The applicant was founded on {founded}: {years} full year of existence on the "
            "deadline ({deadline}).",
            "The applicant was founded on {founded}: {years} full years of existence on the "
            "deadline ({deadline}).", years).format(
            founded=long_date(founded, tr.locale), years=years,
            deadline=long_date(on, tr.locale))
        text += " " + (tr.ngettext("The call asks for at least {n} year.",
                                   "The call asks for at least {n} years.", limit)
                       if bound == "min" else
                       tr.ngettext("The call allows at most {n} year.",
                                   "The call allows at most {n} years.", limit)).format(n=limit)
        yield FOUNDED, text
