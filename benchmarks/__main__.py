"""Run every benchmark (``python -m benchmarks``) or some (``python -m benchmarks core storage``).

Each ``bench_<name>.py`` module has a ``main() -> bool`` that prints its results and
says whether its targets are met. The exit code is 1 when a target is missed.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(
        m.name[6:] for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )
    chosen = argv or names
    unknown = [n for n in chosen if n not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}")
        return 2
    ok = True
    for name in chosen:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        ok = module.main() and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
