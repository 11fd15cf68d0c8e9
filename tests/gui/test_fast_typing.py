"""Typing fast through a table's cells never loses what was typed (#21): a target per
year typed one cell after the other, with no pause, while the validation of the previous
cell runs during the typing of the next one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from tests.gui.conftest import choose
from tests.gui.test_walkthrough import add_line, cell_editor, click, type_cell

YEARS = 4


def _open_editors(view) -> list[QWidget]:
    return [w for w in view.viewport().findChildren(QLineEdit) if w.isVisible()]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_targets_typed_one_after_the_other_are_all_kept(make_gui, qtbot, lang):
    gui = make_gui(lang)
    window, session = gui.window, gui.session
    choose(qtbot, window.start.program, "pri-2018")
    click(qtbot, window.start.new_button)
    view = window.go_to("indicators").indicators
    line = add_line(qtbot, view)
    row = view.line_model.row_of_line(line)
    type_cell(qtbot, view, row, 0, "Entreprises accompagnées")
    type_cell(qtbot, view, row, 1, "entreprises")
    typed = ["1 200,5", "2 400", "-3", "4 800,25"] if lang == "fr" else \
        ["1,200.5", "2,400", "-3", "4,800.25"]
    for year, text in enumerate(typed):
        editor = cell_editor(qtbot, view, row, 3 + year)
        qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(editor, text[:1])
        # The app catches up between two keys (the previous cell's validation runs:
        # every year's "target missing" message changes): the editor keeps the key.
        QApplication.processEvents()
        qtbot.keyClicks(editor, text[1:])
        assert editor.text() == text
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        QApplication.processEvents()
        # Enter closed the editor for good: none is opened again behind the user's back.
        assert _open_editors(view) == [], year
    assert session.proposal.indicators[line].targets == [
        Decimal("1200.5"), Decimal(2400), Decimal(-3), Decimal("4800.25")]
    # The findings caught up: no target is said to be missing.
    qtbot.waitUntil(lambda: not [f for f in session.findings
                                 if f.location[:3] == ("indicators", line, "targets")])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_text_typed_while_the_table_regroups_is_kept(make_gui, qtbot, tmp_path, lang):
    """An activity moved to another axis is regrouped right after the edit (the table is
    rebuilt): the title the user already went back to and typed in stays typed."""
    from proposalkit.cli import main

    path = tmp_path / "p.pkp"
    assert main(["--lang", "fr", "example", "-o", str(path)]) == 0
    gui = make_gui(lang)
    assert gui.window.open_path(path)
    session = gui.window.session
    view = gui.window.go_to("activities").activities
    model = view.line_model
    line = next(i for i, a in enumerate(session.proposal.activities) if a.id == "act-guichet")
    other_axis = next(a.id for a in session.program.axes
                      if a.id != session.proposal.activities[line].axis)
    combo = cell_editor(qtbot, view, model.row_of_line(line), 1)
    choose(qtbot, combo, other_axis)
    # Shift+Tab: the axis is stored and the title's editor opens; the user types at once,
    # before the table has been regrouped.
    qtbot.keyClick(combo, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    (editor,) = _open_editors(view)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "Guichet central")
    QApplication.processEvents()  # the regroup: the table is rebuilt under the editor
    assert session.proposal.activities[line].axis == other_axis
    (editor,) = _open_editors(view)
    assert editor.text() == "Guichet central"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert session.proposal.activities[line].title == "Guichet central"
