"""The findings panel follows edits by touching only what changed: a finding that
appears is inserted in its group, one that goes is removed, a message whose figure
changed is updated in place; the rest is neither re-filled nor re-measured. After each
edit the list is what a panel built from scratch shows (groups in the steps' order,
corrections first, counts in the headings), and the selected finding stays selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from proposalkit.core.example import example_proposal
from proposalkit.gui import files
from proposalkit.gui.findings import FINDING_ROLE, FindingsPanel
from tests.gui.conftest import binding_widget, edit_cell, type_into


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


class _ModelSignals:
    """What the panel's model told its view since the last ``clear``."""

    def __init__(self, model) -> None:
        self.model = model
        self.changed: list[tuple[int, int]] = []  # (group row, first row) of dataChanged
        self.inserted: list[tuple[int, int, int]] = []  # (group row, first, last)
        self.removed: list[tuple[int, int, int]] = []
        self.resets = 0
        model.dataChanged.connect(self._changed)
        model.rowsInserted.connect(lambda parent, first, last: self.inserted.append(
            (parent.row(), first, last)))
        model.rowsRemoved.connect(lambda parent, first, last: self.removed.append(
            (parent.row(), first, last)))
        model.modelReset.connect(self._reset)

    def _changed(self, top_left, _bottom_right, _roles=()) -> None:
        self.changed.append((top_left.parent().row(), top_left.row()))

    def _reset(self) -> None:
        self.resets += 1

    def clear(self) -> None:
        self.changed, self.inserted, self.removed, self.resets = [], [], [], 0


def _headings(panel: FindingsPanel) -> list[str]:
    return [panel.model.item(r).text() for r in range(panel.model.rowCount())]


def _as_built_afresh(panel: FindingsPanel) -> None:
    """The panel shows what a panel built now from the session's findings shows."""
    fresh = FindingsPanel(panel.session)
    fresh.errors_only.setChecked(panel.errors_only.isChecked())
    try:
        assert _headings(panel) == _headings(fresh)
        assert panel.findings_shown() == fresh.findings_shown()
        texts = [[head.child(c).text() for c in range(head.rowCount())]
                 for head in map(panel.model.item, range(panel.model.rowCount()))]
        fresh_texts = [[head.child(c).text() for c in range(head.rowCount())]
                       for head in map(fresh.model.item, range(fresh.model.rowCount()))]
        assert texts == fresh_texts
    finally:
        panel.session.findings_changed.disconnect(fresh.update_findings)
        fresh.deleteLater()


def _open(make_gui, lang: str):
    """The example with three revenue lines' status not said (five warnings in the
    revenues' step) and the applicant's city blank (one to fill in, the applicant's)."""
    gui = make_gui(lang)
    proposal = example_proposal()
    for line in proposal.budget.revenues[:3]:
        line.status, line.status_date, line.evidence_id = "", None, None
    proposal.applicant.address.city = ""
    gui.session.load(files.new_document(proposal))
    gui.window.show_findings()
    _settle()
    return gui


def test_a_cell_edit_touches_only_the_findings_it_changes(make_gui, qtbot):
    gui = _open(make_gui, "fr")
    session, window, panel = gui.session, gui.window, gui.window.findings
    before = panel.findings_shown()
    headings = _headings(panel)
    assert len(headings) == 2 and headings[0].startswith("Demandeur (1)")
    assert headings[1].startswith("Budget — revenus (5)")  # 3 statuses, 2 unconfirmed
    _as_built_afresh(panel)
    # The user selects the second status to say, in the revenues' group.
    revenues = panel.model.item(1)
    selected = revenues.child(1).data(FINDING_ROLE)
    panel.view.setCurrentIndex(revenues.child(1).index())
    assert selected.code in panel.details.text()
    signals = _ModelSignals(panel.model)

    # A year-1 expense of a million: the budget no longer balances. One finding comes,
    # first of its group (a correction goes before what is to fill in); nothing else
    # of the list is touched but the group's heading (its count).
    page = window.go_to("expenses")
    view, model = page.view, page.view.line_model
    column = next(c for c, col in enumerate(model.columns) if col.kind == "money")
    edit_cell(qtbot, view, model.row_of_line(1), column, "1 000 000")
    qtbot.waitUntil(lambda: any(f.code == "PRI-BALANCE" for f in panel.findings_shown()))
    _settle()
    assert signals.resets == 0 and signals.removed == []
    assert signals.inserted == [(1, 0, 0)]
    assert set(signals.changed) == {(-1, 1)}  # the revenues' heading: "(6)", its status
    assert _headings(panel)[1].startswith("Budget — revenus (6)")
    shown = panel.findings_shown()
    assert shown[1].code == "PRI-BALANCE" and shown[2:] == before[1:]
    assert panel.view.currentIndex().data(FINDING_ROLE) == selected  # still selected
    _as_built_afresh(panel)

    # Two millions: the same finding with other figures, updated in place.
    signals.clear()
    message = panel.model.item(1).child(0).text()
    edit_cell(qtbot, view, model.row_of_line(1), column, "2 000 000")
    qtbot.waitUntil(lambda: panel.model.item(1).child(0).text() != message)
    _settle()
    assert signals.resets == 0 and signals.inserted == [] and signals.removed == []
    assert signals.changed and set(signals.changed) == {(1, 0)}
    assert panel.view.currentIndex().data(FINDING_ROLE) == selected
    _as_built_afresh(panel)

    # Undone twice (Ctrl+Z, as the user does): the list is as it was, the row removed.
    signals.clear()
    for _ in range(2):
        window.menus.undo.trigger()
    qtbot.waitUntil(lambda: not any(f.code == "PRI-BALANCE" for f in panel.findings_shown()))
    _settle()
    assert panel.findings_shown() == before and _headings(panel) == headings
    assert signals.resets == 0 and signals.removed == [(1, 0, 0)]
    assert panel.view.currentIndex().data(FINDING_ROLE) == selected
    _as_built_afresh(panel)
    assert session.findings


def test_groups_come_and_go_in_the_steps_order(make_gui, qtbot):
    gui = _open(make_gui, "en")
    window, panel = gui.window, gui.window.findings
    headings = _headings(panel)
    assert headings[0].startswith("Applicant (1)")
    # The user selects a revenue line's finding, then fills in the city: the applicant's
    # group goes, the selection stays on its finding.
    revenues = panel.model.item(1)
    selected = revenues.child(2).data(FINDING_ROLE)
    panel.view.setCurrentIndex(revenues.child(2).index())
    signals = _ModelSignals(panel.model)
    page = window.go_to("applicant")
    city = binding_widget(page, ("applicant", "address", "city"))
    type_into(qtbot, city, "Shawinigan")
    qtbot.keyClick(city, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    _settle()
    assert signals.resets == 0 and signals.removed == [(-1, 0, 0)]
    assert _headings(panel) == headings[1:]
    assert panel.view.currentIndex().data(FINDING_ROLE) == selected
    _as_built_afresh(panel)
    # Emptied again: the group comes back before the revenues' (the steps' order),
    # unfolded.
    city.setFocus()
    city.selectAll()
    qtbot.keyClick(city, Qt.Key.Key_Delete)
    qtbot.keyClick(city, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    _settle()
    assert _headings(panel) == headings
    assert panel.view.isExpanded(panel.model.item(0).index())
    assert panel.view.currentIndex().data(FINDING_ROLE) == selected
    _as_built_afresh(panel)
    # Errors only, then all again: each time as built afresh, the same counts.
    panel.errors_only.setChecked(True)
    _as_built_afresh(panel)
    assert all(f.severity == "error" for f in panel.findings_shown())
    panel.errors_only.setChecked(False)
    _as_built_afresh(panel)
    assert _headings(panel) == headings
