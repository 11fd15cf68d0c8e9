"""Budget pages: expenses by category and revenues by source, years as columns, with
the cap bars above them (Québec's contribution against its cap, Québec's share against
the maximum, per year), amber near a limit and red past it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QObject, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from proposalkit.core.budget import add_months, year_period_labels
from proposalkit.core.guide import Gauge, cap_gauges, share_gauges
from proposalkit.core.limits import ShareFigures, applicant_caps, share_figures_of
from proposalkit.core.locations import Where
from proposalkit.core.model import ExpenseLine, RevenueLine
from proposalkit.core.money import format_money, format_percent, format_share
from proposalkit.core.validation import Location
from proposalkit.gui.guard import guarded
from proposalkit.gui.pages import Page
from proposalkit.gui.session import Session
from proposalkit.gui.tables import Column, Grouping, LineTableModel

LEVEL_COLORS = {"ok": QColor(46, 125, 50), "near": QColor(245, 160, 0), "over": QColor(198, 40, 40)}


class GaugeBar(QWidget):
    """A horizontal bar painted from a :class:`Gauge` (it only draws what it is given)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gauge: Gauge | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @guarded(QSize)
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """A thin bar."""
        return QSize(120, max(10, self.fontMetrics().height() // 2 + 4))

    @property
    def level(self) -> str:
        """The level painted (``ok``, ``near``, ``over``; empty without a gauge)."""
        return self.gauge.level if self.gauge else ""

    def set_gauge(self, gauge: Gauge | None, tooltip: str) -> None:
        """Show ``gauge``."""
        self.gauge = gauge
        self.setToolTip(tooltip)
        self.setAccessibleDescription(tooltip)
        self.update()

    @guarded(None)
    def paintEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Track, then the filled part in the level's colour."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        track = self.palette().color(QPalette.ColorRole.Mid)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, 3, 3)
        if self.gauge is not None:
            filled = QRectF(rect)
            filled.setWidth(rect.width() * self.gauge.fraction)
            painter.setBrush(LEVEL_COLORS[self.gauge.level])
            painter.drawRoundedRect(filled, 3, 3)
        painter.end()


class CapBars(QWidget):
    """Per year, two bars with their figures: contribution vs cap and share vs maximum."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        tr = session.tr
        program = session.program
        assert program is not None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 6)
        grid.addWidget(QLabel(tr.gettext("Québec's contribution vs cap")), 1, 0)
        self.share_label = QLabel()
        grid.addWidget(self.share_label, 3, 0)
        self.cap_bars: list[GaugeBar] = []
        self.share_bars: list[GaugeBar] = []
        self.cap_texts: list[QLabel] = []
        self.share_texts: list[QLabel] = []
        for year in range(program.years):
            title = QLabel(tr.gettext("Year {n}").format(n=year + 1))
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(title, 0, year + 1)
            for row, bars, texts in ((1, self.cap_bars, self.cap_texts),
                                     (3, self.share_bars, self.share_texts)):
                bar, text = GaugeBar(), QLabel()
                text.setAlignment(Qt.AlignmentFlag.AlignCenter)
                grid.addWidget(bar, row, year + 1)
                grid.addWidget(text, row + 1, year + 1)
                bars.append(bar)
                texts.append(text)
        self._add_share_rows(grid)
        session.findings_changed.connect(self.update_bars)
        self.update_bars()

    # -- i13: one row per other share rule of the pack (stacking, minimum shares) --------
    def _other_shares(self) -> list[ShareFigures]:
        session = self.session
        if session.program is None or session.proposal is None or session.summary is None:
            return []
        return [f for f in share_figures_of(session.program, session.proposal,
                                            session.summary, session.tr)
                if not f.is_funder_share]

    def _add_share_rows(self, grid: QGridLayout) -> None:
        self.other_labels: list[QLabel] = []
        self.other_bars: list[list[GaugeBar]] = []
        self.other_texts: list[list[QLabel]] = []
        years = self.session.program.years if self.session.program else 0
        for index, _figures in enumerate(self._other_shares()):
            row = 5 + 2 * index
            label = QLabel()
            label.setWordWrap(True)
            grid.addWidget(label, row, 0)
            bars, texts = [], []
            for year in range(years):
                bar, text = GaugeBar(), QLabel()
                text.setAlignment(Qt.AlignmentFlag.AlignCenter)
                grid.addWidget(bar, row, year + 1)
                grid.addWidget(text, row + 1, year + 1)
                bars.append(bar)
                texts.append(text)
            self.other_labels.append(label)
            self.other_bars.append(bars)
            self.other_texts.append(texts)

    def _update_share_rows(self) -> None:
        tr, lang = self.session.tr, self.session.tr.lang
        for index, figures in enumerate(self._other_shares()[:len(self.other_bars)]):
            template = (tr.gettext("{what} vs at most {limit}") if figures.bound == "max"
                        else tr.gettext("{what} vs at least {limit}"))
            self.other_labels[index].setText(template.format(
                what=figures.label, limit=format_share(0, figures.limit, lang)[1]))
            for year, gauge in enumerate(share_gauges(figures)):
                if gauge is None:
                    self.other_bars[index][year].set_gauge(None, tr.gettext("No expenses yet."))
                    self.other_texts[index][year].setText("—")
                    continue
                shown, limit = format_share(gauge.value, gauge.limit, lang)
                self.other_bars[index][year].set_gauge(gauge, tr.gettext(
                    "Year {n}: {what} is {share} of {base}; the limit is {limit}.").format(
                    n=year + 1, what=figures.label, share=shown, base=figures.base_label,
                    limit=limit))
                self.other_texts[index][year].setText(shown)

    def update_bars(self) -> None:
        """Redraw from the session's budget summary."""
        session, tr = self.session, self.session.tr
        if session.summary is None or session.program is None:
            return
        lang = tr.lang
        self.share_label.setText(tr.gettext("Québec's share vs {limit}").format(
            limit=format_percent(applicant_caps(session.program, session.proposal)
                                 .funder_share_max, lang, 0)))
        self._update_share_rows()
        for year, (cap, share) in enumerate(cap_gauges(session.program, session.summary,
                                                       session.proposal)):
            text = tr.gettext("{asked} of {cap}").format(
                asked=format_money(cap.value, lang), cap=format_money(cap.limit, lang))
            tip = tr.gettext(
                "Year {n}: Québec's contribution is {asked}; the cap is {cap}.").format(
                n=year + 1, asked=format_money(cap.value, lang), cap=format_money(cap.limit, lang))
            self.cap_bars[year].set_gauge(cap, tip)
            self.cap_texts[year].setText(text)
            if share is None:
                self.share_bars[year].set_gauge(None, tr.gettext("No expenses yet."))
                self.share_texts[year].setText("—")
            else:
                shown = format_percent(share.value, lang)
                self.share_bars[year].set_gauge(share, tr.gettext(
                    "Year {n}: Québec's share is {share} of the costs; the maximum is {limit}."
                ).format(n=year + 1, share=shown, limit=format_percent(share.limit, lang, 0)))
                self.share_texts[year].setText(shown)


START_DATE: Location = ("budget", "start_date")


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
        # Months on two lines: the column stays about as narrow as its amounts.
        label = year_period_labels(start, program.years, self.session.tr.locale)[key[-1]]
        return label.replace(" – ", " –\n")

    def _changed(self, location: Location) -> None:
        if Where(location).overlaps(START_DATE):
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
    tr = session.tr
    return [Column((key, y), tr.gettext("Year {n}").format(n=y + 1), "money")
            for y in range(program.years)]


class ExpensesPage(Page):
    """Expenses by category and year."""

    step_id = "expenses"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        tr = session.tr
        _ = tr.gettext
        super().__init__(session, _(
            "Enter each expense per project year. Amounts can be typed the French or the "
            "English way (400 000,00 $ or $400,000.00), and a block copied from a "
            "spreadsheet can be pasted with Ctrl+V."), parent)
        program = session.program
        assert program is not None
        # The Québec fiscal-year estimate of the dossier counts months from this date.
        form = self.form()
        self.start_date = form.date(_("Project &start date:"), START_DATE, _("(not set)"),
                                    suggested_start(session))
        self.start_date.setAccessibleDescription(_(
            "The first day of project year 1; the dossier spreads each year over its "
            "months to estimate the amounts by Québec fiscal year (1 April to 31 March)."))
        self.bars = CapBars(session)
        self.body.addWidget(self.bars)
        categories = tuple((c.id, c.label(tr)) for c in program.expense_categories)
        years = program.years
        columns = [Column(("category",), _("Category"), "choice", categories),
                   Column(("description",), _("Description")), *_years(session, "amounts")]
        columns.append(Column(("total",), _("Total"), "sum", of=tuple(range(2, 2 + years))))
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
        tr = session.tr
        _ = tr.gettext
        super().__init__(session, _(
            "List every source of financing per year, including the contribution "
            "requested from Québec and each partner's cash and in-kind contribution. "
            "Revenues must equal expenses every year."), parent)
        program = session.program
        assert program is not None
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
        grouping = Grouping("source", [s for s, _label in sources], dict(sources))
        first = sources[0][0]
        model = LineTableModel(
            session, ("budget", "revenues"), columns,
            lambda group: RevenueLine(source=group or first, amounts=[Decimal(0)] * years),
            grouping, total_label=_("Total revenues"), parent=self)
        self.periods = YearPeriods(session, model)
        caption = QLabel(_("Re&venues:"))
        self.body.addWidget(caption)
        self.view = self.table(model, _("Revenues"), _("&Add a revenue"))
        caption.setBuddy(self.view)
