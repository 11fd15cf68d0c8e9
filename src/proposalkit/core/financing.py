"""The financing plan: every source of the budget's revenues, where it stands
(confirmed, requested, to be requested), its share of the project's costs, the subtotals
by status and the combined government aid against the call's stacking limit.

The window's revenues step and the dossier's plan read these figures; nothing is rounded
here. Government aid is every source of the pack's ``government`` group (the funder's own
request included: every level counts); the stacking limit is the pack's maximum share rule
over exactly those sources, when it has one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from proposalkit.core.budget import ZERO, BudgetSummary, year_amounts
from proposalkit.core.limits import ShareFigures, share_figures_of
from proposalkit.core.model import FUNDING_STATUSES, Proposal, RevenueLine
from proposalkit.core.program import Program
from proposalkit.i18n import N_, Translator

#: The group of revenue sources that are government aid (every level).
GOVERNMENT = "government"
#: Statuses in the plan's order; ``""`` (not said yet) last.
STATUS_ORDER: tuple[str, ...] = FUNDING_STATUSES + ("",)
#: A status in words (an English msgid), the one wording of the window, the dossier and
#: the workbook.
STATUS_LABELS: dict[str, str] = {
    "confirmed": N_("Confirmed"),
    "requested": N_("Request filed"),
    "to_request": N_("To be requested"),
    "": N_("Status not given"),
}


def status_label(status: str, tr: Translator) -> str:
    """A status in words (``Confirmed``, ``To be requested``…)."""
    return tr.gettext(STATUS_LABELS.get(status, STATUS_LABELS[""]))


def ordered(known: Iterable[str], used: Iterable[str]) -> list[str]:
    """The program's ids in its order, then ids the proposal uses that it does not know."""
    order = list(known)
    for ident in used:
        if ident not in order:
            order.append(ident)
    return order


def government_sources(program: Program) -> frozenset[str]:
    """The ids of the sources the pack puts in its ``government`` group."""
    return program.resolve_sources([GOVERNMENT])


def share_of(amount: Decimal, costs: Decimal) -> Decimal | None:
    """``amount`` as a share of ``costs`` (0.6 for 60 %); None without costs."""
    return None if costs <= 0 else amount / costs


@dataclass(frozen=True)
class PlanLine:
    """One revenue line in the plan."""

    #: Its index in ``proposal.budget.revenues`` (where a finding or a click leads).
    index: int
    line: RevenueLine
    amounts: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)


@dataclass(frozen=True)
class PlanSource:
    """A kind of source (``federal``, ``municipal``…) and its lines, in budget order."""

    source: str
    lines: tuple[PlanLine, ...]
    government: bool

    @property
    def amounts(self) -> tuple[Decimal, ...]:
        return tuple(sum(values, ZERO) for values in zip(*(pl.amounts for pl in self.lines),
                                                          strict=True))

    @property
    def total(self) -> Decimal:
        return sum((pl.total for pl in self.lines), ZERO)


@dataclass(frozen=True)
class FinancingPlan:
    """The plan of one proposal: sources, subtotals by status, government aid."""

    years: int
    #: The project's costs per year (every expense): what each share is of.
    costs: tuple[Decimal, ...]
    sources: tuple[PlanSource, ...]
    #: Status -> money per year, for the statuses some line has (``STATUS_ORDER``).
    by_status: dict[str, tuple[Decimal, ...]]
    #: Government aid of every level per year (the funder's request included).
    government: tuple[Decimal, ...]
    #: The call's stacking limit on government aid, if the pack has one.
    stacking: ShareFigures | None

    @property
    def costs_total(self) -> Decimal:
        return sum(self.costs, ZERO)

    @property
    def government_total(self) -> Decimal:
        return sum(self.government, ZERO)

    def share(self, amount: Decimal) -> Decimal | None:
        """``amount`` as a share of the project's costs over all years."""
        return share_of(amount, self.costs_total)

    def lines(self) -> list[PlanLine]:
        """Every line of the plan, source by source."""
        return [line for source in self.sources for line in source.lines]


def stacking_figures(program: Program, proposal: Proposal, summary: BudgetSummary,
                     tr: Translator) -> ShareFigures | None:
    """The figures of the call's maximum share rule over all government sources."""
    government = government_sources(program)
    if not government:
        return None
    return next((f for f in share_figures_of(program, proposal, summary, tr)
                 if f.bound == "max"
                 and program.resolve_sources(f.rule.sources) == government), None)


def financing_plan(program: Program, proposal: Proposal, summary: BudgetSummary,
                   tr: Translator) -> FinancingPlan:
    """The financing plan of ``proposal`` (sources in the program's order)."""
    years = summary.years
    government = government_sources(program)
    by_source: dict[str, list[PlanLine]] = {}
    for index, line in enumerate(proposal.budget.revenues):
        by_source.setdefault(line.source, []).append(
            PlanLine(index, line, tuple(year_amounts(line.amounts, years))))
    sources = tuple(PlanSource(source, tuple(by_source[source]), source in government)
                    for source in ordered((s.id for s in program.revenue_sources), by_source)
                    if source in by_source)
    by_status: dict[str, list[Decimal]] = {}
    aid = [ZERO] * years
    for source in sources:
        for plan_line in source.lines:
            totals = by_status.setdefault(plan_line.line.status, [ZERO] * years)
            for year, amount in enumerate(plan_line.amounts):
                totals[year] += amount
                if source.government:
                    aid[year] += amount
    return FinancingPlan(
        years=years, costs=tuple(summary.expenses_by_year), sources=sources,
        by_status={s: tuple(by_status[s]) for s in STATUS_ORDER if s in by_status},
        government=tuple(aid),
        stacking=stacking_figures(program, proposal, summary, tr))
