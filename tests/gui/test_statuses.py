"""Honest statuses: a step is complete when its content is (a line of 0,00 $ does not
complete a budget step, a territory without a partner does not complete its step), and a
refused cell's message does not outlive a visit elsewhere."""

from __future__ import annotations

from decimal import Decimal

from tests.gui.conftest import edit_cell


def test_zero_line_and_no_partner_are_not_complete(make_gui):
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.new_proposal("pri-2018")
    program = session.program
    page = window.go_to("expenses")
    page.view.line_model.add_line()
    session.set_value(("budget", "start_date"), program.deadline_local.date())
    session.revalidate()
    assert session.statuses["expenses"] == "in_progress"  # a frame of zeros
    session.set_value(("budget", "expenses", 0, "amounts", 0), Decimal(100))
    session.revalidate()
    assert session.statuses["expenses"] == "complete"
    session.set_value(("territory",), program.territories[0].id)
    session.revalidate()
    assert session.statuses["territory"] == "in_progress"  # a territory, no partner yet


def test_refused_amount_message_gone_after_leaving_and_coming_back(make_gui, qtbot):
    gui = make_gui("en")
    window, session = gui.window, gui.session
    window.open_example()
    page = window.go_to("expenses")
    view = page.view
    before = list(session.proposal.budget.expenses[0].amounts)
    edit_cell(qtbot, view, view.line_model.row_of_line(0), 2, "-500")
    assert session.proposal.budget.expenses[0].amounts == before  # refused
    assert view.message.isVisibleTo(page)
    window.go_to("revenues")
    page = window.go_to("expenses")
    assert not page.view.message.isVisibleTo(page)
