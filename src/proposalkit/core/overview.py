"""What the overview shows, as data (no Qt): the deadline as a countdown, the budget's
figures at a glance (the GUI draws them as charts), the next things to do and the
partners with their letters. Computed from the proposal, its summary and its findings,
so a test compares them with the model without reading pixels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date

from proposalkit.core.budget import ZERO, BudgetSummary
from proposalkit.core.model import Proposal
from proposalkit.core.program import Program
from proposalkit.core.steps import is_missing, step_for, step_ids
from proposalkit.core.validation import SEVERITY_ORDER, Finding
from proposalkit.i18n import Translator


@dataclass(frozen=True)
class Deadline:
    """How far the call's deadline is from ``today``."""

    closed: bool
    days_left: int
    text: str


def deadline(program: Program, today: date, tr: Translator) -> Deadline:
    """The deadline as a countdown ("… 12 days left"), or plainly that the call is
    closed."""
    end = program.deadline_local.date()
    shown = format_date(end, "long", locale=tr.locale)
    days = (end - today).days
    if days < 0:
        return Deadline(True, days, tr.gettext(
            "This call is closed: applications were due on {date}.").format(date=shown))
    if days == 0:
        return Deadline(False, 0, tr.gettext(
            "The call closes today, {date}.").format(date=shown))
    return Deadline(False, days, tr.ngettext(
        "The call closes on {date}: {n} day left.", "The call closes on {date}: {n} days left.",
        days).format(date=shown, n=days))


@dataclass(frozen=True)
class Series:
    """One named row of figures, one value per project year."""

    label: str
    values: list[Decimal]


@dataclass(frozen=True)
class BudgetFigures:
    """The three charts of the overview, as figures."""

    years: int
    #: Revenues per source (cash and in kind together), sources with money only.
    revenues: list[Series]
    #: The funder's share of each year's costs (None while the year has no costs).
    share: list[Decimal | None]
    share_limit: Decimal
    #: The funder's contribution per year, and its cap per year.
    asked: list[Decimal]
    caps: list[Decimal]
    #: The funder as the charts' titles name it (the pack's short name).
    funder: str = ""


def budget_figures(program: Program, summary: BudgetSummary, tr: Translator) -> BudgetFigures:
    """The overview's charts as figures, from the budget summary."""
    revenues = []
    for source in program.revenue_sources:
        natures = summary.revenues_by_source.get(source.id, {})
        values = [sum((natures.get(n, [ZERO] * summary.years)[y] for n in natures), ZERO)
                  for y in range(summary.years)]
        if any(values):
            revenues.append(Series(source.label(tr), values))
    return BudgetFigures(
        years=summary.years,
        revenues=revenues,
        share=[summary.share_ratio(y) for y in range(summary.years)],
        share_limit=program.caps.funder_share_max,
        asked=list(summary.funder_by_year),
        caps=list(program.caps.funder_per_year),
        funder=program.funder_name(tr),
    )


def next_things(program: Program, proposal: Proposal, findings: list[Finding],
                limit: int = 8) -> list[Finding]:
    """The next things to do: what is wrong first, then what is missing, then
    warnings, each in the order of the steps; at most ``limit``."""
    kinds = {rule.code: rule.kind for rule in program.rules}
    order = {step: n for n, step in enumerate(step_ids(program))}

    def rank(finding: Finding) -> tuple[int, int, int]:
        severity = SEVERITY_ORDER[finding.severity] * 2
        if finding.severity == "error" and is_missing(finding, proposal, kinds):
            severity += 1
        return severity, order.get(step_for(finding.location), len(order)), 0

    chosen = [f for f in findings if f.severity != "info"]
    return sorted(chosen, key=rank)[:limit]


@dataclass(frozen=True)
class PartnerLetter:
    """A partner and where its letter of support stands."""

    index: int
    name: str
    attached: bool
    received: bool


def partner_letters(proposal: Proposal, tr: Translator) -> list[PartnerLetter]:
    """Each partner with its letter: attached to the file, received, or neither."""
    attached = {a.id for a in proposal.attachments}  # one pass, not one per partner
    return [PartnerLetter(i, p.name or tr.gettext("Partner {n}").format(n=i + 1),
                          p.letter_attachment_id is not None
                          and p.letter_attachment_id in attached,
                          p.letter_received)
            for i, p in enumerate(proposal.partners)]
