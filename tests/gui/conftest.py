"""GUI fixtures: real widgets, offscreen, settings and user folders isolated per test."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit, QWidget  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "guard_expected: the test makes a Qt override raise "
                            "on purpose (gui/guard.py swallowing it does not fail the test)")


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt makes the application's own QApplication class (gui/app.py), which
    hands the files the system asks to open to the window."""
    from proposalkit.gui.app import Application

    return Application


@pytest.fixture(autouse=True)
def _no_swallowed_exceptions(request):
    """An exception gui/guard.py swallows inside a Qt override fails the test (the user
    would see an empty cell; the test would be green)."""
    from proposalkit.gui import guard

    swallowed: list[str] = []
    with guard.watch(lambda name, exc: swallowed.append(f"{name}: {exc!r}")):
        yield
    if swallowed and request.node.get_closest_marker("guard_expected") is None:
        pytest.fail("gui/guard.py swallowed an exception in a Qt override:\n"
                    + "\n".join(dict.fromkeys(swallowed)), pytrace=False)


@pytest.fixture(autouse=True)
def _no_unexpected_dialogs(monkeypatch):
    """A modal dialog a test did not answer fails the test instead of hanging it."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(self, *args):
        text = getattr(self, "text", lambda: "")()
        raise AssertionError(f"unexpected dialog: {self.windowTitle()!r} {text!r}")

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)


@pytest.fixture
def make_gui(qtbot, tmp_path):
    """Build the application window in a language; closes it without prompting."""
    from proposalkit.gui.app import create
    from proposalkit.gui.settings import Preferences

    made = []

    def make(lang: str = "fr", show: bool = True):
        # PROPOSALKIT_CONFIG_DIR is set per test by tests/conftest.py: settings are isolated.
        gui = create(lang, prefs=Preferences())
        gui.session.today = __import__("datetime").date(2018, 4, 2)
        # The offscreen screen is 800x800: the window fits it (gui/screen_fit.py, tested
        # on its own); the other tests see the size a desktop gives it.
        gui.window.resize(1280, 820)
        if show:
            gui.window.show()
            qtbot.waitExposed(gui.window)
        made.append(gui)
        return gui

    yield make
    close_windows([gui.window for gui in made])


def close_windows(windows) -> None:
    """Close the windows a test made, without prompting, and delete them."""
    for window in windows:
        window.maybe_save = lambda: True
        window.close()
        # Deleted, not only closed: the session's connections keep a closed window (and
        # the file-open filter it installs on the application, which every later event
        # of the worker would pass through) alive until the process ends.
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def binding_widget(page, location) -> QWidget:
    """The input of a form page bound to ``location``."""
    for form in page.forms:
        for binding in form.bindings:
            if binding.location == tuple(location):
                return binding.widget
    raise LookupError(location)


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Focus ``widget`` and type ``text`` key by key."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            # QTest only maps ASCII to keys: accented letters arrive as text, as from an IME.
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                         char))


def choose(qtbot, combo: QComboBox, data: str) -> None:
    """Pick the item whose data is ``data`` with the keyboard (arrow keys)."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0, data
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(target - combo.currentIndex())):
        qtbot.keyClick(combo, key)
    assert combo.currentIndex() == target


def edit_cell(qtbot, view: QAbstractItemView, row: int, column: int, text: str) -> None:
    """Open the cell's editor as a user would (F2) and type ``text``, then Enter."""
    index = view.model().index(row, column)
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editors = [w for w in view.viewport().findChildren(QWidget)
               if isinstance(w, (QLineEdit, QComboBox)) and w.isVisible()]
    assert len(editors) == 1, editors
    editor = editors[0]
    if isinstance(editor, QComboBox):
        choose(qtbot, editor, text)
    else:
        editor.selectAll()
        qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on Enter through a queued call.
    QApplication.processEvents()


def clear_cell(qtbot, view: QAbstractItemView, row: int, column: int) -> None:
    """Empty a text cell as a user does: F2, select all, Delete, Enter."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = next(w for w in view.viewport().findChildren(QLineEdit) if w.isVisible())
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def write_pdf(path: Path, title: str = "Document") -> Path:
    """A small real PDF to attach."""
    from proposalkit.core.example import _pdf_page

    path.write_bytes(_pdf_page(title, ["proposalkit test"]))
    return path
