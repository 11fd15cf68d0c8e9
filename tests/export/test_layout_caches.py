"""The export's measuring caches: each gives what the measure it stands for gives, and
each is bounded (a dossier of any size measures within a fixed amount of memory)."""

from __future__ import annotations

import pytest

from proposalkit.core.example import example_proposal
from proposalkit.export import fonts, layout
from proposalkit.export.ir import Table
from tests.export.conftest import dossier_of

SYLLABICS = "ᐃᓄᒃᑎᑐᑦ"


@pytest.fixture(scope="module")
def dossier():
    return dossier_of(example_proposal())


def test_text_width_is_reportlab_s_measure_remembered():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts.register_fonts()
    for text, bold, size in [("Salaires", False, 8.0), ("Total", True, 8.0),
                             ("1\u202f000,00", True, 9.0), (f"A {SYLLABICS}", False, 8.0)]:
        suffix = "-Bold" if bold else ""
        expected = sum(stringWidth(run, family + suffix, size)
                       for family, run in fonts.font_runs(text))
        assert layout.text_width(text, bold, size) == expected
        assert layout.text_width(text, bold, size) == expected  # from the cache


def test_caches_are_bounded():
    assert layout.text_width.cache_info().maxsize == layout.WIDTH_CACHE <= 50_000
    before = layout.text_width.cache_info()
    for number in range(layout.WIDTH_CACHE + 10):
        layout.text_width(f"w{number}")
    after = layout.text_width.cache_info()
    assert after.currsize == layout.WIDTH_CACHE
    assert after.misses >= before.misses + 10  # the oldest went, the newest came in


def test_table_layout_is_each_measure_once(dossier):
    tables = [block for block in dossier.blocks if isinstance(block, Table)]
    assert len(tables) > 10
    for block in tables:
        for total in (layout.TEXT_WIDTH, 498.6141732283465):
            found = layout.table_layout(dossier, block, total)
            widths = layout.table_widths(dossier, block, total)
            heights = layout.row_heights(dossier, block, widths)
            assert found.widths == widths
            assert found.heights == heights
            assert found.runs == layout.row_groups(block, dossier, widths)
            assert found.labels == layout.continued_labels(block, dossier)
            assert found.tall_rows == {i for i, h in enumerate(heights)
                                       if h > layout.BODY_HEIGHT / 2}
