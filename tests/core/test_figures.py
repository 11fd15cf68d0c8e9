"""An indicator's figure typed in the user's language: exact decimals, any sign, at most
four decimals; nothing typed is "not given" (None), never zero."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proposalkit.core.money import MAX_FIGURE, FigureError, parse_figure
from proposalkit.core.plan import figure_text


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("1 234,5", "fr", "1234.5"),
    ("1\u202f234,5", "fr", "1234.5"),
    ("1\u00a0000\u00a0000", "fr", "1000000"),
    ("12,5 %", "fr", "12.5"),
    ("1,234", "fr", "1.234"),        # a decimal comma in French
    ("0,0001", "fr", "0.0001"),
    ("-3", "fr", "-3"),
    ("\u22123,25", "fr", "-3.25"),          # a minus sign
    ("1,234.5", "en", "1234.5"),
    ("1,234", "en", "1234"),         # thousands in English
    ("12.5%", "en", "12.5"),
    ("-0.25", "en", "-0.25"),
    ("1 000", "en", "1000"),
])
def test_figures_in_either_language(text, lang, value):
    assert parse_figure(text, lang) == Decimal(value)


@pytest.mark.parametrize("text", ["", "  ", "—", "–"])
def test_nothing_typed_is_not_given(text):
    assert parse_figure(text, "fr") is None and parse_figure(text, "en") is None


@pytest.mark.parametrize("text", ["beaucoup", "1,23456", "12 34", "1.2.3,4", "1e5",
                                  "10000000000000", "--3", "NaN"])
def test_what_is_not_a_figure_is_refused_in_one_line(text):
    with pytest.raises(FigureError) as caught:
        parse_figure(text, "fr")
    assert caught.value.message("fr").startswith(
        f"«\u202f{text}\u202f» n’est pas un nombre")
    assert "at most 12 digits and 4 decimals" in caught.value.message("en")


@given(st.decimals(min_value=-MAX_FIGURE, max_value=MAX_FIGURE, places=4,
                   allow_nan=False, allow_infinity=False), st.sampled_from(["fr", "en"]))
def test_a_figure_as_shown_reads_back_as_itself(value, lang):
    assert parse_figure(figure_text(value, lang), lang) == value
