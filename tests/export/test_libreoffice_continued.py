"""A group too tall for one page: every page that continues it starts, under the
repeated header, with its label marked as continued, in the PDF and in the DOCX as
LibreOffice lays it out; no row of it is left alone on a page; the table of contents
still gives the right pages.

The proposal is the example with its federal revenue split into 120 lines (one source,
three pages of the revenue table)."""

from __future__ import annotations

import io
import subprocess

import pytest

from proposalkit.core.budget import summarize
from proposalkit.export.pdf_writer import export_pdf
from tests.export.conftest import dossier_of, flat, program
from tests.export.test_libreoffice import PDFTOTEXT, _check_layout, needs_tools

LINES = 120


@pytest.fixture(scope="module")
def long_group():
    """The example with its federal line split into 120 lines (the same amounts)."""
    from proposalkit.core.example import example_proposal

    proposal = example_proposal()
    revenues = proposal.budget.revenues
    index = next(i for i, line in enumerate(revenues) if line.source == "federal")
    federal = revenues[index]
    lines = []
    for number in range(1, LINES + 1):
        line = federal.model_copy(deep=True)
        line.description = f"Federal line {number}"
        line.amounts = [amount / LINES for amount in federal.amounts]
        lines.append(line)
    revenues[index:index + 1] = lines
    return proposal


def _pack():
    """The hub's pack without the financing plan: its table lists the same 120 lines
    (under a label of its own), and this checks the revenues table alone."""
    from proposalkit.core.program import Parts

    return program().model_copy(update={"parts": Parts(financing_plan=False)})


def _label(dossier) -> str:
    table = next(t for t in dossier.tables() if t.name == "budget-revenues")
    row = next(r for r in table.body if r.cells[1] == "Federal line 1")
    return dossier.labels.continued.format(label=row.cells[0])


def _pages(pdf: bytes) -> list[str]:
    """Each page's text as laid out (line by line, top to bottom), its runs of spaces as
    one."""
    text = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    return [flat(page) for page in text.split("\f")]


def _check_continued(pdf: bytes, dossier) -> int:
    """Checks the pages of ``pdf``; returns how many continue the group."""
    label = flat(_label(dossier))
    table = next(t for t in dossier.tables() if t.name == "budget-revenues")
    # The header's last line (the last year's dates, in the row under the titles).
    header = " ".join(flat(table.header[-1][-2]).split()[-2:])
    group = [n for n, page in enumerate(_pages(pdf), 1) if "Federal line " in page]
    assert len(group) >= 3, group  # the group runs over three pages at least
    for number in group[1:]:
        page = _pages(pdf)[number - 1]
        # The label continued comes right before the page's first line of the group,
        # and right after the repeated header.
        start = page.index("Federal line ")
        assert page.count(label) == 1, (number, page[:400])
        at = page.index(label)
        assert at < start and not page[at + len(label):start].strip(), (number, page[:400])
        assert page[:at].rstrip().endswith(header), (number, page[:400])
    for number in group:
        page = _pages(pdf)[number - 1]
        # No row of the group alone on a page: at least two of its lines (or one and
        # the subtotal) on each.
        rows = page.count("Federal line ") + (number == group[-1])
        assert rows >= 2, (number, rows)
    # The first page of the group shows the label itself, not continued.
    assert label not in _pages(pdf)[group[0] - 1]
    return len(group) - 1


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler's pdftotext is missing")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_repeats_the_label_of_a_group_that_runs_onto_the_next_pages(long_group, lang):
    dossier = dossier_of(long_group, lang, _pack())
    out = io.BytesIO()
    info = export_pdf(dossier, out, deterministic=True)
    continued = _check_continued(out.getvalue(), dossier)
    # The pages record where the label was repeated (what the DOCX is cut by).
    assert sum(len(rows) for rows in info.continued.values()) == continued
    suffix = " (suite)" if lang == "fr" else " (continued)"
    assert _label(dossier).endswith(suffix)


@needs_tools
def test_libreoffice_repeats_the_label_where_the_pdf_does(long_group, tmp_path):
    dossier = dossier_of(long_group, "fr", _pack())
    # The TOC's pages, every total whole, no heading ending a page: as for the example.
    _check_layout(dossier, summarize(program(), long_group), tmp_path)
    converted = (tmp_path / "dossier.pdf").read_bytes()
    pdf = io.BytesIO()
    export_pdf(dossier, pdf, deterministic=True)
    assert _check_continued(converted, dossier) == _check_continued(pdf.getvalue(), dossier)
    # Page for page, the group's lines are where the PDF has them.
    assert [page.count("Federal line ") for page in _pages(converted)] == [
        page.count("Federal line ") for page in _pages(pdf.getvalue())]


def _table(lines: int):
    from decimal import Decimal

    from proposalkit.export.ir import Column, Row, Table

    body = [Row(("Federal", f"line {n}", Decimal(10))) for n in range(1, lines + 1)]
    body = [body[0]] + [Row(("", *row.cells[1:])) for row in body[1:]]
    body.append(Row(("", "Subtotal", Decimal(10 * lines)), "subtotal"))
    body.append(Row(("Municipal", "one", Decimal(5))))
    return Table((Column(), Column(), Column(money=True)), (("Source", "Item", "Amount"),),
                 tuple(body), (Row(("Total", "", Decimal(10 * lines + 5)), "total"),))


@pytest.mark.parametrize("lines", [3, 80])
def test_a_group_keeps_whole_or_keeps_its_label_and_its_end_in_company(long_group, lines):
    from proposalkit.export.layout import continued_labels, row_groups, table_widths

    dossier = dossier_of(long_group, "en")
    block = _table(lines)
    runs = row_groups(block, dossier, table_widths(dossier, block))
    subtotal = lines
    if lines == 3:  # fits a page: moves whole
        assert (0, subtotal) in runs
    else:  # too tall: its label with its first line, its last line with its subtotal
        assert (0, 1) in runs and (subtotal - 1, subtotal) in runs
        assert not any(a <= 2 <= b for a, b in runs)  # free to split in between
    labels = continued_labels(block, dossier)
    # Every row but the group's first continues it; the next source and the totals not.
    assert labels[0] is None and set(labels[1:subtotal + 1]) == {"Federal"}
    assert labels[subtotal + 1:] == [None, None]
