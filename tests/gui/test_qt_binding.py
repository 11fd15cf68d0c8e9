"""The Qt binding we depend on keeps Python's reference counts straight.

PySide6 6.12.0 on Python 3.11 loses a reference to ``None`` on every Qt method that
returns nothing, and the app aborts after a few thousand edits; pyproject pins a
binding without that bug. This test fails if such a binding comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(2000):
        label.setText(str(i))
    assert sys.getrefcount(None) >= before - 50
