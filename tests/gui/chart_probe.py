"""Run in its own process on an offscreen screen of a given size: open the example,
show the overview, scroll its revenues chart into view as a user would, and report as
JSON on stdout whether the chart is whole inside the page's visible part and the screen,
and which source names it shows whole. Optionally grabs the window.

    python tests/gui/chart_probe.py WIDTH HEIGHT [SCREENSHOT]
"""

from __future__ import annotations

import json
import sys


def _global(widget):
    from PySide6.QtCore import QRect

    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _names_whole(chart) -> list[str]:
    """The source names the chart shows without cutting them: its list's labels when
    they have the room their wrapped text needs; else QtCharts' own legend's, when a
    name is as narrow as the legend."""
    from PySide6.QtGui import QFontMetrics

    labels = getattr(chart, "labels", None)
    if labels is not None:
        return [label.text() for label in labels
                if label.isVisible() and label.height() >= label.heightForWidth(label.width())
                and label.width() >= min(label.sizeHint().width(),
                                         label.fontMetrics().horizontalAdvance(label.text()))]
    legend = chart.chart().legend()
    if not legend.isVisible():
        return []
    metrics = QFontMetrics(legend.font())
    room = legend.geometry().width() - 2 * metrics.height()  # the marker and margins
    return [marker.label() for marker in legend.markers()
            if metrics.horizontalAdvance(marker.label()) <= room]


def probe(width: int, height: int, shot: str = "") -> dict:
    """Where the revenues chart stands once scrolled to."""
    from PySide6.QtWidgets import QApplication

    from proposalkit.gui.app import create
    from proposalkit.gui.settings import Preferences

    gui = create("fr", prefs=Preferences())
    window = gui.window
    window.show()
    window.open_example()
    window.go_to("overview")
    page = window.pages["overview"]
    for _ in range(20):
        QApplication.processEvents()
        if page.chart_views:
            break
    for _ in range(10):  # the page's layout takes the new charts in
        QApplication.processEvents()
    chart = page.chart_views[0]
    area = window.page_widgets["overview"]
    # Scrolled as a user does: the chart's top at the top of the visible part.
    top = chart.mapTo(area.widget(), chart.rect().topLeft()).y()
    area.verticalScrollBar().setValue(top)
    for _ in range(4):
        QApplication.processEvents()
    port = _global(area.viewport())
    screen = window.screen().availableGeometry()
    box = _global(chart)
    if shot:
        window.grab().save(shot)
    report = {"chart": box.getRect(), "viewport": port.getRect(),
              "inside": port.contains(box) and screen.contains(box),
              "names": [s.label for s in page.figures.revenues],
              "whole": _names_whole(chart)}
    window.session.undo_stack.setClean()
    window.close()
    return report


def main() -> None:
    """Set up the screen and the user's folders, then probe."""
    from screen_probe import offscreen  # beside this file, run as a script

    width, height = int(sys.argv[1]), int(sys.argv[2])
    offscreen(width, height)
    print(json.dumps(probe(width, height, sys.argv[3] if len(sys.argv) > 3 else "")))

if __name__ == "__main__":
    main()
