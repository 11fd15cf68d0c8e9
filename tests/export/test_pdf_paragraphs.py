"""The PDF writer's paragraphs skip reportlab's parser and its repeated line breaking:
each shortcut gives what reportlab itself gives, and its cache is bounded."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph as RLParagraph

from proposalkit.export import pdf_paragraphs
from proposalkit.export.fonts import markup, register_fonts
from proposalkit.export.pdf_paragraphs import LinesOnce, paragraph, parsed
from proposalkit.export.pdf_tables import _cell_style
from proposalkit.export.pdf_writer import _styles

SYLLABICS = "ᐃᓄᒃᑎᑐᑦ"
WORDS = ["Pôle ", "régional", " ", "  ", "\n", "\u202f", "\u00a0", "1 000 $", "&", "<b>",
         "a > b", "&amp;", SYLLABICS, "«", "»", "€", "x", "développement ", "l'économie ",
         "\t", "\u2003", "\u200b", "\x85", "ǅ"]


def _styles_to_try():
    register_fonts()
    styles = _styles()
    return [styles["body"], styles["note"], styles["bullet"], styles["h1"],
            _cell_style("left", False), _cell_style("right", True), _cell_style("left", True, 10)]


def _frags(para: RLParagraph) -> list[dict]:
    return [dict(frag.__dict__) for frag in para.frags]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14).map("".join))
def test_the_fragments_made_without_the_parser_are_the_parser_s(text):
    for style in _styles_to_try():
        source, frags = parsed(text, style)
        expected = RLParagraph(markup(text), style)
        if frags is None:  # a tag, an entity or nothing to show: the parser's work
            assert source == markup(text)
            continue
        made = RLParagraph(source, style, frags=frags)
        assert _frags(made) == _frags(expected)
        assert made.text == expected.text
        assert made.style is expected.style


def test_plain_text_skips_the_parser_and_marked_up_text_does_not():
    style = _cell_style("left", False)
    assert parsed("Salaires et charges sociales", style)[1] is not None
    assert parsed("Pôle régional « 1\u202f000 $ »", style)[1] is not None
    for text in ("R&D", "a < b", "deux\nlignes", f"Nom {SYLLABICS}", "", "   "):
        assert parsed(text, style)[1] is None
    # Each paragraph has fragments of its own.
    one, two = parsed("un", style)[1], parsed("deux", style)[1]
    assert one is not None and two is not None
    assert one[0] is not two[0] and one[0].link is not two[0].link


def test_the_templates_are_bounded():
    info = pdf_paragraphs._template.cache_info()
    assert info.maxsize == pdf_paragraphs.TEMPLATES <= 256
    for style in _styles_to_try():
        parsed("x", style)
    assert pdf_paragraphs._template.cache_info().currsize <= pdf_paragraphs.TEMPLATES


def _lines(para: RLParagraph) -> list:
    lines = para.blPara.lines
    if para.blPara.kind == 0:
        return [(extra, list(words)) for extra, words in lines]
    return [([w.text for w in line.words], line.extraSpace) for line in lines]


LONG = ("Le pôle accompagne les entreprises de la région dans leurs projets d'innovation, "
        "de la première idée à la mise en marché. ") * 12


@pytest.mark.parametrize("text", [LONG, LONG.replace(". ", ".\n", 3), f"{LONG} {SYLLABICS}"])
def test_lines_are_broken_once_per_width_and_are_reportlab_s(text, monkeypatch):
    style = _styles_to_try()[0]
    para = paragraph(text, style)
    calls: list[object] = []
    real = pdf_paragraphs.plain_lines  # called first on each break (None: reportlab's)

    def counted(self, width):
        if self is para:
            calls.append(width)
        return real(self, width)

    monkeypatch.setattr(pdf_paragraphs, "plain_lines", counted)
    for width, breaks in [(400, 1), (400, 1), (250, 2), (250, 2), (400, 3)]:
        size = para.wrap(width, 1e6)
        fresh = RLParagraph(markup(text), style)
        assert size == fresh.wrap(width, 1e6)
        assert _lines(para) == _lines(fresh)
        assert len(calls) == breaks


@pytest.mark.parametrize("text", [LONG, LONG.replace(". ", ".\n", 3)])
def test_the_parts_of_a_split_have_reportlab_s_lines(text, monkeypatch):
    style = _styles_to_try()[0]
    ours = paragraph(text, style)
    theirs = RLParagraph(markup(text), style)
    for para in (ours, theirs):
        para.wrap(400, 1e6)
    height = style.leading * 5.5
    our_parts, their_parts = ours.split(400, height), theirs.split(400, height)
    assert len(our_parts) == len(their_parts) == 2
    breaks: list[object] = []
    real = RLParagraph.breakLines
    monkeypatch.setattr(RLParagraph, "breakLines",
                        lambda self, width: breaks.append(width) or real(self, width))
    for mine, reference in zip(our_parts, their_parts, strict=True):
        assert isinstance(mine, LinesOnce)
        assert mine.wrap(400, 1e6) == reference.wrap(400, 1e6)
        assert _lines(mine) == _lines(reference)
    plain = ours.blPara.kind == 0
    # Our parts of a one-fragment paragraph reuse the whole's lines: only reportlab's
    # parts break theirs.
    assert len(breaks) == (2 if plain else 4)
    if plain:
        # Their words are listed when asked for, and are reportlab's.
        rest = our_parts[1].frags[0]
        assert "_pk_words" not in rest.__dict__
        again = our_parts[1].split(400, height)
        assert len(again) == 2 and "_pk_words" not in rest.__dict__
        for mine, reference in zip(our_parts, their_parts, strict=True):
            assert mine.frags[0].words == reference.frags[0].words
            fields = {k: v for k, v in mine.frags[0].__dict__.items() if k[:3] != "_pk"}
            assert fields == {k: v for k, v in reference.frags[0].__dict__.items()
                              if k != "words"}


def test_a_paragraph_refused_by_a_page_keeps_its_lines_for_the_next():
    style = _styles_to_try()[0]
    para = paragraph(LONG, style)
    size = para.wrap(400, 1e6)
    lines = para.blPara
    assert para.split(400, style.leading * 1.5) == []  # an orphan: it moves on whole
    assert "blPara" not in para.__dict__
    assert para.wrap(400, 1e6) == size and para.blPara is lines
