"""Fonts embedded in the DOCX cut down to the characters the document uses.

Word's "Embed fonts in the file ▸ Embed only the characters used in the document" does
the same: the four faces of Noto Sans weigh 2 MB whole (the DOCX of the example was
1.1 MB), about 35 KB each as a subset. Every glyph a used character needs is kept, with
its metrics, kerning and the layout features (fontTools' subsetter follows the glyph
substitutions), so Word and LibreOffice lay the text out exactly as with the whole font.
Basic Latin, the Latin-1 letters and signs and French and English typography are always
kept: the fields they update (page numbers, the table of contents) and a reader's small
corrections (an accent, a quotation mark) stay in the font, and nearly every dossier has
the same subset, made once per process (cutting the four faces takes about 2 s).

fontTools is imported only here, when a DOCX is written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

#: Always in the subset: printable ASCII, Latin-1 (its accented letters, « », no-break
#: space), œ, Œ, Ÿ, and the dashes, quotation marks, ellipsis, bullet, euro sign and
#: spaces (thin, narrow no-break) of French and English typography.
BASE = frozenset([chr(code) for code in range(0x20, 0x7F)]
                 + [chr(code) for code in range(0xA0, 0x100)]
                 + list("ŒœŸ–—‘’‚“”„…•‹›€\u2009\u202f"))


def used_characters(texts: Iterable[str]) -> frozenset[str]:
    """The characters of ``texts`` (the document's XML parts: markup is ASCII, already in
    :data:`BASE`) and the base set."""
    found: set[str] = set(BASE)
    for text in texts:
        found.update(text)
    return frozenset(c for c in found if c >= " ")


@lru_cache(maxsize=16)
def subset_font(path: Path, characters: frozenset[str]) -> bytes:
    """The TrueType font at ``path`` with only the glyphs ``characters`` need (the same
    font and characters give the same bytes; re-exports of a dossier reuse them)."""
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
