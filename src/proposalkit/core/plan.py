"""The action plan and the indicators, as data the checks, the dossier and the window
share (no Qt): months of the project, who carries an activity, the timeline's periods.

An activity runs at month precision (``"2019-04"`` to ``"2020-03"``). The project period
is the budget's: from the month of its start date to the month of its end date, or, when
no end date is given, to the last month of the program's years. The timeline shows that
period by month (a project of a year or less), by quarter (up to four years) or by year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from proposalkit.core.model import LEAD, Activity, Proposal
from proposalkit.core.program import Program
from proposalkit.core.typography import narrow_groups
from proposalkit.i18n import Translator, facts

#: A month as a number: ``year * 12 + month - 1`` (consecutive months differ by one).
MonthIndex = int


def month_index(text: str) -> MonthIndex | None:
    """``"2019-04"`` as a month number; None for ``""`` or anything else."""
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
        return None
    month = int(text[5:])
    return int(text[:4]) * 12 + month - 1 if 1 <= month <= 12 else None


def month_text(index: MonthIndex) -> str:
    """A month number as ``"2019-04"``."""
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}"


def month_of(day: date) -> MonthIndex:
    """The month a day falls in."""
    return day.year * 12 + day.month - 1


def month_label(index: MonthIndex, tr: Translator) -> str:
    """``avr. 2019`` / ``Apr 2019``: a month as a person reads it (a no-break space
    keeps the year with its month)."""
    from babel.dates import format_date

    year, month = divmod(index, 12)
    return format_date(date(year, month + 1, 1), "MMM y", locale=tr.locale).replace(
        " ", "\u00a0")


def span_label(activity: Activity, tr: Translator) -> str:
    """When an activity runs, in words (``avr. 2019 – mars 2020``); ``—`` for a month
    not given yet."""
    start, end = month_index(activity.start), month_index(activity.end)
    first = month_label(start, tr) if start is not None else "—"
    last = month_label(end, tr) if end is not None else "—"
    return first if start is not None and start == end else f"{first} – {last}"


def project_period(program: Program, proposal: Proposal) -> tuple[MonthIndex, MonthIndex] | None:
    """The project's first and last months, from the budget's dates (the program's
    years when no end date is given); None without a start date or with an end before
    the start."""
    start = proposal.budget.start_date
    if start is None:
        return None
    end = proposal.budget.end_date
    if end is None:
        # The day before the same date ``years`` later: in the month before it when the
        # project starts on the 1st, else in that month (counted, not built as a date:
        # a start near the last date allowed has no date ``years`` later).
        return month_of(start), month_of(start) + 12 * program.years - (start.day == 1)
    if end < start:
        return None
    return month_of(start), month_of(end)


def responsible_name(proposal: Proposal, responsible: str, tr: Translator) -> str:
    """Who carries an activity: the applicant's name, a partner's, or ``""`` when the
    responsible is not named (or names a partner no longer in the proposal)."""
    if responsible == LEAD:
        return proposal.applicant.legal_name.strip() or tr.gettext("The applicant")
    partner = proposal.partner(responsible)
    if partner is None:
        return ""
    return partner.name.strip() or tr.gettext("(partner not named yet)")


def responsible_choices(proposal: Proposal, tr: Translator) -> list[tuple[str, str]]:
    """Who may carry an activity: the applicant, then each partner, as (id, name)."""
    return [(LEAD, responsible_name(proposal, LEAD, tr))] + [
        (p.id, responsible_name(proposal, p.id, tr)) for p in proposal.partners]


def by_axis(program: Program, activities: list[Activity]) -> list[tuple[str, list[int]]]:
    """The activities' indexes grouped by the call's axes, in the pack's order; the
    activities of no known axis come last under ``""`` (all of them, when the call
    names no axes). Groups without activities are left out."""
    known = [axis.id for axis in program.axes]
    groups: dict[str, list[int]] = {axis: [] for axis in known}
    others: list[int] = []
    for index, activity in enumerate(activities):
        groups[activity.axis].append(index) if activity.axis in groups else others.append(index)
    result = [(axis, indexes) for axis, indexes in groups.items() if indexes]
    if others:
        result.append(("", others))
    return result


def axis_label(program: Program, axis: str, tr: Translator) -> str:
    """An axis's label; for activities without a known axis, "Other activities" (or
    "Activities" when the call names no axes)."""
    for choice in program.axes:
        if choice.id == axis:
            return choice.label(tr)
    return tr.gettext("Other activities") if program.axes else tr.gettext("Activities")


@dataclass(frozen=True)
class Period:
    """One column of the timeline: its months (first and last) and its labels."""

    first: MonthIndex
    last: MonthIndex
    #: The column's label (``T1``/``Q1``, the month's initial, the year).
    label: str
    #: The project year's label above its first column (``A1``/``Y1``), else ``""``.
    year: str


#: The most columns of years a timeline has: a longer project (an end date far off,
#: from a file or a typo) gets columns of several years, so the table still fits a page.
MAX_YEAR_COLUMNS = 10


def timeline_periods(start: MonthIndex, end: MonthIndex, tr: Translator) -> list[Period]:
    """The timeline's columns from ``start`` to ``end``: months for a project of at most
    a year, quarters (of the project's years) up to four years, project years beyond (at
    most :data:`MAX_YEAR_COLUMNS` of them: several years a column past ten)."""
    months = end - start + 1
    step = 1 if months <= 12 else 3 if months <= 48 else (
        12 * -(-months // (12 * MAX_YEAR_COLUMNS)))
    periods: list[Period] = []
    for number, first in enumerate(range(start, end + 1, step)):
        year = (first - start) // 12
        if step >= 12:
            label, above = tr.gettext("Y{n}").format(n=year + 1), ""
            last_year = (min(first + step - 1, end) - start) // 12
            if last_year > year:
                label += "–" + tr.gettext("Y{n}").format(n=last_year + 1)
        elif step == 3:
            quarter = (first - start) % 12 // 3
            label = tr.gettext("Q{n}").format(n=quarter + 1)
            above = tr.gettext("Y{n}").format(n=year + 1) if quarter == 0 else ""
        else:
            label = month_label(first, tr)[:1].upper()
            above = str(first // 12) if number == 0 or first % 12 == 0 else ""
        periods.append(Period(first, min(first + step - 1, end), label, above))
    return periods


def covers(activity: Activity, period: Period) -> bool:
    """Whether an activity runs during any month of a period."""
    start, end = month_index(activity.start), month_index(activity.end)
    if start is None or end is None or end < start:
        return False
    return start <= period.last and end >= period.first


def project_year_label(program: Program, proposal: Proposal, year: int,
                       tr: Translator) -> str:
    """``Année 1 (avr. 2019 – mars 2020)`` when the start is known, else ``Année 1``."""
    text = tr.gettext("Year {n}").format(n=year + 1)
    period = project_period(program, proposal)
    if period is None:
        return text
    first = period[0] + 12 * year
    last = min(first + 11, max(period[1], first))
    return f"{text} ({month_label(first, tr)} – {month_label(last, tr)})"


def figure_text(value: Decimal | None, lang: str) -> str:
    """An indicator's figure as the dossier prints it (``1 000 000``, ``12,5``); ``—``
    when not given."""
    if value is None:
        return "—"
    from babel.numbers import format_decimal

    text = format_decimal(value.normalize() if value == value.to_integral() else value,
                          format="#,##0.####", locale=facts(lang).locale)
    return narrow_groups(text, lang)


def parse_month(text: str) -> str:
    """``2019-04``, ``2019-4``, ``04/2019`` or ``4/2019`` as ``"2019-04"``; ``""`` for
    nothing. Raises ValueError otherwise."""
    text = text.strip()
    if not text:
        return ""
    if "/" in text:
        month, _, year = text.partition("/")
    else:
        year, _, month = text.partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        raise ValueError(text)
    return f"{int(year):04d}-{int(month):02d}"
