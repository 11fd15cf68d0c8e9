"""The session speaks Changes: a budget cell edit repaints its row, its subtotal and the
total (no model reset, no column fitted over every row); adding a line resets; typing in
a field is one undo step; undo and redo go through the operation's inverse."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QHeaderView

from proposalkit.core.edits import Changes, SetField
from proposalkit.gui import files
from tests.gui.conftest import edit_cell


def _budget_of(session, lines: int):
    from proposalkit.core.example import example_proposal
    from proposalkit.core.model import ExpenseLine

    proposal = example_proposal()
    proposal.budget.expenses = [
        ExpenseLine(category="salaries", description=f"Ligne {i}", amounts=[Decimal(1)] * 3)
        for i in range(lines)]
    session.load(files.new_document(proposal))


def test_a_cell_edit_in_a_long_budget_repaints_one_row(make_gui, qtbot):
    gui = make_gui("fr")
    session = gui.session
    _budget_of(session, 1000)
    page = gui.window.go_to("expenses")
    view, model = page.view, page.view.line_model
    header = view.horizontalHeader()
    assert all(header.sectionResizeMode(c) != QHeaderView.ResizeMode.ResizeToContents
               for c in range(header.count()))
    resets, painted, told = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda top, bottom, *_: painted.append((top.row(), bottom.row())))
    session.changed.connect(told.append)
    row = model.row_of_line(500)
    edit_cell(qtbot, view, row, 2, "7,00")
    assert session.proposal.budget.expenses[500].amounts[0] == Decimal(7)
    assert resets == []
    rows = {r for top, bottom in painted for r in range(top, bottom + 1)}
    subtotal = next(r for r, info in enumerate(model.rows) if info.kind == "subtotal")
    assert rows <= {row, subtotal, len(model.rows) - 1} and row in rows
    assert isinstance(told[-1], Changes) and told[-1].budget_values
    assert told[-1].rows_in(("budget", "expenses")) == {500}
    assert model.index(len(model.rows) - 1, 2).data().startswith("1\u00a0006")
    # Undo goes back through the inverse, one row again.
    painted.clear()
    session.undo_stack.undo()
    assert session.proposal.budget.expenses[500].amounts[0] == Decimal(1) and resets == []
    # Adding a line changes the lines: the model resets.
    model.add_line("salaries")
    assert resets and len(session.proposal.budget.expenses) == 1001
    assert told[-1].budget_structure


def test_typing_in_a_field_is_one_undo_step_and_undo_restores_it(make_gui):
    gui = make_gui("fr")
    gui.window.open_example()
    session = gui.session
    before = session.proposal.applicant.legal_name
    steps = session.undo_stack.count()
    for text in ("A", "Ab", "Abc"):
        session.set_value(("applicant", "legal_name"), text, merge=True)
    assert session.undo_stack.count() == steps + 1
    session.undo_stack.undo()
    assert session.proposal.applicant.legal_name == before
    session.undo_stack.redo()
    assert session.proposal.applicant.legal_name == "Abc"
    # An operation given directly is a step of its own.
    assert session.apply(SetField(("metadata", "title"), "Titre"), "Edit")
    assert session.undo_stack.count() == steps + 2
