"""The financing plan's status and the expense line's justification in the budget tables:
chosen and typed in their cells as a user does, undone, and followed by the findings."""

from __future__ import annotations

from tests.gui.conftest import clear_cell, edit_cell


def test_status_chosen_in_the_revenues_table(make_gui, qtbot):
    gui = make_gui("en")
    gui.window.open_example()
    session = gui.session
    page = gui.window.go_to("revenues")
    model, view = page.view.line_model, page.view
    federal = next(i for i, line in enumerate(session.proposal.budget.revenues)
                   if line.source == "federal")
    column = next(c for c, col in enumerate(model.columns) if col.key == ("status",))
    row = model.row_of_line(federal)
    assert model.index(row, column).data() == "Confirmed"
    edit_cell(qtbot, view, row, column, "requested")  # "Request filed"
    assert session.proposal.budget.revenues[federal].status == "requested"
    # Only the funder's request may be pending: the pack's warning says so.
    qtbot.waitUntil(lambda: any(f.code == "PRI-FUNDING-STATUS" for f in session.findings))
    session.undo_stack.undo()
    assert session.proposal.budget.revenues[federal].status == "confirmed"


def test_justification_typed_beside_the_expense_line(make_gui, qtbot):
    gui = make_gui("fr")
    gui.window.open_example()
    session = gui.session
    page = gui.window.go_to("expenses")
    model, view = page.view.line_model, page.view
    column = next(c for c, col in enumerate(model.columns) if col.key == ("justification",))
    row = model.row_of_line(0)
    assert not any(f.code == "PRI-JUSTIFY" for f in session.findings)
    edit_cell(qtbot, view, row, column, "2 conseillers x 52 000 $")
    assert session.proposal.budget.expenses[0].justification == "2 conseillers x 52 000 $"
    assert model.index(row, column).data() == "2 conseillers x 52 000 $"
    # Undone, the example's own justification is back; emptied, the pack's warning shows.
    session.undo_stack.undo()
    assert session.proposal.budget.expenses[0].justification.startswith("Directrice")
    clear_cell(qtbot, view, row, column)
    assert session.proposal.budget.expenses[0].justification == ""
    qtbot.waitUntil(lambda: any(f.code == "PRI-JUSTIFY" for f in session.findings))
