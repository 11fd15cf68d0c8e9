"""Every page is usable in a 1024x640 window: nothing wider than the room it has (no
sideways scrolling of a form), and the navigation buttons in view."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_fits_1024_by_640(make_gui, lang):
    gui = make_gui(lang)
    window = gui.window
    window.setMinimumSize(0, 0)
    window.resize(1024, 640)
    window.open_example()
    QApplication.processEvents()
    assert window.width() <= 1024 and window.height() <= 640
    problems = []
    for step in window.pages:
        window.go_to(step)
        for _ in range(3):
            QApplication.processEvents()
        shown = window.page_widgets[step]
        if isinstance(shown, QScrollArea) and shown.horizontalScrollBar().isVisible():
            problems.append((step, "scrolls sideways",
                             shown.widget().minimumSizeHint().width(), shown.viewport().width()))
        for button in (window.prev_button, window.next_button):
            corner = button.mapTo(window, button.rect().bottomRight())
            if button.isVisible() and not window.rect().contains(corner):
                problems.append((step, button.text()))
        page = window.pages[step]
        for button in page.findChildren(QAbstractButton):
            if button.isVisibleTo(page) and button.width() < button.minimumSizeHint().width():
                problems.append((step, "cut", button.text()))
    assert not problems, problems
