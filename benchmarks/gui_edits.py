"""Budget cell edits: one frame per edit (part of ``python -m benchmarks gui``).

A cell of the expenses table is edited through the view's own model (``setData`` with
the text a user types), on the example (a dozen lines) and on the stress proposal (a
thousand expense lines, two hundred partners). Three figures per edit:

* **to the frame**: from the edit until the table has repainted the edited cell (the
  edit parsed, applied, an undo step, the table told which row changed, whatever the
  event loop runs before the repaint, the repaint itself). Target: one frame at 60 Hz
  (16 ms).
* **the edit itself**: of that, the call to ``setData`` alone.
* **until settled**: until nothing is left to do (validation, the findings list, the cap
  bars, the overview, and their repaint), which follows the frame; no target.

Each is the median over the edits, by the wall clock and in CPU time of this process:
on a machine shared with other work the wall clock varies several-fold from one edit to
the next, the CPU time far less (the edit runs on one thread).

The baseline, measured in the same run, is a bare ``QTableView`` over a
``QStandardItemModel`` of the same size whose cell is set the same way: what Qt alone
costs, to the repaint of its cell.

The stress proposal of :mod:`benchmarks.stress` writes sections longer than the model's
100,000-character limit (the issue 20 branch fixes it); they are cut to the limit here,
since only the budget matters to a cell edit.

``python -m benchmarks.gui_edits`` runs this part alone; ``PROPOSALKIT_BENCH_EDITS`` sets
the number of edits (default 40). With ``PROPOSALKIT_BENCH_BEFORE`` set to another
checkout's ``src`` folder (as for the cold starts), the same edits of that code are
measured first in the same run, in a process of their own ("before: " lines).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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


class Timed:
    """Times of each edit: the edit's own call, to the frame, until settled; the last
    two by the wall clock and in CPU time of this process (which other work on a
    shared machine disturbs far less)."""

    def __init__(self) -> None:
        self.edit: list[float] = []
        self.frame: list[float] = []
        self.settled: list[float] = []
        self.frame_cpu: list[float] = []
        self.settled_cpu: list[float] = []


def _paint_clock(view):  # noqa: ANN001, ANN202 - a QAbstractScrollArea; an event filter
    """An event filter on ``view``'s viewport noting when its first repaint after an edit
    *ends* (it paints the viewport itself, then tells Qt the event is handled)."""
    from PySide6.QtCore import QEvent, QObject

    class Clock(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.painted: float | None = None
            self.painted_cpu = 0.0

        def eventFilter(self, _watched, event) -> bool:  # noqa: N802, ANN001
            if event.type() != QEvent.Type.Paint or self.painted is not None:
                return False
            view.viewportEvent(event)  # what the view's own viewport filter would do
            self.painted = time.perf_counter()
            self.painted_cpu = time.process_time()
            return True

    clock = Clock()
    view.viewport().installEventFilter(clock)
    return clock


def settle() -> None:
    """Process events until none is left (what an edit scheduled may post more)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()


def timed_edits(view, edit: Callable[[object], object], items: list) -> Timed:  # noqa: ANN001
    """``edit(item)`` for each item, timed (see the module's docstring); ``view`` is the
    scroll area whose viewport shows the edit (a table, a text editor)."""
    settle()
    clock = _paint_clock(view)
    out = Timed()
    for item in items:
        clock.painted = None
        cpu, start = time.process_time(), time.perf_counter()
        edit(item)
        out.edit.append(time.perf_counter() - start)
        settle()
        end, end_cpu = time.perf_counter(), time.process_time()
        out.settled.append(end - start)
        out.settled_cpu.append(end_cpu - cpu)
        out.frame.append((clock.painted or end) - start)
        out.frame_cpu.append((clock.painted_cpu if clock.painted else end_cpu) - cpu)
    view.viewport().removeEventFilter(clock)
    return out


def figures(name: str, timed: Timed, bare: Timed, bare_name: str, edit_name: str,
            settled_name: str) -> list[Result]:
    """The lines of one measured edit: to the frame (target 16 ms) and until settled,
    each by the wall clock and in CPU time, against the bare widget's frame."""
    med = statistics.median
    baseline, baseline_cpu = med(bare.frame), med(bare.frame_cpu)
    return [
        Result(f"{name}: to the frame", med(timed.frame), target=0.016,
               baseline_name=bare_name, baseline_seconds=baseline),
        Result("  the same in CPU time", med(timed.frame_cpu), target=0.016,
               baseline_name=bare_name, baseline_seconds=baseline_cpu),
        Result(f"  of which {edit_name}", med(timed.edit)),
        Result(f"  until settled ({settled_name})", med(timed.settled),
               baseline_name=bare_name, baseline_seconds=baseline),
        Result("  the same in CPU time", med(timed.settled_cpu), baseline_name=bare_name,
               baseline_seconds=baseline_cpu),
        Result(f"  {bare_name}, to the frame", baseline),
        Result("  the same in CPU time", baseline_cpu),
    ]


def _edit_cells(view, model, row: int, column: int) -> Timed:  # noqa: ANN001 - Qt objects
    # A new amount each time, so that every edit changes the value and the totals.
    texts = [f"{1000 + i} $" for i in range(EDITS)]
    return timed_edits(view, lambda text: model.setData(model.index(row, column), text),
                       texts)


def cell_edits() -> list[Result]:
    """Median time of one budget cell edit in the app, on the example and the stress
    proposal, each against a bare QTableView of the same size edited the same way
    (preceded by the same of ``PROPOSALKIT_BENCH_BEFORE``'s code when it is set)."""
    before = os.environ.get("PROPOSALKIT_BENCH_BEFORE")
    return [*(_before(before) if before else []), *_cell_edits()]


#: What the "before" process runs: the edits, their results as JSON on the last line.
_BEFORE = ("import json; from benchmarks.gui_edits import _cell_edits; "
           "print(json.dumps([[r.name, r.seconds, r.target, r.baseline_name, "
           "r.baseline_seconds] for r in _cell_edits()]))")


def _before(source: str) -> list[Result]:
    """The same edits of the code in ``source`` (another checkout's ``src``)."""
    here = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, here])}
    env.pop("PROPOSALKIT_BENCH_BEFORE")
    done = subprocess.run([sys.executable, "-c", _BEFORE], env=env, capture_output=True,
                          text=True, timeout=1200, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the before run failed: {done.stderr[-400:]}")
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    return [Result(f"before: {name}" if not name.startswith(" ") else name, seconds, target,
                   baseline_name, baseline) for name, seconds, target, baseline_name, baseline
            in rows]


def _cell_edits() -> list[Result]:
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
        timed = _edit_cells(view, model, row, column)
        assert gui.session.proposal.budget.expenses[1].amounts[0] == 1000 + EDITS - 1
        bare = _bare_table(model.rowCount(), model.columnCount(), view.size(), row, column)
        results += figures(f"cell edit, {name}", timed, bare,
                           f"bare QTableView of {model.rowCount()} rows", "setData",
                           "validation, findings, bars")
    gui.session.undo_stack.setClean()
    gui.window.close()
    return results


def _bare_table(rows: int, columns: int, size, row: int, column: int) -> Timed:  # noqa: ANN001
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
    timed = _edit_cells(view, model, row, column)
    view.close()
    return timed


def main() -> bool:
    """Run the cell-edit benchmark alone; True when the targets are met."""
    return report("gui: budget cell edits", cell_edits())


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
