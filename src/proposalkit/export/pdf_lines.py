"""reportlab's line breaking of a plain paragraph, without the per-word overhead.

A paragraph of one plain fragment (one font, no tag, what
:func:`~proposalkit.export.pdf_paragraphs.parsed` makes) is broken by reportlab's
``Paragraph.breakLines`` greedily, word by word, measuring each word with
``stringWidth`` and taking it off the front of a list (quadratic in a long paragraph).
:func:`plain_lines` does the same greedy break with the same arithmetic in the same
order, its word widths remembered (a dossier uses a few thousand distinct words). What
plain text never needs (hyphenation, soft hyphens, right-to-left text, shaping, a word
wider than its line, which reportlab cuts) sends the paragraph back to reportlab: the
result is then reportlab's own. A test compares both on random texts and widths.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # not in the stubs
    _handleBulletWidth,
    split,
    strip,
)

#: How many (word, font, size) widths :func:`word_width` keeps.
WORDS_CACHE = 32768

#: What a plain fragment holds (the parser's fragment for text without tags).
PLAIN_FIELDS = frozenset({"rise", "greek", "link", "fontName", "bold", "italic", "fontSize",
                          "textColor", "us_lines", "__tag__", "text"})


@lru_cache(maxsize=WORDS_CACHE)
def word_width(word: str, font: str, size: float) -> float:
    """reportlab's ``stringWidth`` of ``word``, remembered."""
    return stringWidth(word, font, size, "utf8")


@lru_cache(maxsize=256)
def _ascent_descent(font: str, size: float) -> tuple[float, float]:
    return getAscentDescent(font, size)


def _plain(paragraph: Any) -> Any:
    # The paragraph's one plain fragment when its style asks for nothing but greedy
    # breaking; else None.
    frags = paragraph.frags
    if len(frags) != 1:
        return None
    frag = frags[0]
    fields = frag.__dict__
    if "text" not in fields or not fields.keys() <= PLAIN_FIELDS:
        return None
    if "\xad" in frag.text or paragraph.encoding != "utf8":  # a soft hyphen: reportlab's
        return None
    style = paragraph.style
    if (style.endDots or style.wordWrap or getattr(style, "hyphenationLang", "")
            or style.uriWasteReduce or style.embeddedHyphenation or not style.splitLongWords):
        return None
    if style.shaping and getFont(style.fontName).shapable:
        return None
    return frag


def plain_lines(paragraph: Any, width: Any) -> Any:
    """What ``Paragraph.breakLines(width)`` returns for ``paragraph``, with the same
    side effects, or None when reportlab must break it (see the module's docstring)."""
    frag = _plain(paragraph)
    if frag is None:
        return None
    text = strip(frag.text)
    if not text:
        return None
    max_widths = width if isinstance(width, (tuple, list)) else [width]
    font, size = frag.fontName, frag.fontSize
    words = split(text)
    space = word_width(" ", font, size)
    shrink = paragraph.style.spaceShrinkage * space
    last = len(max_widths) - 1
    _handleBulletWidth(paragraph.bulletText, paragraph.style, max_widths)
    max_width = max_widths[0]
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    widest = 0.0
    used = -space
    number = 0
    for word in words:
        measured = word_width(word, font, size)
        grown = used + space + measured
        if grown > max_width + shrink * len(line):
            if measured > max_widths[min(number, last)]:
                return None  # reportlab cuts a word wider than its line
            if line:
                widest = max(widest, used)
                lines.append((max_width - used, line))
                line = [word]
                used = measured
                number += 1
                max_width = max_widths[min(last, number)]
                continue
        if word:
            line.append(word)
        used = grown
    if line:
        widest = max(widest, used)
        lines.append((max_width - used, line))
    paragraph._width_max = widest
    paragraph.height = 0
    paragraph._splitLongWordCount = paragraph._hyphenations = 0
    ascent, descent = _ascent_descent(font, size)
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)
