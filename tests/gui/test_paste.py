"""Paste never destroys: a block pasted over lines that hold figures asks first (saying how
many) and by default adds its rows as new lines; a block over empty cells fills them."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

BLOCK = "Ateliers\t1 000,50\t2000\t3 000 $\t4000,25\nMentorat\t10\t20\t30\t40\n"
PASTED = Decimal("1000.50") + 2000 + 3000 + Decimal("4000.25") + 10 + 20 + 30 + 40


def _answer(monkeypatch, name: str, asked: list[str]) -> None:
    """Answer the paste question by clicking the button whose text starts with ``name``
    (or the default button)."""
    def exec_(box):
        asked.append(box.text())
        button = box.defaultButton() if not name else next(
            b for b in box.buttons() if b.text().replace("&", "").startswith(name))
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def _total(session) -> Decimal:
    return sum((sum(line.amounts, Decimal(0)) for line in session.proposal.budget.expenses),
               Decimal(0))


def _expenses(make_gui, lang):
    gui = make_gui(lang)
    gui.window.open_example()
    page = gui.window.go_to("expenses")
    before = [line.model_copy(deep=True) for line in gui.session.proposal.budget.expenses]
    return gui.session, page.view, page.view.line_model, before


def test_two_rows_pasted_over_the_expenses_keep_every_line(make_gui, qtbot, monkeypatch):
    session, view, model, before = _expenses(make_gui, "fr")
    total = _total(session)
    asked: list[str] = []
    _answer(monkeypatch, "", asked)  # the default: add as new lines
    QGuiApplication.clipboard().setText(BLOCK)
    view.setFocus()
    # On the first line's description: the block covers two lines full of figures.
    view.setCurrentIndex(model.index(model.row_of_line(0), 1))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Coller ici remplacerait 10 données déjà saisies dans le tableau."]
    lines = session.proposal.budget.expenses
    assert lines[: len(before)] == before  # every existing line still there, unchanged
    assert [line.description for line in lines[len(before):]] == ["Ateliers", "Mentorat"]
    assert {line.category for line in lines[len(before):]} == {before[0].category}
    assert _total(session) == total + PASTED
    session.revalidate()
    assert session.summary.expenses_total == total + PASTED
    session.undo_stack.undo()  # one step
    assert session.proposal.budget.expenses == before


def test_paste_replaces_only_when_told_and_cancel_changes_nothing(make_gui, qtbot, monkeypatch):
    session, view, model, before = _expenses(make_gui, "en")
    QGuiApplication.clipboard().setText("10\t20\n")
    view.setCurrentIndex(model.index(model.row_of_line(0), 2))
    asked: list[str] = []
    _answer(monkeypatch, "Cancel", asked)
    assert not view.paste_clipboard()
    assert asked == ["Pasting here would replace 2 figures already in the table."]
    assert session.proposal.budget.expenses == before
    _answer(monkeypatch, "Replace 2", asked)
    assert view.paste_clipboard()
    assert session.proposal.budget.expenses[0].amounts[:2] == [Decimal(10), Decimal(20)]
    assert len(session.proposal.budget.expenses) == len(before)


def test_paste_into_empty_cells_fills_them_without_asking(make_gui, qtbot):
    gui = make_gui("en")
    gui.window.new_proposal("pri-2018")
    session = gui.session
    page = gui.window.go_to("expenses")
    view, model = page.view, page.view.line_model
    row = model.add_line()
    QGuiApplication.clipboard().setText("Workshops\t100\t200\n")
    view.setCurrentIndex(model.index(row, 1))
    assert view.paste_clipboard()  # no dialog: the unexpected-dialog guard would fail
    line = session.proposal.budget.expenses[0]
    assert line.description == "Workshops" and line.amounts[:2] == [Decimal(100), Decimal(200)]
    assert len(session.proposal.budget.expenses) == 1
