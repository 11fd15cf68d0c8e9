"""Run in its own process on an offscreen screen of a given size (``configfile``): open
the window as a user would (no resize), walk every step of the example and report, as
JSON on stdout, what is not inside the screen: the window, Previous/Next, the status
bar's counts, every year's column of the budget tables and
the indicators table's columns. Optionally grabs the budget pages.

    python tests/gui/screen_probe.py WIDTH HEIGHT [SCREENSHOT_PREFIX]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def _inside(outer, widget, rect=None) -> bool:
    from PySide6.QtCore import QRect

    rect = rect if rect is not None else widget.rect()
    top_left = widget.mapToGlobal(rect.topLeft())
    return outer.contains(QRect(top_left, rect.size()))


def _columns_seen(screen, view) -> list[bool]:
    """Whether each column of ``view`` shows whole (a frozen names column counts when its
    overlay shows it)."""
    from PySide6.QtCore import QRect

    port = view.viewport()
    names = view.names
    left = names.width() if names is not None and names.isVisible() else 0
    visible = port.rect().adjusted(left, 0, 0, 0)
    seen = []
    for c in range(view.model().columnCount()):
        if names is not None and names.isVisible() and c == names.column:
            seen.append(_inside(screen, names))
            continue
        cell = QRect(view.columnViewportPosition(c), 0, view.columnWidth(c), 1)
        seen.append(visible.contains(cell) and _inside(screen, port, cell))
    return seen


def probe(width: int, height: int, shots: str = "") -> dict:
    """What is off the screen, page by page."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication, QScrollArea

    from proposalkit.gui.app import create
    from proposalkit.gui.settings import Preferences

    gui = create("fr", prefs=Preferences())
    window = gui.window
    window.show()
    window.open_example()
    screen = window.screen().availableGeometry()
    problems: list[str] = []
    years: dict[str, list[bool]] = {}
    for step in list(window.pages):
        window.go_to(step)
        for _ in range(4):
            QApplication.processEvents()
        if not screen.contains(window.frameGeometry()):
            problems.append(f"{step}: window {window.frameGeometry().getRect()}")
        for name, widget in (("previous", window.prev_button), ("next", window.next_button),
                             ("counts", window.counts_label)):
            if widget.isVisible() and not _inside(screen, widget):
                problems.append(f"{step}: {name}")
        if not window.counts_label.isVisible():
            problems.append(f"{step}: counts hidden")
        shown = window.page_widgets[step]
        if isinstance(shown, QScrollArea) and shown.horizontalScrollBar().isVisible():
            problems.append(f"{step}: scrolls sideways")
        view = getattr(window.pages[step], "view", None)
        if step in ("expenses", "revenues") and view is not None:
            port = view.viewport()
            seen = []
            # The frozen names cover the table's left edge while it is scrolled sideways.
            names = getattr(view, "names", None)
            left = names.width() if names is not None and names.isVisible() else 0
            visible = port.rect().adjusted(left, 0, 0, 0)
            for c, column in enumerate(view.line_model.columns):
                if column.kind in ("money", "sum"):
                    cell = QRect(view.columnViewportPosition(c), 0, view.columnWidth(c), 1)
                    seen.append(visible.contains(cell) and _inside(screen, port, cell))
            years[step] = seen
            if shots:
                window.grab().save(f"{shots}{step}-{width}x{height}.png")
        if step == "indicators":
            years[step] = _columns_seen(screen, window.pages[step].indicators)
            if shots:
                window.grab().save(f"{shots}{step}-{width}x{height}.png")
    window.session.undo_stack.setClean()
    window.close()
    return {"available": screen.getRect(), "window": window.frameGeometry().getRect(),
            "problems": problems, "years": years}


def offscreen(width: int, height: int) -> None:
    """Before Qt starts: an offscreen screen of that size, and the user's folders in a
    fresh temporary one."""
    base = Path(tempfile.mkdtemp(prefix="screen-probe-"))
    config = base / "screen.json"
    config.write_text(json.dumps({"windowFrameMargins": False, "screens": [
        {"name": "probe", "x": 0, "y": 0, "width": width, "height": height,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    for name in ("STATE", "CONFIG", "DATA"):
        os.environ[f"PROPOSALKIT_{name}_DIR"] = str(base / name.lower())
    os.environ["PROPOSALKIT_USER_PROGRAMS"] = str(base / "programs")


def main() -> None:
    """Set up the screen and the user's folders, then probe."""
    width, height = int(sys.argv[1]), int(sys.argv[2])
    shots = sys.argv[3] if len(sys.argv) > 3 else ""
    offscreen(width, height)
    print(json.dumps(probe(width, height, shots)))


if __name__ == "__main__":
    main()
