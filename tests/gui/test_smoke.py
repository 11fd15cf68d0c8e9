"""The window opens on the start screen, and the example opens with no errors."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt


def test_start_screen_then_example(make_gui, qtbot):
    gui = make_gui("en")
    window = gui.window
    assert window.centralWidget() is window.start
    qtbot.mouseClick(window.start.example_button, Qt.MouseButton.LeftButton)
    assert gui.session.is_open
    assert gui.session.counts()["error"] == 0
    assert set(window.pages) >= {"applicant", "expenses", "revenues", "review"}
    for step in window.pages:
        window.go_to(step)
        assert window.stack.currentWidget() is window.page_widgets[step]
    assert window.windowTitle().startswith("Untitled proposal")


def test_quit_after_show_exits_zero(tmp_path):
    result = subprocess.run([sys.executable, "-m", "proposalkit.cli", "--quit-after-show"],
                            capture_output=True, text=True, timeout=60,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
