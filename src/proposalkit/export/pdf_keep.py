"""Keep-with-next in the PDF the way Word and LibreOffice apply it to the DOCX.

reportlab's ``keepWithNext`` binds a heading to the *whole* next flowable: a heading
before a long table moves, with the table, to the next page. Word and LibreOffice keep a
heading with the *start* of what follows (its first two lines, a table's header and first
rows) and let the rest run on. Both outputs must paginate alike (the DOCX's table of
contents carries the PDF's page numbers), so the PDF does it their way: before each run
of keep-with-next flowables, a :class:`~reportlab.platypus.CondPageBreak` asks for the
room of that run plus the lead of the next flowable, and the flowables themselves no
longer keep with the next.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

_BIG = 1e6


class _KeepBreak(CondPageBreak):
    """A conditional page break that passes the space after the flowable before it on
    (reportlab overlaps a space after with the next space before, as LibreOffice does;
    a plain break in between would make them add up)."""

    _SPACETRANSFER = True


def _keeps(flowable: Flowable) -> bool:
    return bool(flowable.getKeepWithNext())


def lead_height(flowable: Flowable, width: float) -> float:
    """The least part of ``flowable`` that must share a page with what keeps with it: a
    table's header and first group of rows, a paragraph's first two lines (all of a
    paragraph of three lines or fewer, which cannot split without a widow or an orphan),
    anything else whole."""
    if isinstance(flowable, RLTable):
        measure = getattr(flowable, "pk_lead_height", None)
        if measure is not None:  # our tables measure their first rows alone
            return float(measure(width))
        flowable.wrap(width, _BIG)
        rows = getattr(flowable, "pk_lead_rows", flowable.repeatRows + 1)
        return float(sum(getattr(flowable, "_rowHeights", [])[:rows]))
    _width, height = flowable.wrap(width, _BIG)
    if isinstance(flowable, RLParagraph):
        lines = len(getattr(getattr(flowable, "blPara", None), "lines", ()))
        if lines > 3:
            return 2 * flowable.style.leading
    return float(height)


def keep_with_next(story: list[Flowable], width: float) -> list[Flowable]:
    """``story`` with Word's keep-with-next: a conditional page break before each run of
    flowables that keep with the next, asking for the run and the next one's lead."""
    out: list[Flowable] = []
    index = 0
    while index < len(story):
        if not _keeps(story[index]):
            out.append(story[index])
            index += 1
            continue
        end = index
        needed = 0.0
        while end < len(story) and _keeps(story[end]):
            flowable = story[end]
            _w, height = flowable.wrap(width, _BIG)
            needed += flowable.getSpaceBefore() + height + flowable.getSpaceAfter()
            end += 1
        if end < len(story):
            following = story[end]
            needed += following.getSpaceBefore() + lead_height(following, width)
        out.append(_KeepBreak(needed))
        for flowable in story[index:end]:
            flowable.keepWithNext = 0  # the break above does the keeping
            out.append(flowable)
        index = end
    return out
