"""The budget chapter of the dossier: expenses, revenues, caps and fiscal years.

Every figure comes from :func:`proposalkit.core.budget.summarize`; nothing is rounded
here (the writers format money to the cent when they show it).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from proposalkit.core.budget import ZERO, BudgetSummary, year_amounts, year_period_labels
from proposalkit.core.dates import long_date
from proposalkit.core.financing import ordered
from proposalkit.core.limits import ShareFigures, applicant_caps, share_figures_of
from proposalkit.core.model import ExpenseLine, Proposal, RevenueLine
from proposalkit.core.money import format_money, format_share
from proposalkit.core.program import Program
from proposalkit.core.typography import narrow_groups, typeset
from proposalkit.export.financing_blocks import PlanWriter
from proposalkit.export.ir import Block, Column, Heading, Paragraph, Row, Table
from proposalkit.export.text import one_line, user_line
from proposalkit.i18n import Translator


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
        return typeset(one_line(self.program.label(kind, ident, tr)), tr.lang)

    def text(self, typed: str) -> str:
        """User text on one line, in the typography of the proposal's language."""
        return user_line(typed, self.proposal.language)

    def money(self, value: Decimal) -> str:
        return narrow_groups(format_money(value, self.tr.lang), self.tr.lang)

    def shown(self, lines: list[Any]) -> tuple[list[Any], int]:
        """The lines that carry an amount, and how many of 0,00 $ in every year are left
        out: a line of zeros is a frame the applicant has not filled, not a cost or a
        source the dossier should present (issue 22)."""
        kept = [line for line in lines if any(year_amounts(line.amounts, self.years))]
        return kept, len(lines) - len(kept)

    def caption(self, text: str, left_out: int) -> str:
        """``text``, and the lines of zeros left out of the table, if any."""
        if not left_out:
            return text
        return text + " " + self.tr.ngettext(
            "{n} line at {zero} in every year is not shown.",
            "{n} lines at {zero} in every year are not shown.", left_out).format(
            n=left_out, zero=self.money(ZERO))

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
        lines, left_out = self.shown(self.proposal.budget.expenses)
        by_category: dict[str, list[ExpenseLine]] = {}
        for line in lines:
            by_category.setdefault(line.category, []).append(line)
        known = [c.id for c in self.program.expense_categories]
        body: list[Row] = []
        for category in ordered(known, by_category):
            group = by_category.get(category)
            if not group:
                continue
            label = (self.label("expense_categories", category, self.tr)
                     if category else _("(no category)"))
            for index, line in enumerate(group):
                item = self.text(line.description) or "—"
                if line.justification.strip() and self.program.parts.justifications:
                    # Under the line, in its item cell: what a reviewer asks of an amount.
                    item += "\n" + _("Justification: {text}").format(
                        text=self.text(line.justification))
                body.append(Row((label if index == 0 else "", item)
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
            caption=self.caption(_("Expenses by category and project year, in Canadian "
                                   "dollars."), left_out),
        )

    # -- revenues ------------------------------------------------------------------------

    def revenues(self) -> Table:
        _ = self.tr.gettext
        natures = {"cash": _("cash"), "in_kind": _("in kind")}
        by_source: dict[str, list[RevenueLine]] = {}
        lines, left_out = self.shown(self.proposal.budget.revenues)
        for line in lines:
            by_source.setdefault(line.source, []).append(line)
        known = [s.id for s in self.program.revenue_sources]
        body: list[Row] = []
        for source in ordered(known, by_source):
            group = by_source.get(source)
            if not group:
                continue
            label = (self.label("revenue_sources", source, self.tr)
                     if source else _("(no source)"))
            for index, line in enumerate(group):
                body.append(Row((label if index == 0 else "", self.text(line.description) or "—",
                                 natures.get(line.nature, line.nature))
                                + self.amounts(year_amounts(line.amounts, self.years))))
            if len(group) == 1:
                continue
            present = {line.nature for line in group}
            split = {nature: values for nature, values in
                     self.summary.revenues_by_source.get(source, {}).items()
                     if nature in present}
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
            caption=self.caption(_("Revenues by source and project year, cash and in "
                                   "kind, in Canadian dollars."), left_out),
        )

    # -- caps ----------------------------------------------------------------------------

    def caps(self) -> list[Block]:
        _ = self.tr.gettext
        summary = self.summary
        caps = applicant_caps(self.program, self.proposal)
        funder = self.program.funder_name(self.tr)
        # Years have a cap of their own only when a yearly rule sets one; otherwise the
        # total cap is the only limit and the years are information.
        rows = [Row((_("Contribution from {funder}, year {n}").format(funder=funder, n=year + 1),
                     cap if caps.yearly else "—",
                     summary.funder_by_year[year],
                     cap - summary.funder_by_year[year] if caps.yearly else "—"))
                for year, cap in enumerate(caps.funder_per_year[:self.years])]
        capped = caps.funder_total > 0  # a pack without any amount rule caps nothing
        rows.append(Row((_("Contribution from {funder}, all years").format(funder=funder),
                         caps.funder_total if capped else "—", summary.funder_total,
                         caps.funder_total - summary.funder_total if capped else "—"),
                        "subtotal"))
        amounts = Table(
            columns=(Column("left", 3.0), Column("right", 1.3, True),
                     Column("right", 1.3, True), Column("right", 1.3, True)),
            header=((_("Cap"), _("Cap ($)"), _("Requested ($)"), _("Room left ($)")),),
            body=tuple(rows), name="budget-caps",
            caption=_("The caps on the contribution from {funder} and the amounts requested."
                      ).format(funder=funder),
        )
        figures = share_figures_of(self.program, self.proposal, summary, self.tr)
        blocks: list[Block] = [Paragraph(_(
            "Amount requested from {funder} over the {years} years: {amount}.").format(
            funder=funder, years=self.years, amount=self.money(summary.funder_total)),
            "strong"), amounts]
        if figures:
            blocks.append(self.share_table(figures))
        blocks += [self.share_sentence(f) for f in figures if f.is_funder_share
                   and f.ratio() is not None]
        return blocks

    def share_label(self, figures: ShareFigures) -> str:
        """What a share rule allows, in words (the pack's rule, its limit and its base)."""
        _ = self.tr.gettext
        limit = format_share(0, figures.limit, self.tr.lang)[1]
        templates = {
            ("max", True): _("{what}, at most {limit} of {base} over the whole project"),
            ("max", False): _("{what}, at most {limit} of {base} each year"),
            ("min", True): _("{what}, at least {limit} of {base} over the whole project"),
            ("min", False): _("{what}, at least {limit} of {base} each year"),
        }
        return templates[(figures.bound, figures.whole_project)].format(
            what=figures.label, limit=limit, base=figures.base_label)

    def share_table(self, all_figures: list[ShareFigures]) -> Table:
        """Each share rule, year by year and over all years: what it counts, the costs it
        divides by, the share of those costs against the limit, and the room left (for a
        minimum, how far above it).

        A rule is compared with its limit only on the periods it is checked on: a
        whole-project rule shows its years as information (no limit, no room left: a year
        above the rate is no breach), a yearly rule its total."""
        _ = self.tr.gettext
        lang = self.tr.lang
        body: list[Row] = []
        for figures in all_figures:
            if len(all_figures) > 1:
                body.append(Row((self.share_label(figures),) + ("",) * 5, "group"))
            periods: list[tuple[str, int | None, str]] = [
                (_("Year {n}").format(n=y + 1), y, "body") for y in range(len(figures.costs))]
            periods.append((_("All years"), None, "subtotal"))
            for label, year, kind in periods:
                counted = figures.amount_total if year is None else figures.amounts[year]
                costs = figures.costs_total if year is None else figures.costs[year]
                ratio = figures.ratio(year)
                value, limit = format_share(ratio if ratio is not None else ZERO,
                                            figures.limit, lang)
                room = figures.room(year)
                body.append(Row((label, costs, counted, value if ratio is not None else "—",
                                 limit if room is not None else "—",
                                 room if room is not None else "—"),
                                kind))  # type: ignore[arg-type]
        single = all_figures[0] if len(all_figures) == 1 else None
        caption = (self.share_label(single) + "." if single is not None else
                   _("Each share rule of the program: the share of the costs its sources "
                     "cover, against its limit."))
        return Table(
            columns=(Column("left", 1.2), Column("right", 1.3, True),
                     Column("right", 1.3, True), Column("right", 1.0),
                     Column("right", 0.9), Column("right", 1.3, True)),
            header=((_("Period"), _("Costs ($)"), _("Counted ($)"), _("Share of costs"),
                     _("Limit"), _("Room left ($)")),),
            body=tuple(body), name="budget-share",
            caption=caption + " " + _(
                "Each rule is compared with its limit on the period it applies to; its "
                "other periods are shown for information (“—”: no limit applies there)."),
        )

    def share_sentence(self, figures: ShareFigures) -> Paragraph:
        """The funder's share in one sentence, as precise as the comparison needs."""
        _ = self.tr.gettext
        ratio = figures.ratio()
        assert ratio is not None
        share, limit = format_share(ratio, figures.limit, self.tr.lang)
        return Paragraph(_("{what} is {share} of {base} ({costs}); the maximum is {limit}."
                           ).format(what=figures.label, share=share, base=figures.base_label,
                                    costs=self.money(figures.costs_total), limit=limit))

    # -- fiscal years --------------------------------------------------------------------

    def fiscal(self) -> list[Block]:
        _ = self.tr.gettext
        years = self.summary.fiscal_years
        if not years:
            return [Paragraph(_("The project's start date is not given yet: the estimate by "
                                "fiscal year needs it."), "note")]
        start, end = self.program.fiscal_year.span(self.tr)
        body = tuple(Row((fy.label, str(fy.months), fy.expenses, fy.funder)) for fy in years)
        totals = (Row((_("Total"), str(sum(fy.months for fy in years)),
                       sum((fy.expenses for fy in years), ZERO),
                       sum((fy.funder for fy in years), ZERO)), "total"),)
        table = Table(
            columns=(Column("left", 2.0), Column("right", 1.0), Column("right", 1.5, True),
                     Column("right", 1.5, True)),
            header=((_("Fiscal year"), _("Months"), _("Expenses ($)"),
                     _("Contribution from {funder} ($)").format(
                         funder=self.program.funder_name(self.tr))),),
            body=body, totals=totals, name="budget-fiscal-years",
            caption=_("Estimate by {fiscal_year} ({start} to {end}).").format(
                fiscal_year=self.program.fiscal_year.name(self.tr), start=start, end=end),
        )
        note = Paragraph(_(
            "Estimate: each project year is spread evenly over its months in the project "
            "(twelve, fewer when the project ends before the year does), then the months "
            "are added up by {fiscal_year}, from {start} to {end}.").format(
            fiscal_year=self.program.fiscal_year.name(self.tr), start=start, end=end), "note")
        return [table, note]


def budget_blocks(program: Program, proposal: Proposal, summary: BudgetSummary,
                  tr: Translator, number: int,
                  step: Callable[[str], None] = lambda _message: None,
                  plan: PlanWriter | None = None) -> list[Block]:
    """The budget chapter, numbered ``number``: expenses, revenues, the financing plan
    (``plan``, when the call asks for one), the caps and the fiscal years."""
    _ = tr.gettext
    budget = _Budget(program, proposal, summary, tr)
    start = proposal.budget.start_date
    intro = _("Amounts in Canadian dollars, over the project's {years} years.").format(
        years=summary.years)
    if start is not None:
        intro += " " + _("The project starts on {date}.").format(
            date=long_date(start, tr.locale))
    blocks: list[Block] = [Heading(1, f"{number}. " + _("Budget"), "budget"), Paragraph(intro)]
    blocks += [Heading(2, f"{number}.1 " + _("Expenses"), "budget-expenses"), budget.expenses()]
    step(_("Budget: expenses"))
    blocks += [Heading(2, f"{number}.2 " + _("Revenues"), "budget-revenues"), budget.revenues()]
    step(_("Budget: revenues"))
    sub = 3
    if plan is not None:
        blocks += plan.blocks(f"{number}.{sub}")
        sub += 1
    funder = program.funder_name(tr)
    blocks += [Heading(2, f"{number}.{sub} " + _("Share of {funder} and the caps").format(
        funder=funder), "budget-caps")]
    blocks += budget.caps()
    blocks += [Heading(2, f"{number}.{sub + 1} " + _("Estimate by {fiscal_year}").format(
        fiscal_year=program.fiscal_year.name(tr)), "budget-fiscal-years")]
    blocks += budget.fiscal()
    return blocks
