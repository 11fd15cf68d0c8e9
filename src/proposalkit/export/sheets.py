"""An annex page brought onto a sheet of the dossier's paper, between two bands.

The printable package is printed on one paper (the dossier's, Letter), so an annex page
of any size (A4, Legal, a receipt, a plan turned sideways) is placed on a sheet of that
paper, portrait or landscape as the page is shown. The sheet keeps a band at its top (the
annex's number, title and kind) and at its foot (the page number of the whole package):
the annex page is scaled into the space between them, never under them, so no stamp ever
hides a word of the annex. A page is never enlarged past its own size.

The page's content is not decoded (an annex is untrusted, see
:mod:`proposalkit.export.sanitize`): one stream before it sets the placement and clips to
the page's visible box, one after it restores the state.
"""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

#: The heights of the bands kept free at the top and at the foot of a sheet, in points:
#: their text stays clear of the edge a printer cannot print (about 6 mm).
TOP_BAND = 34.0
BOTTOM_BAND = 30.0
#: The space between the annex page and the sheet's sides (the bands' text starts there).
SIDE = 24.0


@dataclass(frozen=True)
class Sheet:
    """Where an annex page went: the sheet's size and the rectangle (x, y, width,
    height) the page occupies on it, in points."""

    width: float
    height: float
    placed: tuple[float, float, float, float]
    scale: float


def _numbers(value: object) -> list[float] | None:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    if not isinstance(value, ArrayObject) or len(value) != 4:
        return None
    numbers = [v.get_object() if isinstance(v, IndirectObject) else v for v in value]
    if not all(isinstance(n, (NumberObject, FloatObject)) for n in numbers):
        return None
    return [float(n) for n in numbers]  # type: ignore[arg-type]  # checked just above


def visible_box(page: DictionaryObject) -> list[float]:
    """The page's visible box (crop box, else media box) as x0, y0, x1, y1."""
    box = _numbers(page.get("/CropBox")) or _numbers(page.get("/MediaBox")) or [0, 0, 612, 792]
    return [min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]),
            max(box[1], box[3])]


def _rotation(page: DictionaryObject) -> int:
    rotate = page.get("/Rotate", 0)
    return int(rotate) % 360 if isinstance(rotate, NumberObject) and int(rotate) % 90 == 0 \
        else 0


def _user_unit(page: DictionaryObject) -> float:
    unit = page.get("/UserUnit")
    value = float(unit) if isinstance(unit, (NumberObject, FloatObject)) else 1.0
    return value if 0.01 <= value <= 100 else 1.0


def placement(page: DictionaryObject, paper: tuple[float, float]) -> tuple[
        list[float], Sheet]:
    """The matrix that draws ``page`` upright on a sheet of ``paper`` (width, height of
    the portrait sheet; turned when the page is shown wider than high) between the bands,
    and that sheet."""
    x0, y0, x1, y1 = visible_box(page)
    width, height = x1 - x0, y1 - y0
    rotate = _rotation(page)
    # The page as shown: PDF's /Rotate turns it clockwise (PDF 32000-1, 7.7.3.3).
    shown_w, shown_h = (height, width) if rotate in (90, 270) else (width, height)
    short, long = sorted(paper)
    sheet_w, sheet_h = (long, short) if shown_w > shown_h else (short, long)
    area_w, area_h = sheet_w - 2 * SIDE, sheet_h - TOP_BAND - BOTTOM_BAND
    # Shrunk to fit; never enlarged past the page's own size (its user unit included).
    scale = min(area_w / shown_w, area_h / shown_h, _user_unit(page))
    placed_w, placed_h = shown_w * scale, shown_h * scale
    left = (sheet_w - placed_w) / 2
    bottom = sheet_h - TOP_BAND - placed_h  # a small page sits at the top, as on paper
    # Shown space from the page's own: the box's corner to the origin, then turned.
    a, b, c, d, e, f = {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, -1, 1, 0, 0, width),
        180: (-1, 0, 0, -1, width, height),
        270: (0, 1, -1, 0, height, 0),
    }[rotate]
    e, f = e - (a * x0 + c * y0), f - (b * x0 + d * y0)
    matrix = [a * scale, b * scale, c * scale, d * scale, e * scale + left, f * scale + bottom]
    return matrix, Sheet(sheet_w, sheet_h, (left, bottom, placed_w, placed_h), scale)


def _apply(matrix: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _fmt(number: float) -> str:
    return f"{number:.5f}".rstrip("0").rstrip(".") or "0"


def _stream(writer: PdfWriter, data: str) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data.encode("ascii"))
    return writer._add_object(stream)


def fit_to_sheet(writer: PdfWriter, page: DictionaryObject,
                 paper: tuple[float, float]) -> Sheet:
    """Turn ``page`` of ``writer`` (a clean copy, :func:`~proposalkit.export.sanitize.
    copy_page`) into a sheet of ``paper`` with the page scaled between the bands; its
    links follow it. Returns where it went."""
    matrix, sheet = placement(page, paper)
    x0, y0, x1, y1 = visible_box(page)
    contents = page.get("/Contents")
    parts = ArrayObject(contents) if isinstance(contents, ArrayObject) else ArrayObject(
        [page.raw_get("/Contents")] if "/Contents" in page else [])
    # The clip keeps what lies outside the page's visible box hidden, as it was.
    parts.insert(0, _stream(writer, "q {} cm {} {} {} {} re W n\n".format(
        " ".join(_fmt(n) for n in matrix), _fmt(x0), _fmt(y0), _fmt(x1 - x0), _fmt(y1 - y0))))
    parts.append(_stream(writer, "Q\n"))
    page[NameObject("/Contents")] = parts
    for key in ("/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate", "/UserUnit"):
        if key in page:
            del page[key]
    page[NameObject("/MediaBox")] = ArrayObject(
        [FloatObject(0), FloatObject(0), FloatObject(sheet.width), FloatObject(sheet.height)])
    links = page.get("/Annots")
    if isinstance(links, ArrayObject):
        for item in links:
            link = item.get_object()
            rect = _numbers(link.get("/Rect")) if isinstance(link, DictionaryObject) else None
            if rect is None:
                continue
            corners = [_apply(matrix, x, y) for x in (rect[0], rect[2]) for y in (rect[1], rect[3])]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            link[NameObject("/Rect")] = ArrayObject(
                FloatObject(round(n, 4)) for n in (min(xs), min(ys), max(xs), max(ys)))
    return sheet
