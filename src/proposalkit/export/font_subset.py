"""Fonts embedded in the DOCX cut down to the characters the document uses.

Word's "Embed fonts in the file ▸ Embed only the characters used in the document" does
the same: the four faces of Noto Sans weigh 2 MB whole (the DOCX of the example was
1.1 MB), about 35 KB each as a subset. Every glyph a used character needs is kept, with
its metrics, kerning and the layout features (fontTools' subsetter follows the glyph
substitutions), so Word and LibreOffice lay the text out exactly as with the whole font.
Basic Latin, the Latin-1 letters and signs and French and English typography are always
kept: the fields they update (page numbers, the table of contents) and a reader's small
corrections (an accent, a quotation mark) stay in the font, and nearly every dossier has
the same subset.

That subset of the four Noto Sans faces ships ready-made in ``resources/fonts/subsets``
(``tools/font_subsets.py`` cuts them with :func:`cut`; a test checks they are what it
cuts today): a French or English DOCX needs no cutting (it took 2 s of CPU, once per
process) and does not import fontTools. A text with characters of a face beyond the base
set (or the syllabics' faces) is cut when exported, once per process and character set.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from proposalkit.export.fonts import fonts_dir, main_characters

#: Always in the subset: printable ASCII, Latin-1 (its accented letters, « », no-break
#: space), œ, Œ, Ÿ, and the dashes, quotation marks, ellipsis, bullet, euro sign and
#: spaces (thin, narrow no-break) of French and English typography.
BASE = frozenset([chr(code) for code in range(0x20, 0x7F)]
                 + [chr(code) for code in range(0xA0, 0x100)]
                 + list("ŒœŸ–—‘’‚“”„…•‹›€\u2009\u202f"))

#: The faces whose :data:`BASE` subset ships ready-made, under these names in
#: :func:`subsets_dir`. They share one character map (the regular face's: a test checks).
PREBUILT = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf",
            "NotoSans-BoldItalic.ttf")

#: The ASCII bytes, which UTF-8 never uses inside another character's bytes.
_ASCII = bytes(range(0x80))


def subsets_dir() -> Path:
    """The folder of the ready-made :data:`BASE` subsets."""
    return fonts_dir() / "subsets"


def used_characters(texts: Iterable[str | bytes]) -> frozenset[str]:
    """The characters of ``texts`` (the document's XML parts, as text or UTF-8: markup is
    ASCII, already in :data:`BASE`) and the base set."""
    found: set[str] = set(BASE)
    for text in texts:
        data = text.encode() if isinstance(text, str) else text
        # Printable ASCII is in the base set already: only the other characters need a
        # look. Dropping the ASCII bytes leaves whole UTF-8 characters, a small part of
        # a dossier (set() over every character of a long document took 0.2 s).
        found.update(data.translate(None, _ASCII).decode("utf-8", "replace"))
    return frozenset(c for c in found if c >= " ")


def subset_font(path: Path, characters: frozenset[str]) -> bytes:
    """The TrueType font at ``path`` with only the glyphs ``characters`` need: the
    ready-made subset when ``characters`` add nothing the face has to :data:`BASE`, else
    cut now (the same font and characters give the same bytes either way)."""
    if (path.parent == fonts_dir() and path.name in PREBUILT
            and not (characters - BASE) & main_characters()):
        return prebuilt(path.name)
    return cut(path, characters)


@cache
def prebuilt(name: str) -> bytes:
    """The ready-made :data:`BASE` subset of the face ``name`` (one of :data:`PREBUILT`)."""
    return (subsets_dir() / name).read_bytes()


@lru_cache(maxsize=16)
def cut(path: Path, characters: frozenset[str]) -> bytes:
    """The TrueType font at ``path`` cut down to the glyphs ``characters`` need, by
    fontTools (imported only here)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]  # family, style, licence: as in the whole font
    options.name_languages = ["*"]
    options.notdef_outline = True
    # Deterministic bytes: the font's own date stays (the subsetter's option alone does not
    # keep ``save`` from stamping the time of the export into the head table).
    options.recalc_timestamp = False
    font = TTFont(io.BytesIO(path.read_bytes()), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in characters))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
