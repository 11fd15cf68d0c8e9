"""The main window fits the screen it opens on.

A first start opens at a comfortable size, never larger than the screen's available
geometry (the desktop less its panels); a window closed on a screen opens again where it
was on that screen (each screen remembers its own), clamped all the same: a 1366×768
laptop never gets the 1920×1080 monitor's window with Previous/Next off the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from proposalkit.gui.settings import Preferences

#: The size a first start asks for, when the screen has room for it.
PREFERRED = QSize(1280, 820)
#: The smallest the window may be made by hand, when the screen has room for it.
MINIMUM = QSize(900, 600)
#: The window manager's frame before it is known (title bar and borders), so that the
#: frame, not only the inside, stays on the screen.
FRAME_GUESS = QMargins(4, 32, 4, 4)


def fitted(available: QRect, saved: QRect | None = None,
           frame: QMargins = FRAME_GUESS) -> QRect:
    """The window's inside geometry on a screen whose available geometry is
    ``available``: ``saved`` (or the preferred size, centred) moved and shrunk until
    the window and its ``frame`` are inside it."""
    room = available.marginsRemoved(frame)
    if saved is None or not saved.isValid():
        size = PREFERRED.boundedTo(room.size())
        corner = room.center() - QPoint(size.width() // 2, size.height() // 2)
        return QRect(QPoint(max(corner.x(), room.left()), max(corner.y(), room.top())), size)
    size = saved.size().boundedTo(room.size())
    x = min(max(saved.x(), room.left()), room.right() + 1 - size.width())
    y = min(max(saved.y(), room.top()), room.bottom() + 1 - size.height())
    return QRect(x, y, size.width(), size.height())


def minimum_on(available: QRect, frame: QMargins = FRAME_GUESS) -> QSize:
    """The smallest window size allowed on that screen (never more than it holds)."""
    return MINIMUM.boundedTo(available.marginsRemoved(frame).size())


def screen_key(screen: QScreen) -> str:
    """A screen as the settings know it: its name and size (a laptop docked to another
    monitor of the same name is another screen)."""
    size = screen.size()
    return f"{screen.name()}-{size.width()}x{size.height()}"


def opening_screen() -> QScreen:
    """The screen a new window opens on: the one under the mouse, else the primary."""
    return QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()


def place(window: QWidget, prefs: Preferences, screen: QScreen | None = None) -> None:
    """Size and place ``window`` for ``screen``: its saved geometry there, clamped."""
    screen = screen or opening_screen()
    available = screen.availableGeometry()
    saved = prefs.window_geometry(screen_key(screen))
    rect: QRect | None = None
    if saved is not None and window.restoreGeometry(saved):
        rect = window.geometry()
    window.setMinimumSize(minimum_on(available))
    window.setGeometry(fitted(available, rect))


def remember(window: QWidget, prefs: Preferences) -> None:
    """Save the window's geometry for the screen it is on."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    prefs.save_window_geometry(screen_key(screen), window.saveGeometry())
