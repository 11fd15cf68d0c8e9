"""The cap bars and the budget tables show every figure whole, at the smallest supported
window (1024×640) and on a large screen, with amounts of up to 8 digits a year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

LARGEST = Decimal("99999999.99")


def _set_amounts(session) -> None:
    funder = session.program.funder_source.id
    for kind in ("expenses", "revenues"):
        for i, line in enumerate(getattr(session.proposal.budget, kind)):
            for year, amount in enumerate(line.amounts):
                big = LARGEST if getattr(line, "source", None) == funder else amount * 100
                session.set_value(("budget", kind, i, "amounts", year), big)


def _settle(qtbot) -> None:
    for _ in range(5):
        QApplication.processEvents()
        qtbot.wait(1)


@pytest.mark.parametrize("size", [(1024, 640), (1920, 1080)])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_cap_figure_and_label_fits_its_width(make_gui, qtbot, size, lang):
    gui = make_gui(lang)
    gui.window.open_example()
    session = gui.session
    _set_amounts(session)
    gui.window.resize(*size)
    page = gui.window.go_to("revenues")
    _settle(qtbot)
    bars = page.bars
    viewport = bars.scroller.viewport()
    # Nothing is hidden sideways either: at these sizes the bars need no scrolling.
    assert bars.content.width() <= viewport.width()
    shown = QRect(0, 0, viewport.width(), viewport.height())
    texts = []
    for label in bars.labels():
        metrics = label.fontMetrics()
        box = label.contentsRect()
        if label.wordWrap():
            # A rule's label wraps between words: laid out in its box, it fits it.
            needed = metrics.boundingRect(0, 0, box.width(), 10_000,
                                          int(Qt.TextFlag.TextWordWrap), label.text())
            assert needed.width() <= box.width() and needed.height() <= box.height() + 1, (
                label.text(), needed, box)
        else:
            lines = label.text().split("\n")
            for line in lines:
                assert metrics.horizontalAdvance(line) <= box.width(), (line, box.width())
            assert metrics.lineSpacing() * len(lines) <= box.height() + 1, label.text()
        place = QRect(label.mapTo(viewport, box.topLeft()), box.size())
        assert shown.contains(place), label.text()
        texts.append(label.text())
    # The exact amounts are there, whole.
    asked = "99\u00a0999\u00a0999,99\u00a0$" if lang == "fr" else "$99,999,999.99"
    assert sum(asked in text for text in texts) == session.program.years


def test_findings_panel_and_description_keep_a_readable_width(make_gui, qtbot):
    from proposalkit.gui.findings import MIN_WIDTH_EMS

    gui = make_gui("fr")
    gui.window.open_example()
    _set_amounts(gui.session)
    gui.window.resize(1024, 640)
    page = gui.window.go_to("revenues")
    _settle(qtbot)
    panel = gui.window.findings
    assert panel.width() >= panel.fontMetrics().horizontalAdvance("M") * MIN_WIDTH_EMS
    view = page.view
    description = next(c for c, col in enumerate(view.line_model.columns)
                       if col.key == ("description",))
    assert view.columnWidth(description) >= view.text_minimum()
    metrics = view.fontMetrics()
    assert view.columnWidth(description) >= metrics.horizontalAdvance("Description")


def test_a_pack_with_a_stacking_rule_gets_a_row_that_fits_too(make_gui, qtbot):
    # The incubation pack's second share rule has a sentence for a label.
    gui = make_gui("fr")
    start = gui.window.start
    start.select_program("mei-incubation-2022")
    qtbot.mouseClick(start.example_button, Qt.MouseButton.LeftButton)
    gui.window.resize(1024, 640)
    page = gui.window.go_to("revenues")
    _settle(qtbot)
    bars = page.bars
    assert len(bars.other_labels) == 1 and bars.other_labels[0].text()
    assert bars.content.width() <= bars.scroller.viewport().width()
    for label in bars.labels():
        box = label.contentsRect()
        needed = label.fontMetrics().boundingRect(0, 0, box.width(), 10_000,
                                                  int(Qt.TextFlag.TextWordWrap), label.text())
        assert needed.width() <= box.width() and needed.height() <= box.height() + 1
