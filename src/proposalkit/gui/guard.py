"""Qt callbacks that cannot take the process down.

Qt calls a model's ``data``, ``headerData`` and ``flags``, a delegate's editor methods
and a widget's ``paintEvent`` from C++, many times a second. A Python exception there
does not reach any handler of ours: at best it is printed and the view gets garbage, at
worst the process dies (a SIGSEGV was seen with a date the model had accepted). Every
such override is wrapped with :func:`guarded`: an exception is logged (once per method
and exception type, not once per repaint) and the callback returns an empty value, so
the cell is shown empty and the application goes on.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

_log = logging.getLogger("proposalkit.gui")
_logged: set[tuple[str, type]] = set()
F = TypeVar("F", bound=Callable[..., Any])


def guarded(default: object = None) -> Callable[[F], F]:
    """Wrap a Qt override so that any exception gives ``default`` (a callable is called
    for a fresh value, e.g. ``QSize``) instead of escaping into Qt."""
    def wrap(method: F) -> F:
        @functools.wraps(method)
        def safe(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the point: nothing escapes into Qt
                key = (method.__qualname__, type(exc))
                if key not in _logged:
                    _logged.add(key)
                    _log.exception("%s failed; shown empty", method.__qualname__)
                return default() if callable(default) else default
        return safe  # type: ignore[return-value]
    return wrap
