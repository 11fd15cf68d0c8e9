"""Budget pages: expenses by category and revenues by source, years as columns, with
the cap bars above them (the funder's contribution against its cap, its share against
the maximum, per year), amber near a limit and red past it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QSplitter, QWidget

from proposalkit.core.budget import year_period_labels
from proposalkit.core.dates import add_months
from proposalkit.core.edits import Changes
from proposalkit.core.financing import STATUS_ORDER, status_label
from proposalkit.core.model import ExpenseLine, RevenueLine
from proposalkit.core.validation import Location
from proposalkit.gui.cap_bars import CapBars
from proposalkit.gui.financing_view import FinancingPlanView, attachment_label, plan_splitter
from proposalkit.gui.pages import Page
from proposalkit.gui.session import Session
from proposalkit.gui.tables import Column, Grouping, LineTableModel

START_DATE: Location = ("budget", "start_date")
END_DATE: Location = ("budget", "end_date")


class YearPeriods(QObject):
    """Each project year's months under its column title, once a start date is set.

    A child of the table model it annotates: its connection to the long-lived session
    is a bound method, which Qt drops with the object when the page is rebuilt.
    """

    def __init__(self, session: Session, model: LineTableModel) -> None:
        super().__init__(model)
        self.session, self.model = session, model
        model.column_note = self.note
        session.changed.connect(self._changed)

    def note(self, column: int) -> str:
        """The months of the year in ``column`` ('' for other columns or no date)."""
        key = self.model.columns[column].key
        proposal, program = self.session.proposal, self.session.program
        start = proposal.budget.start_date if proposal is not None else None
        if (start is None or program is None or self.model.columns[column].kind != "money"
                or not isinstance(key[-1], int)):
            return ""
        # The first and the last month on lines of their own (no dash to widen them):
        # the column stays about as narrow as its amounts, so every year fits at 1024 px.
        label = year_period_labels(start, program.years, self.session.translator.locale)[key[-1]]
        return label.replace(" – ", "\n")

    def _changed(self, changes: Changes) -> None:
        if changes.touches(START_DATE):
            self.model.notes_changed()


def suggested_start(session: Session) -> date:
    """Where an empty start date begins: the first of the month after the deadline."""
    program = session.program
    assert program is not None
    deadline = program.deadline_local.date()
    return add_months(deadline.replace(day=1), 1)


def _years(session: Session, key: str) -> list[Column]:
    program = session.program
    assert program is not None
    tr = session.translator
    return [Column((key, y), tr.gettext("Year {n}").format(n=y + 1), "money")
            for y in range(program.years)]


class ExpensesPage(Page):
    """Expenses by category and year."""

    step_id = "expenses"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        super().__init__(session, _(
            "Enter each expense per project year. Amounts can be typed the French or the "
            "English way (400 000,00 $ or $400,000.00), and a block copied from a "
            "spreadsheet can be pasted with Ctrl+V."), parent)
        program = session.program
        assert program is not None
        # The dossier's estimate by the funder's fiscal year counts months from this date.
        form = self.form()
        self.start_date = form.date(_("Project &start date:"), START_DATE, _("(not set)"),
                                    suggested_start(session))
        fiscal_year = program.fiscal_year.name(tr)
        start, end = program.fiscal_year.span(tr)
        self.start_date.setAccessibleDescription(_(
            "The first day of project year 1; the dossier spreads each year over its "
            "months to estimate the amounts by {fiscal_year} ({start} to {end}).").format(
            fiscal_year=fiscal_year, start=start, end=end))
        self.start_date.setToolTip(_(
            "The dossier's estimate by {fiscal_year} spreads each project year evenly "
            "over its months; actual spending is rarely that even.").format(
            fiscal_year=fiscal_year))
        if program.rules_of("project_window"):
            # Only a call that sets a project window asks for the end date.
            start = suggested_start(session)
            self.end_date = form.date(_("Project end date:"), END_DATE, _("(not set)"),
                                      add_months(start, 12 * program.years)
                                      - timedelta(days=1))
        self.bars = CapBars(session)
        self.body.addWidget(self.bars)
        categories = tuple((c.id, c.label(tr)) for c in program.expense_categories)
        years = program.years
        columns = [Column(("category",), _("Category"), "choice", categories),
                   Column(("description",), _("Description")), *_years(session, "amounts")]
        columns.append(Column(("total",), _("Total"), "sum", of=tuple(range(2, 2 + years))))
        if program.parts.justifications:
            # After the total: how the amount was reached, beside the line (issue 21).
            columns.append(Column(("justification",), _("Justification")))
        grouping = Grouping("category", [c for c, _label in categories], dict(categories))
        first = categories[0][0]
        model = LineTableModel(
            session, ("budget", "expenses"), columns,
            lambda group: ExpenseLine(category=group or first, amounts=[Decimal(0)] * years),
            grouping, total_label=_("Total expenses"), parent=self)
        self.periods = YearPeriods(session, model)
        caption = QLabel(_("E&xpenses:"))
        self.body.addWidget(caption)
        self.view = self.table(model, _("Expenses"), _("&Add an expense"))
        caption.setBuddy(self.view)
        self.show_findings()


class RevenuesPage(Page):
    """Revenues by source and year, cash or in kind."""

    step_id = "revenues"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.translator
        _ = tr.gettext
        assert session.program is not None
        super().__init__(session, _(
            "List every source of financing per year, including the contribution "
            "requested from {funder} and each partner's cash and in-kind contribution. "
            "Revenues must equal expenses every year.").format(
            funder=session.program.funder_name(tr)), parent)
        program = session.program
        self.bars = CapBars(session)
        self.body.addWidget(self.bars)
        sources = tuple((s.id, s.label(tr)) for s in program.revenue_sources)
        natures = (("cash", _("Cash")), ("in_kind", _("In kind")))
        years = program.years
        def partners() -> tuple[tuple[str, str], ...]:
            proposal = session.proposal
            named = [(p.id, p.name or _("Partner {n}").format(n=i + 1))
                     for i, p in enumerate(proposal.partners if proposal else [])]
            return (("", _("(none)")), *named)

        columns = [Column(("source",), _("Source"), "choice", sources),
                   Column(("nature",), _("Nature"), "choice", natures),
                   Column(("description",), _("Description")),
                   Column(("partner_id",), _("Partner"), "choice", partners),
                   *_years(session, "amounts")]
        columns.append(Column(("total",), _("Total"), "sum", of=tuple(range(4, 4 + years))))
        if program.parts.financing_plan:
            # Where each source stands, since when and the document that shows it, for
            # the dossier's financing plan (issue 21).
            def evidence() -> tuple[tuple[str, str], ...]:
                proposal = session.proposal
                attached = proposal.attachments if proposal else []
                return (("", _("(no document)")),
                        *((a.id, attachment_label(a, program, tr)) for a in attached))

            def letter(line: RevenueLine) -> str | None:
                # With no document chosen, the dossier cites the partner's letter: say so.
                proposal = session.proposal
                partner = proposal.partner(line.partner_id) if proposal else None
                attached = proposal.attachment(partner.letter_attachment_id) if (
                    proposal and partner and partner.letter_attachment_id) else None
                if attached is None:
                    return None
                return _("Partner's letter: {document}").format(
                    document=attachment_label(attached, program, tr))

            columns += [Column(("status",), _("Status"), "choice", tuple(
                            (status, status_label(status, tr)) for status in STATUS_ORDER)),
                        Column(("status_date",), _("Status date"), "date"),
                        Column(("evidence_id",), _("Evidence"), "choice", evidence,
                               fallback=letter)]
        grouping = Grouping("source", [s for s, _label in sources], dict(sources))
        first = sources[0][0]
        model = LineTableModel(
            session, ("budget", "revenues"), columns,
            lambda group: RevenueLine(source=group or first, amounts=[Decimal(0)] * years),
            grouping, total_label=_("Total revenues"), parent=self)
        self.periods = YearPeriods(session, model)
        caption = QLabel(_("Re&venues:"))
        above = self.body.count()  # what the splitter takes from here on
        self.body.addWidget(caption)
        self.view = self.table(model, _("Revenues"), _("&Add a revenue"))
        caption.setBuddy(self.view)
        self.plan: FinancingPlanView | None = None
        self.splitter: QSplitter | None = None
        if program.parts.financing_plan:
            # The dossier's plan, live under the lines it is made of; the user moves the
            # divider, or folds the plan to its title on a small screen.
            self.plan = FinancingPlanView(session)
            self.splitter = plan_splitter(self.body, above, self.plan)
