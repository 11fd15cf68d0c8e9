"""The action plan and indicators steps, driven as a user does (real widgets, offscreen):
the activities grouped by axis, a responsible chosen among the applicant and partners,
months typed in the month editor, the timeline drawn from the data, the indicators'
targets per year; findings point at the cells; undo; both languages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QWidget

from proposalkit.cli import main
from proposalkit.core.model import LEAD
from proposalkit.core.steps import step_for, step_ids
from tests.gui.conftest import edit_cell


def _open_example(make_gui, tmp_path, lang="fr"):
    path = tmp_path / "p.pkp"
    assert main(["--lang", "fr", "example", "-o", str(path)]) == 0
    gui = make_gui(lang)
    assert gui.window.open_path(path)
    return gui.window, gui.window.session


def _row_of(model, title):
    return next(r for r in range(model.rowCount())
                if model.index(r, 0).data() == title)


def _column(model, key):
    return next(c for c, col in enumerate(model.columns) if col.key == key)


def test_the_steps_exist_only_when_the_pack_asks(make_gui, tmp_path):
    window, session = _open_example(make_gui, tmp_path)
    ids = step_ids(session.program)
    assert ids.index("activities") < ids.index("indicators") < ids.index("expenses")
    assert step_for(("activities", 2, "end")) == "activities"
    bare = session.program.model_copy(update={"parts": session.program.parts.model_copy(
        update={"action_plan": False, "indicators": False})})
    assert "activities" not in step_ids(bare) and "indicators" not in step_ids(bare)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_activities_grouped_by_axis_with_their_timeline(make_gui, tmp_path, lang):
    window, session = _open_example(make_gui, tmp_path, lang)
    page = window.go_to("activities")
    model = page.activities.line_model
    # An axis's label row, then its activities.
    first_axis = session.program.axes[0].label(session.translator)
    assert model.index(0, 0).data() == first_axis
    assert model.index(1, 0).data() == session.proposal.activities[0].title
    start = model.index(1, _column(model, ("start",))).data()
    assert start == ("juill.\u00a02018" if lang == "fr" else "Jul\u00a02018")
    # The timeline draws one bar per activity, by quarter over four years.
    bars = {index: (first, last) for index, first, last in page.timeline.bars()}
    assert len(bars) == len(session.proposal.activities)
    assert bars[0] == (0, 15)          # July 2018 to June 2022: the whole project
    guichet = next(i for i, a in enumerate(session.proposal.activities)
                   if a.id == "act-guichet")
    assert bars[guichet] == (0, 2)     # July 2018 to March 2019: three quarters
    page.timeline.grab()               # paints without error


def set_month(qtbot, view, row, column, year, month, before=None):
    """Open the month editor with F2, pick the month, Enter."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = next(w for w in view.viewport().findChildren(QWidget)
                  if isinstance(w, QDateEdit) and w.isVisible())
    if before is not None:
        assert editor.date() == before
    editor.setDate(QDate(year, month, 1))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_month_editor_responsible_and_undo(make_gui, qtbot, tmp_path):
    window, session = _open_example(make_gui, tmp_path)
    page = window.go_to("activities")
    view = page.activities
    model = view.line_model
    row = _row_of(model, "Guichet unique et répertoire des services")
    index = session.proposal.activities.index(next(
        a for a in session.proposal.activities if a.id == "act-guichet"))
    # The end month, in the month editor: F2, set the month, Enter.
    set_month(qtbot, view, row, _column(model, ("end",)), 2019, 9, QDate(2019, 3, 1))
    assert session.proposal.activities[index].end == "2019-09"
    assert (index, 0, 4) in page.timeline.bars()  # one more quarter drawn
    # The responsible, chosen among the applicant and the partners.
    edit_cell(qtbot, view, row, _column(model, ("responsible",)), "mrc-vallons")
    assert session.proposal.activities[index].responsible == "mrc-vallons"
    edit_cell(qtbot, view, row, _column(model, ("responsible",)), LEAD)
    assert session.proposal.activities[index].responsible == LEAD
    session.undo_stack.undo()
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.proposal.activities[index].end == "2019-03"


def test_a_month_out_of_the_project_is_a_finding_on_its_cell(make_gui, qtbot, tmp_path):
    window, session = _open_example(make_gui, tmp_path, "en")
    page = window.go_to("activities")
    view = page.activities
    model = view.line_model
    row = _row_of(model, "Guichet unique et répertoire des services")
    column = _column(model, ("end",))
    set_month(qtbot, view, row, column, 2023, 1)
    qtbot.waitUntil(lambda: "after the project (Jun" in (model.index(row, column).data(
        Qt.ItemDataRole.ToolTipRole) or ""), timeout=5000)
    assert model.index(row, column).data(Qt.ItemDataRole.BackgroundRole) is not None
    # A month pasted that cannot be read is refused with one line.
    assert not model.setData(model.index(row, column), "soon")
    assert view.message.isVisible() and "not a month" in view.message.text()


def test_add_an_activity_in_an_axis(make_gui, qtbot, tmp_path):
    window, session = _open_example(make_gui, tmp_path)
    page = window.go_to("activities")
    view = page.activities
    model = view.line_model
    axis = session.program.axes[-1]
    view.setCurrentIndex(model.index(_row_of(model, axis.label(session.translator)), 0))
    count = len(session.proposal.activities)
    view.add_button.click()
    assert len(session.proposal.activities) == count + 1
    assert session.proposal.activities[-1].axis == axis.id


def test_indicators_a_target_per_year(make_gui, qtbot, tmp_path):
    window, session = _open_example(make_gui, tmp_path)
    page = window.go_to("indicators")
    view = page.indicators
    model = view.line_model
    years = session.program.years
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header[3:3 + years] == [f"Année {n}\ncible" for n in range(1, years + 1)]
    invest = _row_of(model, "Investissements privés mobilisés")
    assert model.index(invest, 6).data() == "1\u202f000\u202f000"
    edit_cell(qtbot, view, invest, 4, "600 000")
    assert session.proposal.indicators[invest].targets[1] == Decimal(600000)
    edit_cell(qtbot, view, invest, 2, "12,5")
    assert session.proposal.indicators[invest].baseline == Decimal("12.5")
    # A new indicator starts with no target; a target for year 2 leaves the others empty.
    view.add_button.click()
    last = len(session.proposal.indicators) - 1
    edit_cell(qtbot, view, model.row_of_line(last), 4, "3")
    assert session.proposal.indicators[last].targets == [None, Decimal(3)] + [None] * (years - 2)
    qtbot.waitUntil(lambda: "cible" in (model.index(model.row_of_line(last), 3).data(
        Qt.ItemDataRole.ToolTipRole) or ""), timeout=5000)
    edit_cell(qtbot, view, invest, 5, "beaucoup")
    assert view.message.isVisible() and "n’est pas un nombre" in view.message.text()
