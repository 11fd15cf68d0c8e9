"""A long table splits page by page without rebuilding the rest of it each time."""

from __future__ import annotations

import io

from benchmarks.stress import stress_proposal

from proposalkit.export import pdf_tables
from proposalkit.export.pdf_writer import export_pdf
from tests.export.conftest import dossier_of


def test_each_page_part_is_built_from_about_a_page_of_rows(monkeypatch):
    proposal = stress_proposal(lines=600, partners=20, words=1000)
    dossier = dossier_of(proposal)
    sizes = [len(list(block.rows())) for block in dossier.tables()]
    built: list[int] = []
    real_part = pdf_tables._part

    def counting(rows, spec, heights=None):
        built.append(len(rows))
        return real_part(rows, spec, heights)

    monkeypatch.setattr(pdf_tables, "_part", counting)
    info = export_pdf(dossier, io.BytesIO(), deterministic=True)
    assert info.pages > 20 and max(sizes) > 300
    # Each table is built whole once; every other part (a page's rows, the probe that
    # finds where a page ends, the last page) holds about a page of rows: no part holds
    # the rest of a long table, so the rows built grow with the table, not its square.
    page = 120
    assert len([n for n in built if n > page]) <= len(sizes)
    assert sum(n for n in built if n <= page) < 6 * sum(sizes)
    # The continued labels are still recorded (the DOCX repeats them on the same pages).
    assert any(info.continued.values())


def test_a_heading_keeps_with_the_lead_rows_measured_alone():
    from reportlab.lib.styles import ParagraphStyle

    from proposalkit.export.pdf_keep import lead_height

    proposal = stress_proposal(lines=200, partners=10, words=1000)
    dossier = dossier_of(proposal)
    caption = ParagraphStyle("caption", fontSize=8, spaceBefore=4, spaceAfter=6)
    for block in dossier.tables():
        table = pdf_tables.table(dossier, block, 498.6, caption, [])
        lead = table.pk_lead_rows
        measured = lead_height(table, 498.6)
        if lead < len(table._cellvalues):  # the whole table was not measured for it
            assert not hasattr(table, "_hmax")  # set by reportlab measuring it
        # What the whole table measures for its first rows.
        table.wrap(498.6, 1e6)
        assert measured == float(sum(table._rowHeights[:lead]))
