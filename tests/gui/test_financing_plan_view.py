"""The financing plan on the revenues step (issue 21): a source's status date typed as
people write dates, its evidence picked among the attachments, the funding findings
leading to those cells and clearing once fixed, and the dossier's plan table under the
revenues following every edit, undo included, in both languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from proposalkit.core.budget import summarize
from proposalkit.core.financing import financing_plan
from proposalkit.gui.tables import formatted_amount
from tests.gui.conftest import clear_cell, edit_cell


def _column(model, key):
    return next(c for c, col in enumerate(model.columns) if col.key == key)


def _federal(session):
    return next(i for i, line in enumerate(session.proposal.budget.revenues)
                if line.source == "federal")


def _example_revenues(make_gui, lang):
    """The example open on its revenues step: the window, the session, the revenues'
    model and view, and the federal line's index."""
    gui = make_gui(lang)
    gui.window.open_example()
    page = gui.window.go_to("revenues")
    return gui, gui.session, page.view.line_model, page.view, _federal(gui.session)


def _findings_at(session, location):
    return [f for f in session.findings if tuple(f.location) == location]


def _settle(qtbot, gui):
    """Let the after-frame work (validation, the plan) run."""
    qtbot.waitUntil(lambda: not gui.session.after_frame.due
                    and not gui.window.go_to("revenues").plan.rebuild_later.due)
    QApplication.processEvents()


@pytest.mark.parametrize(("lang", "typed", "shown"), [
    ("fr", "15 mars 2018", "15 mars 2018"), ("en", "15/03/2018", "March 15, 2018")])
def test_status_date_typed_as_people_write_it(make_gui, qtbot, lang, typed, shown):
    gui, session, model, view, federal = _example_revenues(make_gui, lang)
    column = _column(model, ("status_date",))
    row = model.row_of_line(federal)
    assert model.index(row, column).data() == {"fr": "12 avril 2018",
                                               "en": "April 12, 2018"}[lang]
    where = ("budget", "revenues", federal, "status_date")
    # Emptied, a confirmed source lacks its date: the pack's finding marks the cell.
    clear_cell(qtbot, view, row, column)
    assert session.proposal.budget.revenues[federal].status_date is None
    qtbot.waitUntil(lambda: bool(_findings_at(session, where)))
    assert model.index(row, column).data(Qt.ItemDataRole.BackgroundRole) is not None
    # The finding leads to the cell.
    view.setCurrentIndex(model.index(0, 0))
    gui.window.jump_to(where)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (row, column)
    # Typed the way one writes a date, it is stored, shown in words, and the finding goes.
    edit_cell(qtbot, view, row, column, typed)
    assert session.proposal.budget.revenues[federal].status_date == date(2018, 3, 15)
    assert model.index(row, column).data() == shown
    qtbot.waitUntil(lambda: not _findings_at(session, where))
    assert model.index(row, column).data(Qt.ItemDataRole.BackgroundRole) is None
    # Not a date: refused in one line, nothing changes.
    edit_cell(qtbot, view, row, column, "hier")
    assert view.message.isVisible()
    assert {"fr": "n’est pas une date", "en": "is not a date"}[lang] in view.message.text()
    assert session.proposal.budget.revenues[federal].status_date == date(2018, 3, 15)
    # Undone twice: the example's own date again.
    session.undo_stack.undo()
    assert session.proposal.budget.revenues[federal].status_date is None
    session.undo_stack.undo()
    assert session.proposal.budget.revenues[federal].status_date == date(2018, 4, 12)


def test_evidence_picked_among_the_attachments(make_gui, qtbot):
    _gui, session, model, view, federal = _example_revenues(make_gui, "fr")
    column = _column(model, ("evidence_id",))
    row = model.row_of_line(federal)
    agreement = session.proposal.attachment("federal-agreement")
    assert model.index(row, column).data() == agreement.title
    choices = dict(model.columns[column].options())
    assert set(choices) == {""} | {a.id for a in session.proposal.attachments}
    assert choices[""] == "(aucun document)"
    # Another document, then none: each an undoable edit.
    other = next(a for a in session.proposal.attachments if a.id != agreement.id)
    edit_cell(qtbot, view, row, column, other.id)
    assert session.proposal.budget.revenues[federal].evidence_id == other.id
    assert model.index(row, column).data() == choices[other.id]
    edit_cell(qtbot, view, row, column, "")
    assert session.proposal.budget.revenues[federal].evidence_id is None
    # A confirmed source with no document to show it: the final-export rule says so.
    where = ("budget", "revenues", federal, "evidence_id")
    qtbot.waitUntil(lambda: bool(_findings_at(session, where)))
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert session.proposal.budget.revenues[federal].evidence_id == agreement.id
    qtbot.waitUntil(lambda: not _findings_at(session, where))


def _money(value: Decimal, lang: str) -> str:
    return formatted_amount(value, lang, whole=True)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_plan_table_follows_the_revenues(make_gui, qtbot, lang):
    gui = make_gui(lang)
    gui.window.open_example()
    session = gui.session
    page = gui.window.go_to("revenues")
    plan = page.plan
    assert plan is not None and plan.toggle.isChecked() and plan.table.isVisible()
    _settle(qtbot, gui)
    header = [plan.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(plan.model.columnCount())]
    assert header[-1] == {"fr": "Part des coûts", "en": "Share of costs"}[lang]
    rows = plan.cell_texts()
    # The core's figures, whole dollars as in the revenues table.
    core = financing_plan(session.program, session.proposal,
                          summarize(session.program, session.proposal), session.translator)
    aid = next(r for r in rows if r[0] == {"fr": "Aide gouvernementale cumulée",
                                          "en": "Combined government aid"}[lang])
    assert aid[-2] == _money(core.government_total, lang)
    assert aid[-1] == {"fr": "81,6\u00a0%", "en": "81.6%"}[lang]
    assert {"fr": "81,6\u00a0%", "en": "81.6%"}[lang] in plan.aid.text()
    federal_row = next(r for r in rows if r[2:] and r[-2] == _money(Decimal(480000), lang))
    assert federal_row[1].startswith({"fr": "Confirmé", "en": "Confirmed"}[lang])
    assert {"fr": "annexe", "en": "annex"}[lang] in federal_row[1]
    # Typed in the revenues table, a year's amount reaches the plan after the frame.
    model, view = page.view.line_model, page.view
    federal = _federal(session)
    year1 = _column(model, ("amounts", 0))
    edit_cell(qtbot, view, model.row_of_line(federal), year1, "150000")
    _settle(qtbot, gui)
    rows = plan.cell_texts()
    assert any(r[-2] == _money(Decimal(510000), lang) for r in rows)
    aid = next(r for r in rows if r[0] in ("Aide gouvernementale cumulée",
                                            "Combined government aid"))
    assert aid[-2] == _money(core.government_total + 30000, lang)
    # Its status changed in the table: the plan's subtotals by status follow.
    status = _column(model, ("status",))
    edit_cell(qtbot, view, model.row_of_line(federal), status, "to_request")
    _settle(qtbot, gui)
    to_request = {"fr": "Statut : À demander", "en": "Status: To be requested"}[lang]
    assert any(r[0].replace("\u202f", " ").replace("\u00a0", " ") == to_request
               and r[-2] == _money(Decimal(510000), lang) for r in plan.cell_texts())
    # Undone, the plan is the example's again.
    session.undo_stack.undo()
    session.undo_stack.undo()
    _settle(qtbot, gui)
    assert not any(r[-2] == _money(Decimal(510000), lang) for r in plan.cell_texts())
    aid = next(r for r in plan.cell_texts() if r[0] in ("Aide gouvernementale cumulée",
                                                        "Combined government aid"))
    assert aid[-2] == _money(core.government_total, lang)


def test_the_plan_folds_to_its_title(make_gui, qtbot):
    gui = make_gui("en")
    gui.window.open_example()
    page = gui.window.go_to("revenues")
    plan = page.plan
    qtbot.mouseClick(plan.toggle, Qt.MouseButton.LeftButton)
    assert not plan.table.isVisible()
    # Folded, an edit does not rebuild it; unfolded, it shows the edit.
    federal = _federal(gui.session)
    gui.session.set_value(("budget", "revenues", federal, "amounts", 0), Decimal(150000))
    _settle(qtbot, gui)
    assert plan.stale
    qtbot.mouseClick(plan.toggle, Qt.MouseButton.LeftButton)
    assert plan.table.isVisible() and not plan.stale
    assert any(r[-2] == "510,000" for r in plan.cell_texts())


def test_a_removed_evidence_is_found_and_cleared_by_picking_another(make_gui, qtbot):
    gui, session, model, view, federal = _example_revenues(make_gui, "en")
    where = ("budget", "revenues", federal, "evidence_id")
    session.remove_attachment("federal-agreement")
    qtbot.waitUntil(lambda: bool(_findings_at(session, where)))
    assert any("no longer attached" in f.message for f in _findings_at(session, where))
    # The finding leads to the evidence cell, marked; another document clears it.
    column = _column(model, ("evidence_id",))
    row = model.row_of_line(federal)
    gui.window.jump_to(where)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (row, column)
    assert model.index(row, column).data(Qt.ItemDataRole.BackgroundRole) is not None
    other = next(a for a in session.proposal.attachments if a.reference)
    edit_cell(qtbot, view, row, column, other.id)
    qtbot.waitUntil(lambda: not _findings_at(session, where))
    # The plan cites the new document's annex.
    _settle(qtbot, gui)
    assert any(r[1].startswith("Confirmed") and "annex" in r[1]
               and r[-2] == "480,000" for r in gui.window.go_to("revenues").plan.cell_texts())


def test_a_line_added_on_the_page_reaches_the_plan(make_gui, qtbot):
    gui, session, model, view, _federal_line = _example_revenues(make_gui, "fr")
    count = len(session.proposal.budget.revenues)
    view.setCurrentIndex(model.index(-1, -1))
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert len(session.proposal.budget.revenues) == count + 1
    added = session.proposal.budget.revenues[-1]
    assert added.source == session.program.revenue_sources[0].id and added.status == ""
    edit_cell(qtbot, view, model.row_of_line(count), _column(model, ("amounts", 0)), "1000")
    _settle(qtbot, gui)
    plan = gui.window.go_to("revenues").plan
    assert any(r[0].replace("\u00a0", " ") == "Statut : Statut non indiqué"
               and r[-2] == _money(Decimal(1000), "fr") for r in plan.cell_texts())


def test_a_status_date_pasted_from_a_spreadsheet(make_gui, qtbot):
    from PySide6.QtGui import QGuiApplication

    _gui, session, model, view, _federal_line = _example_revenues(make_gui, "fr")
    line = len(session.proposal.budget.revenues)
    row = model.add_line()
    column = _column(model, ("status_date",))
    view.setCurrentIndex(model.index(row, column))
    QGuiApplication.clipboard().setText("15 mars 2018\n")
    assert view.paste_clipboard()  # an empty cell: no question
    assert session.proposal.budget.revenues[line].status_date == date(2018, 3, 15)
    # A cell that is not a date refuses the whole block, naming the cell.
    QGuiApplication.clipboard().setText("hier\n")
    view.setCurrentIndex(model.index(model.row_of_line(line), column))
    assert not view.paste_clipboard()
    shown = view.message.text().replace("\u00a0", " ").replace("\u202f", " ")
    assert "colonne « Date du statut »" in shown
    assert "n’est pas une date" in view.message.text()
    assert session.proposal.budget.revenues[line].status_date == date(2018, 3, 15)


@pytest.mark.parametrize("lang, prefix", [("fr", "Lettre du partenaire\u00a0: "),
                                          ("en", "Partner's letter: ")])
def test_a_partner_line_without_evidence_shows_the_letter_the_dossier_cites(
        make_gui, qtbot, lang, prefix):
    _gui, session, model, view, _federal_line = _example_revenues(make_gui, lang)
    column = _column(model, ("evidence_id",))
    lines = session.proposal.budget.revenues
    index = next(i for i, line in enumerate(lines) if line.partner_id == "mrc-vallons")
    session.set_value(("budget", "revenues", index, "evidence_id"), None)
    row = model.row_of_line(index)
    letter = session.proposal.attachment("letter-mrc-vallons")
    assert model.index(row, column).data() == prefix + letter.title
    assert model.index(row, column).data(Qt.ItemDataRole.EditRole) == ""
    # A document chosen shows that document; the partner's letter gone, the empty choice.
    other = next(a for a in session.proposal.attachments if a.id != letter.id)
    edit_cell(qtbot, view, row, column, other.id)
    assert model.index(row, column).data() == dict(model.columns[column].options())[other.id]
    session.undo_stack.undo()
    assert session.proposal.budget.revenues[index].evidence_id is None
    session.set_value(("partners", 0, "letter_attachment_id"), None)
    assert session.proposal.partners[0].id == "mrc-vallons"
    assert model.index(row, column).data() == dict(model.columns[column].options())[""]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_sources_stay_at_the_left_while_the_figures_scroll(make_gui, qtbot, lang):
    """A narrow window, the findings beside the page: the plan scrolls sideways, its
    sources frozen at its left; walking its cells with the arrow keys, each one shows
    beside them, and a group's title is written after them, whole."""
    gui, _session, _model, _view, _federal_line = _example_revenues(make_gui, lang)
    window = gui.window
    window.resize(1024, 640)
    page = window.go_to("revenues")
    qtbot.mouseClick(page.guidance_toggle, Qt.MouseButton.LeftButton)
    plan = page.plan
    if not plan.toggle.isChecked():
        qtbot.mouseClick(plan.toggle, Qt.MouseButton.LeftButton)
    _settle(qtbot, gui)
    table, model, sources = plan.table, plan.model, plan.sources
    assert table.horizontalScrollBar().maximum() > 0
    assert not sources.isVisible()  # at the start, the real column shows
    assert table.columnWidth(0) >= plan.source_minimum()
    row = model.kinds.index("body")
    table.setFocus()
    table.setCurrentIndex(model.index(row, 0))
    for column in range(1, model.columnCount()):
        qtbot.keyClick(table, Qt.Key.Key_Right)
        assert table.currentIndex().column() == column
        if table.horizontalScrollBar().value() > 0:
            assert sources.isVisible()
            left = table.columnViewportPosition(column)
            assert left >= sources.width() - 1, column
            assert left + table.columnWidth(column) <= table.viewport().width(), column
    assert table.horizontalScrollBar().value() > 0 and sources.isVisible()
    # The frozen strip shows the sources' column, as tall as the table's rows; a group's
    # row is its shade there, its title painted beside it.
    assert [c for c in range(model.columnCount()) if not sources.isColumnHidden(c)] == [0]
    assert all(sources.rowHeight(r) == table.rowHeight(r) for r in range(model.rowCount()))
    group = model.kinds.index("group")
    option = QStyleOptionViewItem()
    sources.itemDelegate().initStyleOption(option, model.index(group, 0))
    assert option.text == ""
    option = QStyleOptionViewItem()
    sources.itemDelegate().initStyleOption(option, model.index(row, 0))
    assert option.text == model.text(row, 0) != ""
    # Back to the start: the sources' own column, the strip put away.
    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert table.horizontalScrollBar().value() == 0 and not sources.isVisible()
