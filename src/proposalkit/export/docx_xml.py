"""WordprocessingML fragments for the DOCX writer: runs, paragraphs and tables.

Everything is built as text and parsed once by the writer. User text is escaped with
:func:`xml.sax.saxutils.escape`; characters XML refuses were removed by the builder.
Header rows carry ``w:tblHeader`` so Word and LibreOffice repeat them on every page.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from proposalkit.export.fonts import DOCX_NAMES, SANS, font_runs, needs_fallback
from proposalkit.export.ir import AnnexList, Dossier, SignatureBlock, Table

TEXT_WIDTH = 9972  # twips: Letter (12240) less two 2 cm margins
HEADER_FILL = "E3E9F1"
SUBTOTAL_FILL = "F3F5F8"
TOTAL_FILL = "DDE4EE"
INK = "1F3A5F"
_BOOKMARK = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for ``anchor`` (letters, digits, ``_``; at most 40)."""
    return ("pk_" + _BOOKMARK.sub("_", anchor))[:40]


def runs(text: str, bold: bool = False, style: str = "") -> str:
    """``text`` as ``w:r`` elements: escaped, line breaks as ``w:br``, syllabics in the
    syllabics font."""
    rpr_parts = []
    if style:
        rpr_parts.append(f'<w:rStyle w:val="{style}"/>')
    if bold:
        rpr_parts.append("<w:b/>")
    pieces = font_runs(text) if needs_fallback(text) else [(SANS, text)]
    out = []
    for family, piece in pieces:
        rpr = "".join(rpr_parts)
        if family != SANS:
            name = DOCX_NAMES[family]
            rpr = (f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:cs="{name}"/>' + rpr)
        rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        lines = piece.split("\n")
        body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
        out.append(f"<w:r>{rpr_xml}{body}</w:r>")
    return "".join(out)


def paragraph(text: str, style: str = "Normal", bold: bool = False, extra_ppr: str = "",
              inner: str = "") -> str:
    """A ``w:p`` in ``style`` holding ``text`` (or ready-made ``inner`` runs)."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/>{extra_ppr}</w:pPr>'
    return f"<w:p>{ppr}{inner or (runs(text, bold) if text else '')}</w:p>"


def _cell(content: str, width: int, fill: str = "", span: int = 1, top_rule: bool = False,
          bottom_rule: bool = False) -> str:
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
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def _row(cells: str, header: bool = False, height: int = 0) -> str:
    props = "<w:cantSplit/>"
    if height:
        props += f'<w:trHeight w:val="{height}" w:hRule="atLeast"/>'
    if header:
        props += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"


def _table(widths: list[int], rows: list[str], borders: str = "") -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    props = (f'<w:tblStyle w:val="PKTable"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
             f"{borders}<w:tblLayout w:type=\"fixed\"/>"
             '<w:tblLook w:val="0420" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
             'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>')
    return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _widths(fractions: list[float], total: int = TEXT_WIDTH) -> list[int]:
    scale = total / sum(fractions)
    widths = [int(f * scale) for f in fractions]
    widths[-1] += total - sum(widths)
    return widths


def table(dossier: Dossier, block: Table) -> str:
    """An IR table: header rows repeated on every page, amounts right-aligned, subtotal
    and total rows shaded and bold."""
    columns = block.columns
    widths = _widths([c.width for c in columns])
    rows: list[str] = []
    last_header = len(block.header) - 1
    for index, header in enumerate(block.header):
        header_cells = "".join(
            _cell(paragraph(text, "PKTableHeadRight" if col.align == "right" else "PKTableHead"),
                  width, HEADER_FILL, bottom_rule=index == last_header)
            for text, col, width in zip(header, columns, widths, strict=False))
        rows.append(_row(header_cells, header=True))
    first_total = True
    for row in block.rows():
        if row.kind == "group":
            rows.append(_row(_cell(paragraph(dossier.cell_text(row.cells[0]), "PKTableTotal"),
                                   sum(widths), SUBTOTAL_FILL, span=len(widths))))
            continue
        strong = row.kind in ("subtotal", "total")
        fill = TOTAL_FILL if row.kind == "total" else SUBTOTAL_FILL if strong else ""
        rule = row.kind == "total" and first_total
        if row.kind == "total":
            first_total = False
        cells = []
        for cell, col, width in zip(row.cells, columns, widths, strict=False):
            right = col.align == "right"
            style = ("PKTableTotalAmount" if right else "PKTableTotal") if strong else (
                "PKTableAmount" if right else "PKTableText")
            cells.append(_cell(paragraph(dossier.cell_text(cell), style), width, fill,
                               top_rule=rule))
        rows.append(_row("".join(cells)))
    return _table(widths, rows)


_NO_BORDERS = ('<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/>'
               '<w:bottom w:val="single" w:sz="2" w:space="0" w:color="B8C2CF"/>'
               '<w:right w:val="nil"/>'
               '<w:insideH w:val="single" w:sz="2" w:space="0" w:color="B8C2CF"/>'
               '<w:insideV w:val="nil"/></w:tblBorders>')


def key_values(rows: tuple[tuple[str, str], ...], large: bool = False) -> str:
    """Label / value rows, a thin rule between them."""
    widths = _widths([0.36, 0.64], int(TEXT_WIDTH * (0.8 if large else 1)))
    out = [_row(_cell(paragraph(label, "PKKey"), widths[0])
                + _cell(paragraph(value, "PKValue"), widths[1])) for label, value in rows]
    table_xml = _table(widths, out, _NO_BORDERS)
    if large:  # centred on the cover
        table_xml = table_xml.replace("<w:tblLayout", '<w:jc w:val="center"/><w:tblLayout', 1)
    return table_xml


def signature(block: SignatureBlock) -> str:
    """Who signs, then tall rows with a line to write the date and sign on."""
    widths = _widths([0.25, 0.55], int(TEXT_WIDTH * 0.8))
    out = [_row(_cell(paragraph(label, "PKKey"), widths[0])
                + _cell(paragraph(value, "PKValue"), widths[1])) for label, value in block.rows]
    line = ('<w:tcBorders><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
            "</w:tcBorders>")
    for label in block.blank_lines:
        blank = f'<w:tc><w:tcPr><w:tcW w:w="{widths[1]}" w:type="dxa"/>{line}' \
                '<w:vAlign w:val="bottom"/></w:tcPr><w:p/></w:tc>'
        out.append(_row(_cell(paragraph(label, "PKKey"), widths[0]) + blank, height=700))
    nil = ('<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
           '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/>'
           "</w:tblBorders>")
    return _table(widths, out, nil)


def annex_list(dossier: Dossier, block: AnnexList) -> str:
    """The list of annexes and what the printable package does with each."""
    widths = _widths([0.05, 0.33, 0.2, 0.24, 0.18])
    rows = [_row("".join(_cell(paragraph(text, "PKTableHead"), w, HEADER_FILL, bottom_rule=True)
                         for text, w in zip(block.header, widths, strict=False)), header=True)]
    status = dossier.labels.annex_status
    for entry in dossier.annexes:
        values = (str(entry.number), entry.title, entry.kind, entry.filename or "—",
                  status.get(entry.status, entry.status))
        rows.append(_row("".join(_cell(paragraph(v, "PKTableText"), w)
                                 for v, w in zip(values, widths, strict=False))))
    return _table(widths, rows)
