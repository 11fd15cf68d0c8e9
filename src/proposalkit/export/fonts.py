"""The fonts shipped in ``resources/fonts`` and how text is split between them.

Noto Sans covers French and English (accents, œ, « », €, no-break and narrow no-break
spaces) but not the Canadian Aboriginal syllabics in which organizations of
Nord-du-Québec write their names (ᐃᓄᒃᑎᑐᑦ). Noto Sans Canadian Aboriginal covers those.
:func:`font_runs` cuts a text into runs, each with the first font that has all its
characters, so that the PDF writer can name the right font for each run; both fonts are
embedded (subset) in every PDF, and no standard-14 font is ever used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from proposalkit.export.text import escape_markup
from proposalkit.paths import resources_dir

#: Family names as registered with reportlab.
SANS = "PKSans"
SYLLABICS = "PKSyllabics"

_FILES = {
    SANS: {"": "NotoSans-Regular.ttf", "-Bold": "NotoSans-Bold.ttf",
           "-Italic": "NotoSans-Italic.ttf", "-BoldItalic": "NotoSans-BoldItalic.ttf"},
    # No italic syllabics exist: the upright faces stand in for them.
    SYLLABICS: {"": "NotoSansCanadianAboriginal-Regular.ttf",
                "-Bold": "NotoSansCanadianAboriginal-Bold.ttf",
                "-Italic": "NotoSansCanadianAboriginal-Regular.ttf",
                "-BoldItalic": "NotoSansCanadianAboriginal-Bold.ttf"},
}

#: What a DOCX names for each family (the reader's own copy of the font, or its fallback).
DOCX_NAMES = {SANS: "Noto Sans", SYLLABICS: "Noto Sans Canadian Aboriginal"}


def fonts_dir() -> Path:
    """The folder of the bundled fonts and their licence."""
    return resources_dir() / "fonts"


@dataclass(frozen=True)
class FontSet:
    """The registered families, in fallback order, with the characters each covers."""

    families: tuple[str, ...]
    coverage: tuple[frozenset[int], ...]

    def family_for(self, char: str) -> str:
        """The first family that has a glyph for ``char`` (the main one if none has)."""
        code = ord(char)
        for family, covered in zip(self.families, self.coverage, strict=True):
            if code in covered:
                return family
        return self.families[0]


@cache
def register_fonts() -> FontSet:
    """Register the bundled fonts with reportlab, once per process."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    coverage = []
    for family, faces in _FILES.items():
        for suffix, filename in faces.items():
            pdfmetrics.registerFont(TTFont(family + suffix, str(fonts_dir() / filename)))
        pdfmetrics.registerFontFamily(family, normal=family, bold=family + "-Bold",
                                      italic=family + "-Italic",
                                      boldItalic=family + "-BoldItalic")
        styles: tuple[tuple[Literal[0, 1], Literal[0, 1], str], ...] = (
            (0, 0, ""), (1, 0, "-Bold"), (0, 1, "-Italic"), (1, 1, "-BoldItalic"))
        for bold, italic, suffix in styles:
            addMapping(family, bold, italic, family + suffix)
        font = pdfmetrics.getFont(family)
        assert isinstance(font, TTFont)  # registered just above from a .ttf
        coverage.append(frozenset(font.face.charToGlyph))
    return FontSet(tuple(_FILES), tuple(coverage))


@cache
def main_characters() -> frozenset[str]:
    """The characters the main font (Noto Sans) has, as strings: a set comparison tells at
    C speed that a text needs no other font (nearly every text of a dossier)."""
    return frozenset(chr(code) for code in register_fonts().coverage[0])


#: How many texts :func:`font_runs` remembers (the words and cells a dossier measures
#: again and again).
RUNS_CACHE = 16384


@lru_cache(maxsize=RUNS_CACHE)
def font_runs(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` cut into ``(family, run)`` pairs; spaces stay with the run they are in."""
    fonts = register_fonts()
    if not text:
        return ()
    if set(text) <= main_characters():
        return ((fonts.families[0], text),)
    runs: list[tuple[str, str]] = []
    current = fonts.families[0]
    start = 0
    for index, char in enumerate(text):
        if char.isspace():
            continue
        family = fonts.family_for(char)
        if family != current:
            if index > start:
                runs.append((current, text[start:index]))
            current, start = family, index
    if start < len(text):
        runs.append((current, text[start:]))
    return tuple(runs)


def needs_fallback(text: str) -> bool:
    """Whether some character of ``text`` is not in the main font."""
    if text.isascii() and text.isprintable():  # printable ASCII: all in Noto Sans
        return False
    characters = set(text)
    if characters <= main_characters():
        return False
    main = register_fonts().coverage[0]
    return any(ord(c) not in main and not c.isspace() for c in characters)


def markup(text: str) -> str:
    """``text`` as reportlab paragraph markup: escaped, each run in a font that has its
    glyphs (syllabics fall back to Noto Sans Canadian Aboriginal).

    reportlab's paragraphs break lines at a narrow no-break space (U+202F), which French
    puts in ``1 000 $`` and ``« mot »``; a no-break space (U+00A0), which they respect,
    stands in for it.
    """
    text = text.replace("\u202f", "\u00a0")
    if text.isascii():
        return escape_markup(text)
    parts = []
    for family, run in font_runs(text):
        escaped = escape_markup(run)
        parts.append(escaped if family == SANS else f'<font face="{family}">{escaped}</font>')
    return "".join(parts)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of ``text``, in the fonts that have its glyphs."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    suffix = "-Bold" if bold else ""
    return sum(stringWidth(run, family + suffix, size) for family, run in font_runs(text))


def draw_text(canv, x: float, y: float, text: str, size: float, bold: bool = False,  # noqa: ANN001
              align: str = "left", max_width: float | None = None) -> float:
    """Draw one line of ``text`` on a reportlab canvas, run by run, in the fonts that have
    its glyphs; returns its width. With ``max_width``, a longer text is cut and ends
    with "…" (a running head or a stamp is one line; the full text is elsewhere)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if max_width is not None and text_width(text, size, bold) > max_width:
        low, high = 0, len(text)
        while low < high:  # the longest start that fits with the ellipsis
            middle = (low + high + 1) // 2
            if text_width(text[:middle].rstrip() + "…", size, bold) <= max_width:
                low = middle
            else:
                high = middle - 1
        text = text[:low].rstrip() + "…"
    suffix = "-Bold" if bold else ""
    runs = [(family + suffix, run) for family, run in font_runs(text)]
    width = sum(stringWidth(run, font, size) for font, run in runs)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for font, run in runs:
        canv.setFont(font, size)
        canv.drawString(x, y, run)
        x += stringWidth(run, font, size)
    return width
