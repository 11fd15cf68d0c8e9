"""The cap bars above the budget tables: per project year, the funder's contribution against
its cap and, for each share rule of the program (the funder's rate, stacking limits,
minimum shares: :func:`~proposalkit.core.limits.share_figures_of`), the share against its
limit; amber near a limit and red past it. Each row's label ends with all years
together (a fourth column would not fit 8-digit amounts at 1024 wide).

A rule is compared with its limit on the period it applies to
(:meth:`~proposalkit.core.limits.ShareFigures.checks`): the years of a whole-project
rule, or the total of yearly caps, are painted in a neutral colour as information, never
red (a year at 62 % under a 60 % rate on the whole project is no breach).

Every figure is shown whole. Labels never wrap on their own (their minimum width is
their text's), so the layout can only give them their full width: side by side (row
labels on the left of the years) when the page is wide enough, stacked (each row label
above its bars) when it is not, and scrolled sideways only when even that cannot fit
(a program with many years in a narrow window).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from proposalkit.core.gauges import (
    Gauge,
    cap_gauges,
    share_gauges,
    share_total_gauge,
    total_cap_gauge,
)
from proposalkit.core.limits import ShareFigures, share_figures_of
from proposalkit.core.money import format_money, format_share
from proposalkit.gui.guard import guarded, plain_tip
from proposalkit.gui.session import Session

LEVEL_COLORS = {"ok": QColor(46, 125, 50), "near": QColor(245, 160, 0),
                "over": QColor(198, 40, 40), "info": QColor(120, 144, 156)}
SPACING = 8


class GaugeBar(QWidget):
    """A horizontal bar painted from a :class:`Gauge` (it only draws what it is given)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gauge: Gauge | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @guarded(QSize)
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """A thin bar."""
        return QSize(60, max(10, self.fontMetrics().height() // 2 + 4))

    @guarded(QSize)
    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as the figures under it allow."""
        return QSize(20, self.sizeHint().height())

    @property
    def level(self) -> str:
        """The level painted (``ok``, ``near``, ``over``; empty without a gauge)."""
        return self.gauge.level if self.gauge else ""

    def set_gauge(self, gauge: Gauge | None, tooltip: str) -> None:
        """Show ``gauge`` (nothing is done when it is already shown)."""
        if gauge == self.gauge and tooltip == self.accessibleDescription():
            return
        self.gauge = gauge
        self.setToolTip(plain_tip(tooltip))
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


def _figure() -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class _Row:
    """One kind of gauge across the years: its label, a bar and a figure per year."""

    def __init__(self, label: str, years: int) -> None:
        self.label = QLabel(label)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        # A rule's label can be a sentence: it wraps (between words) rather than widen
        # the bars past the page.
        self.label.setWordWrap(True)
        self.bars = [GaugeBar() for _ in range(years)]
        self.texts = [_figure() for _ in range(years)]
        #: All years together (shown on the label's last line).
        self.total: Gauge | None = None
        self.name = label

    def show_total(self, gauge: Gauge | None, text: str) -> None:
        """The row's name, then all years together; red past the limit."""
        self.total = gauge
        _set_text(self.label, f"{self.name}\n{text}")
        over = gauge is not None and gauge.level == "over"
        style = "color: rgb(198, 40, 40);" if over else ""
        if self.label.styleSheet() != style:  # a style sheet set again restyles the label
            self.label.setStyleSheet(style)


def _set_text(label: QLabel, text: str) -> None:
    # After each edit most figures are as they were: a text set again is measured and
    # laid out again for nothing.
    if label.text() != text:
        label.setText(text)


class CapBars(QWidget):
    """Per year, the contribution against its cap and each share against its maximum."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        tr = session.translator
        program = session.program
        assert program is not None
        years = program.years
        self.titles = [_figure() for _ in range(years)]
        for year, title in enumerate(self.titles):
            title.setText(tr.gettext("Year {n}").format(n=year + 1))
        self.rows = [_Row(tr.gettext("{funder}: contribution vs cap").format(
            funder=program.funder_name(tr)), years)]
        self.figures = self._shares()
        for _figures in self.figures:
            self.rows.append(_Row("", years))
        funder = next((i for i, f in enumerate(self.figures) if f.is_funder_share), None)
        self.cap_bars, self.cap_texts = self.rows[0].bars, self.rows[0].texts
        share = self.rows[1 + funder] if funder is not None else None
        self.share_bars = share.bars if share is not None else []
        self.share_texts = share.texts if share is not None else []
        others = [row for i, row in enumerate(self.rows[1:]) if i != funder]
        self.other_labels = [row.label for row in others]
        self.other_bars = [row.bars for row in others]
        self.other_texts = [row.texts for row in others]

        self.content = QWidget()
        self.grid = QGridLayout(self.content)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(SPACING)
        self.grid.setVerticalSpacing(2)
        self.scroller = QScrollArea(self)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidgetResizable(True)
        self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 6)
        outer.addWidget(self.scroller)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.stacked: bool | None = None
        session.findings_changed.connect(self.update_bars)
        self.update_bars()
        self._place(False)

    # -- layout ---------------------------------------------------------------------------

    def _column_width(self) -> int:
        return max(label.sizeHint().width() for label in
                   self.titles + [t for row in self.rows for t in row.texts])

    def label_width(self) -> int:
        """The row labels' column when side by side: their width, at most 16 em."""
        metrics = self.fontMetrics()
        natural = max(metrics.horizontalAdvance(line) for row in self.rows
                      for line in row.label.text().split("\n"))
        return min(natural + 2, metrics.horizontalAdvance("M") * 16)

    def wide_width(self) -> int:
        """The width the side-by-side layout needs to show every figure whole."""
        years = len(self.titles)
        return self.label_width() + years * (self._column_width() + SPACING)

    def _place(self, stacked: bool) -> None:
        if stacked == self.stacked:
            return
        self.stacked = stacked
        grid, first = self.grid, 0 if stacked else 1
        columns = len(self.titles)
        for year, title in enumerate(self.titles):
            grid.addWidget(title, 0, first + year)
        line = 1
        for row in self.rows:
            if stacked:
                grid.addWidget(row.label, line, 0, 1, columns)
                line += 1
            else:
                grid.addWidget(row.label, line, 0, 2, 1, Qt.AlignmentFlag.AlignVCenter)
            row.label.setMinimumWidth(0 if stacked else self.label_width())
            for year, (bar, text) in enumerate(zip(row.bars, row.texts, strict=True)):
                grid.addWidget(bar, line, first + year)
                grid.addWidget(text, line + 1, first + year)
            line += 2
        # Year columns share the width equally; the label column takes what it needs.
        for column in range(columns + 1):
            grid.setColumnStretch(column, 0 if (column == 0 and not stacked) else 1)
        if stacked:
            grid.setColumnStretch(columns, 0)
        self._fit_height()

    def _fit_height(self) -> None:
        self.content.adjustSize()
        width = max(self.scroller.viewport().width(), self.content.minimumSizeHint().width())
        height = (self.grid.totalHeightForWidth(width) if self.grid.hasHeightForWidth()
                  else self.grid.totalMinimumSize().height())
        hbar = self.scroller.horizontalScrollBar()
        if self.content.minimumSizeHint().width() > self.scroller.viewport().width():
            height += hbar.sizeHint().height()
        self.scroller.setFixedHeight(height)
        self.updateGeometry()

    @guarded(None)
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Side by side when every figure fits so, stacked otherwise."""
        super().resizeEvent(event)
        self._place(self.width() < self.wide_width())
        self._fit_height()

    def labels(self) -> list[QLabel]:
        """Every label of the bars (titles, row labels, figures), for tests and checks."""
        return self.titles + [w for row in self.rows for w in (row.label, *row.texts)]

    # -- figures --------------------------------------------------------------------------

    def _shares(self) -> list[ShareFigures]:
        session = self.session
        if session.program is None or session.proposal is None or session.summary is None:
            return []
        return share_figures_of(session.program, session.proposal, session.summary,
                                session.translator)

    def update_bars(self) -> None:
        """Redraw from the session's budget summary; the layout is fitted again only
        when a figure's size changed."""
        session, tr = self.session, self.session.translator
        if session.summary is None or session.program is None:
            return
        sizes = self._sizes()
        lang = tr.lang
        for year, (cap, _share) in enumerate(cap_gauges(session.program, session.summary,
                                                        session.proposal)):
            asked, limit = format_money(cap.value, lang), format_money(cap.limit, lang)
            if cap.level == "info":
                # No yearly cap: the year is information, the total column is the limit.
                self.cap_bars[year].set_gauge(cap, tr.gettext(
                    "Year {n} — {funder}: contribution of {asked}. There is no yearly cap: "
                    "the cap of {cap} applies to all years together.").format(
                    n=year + 1, funder=session.program.funder_name(tr), asked=asked,
                    cap=limit))
                _set_text(self.cap_texts[year], asked)
                continue
            self.cap_bars[year].set_gauge(cap, tr.gettext(
                "Year {n} — {funder}: contribution of {asked}; the cap is {cap}.").format(
                n=year + 1, funder=session.program.funder_name(tr), asked=asked, cap=limit))
            # Amount and cap on two lines: each column is as wide as one amount.
            _set_text(self.cap_texts[year],
                      tr.gettext("{asked}\nof {cap}").format(asked=asked, cap=limit))
        total = total_cap_gauge(session.program, session.summary, session.proposal)
        asked, limit = format_money(total.value, lang), format_money(total.limit, lang)
        self.rows[0].show_total(total, tr.gettext("All years: {asked} of {cap}").format(
            asked=asked, cap=limit))
        for row, figures in zip(self.rows[1:], self._shares(), strict=False):
            self._show_share(row, figures)
        if self.stacked is not None and sizes != self._sizes():
            self._fit_height()

    def _sizes(self) -> list[tuple[QSize, int]]:
        # What the layout depends on: each label's size, and the height a wrapping one
        # takes at its present width.
        return [(label.sizeHint(), label.heightForWidth(label.width()) if label.wordWrap()
                 else 0) for label in self.labels()]

    def _funder(self) -> str:
        program = self.session.program
        return program.funder_name(self.session.translator) if program is not None else ""

    def _show_share(self, row: _Row, figures: ShareFigures) -> None:
        tr, lang = self.session.translator, self.session.translator.lang
        limit_text = format_share(0, figures.limit, lang)[1]
        if figures.is_funder_share:
            row.name = tr.gettext("{funder}: share vs {limit}").format(
                funder=self._funder(), limit=limit_text)
        else:
            template = (tr.gettext("{what} vs at most {limit}") if figures.bound == "max"
                        else tr.gettext("{what} vs at least {limit}"))
            row.name = template.format(what=figures.label, limit=limit_text)
        total = share_total_gauge(figures)
        ratio = figures.ratio()
        shown = "—" if ratio is None else format_share(ratio, figures.limit, lang)[0]
        row.show_total(total, (tr.gettext("Whole project: {share}") if figures.whole_project
                               else tr.gettext("All years (information): {share}")
                               ).format(share=shown))
        for year, gauge in enumerate(share_gauges(figures)[:len(row.bars)]):
            self._show_gauge(row.bars[year], row.texts[year], year, figures, gauge)

    def _show_gauge(self, bar: GaugeBar, text: QLabel, year: int,
                    figures: ShareFigures, gauge: Gauge | None) -> None:
        tr = self.session.translator
        if gauge is None or figures.ratio(year) is None:
            bar.set_gauge(gauge, tr.gettext("No costs in {base}.").format(
                base=figures.base_label) if gauge is not None else
                tr.gettext("No expenses yet."))
            _set_text(text, "—")
            return
        shown, limit = format_share(gauge.value, gauge.limit, tr.lang)
        when = tr.gettext("Year {n}").format(n=year + 1)
        if figures.is_funder_share:
            tip = tr.gettext("{when} — {funder}: share of {share} of the costs; the maximum "
                             "is {limit}.").format(when=when, funder=self._funder(),
                                                   share=shown, limit=limit)
        else:
            tip = tr.gettext("{when}: {what} is {share} of {base}; the limit is {limit}."
                             ).format(when=when, what=figures.label, share=shown,
                                      base=figures.base_label, limit=limit)
        if gauge.level == "info":
            tip += " " + tr.gettext("The rule applies to the whole project: this year is "
                                    "shown for information.")
        bar.set_gauge(gauge, tip)
        _set_text(text, shown)
