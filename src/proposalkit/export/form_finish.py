"""The finishing of a partner form: its fields' font, appearances, signature field and
metadata (reportlab draws the page and the fields; pypdf finishes the file).

A form field names one font in its default appearance (``/DA``); the reader draws what
is typed with it and, when it has no glyph, falls back to a font of its own, often a
standard one in Latin-1 (a typed ’ then shows as ', syllabics as nothing). The forms name
``resources/fonts/ProposalkitFormSans-Regular.ttf`` (Noto Sans and Noto Sans Canadian
Aboriginal merged, made by ``tools/form_font.py``), embedded whole as a composite font
(Type0, Identity-H, glyph ids as codes) with its widths and a ToUnicode map, so that
readers and pypdf draw French and syllabics alike; every field's value is a Unicode
text string, so what is typed comes back exactly. (MuPDF redraws a field it fills with its
own Helvetica whatever the form names, see its ``pdf-appearance.c``; the value it stores
is exact all the same.)

The signature field (``/FT /Sig``, unsigned) is where a reader that signs puts the
signature; the box around it is drawn on the page, so that a printed form is signed by
hand in the same place. No Qt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from proposalkit.paths import resources_dir

#: The font's resource name in the form (``/DA`` strings name it).
FONT_NAME = "/PKForm"
FONT_FILE = "ProposalkitFormSans-Regular.ttf"


@cache
def _font_data() -> tuple[bytes, Any]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    path = resources_dir() / "fonts" / FONT_FILE
    return path.read_bytes(), TTFontFile(str(path))


def covers(text: str) -> bool:
    """Whether the field font has a glyph for every character of ``text``."""
    face = _font_data()[1]
    return all(ord(c) in face.charToGlyph for c in text if c not in "\r\n\t")


def _utf16(code: int) -> str:
    if code < 0x10000:
        return f"{code:04X}"
    code -= 0x10000
    return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"


def _to_unicode(face: Any) -> bytes:
    """The ToUnicode map (glyph id -> character) in ranges: readers, and pypdf once per
    field it draws, parse it; 1,250 characters make about 160 ranges."""
    first: dict[int, int] = {}
    for code, gid in sorted(face.charToGlyph.items()):
        if gid and gid not in first:
            first[gid] = code
    runs: list[list[int]] = []  # [first gid, first code, length]
    for gid, code in sorted(first.items()):
        last = runs[-1] if runs else None
        # A range stays within one last byte of the glyph id, and within the BMP.
        if (last and gid == last[0] + last[2] and code == last[1] + last[2]
                and gid & 0xFF and code < 0x10000):
            last[2] += 1
        else:
            runs.append([gid, code, 1])
    lines = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
             b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
             b"1 begincodespacerange <0000> <FFFF> endcodespacerange"]
    singles = [r for r in runs if r[2] == 1]
    ranges = [r for r in runs if r[2] > 1]
    for start in range(0, len(singles), 100):
        chunk = singles[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar".encode())
        lines += [f"<{g:04X}> <{_utf16(c)}>".encode() for g, c, _n in chunk]
        lines.append(b"endbfchar")
    for start in range(0, len(ranges), 100):
        chunk = ranges[start:start + 100]
        lines.append(f"{len(chunk)} beginbfrange".encode())
        lines += [f"<{g:04X}> <{g + n - 1:04X}> <{c:04X}>".encode() for g, c, n in chunk]
        lines.append(b"endbfrange")
    lines += [b"endcmap CMapName currentdict /CMap defineresource pop end end"]
    return b"\n".join(lines)


def add_form_font(writer: Any) -> Any:
    """Add the field font to ``writer`` (a pypdf ``PdfWriter``); its indirect reference."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    data, face = _font_data()
    scale = 1000 / face.unitsPerEm

    def stream(content: bytes, **entries: Any) -> Any:
        obj = DecodedStreamObject()
        obj.set_data(content)
        obj.update({NameObject(k): v for k, v in entries.items()})
        obj = obj.flate_encode()
        return writer._add_object(obj)

    def numbers(*values: float) -> ArrayObject:
        return ArrayObject(NumberObject(round(v * scale)) for v in values)

    base = NameObject("/" + face.name.decode("ascii"))
    file_ref = stream(data, **{"/Length1": NumberObject(len(data))})
    descriptor = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): base,
        NameObject("/Flags"): NumberObject(32),  # nonsymbolic
        NameObject("/FontBBox"): numbers(*face.bbox),
        NameObject("/ItalicAngle"): FloatObject(face.italicAngle),
        NameObject("/Ascent"): NumberObject(round(face.ascent * scale)),
        NameObject("/Descent"): NumberObject(round(face.descent * scale)),
        NameObject("/CapHeight"): NumberObject(round(face.capHeight * scale)),
        NameObject("/StemV"): NumberObject(face.stemV),
        NameObject("/FontFile2"): file_ref,
    }))
    widths = ArrayObject([NumberObject(0), numbers(*(w for w, _lsb in face.hmetrics))])
    cid_font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): base,
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0)}),
        NameObject("/FontDescriptor"): descriptor,
        NameObject("/DW"): NumberObject(round(face.defaultWidth * scale)),
        NameObject("/W"): widths,
        NameObject("/CIDToGIDMap"): NameObject("/Identity"),
    }))
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): base,
        NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([cid_font]),
        NameObject("/ToUnicode"): stream(_to_unicode(face)),
    }))


@dataclass(frozen=True)
class FormInfo:
    """What the form's metadata says, in the proposal's language."""

    title: str
    author: str
    subject: str
    keywords: str
    language_tag: str
    made_on: date


def _pdf_date(day: date) -> str:
    return f"D:{day:%Y%m%d}000000Z"


def finish_form(data: bytes, values: dict[str, str], info: FormInfo,
                signature: tuple[float, float, float, float], signature_name: str,
                signature_tooltip: str) -> bytes:
    """``data`` (reportlab's form) with its text fields set to ``values`` and drawn in the
    embedded field font, an unsigned signature field over ``signature`` (x, y, width,
    height) and ``info``."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[0]
    font = add_form_font(writer)
    # pypdf's types say PdfObject where the file holds a dictionary, an array.
    form: Any = writer._root_object["/AcroForm"]
    annotations: Any = page["/Annots"]
    default = TextStringObject(f"{FONT_NAME} 10 Tf 0 g")
    form[NameObject("/DR")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject(FONT_NAME): font})})
    form[NameObject("/DA")] = default
    fields: dict[str, str] = {}
    for annotation in annotations:
        widget = annotation.get_object()
        if widget.get("/FT") == "/Tx":
            widget[NameObject("/DA")] = default
            name = str(widget["/T"])
            fields[name] = values.get(name, str(widget.get("/V", "")))
    # pypdf draws each field's appearance with the field font (glyph ids from its
    # ToUnicode map), replacing reportlab's, which named Helvetica.
    writer.update_page_form_field_values(page, fields, auto_regenerate=False)
    x, y, width, height = signature
    widget = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Widget"),
        NameObject("/FT"): NameObject("/Sig"),
        NameObject("/T"): TextStringObject(signature_name),
        NameObject("/TU"): TextStringObject(signature_tooltip),
        NameObject("/Rect"): ArrayObject(FloatObject(v) for v in
                                         (x, y, x + width, y + height)),
        NameObject("/F"): NumberObject(4),  # printed
        NameObject("/P"): page.indirect_reference,
    }))
    annotations.append(widget)
    form["/Fields"].append(widget)
    writer._root_object[NameObject("/Lang")] = TextStringObject(info.language_tag)
    stamp = _pdf_date(info.made_on)
    writer.add_metadata({"/Title": info.title, "/Author": info.author,
                         "/Subject": info.subject, "/Keywords": info.keywords,
                         "/Creator": "proposalkit", "/Producer": "proposalkit",
                         "/CreationDate": stamp, "/ModDate": stamp})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
