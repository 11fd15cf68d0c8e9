"""The budget tables (and the indicators, #21) keep the line names at the left while the
years scroll, and at a small width open with every project year beside those names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem


def _settle(qtbot):
    for _ in range(5):
        QApplication.processEvents()


def test_names_frozen_and_every_year_beside_them_on_a_small_window(make_gui, qtbot):
    gui = make_gui("fr")
    window = gui.window
    window.open_example()
    window.resize(1024, 640)
    for step in ("expenses", "revenues"):
        view = window.go_to(step).view
        _settle(qtbot)
        names = view.names
        assert names is not None and names.isVisible(), step
        assert view.horizontalScrollBar().value() > 0
        model = view.line_model
        assert model.columns[names.column].key == ("description",)
        shown = [c for c in range(model.columnCount()) if not names.isColumnHidden(c)]
        assert shown == [names.column]
        years = [c for c, column in enumerate(model.columns) if column.kind == "money"]
        for column in years:
            left = view.columnViewportPosition(column)
            assert left >= names.width() - 1, (step, column)
            assert left + view.columnWidth(column) <= view.viewport().width(), (step, column)
        # A subtotal row shows its label in the frozen names, too.
        subtotal = next(r for r, row in enumerate(model.rows) if row.kind == "subtotal")
        option = QStyleOptionViewItem()
        names.itemDelegate().initStyleOption(option, model.index(subtotal, names.column))
        assert option.text == model.index(subtotal, 0).data()
        assert option.text.startswith("Sous-total")
        assert names.rowHeight(subtotal) == view.rowHeight(subtotal)
        # The names follow the rows when the table scrolls down.
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
        assert names.verticalScrollBar().value() == view.verticalScrollBar().value()
        # Scrolled back to the left, the real columns show and the names step aside.
        view.horizontalScrollBar().setValue(0)
        assert not names.isVisible()


def test_a_wide_window_shows_everything_without_scrolling(make_gui, qtbot):
    gui = make_gui("fr")
    window = gui.window
    window.open_example()
    window.resize(1800, 900)
    view = window.go_to("expenses").view
    _settle(qtbot)
    assert view.horizontalScrollBar().value() == 0
    assert not view.names.isVisible()
    # Whole dollars: the figures without cents; one amount with cents brings them back.
    model = view.line_model
    row = model.row_of_line(0)
    assert model.index(row, 2).data() == "380\u00a0000"
    from decimal import Decimal

    from proposalkit.core.edits import SetAmount

    gui.session.apply(SetAmount(("budget", "expenses", 0), 0, Decimal("380000.50")), "x")
    assert model.index(row, 2).data() == "380\u00a0000,50"
    assert model.index(row, 3).data() == "380\u00a0000,00"


def test_a_cell_is_never_left_under_the_frozen_names(make_gui, qtbot):
    gui = make_gui("fr")
    window = gui.window
    window.open_example()
    window.resize(1024, 640)
    view = window.go_to("expenses").view
    _settle(qtbot)
    model, names = view.line_model, view.names
    row = model.row_of_line(0)
    year1 = next(c for c, column in enumerate(model.columns) if column.kind == "money")
    # Scrolled so that year 1 is half under the names: going to it brings it out.
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 30)
    assert view.columnViewportPosition(year1) < names.width()
    view.scrollTo(model.index(row, year1))
    assert view.columnViewportPosition(year1) >= names.width() - 1
    assert names.isVisible()
    # A text cell (the category, the description itself): the table shows its start.
    view.scrollTo(model.index(row, names.column))
    assert view.horizontalScrollBar().value() == 0 and not names.isVisible()


@pytest.mark.parametrize(("lang", "baseline"), [("fr", "Valeur de\ndépart"),
                                                ("en", "Baseline")])
def test_indicators_names_frozen_with_every_target_beside_them(make_gui, qtbot, lang,
                                                                baseline):
    gui = make_gui(lang)
    window = gui.window
    window.open_example()
    window.resize(1024, 640)
    page = window.go_to("indicators")
    view = page.indicators
    _settle(qtbot)
    model, names = view.line_model, view.names
    assert names is not None and names.isVisible() and names.column == 0
    # A title of several words on two lines over a narrow column of figures.
    assert model.headerData(2, Qt.Orientation.Horizontal) == baseline
    assert "\n" in model.headerData(7, Qt.Orientation.Horizontal)  # the source
    for column in range(2, 7):  # the baseline and the four years' targets
        left = view.columnViewportPosition(column)
        assert left >= names.width() - 1, column
        assert left + view.columnWidth(column) <= view.viewport().width(), column
    # The source, cut at the column's edge, reads whole in its tip; Tab's way to it
    # brings it into view.
    row = model.row_of_line(3)
    source = gui.session.proposal.indicators[3].source
    assert source in model.index(row, 7).data(Qt.ItemDataRole.ToolTipRole)
    view.scrollTo(model.index(row, 7))
    assert view.columnViewportPosition(7) + view.columnWidth(7) <= view.viewport().width()
    # Back to the name: the table shows its start, the unit beside the name.
    view.scrollTo(model.index(row, 0))
    assert view.horizontalScrollBar().value() == 0 and not names.isVisible()
    assert view.columnViewportPosition(1) + view.columnWidth(1) <= view.viewport().width()
