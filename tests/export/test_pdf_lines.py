"""Our line breaking of plain paragraphs is reportlab's: same lines, same widths left,
same side effects, on random texts, widths and styles; its word widths are bounded."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph as RLParagraph

from proposalkit.export import pdf_lines
from proposalkit.export.fonts import markup, register_fonts
from proposalkit.export.pdf_paragraphs import parsed
from proposalkit.export.pdf_tables import _cell_style
from proposalkit.export.pdf_writer import _styles

WORDS = ["Pôle", "régional", "d'innovation", "1\u202f000\u00a0$", "«\u00a0mot\u00a0»", "€",
         "x", "é", "accompagnement", "entrepreneurs", "W" * 40, "iiiiiiiiiiiiiiiiii",
         "Nord-du-Québec", "ǅ", "—", "(2018-2019)", "soft\xadhyphen"]


def _styles_to_try():
    register_fonts()
    styles = _styles()
    return [styles["body"], styles["note"], styles["bullet"], styles["h1"], styles["toc2"],
            _cell_style("left", False), _cell_style("right", True), _cell_style("center", True)]


@settings(max_examples=250, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
       st.floats(min_value=4, max_value=480), st.floats(min_value=4, max_value=480),
       st.sampled_from(range(8)))
def test_plain_lines_are_reportlab_s(words, first, later, which):
    style = _styles_to_try()[which]
    text = " ".join(words)
    source, frags = parsed(text, style)
    if frags is None:
        return
    bullet = "•" if style.name == "bullet" else None
    ours = RLParagraph(source, style, bulletText=bullet, frags=frags)
    theirs = RLParagraph(markup(text), style, bulletText=bullet)
    our_widths, their_widths = [first, later], [first, later]
    found = pdf_lines.plain_lines(ours, our_widths)
    expected = RLParagraph.breakLines(theirs, their_widths)
    if found is None:  # reportlab's work: a word wider than its line, a soft hyphen
        assert "\xad" in text or any(w[0] > min(first, later) for w in _word_widths(theirs))
        return
    assert found.__dict__ == expected.__dict__
    assert our_widths == their_widths  # a bullet's room taken off the first line alike
    for name in ("_width_max", "height", "_splitLongWordCount", "_hyphenations"):
        assert getattr(ours, name) == getattr(theirs, name)


def _word_widths(para):
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus.paragraph import split

    frag = para.frags[0]  # reportlab's split keeps no-break spaces in their words
    return [(stringWidth(w, frag.fontName, frag.fontSize), w) for w in split(frag.text)]


def test_a_paragraph_in_more_than_one_font_is_reportlab_s():
    style = _styles_to_try()[0]
    for text in ("deux\nlignes", "Nom ᐃᓄᒃᑎᑐᑦ inc.", "R&D"):
        para = RLParagraph(markup(text), style)
        assert pdf_lines.plain_lines(para, [300.0, 300.0]) is None


def test_word_widths_are_reportlab_s_and_bounded():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    assert pdf_lines.word_width("Pôle", "PKSans", 8) == stringWidth("Pôle", "PKSans", 8)
    info = pdf_lines.word_width.cache_info()
    assert info.maxsize == pdf_lines.WORDS_CACHE <= 100_000
