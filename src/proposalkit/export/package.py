"""The final package: one PDF the applicant prints, signs and submits.

The dossier comes first, then every annex the package can bind, in checklist order:
attached PDFs page by page and PNG or JPEG images as pages of their own. Each annex opens
on a separator sheet in the dossier's style (:mod:`proposalkit.export.separators`: its
number, title, kind, partner and page count). Each annex gets a bookmark and its first
page (the separator's) in the table of contents and the list of annexes (the PDF writer
reserves those numbers as forms and fills them once it knows how long the dossier is).
Every annex page
becomes a sheet of the dossier's paper (:mod:`proposalkit.export.sheets`): the page is
scaled between a top band naming the annex (number, title, kind of document) and a foot
band with "Page X de Y" of the whole package (plus the draft mark while the dossier is a
draft), so nothing is ever drawn over it. Documents in other formats (DOCX,
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
from proposalkit.export.fonts import SANS, draw_text, register_fonts, text_width
from proposalkit.export.ir import AnnexEntry, Dossier
from proposalkit.export.pdf_writer import PAGE_HEIGHT, PAGE_WIDTH, PdfInfo, export_pdf
from proposalkit.export.sanitize import add_overlay
from proposalkit.export.separators import Separator, separator_sheets
from proposalkit.export.sheets import SIDE, TOP_BAND, Sheet, fit_to_sheet
from proposalkit.i18n import translator

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
    #: Annex anchor -> (first page, page count) of the annex's own pages, for the annexes
    #: bound in the package.
    annexes: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Annex anchor -> the page of the sheet that opens it: where the annex starts (the
    #: table of contents, the list of annexes and the bookmarks point there).
    separators: dict[str, int] = field(default_factory=dict)
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
        return _Annex(entry, prepare_annex(data, entry.media_type, name))
    except AnnexError as problem:
        problems.append(problem)
        reason = problem.reason(translator(dossier.lang))
        return _Annex(replace(entry, status="unreadable", reason=reason))


def _stamp_forms(writer: PdfWriter, pages: list[tuple[AnnexEntry, int, Sheet]], total: int,
                 dossier: Dossier, deterministic: bool) -> list[IndirectObject]:
    """One form per annex sheet, drawn in its bands and never over the annex page: at the
    top the annex's number, title and kind, at the foot "Page X of Y" of the package and
    the draft mark; a hairline frames the annex page."""
    buffer = io.BytesIO()
    pdf = rl_canvas.Canvas(buffer, invariant=1 if deterministic else 0,
                           initialFontName=SANS)  # type: ignore[arg-type]  # the stubs say float
    grey, ink = colors.HexColor("#5f6b7a"), colors.HexColor("#1f2a36")
    for entry, number, sheet in pages:
        width, height = sheet.width, sheet.height
        pdf.setPageSize((width, height))
        left, right = SIDE, width - SIDE
        kind = entry.kind if entry.kind not in ("", "—", entry.title) else ""
        kind_width = min(text_width(kind, 8), (right - left) * 0.4) if kind else 0.0
        pdf.setFillColor(ink)
        draw_text(pdf, left, height - TOP_BAND + 12, _heading(dossier, entry), 9, bold=True,
                  max_width=right - left - kind_width - (12 if kind else 0))
        if kind:
            pdf.setFillColor(grey)
            draw_text(pdf, right, height - TOP_BAND + 12, kind, 8, align="right",
                      max_width=kind_width)
        pdf.setFillColor(grey)
        draw_text(pdf, left, 16, dossier.labels.annex.format(n=entry.number), 7)
        draw_text(pdf, width / 2, 16, dossier.labels.page.format(page=number, pages=total), 7,
                  align="center")
        if dossier.is_draft:
            pdf.setFillColor(colors.Color(0.85, 0.15, 0.15))
            draw_text(pdf, right, 15, dossier.labels.draft, 9, bold=True, align="right")
        x, y, w, h = sheet.placed
        pdf.setStrokeColor(colors.HexColor("#c3cad3"))
        pdf.setLineWidth(0.4)
        pdf.rect(x, y, w, h, stroke=1, fill=0)
        pdf.showPage()
    pdf.save()
    forms = []
    for stamp, (_entry, _number, sheet) in zip(PdfReader(io.BytesIO(buffer.getvalue())).pages,
                                               pages, strict=True):
        form = DecodedStreamObject()
        form.set_data(stamp.get_contents().get_data())  # type: ignore[union-attr]
        form.update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                              FloatObject(sheet.width),
                                              FloatObject(sheet.height)]),
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
            problem = annex_error("damaged", _heading(dossier, annex.entry))
            problems.append(problem)
            opened[failed.index] = _Annex(replace(
                annex.entry, status="unreadable", reason=problem.reason(translator(dossier.lang))))
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
    final = dossier.with_annexes(tuple(a.entry for a in opened))
    # Each annex opens on a separator sheet, counted as its first page; an annex that
    # cannot be bound keeps its place with its sheet alone (the reader sees where the
    # document submitted separately belongs, and the list of annexes gives that page).
    pages = {a.entry.anchor: a.pages + 1 for a in opened}
    rendered = io.BytesIO()
    info: PdfInfo = export_pdf(final, rendered, deterministic=deterministic, annex_pages=pages,
                               progress=lambda f, m: report(0.1 + 0.5 * f, m))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(rendered.getvalue())))
    result = PackageInfo(dossier_pages=info.pages, entries=final.annexes)
    total = info.pages + sum(pages.values())
    separators, page = [], info.pages + 1
    for annex, entry in zip(opened, final.annexes, strict=True):
        separators.append(Separator(entry, page, annex.pages))
        page += annex.pages + 1
    sheets = PdfReader(io.BytesIO(separator_sheets(
        final, separators, total, deterministic=deterministic))).pages if opened else []
    added: list[tuple[int, AnnexEntry, int, DictionaryObject, Sheet]] = []
    parent = None
    for index, (annex, separator) in enumerate(zip(opened, sheets, strict=True)):
        result.separators[annex.entry.anchor] = len(writer.pages) + 1
        writer.add_page(separator)
        first = len(writer.pages) + 1
        try:
            if annex.prepared is not None:
                for clean in annex.prepared.writer.pages:
                    page = writer.add_page(clean)
                    sheet = fit_to_sheet(writer, page, (PAGE_WIDTH, PAGE_HEIGHT))
                    added.append((index, annex.entry, len(writer.pages), page, sheet))
            if parent is None:
                parent = writer.add_outline_item(title=final.labels.annexes,
                                                 page_number=first - 2)
            writer.add_outline_item(title=_heading(final, annex.entry),
                                    page_number=first - 2, parent=parent)
        except Exception as exc:
            raise _BindFailed(index, exc) from exc
        if annex.pages:
            result.annexes[annex.entry.anchor] = (first, annex.pages)
        report(0.6 + 0.3 * (index + 1) / len(opened), "")
    result.pages = len(writer.pages)
    if added:
        forms = _stamp_forms(writer, [(entry, number, sheet)
                                      for _i, entry, number, _page, sheet in added],
                             total, final, deterministic)
        for (index, _entry, _number, page, _sheet), form in zip(added, forms, strict=True):
            try:
                add_overlay(writer, page, form)
            except Exception as exc:
                raise _BindFailed(index, exc) from exc
    writer._root_object[NameObject("/Lang")] = TextStringObject(final.language_tag)
    if not deterministic:
        writer.generate_file_identifiers()
    writer.compress_identical_objects()
    return writer, result
