"""``proposalkit --quit-after-show FILE``: open the proposal, show every step's page, quit.

The bundle's smoke test (``packaging/smoke_test.py``) runs it on the built app: a page
whose module did not make it into the bundle, a traceback in a slot or an error logged
while the pages are built and painted makes the exit status 1, with the errors on stderr.
On success one line on stdout names the steps shown (the windowed Windows executable has
no stdout; its exit status says the same).
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from proposalkit.core.steps import step_ids
from proposalkit.gui.main_window import MainWindow


class _Errors(logging.Handler):
    """Collects every record at ERROR or above."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.found.append(logging.Formatter("%(levelname)s %(name)s: %(message)s")
                          .format(record))


def _settle(app: QApplication) -> None:
    for _ in range(3):  # a page's layout settles over a few passes
        app.processEvents()


def show_every_step(app: QApplication, window: MainWindow, path: Path) -> int:
    """Open ``path`` in ``window``, show each step's page; 0, or 1 if anything failed."""
    errors = _Errors()
    root = logging.getLogger()
    root.addHandler(errors)
    previous_hook = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        errors.found.append("".join(traceback.format_exception(kind, value, tb)))

    sys.excepthook = hook
    shown: list[str] = []
    try:
        _settle(app)
        if not window.open_path(path) or window.session.program is None:
            errors.found.append(f"could not open {path}")
        else:
            for step in step_ids(window.session.program):
                try:
                    window.go_to(step)
                    window.repaint()
                    _settle(app)
                    shown.append(step)
                except Exception:  # noqa: BLE001 - reported below, exit 1
                    errors.found.append(f"step {step}:\n{traceback.format_exc()}")
            window.session.undo_stack.setClean()
    finally:
        sys.excepthook = previous_hook
        root.removeHandler(errors)
    for error in errors.found:
        print(error, file=sys.stderr)
    if sys.stdout is not None:
        print(f"proposalkit: {len(shown)} step pages shown: {', '.join(shown)}", flush=True)
    return 1 if errors.found else 0
