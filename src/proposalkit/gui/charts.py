"""The overview's budget charts, drawn with QtCharts from :mod:`proposalkit.core.overview`
figures. Readable without colour: every series has its own fill pattern, and every bar
its value written on it.

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
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

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


def revenues_chart(figures: BudgetFigures, tr: Translator) -> QChartView:
    """Revenues by source and year, stacked, in thousands of dollars."""
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
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    axis_x, axis_y = _years(figures, tr), _value_axis(
        float(max(totals, default=Decimal(0)) / THOUSAND), "%.0f",
        tr.gettext("thousands of dollars"))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    return _view(chart, "\n".join(lines) or tr.gettext("No revenues yet."))


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
