"""A cell edit is painted first; what follows from it (validation, the findings list, the
status bar, the cap bars) runs once the window has painted it, coalesced over a burst of
edits, and is right, never stale, once the event loop has run. The table's subtotals and
total follow each edit by what the edited line adds, and equal a full sum."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from proposalkit.core.example import example_proposal
from proposalkit.core.steps import tally_text
from proposalkit.gui import files


class _Order(QObject):
    """Notes, in order, the session's edits, the repaints of a widget and the session's
    findings updates."""

    def __init__(self, session) -> None:
        super().__init__()
        self.seen: list[str] = []
        session.changed.connect(lambda _changes: self.seen.append("edit"))
        session.findings_changed.connect(lambda: self.seen.append("findings"))

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.seen.append("paint")
        return False


def _expenses(gui):
    # The example without its attachments' bytes: nothing is checked in the background.
    gui.session.load(files.new_document(example_proposal()))
    page = gui.window.go_to("expenses")
    for _ in range(3):
        QApplication.processEvents()
    return page.view, page.view.line_model


def _money_column(model) -> int:
    return next(c for c, col in enumerate(model.columns) if col.kind == "money")


def test_the_edited_cell_is_painted_before_validation_and_all_is_right_after(make_gui,
                                                                               qtbot):
    gui = make_gui("fr")
    session, window = gui.session, gui.window
    view, model = _expenses(gui)
    panel = window.findings
    assert not session.attachment_checks.results
    assert not any(f.code == "PRI-BALANCE" for f in session.findings)
    order = _Order(session)
    view.viewport().installEventFilter(order)
    row, column = model.row_of_line(1), _money_column(model)
    # What the cell's editor does on Enter (tests/gui/test_budget.py types in cells).
    model.setData(model.index(row, column), "1 000 000,00")
    assert session.proposal.budget.expenses[1].amounts[0] == Decimal(1_000_000)
    qtbot.waitUntil(lambda: "findings" in order.seen)
    # The cell was painted before validation ran, in the same turn of the event loop.
    edit, findings = order.seen.index("edit"), order.seen.index("findings")
    assert edit < findings and "paint" in order.seen[edit:findings]
    # Once the loop has run, everything says the new budget: the findings list, the
    # status bar, the cap bars; a full recomputation changes nothing.
    shown = [f.code for f in panel.findings_shown()]
    assert "PRI-BALANCE" in shown
    status = window.counts_label.text()
    assert status == tally_text(session.counts(), session.translator) and status
    bars = window.pages["expenses"].bars
    levels = [bar.level for bar in bars.cap_bars + bars.share_bars]
    texts = [label.text() for label in bars.labels()]
    session.revalidate(force=True)
    assert [f.code for f in panel.findings_shown()] == shown
    assert window.counts_label.text() == status
    assert [bar.level for bar in bars.cap_bars + bars.share_bars] == levels
    assert [label.text() for label in bars.labels()] == texts
    view.viewport().removeEventFilter(order)


def test_a_burst_of_edits_validates_once(make_gui, qtbot):
    gui = make_gui("fr")
    session = gui.session
    _view, model = _expenses(gui)
    column = _money_column(model)
    told: list[int] = []
    session.findings_changed.connect(lambda: told.append(1))
    for n, text in enumerate(("1 000 000", "2 000 000", "3 000 000")):
        model.setData(model.index(model.row_of_line(n), column), text)
    assert told == [] and session.after_frame.due
    qtbot.waitUntil(lambda: not session.after_frame.due)
    QApplication.processEvents()
    assert told == [1]
    assert any(f.code == "PRI-BALANCE" for f in session.findings)


def test_subtotals_and_total_follow_edits_undo_and_regrouping(make_gui, qtbot):
    gui = make_gui("fr")
    session = gui.session
    view, model = _expenses(gui)
    column = _money_column(model)
    year = model.columns[column].key[1]

    def shown() -> dict[str, Decimal]:
        out = {}
        for info in model.rows:
            if info.kind != "line":
                out[info.kind + info.group] = model.money_value(info, column)
        return out

    def summed() -> dict[str, Decimal]:
        out: dict[str, Decimal] = {"total": Decimal(0)}
        for line in session.proposal.budget.expenses:
            amount = line.amounts[year] if year < len(line.amounts) else Decimal(0)
            out["subtotal" + line.category] = out.get("subtotal" + line.category,
                                                      Decimal(0)) + amount
            out["total"] += amount
        return out

    assert shown() == summed()
    for n, text in enumerate(("12 345,67", "0", "1 000 000,01")):
        model.setData(model.index(model.row_of_line(n), column), text)
        assert shown() == summed()
    session.undo_stack.undo()
    assert shown() == summed()
    session.undo_stack.redo()
    assert shown() == summed()
    # A line moved to another category: the rows are regrouped once the event loop runs.
    category = next(c for c, col in enumerate(model.columns) if col.kind == "choice")
    other = next(ident for ident, _label in model.columns[category].options()
                 if ident != session.proposal.budget.expenses[0].category)
    model.setData(model.index(model.row_of_line(0), category), other)
    qtbot.waitUntil(lambda: model.rows[model.row_of_line(0)].group == other)
    assert shown() == summed()
    # The total row says it too.
    total = model.index(len(model.rows) - 1, column).data(Qt.ItemDataRole.DisplayRole)
    assert total == model.data(model.index(len(model.rows) - 1, column))
    assert view.isVisible()


def test_the_findings_list_keeps_its_selection_when_a_figure_changes(make_gui, qtbot):
    gui = make_gui("fr")
    view, model = _expenses(gui)
    panel = gui.window.findings
    column = _money_column(model)
    model.setData(model.index(model.row_of_line(1), column), "1 000 000")
    qtbot.waitUntil(lambda: any(f.code == "PRI-BALANCE" for f in panel.findings_shown()))
    index = panel.index_of(next(f for f in panel.findings_shown() if f.code == "PRI-BALANCE"))
    panel.view.setCurrentIndex(index)
    before = index.data()
    model.setData(model.index(model.row_of_line(1), column), "2 000 000")
    qtbot.waitUntil(lambda: panel.view.currentIndex().data() != before)
    current = panel.view.currentIndex()
    assert current.isValid() and "2\u00a0660\u00a0000,00" in current.data()
    assert panel.details.text().startswith("PRI-BALANCE")
    assert view.isVisible()
