"""The budget chapter of the dossier: expenses, revenues, caps and fiscal years.

Every figure comes from :func:`proposalkit.core.budget.summarize`; nothing is rounded
here (the writers format money to the cent when they show it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from babel.dates import format_date

from proposalkit.core.budget import ZERO, BudgetSummary, year_amounts, year_period_labels
from proposalkit.core.limits import applicant_caps, share_figures_of
from proposalkit.core.model import ExpenseLine, Proposal, RevenueLine
from proposalkit.core.money import format_money, format_percent, format_share
from proposalkit.core.program import Program
from proposalkit.export.ir import Block, Column, Heading, Paragraph, Row, Table
from proposalkit.export.text import one_line
from proposalkit.i18n import Translator


def _ordered(known: Iterable[str], used: Iterable[str]) -> list[str]:
    """The program's ids in its order, then ids the proposal uses that it does not know."""
    order = list(known)
    for ident in used:
        if ident not in order:
            order.append(ident)
    return order


class _Budget:
    """Builds the budget blocks for one proposal in one language."""

    def __init__(self, program: Program, proposal: Proposal, summary: BudgetSummary,
                 tr: Translator) -> None:
        self.program = program
        self.proposal = proposal
        self.summary = summary
        self.tr = tr
        self.years = summary.years

    def label(self, kind: str, ident: str, tr: Translator) -> str:
        """The program's label for ``ident`` (the id itself, cleaned, when unknown)."""
        return one_line(self.program.label(kind, ident, tr))

    def money(self, value: Decimal) -> str:
        return format_money(value, self.tr.lang)

    def year_header(self, leading: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """Header rows: the year titles, then their months when the start date is known."""
        _ = self.tr.gettext
        titles = leading + tuple(_("Year {n}").format(n=y + 1) for y in range(self.years))
        titles += (_("Total"),)
        start = self.proposal.budget.start_date
        if start is None:
            return (titles,)
        periods = year_period_labels(start, self.years, self.tr.locale)
        return (titles, ("",) * len(leading) + tuple(periods) + ("",))

    def amounts(self, values: list[Decimal]) -> tuple[Decimal, ...]:
        return tuple(values) + (sum(values, ZERO),)

    def money_columns(self) -> tuple[Column, ...]:
        return tuple(Column("right", 1.0, True) for _ in range(self.years)) + (
            Column("right", 1.15, True),)

    # -- expenses ------------------------------------------------------------------------

    def expenses(self) -> Table:
        _ = self.tr.gettext
        lines = self.proposal.budget.expenses
        by_category: dict[str, list[ExpenseLine]] = {}
        for line in lines:
            by_category.setdefault(line.category, []).append(line)
        known = [c.id for c in self.program.expense_categories]
        body: list[Row] = []
        for category in _ordered(known, by_category):
            group = by_category.get(category)
            if not group:
                continue
            label = (self.label("expense_categories", category, self.tr)
                     if category else _("(no category)"))
            for index, line in enumerate(group):
                body.append(Row((label if index == 0 else "", one_line(line.description) or "—")
                                + self.amounts(year_amounts(line.amounts, self.years))))
            if len(group) > 1:
                body.append(Row(("", _("Subtotal"))
                                + self.amounts(self.summary.expenses_by_category[category]),
                                "subtotal"))
        totals = (Row((_("Total expenses"), "") + self.amounts(self.summary.expenses_by_year),
                      "total"),)
        return Table(
            columns=(Column("left", 1.7), Column("left", 2.3)) + self.money_columns(),
            header=self.year_header((_("Category"), _("Item"))),
            body=tuple(body), totals=totals, name="budget-expenses",
            caption=_("Expenses by category and project year, in Canadian dollars."),
        )

    # -- revenues ------------------------------------------------------------------------

    def revenues(self) -> Table:
        _ = self.tr.gettext
        natures = {"cash": _("cash"), "in_kind": _("in kind")}
        by_source: dict[str, list[RevenueLine]] = {}
        for line in self.proposal.budget.revenues:
            by_source.setdefault(line.source, []).append(line)
        known = [s.id for s in self.program.revenue_sources]
        body: list[Row] = []
        for source in _ordered(known, by_source):
            group = by_source.get(source)
            if not group:
                continue
            label = (self.label("revenue_sources", source, self.tr)
                     if source else _("(no source)"))
            for index, line in enumerate(group):
                body.append(Row((label if index == 0 else "", one_line(line.description) or "—",
                                 natures.get(line.nature, line.nature))
                                + self.amounts(year_amounts(line.amounts, self.years))))
            if len(group) == 1:
                continue
            split = self.summary.revenues_by_source.get(source, {})
            for nature in ("cash", "in_kind"):
                if nature in split:
                    body.append(Row(("", _("Subtotal"), natures[nature])
                                    + self.amounts(split[nature]), "subtotal"))
            if len(split) > 1:
                both = [sum(values, ZERO) for values in zip(*split.values(), strict=True)]
                body.append(Row(("", _("Source total"), "")
                                + self.amounts(both), "subtotal"))
        totals = (
            Row((_("Total cash"), "", "") + self.amounts(self.summary.cash_by_year), "total"),
            Row((_("Total in kind"), "", "") + self.amounts(self.summary.in_kind_by_year),
                "total"),
            Row((_("Total revenues"), "", "") + self.amounts(self.summary.revenues_by_year),
                "total"),
        )
        return Table(
            columns=(Column("left", 1.45), Column("left", 1.9), Column("left", 0.95))
            + self.money_columns(),
            header=self.year_header((_("Source"), _("Item"), _("Nature"))),
            body=tuple(body), totals=totals, name="budget-revenues",
            caption=_("Revenues by source and project year, cash and in kind, in Canadian "
                      "dollars."),
        )

    # -- caps ----------------------------------------------------------------------------

    def caps(self) -> list[Block]:
        _ = self.tr.gettext
        lang = self.tr.lang
        caps = applicant_caps(self.program, self.proposal)
        summary = self.summary

        def row(label: str, limit: Decimal, used: Decimal, kind: str = "body") -> Row:
            ratio = format_percent(used / limit, lang) if limit else "—"
            return Row((label, limit, used, ratio, limit - used), kind)  # type: ignore[arg-type]

        rows = [row(_("Québec contribution, year {n}").format(n=y + 1), cap,
                    summary.funder_by_year[y]) for y, cap in enumerate(caps.funder_per_year)]
        rows.append(row(_("Québec contribution, all years"), caps.funder_total,
                        summary.funder_total, "subtotal"))
        # One row per share rule of the pack: the funder's rate, a stacking limit, a
        # minimum share (for a minimum, "Limit" is the least the sources must bring).
        for figures in share_figures_of(self.program, self.proposal, summary, self.tr):
            allowed = figures.costs_total * figures.limit
            limit_text = format_share(0, figures.limit, lang)[1]
            if figures.is_funder_share and figures.rule.label is None and (
                    figures.rule.base == "total_costs" and figures.rule.in_kind_in_base):
                label = _("Québec's aid, at most {limit} of the project's costs").format(
                    limit=limit_text)
            elif figures.bound == "max":
                label = _("{what}, at most {limit} of {base}").format(
                    what=figures.label, limit=limit_text, base=figures.base_label)
            else:
                label = _("{what}, at least {limit} of {base}").format(
                    what=figures.label, limit=limit_text, base=figures.base_label)
            rows.append(row(label, allowed, figures.amount_total, "subtotal"))
        table = Table(
            columns=(Column("left", 3.4), Column("right", 1.2, True), Column("right", 1.2, True),
                     Column("right", 0.9), Column("right", 1.2, True)),
            header=((_("Cap"), _("Limit ($)"), _("Used ($)"), _("Used"), _("Room left ($)")),),
            body=tuple(rows), name="budget-caps",
            caption=_("Each cap of the program and how much of it the budget uses."),
        )
        funder_share = next((f for f in share_figures_of(self.program, self.proposal, summary,
                                                          self.tr) if f.is_funder_share), None)
        ratio = funder_share.ratio() if funder_share is not None else None
        blocks: list[Block] = [Paragraph(_(
            "Amount requested from Québec over the {years} years: {amount}.").format(
            years=self.years, amount=self.money(summary.funder_total)), "strong"), table]
        if ratio is not None and funder_share is not None:
            if funder_share.rule.label is None and funder_share.rule.base == "total_costs":
                blocks.append(Paragraph(_(
                    "Québec's aid (this program and the other Québec programs) is {share} of "
                    "the project's costs of {costs}; the maximum is {limit}.").format(
                    share=format_percent(ratio, lang), costs=self.money(summary.expenses_total),
                    limit=format_percent(caps.funder_share_max, lang, 0))))
            else:
                share, limit = format_share(ratio, funder_share.limit, lang)
                blocks.append(Paragraph(_("{what} is {share} of {base} ({costs}); the maximum is "
                                          "{limit}.").format(
                    what=funder_share.label, share=share, base=funder_share.base_label,
                    costs=self.money(funder_share.costs_total), limit=limit)))
        return blocks

    # -- fiscal years --------------------------------------------------------------------

    def fiscal(self) -> list[Block]:
        _ = self.tr.gettext
        years = self.summary.fiscal_years
        if not years:
            return [Paragraph(_("The project's start date is not given yet: the estimate by "
                                "fiscal year needs it."), "note")]
        body = tuple(Row((fy.label, str(fy.months), fy.expenses, fy.funder)) for fy in years)
        totals = (Row((_("Total"), str(sum(fy.months for fy in years)),
                       sum((fy.expenses for fy in years), ZERO),
                       sum((fy.funder for fy in years), ZERO)), "total"),)
        table = Table(
            columns=(Column("left", 2.0), Column("right", 1.0), Column("right", 1.5, True),
                     Column("right", 1.5, True)),
            header=((_("Fiscal year"), _("Months"), _("Expenses ($)"),
                     _("Québec contribution ($)")),),
            body=body, totals=totals, name="budget-fiscal-years",
            caption=_("Estimate by Québec fiscal year (1 April to 31 March)."),
        )
        note = Paragraph(_(
            "Estimate: each project year is spread evenly over its twelve months, then the "
            "months are added up by Québec fiscal year, from 1 April to 31 March. Actual "
            "spending is rarely even."), "note")
        return [table, note]


def budget_blocks(program: Program, proposal: Proposal, summary: BudgetSummary,
                  tr: Translator, number: int,
                  step: Callable[[str], None] = lambda _message: None) -> list[Block]:
    """The budget chapter, numbered ``number``: four sub-sections with their tables."""
    _ = tr.gettext
    budget = _Budget(program, proposal, summary, tr)
    start = proposal.budget.start_date
    intro = _("Amounts in Canadian dollars, over the project's {years} years.").format(
        years=summary.years)
    if start is not None:
        intro += " " + _("The project starts on {date}.").format(
            date=format_date(start, "long", locale=tr.locale))
    blocks: list[Block] = [Heading(1, f"{number}. " + _("Budget"), "budget"), Paragraph(intro)]
    blocks += [Heading(2, f"{number}.1 " + _("Expenses"), "budget-expenses"), budget.expenses()]
    step(_("Budget: expenses"))
    blocks += [Heading(2, f"{number}.2 " + _("Revenues"), "budget-revenues"), budget.revenues()]
    step(_("Budget: revenues"))
    blocks += [Heading(2, f"{number}.3 " + _("Québec's share and the caps"), "budget-caps")]
    blocks += budget.caps()
    blocks += [Heading(2, f"{number}.4 " + _("Estimate by Québec fiscal year"),
                       "budget-fiscal-years")]
    blocks += budget.fiscal()
    return blocks
