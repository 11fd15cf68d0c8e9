"""The final package: one PDF the applicant prints, signs and submits.

The dossier comes first, then every annex the package can bind, in checklist order:
attached PDFs page by page and PNG or JPEG images as pages of their own. Each annex gets
a bookmark, its first page in the table of contents (the PDF writer reserves those
numbers as forms and fills them once it knows how long the dossier is) and, on each of
its pages, a small stamp with the annex number and "Page X de Y" of the whole package
(plus the draft mark while the dossier is a draft). Documents in other formats (DOCX,
spreadsheets...) cannot be bound: the list of annexes says to submit them separately.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import BinaryIO, Protocol

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import NameObject, TextStringObject
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas

from proposalkit.export.atomic import Target, write_atomically
from proposalkit.export.builder import IMAGE_TYPES, PDF_TYPES
from proposalkit.export.fonts import SANS, draw_text, register_fonts
from proposalkit.export.ir import AnnexEntry, Dossier
from proposalkit.export.pdf_writer import PdfInfo, export_pdf

Progress = Callable[[float, str], None]
_MARGIN = 36


class AttachmentSource(Protocol):
    """What the package needs from a proposal file: the bytes of each attachment by
    reference (:class:`proposalkit.storage.Document` has them)."""

    attachments: dict[str, bytes]


@dataclass
class PackageInfo:
    """What the package holds."""

    pages: int = 0
    dossier_pages: int = 0
    #: Annex anchor -> (first page, page count), for the annexes bound in the package.
    annexes: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: The annexes as listed in the package (with the status each one ended with).
    entries: tuple[AnnexEntry, ...] = ()


@dataclass
class _Annex:
    entry: AnnexEntry
    reader: PdfReader | None = None
    image: ImageReader | None = None

    @property
    def pages(self) -> int:
        if self.reader is not None:
            return len(self.reader.pages)
        return 1 if self.image is not None else 0


def _open(entry: AnnexEntry, data: bytes | None) -> _Annex:
    """Open one annex; its status says why it is left out when it cannot be bound."""
    if entry.status != "included":
        return _Annex(entry)
    if data is None:
        return _Annex(replace(entry, status="missing"))
    try:
        if entry.media_type in PDF_TYPES:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                return _Annex(replace(entry, status="unreadable"))
            if len(reader.pages) == 0:
                return _Annex(replace(entry, status="unreadable"))
            return _Annex(entry, reader=reader)
        if entry.media_type in IMAGE_TYPES:
            image = ImageReader(io.BytesIO(data))
            image.getSize()  # decodes the header: a broken image fails here
            return _Annex(entry, image=image)
    except (PdfReadError, OSError, ValueError, KeyError, TypeError):
        return _Annex(replace(entry, status="unreadable"))
    return _Annex(replace(entry, status="separate"))


def _image_pages(annexes: list[_Annex], dossier: Dossier, deterministic: bool) -> PdfReader:
    """One page per image, the image fitted on a Letter page turned its way."""
    buffer = io.BytesIO()
    pdf = rl_canvas.Canvas(buffer, pagesize=LETTER, invariant=1 if deterministic else 0,
                           initialFontName=SANS)  # type: ignore[arg-type]  # the stubs say float
    for annex in annexes:
        assert annex.image is not None
        width, height = annex.image.getSize()
        page = landscape(LETTER) if width > height else LETTER
        pdf.setPageSize(page)
        title = f"{dossier.labels.annex.format(n=annex.entry.number)} — {annex.entry.title}"
        pdf.setFillColor(colors.black)
        draw_text(pdf, _MARGIN, page[1] - _MARGIN, title, 10, bold=True)
        box_w, box_h = page[0] - 2 * _MARGIN, page[1] - 3 * _MARGIN - 14
        scale = min(box_w / width, box_h / height, 1.0)
        w, h = width * scale, height * scale
        pdf.drawImage(annex.image, (page[0] - w) / 2, _MARGIN * 1.5 + (box_h - h) / 2, w, h,
                      mask="auto")
        pdf.showPage()
    pdf.save()
    return PdfReader(io.BytesIO(buffer.getvalue()))


def _stamps(writer: PdfWriter, spans: list[tuple[AnnexEntry, int, int]], total: int,
            dossier: Dossier, deterministic: bool) -> None:
    """Stamp each annex page: annex number, title, page X of Y, and the draft mark."""
    buffer = io.BytesIO()
    pdf = rl_canvas.Canvas(buffer, invariant=1 if deterministic else 0,
                           initialFontName=SANS)  # type: ignore[arg-type]  # the stubs say float
    targets = []
    for entry, first, count in spans:
        for offset in range(count):
            page = writer.pages[first - 1 + offset]
            page.transfer_rotation_to_content()
            box = page.mediabox
            left, bottom = float(box.left), float(box.bottom)
            width, height = float(box.width), float(box.height)
            pdf.setPageSize((width, height))
            pdf.translate(left, bottom)
            label = (f"{dossier.labels.annex.format(n=entry.number)} — {entry.title} · "
                     + dossier.labels.page.format(page=first + offset, pages=total))
            pdf.setFillColor(colors.white)
            pdf.rect(0, 0, width, 16, stroke=0, fill=1)
            pdf.setFillColor(colors.HexColor("#5f6b7a"))
            draw_text(pdf, width / 2, 5, label, 7, align="center")
            if dossier.is_draft:
                pdf.setFillColor(colors.Color(0.85, 0.15, 0.15, alpha=0.5))
                draw_text(pdf, width - 12, height - 18, dossier.labels.draft, 12, bold=True,
                          align="right")
            pdf.showPage()
            targets.append(page)
    pdf.save()
    overlay = PdfReader(io.BytesIO(buffer.getvalue()))
    for page, stamp in zip(targets, overlay.pages, strict=True):
        page.merge_page(stamp)


def export_package(
    dossier: Dossier,
    document: AttachmentSource,
    target: Target,
    *,
    progress: Progress | None = None,
    deterministic: bool = False,
) -> PackageInfo:
    """Write the printable package of ``dossier`` to ``target`` (a path, written
    atomically, or a binary file): the dossier, then the annexes whose bytes
    ``document.attachments`` holds, in checklist order."""
    register_fonts()
    report = progress or (lambda _f, _m: None)
    opened = [_open(entry, document.attachments.get(entry.reference))
              for entry in dossier.annexes]
    report(0.1, "")
    bound = [a for a in opened if a.pages]
    final = dossier.with_annexes(tuple(a.entry for a in opened))
    pages = {a.entry.anchor: a.pages for a in bound}

    rendered = io.BytesIO()
    info: PdfInfo = export_pdf(final, rendered, deterministic=deterministic, annex_pages=pages,
                               progress=lambda f, m: report(0.1 + 0.5 * f, m))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(rendered.getvalue())))
    images = [a for a in bound if a.image is not None]
    image_reader = _image_pages(images, dossier, deterministic) if images else None
    image_index = 0
    result = PackageInfo(dossier_pages=info.pages, entries=final.annexes)
    spans: list[tuple[AnnexEntry, int, int]] = []
    parent = None
    for number, annex in enumerate(bound):
        first = len(writer.pages) + 1
        if annex.reader is not None:
            writer.append(annex.reader, import_outline=False)
        else:
            assert image_reader is not None
            writer.append(image_reader, pages=[image_index], import_outline=False)
            image_index += 1
        count = len(writer.pages) - first + 1
        spans.append((annex.entry, first, count))
        result.annexes[annex.entry.anchor] = (first, count)
        if parent is None:
            parent = writer.add_outline_item(title=final.labels.annexes,
                                             page_number=first - 1)
        writer.add_outline_item(
            title=f"{final.labels.annex.format(n=annex.entry.number)} — {annex.entry.title}",
            page_number=first - 1, parent=parent)
        report(0.6 + 0.3 * (number + 1) / len(bound), "")
    result.pages = len(writer.pages)
    if spans:
        _stamps(writer, spans, result.pages, final, deterministic)
    writer._root_object[NameObject("/Lang")] = TextStringObject(final.language_tag)
    if not deterministic:
        writer.generate_file_identifiers()
    writer.compress_identical_objects()

    def write(fh: BinaryIO) -> None:
        writer.write(fh)

    write_atomically(target, write)
    report(1.0, "")
    return result
