"""WordprocessingML fragments for the DOCX writer: runs, paragraphs and tables.

Everything is built as text and parsed once by the writer. User text is escaped with
:func:`xml.sax.saxutils.escape`; characters XML refuses were removed by the builder.
Header rows carry ``w:tblHeader`` so Word and LibreOffice repeat them on every page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from xml.sax.saxutils import escape

from proposalkit.export.fonts import DOCX_NAMES, SANS, font_runs, needs_fallback
from proposalkit.export.ir import (
    AnnexEntry,
    AnnexList,
    Column,
    Dossier,
    SignatureBlock,
    Table,
)
from proposalkit.export.layout import annex_widths, docx_cell_widths, table_layout

TEXT_WIDTH = 9972  # twips: Letter (12240) less two 2 cm margins
HEADER_FILL = "E3E9F1"
SUBTOTAL_FILL = "F3F5F8"
TOTAL_FILL = "DDE4EE"
INK = "1F3A5F"
#: A timeline's bars (the PDF's BAR).
BAR_FILL = "4A74A8"
_BOOKMARK = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for ``anchor`` (letters, digits, ``_``; at most 40)."""
    return ("pk_" + _BOOKMARK.sub("_", anchor))[:40]


def runs(text: str, bold: bool = False, style: str = "", lang: str = "") -> str:
    """``text`` as ``w:r`` elements: escaped, line breaks as ``w:br``, syllabics in the
    syllabics font; ``lang`` (``fr-CA``) marks text in another language than the
    document's, so that Word checks its spelling in that language."""
    rpr = _run_properties(style, bold, lang)
    if not needs_fallback(text):  # nearly every text: one run in the main font
        if "\n" not in text:
            return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        pieces: Sequence[tuple[str, str]] = ((SANS, text),)
    else:
        pieces = font_runs(text)
    out = []
    for family, piece in pieces:
        piece_rpr = rpr
        if family != SANS:
            name = DOCX_NAMES[family]
            piece_rpr = _run_properties(style, bold, lang, name)
        lines = piece.split("\n")
        body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
        out.append(f"<w:r>{piece_rpr}{body}</w:r>")
    return "".join(out)


@lru_cache(maxsize=256)
def _run_properties(style: str, bold: bool, lang: str, font: str = "") -> str:
    # A run's w:rPr (empty when it has none): a handful of combinations per dossier.
    rpr = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>' if font else ""
    if style:
        rpr += f'<w:rStyle w:val="{style}"/>'
    if bold:
        rpr += "<w:b/>"
    if lang:
        rpr += f'<w:lang w:val="{escape(lang)}"/>'
    return f"<w:rPr>{rpr}</w:rPr>" if rpr else ""


def paragraph(text: str, style: str = "Normal", bold: bool = False, extra_ppr: str = "",
              inner: str = "", lang: str = "") -> str:
    """A ``w:p`` in ``style`` holding ``text`` (or ready-made ``inner`` runs), its runs
    marked in ``lang`` when given."""
    head = _paragraph_head(style, extra_ppr)
    return f"{head}{inner or (runs(text, bold, lang=lang) if text else '')}</w:p>"


@lru_cache(maxsize=1024)
def _paragraph_head(style: str, extra_ppr: str) -> str:
    # A paragraph's opening and properties: a few dozen combinations per dossier.
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra_ppr}</w:pPr>'


_CELL_PARAGRAPH = re.compile(r'(<w:p><w:pPr><w:pStyle w:val="[^"]*"/>)(?!<w:keepNext/>)')


def keep_with_next(part: str) -> str:
    """A body paragraph (``<w:p><w:pPr>...``) that keeps with the next, or a table whose
    every row does (Word and LibreOffice keep a row whose paragraphs keep with the next
    on the page of the next row); others unchanged."""
    if part.startswith("<w:tbl>"):
        return _CELL_PARAGRAPH.sub(r"\1<w:keepNext/>", part)
    if not part.startswith("<w:p><w:pPr>") or "<w:keepNext/>" in part:
        return part
    head = len("<w:p><w:pPr>")
    if part.startswith("<w:pStyle", head):
        head = part.index("/>", head) + 2
    return part[:head] + "<w:keepNext/>" + part[head:]


def spacer(points: float) -> str:
    """An empty paragraph exactly ``points`` high: the PDF's spacer between blocks."""
    return (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="{round(points * 20)}" '
            'w:lineRule="exact"/></w:pPr></w:p>')


#: Cell paddings in twips (the template's PKTable margins: the PDF's 2.5 pt top, 2.25 pt
#: bottom plus the 0.25 pt rule LibreOffice adds to each row's height).
CELL_TOP, CELL_BOTTOM = 50, 45


def _cell(content: str, width: int, fill: str = "", span: int = 1, top_rule: bool = False,
          bottom_rule: bool = False, top: int = CELL_TOP, bottom: int = CELL_BOTTOM,
          no_wrap: bool = False) -> str:
    return (_cell_head(width, fill, span, top_rule, bottom_rule, top, bottom, no_wrap)
            + content + "</w:tc>")


@lru_cache(maxsize=4096)
def _cell_head(width: int, fill: str, span: int, top_rule: bool, bottom_rule: bool,
               top: int, bottom: int, no_wrap: bool) -> str:
    # A cell's opening and properties: the same few per column in a table of any length.
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if top_rule or bottom_rule:
        props += "<w:tcBorders>"
        if top_rule:
            props += f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{INK}"/>'
        if bottom_rule:
            props += f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{INK}"/>'
        props += "</w:tcBorders>"
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    if no_wrap:
        props += "<w:noWrap/>"
    # A rule takes its room from the padding, as in the PDF (which draws rules over it).
    top -= 20 if top_rule else 0
    bottom -= 20 if bottom_rule else 0
    if (top, bottom) != (CELL_TOP, CELL_BOTTOM):
        props += (f'<w:tcMar><w:top w:w="{max(top, 0)}" w:type="dxa"/>'
                  f'<w:bottom w:w="{max(bottom, 0)}" w:type="dxa"/></w:tcMar>')
    return f"<w:tc><w:tcPr>{props}</w:tcPr>"


def _row(cells: str, header: bool = False, height: int = 0, exact: bool = False,
         splits: bool = False) -> str:
    props = "" if splits else "<w:cantSplit/>"
    if height:
        rule = "exact" if exact else "atLeast"
        props += f'<w:trHeight w:val="{height}" w:hRule="{rule}"/>'
    if header:
        props += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def _margins(top: float, bottom: float) -> str:
    # Cell margins in points (the PDF table's paddings), left and right as the style's.
    return (f'<w:tblCellMar><w:top w:w="{round(top * 20)}" w:type="dxa"/>'
            '<w:left w:w="80" w:type="dxa"/>'
            f'<w:bottom w:w="{round(bottom * 20)}" w:type="dxa"/>'
            '<w:right w:w="80" w:type="dxa"/></w:tblCellMar>')


def _table(widths: list[int], rows: list[str], borders: str = "", margins: str = "") -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    props = (f'<w:tblStyle w:val="PKTable"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
             f"{borders}<w:tblLayout w:type=\"fixed\"/>{margins}"
             '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
             'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _widths(fractions: list[float], total: int = TEXT_WIDTH) -> list[int]:
    scale = total / sum(fractions)
    widths = [int(f * scale) for f in fractions]
    widths[-1] += total - sum(widths)
    return widths


def _twips(points: list[float]) -> list[int]:
    # Scaled for LibreOffice's text widths (layout.docx_cell_widths), in twips.
    return [round(p * 20) for p in docx_cell_widths(points)]


#: A paragraph 0.1 pt high that starts a page: what separates the parts of a table cut
#: where the PDF continues a group on the next page (a break on the part's first row
#: makes LibreOffice repeat its header twice there).
_PART_BREAK = ('<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" '
               'w:line="2" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')


#: A centred column's paragraphs: the left styles (the template has no centred ones),
#: centred by a direct property, which Word and LibreOffice both honour.
_CENTER = '<w:jc w:val="center"/>'


def _centered(col: Column) -> str:
    return _CENTER if col.align == "center" else ""


def _header_rows(block: Table, widths: list[int]) -> list[str]:
    # The table's 0.5 pt box: its top takes its room from the first row's cells.
    box = 10
    last_header = len(block.header) - 1
    return [_row("".join(
        _cell(paragraph(text, "PKTableHeadRight" if col.align == "right" else "PKTableHead",
                        extra_ppr=_centered(col)),
              width, HEADER_FILL, bottom_rule=index == last_header,
              top=CELL_TOP - (box if index == 0 else 0))
        for text, col, width in zip(header, block.columns, widths, strict=False)), header=True)
        for index, header in enumerate(block.header)]


def table(dossier: Dossier, block: Table, continued: Sequence[int] = (),
          cells: Sequence[Sequence[str]] | None = None) -> str:
    """An IR table: header rows repeated on every page, amounts right-aligned and
    unbreakable in columns sized to the widest, centred columns centred (a timeline's
    periods), subtotal and total rows shaded and bold.

    ``continued``: the rows (indexes into ``block.rows()``) before which the PDF starts a
    page with the row's group label marked as continued. The table is cut there: the next
    part starts a page with the header and that label, so that Word and LibreOffice show
    the label where the PDF does (neither repeats anything but header rows by itself).

    ``cells``: the text of each cell of ``block.rows()`` as shown, when the caller has
    them already.
    """
    columns = block.columns
    layout = table_layout(dossier, block)
    widths = _twips(layout.widths)
    parts: list[str] = []
    rows = _header_rows(block, widths)
    body = list(block.rows())
    if cells is None:
        cells = [[dossier.cell_text(cell) for cell in row.cells] for row in body]
    # The table's 0.5 pt box: its bottom takes its room from the last row's cells.
    box = 10
    first_total = True
    # A group's rows keep with the next row of the group (Word and LibreOffice then move
    # the group whole), the last row with the caption: as the PDF's unsplit groups.
    keep = {i for a, b in layout.runs for i in range(a, b)}
    # Only a row taller than half a page may split (the PDF splits it inside too).
    tall = layout.tall_rows
    labels = layout.labels
    cuts = {n for n in continued if 0 < n < len(body) and labels[n] is not None}
    if block.caption and body:
        keep.add(len(body) - 1)
    for number, row in enumerate(body):
        if number in cuts:
            parts += [_table(widths, rows), _PART_BREAK]
            rows = _header_rows(block, widths)
            text = dossier.labels.continued.format(label=labels[number])
            rows.append(_row(_cell(paragraph(text, "PKTableText", extra_ppr="<w:keepNext/>"),
                                   sum(widths), span=len(widths))))
        last = number == len(body) - 1 or number + 1 in cuts
        bottom = CELL_BOTTOM - (box if last else 0)
        ppr = "<w:keepNext/>" if number in keep and number + 1 not in cuts else ""
        if row.kind == "group":
            rows.append(_row(_cell(paragraph(cells[number][0], "PKTableTotal",
                                             extra_ppr=ppr),
                                   sum(widths), SUBTOTAL_FILL, span=len(widths),
                                   bottom=bottom)))
            continue
        strong = row.kind in ("subtotal", "total")
        fill = TOTAL_FILL if row.kind == "total" else SUBTOTAL_FILL if strong else ""
        rule = row.kind == "total" and first_total
        if row.kind == "total":
            first_total = False
        out = []
        for column, (text, col, width) in enumerate(zip(cells[number], columns, widths,
                                                        strict=False)):
            right = col.align == "right"
            style = ("PKTableTotalAmount" if right else "PKTableTotal") if strong else (
                "PKTableAmount" if right else "PKTableText")
            # Amounts never break (their column is as wide as the widest).
            out.append(_cell(paragraph(text, style, extra_ppr=ppr + _centered(col)),
                             width, BAR_FILL if (number, column) in block.shaded else fill,
                             top_rule=rule, bottom=bottom, no_wrap=col.money))
        rows.append(_row("".join(out), splits=number in tall))
    return "".join(parts) + _table(widths, rows)


_NO_BORDERS = ('<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
               '<w:bottom w:val="single" w:sz="2" w:space="0" w:color="B8C2CF"/>'
               '<w:right w:val="nil"/>'
               '<w:insideH w:val="single" w:sz="2" w:space="0" w:color="B8C2CF"/>'
               '<w:insideV w:val="nil"/></w:tblBorders>')


def key_values(rows: tuple[tuple[str, str], ...], large: bool = False) -> str:
    """Label / value rows, a thin rule between them."""
    widths = _widths([0.36, 0.64], int(TEXT_WIDTH * (0.8 if large else 1)))
    key, value_style = ("PKCoverKey", "PKCoverValue") if large else ("PKKey", "PKValue")
    out = [_row(_cell(paragraph(label, key), widths[0])
                + _cell(paragraph(value, value_style), widths[1])) for label, value in rows]
    pad = 4 if large else 3
    table_xml = _table(widths, out, _NO_BORDERS, _margins(pad, pad - 0.25))
    if large:  # centred on the cover
        table_xml = table_xml.replace("<w:tblLayout", '<w:jc w:val="center"/><w:tblLayout', 1)
    return table_xml


def signature(block: SignatureBlock) -> str:
    """Who signs, then tall rows with a line to write the date and sign on: a two-column
    table whose cells all sit on their row's baseline, so each label is level with its
    value or with its line, and only the blank cells carry a rule."""
    widths = [int(TEXT_WIDTH * 0.25), int(TEXT_WIDTH * 0.55)]
    bottom = '<w:vAlign w:val="bottom"/>'

    def cell(content: str, width: int, rule: bool = False) -> str:
        borders = ('<w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" '
                   'w:color="000000"/></w:tcBorders>') if rule else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{borders}{bottom}'
                f"</w:tcPr>{content}</w:tc>")

    keep = "<w:keepNext/>"
    out = [_row(cell(paragraph(label, "PKSignatureKey", extra_ppr=keep), widths[0])
                + cell(paragraph(value, "PKSignatureValue", extra_ppr=keep), widths[1]))
           for label, value in block.rows]
    for number, label in enumerate(block.blank_lines, 1):
        # 34 pt, the PDF's row: room to write by hand above the line. Every row but the
        # last keeps with the next: the block stays whole.
        ppr = keep if number < len(block.blank_lines) else ""
        out.append(_row(cell(paragraph(label, "PKSignatureKey", extra_ppr=ppr), widths[0])
                        + cell(paragraph("", "PKSignatureValue", extra_ppr=ppr), widths[1],
                               rule=True),
                        height=680, exact=True))
    nil = ('<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
           '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/>'
           "</w:tblBorders>")
    return _table(widths, out, nil, _margins(4, 3))


def annex_list(dossier: Dossier, block: AnnexList) -> str:
    """The list of annexes and what the printable package does with each."""
    widths = _twips(annex_widths(dossier, block.header))
    rows = [_row("".join(_cell(paragraph(text, "PKTableHead"), w, HEADER_FILL, bottom_rule=True)
                         for text, w in zip(block.header, widths, strict=False)), header=True)]
    for entry in dossier.annexes:
        rows.append(_row("".join(_cell(paragraph(v, "PKTableText"), w)
                                 for v, w in zip(annex_row(dossier, entry), widths,
                                                 strict=False))))
    return _table(widths, rows)


def annex_row(dossier: Dossier, entry: AnnexEntry) -> tuple[str, str, str, str]:
    """An annex's row in the list of annexes: number, title, kind, what becomes of it."""
    return (str(entry.number), entry.title, entry.kind, dossier.labels.status_of(entry))
