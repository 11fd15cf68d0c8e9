"""The DOCX writer: a :class:`~proposalkit.export.ir.Dossier` on ``templates/dossier.docx``.

The template (made by ``tools/make_template.py``) owns the styles, page, header, footer
fields and language; this writer fills the header and footer placeholders, sets the
language and the core properties, and writes the body. The body is written as
WordprocessingML text and spliced into the template's document as text, never parsed
(python-docx's per-cell API is quadratic in the number of rows; parsing the text and
serializing it again took longer than making it). Every text goes through
:func:`xml.sax.saxutils.escape`; characters XML refuses were removed by the builder, so
the text is well-formed as made (python-docx reads it back in the tests).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import BinaryIO

from proposalkit.export import docx_xml
from proposalkit.export.atomic import Target, write_atomically
from proposalkit.export.docx_package import (
    core_xml,
    fill_placeholders,
    finish_package,
    insert_body,
    package_facts,
    read_template,
    visible_texts,
)
from proposalkit.export.docx_xml import bookmark_name, paragraph, runs
from proposalkit.export.ir import (
    AnnexList,
    BulletList,
    Cover,
    Dossier,
    Heading,
    KeyValues,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Table,
    TableOfContents,
)
from proposalkit.export.pdf_writer import PdfInfo, export_pdf
from proposalkit.paths import templates_dir

Progress = Callable[[float, str], None]
_PARAGRAPH_STYLES = {"body": "Normal", "note": "PKNote", "strong": "PKStrong"}


def template_path() -> Path:
    """The bundled DOCX template."""
    return templates_dir() / "dossier.docx"


class _Body:
    """Collects the body's XML, block by block."""

    def __init__(self, dossier: Dossier, pages: dict[str, int] | None = None,
                 continued: dict[int, list[int]] | None = None) -> None:
        self.dossier = dossier
        #: The page of each heading's anchor, as the same dossier paginates in the PDF.
        self.pages = pages or {}
        #: Per table, the rows that start a page under their group's label, continued,
        #: in the PDF (the DOCX cuts its tables there).
        self.continued = continued or {}
        self.tables = 0
        self.parts: list[str] = []
        #: What a reader sees, one text per paragraph (the document's statistics).
        self.texts: list[str] = []
        self.bookmark_id = 0
        self.break_pending = False
        self.chapter_start = 0

    def add(self, block) -> None:  # noqa: ANN001 - a Block
        if isinstance(block, PageBreak):
            self.break_pending = True
            return
        start = len(self.parts)
        if isinstance(block, Table):
            cells = [[self.dossier.cell_text(cell) for cell in row.cells]
                     for row in block.rows()]
            self.table(block, cells)
            self.texts += visible_texts(self.dossier, block, cells)
        else:
            self._add(block)
            self.texts += visible_texts(self.dossier, block)
        if self.break_pending and start < len(self.parts):
            self.break_pending = False
            first = self.parts[start]
            # The break is the next paragraph's own property: a paragraph holding only a
            # break leaves an empty line at the top of the new page, which the PDF has not.
            # Its space before goes too: the PDF starts the page with the text itself.
            if first.startswith("<w:p><w:pPr>") and "</w:pStyle>" not in first:
                end = first.index("/>", first.index("<w:pStyle")) + 2
                spacing = "" if "<w:spacing" in first else '<w:spacing w:before="0"/>'
                self.parts[start] = (first[:end] + "<w:pageBreakBefore/>" + spacing
                                     + first[end:])
            else:
                self.parts.insert(start, '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def _add(self, block) -> None:  # noqa: ANN001 - a Block
        d = self.dossier
        if isinstance(block, Heading):
            self.bookmark_id += 1
            name = bookmark_name(block.anchor)
            inner = (f'<w:bookmarkStart w:id="{self.bookmark_id}" w:name="{name}"/>'
                     f"{runs(block.text)}<w:bookmarkEnd w:id=\"{self.bookmark_id}\"/>")
            self.chapter_start = len(self.parts)
            self.parts.append(paragraph("", f"Heading{min(block.level, 3)}", inner=inner))
        elif isinstance(block, Paragraph):
            self.parts.append(paragraph(block.text, _PARAGRAPH_STYLES[block.style],
                                        lang=block.lang))
        elif isinstance(block, BulletList):
            self.parts += [paragraph(item, "ListBullet", lang=block.lang)
                           for item in block.items]
        elif isinstance(block, KeyValues):
            self.parts += [docx_xml.key_values(block.rows), docx_xml.spacer(8)]
        elif isinstance(block, TableOfContents):
            self.toc(block)
        elif isinstance(block, Cover):
            self.parts += [paragraph(block.program, "PKCoverProgram"),
                           paragraph(block.title, "Title"),
                           paragraph(block.applicant, "Subtitle"),
                           docx_xml.key_values(block.facts, large=True)]
            if block.status_text:
                self.parts.append(paragraph(block.status_text, "PKCoverStatus"))
        elif isinstance(block, SignatureBlock):
            # The attestation is signed where it is read: its heading, its text and the
            # signature lines keep together (the PDF keeps them on one page too).
            for index in range(self.chapter_start, len(self.parts)):
                self.parts[index] = docx_xml.keep_with_next(self.parts[index])
            self.parts += [docx_xml.keep_with_next(docx_xml.spacer(10)),
                           docx_xml.signature(block)]
        elif isinstance(block, AnnexList):
            self.parts += [docx_xml.annex_list(d, block), docx_xml.spacer(6)]
        else:
            raise TypeError(f"unknown block {type(block).__name__}")

    def table(self, block: Table, cells: list[list[str]]) -> None:
        """A table (``cells``: the text of each cell, as shown) and its caption."""
        self.parts.append(docx_xml.table(self.dossier, block,
                                         self.continued.get(self.tables, ()), cells))
        self.tables += 1
        if block.caption:
            self.parts.append(paragraph(block.caption, "Caption"))

    def toc(self, block: TableOfContents) -> None:
        """A TOC field that Word refreshes on open (``updateFields`` in the template).

        Its cached result lists the headings with links and the page numbers of the PDF
        laid out the same way, so the dossier reads right before any update (LibreOffice
        shows the cached result as is); Word still refreshes it on open."""
        self.parts.append(paragraph(block.title, "PKTOCTitle"))
        headings = self.dossier.headings(block.max_level)
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 f'<w:r><w:instrText xml:space="preserve"> TOC \\o "1-{block.max_level}" '
                 '\\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
                 "</w:r>")
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        for index, heading in enumerate(headings):
            name = bookmark_name(heading.anchor)
            entry = (f'<w:hyperlink w:anchor="{name}" w:history="1">{runs(heading.text)}'
                     '<w:r><w:tab/></w:r>'
                     '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                     f'<w:r><w:instrText xml:space="preserve"> PAGEREF {name} \\h </w:instrText>'
                     '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                     f'<w:r><w:t>{self.pages.get(heading.anchor, "")}</w:t></w:r>'
                     '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                     "</w:hyperlink>")
            inner = (begin if index == 0 else "") + entry + (
                end if index == len(headings) - 1 else "")
            self.parts.append(paragraph("", f"toc{min(heading.level, 2)}", inner=inner))
        if not headings:
            self.parts.append(paragraph("", "toc1", inner=begin + end))


def normalize_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite the zip with fixed entry dates: the same bytes from the same content (the
    template's script; :func:`render_docx` dates its entries as it zips them)."""
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def render_docx(dossier: Dossier, *, progress: Progress | None = None,
                deterministic: bool = False, pagination: PdfInfo | None = None) -> bytes:
    """The DOCX of ``dossier`` as bytes.

    The DOCX is laid out like the PDF (page, margins, embedded fonts, spacing, column
    widths, breaks), so the PDF's pagination stands for its own: the table of contents'
    cached page numbers and the page count come from a PDF build of the same dossier.
    """
    report = progress or (lambda _f, _m: None)
    if pagination is None:  # a PDF of this dossier built just before can be passed
        pagination = (export_pdf(dossier, io.BytesIO(), deterministic=True)
                      if dossier.blocks else PdfInfo())
    pages = pagination.pages
    template = read_template(template_path())
    members = dict(template.parts)
    page_before, _sep, rest = dossier.labels.page.partition("{page}")
    page_between, _sep, page_after = rest.partition("{pages}")
    values = {
        "header_left": dossier.header_left, "header_right": dossier.header_right,
        "status": dossier.labels.draft if dossier.is_draft else "",
        "page_before": page_before, "page_between": page_between, "page_after": page_after,
        "footer_right": dossier.footer_right,
    }
    for (kind, which), name in template.sections.items():
        # The cover states the status already: its footer carries only the page number.
        filled = values | {"footer_right": ""} if (kind, which) == ("footer", "first") else values
        members[name] = fill_placeholders(members[name].decode(), filled).encode()

    body = _Body(dossier, pagination.anchors, pagination.continued)
    count = len(dossier.blocks) or 1
    for index, block in enumerate(dossier.blocks):
        body.add(block)
        if index % 20 == 0:
            report(0.8 * index / count, "")
    # The body is spliced in as text before the template's section properties (page,
    # header, footer): parsing and serializing it again would take longer than making it.
    members["word/document.xml"] = insert_body(members["word/document.xml"],
                                               "".join(body.parts))
    report(0.85, "")
    when = (datetime.combine(dossier.date, time(0)) if deterministic
            else datetime.now(UTC).replace(microsecond=0, tzinfo=None))
    members["docProps/core.xml"] = core_xml(dossier, when).encode()
    # Zip entries are dated from the dossier's date or today (a fixed time of day): the
    # same dossier gives the same bytes in a deterministic build.
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    facts = package_facts(body.texts, dossier, pages, deterministic)
    data = finish_package(members, facts, stamp)
    report(1.0, "")
    return data


def export_docx(dossier: Dossier, target: Target, *, progress: Progress | None = None,
                deterministic: bool = False, pagination: PdfInfo | None = None) -> None:
    """Write ``dossier`` as a DOCX to ``target`` (a path, written atomically, or a binary
    file). ``deterministic`` dates everything from the dossier's date; ``pagination`` is
    what :func:`~proposalkit.export.pdf_writer.export_pdf` returned for this dossier (it
    is built otherwise)."""
    data = render_docx(dossier, progress=progress, deterministic=deterministic,
                       pagination=pagination)

    def write(fh: BinaryIO) -> None:
        fh.write(data)

    write_atomically(target, write)
