"""Tables of the PDF writer: IR tables, label/value blocks, signature and annex list.

Text cells are paragraphs (they wrap, and their user text is escaped by
:func:`~proposalkit.export.pdf_writer.markup`); amount cells are plain strings, drawn
right-aligned, which keeps a budget of thousands of lines fast. Header rows repeat at the
top of every page a table runs onto.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import CellStyle

from proposalkit.export.fonts import SANS, needs_fallback, text_width
from proposalkit.export.ir import AnnexList, Column, Dossier, SignatureBlock, Table
from proposalkit.export.layout import (
    CELL_PADDING,
    annex_widths,
    table_layout,
    tall_text,
)
from proposalkit.export.pdf_paragraphs import LinesOnce, paragraph

HEADER_BG = colors.HexColor("#e3e9f1")
SUBTOTAL_BG = colors.HexColor("#f3f5f8")
TOTAL_BG = colors.HexColor("#dde4ee")
RULE = colors.HexColor("#b8c2cf")
INK = colors.HexColor("#1f3a5f")
#: A timeline's bars (the DOCX's BAR_FILL).
BAR = colors.HexColor("#4a74a8")
_ALIGN: dict[str, Literal[0, 1, 2]] = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
CELL_SIZE = 8
#: A height no page reaches: measure every row.
_BIG = 1e6


@cache
def _cell_style(align: str, bold: bool, size: float = CELL_SIZE) -> ParagraphStyle:
    return ParagraphStyle(f"cell-{align}-{bold}-{size}",
                          fontName=SANS + ("-Bold" if bold else ""), fontSize=size,
                          leading=size * 1.25, alignment=_ALIGN[align])


class _CellParagraph(LinesOnce):
    """A cell's paragraph, broken into lines once per width: reportlab measures a table
    again for each keep decision, each page part and the drawing, always in the same
    column widths, and breaking the lines is most of that work. The remembered lines are
    used only while reportlab still holds them: ``split`` deletes ``blPara`` when the
    paragraph cannot start on a page (orphan, no room), and drawing needs it."""

    _pk_wrapped: tuple[float, float, float] | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        done = self._pk_wrapped
        if done is not None and done[0] == availWidth and "blPara" in self.__dict__:
            return done[1], done[2]
        width, height = super().wrap(availWidth, availHeight)
        self._pk_wrapped = (availWidth, width, height)
        return width, height


def _paragraph(text: str, align: str, bold: bool, size: float = CELL_SIZE) -> RLParagraph:
    return paragraph(text, _cell_style(align, bold, size), _CellParagraph)


@dataclass(frozen=True)
class _Row:
    """A row of a table being split across pages: what the commands are derived from."""

    cells: list[object]
    #: ``header``, ``body``, ``group``, ``subtotal``, ``total``, ``caption`` or
    #: ``continued`` (a group's label repeated at the top of a page).
    kind: str
    #: The index of the row in ``block.rows()`` (-1 for the header, caption, continued).
    origin: int = -1
    #: The run of rows kept on one page it belongs to (-1: none).
    keep: int = -1
    #: The label of the group it continues, when it is not the group's first row.
    label: str | None = None


@dataclass
class _Spec:
    """What every part of a table shares: its columns, widths and styles."""

    columns: tuple[Column, ...]
    widths: list[float]
    caption: ParagraphStyle | None
    split_in_row: int
    continued: str
    #: Where the drawn parts record the rows that a continued label precedes.
    record: list[int] | None = None
    header_rows: int = 0
    lead_rows: int = 1
    #: The cells filled with the bar colour (:attr:`Table.shaded`).
    shaded: frozenset[tuple[int, int]] = frozenset()
    #: The cell styles of a row of each class (:func:`_row_styles`), made once.
    row_styles: dict[str, list[CellStyle]] | None = None


class _LedTable(RLTable):
    """A table that knows how many of its first rows a heading before it keeps with
    (read by :mod:`proposalkit.export.pdf_keep`), and whose rows' groups, when one must
    split across pages, go on under their label marked as continued."""

    pk_lead_rows: int = 1
    pk_rows: list[_Row] | None = None
    pk_spec: _Spec | None = None
    _pk_measured: tuple[float, float] | None = None

    def _calc(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        # reportlab measures a table on wrap and again on split, in the same room, and
        # nothing of the table changes in between.
        if self._pk_measured != (availWidth, availHeight):
            super()._calc(availWidth, availHeight)  # type: ignore[misc]  # reportlab's
            self._pk_measured = (availWidth, availHeight)

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        rows, spec = self.pk_rows, self.pk_spec
        if rows is None or spec is None:
            return super().split(availWidth, availHeight)
        self._calc(availWidth, availHeight)
        heights: list[float | None] = list(self._rowHeights)  # type: ignore[attr-defined]
        return _split(rows, heights, spec, availWidth, availHeight, self)

    def pk_lead_height(self, width: float) -> float:
        """The height of the first :attr:`pk_lead_rows` rows (what a heading before the
        table keeps with), measured on those rows alone: the rows' heights do not depend
        on each other, and a table of thousands of rows need not be measured whole."""
        rows, spec, count = self.pk_rows, self.pk_spec, self.pk_lead_rows
        lead = self if rows is None or spec is None or count >= len(rows) else _part(
            rows[:count], spec)
        lead.wrap(width, _BIG)
        return float(sum(lead._rowHeights[:count]))  # type: ignore[attr-defined]  # reportlab's

    def draw(self) -> None:
        spec, rows = self.pk_spec, self.pk_rows
        if spec is not None and spec.record is not None and rows:
            for index, row in enumerate(rows[:-1]):
                if row.kind == "continued":
                    spec.record.append(rows[index + 1].origin)
        super().draw()


class _TableRest(Flowable):
    """The rows of a table left for the next pages, not yet made into a table.

    Each page part is built from its own rows only, with the heights measured when the
    whole table was first laid out: splitting a table of thousands of rows over a
    hundred pages stays linear (a reportlab split builds and measures all the rest
    again, page after page).
    """

    def __init__(self, rows: list[_Row], heights: list[float | None], spec: _Spec) -> None:
        super().__init__()
        self.rows, self.heights, self.spec = rows, heights, spec
        self.hAlign = "LEFT"
        caption = spec.caption
        self.spaceAfter = caption.spaceAfter if caption and rows[-1].kind == "caption" else 0
        self._table: _LedTable | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        least = sum(h for h in self.heights if h is not None)
        self.width = sum(self.spec.widths)
        if least > availHeight:  # cannot fit whatever the rows not yet measured
            self._table, self.height = None, least
            return self.width, least
        # At most about a page of rows: the table itself.
        self._table = _part(self.rows, self.spec, self.heights)
        self.width, self.height = self._table.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        return _split(self.rows, self.heights, self.spec, availWidth, availHeight)

    def draw(self) -> None:
        if self._table is None:
            self._table = _part(self.rows, self.spec, self.heights)
            self._table.wrap(self.width, 1e9)
        self._table._drawOn(self.canv)  # type: ignore[attr-defined]  # in place, as itself


def _split(rows: list[_Row], heights: list[float | None], spec: _Spec, width: float,
           height: float, whole: _LedTable | None = None) -> list[Flowable]:
    # reportlab chooses where to split from the heights of the rows up to the first that
    # does not fit, and the keep runs (NOSPLIT) they are in: a table of those rows and
    # one more splits exactly where the whole one would.
    end, used = 0, 0.0
    while end < len(rows) and used <= height:
        used += heights[end] or 0.0
        end += 1
    end = min(end + 1, len(rows))
    while True:
        probe = (whole if whole is not None and end == len(rows)
                 else _part(rows[:end], spec, heights[:end]))
        parts = RLTable.split(probe, width, height)
        if len(parts) == 1 and end < len(rows):
            end = min(2 * end, len(rows))  # rows not measured before were shorter
            continue
        break
    if len(parts) != 2:
        return parts  # nothing fits, or all of it (then the probe holds every row)
    first, rest = parts
    count = len(first._cellvalues)  # type: ignore[attr-defined]  # reportlab's
    if count + len(rest._cellvalues) - spec.header_rows != end:  # type: ignore[attr-defined]
        # A tall row split inside: reportlab's halves of the whole table, as they are.
        whole = whole if whole is not None else _part(rows, spec, heights)
        return RLTable.split(whole, width, height)
    measured: list[float | None] = list(probe._rowHeights)  # type: ignore[attr-defined]
    tail = rows[count:]
    tail_heights = measured[count:end] + heights[end:]
    if tail[0].label is not None:
        label = _paragraph(spec.continued.format(label=tail[0].label), "left", False)
        tail.insert(0, _Row([label] + [""] * (len(spec.columns) - 1), "continued",
                            keep=tail[0].keep))
        tail_heights.insert(0, None)
    header = spec.header_rows
    return [_part(rows[:count], spec, measured[:count]),
            _TableRest(rows[:header] + tail, measured[:header] + tail_heights, spec)]


#: The class of cell styles (:func:`_row_styles`) of a row, by its kind; "body" if none.
_STYLE_CLASS = {"subtotal": "total", "total": "total", "caption": "caption"}


def _cell_commands(rows: list[_Row], spec: _Spec) -> list[tuple]:
    # The commands that set the cells' own styles (font, alignment, padding): they
    # depend on a row's kind only.
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), SANS, CELL_SIZE, CELL_SIZE * 1.25),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    for index, column in enumerate(spec.columns):
        if column.align != "left":
            commands.append(("ALIGN", (index, 0), (index, -1), column.align.upper()))
    for number, row in enumerate(rows):
        if row.kind in ("subtotal", "total"):
            commands.append(("FONT", (0, number), (-1, number), SANS + "-Bold", CELL_SIZE))
        elif row.kind == "caption" and spec.caption is not None:
            commands += [("LEFTPADDING", (0, number), (-1, number), 0),
                         ("TOPPADDING", (0, number), (-1, number), spec.caption.spaceBefore),
                         ("BOTTOMPADDING", (0, number), (-1, number), 0)]
    return commands


def _row_styles(spec: _Spec) -> dict[str, list[CellStyle]]:
    """The cell styles of a row of each class, shared by every row of that class in
    every part of the table: reportlab otherwise makes a style for each cell of each
    part and applies every command to it, cell by cell. Sharing is safe because
    nothing changes a cell's style after the table is made (reportlab adjusts the
    styles of a row split inside only when its cells are centred vertically; ours are
    at the top)."""
    if spec.row_styles is None:
        kinds = ("body", "total", "caption")
        rows = [_Row([""] * len(spec.columns), kind) for kind in kinds]
        model = RLTable([row.cells for row in rows], colWidths=spec.widths)
        model.setStyle(TableStyle(_cell_commands(rows, spec)))
        spec.row_styles = dict(zip(kinds, model._cellStyles, strict=True))  # type: ignore[attr-defined]  # reportlab's
    return spec.row_styles


def _commands(rows: list[_Row], spec: _Spec) -> list[tuple]:
    # The rules, fills, spans and kept runs of a table (or a part of one) from its rows'
    # kinds: a part gets the same look as the whole.
    columns = spec.columns
    last = max(i for i, row in enumerate(rows) if row.kind != "caption")
    commands: list[tuple] = [
        ("LINEBELOW", (0, 0), (-1, last), 0.25, RULE),
        ("BOX", (0, 0), (-1, last), 0.5, RULE),
    ]
    if spec.header_rows:
        head = spec.header_rows - 1
        commands += [("BACKGROUND", (0, 0), (-1, head), HEADER_BG),
                     ("LINEBELOW", (0, head), (-1, head), 0.8, INK)]
    for number, row in enumerate(rows):
        if row.kind == "group":
            commands += [("SPAN", (0, number), (-1, number)),
                         ("BACKGROUND", (0, number), (-1, number), SUBTOTAL_BG)]
        elif row.kind == "continued":  # one line across the table, as in the DOCX
            commands.append(("SPAN", (0, number), (-1, number)))
        elif row.kind in ("subtotal", "total"):
            commands.append(("BACKGROUND", (0, number), (-1, number),
                             TOTAL_BG if row.kind == "total" else SUBTOTAL_BG))
            if row.kind == "total" and rows[number - 1].kind != "total":
                commands.append(("LINEABOVE", (0, number), (-1, number), 0.8, INK))
        elif row.kind == "body" and spec.shaded:
            commands += [("BACKGROUND", (column, number), (column, number), BAR)
                         for column in range(len(columns))
                         if (row.origin, column) in spec.shaded]
        elif row.kind == "caption" and spec.caption is not None:
            commands.append(("SPAN", (0, number), (-1, number)))
    start = 0
    for number in range(1, len(rows) + 1):
        if number == len(rows) or rows[number].keep != rows[start].keep:
            if rows[start].keep >= 0 and number - 1 > start:
                commands.append(("NOSPLIT", (0, start), (-1, number - 1)))
            start = number
    return commands


def _part(rows: list[_Row], spec: _Spec, heights: list[float | None] | None = None
          ) -> _LedTable:
    # ``heights``: the rows' heights when they were measured already (None: not yet),
    # which reportlab then does not measure again. Not for a table with a row to split
    # inside: reportlab splits only the cells it measured (their flowables as a list).
    caption = spec.caption
    if spec.split_in_row:
        heights = None
    styles = _row_styles(spec)
    result = _LedTable([row.cells for row in rows], colWidths=spec.widths,
                       rowHeights=heights, repeatRows=spec.header_rows, hAlign="LEFT",
                       splitInRow=spec.split_in_row,
                       spaceAfter=caption.spaceAfter if caption and rows[-1].kind == "caption"
                       else 0,
                       cellStyles=[styles[_STYLE_CLASS.get(row.kind, "body")] for row in rows])
    result.pk_rows, result.pk_spec, result.pk_lead_rows = rows, spec, spec.lead_rows
    result.setStyle(TableStyle(_commands(rows, spec)))
    return result


def table(dossier: Dossier, block: Table, width: float,
          caption: ParagraphStyle | None = None, record: list[int] | None = None) -> RLTable:
    """A reportlab table for an IR table, its header rows repeated on every page.

    A group of rows (a labelled row and the rows under it) is not split across pages, nor
    are the totals from the last row above them; a group too tall for that splits, and
    the next page starts (under the header) with the group's label marked as continued:
    the index in ``block.rows()`` of each row such a label precedes goes to ``record``
    as the parts are drawn. The caption (in ``caption``'s style) is the table's last row,
    without grid, so that it stays with the rows it describes.
    """
    columns = block.columns
    layout = table_layout(dossier, block, width)
    widths, runs, labels = layout.widths, layout.runs, layout.labels
    header_rows = len(block.header)
    keep = {i: number for number, (a, b) in enumerate(runs) for i in range(a, b + 1)}
    rows = [_Row([_paragraph(text, columns[i].align, True) if text else ""
                  for i, text in enumerate(header)], "header") for header in block.header]
    for number, row in enumerate(block.rows()):
        bold = row.kind in ("subtotal", "total", "group")
        if row.kind == "group":
            cells: list[object] = ([_paragraph(dossier.cell_text(row.cells[0]), "left", True)]
                                   + [""] * (len(columns) - 1))
        else:
            cells = []
            for column, cell in zip(columns, row.cells, strict=False):
                text = dossier.cell_text(cell)
                if column.money or (column.align == "right" and not needs_fallback(text)):
                    cells.append(text)  # figures never wrap, and copy out as typed
                else:
                    cells.append(_paragraph(text, column.align, bold) if text else "")
        rows.append(_Row(cells, row.kind, number, keep.get(number, -1), labels[number]))
    if block.caption and caption is not None:
        # The caption stays with the last rows (their run, or the last row alone).
        last = keep.get(len(rows) - header_rows - 1, len(runs))
        if rows[-1].keep < 0:
            rows[-1] = replace(rows[-1], keep=last)
        rows.append(_Row([paragraph(block.caption, caption)]
                         + [""] * (len(columns) - 1), "caption", keep=last))
    # What a heading before the table keeps with: the header and the first group.
    lead = (header_rows + runs[0][1] + 1 if runs and runs[0][0] == 0 else header_rows + 1)
    # A row taller than a page can only be split inside (the longest allowed texts); any
    # other row moves whole, as in the DOCX (whose rows cannot split).
    spec = _Spec(columns, widths, caption, int(bool(layout.tall_rows)),
                 dossier.labels.continued, record, header_rows, lead, block.shaded)
    return _part(rows, spec)


def key_values(rows: tuple[tuple[str, str], ...], width: float, large: bool = False) -> RLTable:
    """Label / value rows without a grid, a thin rule between them."""
    size = 10.5 if large else 9
    data = [[_paragraph(label, "left", True, size), _paragraph(value, "left", False, size)]
            for label, value in rows]
    widths = [width * 0.36, width * 0.64]
    # Only a row taller than a page splits inside (the DOCX's rows move whole).
    tall = any(tall_text(list(zip(row, widths, strict=True)), size) for row in rows)
    result = RLTable(data, colWidths=widths, splitInRow=int(tall),
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


def annex_list(dossier: Dossier, block: AnnexList, width: float,
               pages: dict[str, Flowable] | None = None) -> RLTable:
    """The list of annexes with what the printable package does with each; with
    ``pages`` (in the package: a page number flowable by annex anchor), a last column
    gives the page each bound annex starts on."""
    labels = dossier.labels
    header: list[object] = [_paragraph(text, "left", True) for text in block.header]
    widths = annex_widths(dossier, block.header, width)
    if pages is not None:
        column = max(text_width(block.page_header, CELL_SIZE, bold=True),
                     text_width("0000", CELL_SIZE)) + 2 * CELL_PADDING + 2
        widths = annex_widths(dossier, block.header, width - column) + [column]
        header.append(_paragraph(block.page_header, "right", True))
    data: list[list[object]] = [header]
    for entry in dossier.annexes:
        row: list[object] = [str(entry.number), _paragraph(entry.title, "left", False),
                             _paragraph(entry.kind, "left", False),
                             _paragraph(labels.status_of(entry), "left", False)]
        if pages is not None:
            row.append(pages.get(entry.anchor, ""))
        data.append(row)
    result = RLTable(data, colWidths=widths, repeatRows=1,
                     splitInRow=1,
                     hAlign="LEFT")
    result.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), SANS, CELL_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        # The padding the column widths were measured with (layout.CELL_PADDING).
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return result
