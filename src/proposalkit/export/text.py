"""Text helpers shared by the builder and the writers.

User text arrives as typed or pasted: it may hold control characters that XML 1.0
refuses (Word then reports the file as corrupt), Windows line ends, or lone surrogates
from a broken clipboard. :func:`clean` removes all of that once, in the builder; the
writers escape what remains for their own markup (:func:`escape_markup` for reportlab).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from proposalkit.core.typography import typeset

# XML 1.0 allows tab, LF, CR and everything from U+0020 up, except surrogates and the
# two non-characters U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_BULLET = re.compile(r"^\s*[-•*]\s+")
_SPACES = re.compile(r"[ \t]+")


def clean(text: str | None) -> str:
    """``text`` without characters XML refuses, with ``\\n`` line ends and tabs as spaces."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _ILLEGAL.sub("", text)


def one_line(text: str | None) -> str:
    """``text`` cleaned and on one line (names and titles in tables and headers)."""
    return _SPACES.sub(" ", clean(text).replace("\n", " ")).strip()


def user_line(text: str | None, lang: str) -> str:
    """User text on one line, set in the typography of ``lang``, the language it was
    typed in (the proposal's): ``30 000 $`` keeps together, « ; » starts no line."""
    return typeset(one_line(text), lang)


def user_blocks(text: str, lang: str) -> list[tuple[str, list[str]]]:
    """:func:`split_blocks` of user text, each item set in the typography of ``lang``."""
    return [(kind, [typeset(item, lang) for item in items])
            for kind, items in split_blocks(text)]


def split_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split narrative text into ``("paragraph", [text])`` and ``("bullets", items)``.

    Paragraphs are separated by blank lines; consecutive lines starting with ``-``, ``*``
    or ``•`` form a bulleted list (an introductory line may precede them without a blank
    line). Other lines inside a paragraph stay line breaks.
    """
    out: list[tuple[str, list[str]]] = []
    for chunk in _BLANK_LINES.split(clean(text).strip()):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        group: list[str] = []
        bullets = False
        for line in lines + [""]:
            is_bullet = bool(_BULLET.match(line))
            if group and (not line or is_bullet != bullets):
                out.append(("bullets", [_BULLET.sub("", g) for g in group]) if bullets
                           else ("paragraph", ["\n".join(group)]))
                group = []
            bullets = is_bullet
            if line:
                group.append(line)
    return out


def escape_markup(text: str) -> str:
    """``text`` safe inside reportlab's paragraph markup: ``<``, ``>`` and ``&`` escaped,
    line breaks as ``<br/>``. Nothing the user typed is ever read as a tag."""
    return escape(text).replace("\n", "<br/>")
