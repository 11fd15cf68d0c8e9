"""Column widths shared by the PDF and DOCX writers, measured with the embedded fonts.

Both writers lay a table out on the same text width (Letter less two 2 cm margins), in
the same font (Noto Sans, 8 pt in tables) with the same cell padding, so one measure
serves both: the dossier then breaks the same way in the PDF and in the DOCX as
LibreOffice or Word lay it out.

Figures never wrap: a money column (and any right-aligned column, drawn as one line) is
as wide as its widest formatted value, bold for totals; its header may wrap between
words. The text columns share what is left in proportion to their relative widths, each
at least as wide as its longest word so that a word (or a file name) is never cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from proposalkit.export.fonts import SANS, font_runs, register_fonts
from proposalkit.export.ir import Dossier, Table

#: Points per table cell side (PDF padding; the DOCX template's cell margin, 80 twips).
CELL_PADDING = 4.0
CELL_SIZE = 8.0
#: Letter (8.5 in) less two 2 cm margins, in points; the DOCX's 9972 twips.
TEXT_WIDTH = 9972 / 20
#: The narrowest a column may be (points): its padding and a couple of letters.
FLOOR = 2 * 4.0 + 12
#: The most of the line a single long word may claim for its column.
MAX_WORD_SHARE = 1 / 3
#: LibreOffice sets Noto Sans about 0.08 % narrower than its advance widths (it rounds
#: glyph positions; measured 0.9987 to 0.9995 on the example's lines). The DOCX's text
#: areas (page and table cells) are narrowed by that much so that a line breaks at the
#: same word in LibreOffice as in the PDF.
RENDER_RATIO = 0.9992
#: Rounding room so that a value measured to fit is never a hair too wide in another
#: renderer (LibreOffice and Word round glyph advances differently).
SLACK = 2.0


#: How many measured texts :func:`text_width` remembers: every word of a large dossier's
#: tables (a table is measured word by word, by both writers, the same words over and
#: over), within a few megabytes.
WIDTH_CACHE = 32768


@lru_cache(maxsize=WIDTH_CACHE)
def text_width(text: str, bold: bool = False, size: float = CELL_SIZE) -> float:
    """Width in points of one line of ``text`` in the embedded fonts."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    suffix = "-Bold" if bold else ""
    if text.isascii():
        return stringWidth(text, SANS + suffix, size)
    return sum(stringWidth(run, family + suffix, size) for family, run in font_runs(text))


def _longest_word(text: str, bold: bool) -> float:
    return max((text_width(word, bold) for word in text.replace("\n", " ").split(" ")
                if word), default=0.0)


def fitted_widths(weights: Sequence[float], fixed: Sequence[float | None],
                  minimum: Sequence[float], total: float) -> list[float]:
    """Widths adding up to ``total``: ``fixed`` ones as given, the others sharing the rest
    by ``weights`` but never below their ``minimum`` (which is taken from the widest
    others when the room is short). When the fixed ones alone do not fit, all columns
    are scaled down together."""
    free = [i for i, f in enumerate(fixed) if f is None]
    # A word longer than a third of the line (a pasted URL, a name without spaces) is cut
    # by the renderer anyway: it cannot claim the width of the others.
    minimum = [min(m, total * MAX_WORD_SHARE) for m in minimum]
    widths = [f or 0.0 for f in fixed]
    room = total - sum(widths)
    if not free:
        scale = total / sum(widths) if sum(widths) else 1.0
        return [w * scale for w in widths]
    # Give each free column its share; those below their minimum get the minimum and the
    # rest is shared again among the others.
    pending = list(free)
    while pending:
        share = room / sum(weights[i] for i in pending) if room > 0 else 0.0
        short = [i for i in pending if weights[i] * share < minimum[i]]
        if not short:
            for i in pending:
                widths[i] = weights[i] * share
            break
        for i in short:
            widths[i] = minimum[i]
            room -= minimum[i]
            pending.remove(i)
    spent = sum(widths)
    if spent > total:  # even the minimums do not fit: shrink the text columns only
        text = sum(widths[i] for i in free)
        over = spent - total
        for i in free:
            widths[i] -= over * widths[i] / text if text else 0.0
    # Every column keeps room for a few letters; if that overflows, all shrink together.
    widths = [max(w, FLOOR) for w in widths]
    if sum(widths) > total:
        scale = total / sum(widths)
        widths = [w * scale for w in widths]
    return widths


def docx_width(points: float) -> float:
    """A text area of ``points`` in the PDF, as wide for LibreOffice in the DOCX."""
    return points * RENDER_RATIO


def docx_cell_widths(points: Sequence[float]) -> list[float]:
    """Table columns (points) for the DOCX: each cell's text area scaled like the page's,
    its padding kept."""
    return [(width - 2 * CELL_PADDING) * RENDER_RATIO + 2 * CELL_PADDING for width in points]


def table_widths(dossier: Dossier, block: Table, total: float = TEXT_WIDTH) -> list[float]:
    """The width in points of each column of ``block`` on a text width of ``total``."""
    columns = block.columns
    pad = 2 * CELL_PADDING + SLACK
    fixed: list[float | None] = []
    minimum: list[float] = []
    for index, column in enumerate(columns):
        headers = [row[index] for row in block.header if index < len(row)]
        head = max((_longest_word(text, True) for text in headers), default=0.0)
        if column.money or column.align == "right":
            widest = max((text_width(dossier.cell_text(row.cells[index]),
                                     row.kind in ("subtotal", "total", "group"))
                          for row in block.rows() if index < len(row.cells)
                          and row.kind != "group"), default=0.0)
            fixed.append(max(widest, head) + pad)
            minimum.append(0.0)
        else:
            fixed.append(None)
            words = max((_longest_word(dossier.cell_text(row.cells[index]), True)
                         for row in block.rows() if index < len(row.cells)), default=0.0)
            minimum.append(max(head, words) + pad)
    return fitted_widths([c.width for c in columns], fixed, minimum, total)


def annex_widths(dossier: Dossier, header: Sequence[str],
                 total: float = TEXT_WIDTH) -> list[float]:
    """Columns of the list of annexes: number, document (its title), kind, what the
    package does with it; the status column is as wide as its longest word."""
    numbers = [str(entry.number) for entry in dossier.annexes]
    pad = 2 * CELL_PADDING + SLACK
    number = max([text_width(n) for n in numbers] + [_longest_word(header[0], True)]) + pad
    minimum = [0.0, 0.0, 0.0,
               max(_longest_word(text, False) for text in
                   [*dossier.labels.annex_status.values(), header[3]]) + pad]
    return fitted_widths([0.05, 0.42, 0.28, 0.25], [number, None, None, None], minimum, total)


#: The body's height on a page, in points: Letter less the 2.4 cm top and 2 cm bottom
#: margins (the PDF's frame, the DOCX's text area).
BODY_HEIGHT = 792 - (2.4 + 2) / 2.54 * 72
#: A group of rows taller than this share of a page may split (it could not move whole).
KEEP_SHARE = 0.6


def _lines(text: str, width: float, bold: bool, size: float = CELL_SIZE) -> int:
    # Greedy word wrap, as both renderers do it (within a line's rounding).
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        used = 0.0
        for word in paragraph.split(" "):
            advance = text_width(word + " ", bold, size)
            if used and used + text_width(word, bold, size) > width:
                count += 1
                used = 0.0
            if advance > width > 0:  # a word wider than the column is cut into lines
                extra, used = divmod(advance, width)
                count += int(extra)
                continue
            used += advance
    return count


def row_heights(dossier: Dossier, block: Table, widths: Sequence[float]) -> list[float]:
    """An estimate of each row's height (its tallest cell's lines), in points, for the
    rows of ``block.rows()``."""
    heights = []
    for row in block.rows():
        bold = row.kind in ("subtotal", "total", "group")
        lines = max((_lines(dossier.cell_text(cell), width - 2 * CELL_PADDING, bold)
                     for cell, width in zip(row.cells, widths, strict=False)), default=1)
        heights.append(lines * CELL_SIZE * 1.25 + 5)
    return heights


def tall_text(texts: Sequence[tuple[str, float]], size: float) -> bool:
    """Whether a row of ``(text, column width)`` cells in ``size`` points may be taller
    than half a page (it must then split inside)."""
    lines = max((_lines(text, width - 2 * CELL_PADDING, False, size) for text, width in texts),
                default=1)
    return lines * size * 1.25 > BODY_HEIGHT / 2


def row_groups(block: Table, dossier: Dossier | None = None,
               widths: Sequence[float] | None = None) -> list[tuple[int, int]]:
    """Runs of rows (first, last: indexes into ``block.rows()``) kept on one page.

    A group is a labelled row and the unlabelled rows under it (a revenue source's lines
    and subtotals); the totals stay together with the last row above them, so no total
    is alone at the top of a page. With ``dossier`` and ``widths``, a group too tall to
    move whole to the next page splits where the page ends, but keeps its label with its
    first line and its last row with the one before (no row alone at the bottom or at the
    top of a page); the next page then starts with its label, continued
    (:func:`continued_labels`).
    """
    groups = _groups(block)
    if dossier is None or widths is None:
        return groups
    return _keep_runs(groups, row_heights(dossier, block, widths))


def _keep_runs(groups: list[tuple[int, int]], heights: Sequence[float]) -> list[tuple[int, int]]:
    limit = BODY_HEIGHT * KEEP_SHARE
    runs: list[tuple[int, int]] = []
    for a, b in groups:
        if sum(heights[a:b + 1]) <= limit:
            runs.append((a, b))
            continue
        # Two rows that could not move whole together (a row of a very long text) are
        # left free to split.
        if sum(heights[a:a + 2]) <= limit:
            runs.append((a, a + 1))
        if b - 1 > a + 1 and sum(heights[b - 1:b + 1]) <= limit:
            runs.append((b - 1, b))
    return runs


@dataclass(frozen=True)
class TableLayout:
    """A table laid out on one text width: what a writer needs of it, measured once."""

    #: Each column's width in points (:func:`table_widths`).
    widths: list[float]
    #: Each row's estimated height (:func:`row_heights`), for the rows of ``block.rows()``.
    heights: list[float]
    #: The runs of rows kept on one page (:func:`row_groups` with the heights above).
    runs: list[tuple[int, int]]
    #: Each row's continued label (:func:`continued_labels`).
    labels: list[str | None]

    @property
    def tall_rows(self) -> frozenset[int]:
        """The rows that may be taller than half a page (they must split inside)."""
        return frozenset(i for i, height in enumerate(self.heights)
                         if height > BODY_HEIGHT / 2)


def table_layout(dossier: Dossier, block: Table, total: float = TEXT_WIDTH) -> TableLayout:
    """``block`` laid out on a text width of ``total``: its widths, row heights, kept runs
    and continued labels, each measured once (the same as the functions that give them
    one by one)."""
    widths = table_widths(dossier, block, total)
    heights = row_heights(dossier, block, widths)
    return TableLayout(widths, heights, _keep_runs(_groups(block), heights),
                       continued_labels(block, dossier))


def continued_labels(block: Table, dossier: Dossier) -> list[str | None]:
    """For each row of ``block.rows()``, the label of the group it belongs to when it is
    not the group's first row (a page that starts with it repeats that label, marked as
    continued), else ``None``. Totals belong to no group."""
    out: list[str | None] = []
    label: str | None = None
    for row in block.rows():
        first = dossier.cell_text(row.cells[0]) if row.cells else ""
        if row.kind == "total":
            label = None
        elif row.kind == "group" or (row.kind == "body" and first):
            out.append(None)
            label = first
            continue
        out.append(label)
    return out


def _groups(block: Table) -> list[tuple[int, int]]:
    rows = list(block.rows())
    groups: list[tuple[int, int]] = []
    start = 0
    for index, row in enumerate(rows):
        first = row.cells[0] if row.cells else ""
        labelled = row.kind == "group" or (row.kind == "body" and first not in ("", None))
        if index > start and (labelled or (row.kind == "total"
                                           and rows[index - 1].kind != "total")):
            groups.append((start, index - 1))
            start = index
    if rows:
        groups.append((start, len(rows) - 1))
    if len(groups) > 1 and rows[groups[-1][0]].kind == "total":
        totals = groups.pop()
        before = groups.pop()
        if before[1] > before[0]:
            groups.append((before[0], before[1] - 1))
        groups.append((before[1], totals[1]))
    return groups
