"""The window fits the screen it opens on: its size comes from the screen's available
geometry (a saved one is clamped to it), and on a 1366x768 and a 1024x640 screen every
page shows Previous/Next and the status bar's counts inside the screen."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QRect

from proposalkit.gui.screen_fit import FRAME_GUESS, PREFERRED, fitted, minimum_on

PROBE = Path(__file__).with_name("screen_probe.py")


def probe(width: int, height: int, lang: str = "fr") -> dict:
    """The window opened on a screen of that size, in its own process."""
    done = subprocess.run([sys.executable, str(PROBE), str(width), str(height), "", lang],
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_first_start_takes_the_preferred_size_when_it_fits():
    rect = fitted(QRect(0, 0, 1920, 1040))
    assert rect.size() == PREFERRED
    assert QRect(0, 0, 1920, 1040).marginsRemoved(FRAME_GUESS).contains(rect)


@pytest.mark.parametrize("screen", [QRect(0, 0, 1366, 728), QRect(0, 0, 1024, 600),
                                    QRect(1920, 24, 1024, 640)])
def test_window_and_frame_inside_the_available_geometry(screen):
    room = screen.marginsRemoved(FRAME_GUESS)
    assert room.contains(fitted(screen))
    # A geometry saved on a large monitor, and one saved half off this screen.
    for saved in (QRect(100, 80, 1800, 1000), QRect(screen.right() - 200, 400, 900, 600)):
        rect = fitted(screen, saved)
        assert room.contains(rect), (saved, rect)
    # A saved window that fits keeps its place and size.
    small = QRect(room.left() + 10, room.top() + 10, 600, 400)
    assert fitted(screen, small) == small
    assert room.size().expandedTo(minimum_on(screen)) == room.size()


def test_no_frame_means_the_whole_available_geometry():
    assert fitted(QRect(0, 0, 1024, 640), frame=QMargins()).size().height() == 640


def test_saved_geometry_is_per_screen_and_clamped(make_gui, qtbot):
    from PySide6.QtGui import QGuiApplication

    from proposalkit.gui import screen_fit

    gui = make_gui("en")
    window, prefs = gui.window, gui.prefs
    screen = QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    window.resize(3000, 2000)  # bigger than this screen, as if saved on another one
    screen_fit.remember(window, prefs)
    assert prefs.window_geometry(screen_fit.screen_key(screen)) is not None
    assert prefs.window_geometry("elsewhere-1920x1080") is None
    screen_fit.place(window, prefs, screen)
    assert available.marginsRemoved(FRAME_GUESS).contains(window.geometry())


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 640)])
def test_every_control_on_the_screen(size, lang):
    seen = probe(*size, lang)
    assert seen["available"] == [0, 0, *size]
    assert QRect(*seen["available"]).contains(QRect(*seen["window"]))
    assert seen["problems"] == []
    # Every project year of both tables, beside the frozen line names (issue 22); the
    # expenses' total too on the larger screen.
    for step in ("expenses", "revenues"):
        assert all(seen["years"][step][:-1]), (step, seen["years"][step])
    if size == (1366, 768):
        assert all(seen["years"]["expenses"])
    # The indicators (#21): name, unit, baseline, four targets, source. On the smaller
    # screen (the findings beside the page), the names with the baseline and every
    # year's target beside them; on the larger one, every column, no sideways scroll.
    indicators = seen["years"]["indicators"]
    assert indicators[0] and all(indicators[2:7]), indicators
    if size == (1366, 768):
        assert all(indicators), indicators
    # The financing plan, unfolded beside the findings: its figures scroll sideways and
    # each column comes into view beside the sources, frozen at its left.
    plan = seen["plan"]
    assert plan["scrolls"] and plan["sources"], plan
    assert all(plan["columns"]), plan
