"""The program's limits as figures for displays: the funder's caps for this applicant
and, for every share rule (rate, stacking, minimum share), the money it counts and the
costs it divides by, per year and in total. The window's gauges and the dossier's caps
table read these, so they follow the pack's rules whatever their number or kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from proposalkit.core.budget import ZERO, BudgetSummary
from proposalkit.core.check_base import Context
from proposalkit.core.checks_budget import _BASES, share_figures
from proposalkit.core.model import Proposal
from proposalkit.core.program import Caps, Program
from proposalkit.core.rules import ShareLimit
from proposalkit.i18n import Translator


@dataclass(frozen=True)
class ShareFigures:
    """One share rule's figures for one proposal."""

    rule: ShareLimit
    #: "max" or "min".
    bound: str
    limit: Decimal
    #: What the sources are (the rule's label, or the funder's aid) and what the share is of.
    label: str
    base_label: str
    amounts: list[Decimal]
    costs: list[Decimal]
    #: Whether this is the funder's own maximum share (the first gauge row).
    is_funder_share: bool

    @property
    def amount_total(self) -> Decimal:
        return sum(self.amounts, ZERO)

    @property
    def costs_total(self) -> Decimal:
        return sum(self.costs, ZERO)

    def ratio(self, year: int | None = None) -> Decimal | None:
        """The share, overall or for one year; None while there are no costs."""
        amount = self.amount_total if year is None else self.amounts[year]
        costs = self.costs_total if year is None else self.costs[year]
        return None if costs <= 0 else amount / costs

    @property
    def whole_project(self) -> bool:
        """Whether the rule is checked over the whole project (``period = "total"``):
        its years are then information, not limits of their own."""
        return self.rule.period == "total"

    def checks(self, year: int | None) -> bool:
        """Whether the rule is checked on this period (a year, or all years for None):
        a whole-project rule on all years only, a yearly rule on each year only."""
        return (year is None) == self.whole_project

    def room(self, year: int | None = None) -> Decimal | None:
        """How much more the sources may bring before the maximum (for a minimum, how far
        above it they are); None on a period the rule does not check."""
        if not self.checks(year):
            return None
        amount = self.amount_total if year is None else self.amounts[year]
        costs = self.costs_total if year is None else self.costs[year]
        room = costs * self.limit - amount
        # + ZERO: a minimum met exactly is 0, never -0.
        return (room if self.bound == "max" else -room) + ZERO

    def breached(self, year: int | None = None) -> bool:
        """Whether the period breaks the limit; a share of no costs at all is a breach of
        a maximum as soon as the sources bring anything (no rate of nothing allows it)."""
        amount = self.amount_total if year is None else self.amounts[year]
        ratio = self.ratio(year)
        if ratio is None:
            return self.bound == "max" and amount > 0
        return ratio > self.limit if self.bound == "max" else ratio < self.limit


def applicant_caps(program: Program, proposal: Proposal | None) -> Caps:
    """The funder's caps for this proposal's applicant (its legal form's case, if any)."""
    if proposal is None:
        return program.caps
    return program.funder_caps(proposal.applicant.legal_form, proposal.applicant.main_activity,
                               proposal.territory or "")


def share_figures_of(program: Program, proposal: Proposal, summary: BudgetSummary,
                     tr: Translator) -> list[ShareFigures]:
    """The figures of every share rule of ``program``, in the pack's order."""
    ctx = Context(program, proposal, summary, date.today(), tr)
    found = []
    for rule in program.share_rules:
        amounts, costs = share_figures(ctx, rule)
        for bound in ("max", "min"):
            limit, _case = ctx.limit(rule, bound)
            if limit is None:
                continue
            found.append(ShareFigures(
                rule, bound, limit,
                program.share_label(rule, tr),
                tr.gettext(_BASES[(rule.base, rule.in_kind_in_base)]),
                amounts, costs, rule is program.funder_share_rule and bound == "max"))
    return found
