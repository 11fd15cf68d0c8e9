"""Budget cell edits: one frame per edit (part of ``python -m benchmarks gui``).

A cell of the expenses table is edited through the view's own model (``setData`` with
the text a user types), on the example (a dozen lines) and on the stress proposal (a
thousand expense lines, two hundred partners). Per edit: until everything has settled
(the repaint, the zero-delay validation, the findings panel, the cap bars, the
overview), and of that the edit itself (parsed, applied, an undo step, the table told
which row changed). The
baseline, measured in the same run, is a bare ``QTableView`` over a
``QStandardItemModel`` of the same size whose cell is set the same way: what Qt alone
costs. Target: the median edit within one frame at 60 Hz (16 ms).

The stress proposal of :mod:`benchmarks.stress` writes sections longer than the model's
100,000-character limit (the issue 20 branch fixes it); they are cut to the limit here,
since only the budget matters to a cell edit.

``python -m benchmarks.gui_edits`` runs this part alone; ``PROPOSALKIT_BENCH_EDITS`` sets
the number of edits (default 40).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

from benchmarks.harness import Result, report

EDITS = int(os.environ.get("PROPOSALKIT_BENCH_EDITS", "40"))


def _proposals() -> dict[str, object]:
    from benchmarks.stress import stress_proposal
    from proposalkit.core.example import example_proposal
    from proposalkit.core.model import MAX_NARRATIVE

    stress = stress_proposal()
    # Cut to the model's limit (see the module's docstring).
    stress.sections = {k: v[:MAX_NARRATIVE] for k, v in stress.sections.items()}
    return {"example": example_proposal(), "stress, 1,000 expense lines": stress}


def _edit_cells(view, model, row: int, column: int,  # noqa: ANN001 - Qt objects
                texts: list[str]) -> tuple[list[float], list[float]]:
    """Per edit: the time of the edit itself (parsed, applied, an undo step, the views
    told which row changed), and until everything has settled (events processed: the
    repaint, the zero-delay validation and the views following its findings)."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    painted, settled = [], []
    for text in texts:
        start = time.perf_counter()
        model.setData(model.index(row, column), text)
        painted.append(time.perf_counter() - start)
        QApplication.processEvents()  # repaint, validation, findings, bars, overview
        settled.append(time.perf_counter() - start)
    return painted, settled


def _texts() -> list[str]:
    # A new amount each time, so that every edit changes the value and the totals.
    return [f"{1000 + i} $" for i in range(EDITS)]


def cell_edits() -> list[Result]:
    """Median time of one budget cell edit in the app, on the example and the stress
    proposal, each against a bare QTableView of the same size edited the same way."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PROPOSALKIT_CONFIG_DIR", tempfile.mkdtemp(prefix="pk-bench-"))
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from proposalkit.gui import files
    from proposalkit.gui.app import create

    gui = create("fr")
    gui.window.resize(1280, 820)
    gui.window.show()
    results = []
    for name, proposal in _proposals().items():
        gui.session.load(files.new_document(proposal))  # type: ignore[arg-type]
        # The previous proposal's editor is deleted later, by an event loop this script
        # does not run: delete it now, or its pages would go on following the session.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        page = gui.window.go_to("expenses")
        QApplication.processEvents()
        view, model = page.view, page.view.model()
        row = model.row_of_line(1)
        column = next(c for c, col in enumerate(model.columns) if col.kind == "money")
        view.setFocus()
        view.scrollTo(model.index(row, column))
        painted, settled = _edit_cells(view, model, row, column, _texts())
        assert gui.session.proposal.budget.expenses[1].amounts[0] == 1000 + EDITS - 1
        baseline = _bare_table(model.rowCount(), model.columnCount(), view.size(), row, column)
        results.append(Result(f"cell edit, {name}", statistics.median(settled),
                              target=0.016, baseline_name="bare QTableView",
                              baseline_seconds=baseline))
        results.append(Result("  of which the edit itself (no repaint, no validation)",
                              statistics.median(painted)))
        results.append(Result(f"  bare QTableView, {model.rowCount()} rows", baseline))
    gui.session.undo_stack.setClean()
    gui.window.close()
    return results


def _bare_table(rows: int, columns: int, size, row: int, column: int) -> float:  # noqa: ANN001
    """The same edits in a bare QTableView over a QStandardItemModel of the same size."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    model = QStandardItemModel(rows, columns)
    for r in range(rows):
        for c in range(columns):
            model.setItem(r, c, QStandardItem(f"{r * c} $"))
    view = QTableView()
    view.setModel(model)
    view.resize(size)
    view.show()
    view.scrollTo(model.index(row, column))
    _painted, settled = _edit_cells(view, model, row, column, _texts())
    view.close()
    return statistics.median(settled)


def main() -> bool:
    """Run the cell-edit benchmark alone; True when the targets are met."""
    return report("gui: budget cell edits", cell_edits())


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
