"""Build ``resources/fonts/ProposalkitFormSans-Regular.ttf``, the font of the partner
forms' fields (run once when the bundled fonts change; needs ``pip install fonttools``).

A form field names one font, which the reader uses for whatever a partner types; so that
French (accents, œ, ’, « ») and the Canadian Aboriginal syllabics of Nord-du-Québec
both show and come back exactly, the field font is Noto Sans and Noto Sans Canadian
Aboriginal merged into one, cut down to the characters a partner may type (the whole
font is embedded in each form, not a subset of what it holds when made).

    python -m tools.form_font
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
TARGET = FONTS / "ProposalkitFormSans-Regular.ttf"
FAMILY = "Proposalkit Form Sans"
#: Basic Latin, Latin-1, Latin Extended-A, general punctuation (’ « » – — …, narrow
#: no-break space), currency (€), letterlike (™, №) and the two syllabics blocks.
RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x20A0, 0x20CF),
          (0x2100, 0x214F), (0x1400, 0x167F), (0x18B0, 0x18FF))


def build(target: Path = TARGET) -> Path:
    """Merge, cut down and rename the two regular faces into ``target``."""
    from fontTools import subset
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    codes = [c for start, end in RANGES for c in range(start, end + 1)]
    options = subset.Options()
    options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    with tempfile.TemporaryDirectory() as scratch:
        parts = []
        for name in ("NotoSans-Regular.ttf", "NotoSansCanadianAboriginal-Regular.ttf"):
            font = TTFont(FONTS / name)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=codes)
            subsetter.subset(font)
            # Merging needs the same table set: the layout tables are left out.
            for tag in ("GSUB", "GPOS", "GDEF"):
                if tag in font:
                    del font[tag]
            part = Path(scratch) / name
            font.save(part)
            parts.append(str(part))
        merged = Merger().merge(parts)
    names = merged["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID,
                          record.langID)
        elif record.nameID == 6:
            names.setName("ProposalkitFormSans-Regular", 6, record.platformID,
                          record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName("ProposalkitFormSans-Regular", 3, record.platformID,
                          record.platEncID, record.langID)
    merged.save(target)
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET))
