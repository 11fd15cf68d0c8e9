"""Budget tables: French amounts typed into cells, a cap exceeded then fixed (bar, cell,
findings panel), pasted blocks, line operations, undo and redo."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QtMsgType
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import edit_cell


def _open_example(gui):
    gui.window.open_example()
    return gui.session


def test_french_amount_typed_into_a_cell(make_gui, qtbot):
    gui = make_gui("fr")
    session = _open_example(gui)
    page = gui.window.go_to("expenses")
    view, model = page.view, page.view.line_model
    row = model.row_of_line(0)
    edit_cell(qtbot, view, row, 2, "400 000,00 $")
    assert session.proposal.budget.expenses[0].amounts[0] == Decimal("400000.00")
    # Shown back the French way, and the subtotal follows.
    # Whole dollars everywhere in the table: shown without cents, exactly.
    assert model.index(row, 2).data() == "400\u00a0000"
    assert model.index(row + 1, 2).data() == "400\u00a0000"
    edit_cell(qtbot, view, row, 3, "1 234,56")
    assert session.proposal.budget.expenses[0].amounts[1] == Decimal("1234.56")


def test_unreadable_amount_is_refused_with_a_message(make_gui, qtbot):
    gui = make_gui("en")
    session = _open_example(gui)
    page = gui.window.go_to("expenses")
    before = list(session.proposal.budget.expenses[0].amounts)
    edit_cell(qtbot, page.view, page.view.line_model.row_of_line(0), 2, "12abc")
    assert session.proposal.budget.expenses[0].amounts == before
    assert page.view.message.isVisibleTo(page) and "12abc" in page.view.message.text()
    # The cell fixed, the message goes.
    edit_cell(qtbot, page.view, page.view.line_model.row_of_line(0), 2, "12")
    assert session.proposal.budget.expenses[0].amounts[0] == Decimal(12)
    assert not page.view.message.isVisibleTo(page)


def test_cap_exceeded_seen_everywhere_then_fixed(make_gui, qtbot):
    gui = make_gui("fr")
    session = _open_example(gui)
    window = gui.window
    page = window.go_to("revenues")
    model, view = page.view.line_model, page.view
    quebec = next(i for i, line in enumerate(session.proposal.budget.revenues)
                  if line.source == "quebec_request")
    row = model.row_of_line(quebec)
    year1 = next(c for c, col in enumerate(model.columns) if col.key == ("amounts", 0))
    edit_cell(qtbot, view, row, year1, "450 000 $")
    qtbot.waitUntil(lambda: session.counts()["error"] > 0)
    # The bar is red, the cell is coloured with the reason as tooltip...
    assert page.bars.cap_bars[0].level == "over"
    assert page.bars.cap_bars[1].level != "over"
    cell = model.index(row, year1)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "400" in cell.data(Qt.ItemDataRole.ToolTipRole)
    # ... and the findings panel lists it; double-click jumps to the cell.
    panel = window.findings
    finding = next(f for f in panel.findings_shown() if f.code == "PRI-CAP-YEAR")
    assert window.counts_label.text().startswith(f"{session.counts()['error']} erreur")
    window.go_to("applicant")
    index = panel.index_of(finding)
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "PRI-CAP-YEAR" in panel.details.text()  # the rule's explanation and source
    assert ("Source\u00a0: Annonce du premier ministre du Québec, 5 février 2018"
            in panel.details.text())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_step() == "revenues"
    assert view.currentIndex().row() == row and view.currentIndex().column() == year1
    assert view.selectionModel().selectedIndexes() == [model.index(row, year1)]
    # Only the year at fault is marked (and the line's total, for the cap over all years).
    marked = [c for c in range(model.columnCount())
              if model.index(row, c).data(Qt.ItemDataRole.BackgroundRole) is not None]
    total = next(c for c, col in enumerate(model.columns) if col.key == ("total",))
    assert marked == [year1, total]
    # Fixed: back to the cap.
    edit_cell(qtbot, view, row, year1, "400 000")
    qtbot.waitUntil(lambda: session.counts()["error"] == 0)
    assert page.bars.cap_bars[0].level != "over"
    # The cell's message is gone: its tooltip is what goes in it again.
    assert model.index(row, year1).data(Qt.ItemDataRole.ToolTipRole) == model.column_help(year1)
    assert not [f for f in panel.findings_shown() if f.code == "PRI-CAP-YEAR"]


def test_undo_redo_cells_and_lines(make_gui, qtbot):
    gui = make_gui("en")
    session = _open_example(gui)
    window = gui.window
    page = window.go_to("expenses")
    view, model = page.view, page.view.line_model
    original = session.proposal.budget.model_copy(deep=True)
    edit_cell(qtbot, view, model.row_of_line(1), 3, "$1,000.50")
    assert session.proposal.budget.expenses[1].amounts[1] == Decimal("1000.50")
    assert window.isWindowModified()
    count = len(session.proposal.budget.expenses)
    view.setCurrentIndex(model.index(model.row_of_line(2), 0))
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert len(session.proposal.budget.expenses) == count + 1
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(session.proposal.budget.expenses) == count
    window.menus.undo.trigger()
    assert session.proposal.budget == original
    assert not window.isWindowModified()
    window.menus.redo.trigger()
    window.menus.redo.trigger()
    assert session.proposal.budget.expenses[1].amounts[1] == Decimal("1000.50")
    assert len(session.proposal.budget.expenses) == count + 1


def test_paste_block_french_and_english_numbers_is_one_undo_step(make_gui, qtbot, monkeypatch):
    gui = make_gui("fr")
    session = _open_example(gui)
    page = gui.window.go_to("expenses")
    view, model = page.view, page.view.line_model
    count = len(session.proposal.budget.expenses)
    last_row = model.row_of_line(count - 1)
    # Description and four years, two lines: the second goes into a new line.
    block = "Ateliers\t1 000,50\t2000\t3 000 $\t4000,25\nMentorat\t10\t20\t30\t40\n"
    QGuiApplication.clipboard().setText(block)
    view.setFocus()
    view.setCurrentIndex(model.index(last_row, 1))
    # The last line holds figures: the paste asks first; told to replace, it does.
    from proposalkit.gui import line_table
    monkeypatch.setattr(line_table, "ask_paste_over", lambda *_args: "replace")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    lines = session.proposal.budget.expenses
    assert len(lines) == count + 1
    assert lines[count - 1].description == "Ateliers"
    assert lines[count - 1].amounts == [Decimal("1000.50"), Decimal(2000), Decimal(3000),
                                        Decimal("4000.25")]
    assert lines[count].description == "Mentorat"
    assert lines[count].category == lines[count - 1].category
    session.undo_stack.undo()
    assert len(session.proposal.budget.expenses) == count
    # A block with an unreadable cell is refused whole, with a message naming the cell.
    QGuiApplication.clipboard().setText("Ateliers\t12abc\n")
    view.setCurrentIndex(model.index(last_row, 1))
    assert not view.paste_clipboard()
    assert "12abc" in view.message.text()


def test_move_and_remove_lines(make_gui, qtbot, monkeypatch):
    gui = make_gui("en")
    session = _open_example(gui)
    page = gui.window.go_to("revenues")
    view, model = page.view, page.view.line_model
    lines = session.proposal.budget.revenues
    # Two private-sector lines: move the second above the first.
    private = [i for i, line in enumerate(lines) if line.source == "private"]
    first, second = (lines[i].id for i in private[:2])
    view.setCurrentIndex(model.index(model.row_of_line(private[1]), 2))
    buttons = {b.text(): b for b in page.findChildren(type(view.add_button))}
    qtbot.mouseClick(buttons["M&ove up"], Qt.MouseButton.LeftButton)
    ids = [line.id for line in session.proposal.budget.revenues]
    assert ids.index(second) < ids.index(first)
    count = len(ids)
    # The line carries money: removing it asks first (answered yes here).
    from proposalkit.gui import dialogs
    monkeypatch.setattr(dialogs, "confirm", lambda *_args: True)
    qtbot.mouseClick(buttons["&Remove"], Qt.MouseButton.LeftButton)
    assert len(session.proposal.budget.revenues) == count - 1
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert [line.id for line in session.proposal.budget.revenues][:len(ids)] == [
        line.id for line in lines]


def test_start_date_typed_undone_redone_saved(make_gui, qtbot, monkeypatch, tmp_path):
    from datetime import date

    from PySide6.QtWidgets import QApplication, QFileDialog

    from proposalkit import storage

    gui = make_gui("fr")
    window, session = gui.window, gui.session
    window.new_proposal("pri-2018")
    page = window.go_to("expenses")
    edit = page.start_date
    assert edit.calendarPopup() and edit.accessibleName() == "Date de début du projet\u00a0:"
    assert edit.text() == "(non précisée)" and session.proposal.budget.start_date is None
    model = page.view.line_model
    year1 = next(c for c, col in enumerate(model.columns) if col.key == ("amounts", 0))
    assert model.headerData(year1, Qt.Orientation.Horizontal) == "Année 1"
    # Alt+the label's mnemonic, then the date as digits (year, month, day), then Enter.
    window.activateWindow()
    page.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.view)
    qtbot.keyClick(page.view, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is edit
    qtbot.keyClicks(edit, "20180701")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert session.proposal.budget.start_date == date(2018, 7, 1)
    assert edit.text() == "2018-07-01"
    assert session.undo_stack.count() == 1  # one step, not one per digit
    assert model.headerData(year1, Qt.Orientation.Horizontal) == "Année 1\njuill. 2018\njuin 2019"
    revenues = window.go_to("revenues").view.line_model
    last = next(c for c, col in enumerate(revenues.columns) if col.key == ("amounts", 3))
    assert revenues.headerData(last, Qt.Orientation.Horizontal).endswith("juill. 2021\njuin 2022")
    # Undo and redo through the window's one history.
    window.menus.undo.trigger()
    assert session.proposal.budget.start_date is None and edit.text() == "(non précisée)"
    assert model.headerData(year1, Qt.Orientation.Horizontal) == "Année 1"
    window.menus.redo.trigger()
    assert edit.text() == "2018-07-01"
    # Saved in the file.
    target = tmp_path / "date.pkp"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.save()
    assert storage.read_document(target).proposal.budget.start_date == date(2018, 7, 1)
    # Delete on the whole date empties it again.
    edit.setFocus()
    edit.lineEdit().selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert session.proposal.budget.start_date is None


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.parametrize("step", ["expenses", "revenues"])
def test_picking_a_group_moves_the_line_without_a_qt_warning(make_gui, qtbot, qtlog, step):
    from PySide6.QtWidgets import QComboBox

    from tests.gui.conftest import choose

    gui = make_gui("en")
    session = _open_example(gui)
    page = gui.window.go_to(step)
    view, model = page.view, page.view.line_model
    group = model.grouping.key
    # Enter commits; Tab commits and goes to the next cell. Each once, one after the other
    # (Qt warned on the second: the first regroup had deleted the view's editor).
    for line, key in ((0, Qt.Key.Key_Return), (1, Qt.Key.Key_Tab)):
        lines = session.value(model.location)
        before = getattr(lines[line], group)
        other = next(getattr(x, group) for x in lines if getattr(x, group) != before)
        line_id = lines[line].id
        view.setFocus()
        view.setCurrentIndex(model.index(model.row_of_line(line), 0))
        qtbot.keyClick(view, Qt.Key.Key_F2)
        editor = next(w for w in view.viewport().findChildren(QComboBox) if w.isVisible())
        choose(qtbot, editor, other)
        qtbot.keyClick(editor, key)
        QApplication.processEvents()
        # The line shows in its new group, and is still the current line.
        row = model.row_of_line(line)
        assert session.value(model.location)[line].id == line_id
        assert getattr(session.value(model.location)[line], group) == other
        assert model.rows[row].group == other
        assert view.currentIndex().row() == row
        assert view.currentIndex().column() == (1 if key == Qt.Key.Key_Tab else 0)
    # After Tab, the next cell's editor is open on the moved line, ready for typing.
    assert view.state() == view.State.EditingState
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not [r for r in qtlog.records if r.type >= QtMsgType.QtWarningMsg], [
        r.message for r in qtlog.records]
    session.undo_stack.undo()
    QApplication.processEvents()
    assert model.rows[model.row_of_line(1)].group == before
