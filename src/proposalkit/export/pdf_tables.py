"""Tables of the PDF writer: IR tables, label/value blocks, signature and annex list.

Text cells are paragraphs (they wrap, and their user text is escaped by
:func:`~proposalkit.export.pdf_writer.markup`); amount cells are plain strings, drawn
right-aligned, which keeps a budget of thousands of lines fast. Header rows repeat at the
top of every page a table runs onto.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from proposalkit.export.fonts import SANS, markup, needs_fallback
from proposalkit.export.ir import AnnexList, Dossier, SignatureBlock, Table

HEADER_BG = colors.HexColor("#e3e9f1")
SUBTOTAL_BG = colors.HexColor("#f3f5f8")
TOTAL_BG = colors.HexColor("#dde4ee")
RULE = colors.HexColor("#b8c2cf")
INK = colors.HexColor("#1f3a5f")
_ALIGN: dict[str, Literal[0, 1, 2]] = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
CELL_SIZE = 8


@cache
def _cell_style(align: str, bold: bool, size: float = CELL_SIZE) -> ParagraphStyle:
    return ParagraphStyle(f"cell-{align}-{bold}-{size}",
                          fontName=SANS + ("-Bold" if bold else ""), fontSize=size,
                          leading=size * 1.25, alignment=_ALIGN[align])


def _paragraph(text: str, align: str, bold: bool, size: float = CELL_SIZE) -> RLParagraph:
    return RLParagraph(markup(text), _cell_style(align, bold, size))


def table(dossier: Dossier, block: Table, width: float) -> RLTable:
    """A reportlab table for an IR table, its header rows repeated on every page."""
    columns = block.columns
    scale = width / sum(c.width for c in columns)
    widths = [c.width * scale for c in columns]
    data: list[list[object]] = []
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), SANS, CELL_SIZE, CELL_SIZE * 1.25),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for index, column in enumerate(columns):
        if column.align != "left":
            commands.append(("ALIGN", (index, 0), (index, -1), column.align.upper()))
    for row in block.header:
        data.append([_paragraph(text, columns[i].align, True) if text else ""
                     for i, text in enumerate(row)])
    header_rows = len(block.header)
    if header_rows:
        commands += [("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_BG),
                     ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, INK)]
    first_total = header_rows + len(block.body)
    for number, row in enumerate(block.rows(), start=header_rows):
        bold = row.kind in ("subtotal", "total", "group")
        if row.kind == "group":
            data.append([_paragraph(dossier.cell_text(row.cells[0]), "left", True)]
                        + [""] * (len(columns) - 1))
            commands += [("SPAN", (0, number), (-1, number)),
                         ("BACKGROUND", (0, number), (-1, number), SUBTOTAL_BG)]
            continue
        cells: list[object] = []
        for column, cell in zip(columns, row.cells, strict=False):
            text = dossier.cell_text(cell)
            if column.money or (column.align == "right" and not needs_fallback(text)):
                cells.append(text)  # figures never wrap, and copy out as typed
            else:
                cells.append(_paragraph(text, column.align, bold) if text else "")
        data.append(cells)
        if row.kind == "subtotal":
            commands += [("BACKGROUND", (0, number), (-1, number), SUBTOTAL_BG),
                         ("FONT", (0, number), (-1, number), SANS + "-Bold", CELL_SIZE)]
        elif row.kind == "total":
            commands += [("BACKGROUND", (0, number), (-1, number), TOTAL_BG),
                         ("FONT", (0, number), (-1, number), SANS + "-Bold", CELL_SIZE)]
    if block.totals:
        commands.append(("LINEABOVE", (0, first_total), (-1, first_total), 0.8, INK))
    result = RLTable(data, colWidths=widths, repeatRows=header_rows, hAlign="LEFT",
                     splitInRow=1)
    result.setStyle(TableStyle(commands))
    return result


def key_values(rows: tuple[tuple[str, str], ...], width: float, large: bool = False) -> RLTable:
    """Label / value rows without a grid, a thin rule between them."""
    size = 10.5 if large else 9
    data = [[_paragraph(label, "left", True, size), _paragraph(value, "left", False, size)]
            for label, value in rows]
    result = RLTable(data, colWidths=[width * 0.36, width * 0.64], splitInRow=1,
                     hAlign="CENTER" if large else "LEFT")
    result.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, size),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4 if large else 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4 if large else 3),
        ("TEXTCOLOR", (0, 0), (0, -1), INK),
    ]))
    return result


def signature(block: SignatureBlock, width: float) -> RLTable:
    """Who signs, then lines left blank for the date and the signature."""
    data: list[list[object]] = [[_paragraph(label, "left", True, 10),
                                 _paragraph(value, "left", False, 10)]
                                for label, value in block.rows]
    first_blank = len(data)
    data += [[_paragraph(label, "left", True, 10), ""] for label in block.blank_lines]
    heights = [None] * first_blank + [34] * len(block.blank_lines)
    result = RLTable(data, colWidths=[width * 0.25, width * 0.55], rowHeights=heights,
                     hAlign="LEFT")
    result.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, 10),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, first_blank), (1, -1), 0.8, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return result


def annex_list(dossier: Dossier, block: AnnexList, width: float) -> RLTable:
    """The list of annexes with what the printable package does with each."""
    labels = dossier.labels
    data: list[list[object]] = [[_paragraph(text, "left", True) for text in block.header]]
    for entry in dossier.annexes:
        data.append([str(entry.number), _paragraph(entry.title, "left", False),
                     _paragraph(entry.kind, "left", False),
                     _paragraph(entry.filename or "—", "left", False),
                     _paragraph(labels.annex_status.get(entry.status, entry.status), "left",
                                False)])
    fractions = (0.05, 0.33, 0.2, 0.24, 0.18)
    result = RLTable(data, colWidths=[width * f for f in fractions], repeatRows=1, splitInRow=1,
                     hAlign="LEFT")
    result.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, CELL_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
    ]))
    return result
