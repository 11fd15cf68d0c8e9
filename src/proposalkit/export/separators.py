"""The sheet before each annex of the printable package: what follows, in the dossier's
style.

A reader of the printed package (an analyst at the ministry, a board member) leafs
through annexes of every shape; each one opens on a sheet of the dossier's paper that
names it in large type (« Annexe 3 »), then gives its title, its kind, the partner it
comes from and how many pages follow, where the list of annexes sends the reader. A
document the package cannot bind (a spreadsheet, an unreadable or missing file) keeps its
place with its sheet alone, which says what became of it (« Non inclus : à soumettre
séparément (budget.xlsx) »), so the paper copy can be slipped in where it belongs. The
sheet has the dossier's running heads, page number and draft mark: it is a page of the
dossier, not of the annex. Its page numbers are known before it is drawn (the package
counts every page first), so it is drawn once, without forms.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Frame, Spacer
from reportlab.platypus import Paragraph as RLParagraph

from proposalkit.export import pdf_tables
from proposalkit.export.fonts import SANS, markup, register_fonts
from proposalkit.export.ir import AnnexEntry, Dossier
from proposalkit.export.pdf_writer import (
    GREY,
    INK,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    draw_furniture,
)
from proposalkit.i18n import N_, translator


@dataclass(frozen=True)
class Separator:
    """One sheet: the annex it opens, its own page number in the package and how many
    pages of the annex follow it (none for an annex the package cannot bind: its sheet
    keeps its place and says what became of it)."""

    entry: AnnexEntry
    page: int
    pages: int


_STYLES = {
    "number": ParagraphStyle("separator-number", fontName=SANS + "-Bold", fontSize=30,
                             leading=36, textColor=INK, alignment=TA_CENTER, spaceAfter=14),
    "title": ParagraphStyle("separator-title", fontName=SANS + "-Bold", fontSize=18,
                            leading=23, alignment=TA_CENTER, spaceAfter=26),
    "note": ParagraphStyle("separator-note", fontName=SANS + "-Italic", fontSize=9,
                           leading=12, textColor=GREY, alignment=TA_CENTER, spaceBefore=22),
}

_FROM = N_("From")
_PAGES = N_("Pages")
_FOLLOWS = N_("The document follows this sheet.")
_NOT_BOUND = N_("This document is not bound here: none of its pages follow this sheet.")
_IN_PACKAGE = N_("In the printable package")
_ONE = N_("page {first} of the printable package")
_SEVERAL = N_("pages {first} to {last} of the printable package")


def _rows(dossier: Dossier, separator: Separator) -> tuple[tuple[str, str], ...]:
    tr = translator(dossier.lang)
    entry = separator.entry
    first, count = separator.page + 1, separator.pages
    rows = []
    if entry.kind and entry.kind != "—":
        rows.append((tr.gettext("Kind"), entry.kind))
    if entry.partner:
        rows.append((tr.gettext(_FROM), entry.partner))
    if not count:
        rows.append((tr.gettext(_IN_PACKAGE), dossier.labels.status_of(entry)))
        return tuple(rows)
    where = (tr.gettext(_ONE).format(first=first) if count == 1 else
             tr.gettext(_SEVERAL).format(first=first, last=first + count - 1))
    span = f"{tr.ngettext('{n} page', '{n} pages', count).format(n=count)} — {where}"
    rows.append((tr.gettext(_PAGES), span))
    return tuple(rows)


def separator_sheets(dossier: Dossier, separators: list[Separator], total: int, *,
                     deterministic: bool = False) -> bytes:
    """A PDF of one sheet per item of ``separators``, in that order, each numbered as
    page ``separator.page`` of ``total``."""
    register_fonts()
    buffer = io.BytesIO()
    pdf = rl_canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
                           invariant=1 if deterministic else 0,
                           initialFontName=SANS)  # type: ignore[arg-type]  # the stubs say float
    width = PAGE_WIDTH - 2 * MARGIN
    tr = translator(dossier.lang)
    for separator in separators:
        entry = separator.entry
        draw_furniture(pdf, dossier, separator.page, total)
        story = [
            Spacer(1, 5 * cm),
            RLParagraph(markup(dossier.labels.annex.format(n=entry.number)), _STYLES["number"]),
            RLParagraph(markup(entry.title), _STYLES["title"]),
            pdf_tables.key_values(_rows(dossier, separator), width * 0.8, large=True),
            RLParagraph(markup(tr.gettext(_FOLLOWS if separator.pages else _NOT_BOUND)),
                        _STYLES["note"]),
        ]
        frame = Frame(MARGIN, MARGIN, width, PAGE_HEIGHT - 2 * MARGIN - 0.4 * cm,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        frame.addFromList(story, pdf)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
