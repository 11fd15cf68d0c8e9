"""Small comforts: a line or partner that carries money is removed only when the user
says so; "errors only" in the findings; a selected finding keeps its place; file
dialogs start in the proposal's folder; Tab moves between cells, Ctrl+Tab leaves a
table (and the shortcuts list says so)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton


def _answer(monkeypatch, label: str, asked: list[str]) -> None:
    def exec_(box):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == label).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def _button(page, text: str) -> QPushButton:
    # The mnemonics may move the "&" (a letter taken elsewhere on the page).
    return next(b for b in page.findChildren(QPushButton)
                if b.text().replace("&", "") == text.replace("&", ""))


def test_removing_a_partner_with_money_asks_first(make_gui, qtbot, monkeypatch):
    gui = make_gui("en")
    gui.window.open_example()
    session = gui.session
    page = gui.window.go_to("territory")
    view, model = page.partners, page.partners.line_model
    count = len(session.proposal.partners)
    name = session.proposal.partners[0].name
    view.setCurrentIndex(model.index(model.row_of_line(0), 0))
    asked: list[str] = []
    _answer(monkeypatch, "Not now", asked)
    qtbot.mouseClick(_button(page, "&Remove"), Qt.MouseButton.LeftButton)
    assert len(session.proposal.partners) == count
    assert asked and asked[0].startswith(f"“{name}” carries $") and "Remove it?" in asked[0]
    _answer(monkeypatch, "Remove", asked)
    qtbot.mouseClick(_button(page, "&Remove"), Qt.MouseButton.LeftButton)
    assert len(session.proposal.partners) == count - 1
    # A line of zeros goes without a question (the unexpected-dialog guard would fail).
    monkeypatch.undo()
    expenses = gui.window.go_to("expenses")
    row = expenses.view.line_model.add_line()
    lines = len(session.proposal.budget.expenses)
    expenses.view.setCurrentIndex(expenses.view.line_model.index(row, 1))
    qtbot.mouseClick(_button(expenses, "&Remove"), Qt.MouseButton.LeftButton)
    assert len(session.proposal.budget.expenses) == lines - 1


def test_errors_only_and_a_selected_finding_keeps_its_place(make_gui, qtbot):
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.new_proposal("pri-2018")
    window.show_findings()
    session.today = date(2026, 12, 7)  # the call has closed: a warning among the errors
    session.revalidate(force=True)
    panel = window.findings
    for _ in range(3):
        QApplication.processEvents()
    shown = panel.findings_shown()
    assert any(f.severity != "error" for f in shown)  # the call's closed deadline
    panel.errors_only.setChecked(True)
    only = panel.findings_shown()
    assert only and all(f.severity == "error" for f in only)
    assert len(only) == session.counts()["error"]
    # Select a finding: the list does not move under the mouse.
    for _ in range(3):
        QApplication.processEvents()
    index = panel.index_of(only[2])
    before = (panel.view.visualRect(index), panel.view.height())
    panel.view.setCurrentIndex(index)
    for _ in range(3):
        QApplication.processEvents()
    assert panel.details.text()
    assert (panel.view.visualRect(index), panel.view.height()) == before
    panel.errors_only.setChecked(False)
    assert len(panel.findings_shown()) == len(shown)


def test_open_dialog_starts_in_the_proposals_folder(make_gui, monkeypatch, tmp_path):
    gui = make_gui("en")
    window = gui.window
    window.open_example()
    folder = tmp_path / "dossier"
    folder.mkdir()
    gui.session.save(folder / "p.pkp")
    started: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda _parent, _title, where, _filter: (started.append(where), "")[1:]
                        + ("",))
    window.open_dialog()
    assert started == [str(folder)]


def test_tab_moves_between_cells_and_ctrl_tab_leaves_the_table(make_gui, qtbot):
    gui = make_gui("en")
    window = gui.window
    window.open_example()
    page = window.go_to("expenses")
    view, model = page.view, page.view.line_model
    window.activateWindow()
    view.setFocus()
    view.setCurrentIndex(model.index(model.row_of_line(0), 2))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex().column() == 3
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab,
                   Qt.KeyboardModifier.ControlModifier)
    focused = QApplication.focusWidget()
    assert focused is not view and not view.isAncestorOf(focused)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    focused = QApplication.focusWidget()
    assert focused is not view and not view.isAncestorOf(focused)
    window.menus.shortcuts.trigger()
    text = window.shortcuts_dialog.browser.toPlainText()
    assert "Ctrl+Tab" in text and "Leave a table" in text
