"""Entry point of the frozen app: the same ``main`` as the ``proposalkit`` command.

PyInstaller freezes this script rather than ``proposalkit/cli.py`` so that the package
is imported as a package (relative data paths, ``proposalkit.__version__``) and the
command line, the GUI and double-clicked ``.pkp`` files all go through one entry point.
"""

from __future__ import annotations

import sys

from proposalkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
