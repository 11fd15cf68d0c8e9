"""The year columns of a budget table are as wide as the widest year's amount (all the
same, like a spreadsheet's), the total as its widest: every amount fits its column."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication


def test_year_columns_even_and_every_amount_fits(make_gui):
    gui = make_gui("fr")
    gui.window.open_example()
    for step in ("expenses", "revenues"):
        view = gui.window.go_to(step).view
        QApplication.processEvents()
        model = view.line_model
        years = [c for c, col in enumerate(model.columns) if col.kind == "money"]
        assert len({view.columnWidth(c) for c in years}) == 1, step
        bold = QFont(view.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        for c in years + [c for c, col in enumerate(model.columns) if col.kind == "sum"]:
            widest = max(metrics.horizontalAdvance(model.index(r, c).data())
                         for r in range(model.rowCount()))
            assert view.columnWidth(c) >= widest, (step, c)
