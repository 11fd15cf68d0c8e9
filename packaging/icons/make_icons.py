"""Draw proposalkit's icons with Pillow: the app icon and the ``.pkp`` document icon.

Run ``python packaging/icons/make_icons.py`` after changing the drawing; it writes

- ``resources/icons/proposalkit.png`` (256 px: the window icon at run time and the
  Linux desktop icon),
- ``packaging/icons/proposalkit.ico`` and ``proposalkit.icns`` (the Windows and macOS
  app icons),
- ``packaging/icons/proposalkit-document.ico`` and ``.icns`` (``.pkp`` files in
  Explorer and the Finder),
- ``packaging/icons/proposalkit-document.png`` (the Linux MIME type icon).

The pictures are flat shapes, so the files stay small; they are generated, never edited.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent

# Colours: the blue of Québec's flag, a paper white, a gold accent for the budget bars.
BLUE = (0, 61, 165, 255)
BLUE_LIGHT = (74, 131, 214, 255)
PAPER = (255, 255, 255, 255)
FOLD = (196, 210, 232, 255)
INK = (128, 145, 170, 255)
GOLD = (242, 169, 0, 255)

SUPERSAMPLE = 4
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
# Pillow's ICNS writer wants these sizes; smaller ones are drawn for legibility.
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def _page(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float], s: float) -> None:
    """A sheet with a folded corner, three lines of text and a small bar chart."""
    left, top, right, bottom = box
    fold = (right - left) * 0.28
    draw.polygon(
        [(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)],
        fill=PAPER,
    )
    draw.polygon([(right - fold, top), (right - fold, top + fold), (right, top + fold)], fill=FOLD)
    width = right - left
    line_h = 0.045 * width
    for index, length in enumerate((0.55, 0.72, 0.62)):
        y = top + (0.30 + 0.12 * index) * (bottom - top)
        x0 = left + 0.14 * width
        draw.rounded_rectangle(
            (x0, y, x0 + length * width, y + line_h), radius=line_h / 2, fill=INK
        )
    # Budget bars, standing on a baseline.
    base = bottom - 0.12 * (bottom - top)
    bar_w = 0.16 * width
    for index, (height, colour) in enumerate(((0.16, BLUE_LIGHT), (0.26, BLUE), (0.21, GOLD))):
        x0 = left + (0.17 + 0.24 * index) * width
        draw.rectangle((x0, base - height * (bottom - top), x0 + bar_w, base), fill=colour)
    draw.rectangle((left + 0.12 * width, base, right - 0.12 * width, base + 0.02 * width),
                   fill=INK)


def app_icon(size: int) -> Image.Image:
    """The app icon: a blue rounded square holding a proposal sheet."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin = big * 0.06
    draw.rounded_rectangle((margin, margin, big - margin, big - margin), radius=big * 0.18,
                           fill=BLUE)
    _page(draw, (big * 0.25, big * 0.17, big * 0.75, big * 0.83), big)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def document_icon(size: int) -> Image.Image:
    """The ``.pkp`` icon: the sheet itself, with a blue badge of the app's colour."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    # A thin blue outline keeps the white page visible on a white desktop.
    outline = big * 0.015
    left, top, right, bottom = big * 0.17, big * 0.06, big * 0.83, big * 0.94
    fold = (right - left) * 0.28
    draw.polygon(
        [(left - outline, top - outline), (right - fold + outline * 0.4, top - outline),
         (right + outline, top + fold - outline * 0.4), (right + outline, bottom + outline),
         (left - outline, bottom + outline)],
        fill=BLUE,
    )
    _page(draw, (left, top, right, bottom), big)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _save_set(draw_icon, png: Path | None, ico: Path, icns: Path, png_size: int = 256) -> None:
    images = {size: draw_icon(size) for size in ICNS_SIZES + (24, 48)}
    if png is not None:
        png.parent.mkdir(parents=True, exist_ok=True)
        images[png_size].save(png, optimize=True)
    images[256].save(ico, sizes=ICO_SIZES,
                     append_images=[images[w] for w, _h in ICO_SIZES if w != 256])
    largest = images[1024]
    largest.save(icns, append_images=[images[size] for size in ICNS_SIZES if size != 1024])


def main() -> int:
    """Write every icon file; print their sizes."""
    _save_set(app_icon, ROOT / "resources" / "icons" / "proposalkit.png",
              OUT / "proposalkit.ico", OUT / "proposalkit.icns")
    _save_set(document_icon, OUT / "proposalkit-document.png",
              OUT / "proposalkit-document.ico", OUT / "proposalkit-document.icns")
    written = [ROOT / "resources" / "icons" / "proposalkit.png", *sorted(OUT.glob("*.i*")),
               OUT / "proposalkit-document.png"]
    for path in written:
        print(f"{path.relative_to(ROOT)}\t{path.stat().st_size / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
