"""The dossier's financing plan and its summary page.

The plan lists every source by kind and year with where it stands (confirmed, request
filed, to be requested: the date and the annex that shows it) and its share of the
project's costs, then the subtotals by status and the combined government aid (every
level, the funder included) with the call's stacking limit beside it. The summary page
comes first after the cover: the applicant, the project in the applicant's own words, the
period, the costs, the request, the financing by status and the main indicators.
Figures come from :mod:`proposalkit.core.financing`; nothing is rounded here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from proposalkit.core.budget import ZERO, BudgetSummary
from proposalkit.core.dates import add_months, long_date
from proposalkit.core.financing import FinancingPlan, PlanLine, financing_plan, status_label
from proposalkit.core.model import Proposal
from proposalkit.core.money import format_money, format_percent, format_share
from proposalkit.core.program import Program
from proposalkit.core.typography import narrow_groups, typeset
from proposalkit.export.ir import Block, Column, Heading, KeyValues, Paragraph, Row, Table
from proposalkit.export.text import one_line, user_blocks, user_line
from proposalkit.i18n import Translator, facts

#: At most this many indicators on the summary page (the dossier has them all).
MAIN_INDICATORS = 5


class PlanWriter:
    """Builds the plan's blocks for one proposal in one language."""

    def __init__(self, program: Program, proposal: Proposal, summary: BudgetSummary,
                 tr: Translator, annex_of: Callable[[str | None], int | None]) -> None:
        self.program = program
        self.proposal = proposal
        self.tr = tr
        self.plan: FinancingPlan = financing_plan(program, proposal, summary, tr)
        #: The annex number of an attachment id (None: not bound in the dossier).
        self.annex_of = annex_of
        self._partners = proposal.partners_by_id()  # one lookup per line, not a scan

    def money(self, value: Decimal) -> str:
        return narrow_groups(format_money(value, self.tr.lang), self.tr.lang)

    def share(self, amount: Decimal) -> str:
        ratio = self.plan.share(amount)
        return "—" if ratio is None else format_percent(ratio, self.tr.lang)

    def status_text(self, plan_line: PlanLine) -> str:
        """``Confirmed`` then, on the next line, the date and the annex that shows it."""
        _ = self.tr.gettext
        line = plan_line.line
        details = []
        if line.status_date is not None:
            details.append(long_date(line.status_date, self.tr.locale))
        evidence = line.evidence_id
        if evidence is None:
            partner = (self._partners.get(line.partner_id) if line.partner_id is not None
                       else None)
            evidence = partner.letter_attachment_id if partner is not None else None
        number = self.annex_of(evidence)
        if number is not None:
            details.append(_("annex {n}").format(n=number))
        text = status_label(line.status, self.tr)
        return text + ("\n" + ", ".join(details) if details else "")

    def years_header(self, leading: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        _ = self.tr.gettext
        return (leading + tuple(_("Year {n}").format(n=y + 1) for y in range(self.plan.years))
                + (_("Total"), _("Share of costs")),)

    def row(self, cells: tuple[str, str], amounts: tuple[Decimal, ...], kind: str = "body",
            ) -> Row:
        total = sum(amounts, ZERO)
        return Row(cells + amounts + (total, self.share(total)), kind)  # type: ignore[arg-type]

    def table(self) -> Table:
        """Sources by kind (a group row each), their lines with status and share, then
        the subtotals by status, the total and the combined government aid."""
        _ = self.tr.gettext
        plan = self.plan
        body: list[Row] = []
        for source in plan.sources:
            label = (typeset(one_line(self.program.label("revenue_sources", source.source,
                                                         self.tr)), self.tr.lang)
                     if source.source else _("(no source)"))
            if source.government:
                label += " — " + _("government aid")
            body.append(Row((label,) + ("",) * (plan.years + 3), "group"))
            for plan_line in source.lines:
                line = plan_line.line
                item = user_line(line.description, self.proposal.language) or "—"
                body.append(self.row((item, self.status_text(plan_line)), plan_line.amounts))
            if len(source.lines) > 1:
                body.append(self.row((_("Subtotal"), ""), source.amounts, "subtotal"))
        totals = [self.row((_("Status: {status}").format(status=status_label(status, self.tr)),
                            ""), amounts, "subtotal")
                  for status, amounts in plan.by_status.items()]
        revenues = tuple(sum(values, ZERO) for values in zip(
            *plan.by_status.values(), strict=True)) if plan.by_status else (ZERO,) * plan.years
        totals.append(self.row((_("Total financing"), ""), revenues, "total"))
        totals.append(self.row((_("Combined government aid"), _("every level, {funder} "
                                                                "included").format(
            funder=self.program.funder_name(self.tr))), plan.government, "total"))
        stacking = plan.stacking
        if stacking is not None:
            allowed = stacking.costs_total * stacking.limit
            limit = format_share(ZERO, stacking.limit, self.tr.lang)[1]
            totals.append(Row((_("Stacking limit of the call"),
                               _("at most {limit} of {base}").format(
                                   limit=limit, base=stacking.base_label))
                              + ("",) * plan.years + (allowed, limit), "total"))
        return Table(
            columns=(Column("left", 2.0), Column("left", 1.3))
            + tuple(Column("right", 1.0, True) for _y in range(plan.years))
            + (Column("right", 1.15, True), Column("right", 0.8)),
            header=self.years_header((_("Source"), _("Status"))),
            body=tuple(body), totals=tuple(totals), name="financing-plan",
            caption=_("Financing plan: each source by kind and project year, where it stands "
                      "and its share of the project's costs ({costs}), in Canadian dollars."
                      ).format(costs=self.money(plan.costs_total)))

    def stacking_sentence(self) -> Paragraph:
        """The combined government aid in one sentence, against the call's limit."""
        _ = self.tr.gettext
        plan = self.plan
        aid = self.money(plan.government_total)
        share = self.share(plan.government_total)
        stacking = plan.stacking
        if stacking is None:
            return Paragraph(_("Government aid of every level, {funder} included, comes to "
                               "{aid}, {share} of the project's costs; the call sets no "
                               "stacking limit.").format(
                funder=self.program.funder_name(self.tr), aid=aid, share=share), "note")
        ratio = stacking.ratio()
        value, limit = format_share(ratio if ratio is not None else ZERO, stacking.limit,
                                    self.tr.lang)
        return Paragraph(_("Government aid of every level, {funder} included, comes to {aid}: "
                           "{value} of {base}, against the call's stacking limit of {limit}."
                           ).format(funder=self.program.funder_name(self.tr), aid=aid,
                                    value=value, base=stacking.base_label, limit=limit),
                         "strong" if stacking.breached() else "body")

    def blocks(self, number: str) -> list[Block]:
        """The plan's sub-section, numbered ``number`` (``7.3``)."""
        _ = self.tr.gettext
        out: list[Block] = [Heading(2, f"{number} " + _("Financing plan"), "financing-plan")]
        if not self.plan.sources:
            out.append(Paragraph(_("No source of financing is entered yet."), "note"))
            return out
        out += [self.table(), self.stacking_sentence()]
        return out

    def by_status_table(self) -> Table:
        """The summary page's financing: each status, its amount and share of costs."""
        _ = self.tr.gettext
        plan = self.plan
        rows = tuple(Row((status_label(status, self.tr), sum(amounts, ZERO),
                          self.share(sum(amounts, ZERO))))
                     for status, amounts in plan.by_status.items())
        total = sum((sum(a, ZERO) for a in plan.by_status.values()), ZERO)
        totals = (Row((_("Total financing"), total, self.share(total)), "total"),
                  Row((_("Combined government aid"), plan.government_total,
                       self.share(plan.government_total)), "total"))
        return Table(columns=(Column("left", 2.4), Column("right", 1.4, True),
                              Column("right", 1.0)),
                     header=((_("Financing"), _("Amount ($)"), _("Share of costs")),),
                     body=rows, totals=totals, name="summary-financing",
                     caption=_("Financing by status, over all project years."))


def project_period(program: Program, proposal: Proposal) -> tuple[date, date] | None:
    """The project's first and last day (its end date, or its start plus the program's
    years), None while the start is not given."""
    start = proposal.budget.start_date
    if start is None:
        return None
    end = proposal.budget.end_date
    if end is None:
        end = date.fromordinal(add_months(start, 12 * program.years).toordinal() - 1)
    return start, end


def summary_blocks(program: Program, proposal: Proposal, summary: BudgetSummary,
                   tr: Translator, writer: PlanWriter, applicant: str) -> list[Block]:
    """The summary page: key facts, the project in the applicant's words, the financing
    by status and the main indicators (when the call asks for them)."""
    _ = tr.gettext
    money = writer.money
    period = project_period(program, proposal)
    period_text = _("{start} to {end} ({years} years)").format(
        start=long_date(period[0], tr.locale), end=long_date(period[1], tr.locale),
        years=program.years) if period else _("Start date not given yet")
    funder = program.funder_name(tr)
    ratio = writer.plan.share(summary.funder_total)
    request = money(summary.funder_total) + (
        "" if ratio is None else " " + _("({share} of the project's costs)").format(
            share=format_percent(ratio, tr.lang)))
    title = user_line(proposal.metadata.title, proposal.language)
    blocks: list[Block] = [
        Heading(1, _("Summary of the project"), "summary"),
        KeyValues(tuple(row for row in (
            (_("Applicant"), applicant),
            (_("Project"), title) if title else None,
            (_("Partners"), str(len(proposal.partners))) if proposal.partners else None,
            (_("Period"), period_text),
            (_("Total cost of the project"), money(summary.expenses_total)),
            (_("Amount requested from {funder}").format(funder=funder), request),
        ) if row is not None)),
        Heading(2, _("The project in brief"), "summary-text"),
    ]
    parts = user_blocks(proposal.summary, proposal.language)
    if not parts:
        blocks.append(Paragraph(_("(Not written yet.)"), "note"))
    lang = facts(proposal.language).tag
    for _kind, items in parts:
        blocks.append(Paragraph("\n".join(items), lang=lang))
    blocks += [Heading(2, _("Financing at a glance"), "summary-financing")]
    if writer.plan.sources:
        blocks += [writer.by_status_table(), writer.stacking_sentence()]
    else:
        blocks.append(Paragraph(_("No source of financing is entered yet."), "note"))
    indicators = [i for i in proposal.indicators if i.name.strip()][:MAIN_INDICATORS]
    if program.parts.indicators and indicators:
        rows = []
        for indicator in indicators:
            target = next((t for t in reversed(indicator.targets[:program.years])
                           if t is not None), None)
            rows.append(Row((user_line(indicator.name, proposal.language),
                             user_line(indicator.unit, proposal.language) or "—",
                             _number(indicator.baseline, tr),
                             _number(target, tr))))
        blocks += [Heading(2, _("Main indicators"), "summary-indicators"),
                   Table(columns=(Column("left", 2.6), Column("left", 1.0),
                                  Column("right", 1.0), Column("right", 1.0)),
                         header=((_("Indicator"), _("Unit"), _("Baseline"),
                                  _("Final target")),),
                         body=tuple(rows), name="summary-indicators")]
    return blocks


def _number(value: Decimal | None, tr: Translator) -> str:
    """An indicator's figure in the dossier's language (``1 200``, ``12,5``), ``—`` when
    not given."""
    if value is None:
        return "—"
    whole, _dot, fraction = format(value.normalize(), "f").partition(".")
    sign = "-" if whole.startswith("-") else ""
    french = tr.lang == "fr"
    grouped = f"{int(whole.lstrip('-')):,}".replace(",", "\u202f" if french else ",")
    return sign + grouped + ((("," if french else ".") + fraction) if fraction else "")
