"""Cut the ready-made DOCX font subsets, ``resources/fonts/subsets/*.ttf``.

Each of the four Noto Sans faces cut down to the base set of characters every DOCX
embeds (:data:`proposalkit.export.font_subset.BASE`: Latin-1 and French and English
typography) by the exporter's own cutter, so that a French or English DOCX embeds them
as they are instead of cutting them (2 s of CPU) in every process. Run it when the
bundled fonts, the base set or fontTools change (a test says when):

    python -m tools.font_subsets            # rewrite the subsets
    python -m tools.font_subsets --check    # exit 1 if a committed subset is stale
"""

from __future__ import annotations

import sys

from proposalkit.export.font_subset import BASE, PREBUILT, cut, subsets_dir
from proposalkit.export.fonts import fonts_dir


def build() -> dict[str, bytes]:
    """Each face's file name and its base subset's bytes."""
    return {name: cut(fonts_dir() / name, BASE) for name in PREBUILT}


def main(argv: list[str]) -> int:
    """Write the subsets, or with ``--check`` report the stale ones."""
    subsets = build()
    if "--check" in argv:
        stale = [name for name, data in subsets.items()
                 if not (subsets_dir() / name).is_file()
                 or (subsets_dir() / name).read_bytes() != data]
        for name in stale:
            print(f"{subsets_dir() / name} is stale: run python -m tools.font_subsets")
        return 1 if stale else 0
    subsets_dir().mkdir(exist_ok=True)
    for name, data in subsets.items():
        (subsets_dir() / name).write_bytes(data)
        print(f"{subsets_dir() / name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
