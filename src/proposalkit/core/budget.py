"""Budget math: totals per year, per category, per source, the funder's share, and a
view by the funder's fiscal year (the pack says when it starts; 1 April by default).

Everything is :class:`~decimal.Decimal`; nothing is rounded here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from babel.dates import format_date

from proposalkit.core.dates import add_months
from proposalkit.core.model import Proposal
from proposalkit.core.program import Program

ZERO = Decimal(0)


def _add_into(totals: list[Decimal], amounts: Sequence[Decimal]) -> None:
    # Amount lists may be short or long while a draft is edited: missing years count as
    # zero and extra ones are ignored (validation reports both).
    for i in range(min(len(totals), len(amounts))):
        totals[i] += amounts[i]


def year_amounts(amounts: Sequence[Decimal], years: int) -> list[Decimal]:
    """``amounts`` fitted to ``years`` values: missing years are zero, extra are dropped."""
    out = [ZERO] * years
    _add_into(out, amounts)
    return out


@dataclass(frozen=True)
class FiscalYear:
    """The part of the budget falling in one of the funder's fiscal years (an estimate)."""

    start_year: int
    expenses: Decimal
    funder: Decimal
    months: int
    #: The fiscal year's first month (4: from 1 April to 31 March).
    first_month: int = 4

    @property
    def label(self) -> str:
        """``2018-2019`` for the year from 1 April 2018 to 31 March 2019; ``2018`` when
        fiscal years are calendar years."""
        if self.first_month == 1:
            return str(self.start_year)
        return f"{self.start_year}-{self.start_year + 1}"


@dataclass
class BudgetSummary:
    """All the totals of one proposal's budget."""

    years: int
    expenses_by_year: list[Decimal]
    revenues_by_year: list[Decimal]
    expenses_by_category: dict[str, list[Decimal]]
    #: source id -> nature ("cash" / "in_kind") -> per year
    revenues_by_source: dict[str, dict[str, list[Decimal]]]
    cash_by_year: list[Decimal]
    in_kind_by_year: list[Decimal]
    funder_by_year: list[Decimal]
    share_by_year: list[Decimal]
    fiscal_years: list[FiscalYear] = field(default_factory=list)

    @property
    def expenses_total(self) -> Decimal:
        return sum(self.expenses_by_year, ZERO)

    @property
    def revenues_total(self) -> Decimal:
        return sum(self.revenues_by_year, ZERO)

    @property
    def funder_total(self) -> Decimal:
        return sum(self.funder_by_year, ZERO)

    @property
    def share_total(self) -> Decimal:
        """Revenues counted in the funder's share, over all years."""
        return sum(self.share_by_year, ZERO)

    @property
    def cash_total(self) -> Decimal:
        return sum(self.cash_by_year, ZERO)

    @property
    def in_kind_total(self) -> Decimal:
        return sum(self.in_kind_by_year, ZERO)

    def share_ratio(self, year: int | None = None) -> Decimal | None:
        """The funder's share of the costs (0.6 for 60 %), overall or for one year;
        ``None`` while there are no costs."""
        if year is None:
            costs, share = self.expenses_total, self.share_total
        else:
            costs, share = self.expenses_by_year[year], self.share_by_year[year]
        if costs == 0:
            return None
        return share / costs

    def category_total(self, category: str) -> Decimal:
        return sum(self.expenses_by_category.get(category, ()), ZERO)

    def source_total(self, source: str, nature: str | None = None) -> Decimal:
        natures = self.revenues_by_source.get(source, {})
        keys = [nature] if nature else list(natures)
        return sum((sum(natures.get(k, ()), ZERO) for k in keys), ZERO)


def summarize(program: Program, proposal: Proposal) -> BudgetSummary:
    """Compute every total of ``proposal``'s budget under ``program``."""
    years = program.years
    budget = proposal.budget
    expenses_by_year = [ZERO] * years
    by_category: dict[str, list[Decimal]] = {}
    # One pass per line, each amount added to every total it belongs to: this runs on
    # every keystroke in the GUI, on budgets of thousands of lines.
    for line in budget.expenses:
        category = by_category.get(line.category)
        if category is None:
            category = by_category[line.category] = [ZERO] * years
        for i, amount in enumerate(line.amounts[:years]):
            expenses_by_year[i] += amount
            category[i] += amount

    revenues_by_year = [ZERO] * years
    cash = [ZERO] * years
    in_kind = [ZERO] * years
    funder = [ZERO] * years
    share = [ZERO] * years
    by_source: dict[str, dict[str, list[Decimal]]] = {}
    funder_id = program.funder_source.id
    share_ids = program.share_sources
    for line in budget.revenues:
        natures = by_source.setdefault(line.source, {})
        per_nature = natures.get(line.nature)
        if per_nature is None:
            per_nature = natures[line.nature] = [ZERO] * years
        by_nature = cash if line.nature == "cash" else in_kind
        is_funder = line.source == funder_id
        in_share = line.source in share_ids
        for i, amount in enumerate(line.amounts[:years]):
            revenues_by_year[i] += amount
            by_nature[i] += amount
            per_nature[i] += amount
            if is_funder:
                funder[i] += amount
            if in_share:
                share[i] += amount

    summary = BudgetSummary(
        years=years,
        expenses_by_year=expenses_by_year,
        revenues_by_year=revenues_by_year,
        expenses_by_category=by_category,
        revenues_by_source=by_source,
        cash_by_year=cash,
        in_kind_by_year=in_kind,
        funder_by_year=funder,
        share_by_year=share,
    )
    if budget.start_date is not None:
        summary.fiscal_years = fiscal_years(budget.start_date, expenses_by_year, funder,
                                            program.fiscal_year.first_month,
                                            end=budget.end_date)
    return summary


def year_periods(start: date, years: int) -> list[tuple[date, date]]:
    """The first and last day of each project year, the first starting on ``start``."""
    return [(add_months(start, 12 * year), add_months(start, 12 * (year + 1)) - timedelta(days=1))
            for year in range(years)]


def year_period_labels(start: date, years: int, locale: str) -> list[str]:
    """Each project year as months, e.g. ``juill. 2018 – juin 2019`` (Babel ``locale``)."""
    return [f"{format_date(first, 'MMM y', locale=locale)} – "
            f"{format_date(last, 'MMM y', locale=locale)}"
            for first, last in year_periods(start, years)]


def _fiscal_start(year: int, month: int, first_month: int) -> int:
    return year if month >= first_month else year - 1


def _months(start: date, count: int) -> Iterable[tuple[int, int]]:
    year, month = start.year, start.month
    for _ in range(count):
        yield year, month
        month += 1
        if month == 13:
            year, month = year + 1, 1


def _exact_shares(amounts: Sequence[Decimal],
                  parts: Sequence[dict[int, int]]) -> dict[int, Fraction]:
    # The exact (rational) amount of each fiscal year: project year ``i`` gives
    # ``months / its months`` of its amount to every fiscal year it overlaps.
    shares: dict[int, Fraction] = {}
    for amount, overlap in zip(amounts, parts, strict=False):
        spread = sum(overlap.values())
        for fiscal, months in overlap.items():
            shares[fiscal] = (shares.get(fiscal, Fraction(0))
                              + Fraction(amount) * months / spread)
    return shares


def round_to_cents(exact: dict[int, Fraction], total: Decimal) -> dict[int, Decimal]:
    """``exact`` values rounded to whole cents so that they add up to ``total``.

    Each value is rounded down to the cent, then the cents left over go one by one to the
    values with the largest remainders (largest remainder method). A value that is already
    a whole number of cents has no remainder, so it stays exactly as it is: the leftover
    cents are fewer than the values that have a remainder.
    """
    floors = {key: math.floor(value * 100) for key, value in exact.items()}
    target = round(Fraction(total) * 100)
    left = target - sum(floors.values())
    # Ties go to the earlier fiscal year so the result does not depend on dict order.
    order = sorted(exact, key=lambda key: (-(exact[key] * 100 - floors[key]), key))
    for key in order[:max(left, 0)]:
        floors[key] += 1
    return {key: Decimal(cents).scaleb(-2) for key, cents in floors.items()}


def project_months(start: date, years: int, end: date | None) -> int:
    """How many months of the budget's ``years`` the project covers, from the month of
    ``start`` to the month of ``end`` (counted as the action plan counts them: the month a
    project ends in is one of its months), at most ``12 * years``; all of them without an
    end date, or with one before the start (a finding of its own)."""
    if end is None or end < start:
        return 12 * years
    return min(12 * years, (end.year - start.year) * 12 + end.month - start.month + 1)


def fiscal_years(
    start: date, expenses_by_year: Sequence[Decimal], funder_by_year: Sequence[Decimal],
    first_month: int = 4, *, end: date | None = None,
) -> list[FiscalYear]:
    """Spread each project year evenly over its months from ``start`` and add the months
    up by fiscal year, each starting on the 1st of ``first_month`` (4: 1 April – 31 March,
    the default of packs). An estimate: real spending is rarely even.

    A project year has twelve months, or fewer when the project's ``end`` cuts it short
    (its amount is then spread over the months actually in the project). A budget year
    that starts after the end has no month in the project: it counts none when it holds
    nothing, and keeps its twelve when it holds amounts (the checks report them), so that
    every cent is still shown somewhere.

    The proration is exact (a fiscal year holding 9 months of a 400 000 $ year gets
    300 000 $, not a cent more); only values that are not a whole number of cents are
    rounded, by largest remainder, so each column still adds up to its total to the cent.
    """
    years = len(expenses_by_year)
    covered = project_months(start, years, end)
    months = list(_months(start, 12 * years))
    parts: list[dict[int, int]] = [{} for _ in range(years)]
    count: dict[int, int] = {}
    for year in range(years):
        last = min(12 * (year + 1), covered)
        if last <= 12 * year:  # a budget year after the end
            held = expenses_by_year[year] or (year < len(funder_by_year)
                                              and funder_by_year[year])
            if not held:
                continue
            last = 12 * (year + 1)
        for index in range(12 * year, last):
            fiscal = _fiscal_start(*months[index], first_month)
            overlap = parts[year]
            overlap[fiscal] = overlap.get(fiscal, 0) + 1
            count[fiscal] = count.get(fiscal, 0) + 1
    expenses = round_to_cents(_exact_shares(expenses_by_year, parts),
                              sum(expenses_by_year, ZERO))
    funder = round_to_cents(_exact_shares(funder_by_year, parts), sum(funder_by_year, ZERO))
    return [FiscalYear(fy, expenses.get(fy, ZERO), funder.get(fy, ZERO), n, first_month)
            for fy, n in sorted(count.items())]
