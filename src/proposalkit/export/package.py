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
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)
from reportlab.lib import colors
from reportlab.pdfgen import canvas as rl_canvas

from proposalkit.export.annexes import (
    AnnexError,
    PreparedAnnex,
    annex_error,
    log,
    prepare_annex,
)
from proposalkit.export.atomic import Target, write_atomically
from proposalkit.export.builder import IMAGE_TYPES, PDF_TYPES
from proposalkit.export.fonts import SANS, draw_text, register_fonts
from proposalkit.export.ir import AnnexEntry, Dossier
from proposalkit.export.pdf_writer import PdfInfo, export_pdf
from proposalkit.export.sanitize import add_overlay, shown_size

Progress = Callable[[float, str], None]


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
    #: Why each annex that should have been bound was left out, one line each.
    problems: tuple[AnnexError, ...] = ()


@dataclass
class _Annex:
    entry: AnnexEntry
    prepared: PreparedAnnex | None = None

    @property
    def pages(self) -> int:
        return self.prepared.pages if self.prepared is not None else 0


def _heading(dossier: Dossier, entry: AnnexEntry) -> str:
    return f"{dossier.labels.annex.format(n=entry.number)} — {entry.title}"


def _open(dossier: Dossier, entry: AnnexEntry, data: bytes | None,
          problems: list[AnnexError]) -> _Annex:
    """Prepare one annex; its status says why it is left out when it cannot be bound."""
    if entry.status != "included":
        return _Annex(entry)
    if data is None:
        return _Annex(replace(entry, status="missing"))
    if entry.media_type not in PDF_TYPES | IMAGE_TYPES:
        return _Annex(replace(entry, status="separate"))
    heading = _heading(dossier, entry)
    name = f"{heading} ({entry.filename})" if entry.filename else heading
    try:
        return _Annex(entry, prepare_annex(data, entry.media_type, name, heading))
    except AnnexError as problem:
        problems.append(problem)
        return _Annex(replace(entry, status="unreadable"))


def _stamp_forms(writer: PdfWriter, pages: list[tuple[AnnexEntry, int, DictionaryObject]],
                 total: int, dossier: Dossier, deterministic: bool) -> list[IndirectObject]:
    """One form per annex page: annex number, title, page X of Y, the draft mark; drawn
    upright at the size the page is shown."""
    buffer = io.BytesIO()
    pdf = rl_canvas.Canvas(buffer, invariant=1 if deterministic else 0,
                           initialFontName=SANS)  # type: ignore[arg-type]  # the stubs say float
    sizes = []
    for entry, number, page in pages:
        width, height = shown_size(page)
        sizes.append((width, height))
        pdf.setPageSize((width, height))
        label = f"{_heading(dossier, entry)} · " + dossier.labels.page.format(page=number,
                                                                              pages=total)
        pdf.setFillColor(colors.white)
        pdf.rect(0, 0, width, 16, stroke=0, fill=1)
        pdf.setFillColor(colors.HexColor("#5f6b7a"))
        draw_text(pdf, width / 2, 5, label, 7, align="center", max_width=width - 24)
        if dossier.is_draft:
            pdf.setFillColor(colors.Color(0.85, 0.15, 0.15, alpha=0.5))
            draw_text(pdf, width - 12, height - 18, dossier.labels.draft, 12, bold=True,
                      align="right")
        pdf.showPage()
    pdf.save()
    forms = []
    for stamp, (width, height) in zip(PdfReader(io.BytesIO(buffer.getvalue())).pages, sizes,
                                      strict=True):
        form = DecodedStreamObject()
        form.set_data(stamp.get_contents().get_data())  # type: ignore[union-attr]
        form.update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                              FloatObject(width), FloatObject(height)]),
            NameObject("/Resources"): stamp["/Resources"].clone(writer),
        })
        forms.append(writer._add_object(form))
    return forms


class _BindFailed(Exception):
    def __init__(self, index: int, cause: BaseException) -> None:
        super().__init__(index)
        self.index, self.cause = index, cause


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
    problems: list[AnnexError] = []
    opened = [_open(dossier, entry, document.attachments.get(entry.reference), problems)
              for entry in dossier.annexes]
    report(0.1, "")
    while True:
        try:
            writer, result = _assemble(dossier, opened, report, deterministic)
            break
        except _BindFailed as failed:
            # Our own step failed on clean pages (a bug, not the file): that annex is
            # left out and listed so, and the package is laid out again without it.
            annex = opened[failed.index]
            log.warning("binding %s failed: %r", annex.entry.reference, failed.cause)
            problems.append(annex_error("damaged", _heading(dossier, annex.entry)))
            opened[failed.index] = _Annex(replace(annex.entry, status="unreadable"))
    result.problems = tuple(problems)

    def write(fh: BinaryIO) -> None:
        writer.write(fh)

    write_atomically(target, write)
    report(1.0, "")
    return result


def _assemble(dossier: Dossier, opened: list[_Annex], report: Progress,
              deterministic: bool) -> tuple[PdfWriter, PackageInfo]:
    """The dossier laid out for the annexes that are bound, then their pages, bookmarks
    and stamps. Raises :class:`_BindFailed` naming the annex a step failed on."""
    bound = [(index, a) for index, a in enumerate(opened) if a.pages]
    final = dossier.with_annexes(tuple(a.entry for a in opened))
    pages = {a.entry.anchor: a.pages for _i, a in bound}
    rendered = io.BytesIO()
    info: PdfInfo = export_pdf(final, rendered, deterministic=deterministic, annex_pages=pages,
                               progress=lambda f, m: report(0.1 + 0.5 * f, m))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(rendered.getvalue())))
    result = PackageInfo(dossier_pages=info.pages, entries=final.annexes)
    total = info.pages + sum(pages.values())
    added: list[tuple[int, AnnexEntry, int, DictionaryObject]] = []
    parent = None
    for done, (index, annex) in enumerate(bound, start=1):
        assert annex.prepared is not None
        first = len(writer.pages) + 1
        try:
            for clean in annex.prepared.writer.pages:
                added.append((index, annex.entry, len(writer.pages) + 1,
                              writer.add_page(clean)))
            if parent is None:
                parent = writer.add_outline_item(title=final.labels.annexes,
                                                 page_number=first - 1)
            writer.add_outline_item(title=_heading(final, annex.entry),
                                    page_number=first - 1, parent=parent)
        except Exception as exc:
            raise _BindFailed(index, exc) from exc
        result.annexes[annex.entry.anchor] = (first, annex.pages)
        report(0.6 + 0.3 * done / len(bound), "")
    result.pages = len(writer.pages)
    if added:
        forms = _stamp_forms(writer, [(entry, number, page) for _i, entry, number, page in added],
                             total, final, deterministic)
        for (index, _entry, _number, page), form in zip(added, forms, strict=True):
            try:
                add_overlay(writer, page, form)
            except Exception as exc:
                raise _BindFailed(index, exc) from exc
    writer._root_object[NameObject("/Lang")] = TextStringObject(final.language_tag)
    if not deterministic:
        writer.generate_file_identifiers()
    writer.compress_identical_objects()
    return writer, result
