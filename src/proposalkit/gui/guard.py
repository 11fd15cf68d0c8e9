"""Qt callbacks that cannot take the process down.

Qt calls a model's ``data``, ``headerData`` and ``flags``, a delegate's editor methods
and a widget's ``paintEvent`` from C++, many times a second. A Python exception there
does not reach any handler of ours: at best it is printed and the view gets garbage, at
worst the process dies (a SIGSEGV was seen with a date the model had accepted). Every
such override is wrapped with :func:`guarded`: an exception is logged (once per method
and exception type, not once per repaint) and the callback returns an empty value, so
the cell is shown empty and the application goes on.

Swallowing is right for the user and wrong for a test: :func:`watch` lets a caller (the
GUI tests' fixture) hear of every exception swallowed, so that a broken ``data()`` fails
a test instead of showing an empty cell in a green one.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtWidgets import QLabel

_log = logging.getLogger("proposalkit.gui")
_logged: set[tuple[str, type]] = set()
F = TypeVar("F", bound=Callable[..., Any])
#: Who hears of each exception swallowed (see :func:`watch`).
_watchers: list[Callable[[str, BaseException], None]] = []


@contextmanager
def watch(callback: Callable[[str, BaseException], None]) -> Iterator[None]:
    """While inside, ``callback(qualname, exception)`` is called for every exception a
    guarded override swallows (each time, not once per kind as the log)."""
    _watchers.append(callback)
    try:
        yield
    finally:
        _watchers.remove(callback)


def guarded(default: object = None) -> Callable[[F], F]:
    """Wrap a Qt override so that any exception gives ``default`` (a callable is called
    for a fresh value, e.g. ``QSize``) instead of escaping into Qt."""
    def wrap(method: F) -> F:
        @functools.wraps(method)
        def safe(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the point: nothing escapes into Qt
                for callback in list(_watchers):
                    callback(method.__qualname__, exc)
                key = (method.__qualname__, type(exc))
                if key not in _logged:
                    _logged.add(key)
                    _log.exception("%s failed; shown empty", method.__qualname__)
                return default() if callable(default) else default
        return safe  # type: ignore[return-value]
    return wrap


def plain(label: QLabel) -> QLabel:
    """``label`` showing its text as it is, never as rich text.

    Qt guesses rich text from a leading tag: a partner name, file name or lock owner from
    someone else's file would be parsed as HTML, and ``<img src="/dev/zero">`` in it hangs
    the window while Qt reads the "image". Every label or message showing text that can
    come from a file goes through here (or :mod:`proposalkit.gui.dialogs`).
    """
    from PySide6.QtCore import Qt  # the namespace's enums: not before the first paint

    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


#: For rich text showing typeset text: Qt's rich text otherwise turns a narrow no-break
#: space (U+202F) into a plain space, one a line may break at; with ``pre-wrap`` it keeps
#: every character and still wraps at spaces.
KEEP_SPACES = "style='white-space: pre-wrap'"


def plain_tip(text: str) -> str:
    """``text`` as a tooltip that shows it as it is: tooltips have no plain-text mode,
    so it is escaped inside a paragraph that keeps its line breaks (see :func:`plain`)."""
    if not text:
        return ""
    import html  # its table of entities is not needed before the first paint

    return f"<p {KEEP_SPACES}>{html.escape(text, quote=False)}</p>"
