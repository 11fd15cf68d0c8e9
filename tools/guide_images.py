"""Regenerate the pictures of the user guide and of the README from the app itself.

    python tools/guide_images.py            # resources/guide/images/<chapter>-<lang>.png
    python tools/guide_images.py --readme   # docs/images/ (start, overview, expenses, dossier)

The guide gets one picture per chapter (one per row of the table of steps), in French
for the French guide and in English for the English one, taken at 1024×640 (the
smallest screen the window is made for). The README's are in French, the product's
first language. Each picture is the example proposal, with the deadline counted from
a day before the call closed, reduced to a 256-colour palette and passed through
optipng when it is installed, so the guide stays small.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
GUIDE_IMAGES = ROOT / "resources" / "guide" / "images"
README_IMAGES = ROOT / "docs" / "images"
#: The day the pictures are taken "on": the example's call is still open.
PICTURE_DAY = date(2018, 4, 2)
GUIDE_SIZE = (1024, 640)
README_SIZE = (1360, 860)
#: The section shown for the guide's "sections" chapter.
SECTION_SHOWN = "section:context"


def chapter_screens() -> dict[str, str]:
    """Each guide chapter (a kind of step) and the screen that pictures it."""
    from proposalkit.core.steps import STEP_KINDS

    return {kind.key: SECTION_SHOWN if kind.per_section else kind.key for kind in STEP_KINDS}


def compact(path: Path) -> None:
    """Rewrite a screenshot as a palette PNG (window pictures have few colours), then
    let optipng squeeze it further when it is there."""
    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                dither=Image.Dither.NONE)
    palette.save(path, optimize=True)
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", str(path)], check=True)


def _private_environment(scratch: Path) -> None:
    # Fresh settings and state: the pictures do not depend on the user's own.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["PROPOSALKIT_CONFIG_DIR"] = str(scratch / "config")
    os.environ["PROPOSALKIT_STATE_DIR"] = str(scratch / "state")
    runtime = scratch / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def guide_pictures(lang: str) -> list[Path]:
    """One picture per chapter of the guide in ``lang``."""
    from proposalkit.gui.app import screenshots

    screens = chapter_screens()
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as shots:
        taken = screenshots(Path(shots), lang, list(screens.values()), GUIDE_SIZE,
                            PICTURE_DAY)
        by_screen = {path.stem: path for path in taken}
        written = []
        for key, screen in screens.items():
            target = GUIDE_IMAGES / f"{key}-{lang}.png"
            shutil.move(by_screen[screen.replace(":", "-")], target)
            compact(target)
            written.append(target)
    return written


def _dossier_budget(target: Path, scratch: Path) -> None:
    """The revenues page of the example's French PDF dossier."""
    from proposalkit.cli import main as cli

    proposal, pdf = scratch / "example.pkp", scratch / "dossier.pdf"
    cli(["--lang", "fr", "example", "-o", str(proposal)])
    cli(["--lang", "fr", "export", str(proposal), "--pdf", str(pdf)])
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    number = next(i for i, page in enumerate(pages, 1)
                  if "Total des revenus" in page)
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-r", "90", "-f", str(number),
                    "-l", str(number), str(pdf), str(target.with_suffix(""))], check=True)


def readme_pictures() -> list[Path]:
    """The README's screenshots, in French."""
    from proposalkit.gui.app import screenshots

    README_IMAGES.mkdir(parents=True, exist_ok=True)
    written = screenshots(README_IMAGES, "fr", ["start", "overview", "expenses"],
                          README_SIZE, PICTURE_DAY)
    with tempfile.TemporaryDirectory() as scratch:
        target = README_IMAGES / "dossier-budget.png"
        _dossier_budget(target, Path(scratch))
        written.append(target)
    for path in written:
        compact(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the pictures; print their paths and sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="the README's screenshots")
    parser.add_argument("--lang", choices=("fr", "en"), help="one guide only (internal)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="proposalkit-pictures-") as scratch:
        _private_environment(Path(scratch))
        if args.readme:
            written = readme_pictures()
        elif args.lang:
            written = guide_pictures(args.lang)
        else:
            # One process per language: each window starts as a user's would.
            for lang in ("fr", "en"):
                subprocess.run([sys.executable, __file__, "--lang", lang], check=True)
            written = sorted(GUIDE_IMAGES.glob("*.png"))
    for path in written:
        print(f"{path.relative_to(ROOT)}\t{path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
