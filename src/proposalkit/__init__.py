"""proposalkit: prepare a funding proposal for a Québec regional innovation hub.

The package is a Qt-free library (``core``, ``storage``, ``export``) under a thin
desktop GUI (``gui``) and a command line (``cli``).
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("proposalkit")
except metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+source"
