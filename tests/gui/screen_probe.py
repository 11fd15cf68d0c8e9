"""Run in its own process on an offscreen screen of a given size (``configfile``): open
the window as a user would (no resize), walk every step of the example and report, as
JSON on stdout, what is not inside the screen: the window, Previous/Next, the status
bar's counts, every year's column of the budget tables,
the indicators table's columns and, the financing plan unfolded on the revenues step,
whether each of its columns can be brought into view beside its frozen sources.
Optionally grabs the budget pages.

    python tests/gui/screen_probe.py WIDTH HEIGHT [SCREENSHOT_PREFIX] [LANG]
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


def _columns_seen(screen, view, names=None) -> list[bool]:
    """Whether each column of ``view`` shows whole (a frozen names column counts when its
    overlay shows it; ``names``: that overlay, the view's own by default)."""
    from PySide6.QtCore import QRect

    port = view.viewport()
    names = names if names is not None else view.names
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


def _plan_seen(screen, page) -> dict:
    """The financing plan unfolded (as the user does on a small screen, where it opens
    folded; the page's guidance folded to make it room): each column brought into view
    as the keyboard does, whether it shows whole beside the frozen sources, and whether
    those show while the table is scrolled."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    plan = page.plan
    if page.guidance_toggle.isChecked():
        QTest.mouseClick(page.guidance_toggle, Qt.MouseButton.LeftButton)
    if not plan.toggle.isChecked():
        QTest.mouseClick(plan.toggle, Qt.MouseButton.LeftButton)
    for _ in range(4):
        QApplication.processEvents()
    view, model = plan.table, plan.model
    row = model.kinds.index("body")
    seen, frozen = [], []
    for column in range(model.columnCount()):
        view.scrollTo(model.index(row, column))
        QApplication.processEvents()
        seen.append(_columns_seen(screen, view, plan.sources)[column])
        frozen.append(view.horizontalScrollBar().value() == 0 or plan.sources.isVisible())
    return {"columns": seen, "sources": all(frozen),
            "scrolls": view.horizontalScrollBar().maximum() > 0}


def probe(width: int, height: int, shots: str = "", lang: str = "fr") -> dict:
    """What is off the screen, page by page."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication, QScrollArea

    from proposalkit.gui.app import create
    from proposalkit.gui.settings import Preferences

    gui = create(lang, prefs=Preferences())
    window = gui.window
    window.show()
    window.open_example()
    screen = window.screen().availableGeometry()
    problems: list[str] = []
    years: dict[str, list[bool]] = {}
    plan: dict = {}
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
            if step == "revenues":
                plan = _plan_seen(screen, window.pages[step])
            if shots:
                window.grab().save(f"{shots}{step}-{width}x{height}-{lang}.png")
        if step == "indicators":
            years[step] = _columns_seen(screen, window.pages[step].indicators)
            if shots:
                window.grab().save(f"{shots}{step}-{width}x{height}.png")
    window.session.undo_stack.setClean()
    window.close()
    return {"available": screen.getRect(), "window": window.frameGeometry().getRect(),
            "problems": problems, "years": years, "plan": plan}


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
    lang = sys.argv[4] if len(sys.argv) > 4 else "fr"
    offscreen(width, height)
    print(json.dumps(probe(width, height, shots, lang)))


if __name__ == "__main__":
    main()
