"""Checkers of the money rules: amount and share limits over sets of sources, category
limits, eligibility and nature of lines, balance, years, partners' money."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from proposalkit.core.budget import ZERO, year_amounts
from proposalkit.core.check_base import Context, Location, checker
from proposalkit.core.names import named
from proposalkit.core.rules import (
    AmountLimit,
    CategoryLimit,
    IneligibleExpense,
    ProjectSize,
    RuleBase,
    ShareLimit,
    SourceNature,
)
from proposalkit.i18n import N_

Found = Iterator[tuple[Location, str]]


def _per_year(limit: Decimal | list[Decimal], years: int) -> list[Decimal]:
    return list(limit) if isinstance(limit, list) else [limit] * years


#: Messages of amount limits by (funder alone, bound, over all years).
_AMOUNT_TEMPLATES = {
    (True, "max", False): N_("The contribution requested in {year} is {asked}, above the cap "
                             "of {cap} by {over}."),
    (True, "min", False): N_("The contribution requested in {year} is {asked}, below the "
                             "minimum of {cap} by {over}."),
    (True, "max", True): N_("The contribution requested over all years is {asked}, above "
                            "the cap of {cap} by {over}."),
    (True, "min", True): N_("The contribution requested over all years is {asked}, below "
                            "the minimum of {cap} by {over}."),
    (False, "max", False): N_("Revenues from {what} in {year} are {asked}, above the cap of "
                              "{cap} by {over}."),
    (False, "min", False): N_("Revenues from {what} in {year} are {asked}, below the minimum "
                              "of {cap} by {over}."),
    (False, "max", True): N_("Revenues from {what} over all years are {asked}, above the "
                             "cap of {cap} by {over}."),
    (False, "min", True): N_("Revenues from {what} over all years are {asked}, below the "
                             "minimum of {cap} by {over}."),
}


@checker("amount_limit")
def _amount(ctx: Context, rule: AmountLimit) -> Found:
    ids = ctx.sources(rule.sources)
    funder = ctx.is_funder_only(rule.sources)
    where = ctx.first_line(ids)
    asked = ctx.summary.funder_by_year if funder else ctx.by_year(ids)
    what = ctx.sources_label(rule.sources)
    for bound in ("max", "min"):
        limit, _case = ctx.limit(rule, bound)
        if limit is None:
            continue
        periods: list[tuple[int | None, Decimal, Decimal]]
        if rule.period == "total":
            periods = [(None, sum(asked, ZERO), limit)]
        else:
            periods = [(y, value, cap) for y, (value, cap) in enumerate(
                zip(asked, _per_year(limit, ctx.summary.years), strict=False))]
        for year, value, cap in periods:
            if not (value > cap if bound == "max" else value < cap):
                continue
            text = ctx.tr.gettext(_AMOUNT_TEMPLATES[(funder, bound, year is None)]).format(
                what=what, year="" if year is None else ctx.year(year), asked=ctx.money(value),
                cap=ctx.money(cap), over=ctx.money(abs(value - cap)))
            at = where + ("amounts", year) if year is not None and len(where) == 3 else where
            yield at, text


#: What the share is of, per base and whether in-kind counts in it.
_BASES = {
    ("total_costs", True): N_("the project's costs"),
    ("total_costs", False): N_("the project's costs without in-kind contributions"),
    ("eligible_costs", True): N_("the eligible costs"),
    ("eligible_costs", False): N_("the eligible costs without in-kind contributions"),
}


def base_by_year(ctx: Context, rule: ShareLimit | ProjectSize) -> list[Decimal]:
    """The costs a share rule divides by (or a size rule adds up), per project year."""
    summary = ctx.summary
    if rule.base == "eligible_costs":
        ineligible = {c.id for c in ctx.program.expense_categories if not c.eligible}
        costs = [ZERO] * summary.years
        for category, amounts in summary.expenses_by_category.items():
            if category in ineligible:
                continue
            for year, amount in enumerate(amounts):
                costs[year] += amount
    else:
        costs = list(summary.expenses_by_year)
    if not rule.in_kind_in_base:
        costs = [c - k for c, k in zip(costs, summary.in_kind_by_year, strict=True)]
    return costs


#: What a project size counts (the start of its message), likewise.
_SIZE_BASES = {
    ("total_costs", True): N_("The project's costs"),
    ("total_costs", False): N_("The project's costs without in-kind contributions"),
    ("eligible_costs", True): N_("The project's eligible costs"),
    ("eligible_costs", False): N_("The project's eligible costs without in-kind "
                                  "contributions"),
}


def share_figures(ctx: Context, rule: ShareLimit) -> tuple[list[Decimal], list[Decimal]]:
    """(money from the rule's sources, costs) per project year."""
    ids = ctx.sources(rule.sources)
    if rule.nature == "any" and ids == ctx.program.share_sources:
        amounts = list(ctx.summary.share_by_year)
    else:
        amounts = ctx.by_year(ids, rule.nature)
    return amounts, base_by_year(ctx, rule)


@checker("share_limit")
def _share(ctx: Context, rule: ShareLimit) -> Found:
    amounts, costs = share_figures(ctx, rule)
    where = ctx.first_line(ctx.sources(rule.sources))
    what = ctx.program.share_label(rule, ctx.tr)
    base = ctx.tr.gettext(_BASES[(rule.base, rule.in_kind_in_base)])
    periods: list[tuple[int | None, Decimal, Decimal]]
    if rule.period == "total":
        periods = [(None, sum(amounts, ZERO), sum(costs, ZERO))]
    else:
        periods = [(y, amounts[y], costs[y]) for y in range(ctx.summary.years)]
    for bound in ("max", "min"):
        limit, case = ctx.limit(rule, bound)
        if limit is None:
            continue
        for year, amount, cost in periods:
            at = where + ("amounts", year) if year is not None and len(where) == 3 else where
            if cost <= 0:
                # A share of nothing: any money at all is past a maximum (20 000 $ asked
                # against no eligible cost is not "no finding").
                if bound == "max" and amount > 0:
                    text = ctx.tr.gettext(
                        "{what} is {amount}, but {base} are {costs}: no share of them can be "
                        "paid (the maximum is {limit}).").format(
                        what=what, amount=ctx.money(amount), base=base,
                        costs=ctx.money(cost), limit=ctx.share(ZERO, limit)[1])
                    if year is not None:
                        text = ctx.tr.gettext("{sentence} ({year})").format(
                            sentence=text, year=ctx.year(year))
                    yield at, text
                continue
            ratio = amount / cost
            if (ratio <= limit) if bound == "max" else (ratio >= limit):
                continue
            share, limit_text = ctx.share(ratio, limit)
            if case is not None:
                # Name what the case is about: the legal form, the main activity, or both.
                limit_text += " (" + ctx.case_label(case) + ")"
            template = (N_("{what} is {share} of {base} ({amount} of {costs}); the maximum is "
                           "{limit}, that is {allowed}.") if bound == "max" else
                        N_("{what} is {share} of {base} ({amount} of {costs}); the minimum is "
                           "{limit}, that is {allowed}."))
            text = ctx.tr.gettext(template).format(
                what=what, share=share, base=base, amount=ctx.money(amount),
                costs=ctx.money(cost), limit=limit_text, allowed=ctx.money(cost * limit))
            if year is not None:
                text = ctx.tr.gettext("{sentence} ({year})").format(
                    sentence=text, year=ctx.year(year))
            yield at, text


@checker("project_size")
def _size(ctx: Context, rule: ProjectSize) -> Found:
    costs = sum(base_by_year(ctx, rule), ZERO)
    base = ctx.tr.gettext(_SIZE_BASES[(rule.base, rule.in_kind_in_base)])
    for bound in ("min", "max"):
        limit, case = ctx.limit(rule, bound)
        if limit is None or (costs >= limit if bound == "min" else costs <= limit):
            continue
        limit_text = ctx.money(limit)
        if case is not None:
            limit_text += " (" + ctx.case_label(case) + ")"
        template = (N_("{base} over all years are {costs}, below the minimum project size "
                       "of {limit} by {gap}.") if bound == "min" else
                    N_("{base} over all years are {costs}, above the maximum project size "
                       "of {limit} by {gap}."))
        yield ("budget", "expenses"), ctx.tr.gettext(template).format(
            base=base, costs=ctx.money(costs), limit=limit_text,
            gap=ctx.money(abs(costs - limit)))


@checker("category_limit")
def _category(ctx: Context, rule: CategoryLimit) -> Found:
    summary = ctx.summary
    spent = [ZERO] * summary.years
    for category in rule.categories:
        for index, value in enumerate(summary.expenses_by_category.get(category, ())):
            spent[index] += value
    names = ", ".join(ctx.program.label("expense_categories", c, ctx.tr)
                      for c in rule.categories)
    where = ctx.first_expense(rule.categories)
    periods: list[tuple[int | None, Decimal, Decimal]]
    if rule.period == "total":
        periods = [(None, sum(spent, ZERO), summary.expenses_total)]
    else:
        periods = [(y, spent[y], summary.expenses_by_year[y]) for y in range(summary.years)]
    tr = ctx.tr
    max_amount, amount_case = ctx.limit(rule, "max_amount")
    max_share, share_case = ctx.limit(rule, "max_share")
    for year, amount, costs in periods:
        texts = []
        if max_amount is not None and amount > max_amount:
            limit = ctx.money(max_amount)
            if amount_case is not None:
                limit += " (" + ctx.case_label(amount_case) + ")"
            texts.append(tr.gettext("Expenses for {categories} are {amount}, above the limit "
                                    "of {limit} by {over}.").format(
                categories=names, amount=ctx.money(amount), limit=limit,
                over=ctx.money(amount - max_amount)))
        if max_share is not None and costs > 0 and amount / costs > max_share:
            share, limit = ctx.share(amount / costs, max_share)
            if share_case is not None:
                limit += " (" + ctx.case_label(share_case) + ")"
            texts.append(tr.gettext(
                "Expenses for {categories} are {share} of the project's costs ({amount} of "
                "{costs}); the maximum is {limit}, that is {allowed}.").format(
                categories=names, share=share, amount=ctx.money(amount),
                costs=ctx.money(costs), limit=limit, allowed=ctx.money(costs * max_share)))
        for text in texts:
            if year is not None:
                text = tr.gettext("{sentence} ({year})").format(sentence=text,
                                                               year=ctx.year(year))
            yield (where + ("amounts", year) if year is not None and len(where) == 3
                   else where), text


@checker("ineligible_expense")
def _ineligible(ctx: Context, rule: IneligibleExpense) -> Found:
    ineligible = {c.id for c in ctx.program.expense_categories if not c.eligible}
    for index, line in enumerate(ctx.proposal.budget.expenses):
        if line.category in ineligible:
            yield (("budget", "expenses", index, "category"), ctx.tr.gettext(
                "Expense line {n} ({category}) is not an eligible expense of this program; it "
                "is left out of the eligible costs.").format(
                n=index + 1, category=ctx.program.label("expense_categories", line.category,
                                                        ctx.tr)))


@checker("source_nature")
def _nature(ctx: Context, rule: SourceNature) -> Found:
    ids = ctx.sources(rule.sources)
    template = (N_("Revenue line {n} ({source}) is in kind, but this source can only be "
                   "cash.") if rule.nature == "cash" else
                N_("Revenue line {n} ({source}) is cash, but this source can only be in "
                   "kind."))
    for index, line in enumerate(ctx.proposal.budget.revenues):
        if line.source in ids and line.nature != rule.nature:
            yield (("budget", "revenues", index, "nature"), ctx.tr.gettext(template).format(
                n=index + 1, source=ctx.program.label("revenue_sources", line.source, ctx.tr)))


@checker("budget_balanced")
def _balanced(ctx: Context, rule: RuleBase) -> Found:
    summary = ctx.summary
    if not ctx.proposal.budget.expenses:
        yield ("budget", "expenses"), ctx.tr.gettext("The budget has no expenses yet.")
        return
    for year in range(summary.years):
        expenses, revenues = summary.expenses_by_year[year], summary.revenues_by_year[year]
        if expenses != revenues:
            gap = revenues - expenses
            template = (
                N_("In {year}, revenues ({revenues}) fall short of expenses ({expenses}) by {gap}.")
                if gap < 0
                else N_("In {year}, revenues ({revenues}) exceed expenses ({expenses}) by {gap}.")
            )
            yield (
                ("budget", "revenues"),
                ctx.tr.gettext(template).format(
                    year=ctx.year(year),
                    revenues=ctx.money(revenues),
                    expenses=ctx.money(expenses),
                    gap=ctx.money(abs(gap)),
                ),
            )


@checker("budget_years")
def _years(ctx: Context, rule: RuleBase) -> Found:
    years = ctx.program.years
    categories = {c.id for c in ctx.program.expense_categories}
    sources = {s.id for s in ctx.program.revenue_sources}
    tr = ctx.tr
    wrong_count = N_("This line has {count} yearly amounts; the program has {years} years.")
    for index, line in enumerate(ctx.proposal.budget.expenses):
        where: Location = ("budget", "expenses", index)
        if len(line.amounts) != years:
            yield where, tr.gettext(wrong_count).format(count=len(line.amounts), years=years)
        if line.category not in categories:
            yield (
                where + ("category",),
                tr.gettext("Expense line {n} has no category of this program.").format(n=index + 1),
            )
    for index, revenue in enumerate(ctx.proposal.budget.revenues):
        where = ("budget", "revenues", index)
        if len(revenue.amounts) != years:
            yield where, tr.gettext(wrong_count).format(count=len(revenue.amounts), years=years)
        if revenue.source not in sources:
            yield (
                where + ("source",),
                tr.gettext("Revenue line {n} has no source type of this program.").format(
                    n=index + 1
                ),
            )
    for index, partner in enumerate(ctx.proposal.partners):
        for amounts in (partner.cash, partner.in_kind):
            if amounts and len(amounts) != years:
                yield (
                    ("partners", index),
                    tr.gettext(wrong_count).format(count=len(amounts), years=years),
                )


@checker("partner_contributions_in_revenues")
def _partner_funds(ctx: Context, rule: RuleBase) -> Found:
    years = ctx.program.years
    proposal = ctx.proposal
    linked: dict[tuple[str, str], list[Decimal]] = {}
    partner_ids = {p.id for p in proposal.partners}
    for index, line in enumerate(proposal.budget.revenues):
        if line.partner_id is None:
            continue
        if line.partner_id not in partner_ids:
            yield (
                ("budget", "revenues", index),
                ctx.tr.gettext(
                    "Revenue line {n} names a partner that is no longer in the proposal."
                ).format(n=index + 1),
            )
            continue
        totals = linked.setdefault((line.partner_id, line.nature), [ZERO] * years)
        for year, amount in enumerate(year_amounts(line.amounts, years)):
            totals[year] += amount
    labels = {"cash": N_("cash"), "in_kind": N_("in kind")}
    for index, partner in enumerate(proposal.partners):
        for nature, amounts in (("cash", partner.cash), ("in_kind", partner.in_kind)):
            promised = year_amounts(amounts, years)
            booked = linked.get((partner.id, nature), [ZERO] * years)
            for year in range(years):
                if promised[year] != booked[year]:
                    yield (
                        ("partners", index, nature, year),
                        ctx.tr.gettext(
                            "{partner:Le} contributes {promised} {nature} in {year}, but the "
                            "revenues show {booked} from it."
                        ).format(
                            partner=named(partner, ctx.tr.lang,
                                          partner.name or ctx.tr.gettext("A partner")),
                            promised=ctx.money(promised[year]),
                            nature=ctx.tr.gettext(labels[nature]),
                            year=ctx.year(year),
                            booked=ctx.money(booked[year]),
                        ),
                    )
