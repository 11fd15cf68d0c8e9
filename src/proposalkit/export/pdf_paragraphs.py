"""The PDF writer's paragraphs, made and broken into lines as seldom as reportlab allows.

Two costs dominate the PDF of a long dossier, and both are repeated work:

* reportlab runs its markup parser (an HTML parser) for every paragraph and table cell.
  Our text is ours, escaped by :func:`~proposalkit.export.fonts.markup`: when its markup
  holds no tag and no entity (one font, one line: nearly every cell), the parser would
  give one fragment in the paragraph's style holding the text with its spaces cleaned.
  :func:`paragraph` makes that fragment without the parser, from a template parsed once
  per font, size and colour.
* reportlab breaks a paragraph into lines on each ``wrap``: a keep-with-next measure,
  each page it is tried on, the first part of a split. :class:`LinesOnce` remembers the
  lines it broke for a width, and the parts of a split paragraph start with their share
  of those lines.
"""

from __future__ import annotations

import re
from copy import copy
from functools import lru_cache
from typing import Any, NamedTuple

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]  # not in the stubs
    _split_blParaSimple,
    _wsc,
    cleanBlockQuotedText,
)
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from proposalkit.export.fonts import markup
from proposalkit.export.pdf_lines import plain_lines

# What reportlab's cleaning of a paragraph's text changes: a space it splits on other
# than one plain space between words (it joins the words with one space).
_UNCLEAN = re.compile(f"[{re.escape(_wsc.replace(' ', ''))}]|  |^ | $")

#: How many (font, size, colour) templates :func:`_template` keeps (a dossier uses ~20).
TEMPLATES = 64


@lru_cache(maxsize=TEMPLATES)
def _template(font: str, size: float, color: Color) -> Any:
    # The parser's own fragment for a one-character text: the frag of any plain text in
    # that font, size and colour, but for its text (see ParaParser._initial_frag).
    style = ParagraphStyle("pk-template", fontName=font, fontSize=size, textColor=color)
    _style, frags, _bullets = ParaParser().parse("x", style)
    assert frags is not None and len(frags) == 1  # one plain character
    return frags[0]


def parsed(text: str, style: ParagraphStyle) -> tuple[str, list | None]:
    """The reportlab text of ``text`` (user text, not markup) in ``style``, and its
    fragments when they need no parser (else ``None``: the paragraph parses the text).

    The fragments are what :class:`~reportlab.platypus.paraparser.ParaParser` gives for
    the same text (a test compares them)."""
    marked = markup(text)
    if "<" in marked or "&" in marked or getattr(style, "textTransform", None):
        return marked, None
    cleaned = cleanBlockQuotedText(marked) if _UNCLEAN.search(marked) else marked
    if not cleaned:
        return marked, None
    frag = _template(style.fontName, style.fontSize, style.textColor).clone(
        text=cleaned, link=[], us_lines=[])
    return cleaned, [frag]


class _Broken(NamedTuple):
    """Lines broken for some widths, and what breaking them left on the paragraph."""

    #: The widths asked for (reportlab's ``_wrapWidths``, before it adjusts them).
    widths: tuple[float, ...]
    #: reportlab's ``ParaLines``.
    lines: Any
    #: The widths as breaking them left them (a bullet shortens the first line).
    after: list[float] | None
    width_max: float


class _WordsLater(ParaFrag):
    """The fragment of a part of a split one-fragment paragraph, listing its words only
    when something asks for them (reportlab's ``_split_blParaSimple`` lists them at once).

    reportlab lists the words of all the lines after the split: splitting a paragraph of
    thousands of words page after page walks the rest each time. Our parts start with
    their lines (:meth:`LinesOnce.split`), and their words are not asked for again."""

    @property
    def words(self) -> list:
        found = self.__dict__.get("_pk_words")
        if found is None:
            lines, start, stop = self.__dict__.pop("_pk_source")
            found = self.__dict__["_pk_words"] = _split_blParaSimple(lines, start, stop)[0].words
        return found

    @words.setter
    def words(self, value: list) -> None:
        self.__dict__.pop("_pk_source", None)
        self.__dict__["_pk_words"] = value


def _split_later(lines: Any, start: int, stop: int) -> list:
    fields = {k: v for k, v in lines.__dict__.items() if k not in ("lines", "kind", "text")}
    return [_WordsLater(**fields, _pk_source=(lines, start, stop))]


class LinesOnce(RLParagraph):
    """A paragraph that breaks its lines once per width.

    reportlab calls ``breakLines`` from every ``wrap``, and wraps a paragraph again and
    again in the same width; the lines depend only on the fragments, the style and the
    widths, which do not change (a split makes new paragraphs). Only the last width's
    lines are kept: they are the ones drawn."""

    _pk_lines: _Broken | None = None

    def breakLines(self, width):  # noqa: N802 - reportlab's name
        key = tuple(width) if isinstance(width, (list, tuple)) else (width,)
        done = self._pk_lines
        if done is not None and done.widths == key:
            self._width_max = done.width_max
            if done.after is not None and isinstance(width, list):
                width[:] = done.after  # as reportlab leaves them
            return done.lines
        lines = plain_lines(self, width)
        if lines is None:
            lines = super().breakLines(width)
        after = list(width) if isinstance(width, list) else None
        self._pk_lines = _Broken(key, lines, after, self._width_max)
        return lines

    def _get_split_blParaFunc(self):  # noqa: N802 - reportlab's name
        found = super()._get_split_blParaFunc()  # type: ignore[misc]  # reportlab's
        if found is _split_blParaSimple and type(self.blPara.lines) is list:  # type: ignore[attr-defined]
            return _split_later  # not right-to-left text (a BidiList of lines)
        return found

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        done = self._pk_lines
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2 or done is None or getattr(self.style, "autoLeading", None):
            return parts
        lines: Any = getattr(self, "blPara", None)
        if lines is None or lines is not done.lines or lines.kind != 0:
            # Lines of several fragments point into the paragraph's fragments by index:
            # the parts, with fragments of their own, break theirs.
            return parts
        # Each part starts with its share of the lines broken for the whole (a greedy
        # break of the same words in the same widths gives the same lines); the rest's
        # lines all have the width of a line after the first.
        first, rest = parts
        count = len(first.blPara.lines)  # type: ignore[attr-defined]  # set by split()
        later = done.widths[-1]
        for part, share, key, after in ((first, lines.lines[:count], done.widths, done.after),
                                        (rest, lines.lines[count:], (later, later), None)):
            if isinstance(part, LinesOnce):
                seeded = copy(lines)
                seeded.lines = share
                part._pk_lines = _Broken(key, seeded, after, done.width_max)
        return parts


def paragraph(text: str, style: ParagraphStyle, cls: type[RLParagraph] = LinesOnce,
              **kw) -> RLParagraph:
    """A ``cls`` paragraph of ``text`` (user text: escaped here) in ``style``."""
    source, frags = parsed(text, style)
    return cls(source, style, frags=frags, **kw)
