"""``python -m proposalkit``: the same command line as the ``proposalkit`` script."""

from __future__ import annotations

import sys

from proposalkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
