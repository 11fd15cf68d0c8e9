"""The overview's budget charts, drawn with QtCharts from :mod:`proposalkit.core.overview`
figures. Readable without colour: every series has its own fill pattern, and every bar
its value written on it.

The revenues chart fits the smallest window (1024×640): its plot has a bounded height and
its sources are listed under it, one a line, wrapped, instead of in QtCharts' legend
beside the plot, which cut their names to a few letters in a narrow window and took the
plot's width.

QtCharts is imported here only, and this module only when the overview first draws its
charts: the window starts without it.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from proposalkit.core.money import format_money, format_percent
from proposalkit.core.overview import BudgetFigures
from proposalkit.gui.binding import qt_locale
from proposalkit.i18n import Translator

#: Fill patterns, in the order series get them (told apart in grey too).
PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern,
            Qt.BrushStyle.Dense4Pattern, Qt.BrushStyle.CrossPattern,
            Qt.BrushStyle.FDiagPattern, Qt.BrushStyle.HorPattern,
            Qt.BrushStyle.DiagCrossPattern, Qt.BrushStyle.VerPattern)
COLORS = (QColor(21, 101, 192), QColor(46, 125, 50), QColor(239, 108, 0),
          QColor(106, 27, 154), QColor(0, 131, 143), QColor(93, 64, 55),
          QColor(173, 20, 87), QColor(85, 139, 47))
THOUSAND = Decimal(1000)
#: The revenues plot's height, in pixels: readable bars and figures at the least, and at
#: the most what leaves room for its sources' list in the smallest window's page (about
#: 440 pixels high under a Windows title bar and task bar at 1024×640).
PLOT_HEIGHT = (220, 280)


def _style(bar_set: QBarSet, n: int) -> None:
    color = COLORS[n % len(COLORS)]
    bar_set.setBrush(QBrush(color, PATTERNS[n % len(PATTERNS)]))
    bar_set.setPen(QPen(color.darker(130), 1))
    bar_set.setLabelColor(QColor(20, 20, 20))


def _chart(title: str, tr: Translator) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    # Figures on bars and axes the user's way (55,6 % in French).
    chart.setLocalizeNumbers(True)
    chart.setLocale(qt_locale(tr.lang))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    return chart


def _years(figures: BudgetFigures, tr: Translator) -> QBarCategoryAxis:
    # Numbers under the bars, the word once in the axis title: "Year 1" is cut off
    # under a narrow bar.
    axis = QBarCategoryAxis()
    axis.append([str(y + 1) for y in range(figures.years)])
    axis.setTitleText(tr.gettext("Project year"))
    return axis


def _value_axis(top: float, fmt: str, title: str) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, max(top, 1.0) * 1.1)
    axis.setLabelFormat(fmt)
    axis.setTitleText(title)
    axis.applyNiceNumbers()
    return axis


def _view(chart: QChart, description: str) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(280, 260)
    view.setAccessibleName(chart.title())
    # What a screen reader says: the figures, not a picture.
    view.setAccessibleDescription(description)
    view.setToolTip(description)
    return view


def _swatch(n: int, size: int) -> QPixmap:
    """The fill of series ``n`` as a small picture for the sources' list."""
    picture = QPixmap(size * 3 // 2, size)
    picture.fill(QColor("white"))
    painter = QPainter(picture)
    color = COLORS[n % len(COLORS)]
    painter.fillRect(picture.rect(), QBrush(color, PATTERNS[n % len(PATTERNS)]))
    painter.setPen(QPen(color.darker(130), 1))
    painter.drawRect(picture.rect().adjusted(0, 0, -1, -1))
    painter.end()
    return picture


class RevenuesChart(QWidget):
    """The revenues chart (``view``) above the list of its sources (``legend``: a
    swatch and the source's whole name on each line)."""

    def __init__(self, view: QChartView, labels: list[str]) -> None:
        super().__init__()
        self.view = view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(view)
        self.legend = QWidget()
        grid = QGridLayout(self.legend)
        grid.setContentsMargins(8, 0, 8, 4)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        size = self.fontMetrics().height() * 3 // 4
        self.labels: list[QLabel] = []
        for n, text in enumerate(labels):
            swatch = QLabel()
            swatch.setPixmap(_swatch(n, size))
            label = QLabel(text)
            label.setWordWrap(True)
            grid.addWidget(swatch, n, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, n, 1)
            self.labels.append(label)
        layout.addWidget(self.legend)
        self.setAccessibleName(view.accessibleName())
        self.setToolTip(view.toolTip())

    def chart(self) -> QChart:
        """The chart drawn (as :meth:`QChartView.chart`)."""
        return self.view.chart()


def revenues_chart(figures: BudgetFigures, tr: Translator) -> RevenuesChart:
    """Revenues by source and year, stacked, in thousands of dollars, above the list of
    its sources."""
    chart = _chart(tr.gettext("Revenues by source and year"), tr)
    series = QStackedBarSeries()
    lines = []
    for n, row in enumerate(figures.revenues):
        bar_set = QBarSet(row.label)
        bar_set.append([float(v / THOUSAND) for v in row.values])
        _style(bar_set, n)
        series.append(bar_set)
        lines.append(f"{row.label}: " + " / ".join(format_money(v, tr.lang) for v in row.values))
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPrecision(4)
    chart.addSeries(series)
    totals = [sum((r.values[y] for r in figures.revenues), Decimal(0))
              for y in range(figures.years)]
    # A figure written on a thin slice would overlap its neighbours': thin slices keep
    # their pattern and legend (and the figures are in the tooltip) without the text.
    top_total = max(totals, default=Decimal(0))
    for n, row in enumerate(figures.revenues):
        if top_total and max(row.values) < top_total / 12:
            series.barSets()[n].setLabelColor(QColor(0, 0, 0, 0))
    chart.legend().setVisible(False)  # listed under the chart, names whole
    axis_x, axis_y = _years(figures, tr), _value_axis(
        float(max(totals, default=Decimal(0)) / THOUSAND), "%.0f",
        tr.gettext("thousands of dollars"))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    view = _view(chart, "\n".join(lines) or tr.gettext("No revenues yet."))
    view.setMinimumHeight(PLOT_HEIGHT[0])
    view.setMaximumHeight(PLOT_HEIGHT[1])
    return RevenuesChart(view, [row.label for row in figures.revenues])


def share_chart(figures: BudgetFigures, tr: Translator) -> QChartView:
    """The funder's share of each year's costs, against the maximum (a dashed line)."""
    limit = format_percent(figures.share_limit, tr.lang, 0)
    chart = _chart(tr.gettext("{funder}: share of the costs (maximum {limit})").format(
        funder=figures.funder, limit=limit), tr)
    series = QBarSeries()
    bar_set = QBarSet(tr.gettext("{funder}: share (%)").format(funder=figures.funder))
    values = [float(v * 100) if v is not None else 0.0 for v in figures.share]
    bar_set.append(values)
    _style(bar_set, 0)
    series.append(bar_set)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value %")
    series.setLabelsPrecision(3)
    chart.addSeries(series)
    line = QLineSeries()
    line.setName(tr.gettext("Maximum {limit}").format(limit=limit))
    top = float(figures.share_limit * 100)
    # From the left edge of the first bar to the right edge of the last.
    line.append([QPointF(-0.5, top), QPointF(figures.years - 0.5, top)])
    pen = QPen(QColor(198, 40, 40), 2, Qt.PenStyle.DashLine)
    line.setPen(pen)
    chart.addSeries(line)
    axis_x = _years(figures, tr)
    axis_y = _value_axis(max([top, *values]), "%.0f", tr.gettext("% of costs"))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    for s in (series, line):
        s.attachAxis(axis_x)
        s.attachAxis(axis_y)
    text = " / ".join(format_percent(v, tr.lang) if v is not None else "—"
                      for v in figures.share)
    return _view(chart, f"{chart.title()}: {text}")


def caps_chart(figures: BudgetFigures, tr: Translator) -> QChartView:
    """Each year's contribution requested beside its cap, in thousands of dollars."""
    chart = _chart(tr.gettext("{funder}: contribution and cap per year").format(
        funder=figures.funder), tr)
    series = QBarSeries()
    asked, cap = QBarSet(tr.gettext("Requested")), QBarSet(tr.gettext("Cap"))
    asked.append([float(v / THOUSAND) for v in figures.asked])
    cap.append([float(v / THOUSAND) for v in figures.caps])
    _style(asked, 0)
    _style(cap, 1)
    # The cap is the same every year and named in the title's tooltip: only what is
    # requested is written on its bars, so two figures never overlap.
    cap.setLabelColor(QColor(0, 0, 0, 0))
    series.append(asked)
    series.append(cap)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    series.setLabelsPrecision(4)
    chart.addSeries(series)
    axis_x = _years(figures, tr)
    axis_y = _value_axis(float(max([*figures.asked, *figures.caps]) / THOUSAND), "%.0f",
                         tr.gettext("thousands of dollars"))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    text = " / ".join(tr.gettext("{asked} of {cap}").format(
        asked=format_money(a, tr.lang), cap=format_money(c, tr.lang))
        for a, c in zip(figures.asked, figures.caps, strict=True))
    return _view(chart, f"{chart.title()}: {text}")
