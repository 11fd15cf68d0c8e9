"""The export's measuring caches: each gives what the measure it stands for gives, and
each is bounded (a dossier of any size measures within a fixed amount of memory)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proposalkit.core.example import example_proposal
from proposalkit.core.money import format_amount
from proposalkit.core.typography import narrow_groups
from proposalkit.export import fonts, ir, layout
from proposalkit.export.ir import Table
from tests.export.conftest import dossier_of

SYLLABICS = "ᐃᓄᒃᑎᑐᑦ"


@pytest.fixture(scope="module")
def dossier():
    return dossier_of(example_proposal())


def _runs_one_by_one(text: str) -> list[tuple[str, str]]:
    # font_runs as it was before its cache and its one-font shortcut: character by
    # character, spaces staying with the run they are in.
    found = fonts.register_fonts()
    runs: list[tuple[str, str]] = []
    current, start = found.families[0], 0
    for index, char in enumerate(text):
        if char.isspace():
            continue
        family = found.family_for(char)
        if family != current:
            if index > start:
                runs.append((current, text[start:index]))
            current, start = family, index
    if start < len(text):
        runs.append((current, text[start:]))
    return runs


@given(st.lists(st.sampled_from(["Pôle ", "régional", " ", "\n", "\u202f", "1 000 $", "\t",
                                 SYLLABICS, "ᐃ ", "«", "»", "€", "\u2003", "ǅ", "x"]),
                max_size=12).map("".join))
def test_font_runs_match_the_character_by_character_cut(text):
    assert list(fonts.font_runs(text)) == _runs_one_by_one(text)
    assert fonts.needs_fallback(text) == any(
        ord(c) not in fonts.register_fonts().coverage[0] and not c.isspace() for c in text)


def test_font_runs_of_plain_and_mixed_text():
    assert fonts.font_runs("") == ()
    assert fonts.font_runs("Café « 1 000 $ »") == ((fonts.SANS, "Café « 1 000 $ »"),)
    assert fonts.font_runs(f"Nom {SYLLABICS} inc.") == (
        (fonts.SANS, "Nom "), (fonts.SYLLABICS, f"{SYLLABICS} "), (fonts.SANS, "inc."))


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


def test_amount_text_is_the_formatted_amount_and_equal_values_share_it():
    for lang in ("fr", "en"):
        for value in (Decimal("1234567.891"), Decimal("-0.004"), Decimal(0), Decimal("12.5")):
            assert ir.amount_text(value, lang) == narrow_groups(format_amount(value, lang), lang)
        assert ir.amount_text(Decimal("1"), lang) == ir.amount_text(Decimal("1.000"), lang)


def test_cell_text_still_refuses_what_is_not_a_number(dossier):
    from proposalkit.core.money import AmountError

    with pytest.raises(AmountError):
        dossier.cell_text(Decimal("NaN"))
    with pytest.raises(AmountError):
        dossier.cell_text(Decimal("sNaN"))


def test_caches_are_bounded():
    assert layout.text_width.cache_info().maxsize == layout.WIDTH_CACHE <= 50_000
    assert fonts.font_runs.cache_info().maxsize == fonts.RUNS_CACHE <= 50_000
    assert ir.amount_text.cache_info().maxsize == ir.AMOUNT_CACHE <= 50_000
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


def test_a_cell_paragraph_breaks_its_lines_once_per_width():
    from proposalkit.export.pdf_tables import _paragraph

    cell = _paragraph("Accompagnement des entreprises en démarrage " * 4, "left", False)
    calls = []
    original = type(cell).breakLines

    def counted(self, widths):
        calls.append(widths)
        return original(self, widths)

    type(cell).breakLines = counted
    try:
        wide = cell.wrap(400, 1000)
        assert cell.wrap(400, 50) == wide and len(calls) == 1
        narrow = cell.wrap(100, 1000)
        assert narrow[1] > wide[1] and len(calls) == 2
        assert cell.wrap(400, 1000) == wide and len(calls) == 3
        assert len(cell.blPara.lines) == wide[1] / cell.style.leading
    finally:
        del type(cell).breakLines


def test_a_cell_paragraph_refused_by_a_page_breaks_its_lines_again():
    # reportlab's split deletes the lines of a paragraph that cannot start on the page
    # (an orphan); the next wrap at the same width must break them again, or drawing it
    # fails ("no attribute 'blPara'": the annex fuzz found it in a package's annex list).
    from proposalkit.export.pdf_tables import _paragraph

    cell = _paragraph("Entente de contribution — Développement économique Canada " * 3,
                      "left", False)
    size = cell.wrap(120, 1000)
    assert cell.split(120, cell.style.leading * 1.5) == []
    assert "blPara" not in cell.__dict__
    assert cell.wrap(120, 1000) == size and cell.blPara.lines
