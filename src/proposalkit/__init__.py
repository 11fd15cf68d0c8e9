"""proposalkit: prepare a funding proposal for a Québec regional innovation hub.

The package is a Qt-free library (``core``, ``storage``, ``export``) under a thin
desktop GUI (``gui``) and a command line (``cli``).
"""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # importlib.metadata costs tens of milliseconds to import: looked up on first use,
    # so that starting the window does not pay for it.
    from importlib import metadata

    try:
        return metadata.version("proposalkit")
    except metadata.PackageNotFoundError:  # running from a source tree without install
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed distribution on first use."""
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
