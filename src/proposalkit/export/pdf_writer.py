"""The PDF writer: a :class:`~proposalkit.export.ir.Dossier` laid out with reportlab.

One layout pass only. Numbers that are known only at the end (the total page count of
"Page X de Y", the page of each heading in the table of contents, the pages of the
annexes in the final package) are drawn as PDF form XObjects that are referenced where
they appear and defined once the last page is done: reportlab allows a form to be used
before it is defined. The text of those forms copies out like any other text.

Fonts come from :mod:`proposalkit.export.fonts` (embedded subsets; no standard-14 font).
User text is escaped before it reaches reportlab's paragraph parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
)
from reportlab.platypus import PageBreak as RLPageBreak

from proposalkit.export import pdf_tables
from proposalkit.export.atomic import Target, write_atomically
from proposalkit.export.fonts import SANS, draw_text, register_fonts, text_width
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
from proposalkit.export.pdf_keep import keep_with_next
from proposalkit.export.pdf_paragraphs import LinesOnce, paragraph, parsed

Progress = Callable[[float, str], None]
PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 2 * cm
INK = colors.HexColor("#1f3a5f")
GREY = colors.HexColor("#5f6b7a")
_FORM_NAME = re.compile(r"[^A-Za-z0-9]")


def form_name(key: str) -> str:
    """A PDF-safe name for the form showing the page number of ``key``."""
    return "pk" + _FORM_NAME.sub("x", key)


@dataclass
class PdfInfo:
    """What a PDF build produced."""

    pages: int = 0
    #: The page of each heading's anchor (1-based).
    anchors: dict[str, int] = field(default_factory=dict)
    #: For each table (by its place among the dossier's tables), the rows (indexes into
    #: ``rows()``) that start a page under their group's label marked as continued.
    continued: dict[int, list[int]] = field(default_factory=dict)


def _styles() -> dict[str, ParagraphStyle]:
    # No widow nor orphan line, like the DOCX's widow control (Word and LibreOffice keep
    # two lines on each side of a break): both paginate the same.
    base = ParagraphStyle("body", fontName=SANS, fontSize=10, leading=14, spaceAfter=6,
                          alignment=TA_LEFT, allowWidows=0, allowOrphans=0)
    return {
        "body": base,
        # A bold lead-in introduces what follows (a table): they stay on one page.
        "strong": ParagraphStyle("strong", base, fontName=SANS + "-Bold", keepWithNext=1),
        "note": ParagraphStyle("note", base, fontName=SANS + "-Italic", fontSize=8.5,
                               leading=11.5, textColor=GREY),
        # Text at 18 pt, the bullet at the margin: the DOCX's list numbering.
        "bullet": ParagraphStyle("bullet", base, leftIndent=18, bulletIndent=0, spaceAfter=3,
                                 bulletFontName=SANS),
        "h1": ParagraphStyle("h1", base, fontName=SANS + "-Bold", fontSize=15, leading=19,
                             spaceBefore=16, spaceAfter=8, textColor=INK, keepWithNext=1),
        "h2": ParagraphStyle("h2", base, fontName=SANS + "-Bold", fontSize=12, leading=15,
                             spaceBefore=12, spaceAfter=6, textColor=INK, keepWithNext=1),
        "h3": ParagraphStyle("h3", base, fontName=SANS + "-Bold", fontSize=10.5, leading=14,
                             spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "toc_title": ParagraphStyle("toc_title", base, fontName=SANS + "-Bold", fontSize=15,
                                    leading=19, spaceAfter=14, textColor=INK),
        "toc1": ParagraphStyle("toc1", base, fontSize=10, leading=13, spaceBefore=3,
                               spaceAfter=1),
        "toc2": ParagraphStyle("toc2", base, fontSize=9, leading=12, spaceAfter=0,
                               textColor=GREY),
        "cover_program": ParagraphStyle("cover_program", base, fontSize=12, leading=16,
                                        textColor=GREY, alignment=TA_CENTER),
        "cover_title": ParagraphStyle("cover_title", base, fontName=SANS + "-Bold",
                                      fontSize=24, leading=30, textColor=INK,
                                      alignment=TA_CENTER, spaceBefore=10, spaceAfter=6),
        "cover_applicant": ParagraphStyle("cover_applicant", base, fontSize=16, leading=21,
                                          alignment=TA_CENTER, spaceAfter=30),
        "cover_status": ParagraphStyle("cover_status", base, fontName=SANS + "-Bold",
                                       fontSize=12, leading=16, alignment=TA_CENTER,
                                       spaceBefore=24),
        "caption": ParagraphStyle("caption", base, fontName=SANS + "-Italic", fontSize=8,
                                  leading=10, textColor=GREY, spaceBefore=2, spaceAfter=10),
    }


class _HeadingParagraph(LinesOnce):
    """A heading that bookmarks itself, enters the outline and records its page."""

    def __init__(self, heading: Heading, style: ParagraphStyle, info: PdfInfo) -> None:
        text, frags = parsed(heading.text, style)
        super().__init__(text, style, frags=frags)
        self.heading = heading
        self.info = info

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        return []  # a heading moves to the next page whole

    def draw(self) -> None:
        canv = self.canv
        heading = self.heading
        canv.bookmarkHorizontal(heading.anchor, 0, self.height + 4)
        if heading.level <= 2:
            canv.addOutlineEntry(heading.text, heading.anchor, level=heading.level - 1,
                                 closed=heading.level > 1)
        self.info.anchors.setdefault(heading.anchor, canv.getPageNumber())
        super().draw()


class _Bookmark(Flowable):
    """An invisible outline entry (cover, table of contents)."""

    def __init__(self, title: str, key: str, info: PdfInfo) -> None:
        super().__init__()
        self.title, self.key, self.info = title, key, info
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 20)
        self.canv.addOutlineEntry(self.title, self.key, level=0)
        self.info.anchors.setdefault(self.key, self.canv.getPageNumber())


_LIST = "list-"


class _ListPage(Flowable):
    """A page number in a cell of the list of annexes, right-aligned on the cell's first
    line (a form: the number is known at the end of the build)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self.width, self.height = availWidth, pdf_tables.CELL_SIZE * 1.25
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(self.width, self.height - pdf_tables.CELL_SIZE)
        self.canv.doForm(form_name(_LIST + self.key))
        self.canv.restoreState()


class _TocLine(Flowable):
    """One line of the table of contents: title, dotted leader, page number (a form)."""

    PAGE_COLUMN = 36

    def __init__(self, text: str, key: str, style: ParagraphStyle, indent: float,
                 link: bool) -> None:
        super().__init__()
        self.para = paragraph(text, style)
        self.key, self.style, self.indent, self.link = key, style, indent, link

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.width = availWidth
        self.text_width = availWidth - self.indent - self.PAGE_COLUMN - 8
        _w, self.height = self.para.wrap(self.text_width, availHeight)
        lines = self.para.blPara.lines  # type: ignore[attr-defined]  # set by wrap(); not in the stubs
        last = lines[-1]
        extra = last[0] if isinstance(last, tuple) else last.extraSpace
        self.last_end = self.indent + self.text_width - extra
        self.baseline = self.height - self.style.fontSize - self.style.leading * (len(lines) - 1)
        return self.width, self.height + 3

    def draw(self) -> None:
        canv = self.canv
        self.para.drawOn(canv, self.indent, 3)
        y = self.baseline + 3
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.6)
        canv.setDash(0.6, 2.4)
        start, end = self.last_end + 4, self.width - self.PAGE_COLUMN + 4
        if end > start:
            canv.line(start, y + 1, end, y + 1)
        canv.restoreState()
        canv.saveState()
        canv.translate(self.width, y)
        canv.doForm(form_name(self.key))
        canv.restoreState()
        if self.link:
            canv.linkRect("", self.key, (0, 0, self.width, self.height + 3), relative=1)


def draw_furniture(canv, dossier: Dossier, page: int, total: int | None = None) -> None:
    """The furniture of page ``page`` of ``dossier`` on ``canv``: the draft mark across
    it, the running heads (not on the cover), "Page X of Y" and the status at its foot.
    ``total`` is the page count when it is known; without it, a form that the build
    defines at its end."""
    canv.saveState()
    if dossier.is_draft:
        canv.setFillColor(colors.Color(0.85, 0.15, 0.15, alpha=0.13))
        canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canv.rotate(45)
        draw_text(canv, 0, -30, dossier.labels.draft, 88, bold=True, align="center")
    canv.restoreState()
    canv.saveState()
    canv.setFillColor(GREY)
    left, right = MARGIN, PAGE_WIDTH - MARGIN
    if page > 1:
        top = PAGE_HEIGHT - MARGIN + 0.2 * cm
        # Each running head gets its share of the line: a long name is cut, never
        # drawn over the other.
        room = right - left - 18
        right_width = min(text_width(dossier.header_right, 8), room / 2)
        draw_text(canv, left, top, dossier.header_left, 8, max_width=room - right_width)
        draw_text(canv, right, top, dossier.header_right, 8, align="right",
                  max_width=room - min(text_width(dossier.header_left, 8), room / 2))
        canv.setStrokeColor(colors.HexColor("#c5ccd6"))
        canv.setLineWidth(0.5)
        canv.line(left, top - 4, right, top - 4)
    bottom = MARGIN - 0.9 * cm
    template = dossier.labels.page
    if total is not None:
        draw_text(canv, left, bottom, template.format(page=page, pages=total), 8)
    else:
        before, _sep, after = template.partition("{pages}")
        x = left + draw_text(canv, left, bottom, before.format(page=page), 8)
        canv.setFont(SANS, 8)
        canv.saveState()
        canv.translate(x, bottom)
        canv.doForm(form_name("#total"))
        canv.restoreState()
        if after:
            draw_text(canv, x + stringWidth("0000", SANS, 8), bottom, after.format(page=page),
                      8)
    if dossier.is_draft:
        canv.setFillColor(colors.HexColor("#b3261e"))
    if page > 1:  # the cover states the status already
        draw_text(canv, right, bottom, dossier.footer_right, 8,
                  bold=dossier.is_draft, align="right")
    canv.restoreState()


class _DossierDoc(BaseDocTemplate):
    """Page furniture (header, footer, draft mark) and the deferred page-number forms."""

    def __init__(self, target, dossier: Dossier, info: PdfInfo,
                 annex_pages: dict[str, int] | None, deterministic: bool, **kw) -> None:
        super().__init__(
            target, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN,
            topMargin=MARGIN + 0.4 * cm, bottomMargin=MARGIN, title=dossier.title,
            author=dossier.author, subject=dossier.subject, keywords=[dossier.keywords],
            creator=f"proposalkit {dossier.app_version}", lang=dossier.language_tag,
            initialFontName=SANS, initialFontSize=10, initialLeading=14,
            invariant=1 if deterministic else 0, displayDocTitle=1, **kw)
        self.dossier, self.info = dossier, info
        self.annex_pages = annex_pages or {}
        self.forms: set[str] = set()
        #: Anchors whose page the list of annexes shows (in its own, smaller size).
        self.list_forms: set[str] = set()
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._furniture)])

    def _furniture(self, canv, doc) -> None:
        page = canv.getPageNumber()
        self.info.pages = max(self.info.pages, page)
        draw_furniture(canv, self.dossier, page)

    def _endBuild(self) -> None:  # noqa: N802 - reportlab's hook
        # Keep the canvas open after the last page to define the deferred forms.
        self._doSave = 0
        super()._endBuild()  # type: ignore[misc]  # reportlab's, missing from its stubs
        canv = self.canv
        # The annexes follow the dossier in the final package.
        page = self.info.pages + 1
        for entry in self.dossier.annexes:
            count = self.annex_pages.get(entry.anchor, 0)
            if count:
                self.info.anchors[entry.anchor] = page
                page += count
        numbers = {key: str(number) for key, number in self.info.anchors.items()}
        self._define_form(canv, form_name("#total"), str(page - 1), "left")
        for key in sorted(self.forms):
            self._define_form(canv, form_name(key), numbers.get(key, "—"), "right")
        for key in sorted(self.list_forms):
            self._define_form(canv, form_name(_LIST + key), numbers.get(key, "—"), "right",
                              pdf_tables.CELL_SIZE)
        canv.save()

    @staticmethod
    def _define_form(canv, name: str, text: str, align: str,
                     size: float | None = None) -> None:
        canv.beginForm(name, lowerx=-200, lowery=-10, upperx=200, uppery=30)
        canv.setFont(SANS, size or (8 if align == "left" else 10))
        if align == "left":
            canv.drawString(0, 0, text)
        else:
            canv.drawRightString(0, 0, text)
        canv.endForm()


class _Flow:
    """Turns the dossier's blocks into flowables."""

    def __init__(self, dossier: Dossier, info: PdfInfo, doc: _DossierDoc,
                 package_annexes: dict[str, int] | None) -> None:
        self.dossier, self.info, self.doc = dossier, info, doc
        self.styles = _styles()
        self.package_annexes = package_annexes
        self.width = PAGE_WIDTH - 2 * MARGIN

    def toc(self, block: TableOfContents) -> list[Flowable]:
        out: list[Flowable] = [_Bookmark(block.title, "toc", self.info),
                               paragraph(block.title, self.styles["toc_title"])]
        for heading in self.dossier.headings(block.max_level):
            style = self.styles["toc1" if heading.level == 1 else "toc2"]
            out.append(_TocLine(heading.text, heading.anchor, style,
                                0 if heading.level == 1 else 16, link=True))
            self.doc.forms.add(heading.anchor)
            if heading.anchor == "annexes" and self.package_annexes is not None:
                for entry in self.dossier.annexes:
                    if entry.anchor in self.package_annexes:
                        text = f"{self.dossier.labels.annex.format(n=entry.number)} — {entry.title}"
                        out.append(_TocLine(text, entry.anchor, self.styles["toc2"], 16,
                                            link=False))
                        self.doc.forms.add(entry.anchor)
        return out

    def cover(self, block: Cover) -> list[Flowable]:
        s = self.styles
        status_style = ParagraphStyle("status", s["cover_status"],
                                      textColor=colors.HexColor("#b3261e")
                                      if self.dossier.is_draft else INK)
        return [_Bookmark(block.title, "cover", self.info), Spacer(1, 3 * cm),
                paragraph(block.program, s["cover_program"]),
                paragraph(block.title, s["cover_title"]),
                paragraph(block.applicant, s["cover_applicant"]),
                pdf_tables.key_values(block.facts, self.width * 0.8, large=True)] + (
                [paragraph(block.status_text, status_style)]
                if block.status_text else [])

    def flowables(self, block) -> list[Flowable]:  # noqa: ANN001 - a Block
        s = self.styles
        if isinstance(block, Heading):
            return [_HeadingParagraph(block, s[f"h{min(block.level, 3)}"], self.info)]
        if isinstance(block, Paragraph):
            return [paragraph(block.text, s[block.style])]
        if isinstance(block, BulletList):
            return [paragraph(item, s["bullet"], bulletText="•")
                    for item in block.items]
        if isinstance(block, KeyValues):
            return [pdf_tables.key_values(block.rows, self.width), Spacer(1, 8)]
        if isinstance(block, Table):
            record = self.info.continued.setdefault(len(self.info.continued), [])
            return [pdf_tables.table(self.dossier, block, self.width, s["caption"], record)]
        if isinstance(block, PageBreak):
            return [RLPageBreak()]
        if isinstance(block, TableOfContents):
            return self.toc(block)
        if isinstance(block, Cover):
            return self.cover(block)
        if isinstance(block, SignatureBlock):
            return [Spacer(1, 10), pdf_tables.signature(block, self.width)]
        if isinstance(block, AnnexList):
            pages: dict[str, Flowable] | None = None
            if self.package_annexes is not None:
                # In the printable package: the page each bound annex starts on.
                pages = {key: _ListPage(key) for key in self.package_annexes}
                self.doc.list_forms.update(pages)
            return [pdf_tables.annex_list(self.dossier, block, self.width, pages),
                    Spacer(1, 6)]
        raise TypeError(f"unknown block {type(block).__name__}")


def export_pdf(
    dossier: Dossier,
    target: Target,
    *,
    progress: Progress | None = None,
    deterministic: bool = False,
    annex_pages: dict[str, int] | None = None,
) -> PdfInfo:
    """Write ``dossier`` as a PDF to ``target`` (a path, written atomically, or a binary
    file) and return its page count and the page of each anchor.

    ``deterministic`` fixes every date and identifier (reportlab's invariant mode), so the
    same dossier gives the same bytes. ``annex_pages`` is used by the final package: the
    number of pages of each annex (by anchor) that will follow the dossier, so that the
    table of contents and the page total include them.
    """
    register_fonts()
    report = progress or (lambda _f, _m: None)
    info = PdfInfo()

    def write(fh: BinaryIO) -> PdfInfo:
        doc = _DossierDoc(fh, dossier, info, annex_pages, deterministic)
        flow = _Flow(dossier, info, doc, annex_pages)
        story: list[Flowable] = []
        chapter_start = 0
        for block in dossier.blocks:
            if isinstance(block, Heading):
                chapter_start = len(story)
            if isinstance(block, SignatureBlock):
                # The attestation is signed where it is read: its heading, its text and
                # the signature lines stay on one page.
                story[chapter_start:] = [KeepTogether(story[chapter_start:]
                                                      + flow.flowables(block))]
                continue
            story += flow.flowables(block)
        story = keep_with_next(story, doc.width)
        count = len(story) or 1
        doc.setProgressCallBack(
            lambda kind, value: report(min(value / count, 1.0), "")
            if kind == "PROGRESS" else None)
        doc.build(story)
        report(1.0, "")
        return info

    return write_atomically(target, write)
