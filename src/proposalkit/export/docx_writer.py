"""The DOCX writer: a :class:`~proposalkit.export.ir.Dossier` on ``templates/dossier.docx``.

The template (made by ``tools/make_template.py``) owns the styles, page, header, footer
fields and language; this writer fills the header and footer placeholders, sets the
language and the core properties, and writes the body. The body is written as
WordprocessingML text and parsed once (python-docx's per-cell API is quadratic in the
number of rows, too slow for a budget of two thousand lines). Every text goes through
:func:`xml.sax.saxutils.escape`; characters XML refuses were removed by the builder.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from proposalkit.export import docx_xml
from proposalkit.export.atomic import Target, write_atomically
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
from proposalkit.paths import templates_dir

Progress = Callable[[float, str], None]
_PARAGRAPH_STYLES = {"body": "Normal", "note": "PKNote", "strong": "PKStrong"}


def template_path() -> Path:
    """The bundled DOCX template."""
    return templates_dir() / "dossier.docx"


class _Body:
    """Collects the body's XML, block by block."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.parts: list[str] = []
        self.bookmark_id = 0

    def add(self, block) -> None:  # noqa: ANN001 - a Block
        d = self.dossier
        if isinstance(block, Heading):
            self.bookmark_id += 1
            name = bookmark_name(block.anchor)
            inner = (f'<w:bookmarkStart w:id="{self.bookmark_id}" w:name="{name}"/>'
                     f"{runs(block.text)}<w:bookmarkEnd w:id=\"{self.bookmark_id}\"/>")
            self.parts.append(paragraph("", f"Heading{min(block.level, 3)}", inner=inner))
        elif isinstance(block, Paragraph):
            self.parts.append(paragraph(block.text, _PARAGRAPH_STYLES[block.style]))
        elif isinstance(block, BulletList):
            self.parts += [paragraph(item, "ListBullet") for item in block.items]
        elif isinstance(block, KeyValues):
            self.parts.append(docx_xml.key_values(block.rows))
        elif isinstance(block, Table):
            self.parts.append(docx_xml.table(d, block))
            if block.caption:
                self.parts.append(paragraph(block.caption, "Caption"))
        elif isinstance(block, PageBreak):
            self.parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        elif isinstance(block, TableOfContents):
            self.toc(block)
        elif isinstance(block, Cover):
            self.parts += [paragraph(block.program, "PKCoverProgram"),
                           paragraph(block.title, "Title"),
                           paragraph(block.applicant, "Subtitle"),
                           docx_xml.key_values(block.facts, large=True),
                           paragraph(block.status_text, "PKCoverStatus")]
        elif isinstance(block, SignatureBlock):
            self.parts.append(docx_xml.signature(block))
        elif isinstance(block, AnnexList):
            self.parts.append(docx_xml.annex_list(d, block))
        else:
            raise TypeError(f"unknown block {type(block).__name__}")

    def toc(self, block: TableOfContents) -> None:
        """A TOC field that Word refreshes on open (``updateFields`` in the template).

        Its cached result already lists the headings with links, so the dossier reads well
        before any update; their page numbers are left to the word processor (LibreOffice
        shows them after Tools > Update > Update All)."""
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
                     '<w:r><w:t></w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                     "</w:hyperlink>")
            inner = (begin if index == 0 else "") + entry + (
                end if index == len(headings) - 1 else "")
            self.parts.append(paragraph("", f"toc{min(heading.level, 2)}", inner=inner))
        if not headings:
            self.parts.append(paragraph("", "toc1", inner=begin + end))


def _fill_placeholders(part_element, values: dict[str, str]) -> None:
    for node in part_element.iter(qn("w:t")):
        text = node.text or ""
        if "{{" in text:
            for key, value in values.items():
                text = text.replace("{{" + key + "}}", value)
            node.text = text
            if text != text.strip():
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _set_language(document, tag: str) -> None:  # noqa: ANN001
    styles = document.styles.element
    for lang in styles.iter(qn("w:lang")):
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), tag)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)


def normalize_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite the zip with fixed entry dates: the same dossier gives the same bytes."""
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
                deterministic: bool = False) -> bytes:
    """The DOCX of ``dossier`` as bytes."""
    report = progress or (lambda _f, _m: None)
    document = Document(str(template_path()))
    _set_language(document, dossier.language_tag)
    page_before, _sep, rest = dossier.labels.page.partition("{page}")
    page_between, _sep, page_after = rest.partition("{pages}")
    values = {
        "header_left": dossier.header_left, "header_right": dossier.header_right,
        "status": dossier.labels.draft if dossier.is_draft else "",
        "page_before": page_before, "page_between": page_between, "page_after": page_after,
        "footer_right": dossier.footer_right,
    }
    section = document.sections[0]
    for part in (section.header, section.first_page_header, section.footer,
                 section.first_page_footer):
        _fill_placeholders(part._element, values)

    body = _Body(dossier)
    count = len(dossier.blocks) or 1
    for index, block in enumerate(dossier.blocks):
        body.add(block)
        if index % 20 == 0:
            report(0.8 * index / count, "")
    # The template's body holds only its section properties (page, header, footer): the
    # new body is parsed in one piece around them and replaces it (moving thousands of
    # parsed elements one by one into the template's tree is slow in lxml).
    old_body = document.element.body
    sect_pr = old_body.find(qn("w:sectPr")).xml
    new_body = parse_xml(f"<w:body {nsdecls('w', 'r')}>{''.join(body.parts)}{sect_pr}</w:body>")
    document.element.replace(old_body, new_body)
    report(0.85, "")

    props = document.core_properties
    # Word's core properties hold at most 255 characters; the model allows longer
    # titles and names (300), which the document's own pages show in full.
    props.title = dossier.title[:255]
    props.author = props.last_modified_by = dossier.author[:255]
    props.subject = dossier.subject[:255]
    props.keywords = dossier.keywords[:255]
    props.language = dossier.language_tag
    props.comments = f"proposalkit {dossier.app_version}"
    props.content_status = dossier.labels.draft if dossier.is_draft else dossier.labels.final
    props.category = dossier.program_id
    props.revision = 1
    when = (datetime.combine(dossier.date, time(0)) if deterministic
            else datetime.now(UTC).replace(microsecond=0, tzinfo=None))
    props.created = props.modified = when
    raw = io.BytesIO()
    document.save(raw)
    report(1.0, "")
    return normalize_zip(raw.getvalue(), when)


def export_docx(dossier: Dossier, target: Target, *, progress: Progress | None = None,
                deterministic: bool = False) -> None:
    """Write ``dossier`` as a DOCX to ``target`` (a path, written atomically, or a binary
    file). ``deterministic`` dates everything from the dossier's date."""
    data = render_docx(dossier, progress=progress, deterministic=deterministic)

    def write(fh: BinaryIO) -> None:
        fh.write(data)

    write_atomically(target, write)
