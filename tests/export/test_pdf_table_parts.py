"""The parts of a PDF table skip work reportlab would repeat: the cells' styles are made
once per class of row, the rows' heights measured once, a table measured once per room.
Each gives what reportlab's own way gives."""

from __future__ import annotations

import pytest
from benchmarks.stress import stress_proposal
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from proposalkit.core.example import example_proposal
from proposalkit.export import pdf_tables
from tests.export.conftest import dossier_of

WIDTH = 498.6141732283465
CAPTION = ParagraphStyle("caption", fontSize=8, leading=10, spaceBefore=2, spaceAfter=10)


@pytest.fixture(scope="module")
def tables():
    out = []
    for proposal in (example_proposal(), stress_proposal(lines=120, partners=8, words=800)):
        dossier = dossier_of(proposal)
        out += [pdf_tables.table(dossier, block, WIDTH, CAPTION, [])
                for block in dossier.tables()]
    return out


def _style(cell) -> dict:
    return {name: getattr(cell, name) for name in dir(cell) if not name.startswith("_")
            and name != "name" and not callable(getattr(cell, name))}


def _reportlab_s(table: pdf_tables._LedTable) -> RLTable:
    # The same rows with every command applied by reportlab, cell by cell.
    rows, spec = table.pk_rows, table.pk_spec
    assert rows is not None and spec is not None
    reference = RLTable([list(row.cells) for row in rows], colWidths=spec.widths,
                        repeatRows=spec.header_rows, splitInRow=spec.split_in_row)
    reference.setStyle(TableStyle(pdf_tables._cell_commands(rows, spec)
                                  + pdf_tables._commands(rows, spec)))
    return reference


def test_shared_cell_styles_are_those_reportlab_gives_each_cell(tables):
    assert any(row.kind == "total" for table in tables for row in table.pk_rows)
    assert any(row.kind == "caption" for table in tables for row in table.pk_rows)
    for table in tables:
        reference = _reportlab_s(table)
        for ours, theirs in zip(table._cellStyles, reference._cellStyles, strict=True):
            assert [_style(cell) for cell in ours] == [_style(cell) for cell in theirs]
        for name in ("_linecmds", "_bkgrndcmds", "_spanCmds", "_nosplitCmds"):
            assert getattr(table, name) == getattr(reference, name)


def test_rows_of_a_class_share_one_list_of_styles(tables):
    table = max(tables, key=lambda t: len(t.pk_rows))
    body = [styles for styles, row in zip(table._cellStyles, table.pk_rows, strict=True)
            if row.kind == "body"]
    assert len(body) > 50 and all(styles is body[0] for styles in body)


def test_given_heights_are_the_heights_reportlab_measures(tables):
    for table in tables:
        rows, spec = table.pk_rows, table.pk_spec
        table.wrap(WIDTH, 1e6)
        heights = list(table._rowHeights)
        measured = pdf_tables._part(rows, spec)
        measured.wrap(WIDTH, 1e6)
        assert list(measured._rowHeights) == heights
        known = pdf_tables._part(rows, spec, heights)
        assert known.wrap(WIDTH, 1e6) == measured.wrap(WIDTH, 1e6)
        assert known._rowpositions == measured._rowpositions
        # A row not measured yet (None) is measured.
        partly = pdf_tables._part(rows, spec, [None] + heights[1:])
        partly.wrap(WIDTH, 1e6)
        assert list(partly._rowHeights) == heights


def test_a_table_is_measured_once_per_room(tables, monkeypatch):
    table = max(tables, key=lambda t: len(t.pk_rows))
    fresh = pdf_tables._part(table.pk_rows, table.pk_spec)
    rooms: list[tuple[float, float]] = []
    real = RLTable._calc

    def counted(self, width, height):
        if self is fresh:
            rooms.append((width, height))
        return real(self, width, height)

    monkeypatch.setattr(RLTable, "_calc", counted)
    size = fresh.wrap(WIDTH, 600)
    assert size[1] > 600  # it must split
    assert fresh.wrap(WIDTH, 600) == size
    parts = fresh.split(WIDTH, 600)
    assert len(parts) == 2 and rooms == [(WIDTH, 600)]
    fresh.wrap(WIDTH, 1e6)  # another room: measured again
    assert rooms == [(WIDTH, 600), (WIDTH, 1e6)]
